// Shared by the browser tests: a static server for dist/, Debian Chromium through
// playwright-core, and a page that records everything a test must be able to assert on.
import { before, after, afterEach } from 'node:test';
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const AXE_PATH = join(ROOT, 'node_modules/axe-core/axe.min.js');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ on 127.0.0.1 at a free port. Resolves to { url, close }.
 * With `{ gzip: true }`, a request that accepts gzip gets `Content-Encoding: gzip`: the
 * file's precompressed `.gz` copy when there is one (zopfli's; `copies: false` skips
 * them), else the file compressed at level 9 (as `gzip -9`, once per file).
 * `onSend(path, bytes, encoding)` hears each response.
 * With `{ line: { rate, latency } }`, every response waits `latency` ms, then all of them
 * share one line of `rate` bytes a second (tests/browser/perf.mjs: a slow first visit,
 * where the page's downloads and its service worker's compete as on a real network).
 */
export async function startServer(dir = DIST, { gzip = false, copies = true, onSend, line } = {}) {
  const compressed = new Map();
  let lineFree = 0; // when the shared line has sent everything queued on it so far
  const send = async (res, body) => {
    for (let i = 0; i < body.length && !res.destroyed; i += 8192) {
      const chunk = body.subarray(i, i + 8192);
      const now = Date.now();
      lineFree = Math.max(now, lineFree) + (chunk.length / line.rate) * 1000;
      await new Promise((ok) => setTimeout(ok, lineFree - now));
      res.write(chunk);
    }
    res.end();
  };
  await stat(join(dir, 'index.html')).catch(() => {
    throw new Error(`${dir}/index.html is missing: build first (./dev.sh build)`);
  });
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const headers = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (gzip) {
        headers.vary = 'accept-encoding';
        if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
          if (!compressed.has(file)) {
            const nine = () => gzipSync(body, { level: 9 });
            compressed.set(file, copies ? await readFile(file + '.gz').catch(nine) : nine());
          }
          body = compressed.get(file);
          headers['content-encoding'] = 'gzip';
        }
      }
      onSend?.(path, body.length, headers['content-encoding'] ?? 'identity');
      if (line) await new Promise((ok) => setTimeout(ok, line.latency));
      res.writeHead(200, headers);
      if (line) await send(res, body);
      else res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  // Closing also drops the browser's kept-alive connections: a closed server is gone.
  return { url, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}

/** The flags this closed network needs. */
export const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Debian Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: BROWSER_ARGS });
}

/** Holds every request of `page` to a URL matching `pattern` until the function it
 *  resolves to is called: a file that is slow to arrive, as on a slow network. */
export async function holdRequests(page, pattern) {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(pattern, async (route) => { await held; await route.continue(); });
  return release;
}

/**
 * An init script (`context.addInitScript(recordFontWarmUp)`): notes in `window.__warm`
 * each out-of-sight box the loaders lay fonts out in (guard.js on the app page,
 * licalc-widget.js in each shadow root): the element's id (null for the page), whether
 * the box was already gone, whether a loading line was still shown, and the computed
 * weight and size of each of its spans (put back for a moment to read them).
 */
export function recordFontWarmUp() {
  const warm = (window.__warm = []);
  const seen = new WeakSet();
  const watch = (root, id) => new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (seen.has(node) || node.style?.visibility !== 'hidden' || node.style.position !== 'absolute') continue;
        seen.add(node);
        const removed = !node.isConnected;
        r.target.append(node);
        const fonts = [...node.children].map((span) => `${getComputedStyle(span).fontWeight} ${getComputedStyle(span).fontSize}`);
        node.remove();
        warm.push({ id, removed, loading: !!root.querySelector('p.loading'), fonts });
      }
    }
  }).observe(root, { childList: true, subtree: true });
  watch(document, null);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    watch(root, this.id);
    return root;
  };
}

