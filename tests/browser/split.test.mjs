// The split app (issue 16; src/parts.rs, scripts/split-app.mjs): customer mode loads only
// the main wasm; partner mode, the partner's desk, the saved quotes and the reader of a
// quote's JSON fetch their own files when first needed, with the same figures; a visitor
// who last used partner mode, who reloads a tab with a draft, or who opens a share link
// gets the files that visit needs fetched beside the main wasm; "How was this computed?"
// fetches its own when the pointer or focus comes to it; a part that cannot be fetched
// says so, keeps the quote and can be tried again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { bundleName, bundleOf, readParts } from '../../scripts/parts-list.mjs';
import { DIST, openApp, quoteAction, expectText, assertClean, holdRequests, useServerAndBrowser, loadExample, settled } from './helpers.mjs';

const env = useServerAndBrowser();

/** index.html's list of each split point's files (scripts/split-app.mjs). */
async function parts() {
  const index = await readFile(join(DIST, 'index.html'), 'utf8');
  const split = readParts(index);
  assert.ok(Object.keys(split).length, 'the release build is split: index.html lists its parts');
  SPLIT = split;
  return split;
}
/** The last `parts()` read, for the helpers below (each test reads it first). */
let SPLIT = {};

const ROOT = join(import.meta.dirname, '../..');

/**
 * Of `files`, those that came with these requested URLs: on their own, or in a split
 * point's bundle (scripts/split-wasm.mjs: the loader fetches a point's files as one when
 * most are still to come).
 */
function came(urls, files) {
  const names = new Set(urls.map((u) => u.split('/').pop()));
  for (const list of Object.values(SPLIT)) if (names.has(bundleName(list))) list.forEach((f) => names.add(f));
  return files.filter((f) => names.has(f));
}

/** How many times `file` came: requests for it and for bundles that bring it. */
const timesCame = (urls, file) => urls.filter((u) => u.endsWith('/' + file)
  || Object.values(SPLIT).some((list) => list.includes(file) && u.endsWith('/' + bundleName(list)))).length;

/** Waits until the page has received each of these files in full (on its own or in a bundle). */
async function arrived(page, files) {
  for (let i = 0; i < 600; i++) {
    const urls = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.responseEnd > 0).map((e) => e.name));
    if (came(urls, files).length === files.length) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`not all arrived: ${files.join(' ')}`);
}

/**
 * Holds the main wasm and guard.js (which the page defers) until released: files that
 * arrive meanwhile were asked for by index.html itself (web/preload-parts.js), not a
 * round trip after the page's first script file.
 */
async function holdFirstScripts(page) {
  const wasm = await holdRequests(page, /licalc-web-[0-9a-f]+_bg\.wasm$/);
  const guard = await holdRequests(page, /\/guard\.js$/);
  return () => { wasm(); guard(); };
}

/**
 * Reloads with the main wasm (and guard.js) held until the bundle of `files` has arrived,
 * so they were fetched beside it, not after it: the URLs the page requests from then on.
 */
async function reloadBeside(page, files) {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const release = await holdFirstScripts(page);
  try {
    await page.reload({ waitUntil: 'commit' }); // 'load' would wait for guard.js
    await arrived(page, [bundleName(files)]);
  } finally {
    release();
  }
  return requests;
}

/**
 * Makes every bundle unavailable (404), so parts come file by file as before bundles
 * existed (the loader's fallback); the console's notes of those 404s are dropped from
 * `seen` for assertClean.
 */
async function noBundles(page, seen) {
  await page.route(/\.bundle$/, (route) => route.fulfill({ status: 404, body: '' }));
  return () => { seen.consoleErrors = seen.consoleErrors.filter((e) => !/status of 404/.test(e)); };
}

/** The share-link fixtures every earlier version's links must keep opening with. */
const linkFixtures = async () => JSON.parse(await readFile(join(ROOT, 'engine/tests/fixtures/links/v1.json'), 'utf8'));

/** A fixture's amount as the app writes it in en-US: "$12,345.60". */
const money = (v) => '$' + Number(v).toLocaleString('en-US', { minimumFractionDigits: 2 });

/** A page in a new context without the service worker, noting its requests, page errors
 *  and console errors; `init` runs in it before any of the page's scripts. */
