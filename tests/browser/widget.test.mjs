// The widget on someone else's page (docs/embedding.md): isolated both ways from a
// hostile stylesheet, independent instances, every documented attribute, the events a
// host hears, the iframe alternative, a copy under a sub-path, and axe inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, launchBrowser, openApp, assertClean, expectText, DIST, AXE_PATH, useServerAndBrowser, recordFontWarmUp, fontCount, fontsUsed, holdRequests } from './helpers.mjs';
import { bundleOf } from '../../scripts/parts-list.mjs';

const env = useServerAndBrowser();

/** Opens a page of dist/ and records what a test asserts on, as helpers.openApp does. */
async function open(url, { width = 1200, height = 900, locale = 'en-US', before } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const seen = { consoleErrors: [], pageErrors: [], foreignRequests: [], events: [] };
  page.on('console', (m) => { if (m.type() === 'error') seen.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) seen.foreignRequests.push(r.url()); });
  await page.exposeFunction('recordEvent', (e) => seen.events.push(e));
  await page.addInitScript(() => {
    for (const name of ['licalc-change', 'licalc-ready', 'licalc-error']) {
      document.addEventListener(name, (e) => window.recordEvent({ name, id: e.target.id, detail: e.detail, at: performance.now() }), true);
    }
  });
  await before?.(page); // routes, set before the page loads
  await page.goto(url);
  return { page, context, seen };
}

const host = async (opts) => {
  const app = await open(env.server.url + 'example-host.html', opts);
  await app.page.locator('#first').getByLabel('How many users?').waitFor({ timeout: 20000 });
  await app.page.locator('#second').getByLabel('How many users?').waitFor({ timeout: 20000 });
  return app;
};

/** The latest licalc-change of one widget, once it satisfies `ok`. */
async function lastChange(page, seen, id, ok = () => true) {
  await page.waitForFunction(() => true);
  for (let i = 0; i < 100; i++) {
    const e = seen.events.filter((x) => x.name === 'licalc-change' && x.id === id).at(-1);
    if (e && ok(e.detail)) return e.detail;
    await page.waitForTimeout(50);
  }
  assert.fail(`no matching licalc-change from #${id}: ${JSON.stringify(seen.events.filter((x) => x.id === id).at(-1))}`);
}

/** The page's resource timing entries whose URL matches `re`, as JSON. */
const resources = (page, re) => page.evaluate((source) => performance.getEntriesByType('resource')
  .filter((e) => new RegExp(source).test(e.name)).map((e) => e.toJSON()), re.source);
// A part comes as one bundle when most of its files are to come (scripts/split-wasm.mjs).
const READER = /\/licalc-widget-[0-9a-f]+-reader\.(wasm|bundle)$/;
const LINK = /\/licalc-widget-[0-9a-f]+-link\.(wasm|bundle)$/;
const EXPLAIN = /\/licalc-widget-[0-9a-f]+-explain\.(wasm|bundle)$/;
const INFLATE = /\/licalc-widget-[0-9a-f]+-inflate\.(wasm|bundle)$/;
/** Any file split off the widget's wasm (the main one is `…_bg.wasm`), or a bundle of them. */
const PART = /\/licalc-widget-[0-9a-f]+-\w+\.(wasm|bundle)$/;

const style = (locator, prop) => locator.evaluate((el, p) => getComputedStyle(el)[p], prop);

test('the host page keeps its hostile styles and the widgets keep theirs', async () => {
  const { page, context, seen } = await host();
  // The host's rules hold on the host...
  assert.equal(await style(page.locator('h1'), 'fontSize'), '40px');
  assert.equal(await style(page.locator('h1'), 'textTransform'), 'uppercase');
  assert.equal(await style(page.locator('#log'), 'paddingTop'), '50px');
  // Nor of the host's globals: the loader's head start for Intl patches nothing.
  assert.equal(await page.evaluate(() => /\[native code\]/.test(String(WebAssembly.instantiateStreaming))), true);
  // ...and nothing of them inside a widget.
  const w = page.locator('#first');
  const root = w.locator('.licalc');
  assert.equal(await style(root, 'display'), 'block');
  assert.equal(await style(root, 'fontSize'), '16px');
  assert.equal(await style(root, 'textTransform'), 'none');
  assert.equal(await style(root, 'letterSpacing'), 'normal');
  assert.match(await style(root, 'fontFamily'), /system-ui/);
  const users = w.getByLabel('How many users?');
  assert.notEqual(await style(users, 'display'), 'none');
  assert.equal(await style(w.locator('.answer'), 'display'), 'block');
  assert.notEqual(await style(w.locator('div.customer-layout'), 'paddingTop'), '50px');
  assert.equal(await style(w.getByRole('heading', { name: 'Your answer' }), 'marginTop') === '80px', false);
  // The widget sizes to its content: no inner scrollbar.
  const box = await w.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, overflow: getComputedStyle(el).overflowY }));
  assert.ok(box.scroll <= box.client + 1, `no inner scroll: ${JSON.stringify(box)}`);
  // Host theming hooks reach in: the second widget's accent and font.
  assert.match(await style(page.locator('#second .licalc'), 'fontFamily'), /Georgia/);
  assertClean(assert, seen);
  await context.close();
});