/** How many fonts a `--licalc-fonts` value lists ("400 .75 .8 / 600 1" lists three). */
export const fontCount = (value) => value.replace(/"/g, '').split('/').flatMap((g) => g.trim().split(/\s+/).slice(1)).length;

/** Each weight and size ("700 16.8px") of visible text on the page, or in its widgets. */
export const fontsUsed = (page, { widgets = false } = {}) => page.evaluate((inWidgets) => {
  const seen = new Set();
  const roots = inWidgets ? [...document.querySelectorAll('licalc-calculator')].map((el) => el.shadowRoot) : [document.body];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el.checkVisibility({ visibilityProperty: true })) continue;
      const c = getComputedStyle(el);
      seen.add(`${c.fontWeight} ${c.fontSize}`);
    }
  }
  return [...seen].sort();
}, widgets);

/** A test file's server over `dist/` and its browser, started in `before` and closed in
 * `after`: `const env = useServerAndBrowser();` then `env.server`, `env.browser`. */
export function useServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
    recordPages(env.browser);
  });
  afterEach(async (t) => {
    if (!t.passed) await describePages(t, env.browser);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Each page's console and errors, kept for [`describePages`]. */
const pageLogs = new WeakMap();

/** Keeps what every page of this browser's new contexts says in its console. */
function recordPages(browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('page', (page) => {
      const log = [];
      pageLogs.set(page, log);
      page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => log.push(`page error: ${e}`));
      page.on('requestfailed', (r) => log.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    });
    return context;
  };
}

/**
 * After a failed test, says what each page still open showed: its address, its console
 * and errors, the notices and alerts on it and the focused element. A timeout alone
 * ("waiting for …") does not say whether the page had stopped or was elsewhere.
 */
async function describePages(t, browser) {
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      const lines = [`page ${page.url()}`, ...(pageLogs.get(page) ?? []).slice(-30)];
      const shown = page.evaluate(() => ({
        notices: [...document.querySelectorAll('[role=alert], [role=status], .notice')].map((e) => e.textContent.trim()).filter(Boolean).slice(0, 12),
        focused: ((e) => e && e !== document.body ? `${e.tagName} ${e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 60)}` : null)(document.activeElement),
        scroll: [scrollX, scrollY],
      }));
      const stuck = new Promise((r) => setTimeout(() => r({ unresponsive: 'the page did not answer in 5 s: its main thread is busy' }), 5000));
      const answer = await Promise.race([shown.catch((e) => ({ unreadable: String(e) })), stuck]);
      lines.push(`shown: ${JSON.stringify(answer)}`);
      for (const line of lines) t.diagnostic(line);
    }
  }
}

/**
 * Opens the app in a fresh context and waits for it to mount. The returned `seen`
 * collects console errors, page errors and requests to any other origin.
 */
export async function openApp(browser, url, { width = 1280, height = 900, colorScheme = 'light', hash = '', locale = 'en-US', reducedMotion = 'no-preference', serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, locale, reducedMotion, serviceWorkers });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const seen = { consoleErrors: [], pageErrors: [], foreignRequests: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') seen.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  page.on('request', (r) => {
    seen.requests.push(r.url());
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) seen.foreignRequests.push(r.url());
  });
  await page.goto(url + hash);
  await page.locator('.licalc h1').waitFor({ timeout: 20000 });
  return { page, context, seen };
}

/**
 * Opens `url` in a fresh context (a visitor whose saved mode is `prefs`, if given) and
 * notes `snapshot()`, run in the page, when `selector` first holds a figure
 * (`window.__atFirstResult`) and again in the frame that paints it
 * (`window.__atFirstFrame`): what a cold load builds before its first result.
 */
export async function openAtFirstResult(browser, url, { width = 1280, height = 900, prefs, selector, snapshot }) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  if (prefs) await context.addInitScript((v) => localStorage.setItem('licalc:v1:prefs', v), prefs);
  await context.addInitScript({ content: `(${firstResultProbe})(${JSON.stringify(selector)}, ${snapshot})` });
  const page = await context.newPage();
  const seen = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  page.on('console', (m) => { if (m.type() === 'error') seen.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.__atFirstFrame);
  return { page, context, seen };
}