async function unserved(init) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', serviceWorkers: 'block' });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  return { context, page, requests, errors, consoleErrors };
}

/** A split point's files came in one request, their bundle, and none on its own. */
function assertBundled(requests, files) {
  const count = (f) => requests.filter((u) => u.endsWith('/' + f)).length;
  assert.equal(count(bundleName(files)), 1, bundleName(files));
  for (const f of files) assert.equal(count(f), 0, `${f} came in the bundle`);
}

/** A route pattern for requests of a split point's own file (its first) and of its bundle
 *  (named after it): to hold or fail both ways the point can come. */
const ending = (file) => {
  const esc = (f) => f.replace(/[.]/g, '\\.');
  return new RegExp(`/(${esc(file)}|${esc(bundleOf(file))})$`);
};

const fetched = (seen, files) => came(seen.requests, files);

/** Waits until a figure is no longer `from` (results update asynchronously); its new text. */
async function changed(locator, from) {
  for (let i = 0; i < 100; i += 1) {
    const now = (await locator.textContent()).trim();
    if (now !== from) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`still ${from}`);
}

/** The named quotes stored in the page: name, revision, and the quote's JSON text. */
const namedQuotes = (page) => page.evaluate(() => Object.entries(localStorage)
  .filter(([k]) => k.startsWith('licalc:v1:q:')).map(([, v]) => JSON.parse(v)).map((s) => [s.name, s.rev, s.quote]));

/** Saves the quote as "Fabrikam" through the toolbar's form. */
async function saveFabrikam(page) {
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('Fabrikam');
  await page.getByRole('button', { name: 'Save quote' }).click();
}

test('customer mode loads no part; reading a quote, the saved quotes, partner mode and the desk fetch theirs when first needed, with the same figures', async () => {
  const split = await parts();
  assert.deepEqual(Object.keys(split).sort(), ['explain', 'inflate', 'keep', 'link', 'partner_mode', 'partners_desk', 'reader', 'saved_quotes']);
  const all = [...new Set(Object.values(split).flat())];
  const union = (...points) => [...new Set(points.flatMap((p) => split[p]))].sort();
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  // A customer's whole journey: the form and the answer.
  await page.getByLabel('How many users?').fill('25');
  await page.getByLabel('How many PCs?').fill('30');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.getByRole('checkbox', { name: /^Windows Intune/ }).check();
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$6,960.00');
  assert.deepEqual(fetched(seen, all), [], 'customer mode fetched a part');

  // Loading the example reads its JSON: the reader.
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  assert.deepEqual(fetched(seen, all).sort(), union('reader'));

  await quoteAction(page, 'Saved quotes');
  await page.getByRole('heading', { name: 'Saved quotes', exact: true }).waitFor();
  assert.deepEqual(fetched(seen, all).sort(), union('reader', 'saved_quotes'));

  await page.getByLabel('For partners').check();
  await expectText(assert, page.getByLabel('MOSP first-year total'), '44,880.00');
  await expectText(assert, page.getByLabel('EA first-year total'), '39,338.40');
  assert.deepEqual(fetched(seen, all).sort(), union('reader', 'saved_quotes', 'partner_mode'));

  await page.getByLabel("Partner's desk").check();
  await page.getByRole('heading', { name: "Partner's desk", exact: true }).waitFor();
  assert.deepEqual(fetched(seen, all).sort(), union('reader', 'saved_quotes', 'partner_mode', 'partners_desk'), 'all but the link decoder, which only a link needs, the explanation, not opened, and the printable quote and CSV maker (keep)');
  // Back in partner mode, nothing is fetched again.
  const before = seen.requests.length;
  await page.getByLabel('For partners').check();
  await expectText(assert, page.getByLabel('MOSP first-year total'), '44,880.00');
  assert.deepEqual(seen.requests.slice(before).filter((u) => u.endsWith('.wasm')), []);
  assertClean(assert, seen);
  await context.close();
});