test('two widgets are independent and each tells the host its totals (licalc-change)', async () => {
  const { page, context, seen } = await host();
  const first = page.locator('#first');
  await first.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await first.getByLabel('How many users?').fill('100');
  // 100 x 10.00 x 12 on MOSP; the EA is a what-if without an agreement.
  await expectText(assert, first.getByLabel('MOSP first year', { exact: true }), '$12,000.00');
  const d = await lastChange(page, seen, 'first', (x) => x.paths.mosp.first_year === '12000.00');
  assert.equal(d.currency, 'USD');
  assert.equal(d.paths.mosp.first_month, '1000.00');
  assert.equal(d.paths.mosp.horizon, '36000.00');
  assert.equal(d.paths.ea.available, false);
  assert.equal(d.choose, 'mosp');
  assert.match(d.link, /^#q=1[A-Za-z0-9_-]+$/);
  // The other widget did not change, and the host's own log heard the first.
  assert.equal(await page.locator('#second').getByLabel('How many users?').inputValue(), '0');
  await expectText(assert, page.locator('#log'), 'first: choose mosp; MOSP first year 12000.00');
  // The link it reports reopens the same quote in a widget (the quote attribute).
  await page.evaluate((link) => document.querySelector('#second').setAttribute('quote', link), d.link);
  const again = await lastChange(page, seen, 'second', (x) => x.paths.mosp.first_year === '12000.00');
  assert.equal(again.paths.mosp.horizon, '36000.00');
  assert.deepEqual(seen.events.filter((e) => e.name === 'licalc-ready').map((e) => e.id).sort(), ['first', 'second']);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).length + Object.keys(sessionStorage).length), 0, 'no storage touched');
  assert.equal(new URL(page.url()).hash, '', 'the host URL untouched');
  assertClean(assert, seen);
  await context.close();
});

test('on a page with two widgets, the first is drawn before the second mounts (one mount per frame), and the second still mounts with its own settings', async () => {
  const { page, context, seen } = await host({
    // Frames counted from the first: a widget's licalc-ready notes the frames drawn so far.
    before: (p) => p.addInitScript(() => {
      window.__frames = 0;
      window.__readyAt = [];
      const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      document.addEventListener('licalc-ready', (e) => window.__readyAt.push([e.target.id, window.__frames]), true);
    }),
  });
  const readyAt = await page.evaluate(() => window.__readyAt);
  assert.deepEqual(readyAt.map(([id]) => id), ['first', 'second']);
  assert.ok(readyAt[1][1] > readyAt[0][1], `a frame between the two mounts: ${JSON.stringify(readyAt)}`);
  // The second's attributes, read at its mount, all apply (services, locale, compact).
  const second = page.locator('#second');
  assert.equal(await second.getByRole('checkbox').count(), 2);
  await expectText(assert, second.getByRole('button', { name: 'See details' }), 'See details');
  assertClean(assert, seen);
  await context.close();
});

test("each widget's first build has its settings: when it says licalc-ready it shows them, and nothing of it is built again before its first frame", async () => {
  const { page, context, seen } = await host({
    before: (p) => p.addInitScript(() => {
      window.__atReady = {};
      document.addEventListener('licalc-ready', (e) => {
        const root = e.target.shadowRoot;
        const snap = {
          region: root.querySelector('[role="region"]')?.getAttribute('aria-label'),
          services: [...root.querySelectorAll('input[type="checkbox"]')].length,
          link: root.querySelector('.next-step a')?.getAttribute('href') ?? null,
          nextStep: root.querySelector('.next-step')?.textContent ?? null,
          details: [...root.querySelectorAll('button')].some((b) => b.textContent.trim() === 'See details'),
          text: root.textContent,
          removed: 0,
        };
        window.__atReady[e.target.id] = snap;
        // Nodes taken out of its view before the next frame: a second build of a part.
        const watch = new MutationObserver((records) => {
          for (const r of records) snap.removed += r.removedNodes.length;
        });
        watch.observe(root, { subtree: true, childList: true });
        requestAnimationFrame(() => {
          for (const r of watch.takeRecords()) snap.removed += r.removedNodes.length;
          watch.disconnect();
          snap.framed = true;
        });
      }, true);
    }),
  });
  await page.waitForFunction(() => window.__atReady.first?.framed && window.__atReady.second?.framed);
  const at = await page.evaluate(() => window.__atReady);
  // #first: partner-name and partner-link; its label is the default one.
  assert.equal(at.first.region, 'Licensing calculator');
  assert.equal(at.first.link, 'https://example.com/contact');
  assert.match(at.first.nextStep, /Northwind IT/);
  assert.equal(at.first.details, false);
  // #second: services, compact (details behind a toggle, so no next step shown), numbered label.
  assert.equal(at.second.region, 'Licensing calculator 2');
  assert.equal(at.second.services, 2);
  assert.equal(at.second.details, true);
  assert.equal(at.second.nextStep, null);
  // The locale: #second's prices in German format (de-DE), #first's in American.
  assert.match(at.second.text, /11,00\s*\$/);
  assert.match(at.first.text, /\$11\.00/);
  for (const id of ['first', 'second']) assert.equal(at[id].removed, 0, `#${id}: nodes rebuilt before its first frame`);
  assertClean(assert, seen);
  await context.close();
});