/** openAtFirstResult's probe (runs in the page before its scripts). */
function firstResultProbe(selector, snapshot) {
  const seen = new MutationObserver(() => {
    const figure = document.querySelector(selector);
    if (!figure || !/\d/.test(figure.textContent)) return;
    seen.disconnect();
    window.__atFirstResult = snapshot();
    requestAnimationFrame(() => { window.__atFirstFrame = snapshot(); });
  });
  seen.observe(document, { subtree: true, childList: true, characterData: true });
}

/** The app in partner mode on the Contoso example (what the partner journeys start from). */
export async function openPartner(browser, url, opts = {}) {
  const app = await openApp(browser, url, opts);
  await app.page.getByLabel('For partners').check();
  await loadExample(app.page);
  await app.page.getByLabel('MOSP first-year total').waitFor();
  return app;
}

/**
 * Loads the Contoso example and waits until it is the quote: it is read by the reader
 * part (src/parts.rs), so it arrives a moment after the click, not with it.
 */
export async function loadExample(page) {
  await quoteAction(page, 'Load example');
  await page.getByText('The Contoso example is loaded.').first().waitFor({ timeout: 10000 });
}

/** Clicks a button of the toolbar, opening its menu first on a narrow screen. */
export async function quoteAction(page, name) {
  const menu = page.getByRole('button', { name: 'Quote actions' });
  if (await menu.isVisible() && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await page.getByRole('button', { name, exact: true }).click();
}

/**
 * Scrolls an element into view and waits until it stays put. Panels and rows out of view
 * skip rendering (content-visibility: auto) at an estimated height; after a jump, those
 * that come near the view render at their real height a few frames later and the
 * element moves (by 200 px measured, at "Add transaction"). Playwright checks only the
 * press of a click against the element, so a click whose release lands after the move
 * is lost (focus on the button, no click). A person does not click in those frames.
 */
export async function inView(locator) {
  await locator.scrollIntoViewIfNeeded();
  await locator.evaluate((el) => new Promise((resolve) => {
    let last = '';
    let same = 0;
    const check = () => {
      const r = el.getBoundingClientRect();
      const now = `${r.x},${r.y},${r.width},${r.height}`;
      same = now === last ? same + 1 : 0;
      last = now;
      if (same >= 5) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }));
  return locator;
}

/** Waits until the panels below partner mode's results (the charts, the fees, the month
 *  tables) show the last edit: they follow it when the browser is idle after drawing it
 *  (src/state.rs, `later`). For reading their figures right after an edit. */
export async function settled(page) {
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestAnimationFrame(() => resolve()))));
}

/** Waits until a locator's text contains `expected` (results update asynchronously). */
export async function expectText(assert, locator, expected) {
  await locator.filter({ hasText: expected }).first().waitFor({ timeout: 5000 }).catch(() => {});
  const text = (await locator.first().textContent()).trim();
  assert.ok(text.includes(expected), `expected "${expected}" in "${text}"`);
}

/** Asserts nothing went wrong on the page: no console or page errors, no foreign requests. */
export function assertClean(assert, seen) {
  assert.deepEqual(seen.pageErrors, [], 'page errors');
  assert.deepEqual(seen.consoleErrors, [], 'console errors');
  assert.deepEqual(seen.foreignRequests, [], 'requests to other hosts');
}

/** Runs axe-core on the page; resolves to its violations (id, impact, help, targets). */
export async function axeViolations(page) {
  // Evaluated rather than added as a <script>: the app's CSP refuses inline scripts.
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  // Panels out of view skip rendering (content-visibility: auto, style/app.css) until
  // they come near the viewport; axe scrolls to each element and reads its colours at
  // once, sometimes before the panel is rendered, and then reports a contrast it made
  // up. Everything is rendered while axe runs, as it is once the user scrolls to it.
  const result = await page.evaluate(async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('* { content-visibility: visible !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    try {
      return await window.axe.run(document, { resultTypes: ['violations'] });
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}