test('"How was this computed?" fetches its part when the pointer comes to it, once; if it cannot be fetched it says so, and trying again shows the rows', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await page.getByLabel('How many users?').fill('25');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$3,000.00');
  assert.deepEqual(fetched(seen, split.explain), [], 'not fetched with the answer');

  // Its own file cannot be fetched: the open disclosure says so; the answer stays.
  const own = ending(split.explain[0]);
  await page.route(own, (route) => route.abort('internetdisconnected'));
  const summary = page.getByText('How was this computed?');
  await summary.click();
  const alert = page.locator('.answer details[open]').getByRole('alert');
  await expectText(assert, alert, 'The explanation could not be loaded');
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$3,000.00');
  await page.unroute(own);
  await alert.getByRole('button', { name: 'Try again' }).click();
  const body = page.locator('.answer details[open] .details-body');
  await body.getByRole('button', { name: 'Rule P2, MOSP volume bands' }).first().waitFor();
  await expectText(assert, body, 'MOSP, first year');
  await expectText(assert, body, 'Rules applied:');
  // Closed and opened again: built at once, nothing fetched again.
  const before = seen.requests.length;
  await summary.click();
  await summary.click();
  await expectText(assert, body, 'Rules applied:');
  assert.deepEqual(seen.requests.slice(before).filter((u) => u.endsWith('.wasm')), []);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();

  // In a new page, the pointer coming to it fetches the part before the click.
  const next = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await next.page.getByLabel('How many users?').fill('25');
  await next.page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await next.page.getByText('How was this computed?').hover();
  await arrived(next.page, split.explain);
  await next.page.getByText('How was this computed?').click();
  await expectText(assert, next.page.locator('.answer details[open] .details-body'), 'Rules applied:');
  for (const f of split.explain) assert.equal(timesCame(next.seen.requests, f), 1, f);
  assertClean(assert, next.seen);
  await next.context.close();
});

test('Download CSV in customer mode fetches its part (the printable quote\'s too), which prices the fees customer mode never showed: the file has partner mode\'s fee rows', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  const own = split.keep[0];
  assert.equal(timesCame(seen.requests, own), 0, 'not fetched with the answer');
  const [download] = await Promise.all([page.waitForEvent('download'), quoteAction(page, 'Download CSV')]);
  const rows = (await readFile(await download.path(), 'utf8')).trim().split('\n').map((l) => l.split(','));
  const cents = (rec, plan) => rows.filter((r) => r[0] === rec && r[1] === plan).reduce((s, r) => s + Math.round(Number(r[10]) * 100), 0);
  assert.ok(rows.filter((r) => r[0] === 'fee').length > 0, 'fee rows');
  assert.equal(timesCame(seen.requests, own), 1, 'its part, once');
  await page.getByLabel('For partners').check();
  const screen = async (label) => Math.round(Number((await page.getByLabel(label, { exact: true }).textContent()).replace(/[$,]/g, '')) * 100);
  await page.getByLabel('Total fees paid to partners').waitFor();
  await settled(page);
  assert.ok(await screen('Total fees paid to partners') > 0);
  assert.equal(cents('fee', 'mosp'), await screen('Total fees paid to partners'), "the file's fees are partner mode's");
  assert.equal(cents('month', 'mosp'), await screen('MOSP horizon total'));
  assertClean(assert, seen);
  await context.close();
});

test('Print and Ctrl+P fetch the printable quote first, then print it; if it cannot be fetched, nothing is printed and the page says so', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  const own = ending(split.keep[0]);
  assert.equal(fetched(seen, [split.keep[0]]).length, 0, 'not fetched with the answer');
  await page.route(own, (route) => route.abort('internetdisconnected'));
  await quoteAction(page, 'Print / save as PDF');
  const alert = page.getByText(/^Nothing was printed: the printable quote could not be loaded/);
  await alert.waitFor();
  assert.match(await alert.textContent(), /Your quote is kept/);
  assert.equal(await page.evaluate(() => window.printed), 0, 'the print dialog did not open');
  assert.equal(await page.locator('.print-doc').count(), 0);
  await page.unroute(own);
  const refused = seen.requests.filter((u) => own.test(u)).length;
  // The browser's shortcut: the page makes the document first, then opens the dialog.
  await page.getByLabel('MOSP first year').click();
  await page.keyboard.press('Control+p');
  await page.waitForFunction(() => window.printed === 1);
  const doc = page.locator('.print-doc'); // hidden on screen, shown on paper
  assert.match(await doc.textContent(), /Quote for Contoso/);
  await quoteAction(page, 'Print / save as PDF');
  await page.waitForFunction(() => window.printed === 2);
  assert.equal(seen.requests.filter((u) => own.test(u)).length, refused + 1, 'fetched once after it came');
  await context.close();
});