test("an attribute the host changes when it hears licalc-ready applies, as one changed later does", async () => {
  const { page, context, seen } = await host({
    before: (p) => p.addInitScript(() => {
      document.addEventListener('licalc-ready', (e) => {
        if (e.target.id === 'first') e.target.setAttribute('partner-name', 'Fabrikam Cloud');
        if (e.target.id === 'second') e.target.removeAttribute('compact');
      }, true);
    }),
  });
  await expectText(assert, page.locator('#first .next-step'), 'Talk to Fabrikam Cloud');
  await page.locator('#second').getByRole('heading', { name: 'Next step' }).waitFor();
  assert.equal(await page.locator('#second').getByRole('button', { name: 'See details' }).count(), 0);
  assertClean(assert, seen);
  await context.close();
});

test('a page that draws no frames (hidden, or its animation frames held back) still mounts every widget', async () => {
  for (const hold of [
    // Hidden: the loader does not wait for a frame at all.
    () => Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden' }),
    // Visible, but no animation frame ever comes (a tab hidden just after the check):
    // the loader's fallback goes on without one.
    () => { window.requestAnimationFrame = () => 0; },
  ]) {
    const { context, seen } = await host({ before: (p) => p.addInitScript(hold) });
    assert.deepEqual(seen.events.filter((e) => e.name === 'licalc-ready').map((e) => e.id), ['first', 'second']);
    assertClean(assert, seen);
    await context.close();
  }
});

/** A browser that fetches the lean build's wasm instead of inflating the copy in
 *  licalc-widget.js (as for the full build's, which mode partner loads). */
const fetchesTheWasm = () => { delete window.DecompressionStream; };