test('Copy link fetches the link maker (keep) and makes the link of the quote as it was at the click; if it cannot be fetched, no link and the page says so', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  const own = ending(split.keep[0]);
  assert.equal(fetched(seen, [split.keep[0]]).length, 0, 'not fetched with the answer');
  await page.route(own, (route) => route.abort('internetdisconnected'));
  await quoteAction(page, 'Copy link');
  const alert = page.getByText(/^No link: the part of the calculator that makes it could not be loaded/);
  await alert.waitFor();
  assert.match(await alert.textContent(), /reload the page to get it\)\. Your quote is kept/);
  assert.equal(await page.getByLabel('Share link').count(), 0, 'no link shown');
  await page.unroute(own);

  // Held while the quote changes: the link is of the quote at the click (1,000 users).
  const release = await holdRequests(page, own);
  const users = page.getByLabel('How many users?');
  const firstYear = page.getByLabel('MOSP first year');
  await users.fill('1000');
  const atClick = await changed(firstYear, '$44,880.00');
  await quoteAction(page, 'Copy link');
  await users.fill('500');
  await changed(firstYear, atClick);
  release();
  const link = await page.getByLabel('Share link').inputValue();
  assert.match(link, /#q=1[A-Za-z0-9_-]+$/);
  assert.deepEqual(seen.pageErrors, [], 'the refused fetch is said on the page, not thrown');
  await context.close();

  const other = await openApp(env.browser, env.server.url, { hash: '#' + link.split('#')[1] });
  await expectText(assert, other.page.getByLabel('MOSP first year'), atClick);
  assert.equal(await other.page.getByLabel('How many users?').inputValue(), '1000');
  assertClean(assert, other.seen);
  await other.context.close();
});

test('saving over a named quote reads its stored revision with the reader; if the reader cannot be fetched, nothing is saved and the page says so', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  const named = async () => (await namedQuotes(page)).map(([name, rev, quote]) => [name, rev, JSON.parse(quote)]);
  const save = () => saveFabrikam(page);
  await page.getByLabel('How many users?').fill('25');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await save();
  await expectText(assert, page.getByRole('status').first(), 'Saved as “Fabrikam”.');
  assert.equal(fetched(seen, [split.reader[0]]).length, 0, 'a new name reads nothing');
  const [[, rev, before]] = await named();
  assert.equal(rev, 1);
  const own = ending(split.reader[0]);
  await page.route(own, (route) => route.abort('internetdisconnected'));
  await page.getByLabel('How many users?').fill('30');
  await save();
  await page.getByText(/^Not saved: the part of the calculator that reads quotes could not be loaded/).waitFor();
  assert.deepEqual(await named(), [['Fabrikam', 1, before]], 'the stored quote is as it was');
  await page.unroute(own);
  await save();
  await expectText(assert, page.getByRole('status').first(), 'Saved as “Fabrikam”.');
  const after = await named();
  assert.equal(after.length, 1, 'saved over, not as a copy');
  assert.equal(after[0][1], 2);
  assert.notDeepEqual(after[0][2], before, 'with the new figure');
  await context.close();
});

test('a save over a named quote that waits for the reader is dropped, and says so, if another quote is opened meanwhile', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  const named = () => namedQuotes(page);
  const save = () => saveFabrikam(page);
  await page.getByLabel('How many users?').fill('25');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await save();
  await expectText(assert, page.getByRole('status').first(), 'Saved as “Fabrikam”.');
  const before = await named();
  const own = ending(split.reader[0]);
  const release = await holdRequests(page, own);
  await page.getByLabel('How many users?').fill('30');
  const asked = page.waitForRequest((r) => own.test(r.url()));
  await save();
  await asked; // the save waits for the reader
  await quoteAction(page, 'New quote');
  release();
  await page.getByText('Not saved as “Fabrikam”: another quote was opened meanwhile.', { exact: false }).waitFor();
  assert.deepEqual(await named(), before, 'the saved quote is as it was');
  await context.close();
});

test("a visitor who last used partner mode gets its files fetched while the main wasm loads, without waiting for a script file", async () => {
  const split = await parts();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => localStorage.setItem('licalc:v1:prefs', 'partner'));
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const release = await holdFirstScripts(page);
  try {
    await page.goto(env.server.url, { waitUntil: 'commit' }); // 'load' would wait for guard.js
    await arrived(page, [bundleName(split.partner_mode)]);
    assert.equal(await page.locator('#quote-heading').count(), 0, 'the app has not started: its wasm is held');
  } finally {
    release();
  }
  await page.locator('#quote-heading').waitFor();
  // One request for the lot, and the app used it: nothing fetched again.
  assertBundled(requests, split.partner_mode);
  await context.close();
});

test("a reload reopens the tab's draft: the reader's files are fetched beside the main wasm, once", async () => {
  const split = await parts();
  const { page, context } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await page.getByLabel('How many PCs?').fill('120');
  await page.getByLabel('How many PCs?').press('Enter');
  const answer = page.getByLabel('MOSP first year', { exact: true });
  await answer.filter({ hasNotText: '44,880.00' }).waitFor({ timeout: 5000 });
  const figure = (await answer.textContent()).trim();
  await page.waitForTimeout(1200); // the draft is written a moment after an edit (src/session.rs)
  const requests = await reloadBeside(page, split.reader);
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), figure);
  assert.equal(await page.getByLabel('How many PCs?').inputValue(), '120');
  assertBundled(requests, split.reader);
  await context.close();
});