/** The lean build's wasm as licalc-widget.js carries it (base64 of its gzip), inflated. */
async function carriedWasm() {
  const loader = await readFile(join(DIST, 'licalc-widget.js'), 'utf8');
  const base64 = loader.match(/["'`]((?:[A-Za-z0-9+/]{76})+[A-Za-z0-9+/=]*)["'`]/)?.[1];
  assert.ok(base64, 'licalc-widget.js carries a base64 string');
  return gunzipSync(Buffer.from(base64, 'base64'));
}

test("a host page's widgets need one request after the page, licalc-widget.js, which carries the lean build's JS and wasm (decoded with or without Uint8Array.fromBase64); a browser without DecompressionStream fetches the wasm's own file, the same bytes", async () => {
  const mainWasm = /\/licalc-widget-[0-9a-f]+_bg\.wasm$/;
  const widgetFile = (u) => /\/licalc-widget[^/]*$/.test(new URL(u).pathname);
  // The bytes carried are the wasm file's, byte for byte (the fallback runs the same build).
  const file = (await readdir(DIST)).find((f) => /^licalc-widget-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.ok(file, "the lean build's wasm file is in dist/");
  assert.ok((await carriedWasm()).equals(await readFile(join(DIST, file))), "the carried wasm is the file's");
  for (const [name, before] of [
    ['carried', undefined],
    // A browser without Uint8Array.fromBase64 (Chrome before 140) decodes it with atob.
    ['carried', (p) => p.addInitScript(() => { delete Uint8Array.fromBase64; })],
    ['fetched', (p) => p.addInitScript(fetchesTheWasm)],
  ]) {
    const asked = [];
    const { page, context, seen } = await host({ before: async (p) => { p.on('request', (r) => asked.push(r.url())); await before?.(p); } });
    const widgetAsked = asked.filter(widgetFile).map((u) => new URL(u).pathname.split('/').pop());
    if (name === 'carried') {
      assert.deepEqual(widgetAsked, ['licalc-widget.js'], `the widget's files asked for: ${widgetAsked.join(', ')}`);
    } else {
      assert.equal(widgetAsked.length, 2, `the loader, then the wasm: ${widgetAsked.join(', ')}`);
      assert.match(asked.find(widgetFile) ?? '', /\/licalc-widget\.js$/);
      assert.ok(asked.some((u) => mainWasm.test(u)), `the wasm's file: ${widgetAsked.join(', ')}`);
    }
    // Either way both widgets work: an edit gives a figure.
    await page.locator('#first').getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
    await page.locator('#first').getByLabel('How many users?').fill('100');
    await lastChange(page, seen, 'first', (x) => x.paths.mosp.first_year === '12000.00');
    assertClean(assert, seen);
    await context.close();
  }
});

test("a build's wasm that is fetched (without DecompressionStream, or the full build's) is requested before the widget's stylesheet is parsed, which would hold the request back", async () => {
  // Each in order: the fetches the loader starts and the stylesheet's parse.
  const order = () => {
    window.__order = [];
    const fetch = window.fetch;
    window.fetch = function (input, init) {
      window.__order.push(`fetch ${String(input?.url ?? input).split('/').pop()}`);
      return fetch.call(this, input, init);
    };
    const replaceSync = CSSStyleSheet.prototype.replaceSync;
    CSSStyleSheet.prototype.replaceSync = function (text) {
      window.__order.push('stylesheet');
      return replaceSync.call(this, text);
    };
  };
  const { page, context, seen } = await host({ before: async (p) => { await p.addInitScript(fetchesTheWasm); await p.addInitScript(order); } });
  const seenOrder = await page.evaluate(() => window.__order);
  const wasm = seenOrder.findIndex((x) => /^fetch licalc-widget-[0-9a-f]+_bg\.wasm$/.test(x));
  assert.ok(wasm >= 0, `the wasm is fetched: ${seenOrder.join(', ')}`);
  assert.ok(wasm < seenOrder.indexOf('stylesheet'), `the wasm first: ${seenOrder.join(', ')}`);
  assertClean(assert, seen);
  await context.close();
});

test("the link in licalc-change is compressed by the browser, or without its CompressionStream stored uncompressed: either reopens the quote in a widget (inflated by the browser, or without its DecompressionStream by the engine's inflater) and in the app", async () => {
  const links = {};
  const without = () => { delete window.CompressionStream; delete window.DecompressionStream; };
  for (const [name, before] of [['deflated', undefined], ['stored', (page) => page.addInitScript(without)]]) {
    const { page, context, seen } = await host({ before });
    const first = page.locator('#first');
    await first.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
    await first.getByLabel('How many users?').fill('100');
    const d = await lastChange(page, seen, 'first', (x) => x.paths.mosp.first_year === '12000.00');
    assert.match(d.link, /^#q=1[A-Za-z0-9_-]+$/);
    links[name] = d.link;
    await page.evaluate((link) => document.querySelector('#second').setAttribute('quote', link), d.link);
    const again = await lastChange(page, seen, 'second', (x) => x.paths.mosp.first_year === '12000.00');
    assert.equal(again.paths.mosp.horizon, '36000.00');
    assert.equal(again.link, d.link, `${name}: the reopened quote gives the same link`);
    assert.equal((await resources(page, INFLATE)).length, name === 'stored' ? 1 : 0, `${name}: the engine's inflater only without the browser's`);
    assertClean(assert, seen);
    await context.close();
  }
  assert.ok(links.stored.length > links.deflated.length, JSON.stringify(links));
  // The app's own decoder opens both (customer mode: its answer's first-year figure).
  for (const link of Object.values(links)) {
    const { page, context, seen } = await openApp(env.browser, env.server.url, { hash: link });
    await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$12,000.00');
    assertClean(assert, seen);
    await context.close();
  }
});

test('every documented attribute does what it says, also when changed after load', async () => {
  const { page, context, seen } = await host();
  const second = page.locator('#second');
  // services: only those offered.
  const offered = await second.getByRole('checkbox').evaluateAll((els) => els.map((e) => e.labels[0].textContent));
  assert.equal(offered.length, 2);
  assert.ok(offered[0].startsWith('Windows Intune') || offered[1].startsWith('Windows Intune'));
  // locale de-DE: German number format.
  await second.getByRole('checkbox', { name: /^Windows Intune/ }).check();
  await second.getByLabel('How many PCs?').fill('100');
  await expectText(assert, second.getByLabel('MOSP first year', { exact: true }), '13.200,00');
  // theme dark: a dark background; compact: details behind a toggle.
  assert.equal(await style(second.locator('.licalc'), 'backgroundColor'), 'rgb(21, 24, 28)');
  assert.equal(await style(page.locator('#first .licalc'), 'backgroundColor'), 'rgb(255, 255, 255)');
  const toggle = second.getByRole('button', { name: 'See details' });
  assert.equal(await second.getByRole('heading', { name: 'Next step' }).count(), 0);
  await toggle.click();
  await second.getByRole('heading', { name: 'Next step' }).waitFor();
  // partner-name and partner-link fill the next step.
  const link = page.locator('#first').getByRole('link', { name: 'Northwind IT' });
  assert.equal(await link.getAttribute('href'), 'https://example.com/contact');
  // Changed after load: locale, currency display, theme, services, compact, partner name.
  await page.evaluate(() => {
    const el = document.querySelector('#second');
    el.setAttribute('locale', 'en-US');
    el.setAttribute('currency-display', 'code');
    el.setAttribute('theme', 'light');
    el.removeAttribute('compact');
    el.setAttribute('services', 'intune');
    el.setAttribute('partner-name', 'Fabrikam Cloud');
  });
  await expectText(assert, second.getByLabel('MOSP first year', { exact: true }), 'USD');
  assert.equal(await style(second.locator('.licalc'), 'backgroundColor'), 'rgb(255, 255, 255)');
  assert.equal(await second.getByRole('checkbox').count(), 1);
  await expectText(assert, second.locator('.next-step'), 'Talk to Fabrikam Cloud');
  // A bad value is refused with a licalc-error and a message, and changes nothing.
  await page.evaluate(() => document.querySelector('#second').setAttribute('locale', 'not a locale!'));
  await page.waitForFunction(() => true);
  await expectText(assert, second.getByRole('alert'), 'locale');
  assert.ok(seen.events.some((e) => e.name === 'licalc-error' && e.detail.attribute === 'locale'));
  // price-book: a book of the host's own, fetched and validated as in the app.
  const book = JSON.parse(await readFile(join(DIST, '..', 'pricebook/default.json'), 'utf8'));
  book.services.find((s) => s.id === 'intune').list_price.value = '12.00';
  await page.route('**/my-book.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(book) }));
  await page.route('**/broken-book.json', (r) => r.fulfill({ contentType: 'application/json', body: '{"format": 1}' }));
  await page.evaluate(() => document.querySelector('#second').setAttribute('price-book', 'my-book.json'));
  await expectText(assert, second.getByLabel('MOSP first year', { exact: true }), '14,400.00'); // 100 x 12.00 x 12
  await page.evaluate(() => document.querySelector('#second').setAttribute('price-book', 'broken-book.json'));
  await page.waitForFunction(() => true);
  for (let i = 0; i < 50 && !seen.events.some((e) => e.name === 'licalc-error' && e.detail.attribute === 'price-book'); i++) await page.waitForTimeout(50);
  assert.ok(seen.events.some((e) => e.name === 'licalc-error' && e.detail.attribute === 'price-book'), 'a bad book is reported');
  await expectText(assert, second.getByLabel('MOSP first year', { exact: true }), '14,400.00');
  // mode partner: the full calculator, from the full build.
  await page.evaluate(() => document.querySelector('#first').setAttribute('mode', 'partner'));
  await page.locator('#first').getByRole('heading', { name: 'Transactions' }).waitFor({ timeout: 20000 });
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await context.close();
});

test("the quote attribute takes a quote's JSON in the widget's build and in the full one (mode partner, read by its own part); a bad one is refused", async () => {
  const { page, context, seen } = await host();
  const json = await readFile(join(DIST, '..', 'examples/quotes/contoso.json'), 'utf8');
  const second = page.locator('#second');
  await page.evaluate((text) => document.querySelector('#second').setAttribute('quote', text), json);
  await expectText(assert, second.getByLabel('MOSP first year', { exact: true }), '44.880,00'); // locale de-DE
  await page.evaluate(() => document.querySelector('#first').setAttribute('mode', 'partner'));
  const first = page.locator('#first');
  await first.getByRole('heading', { name: 'Transactions' }).waitFor({ timeout: 20000 });
  await page.evaluate((text) => document.querySelector('#first').setAttribute('quote', text), json);
  await expectText(assert, first.getByLabel('MOSP first-year total'), '44,880.00');
  await expectText(assert, first.getByLabel('EA first-year total'), '39,338.40');
  // serde's messages quote the value they refused: the wasm keeps Debug formatting (dev.sh).
  const wrong = JSON.stringify({ ...JSON.parse(json), horizon_months: '36' });
  await page.evaluate((text) => document.querySelector('#second').setAttribute('quote', text), wrong);
  for (let i = 0; i < 50 && !seen.events.some((e) => e.name === 'licalc-error' && e.id === 'second'); i++) await page.waitForTimeout(50);
  const second36 = seen.events.find((e) => e.name === 'licalc-error' && e.id === 'second' && e.detail.attribute === 'quote');
  assert.ok(second36, 'a quote with a wrong type is reported');
  assert.match(second36.detail.message, /string "36"/);
  await page.evaluate(() => document.querySelector('#first').setAttribute('quote', '{"format": 2}'));
  for (let i = 0; i < 50 && !seen.events.some((e) => e.name === 'licalc-error' && e.id === 'first' && e.detail.attribute === 'quote'); i++) await page.waitForTimeout(50);
  const refused = seen.events.find((e) => e.name === 'licalc-error' && e.id === 'first' && e.detail.attribute === 'quote');
  assert.ok(refused, 'a bad quote is reported');
  assert.match(refused.detail.message, /\S/);
  await expectText(assert, first.getByLabel('MOSP first-year total'), '44,880.00');
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await context.close();
});

test("in the full build, a JSON quote still being read does not replace a quote given after it", async () => {
  const { page, context, seen } = await host();
  const json = await readFile(join(DIST, '..', 'examples/quotes/contoso.json'), 'utf8');
  const { link } = await lastChange(page, seen, 'second');
  await page.evaluate(() => document.querySelector('#first').setAttribute('mode', 'partner'));
  const first = page.locator('#first');
  await first.getByRole('heading', { name: 'Transactions' }).waitFor({ timeout: 20000 });
  const release = await holdRequests(page, /-reader\.wasm$/);
  const asked = page.waitForRequest(/-reader\.wasm$/);
  await page.evaluate((text) => document.querySelector('#first').setAttribute('quote', text), json);
  await asked; // the JSON is waiting for the reader
  await page.evaluate((l) => document.querySelector('#first').setAttribute('quote', l), link);
  release();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /-reader\.wasm$/.test(e.name) && e.responseEnd > 0));
  // The link (read by its own part) is the quote, and stays after the JSON was read.
  await lastChange(page, seen, 'first', (x) => x.link === link);
  await page.waitForTimeout(500);
  assert.equal(await first.getByLabel('Customer name').inputValue(), '', 'the later quote (the link) stays');
  assert.equal(seen.events.filter((x) => x.name === 'licalc-change' && x.id === 'first').at(-1).detail.link, link);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test("a link in the quote attribute is read by the widget build's link decoder, fetched beside its wasm (the JSON reader is not); without one no part loads, and the host hears only the quote's figures", async () => {
  const { page, context, seen } = await host();
  const first = page.locator('#first');
  await first.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await first.getByLabel('How many users?').fill('100');
  const { link } = await lastChange(page, seen, 'first', (x) => x.paths.mosp.first_year === '12000.00');
  assert.equal((await resources(page, PART)).length, 0, 'a host page without a quote attribute loads no part');
  // "How was this computed?" is a part of its own, fetched beside the widget's files.
  await first.getByText('How was this computed?').click();
  await expectText(assert, first.locator('details[open] .details-body'), 'Rules applied:');
  assert.equal((await resources(page, EXPLAIN)).length, 1, 'the explanation is fetched once');
  assert.equal((await resources(page, READER)).length + (await resources(page, LINK)).length, 0, 'nor the reader or the link decoder');
  assertClean(assert, seen);
  await context.close();

  // The iframe page sets the attribute from its query string while the build loads: the
  // link decoder's bundle is requested then, beside the build, and before the widget
  // mounts (below), not once it has.
  const framed = await open(`${env.server.url}embed.html?quote=${encodeURIComponent(link)}`);
  await expectText(assert, framed.page.getByLabel('MOSP first year', { exact: true }), '$12,000.00');
  const changes = () => framed.seen.events.filter((e) => e.name === 'licalc-change');
  for (let i = 0; i < 50 && changes().length === 0; i++) await framed.page.waitForTimeout(50);
  assert.deepEqual(changes().map((e) => e.detail.paths.mosp.first_year), ['12000.00'], 'one change, with the link\'s figures');
  const timing = {
    link: (await resources(framed.page, LINK)).map((e) => e.startTime),
    ready: framed.seen.events.find((e) => e.name === 'licalc-ready').at,
  };
  assert.equal(timing.link.length, 1, 'the link decoder is fetched once');
  assert.equal((await resources(framed.page, /-link\.bundle$/)).length, 1, 'as its bundle: one request for its three files');
  assert.ok(timing.link[0] < timing.ready, `fetched before the widget mounted: ${JSON.stringify(timing)}`);
  assert.equal((await resources(framed.page, READER)).length, 0, 'a link without a book needs no JSON reader');
  // A damaged link is refused, and the quote stays.
  await framed.page.evaluate((l) => document.querySelector('licalc-calculator').setAttribute('quote', l.slice(0, -6)), link);
  for (let i = 0; i < 50 && !framed.seen.events.some((e) => e.name === 'licalc-error'); i++) await framed.page.waitForTimeout(50);
  assert.equal(framed.seen.events.filter((e) => e.name === 'licalc-error').map((e) => e.detail.attribute).join(), 'quote');
  await expectText(assert, framed.page.getByLabel('MOSP first year', { exact: true }), '$12,000.00');
  // The refusal changed no figure, so the host heard no change (given time for one: the
  // event waits for its link to be compressed); an edit is heard.
  await framed.page.waitForTimeout(300);
  assert.equal(changes().length, 1);
  await framed.page.getByLabel('How many users?').fill('200');
  await expectText(assert, framed.page.getByLabel('MOSP first year', { exact: true }), '$24,000.00');
  for (let i = 0; i < 50 && changes().length < 2; i++) await framed.page.waitForTimeout(50);
  assert.equal(changes().at(-1).detail.paths.mosp.first_year, '24000.00');
  assert.deepEqual(framed.seen.pageErrors, []);
  await framed.context.close();
});

test("when the widget's reader cannot be fetched, the quote attribute is refused and says why, the host then hears the figures shown, and setting it again works", async () => {
  const json = await readFile(join(DIST, '..', 'examples/quotes/contoso.json'), 'utf8');
  let failing = true;
  let asked = 0;
  const { page, context, seen } = await open(`${env.server.url}embed.html?quote=${encodeURIComponent(json)}`, {
    before: async (p) => {
      await p.route(READER, (route) => (asked++, failing ? route.fulfill({ status: 503, body: '' }) : route.continue()));
      // embed.js arriving after the widget's own files (a busy server) must not let the
      // widget mount and report the empty quote before the query's quote is given.
      await p.route('**/embed.js', async (route) => (await new Promise((r) => setTimeout(r, 1500)), route.continue()));
    },
  });
  const events = () => seen.events.filter((e) => e.name !== 'licalc-ready');
  await page.getByText('The quote attribute was not used').waitFor({ timeout: 20000 });
  const error = events().find((e) => e.name === 'licalc-error');
  assert.equal(error?.detail.attribute, 'quote');
  assert.match(error.detail.message, /could not be loaded/);
  // The early fetch failed, and so did the loader's own: the quote is refused, and only
  // then does the host hear the figures shown (the empty quote's).
  for (let i = 0; i < 50 && !events().some((e) => e.name === 'licalc-change'); i++) await page.waitForTimeout(50);
  assert.deepEqual(events().map((e) => e.name), ['licalc-error', 'licalc-change']);
  assert.equal(asked, 2);
  // Setting it again fetches the reader again (a failure is not remembered).
  failing = false;
  await page.evaluate((text) => document.querySelector('licalc-calculator').setAttribute('quote', `${text} `), json);
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$44,880.00');
  assert.equal(asked, 3);
  for (let i = 0; i < 50 && events().at(-1).detail.paths?.mosp.first_year !== '44880.00'; i++) await page.waitForTimeout(50);
  assert.equal(events().at(-1).detail.paths.mosp.first_year, '44880.00');
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test("a price-book attribute is read by the same part, fetched beside the widget's files", async () => {
  const book = JSON.parse(await readFile(join(DIST, '..', 'pricebook/default.json'), 'utf8'));
  book.services.find((s) => s.id === 'intune').list_price.value = '12.00';
  const { page, context, seen } = await open(`${env.server.url}embed.html?services=intune&price-book=my-book.json`, {
    before: (p) => p.route('**/my-book.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(book) })),
  });
  await page.getByRole('checkbox', { name: /^Windows Intune/ }).check();
  await page.getByLabel('How many PCs?').fill('100');
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$14,400.00'); // 100 x 12.00 x 12
  const reader = (await resources(page, READER)).map((e) => e.startTime);
  const ready = seen.events.find((e) => e.name === 'licalc-ready').at;
  assert.equal(reader.length, 1, 'fetched once');
  assert.ok(reader[0] < ready, `fetched before the widget mounted, not after the book: ${reader[0]} vs ${ready}`);
  await context.close();
});

test('the iframe alternative sizes its frame through postMessage', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'licalc-frame-'));
  await cp(DIST, dir, { recursive: true });
  await writeFile(join(dir, 'frame-host.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frame host</title></head><body>
<iframe id="f" title="Licensing calculator" src="embed.html?services=intune&amp;compact=" style="width:400px;height:150px;border:0"></iframe>
<script>addEventListener('message', (e) => { if (e.data?.type === 'licalc-height') document.getElementById('f').style.height = e.data.height + 'px'; });</script></body></html>`);
  const s = await startServer(dir);
  const { page, context } = await open(s.url + 'frame-host.html');
  const frame = page.frameLocator('#f');
  await frame.getByLabel('How many users?').waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.getElementById('f').getBoundingClientRect().height > 300);
  const f = page.frames().find((x) => x.url().includes('embed.html'));
  await f.waitForFunction(() => document.documentElement.scrollHeight <= window.innerHeight + 1);
  assert.equal(await frame.getByRole('checkbox').count(), 1, 'attributes from the query string');
  await context.close();
  await s.close();
  await rm(dir, { recursive: true });
});

test('a copy of the folder works under a sub-path: the app and the widget', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'licalc-sub-'));
  await cp(DIST, join(dir, 'tools/calculator'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Another site</title>');
  const s = await startServer(dir);
  const app = await open(s.url + 'tools/calculator/');
  await app.page.getByLabel('How many users?').waitFor({ timeout: 20000 });
  await app.page.getByLabel('How many users?').fill('10');
  await app.page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await expectText(assert, app.page.getByLabel('MOSP first year', { exact: true }), '$1,200.00');
  assertClean(assert, app.seen);
  await app.context.close();
  const w = await open(s.url + 'tools/calculator/example-host.html');
  await w.page.locator('#first').getByLabel('How many users?').waitFor({ timeout: 20000 });
  assert.ok(w.seen.pageErrors.length === 0 && w.seen.consoleErrors.length === 0, JSON.stringify(w.seen));
  await w.context.close();
  await s.close();
  await rm(dir, { recursive: true });
});

test('axe finds nothing inside the widgets', async () => {
  const { page, context } = await host();
  await page.locator('#first').getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.locator('#first').getByLabel('How many users?').fill('300');
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run({ include: [['#first'], ['#second']] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  await context.close();
});

test('while its wasm is fetched, each widget lays out every font its first result uses, out of sight', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  try {
    await context.addInitScript(recordFontWarmUp);
    await context.addInitScript(fetchesTheWasm);
    const page = await context.newPage();
    // A slow wasm: the page is idle meanwhile, so each widget gets through the whole list.
    const release = await holdRequests(page, /licalc-widget-[0-9a-f]+_bg\.wasm$/);
    try {
      await page.goto(env.server.url + 'example-host.html');
      await page.locator('#first').getByRole('status').waitFor();
      const count = fontCount(await page.evaluate(() => getComputedStyle(document.querySelector('#first').shadowRoot.querySelector('.licalc')).getPropertyValue('--licalc-fonts')));
      await page.waitForFunction((n) => ['first', 'second'].every((id) => window.__warm.filter((w) => w.id === id).flatMap((w) => w.fonts).length >= n), count, { timeout: 20000 });
    } finally {
      release();
    }
    for (const id of ['first', 'second']) await page.locator(`#${id}`).getByLabel('How many users?').waitFor({ timeout: 20000 });
    const warm = await page.evaluate(() => window.__warm);
    for (const w of warm) assert.ok(w.removed && w.loading, `#${w.id}: each box removed at once, while it said it was loading`);
    const fonts = warm.filter((w) => w.id === 'first').flatMap((w) => w.fonts);
    assert.equal(new Set(fonts).size, fonts.length, 'each laid out once');
    // In the widget's own sizes (--rem: 16px here; the host's root font size is 40px),
    // the list covers every weight and size of each widget's first result, the compact
    // one's too.
    const list = new Set(fonts);
    assert.ok(list.has('400 16px') && !fonts.some((f) => f.endsWith(' 40px')), `sizes in --rem, not the host's rem: ${fonts}`);
    const used = await fontsUsed(page, { widgets: true });
    assert.ok(used.length >= 5, `${used.length} fonts used`);
    assert.deepEqual(used.filter((f) => !list.has(f)), [], 'fonts the widgets use that --licalc-fonts (style/app.css) lacks');
  } finally {
    await context.close();
  }
});

test('while its wasm is fetched each widget says so, and if it cannot be, or the wasm carried in licalc-widget.js does not inflate, it says that', async () => {
  // Held: the box says it is loading (never blank), then the calculator replaces it.
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  await context.addInitScript(fetchesTheWasm);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const release = await holdRequests(page, /licalc-widget-[0-9a-f]+_bg\.wasm$/);
  await page.goto(env.server.url + 'example-host.html');
  for (const id of ['first', 'second']) {
    await expectText(assert, page.locator(`#${id}`).getByRole('status'), 'Loading the calculator…');
  }
  // A mode changed while loading is not lost: #first now wants the full build.
  await page.evaluate(() => document.querySelector('#first').setAttribute('mode', 'partner'));
  release();
  await page.locator('#first').getByRole('heading', { name: 'Transactions' }).waitFor({ timeout: 20000 });
  await page.locator('#second').getByLabel('How many users?').waitFor({ timeout: 20000 });
  for (const id of ['first', 'second']) {
    assert.equal(await page.locator(`#${id}`).getByText('Loading the calculator…').count(), 0);
  }
  assert.deepEqual(pageErrors, []);
  await context.close();
  // Refused: a message in its place, and the host hears why, once per element still on
  // the page: #first is moved while loading (two starts, one report), #second is
  // removed (no report).
  const c2 = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  await c2.addInitScript(fetchesTheWasm);
  const p2 = await c2.newPage();
  const errors = [];
  await p2.exposeFunction('recordError', (d) => errors.push(d));
  let refuse;
  const refused = new Promise((r) => { refuse = r; });
  await p2.route(/licalc-widget-[0-9a-f]+_bg\.wasm$/, async (route) => { await refused; await route.abort(); });
  await p2.goto(env.server.url + 'example-host.html');
  await expectText(assert, p2.locator('#second').getByRole('status'), 'Loading the calculator…');
  await p2.evaluate(() => {
    for (const el of document.querySelectorAll('licalc-calculator')) {
      el.addEventListener('licalc-error', (e) => window.recordError({ id: el.id, ...e.detail }));
    }
    const first = document.querySelector('#first');
    first.parentNode.append(first);
    document.querySelector('#second').remove();
  });
  refuse();
  await expectText(assert, p2.locator('#first').getByRole('alert'), 'The calculator could not load');
  await p2.waitForTimeout(300);
  assert.equal(await p2.getByText('Loading the calculator…').count(), 0);
  assert.deepEqual(errors.map((d) => [d.id, /could not load/.test(d.message)]), [['first', true]], JSON.stringify(errors));
  await c2.close();

  // The wasm carried in licalc-widget.js, damaged in the inflating: the same message and
  // report for each element, not a box that says it is loading for ever.
  const { page: p3, context: c3, seen: s3 } = await open(env.server.url + 'example-host.html', {
    before: (p) => p.addInitScript(() => {
      window.DecompressionStream = class {
        constructor() {
          return new TransformStream({ transform(chunk, out) { out.enqueue(chunk.map((b) => b ^ 0x5a)); } });
        }
      };
    }),
  });
  for (const id of ['first', 'second']) {
    await expectText(assert, p3.locator(`#${id}`).getByRole('alert'), 'The calculator could not load');
  }
  assert.deepEqual(s3.events.filter((e) => e.name === 'licalc-error').map((e) => [e.id, /could not load/.test(e.detail.message)]),
    [['first', true], ['second', true]]);
  assert.deepEqual(s3.foreignRequests, []);
  await c3.close();
});

test("mode partner: the full build's widget code is a part, fetched beside its wasm; if it cannot be fetched, the element says so and the host hears why", async () => {
  const loader = await readFile(join(DIST, 'licalc-widget.js'), 'utf8');
  const own = loader.match(/licalc-web-[0-9a-f]+-partner_mode\.wasm/)?.[0];
  assert.ok(own, "the full build's part is listed in licalc-widget.js");
  const bundle = bundleOf(own); // its files in one request (split-wasm.mjs)
  const ownOrBundle = (url) => [own, bundle].includes(url.split('/').pop());
  const release = [];
  const { page, context, seen } = await host({
    before: async (p) => {
      // The full build's wasm is held until the part has been asked for: fetched beside it.
      release.push(await holdRequests(p, /licalc-web-[0-9a-f]+_bg\.wasm$/));
      await p.route((url) => ownOrBundle(url.href), (route) => route.abort('internetdisconnected'));
    },
  });
  const asked = new Promise((resolve) => page.on('request', (r) => { if (ownOrBundle(r.url())) resolve(); }));
  await page.evaluate(() => document.querySelector('#first').setAttribute('mode', 'partner'));
  await asked;
  release[0]();
  await expectText(assert, page.locator('#first').getByRole('alert'), 'The calculator could not load');
  const refused = seen.events.filter((e) => e.name === 'licalc-error' && e.id === 'first');
  assert.equal(refused.length, 1);
  assert.match(refused[0].detail.message, /could not load/);
  // The other widget (the widget's build) goes on.
  const users = page.locator('#second').getByLabel('How many users?');
  await users.fill('12');
  assert.equal(await users.inputValue(), '12');
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('if the wasm stops, each widget says so instead of going on dead', async () => {
  // The memory of the instance the widgets run on, as the page made it.
  const { page, context, seen } = await host({
    before: (p) => p.addInitScript(() => {
      window.__memories = [];
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        WebAssembly[name] = async function (...args) {
          const made = await original.apply(this, args);
          window.__memories.push((made.instance ?? made).exports.memory);
          return made;
        };
      }
    }),
  });
  assert.equal(await page.evaluate(() => window.__memories.length), 1, 'one instance for both widgets');
  await page.evaluate(() => new Uint8Array(window.__memories[0].buffer).fill(0xff));
  await page.locator('#first').getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check().catch(() => {});
  for (const id of ['first', 'second']) {
    await expectText(assert, page.locator(`#${id}`).getByRole('alert'), 'The calculator stopped working');
  }
  assert.ok(seen.events.some((e) => e.name === 'licalc-error' && /stopped/.test(e.detail.message)));
  await context.close();
});