test("when the reader cannot be fetched, a reload says the draft was not reopened and keeps it; loading the example says why, then works", async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  await page.waitForTimeout(300);
  const own = ending(split.reader[0]);
  await page.route(own, (route) => route.abort('internetdisconnected'));
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'Your last draft could not be reopened' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /kept among the saved quotes/);
  // It is: listed as a draft of the example's customer.
  await quoteAction(page, 'Saved quotes');
  await page.getByRole('heading', { name: 'Saved quotes', exact: true }).waitFor();
  await expectText(assert, page.locator('#saved-quotes'), 'Contoso');
  // The example cannot be read either, and says so; once the file comes, it loads.
  await quoteAction(page, 'Load example');
  await expectText(assert, page.getByRole('alert').first(), 'the part of the calculator that reads quotes could not be loaded');
  await page.unroute(own);
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test("a share link in the address is read by the link decoder, fetched beside the main wasm (the JSON reader is not); if it cannot be fetched, the page says so and keeps the link for a reload", async () => {
  const split = await parts();
  const fixture = (await linkFixtures())[0];
  const { context, page, errors } = await unserved();
  const own = ending(split.link[0]); // its bundle, then the file on its own
  await page.route(own, (route) => route.abort('internetdisconnected'));
  await page.goto(env.server.url + fixture.link);
  const alert = page.getByRole('alert').filter({ hasText: 'The link did not open' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be loaded\. It stays in the address: reload the page to try again/);
  assert.ok(page.url().endsWith(fixture.link), 'the link stays in the address');
  assert.equal(await page.getByLabel('How many users?').inputValue(), '0');

  await page.unroute(own);
  const requests = await reloadBeside(page, split.link);
  await page.waitForURL(env.server.url); // once read, the link is dropped from the address
  assertBundled(requests, split.link);
  assert.equal(requests.filter((u) => u.endsWith('/' + split.reader[0])).length, 0, 'a link without a book needs no JSON reader');
  await page.getByLabel('For partners').check();
  await expectText(assert, page.getByLabel('MOSP horizon total', { exact: true }), money(fixture.horizon_totals.mosp));
  await expectText(assert, page.getByLabel('Total fees paid to partners'), money(fixture.horizon_totals.fees));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a link is inflated by the browser; without its DecompressionStream, or for bytes it refuses, by the engine's inflater, fetched then and only then: the same figures, the same message", async () => {
  const split = await parts();
  const fixture = (await linkFixtures())[0];
  const inflater = (requests) => came(requests, [split.inflate[0]]).length;
  const opened = async (page) => {
    await page.waitForURL(env.server.url); // read: the link is dropped from the address
    await page.getByLabel('For partners').check();
    await expectText(assert, page.getByLabel('MOSP horizon total', { exact: true }), money(fixture.horizon_totals.mosp));
    await expectText(assert, page.getByLabel('Total fees paid to partners'), money(fixture.horizon_totals.fees));
  };
  for (const [how, init, expected] of [['with', undefined, 0], ['without', () => { delete window.DecompressionStream; }, 1]]) {
    const { context, page, requests, errors } = await unserved(init);
    await page.goto(env.server.url + fixture.link);
    await opened(page);
    assert.equal(inflater(requests), expected, `${how} DecompressionStream: the engine's inflater fetched ${expected} times`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // Bytes that are not deflate: the browser refuses them. A compression bomb (8 MiB of
  // zeros in 8 KB): the browser stops past the 2 MiB limit. Either way the engine's
  // inflater says why, and the link does not open.
  const bomb = deflateRawSync(Buffer.alloc(8 << 20), { level: 9 }).toString('base64url');
  for (const bad of ['A'.repeat(40), bomb]) {
    const { context, page, requests, errors, consoleErrors } = await unserved();
    await page.goto(env.server.url + '#q=1' + bad);
    await page.waitForURL(env.server.url);
    await expectText(assert, page.getByRole('alert'), 'The link did not open: the link is damaged');
    assert.equal(inflater(requests), 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(consoleErrors, [], 'no unhandled rejection from the stopped stream');
    await context.close();
  }
});

test("when a share link's bundle cannot be fetched, each of its files is fetched on its own and the link opens", async () => {
  const split = await parts();
  const fixture = (await linkFixtures())[0];
  const { context, page, requests, errors } = await unserved();
  await page.route(ending(bundleName(split.link)), (route) => route.fulfill({ status: 503, body: 'busy' }));
  await page.goto(env.server.url + fixture.link);
  await page.waitForURL(env.server.url); // read: the link is dropped from the address
  assert.equal(requests.filter((u) => u.endsWith('/' + bundleName(split.link))).length, 1, 'the bundle was asked for');
  for (const f of split.link) assert.equal(requests.filter((u) => u.endsWith('/' + f)).length, 1, f);
  await page.getByLabel('For partners').check();
  await expectText(assert, page.getByLabel('MOSP horizon total', { exact: true }), money(fixture.horizon_totals.mosp));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link that carries a price book is decoded by the link decoder, then its book read by the JSON reader: the quote is priced with it', async () => {
  const split = await parts();
  const fixture = (await linkFixtures()).find((f) => f.book);
  const { page, context, seen } = await openApp(env.browser, env.server.url, { hash: fixture.link, serviceWorkers: 'block' });
  // The fixture's book prices Windows Intune at 12.00 (the shipped book: 11.00, $44,880.00).
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$47,760.00');
  assertBundled(seen.requests, split.link);
  // The reader, needed only once the link is read (as its bundle, most of it still to come).
  assert.deepEqual(fetched(seen, split.reader), split.reader);
  assertClean(assert, seen);
  await context.close();
});

test('a link pasted into the address is dropped if another document is opened while it is read', async () => {
  const split = await parts();
  const fixture = (await linkFixtures())[0];
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await page.getByLabel('How many users?').waitFor();
  // The link decoder's own file is held; its bundle would hold chunks the reader shares.
  const forget404s = await noBundles(page, seen);
  const own = new RegExp(`/${split.link[0].replace(/[.]/g, '\\.')}$`);
  const release = await holdRequests(page, own);
  const asked = page.waitForRequest(own);
  await page.evaluate((link) => { location.hash = link; }, fixture.link);
  await asked; // the link is waiting for its decoder
  await loadExample(page);
  release();
  await page.waitForFunction((f) => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/' + f) && e.responseEnd > 0), split.link[0]);
  await page.waitForTimeout(500);
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$44,880.00');
  assert.equal(await page.getByRole('alert').count(), 0);
  forget404s();
  assertClean(assert, seen);
  await context.close();
});

test("a reload whose reader stalls starts without the draft after 8 s, says so, and ignores the late arrival", async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  await page.waitForTimeout(300);
  const release = await holdRequests(page, ending(split.reader[0]));
  const started = Date.now();
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'Your last draft could not be reopened' });
  await alert.waitFor({ timeout: 15000 });
  assert.ok(Date.now() - started >= 7500, 'it waited for the reader first');
  release();
  await arrived(page, [bundleName(split.reader)]);
  await page.waitForTimeout(300);
  // The draft that came too late does not replace what the page started with.
  assert.equal(await page.getByLabel('How many users?').inputValue(), '0');
  assert.equal(await alert.count(), 1);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('a part that cannot be fetched is named, the quote is kept, and Try again loads it', async () => {
  const split = await parts();
  // No service worker: once installed it serves every part from its cache, network or not.
  const { page, context } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  const own = ending(split.partner_mode[0]);
  await page.route(own, (route) => route.abort('internetdisconnected'));
  await page.getByLabel('For partners').check();
  const alert = page.getByRole('alert').filter({ hasText: 'Partner mode could not be loaded' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Your quote is kept/);
  // The page still works: back to customer mode, the same quote.
  await page.getByLabel('For customers').check();
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  await page.getByLabel('For partners').check();
  await alert.waitFor();
  await page.unroute(own);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expectText(assert, page.getByLabel('MOSP first-year total'), '44,880.00');
  assert.equal(await alert.count(), 0);
  await context.close();
});

test("from the desk, before partner mode's code has loaded, an attention line opens the quote with focus at its fees", async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  // Saved in customer mode: partner mode's files are not fetched yet.
  await page.getByLabel('Open a file…').setInputFiles(join(ROOT, 'examples/portfolio/fabrikam-foods.json'));
  await expectText(assert, page.getByRole('status').first(), 'Opened');
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('Fabrikam Foods');
  await page.getByRole('button', { name: 'Save quote' }).click();
  await expectText(assert, page.getByRole('status').first(), 'Saved');
  // Partner mode's own file is held until after the click (the desk prefetches it).
  const own = ending(split.partner_mode[0]);
  const release = await holdRequests(page, own);
  await page.getByLabel("Partner's desk").check();
  await page.getByLabel('Attention from (month)').fill('2011-08');
  await page.getByLabel('Attention from (month)').dispatchEvent('change');
  const list = page.getByRole('list', { name: 'Needs attention, soonest first' });
  const open = list.locator('li').filter({ hasText: 'goes to nobody' }).first().getByRole('button', { name: /^Open Fabrikam Foods/ });
  await open.click();
  await page.getByRole('status').filter({ hasText: 'Loading partner mode' }).waitFor();
  await new Promise((r) => setTimeout(r, 300));
  release();
  await page.waitForFunction(() => document.activeElement?.id === 'fees-heading', null, { timeout: 10000 });
  assert.equal(await page.getByLabel('Customer name').inputValue(), 'Fabrikam Foods');
  assertClean(assert, seen);
  await context.close();
});

test('a part served without the wasm MIME type still loads', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  const all = new Set(Object.values(split).flat());
  const forget404s = await noBundles(page, seen); // file by file, each as the server sends it
  await page.route((url) => all.has(url.pathname.split('/').pop()), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await loadExample(page);
  await page.getByLabel('For partners').check();
  await expectText(assert, page.getByLabel('MOSP first-year total'), '44,880.00');
  assert.deepEqual(fetched(seen, split.partner_mode).sort(), [...split.partner_mode].sort());
  forget404s();
  assertClean(assert, seen);
  await context.close();
});

test('pointer or focus on the control that shows a part fetches it before the click', async () => {
  const split = await parts();
  const { page, context, seen } = await openApp(env.browser, env.server.url, { serviceWorkers: 'block' });
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP first year'), '44,880.00');
  await page.getByText('For partners', { exact: true }).hover();
  await arrived(page, split.partner_mode);
  assert.equal(await page.getByLabel('For partners').isChecked(), false, 'nothing was chosen');
  await page.getByRole('button', { name: 'Saved quotes' }).focus();
  await arrived(page, split.saved_quotes);
  // The click then shows them from what was fetched: no loading line, nothing fetched twice.
  await page.getByLabel('For partners').check();
  await expectText(assert, page.getByLabel('MOSP first-year total'), '44,880.00');
  for (const f of new Set([...split.partner_mode, ...split.saved_quotes])) {
    assert.ok(timesCame(seen.requests, f) >= 1, f);
    assert.ok(seen.requests.filter((u) => u.endsWith('/' + f)).length <= 1, `${f} on its own at most once`);
  }
  assertBundled(seen.requests, split.partner_mode); // all of it was to come
  assertClean(assert, seen);
  await context.close();
});
