// Issue 16's measuring tool (not a test file; nothing here fails on timing): the app
// (dist/) beside the floor app (bench/floor/dist: a Leptos 0.8 counter with rust_decimal,
// built by the same tools and profile), in one run. `./dev.sh perf` builds both and runs
// this; by hand: `node tests/browser/perf.mjs` after building both.
//
// It prints a summary table (Markdown) and then the detail behind each figure:
//   sizes        every file each page loads in Chromium, gzip -9 (what a server compressing
//                on the fly sends; the loads below are served so) and the build's own .gz copy,
//                and the totals: floor page, full app page, widget host page (customer
//                mode); then scripts/size-report.mjs's page totals over dist/.
//   cold loads   LOADS (default 9) of each page, floor, app (in APP_VIEW's mode and in the
//                other), and widget host page
//                interleaved (alternating the order), each in a fresh browser context with the cache
//                disabled, service workers blocked, files served gzipped. Two conditions:
//                desktop (no throttling, 1280x900) and phone-like (4x CPU throttling, a
//                DevTools "Fast 3G" network: 562.5 ms latency, 180,000 B/s down, 84,375 B/s
//                up; 412x915). Figures are ms from navigation start:
//                  FCP           first contentful paint (paint timing),
//                  first result  the result painted: a mutation observer sees it in the
//                                DOM, then one animation frame and one task (the frame's
//                                paint is done on the main thread; FCP, a presentation
//                                time, can come a few ms after it on the same frame):
//                                the app: the "MOSP first-year total" figure, partner mode
//                                on the Contoso example opened from a share link (the
//                                static skeleton in index.html has no figure); the floor:
//                                the counter's value, which only the wasm renders; the
//                                widget: example-host.html's first `licalc-ready` event
//                                (its form is mounted in a shadow root), then as above.
//                  after the wasm's last byte  first result less the last byte of the
//                                wasm files fetched before it (resource timing): the
//                                CPU's share (instantiate, first build, first frame);
//                                the rest is the network's (round trips and bytes).
//   first visit  FIRST_VISITS (default 5) cold loads of the app, service worker allowed and
//                blocked in turn, over one slow line that all downloads share (the
//                server's: 180,000 B/s, 150 ms before each response), 4x CPU, 412x915:
//                what the worker's precache costs the first result of a first visit.
//   start-up     STARTUP_TRACES (default 3) traced desktop cold loads of each page: the
//                main thread's script time before the first result, the wasm functions
//                V8 compiled within it on their first call (it compiles lazily, on the
//                main thread), and style and layout; thread ms, medians.
//   heap         JS heap (CDP Runtime.getHeapUsage after a forced GC) and the wasm linear
//                memory (the WebAssembly.Memory of Trunk's loader, from its
//                TrunkApplicationStarted event) after load, and for the app after
//                importing the large quote (200 transactions x 120 months x 20 partners).
//   edits        200 transactions at each horizon (36, 120, 240 months), imported through
//                the app's "Import quote" box, then EDITS (default 20) edits to one
//                quantity, each started just after a frame and timed from the input
//                event to: recompute + DOM (next task), + layout (offsetHeight forced),
//                painted (next animation frame, then a task), and settled: the panels
//                that follow an edit when the browser is idle (the charts, the fees, the
//                month tables; src/state.rs `later`) updated and drawn too (the first
//                animation frame after painted that sees the cumulative chart's new
//                name, then a task: a frame late at most); unthrottled and at 4x CPU.
//   CLI          target/native/licalc on the large quote: wall time and peak RSS
//                (GNU time), median of CLI_RUNS (default 11).
// The machine's load average is printed at the start and the end: compare runs only
// when it is low.
//
// Options (environment): LOADS=9, FIRST_VISITS=5, STARTUP_TRACES=3, EDITS=20, HORIZONS=36,120,240, TX=200, CLI_RUNS=11,
// APP_VIEW=partner|customer (customer: wait for "MOSP first year" in customer mode).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer, launchBrowser, DIST } from './helpers.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const FLOOR_DIST = join(ROOT, 'bench/floor/dist');
const LOADS = Number(process.env.LOADS ?? 9);
const EDITS = Number(process.env.EDITS ?? 20);
const TX = Number(process.env.TX ?? 200);
const HORIZONS = (process.env.HORIZONS ?? '36,120,240').split(',').map(Number);
const CLI_RUNS = Number(process.env.CLI_RUNS ?? 11);
const APP_VIEW = process.env.APP_VIEW ?? 'partner';
const FIRST_VISITS = Number(process.env.FIRST_VISITS ?? 5);
const STARTUP_TRACES = Number(process.env.STARTUP_TRACES ?? 3);
const LOAD_TIMEOUT = 120_000;

const DESKTOP = { name: 'desktop', viewport: { width: 1280, height: 900 } };
// DevTools' "Fast 3G" preset (since renamed "Slow 4G"): 562.5 ms, 1.44 Mbit/s, 675 kbit/s.
const PHONE = {
  name: 'phone-like', viewport: { width: 412, height: 915 }, cpu: 4,
  network: { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 },
};

// A first visit as a phone makes it: CPU 4x slower and one slow line that every download
// shares, the service worker's precache too (CDP's throttling is per page: the worker's
// downloads would not compete). Served by startServer's `line`; the app only.
const FIRST_VISIT = { name: 'first visit', viewport: PHONE.viewport, cpu: 4, line: { rate: 180_000, latency: 150 } };

// ---------------------------------------------------------------- small helpers
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x).toLocaleString('en-US')} ms` : 'n/a');
const ms1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KB` : 'n/a');
const mb = (n) => (Number.isFinite(n) ? `${(n / 1048576).toFixed(2)} MB` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}x` : '');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const say = (s = '') => console.log(s);
const log = (s) => process.stderr.write(`  ${s}\n`);

// ---------------------------------------------------------------- quotes
const SERVICES = ['bpos-standard', 'exchange-online', 'sharepoint-online', 'bpos-deskless', 'intune', 'office-live-meeting'];
const contoso = JSON.parse(readFileSync(join(ROOT, 'examples/quotes/contoso.json'), 'utf8'));

/** As engine/benches/compute.rs `quote(n, h, partners)`: every part of the engine works. */
function largeQuote(n, h, partners) {
  const always = { membership: [{ from_month: 1 }], agreement: [{ from_month: 1 }], assessment: [{ from_month: 1 }] };
  return {
    ...contoso,
    horizon_months: h,
    transactions: Array.from({ length: n }, (_, i) => ({
      id: `t${i}`,
      service: SERVICES[i % SERVICES.length],
      quantity: 5 + ((i * 37) % 400),
      start_month: 1 + ((i * 7) % h),
      ...(i % 6 === 4 ? { sa_covered_devices: i % 5 } : i % 5 ? { step_up_units: i % 5 } : {}),
    })),
    partners: Array.from({ length: partners }, (_, p) => ({ id: `p${p}`, name: `Partner ${p}`, eligibility: always })),
    por: SERVICES.map((id, s) => ({
      scope: { service: id },
      changes: Array.from({ length: Math.ceil(h / 12) }, (_, y) => ({ from_month: y * 12 + 1, partner: `p${(s + y) % partners}` })),
    })),
  };
}

/** The quote the edits run on (the earlier perf.mjs's): TX transactions, two partners. */
function editQuote(horizon) {
  const services = ['bpos-standard', 'exchange-online', 'intune', 'sharepoint-online', 'bpos-deskless'];
  const eligible = { membership: { from_month: 1 }, agreement: { from_month: 1 }, assessment_passed_month: 1 };
  return {
    format: 1,
    customer: { name: 'Perf Ltd', agreement: 'ea', qualified: 5000 },
    horizon_months: horizon,
    transactions: Array.from({ length: TX }, (_, i) => ({
      id: `t${i + 1}`, service: services[i % services.length], quantity: 20 + (i % 50), start_month: 1 + (i % 12),
    })),
    partners: [{ id: 'a', name: 'Partner A', eligibility: eligible }, { id: 'b', name: 'Partner B', eligibility: eligible }],
    por: services.map((s) => ({ scope: { service: s }, changes: [{ from_month: 1, partner: 'a' }, { from_month: 7, partner: 'b' }] })),
  };
}

// ---------------------------------------------------------------- the CLI
function buildCli() {
  log('building the CLI (cargo build --profile native -p licalc-engine --bin licalc)');
  const r = spawnSync('cargo', ['build', '--profile', 'native', '-q', '-p', 'licalc-engine', '--bin', 'licalc'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('could not build the CLI');
  return join(ROOT, 'target/native/licalc');
}

function shareLink(cli) {
  const r = spawnSync(cli, ['link', 'encode', join(ROOT, 'examples/quotes/contoso.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`licalc link encode failed: ${r.stderr}`);
  const text = r.stdout.trim();
  return text.slice(text.indexOf('#'));
}

function cliLarge(cli, file) {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const runs = [];
  const out = spawnSync(cli, [file], { maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`licalc refused the large quote: ${out.stderr}`);
  for (let i = 0; i < CLI_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = time
      ? spawnSync(time, ['-f', '%M %e', cli, file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
      : spawnSync(cli, [file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`licalc failed: ${r.stderr}`);
    const rss = time ? Number(r.stderr.trim().split('\n').pop().split(' ')[0]) * 1024 : NaN;
    runs.push({ wall, rss });
  }
  return { wall: median(runs.map((r) => r.wall)), rss: median(runs.map((r) => r.rss)), outBytes: out.stdout.length, runs };
}

// ---------------------------------------------------------------- pages
// The script each page gets before its own: when the result shows (a mutation observer
// checks the selector), note the time, then the next frame and a task after it (painted);
// keep the wasm memory of Trunk's loader.
function probe({ selector }) {
  const perf = (window.__perf = {});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') perf.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => {
    perf.started = performance.now();
    perf.memory = e.detail?.wasm?.memory;
  });
  const shown = () => {
    const el = document.querySelector(selector);
    return el && /\d/.test(el.textContent);
  };
  const seen = new MutationObserver(() => {
    if (perf.dom || !shown()) return;
    perf.dom = performance.now();
    performance.mark('licalc-perf-result');
    seen.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { perf.painted = performance.now(); };
      channel.port2.postMessage(0);
    });
  });
  seen.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** The widget's probe: its first `licalc-ready` (the form mounted in the shadow root,
 *  which a document observer cannot see), then one frame and one task, as `probe`. */
function widgetProbe() {
  const perf = (window.__perf = {});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') perf.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  addEventListener('licalc-ready', () => {
    if (perf.dom) return;
    perf.dom = performance.now();
    performance.mark('licalc-perf-result');
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { perf.painted = performance.now(); };
      channel.port2.postMessage(0);
    });
  });
}

const SELECTOR = { customer: '[aria-label="MOSP first year"]', partner: '[aria-label="MOSP first-year total"]' };
const OTHER_VIEW = APP_VIEW === 'customer' ? 'partner' : 'customer';

function pages(appUrl, floorUrl, link) {
  return {
    floor: { name: 'floor', url: floorUrl, selector: '#floor-value' },
    app: { name: 'app', url: appUrl + link, selector: SELECTOR[APP_VIEW], view: APP_VIEW, partner: APP_VIEW !== 'customer' },
    // The same link in the other mode: customer mode is what most visitors see first.
    other: { name: `app, ${OTHER_VIEW} mode`, url: appUrl + link, selector: SELECTOR[OTHER_VIEW], view: OTHER_VIEW },
    widget: { name: 'widget', url: appUrl + 'example-host.html', selector: 'licalc-ready', widget: true },
  };
}

async function newContext(browser, target, condition) {
  const context = await browser.newContext({ viewport: condition.viewport, serviceWorkers: condition.worker ? 'allow' : 'block', locale: 'en-US' });
  // The mode, as a visitor who chose it before (the app's saved preference).
  const view = target.view ?? (target.partner ? 'partner' : null);
  if (view) await context.addInitScript((v) => localStorage.setItem('licalc:v1:prefs', v), view);
  if (target.widget) await context.addInitScript(widgetProbe);
  else await context.addInitScript(probe, { selector: target.selector });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (condition.cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  if (condition.network) await cdp.send('Network.emulateNetworkConditions', condition.network);
  return { context, page, cdp };
}

async function coldLoad(browser, target, condition) {
  const { context, page } = await newContext(browser, target, condition);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(target.url, { timeout: LOAD_TIMEOUT });
    await page.waitForFunction(() => window.__perf?.painted, null, { timeout: LOAD_TIMEOUT, polling: 50 }).catch((e) => {
      throw new Error(`${target.name}: no result (${target.selector}) within ${LOAD_TIMEOUT} ms ${errors.join('; ')}: ${e.message}`);
    });
    // Paint timing reports FCP once the frame is presented: a moment after the result
    // may be noted as painted (when the FCP frame is the result's own, as the floor's is).
    await page.waitForFunction(() => window.__perf.fcp, null, { timeout: 10_000, polling: 50 }).catch(() => {});
    return await page.evaluate(() => ({
      fcp: window.__perf.fcp ?? NaN,
      started: window.__perf.started ?? NaN,
      dom: window.__perf.dom,
      painted: window.__perf.painted,
      // The last byte of the wasm the result waited for (the main file and any part
      // fetched before the result; the widget's loader, which carries its wasm): what
      // comes after it is the CPU's.
      wasmIn: performance.getEntriesByType('resource')
        .filter((e) => /\.(wasm|bundle)$|\/licalc-widget\.js$/.test(new URL(e.name).pathname) && e.responseEnd <= window.__perf.dom)
        .reduce((last, e) => (Number.isNaN(last) || e.responseEnd > last ? e.responseEnd : last), NaN),
    }));
  } finally {
    await context.close();
  }
}

/**
 * Where the main thread's time goes before the first result, from one traced desktop
 * cold load (Chromium's trace): its scripts, and within them V8 compiling wasm functions
 * on their first call (lazily, on the main thread), and style and layout. Thread times
 * in ms (what the CPU spent, not waits for a busy machine); tracing slows the page, so
 * compare the parts with each other.
 */
async function startupTrace(browser, target) {
  const { context, page } = await newContext(browser, target, DESKTOP);
  try {
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8.wasm', 'blink.user_timing'] });
    await page.goto(target.url, { timeout: LOAD_TIMEOUT });
    await page.waitForFunction(() => window.__perf?.painted, null, { timeout: LOAD_TIMEOUT, polling: 50 });
    const events = JSON.parse(await browser.stopTracing()).traceEvents;
    const mark = events.find((e) => e.name === 'licalc-perf-result');
    if (!mark) throw new Error(`${target.name}: the trace has no result mark`);
    const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts < mark.ts);
    // Outermost only: a script event inside another (a microtask run inside a call) is
    // counted once, in the one around it.
    const outermost = (names) => {
      const kept = [];
      for (const e of main.filter((x) => names.includes(x.name)).sort((a, b) => a.ts - b.ts)) {
        const last = kept[kept.length - 1];
        if (!last || e.ts >= last.ts + last.dur) kept.push(e);
      }
      return kept.reduce((t, e) => t + (e.tdur ?? e.dur), 0) / 1000;
    };
    const lazy = main.filter((e) => e.name === 'wasm.CompileLazy');
    return {
      scripts: outermost(['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'BlinkScheduler_PerformMicrotaskCheckpoint', 'EventDispatch', 'TimerFire', 'FireAnimationFrame']),
      compiled: lazy.length,
      compiling: lazy.reduce((t, e) => t + (e.tdur ?? e.dur), 0) / 1000,
      layout: outermost(['Layout', 'UpdateLayoutTree']),
    };
  } finally {
    await context.close();
  }
}

async function heap(page, cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__perf?.memory?.buffer.byteLength ?? NaN);
  return { js: usedSize, wasm };
}

// ---------------------------------------------------------------- sizes
const gzCache = new Map();
function gz(file) {
  if (!gzCache.has(file)) {
    const bytes = readFileSync(file);
    const copy = `${file}.gz`; // the build's own (zopfli), which static hosts may send instead
    gzCache.set(file, { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length, shipped: existsSync(copy) ? readFileSync(copy).length : NaN });
  }
  return gzCache.get(file);
}

/** The files a page loads (its own requests, not a service worker's), with their sizes. */
async function pageFiles(browser, url, dir, { selector, ready, partner, settle = 0 } = {}) {
  const context = await browser.newContext({ viewport: DESKTOP.viewport, serviceWorkers: 'block' });
  if (partner) await context.addInitScript(() => localStorage.setItem('licalc:v1:prefs', 'partner'));
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const paths = new Set();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin === origin) paths.add(decodeURIComponent(u.pathname));
  });
  try {
    await page.goto(url, { waitUntil: 'networkidle', timeout: LOAD_TIMEOUT });
    if (selector) await page.locator(selector).first().waitFor({ timeout: LOAD_TIMEOUT });
    if (ready) await ready(page);
    if (settle) await page.waitForTimeout(settle);
    await page.waitForLoadState('networkidle');
  } finally {
    await context.close();
  }
  const base = new URL(url).pathname.replace(/[^/]*$/, '');
  return [...paths].sort().map((p) => {
    const rel = p.startsWith(base) ? p.slice(base.length) || 'index.html' : p;
    const file = join(dir, rel.endsWith('/') || rel === '' ? rel + 'index.html' : rel);
    return { file: rel, ...(existsSync(file) ? gz(file) : { raw: NaN, gz: NaN }) };
  });
}

// ---------------------------------------------------------------- edits
async function editToPaint(browser, appUrl, horizon) {
  const target = { name: 'app', selector: '[aria-label="MOSP horizon total"]', partner: true };
  const { context, page, cdp } = await newContext(browser, target, DESKTOP);
  try {
    await page.goto(appUrl, { timeout: LOAD_TIMEOUT });
    await page.getByLabel('Quote JSON').waitFor({ timeout: LOAD_TIMEOUT });
    await page.getByLabel('Quote JSON').fill(JSON.stringify(editQuote(horizon)));
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Import quote' }).click();
    await page.getByText(`Imported a quote with ${TX} transactions.`).waitFor({ timeout: LOAD_TIMEOUT });
    await page.locator('[aria-label="MOSP horizon total"]').first().waitFor();
    const importMs = Date.now() - t0;
    const id = await page.evaluate((tx) => {
      const mid = document.getElementById(`tx-t${Math.ceil(tx / 2)}-quantity`);
      return (mid ?? document.querySelector('input[id^="tx-"][id$="-quantity"]'))?.id;
    }, TX);
    if (!id) throw new Error('no quantity input to edit');
    const run = (start) => page.evaluate(async ({ id, edits, start }) => {
      const input = document.getElementById(id);
      const total = document.querySelector('[aria-label="MOSP horizon total"]');
      const chart = document.querySelector('svg[aria-label^="Cumulative customer cost"]');
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      // A task (not a microtask): runs after every microtask Leptos queued for its effects.
      const task = () => new Promise((r) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => r();
        channel.port2.postMessage(0);
      });
      const out = [];
      for (let i = 0; i <= edits; i++) {
        await frame();
        await task();
        const before = total.textContent;
        const chartBefore = chart.getAttribute('aria-label');
        const t = performance.now();
        input.value = String(start + i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await task();
        const dom = performance.now() - t;
        void document.body.offsetHeight;
        const layout = performance.now() - t;
        await frame();
        await task();
        const painted = performance.now() - t;
        if (total.textContent === before) throw new Error(`edit ${i} did not change the MOSP horizon total`);
        // The frame that draws the cumulative chart's new figures, and a task after it.
        for (let f = 0; ; f++) {
          await frame();
          if (chart.getAttribute('aria-label') !== chartBefore) break;
          if (f > 100) throw new Error(`edit ${i} did not change the cumulative chart`);
        }
        await task();
        const settled = performance.now() - t;
        out.push({ dom, layout, painted, settled });
      }
      return out.slice(1); // the first edit warms up
    }, { id, edits: EDITS, start });
    const fast = await run(300);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const slow = await run(600);
    const m = (xs, k) => median(xs.map((t) => t[k]));
    return {
      horizon, importMs,
      fast: { dom: m(fast, 'dom'), layout: m(fast, 'layout'), painted: m(fast, 'painted'), settled: m(fast, 'settled') },
      slow: { dom: m(slow, 'dom'), layout: m(slow, 'layout'), painted: m(slow, 'painted'), settled: m(slow, 'settled') },
    };
  } finally {
    await context.close();
  }
}

async function heapOfApp(browser, appUrl, link, large) {
  const target = { name: 'app', selector: '[aria-label="MOSP first-year total"]', partner: true };
  const { context, page, cdp } = await newContext(browser, target, DESKTOP);
  try {
    await page.goto(appUrl + link, { timeout: LOAD_TIMEOUT });
    await page.waitForFunction(() => window.__perf?.painted, null, { timeout: LOAD_TIMEOUT, polling: 50 });
    const loaded = await heap(page, cdp);
    await page.getByLabel('Quote JSON').fill(JSON.stringify(large));
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Import quote' }).click();
    await page.getByText(`Imported a quote with ${large.transactions.length} transactions.`).waitFor({ timeout: LOAD_TIMEOUT });
    const importMs = Date.now() - t0;
    const after = await heap(page, cdp);
    return { loaded, after, importMs };
  } finally {
    await context.close();
  }
}

async function heapOfFloor(browser, floorUrl) {
  const target = { name: 'floor', selector: '#floor-value' };
  const { context, page, cdp } = await newContext(browser, target, DESKTOP);
  try {
    await page.goto(floorUrl, { timeout: LOAD_TIMEOUT });
    await page.waitForFunction(() => window.__perf?.painted, null, { timeout: LOAD_TIMEOUT, polling: 50 });
    // The counter works: one click adds 1.10.
    await page.getByRole('button', { name: 'Add 1.10' }).click();
    await page.locator('#floor-value', { hasText: '1.10' }).waitFor({ timeout: 5000 });
    return await heap(page, cdp);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- the run
for (const [what, dir] of [['the app', DIST], ['the floor', FLOOR_DIST]]) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${what} is not built (${dir}): run ./dev.sh perf`);
}
const startLoad = load();
const started = new Date();
const cli = buildCli();
const link = shareLink(cli);
const large = largeQuote(200, 120, 20);
const tmp = mkdtempSync(join(tmpdir(), 'licalc-perf-'));
const largeFile = join(tmp, 'large.json');
const largeJson = JSON.stringify(large);
writeFileSync(largeFile, largeJson);

// What the servers sent: how many responses went out gzipped, and their bytes.
const sent = { app: { gzip: 0, identity: 0, bytes: 0 }, floor: { gzip: 0, identity: 0, bytes: 0 } };
const counter = (s) => (_, bytes, encoding) => { s[encoding] += 1; s.bytes += bytes; };
const appServer = await startServer(DIST, { gzip: true, copies: false, onSend: counter(sent.app) });
const floorServer = await startServer(FLOOR_DIST, { gzip: true, copies: false, onSend: counter(sent.floor) });
const browser = await launchBrowser();
const results = {};
try {
  const targets = pages(appServer.url, floorServer.url, link);

  log('sizes: the files each page loads');
  const sizes = {
    floor: await pageFiles(browser, floorServer.url, FLOOR_DIST, { selector: '#floor-value' }),
    app: await pageFiles(browser, appServer.url + link, DIST, { selector: targets.app.selector, partner: targets.app.partner }),
    // Partner mode and the desk are split off (scripts/split-app.mjs): each mode loads its own.
    other: await pageFiles(browser, appServer.url + link, DIST, { selector: targets.other.selector, partner: targets.other.view === 'partner' }),
    widget: existsSync(join(DIST, 'example-host.html'))
      ? await pageFiles(browser, appServer.url + 'example-host.html', DIST, {
        // Both widgets of the page mounted (customer mode: the form first).
        ready: async (page) => {
          for (const id of ['#first', '#second']) await page.locator(id).getByLabel('How many users?').waitFor({ timeout: LOAD_TIMEOUT });
        },
        settle: 500,
      })
      : null,
  };

  const loads = {};
  const kinds = sizes.widget ? ['floor', 'app', 'other', 'widget'] : ['floor', 'app', 'other'];
  for (const condition of [DESKTOP, PHONE]) {
    loads[condition.name] = { floor: [], app: [], other: [], widget: [] };
    for (let i = 0; i < LOADS; i++) {
      const order = i % 2 ? [...kinds].reverse() : kinds;
      for (const which of order) {
        const r = await coldLoad(browser, targets[which], condition);
        loads[condition.name][which].push(r);
      }
      log(`cold loads, ${condition.name}: ${i + 1}/${LOADS}`);
    }
  }

  // A first visit over one shared line, the service worker allowed and blocked in turn:
  // the difference is what its downloads cost the first result. A server per visit, so
  // nothing of one visit's downloads is left on the line for the next.
  loads[FIRST_VISIT.name] = { blocked: [], allowed: [] };
  for (let i = 0; i < FIRST_VISITS; i++) {
    for (const worker of i % 2 ? [true, false] : [false, true]) {
      const server = await startServer(DIST, { gzip: true, copies: false, line: FIRST_VISIT.line });
      try {
        const r = await coldLoad(browser, { ...targets.app, url: server.url + link }, { ...FIRST_VISIT, worker });
        loads[FIRST_VISIT.name][worker ? 'allowed' : 'blocked'].push(r);
      } finally {
        await server.close();
      }
    }
    log(`first visits over a shared line: ${i + 1}/${FIRST_VISITS}`);
  }

  log('start-up traces');
  const startup = {};
  for (const which of kinds) {
    const runs = [];
    for (let i = 0; i < STARTUP_TRACES; i++) runs.push(await startupTrace(browser, targets[which]));
    startup[which] = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
  }

  log('heap');
  const heapFloor = await heapOfFloor(browser, floorServer.url);
  const heapApp = await heapOfApp(browser, appServer.url, link, large);

  const edits = [];
  for (const h of HORIZONS) {
    log(`edits at ${h} months`);
    edits.push(await editToPaint(browser, appServer.url, h));
  }

  log('the CLI on the large quote');
  const cliRun = cliLarge(cli, largeFile);
  const browserVersion = browser.version();
  Object.assign(results, { sizes, loads, startup, heapFloor, heapApp, edits, cliRun, browserVersion });
} finally {
  await browser.close();
  await appServer.close();
  await floorServer.close();
  rmSync(tmp, { recursive: true, force: true });
}

// ---------------------------------------------------------------- the report
const { sizes, loads, startup, heapFloor, heapApp, edits, cliRun, browserVersion } = results;
const total = (list, k = 'gz') => (list ? list.reduce((t, f) => t + f[k], 0) : NaN);
const fig = (cond, which, k) => median(loads[cond][which].map((r) => r[k]));
const row = (cells) => say(`| ${cells.join(' | ')} |`);

say(`# licalc perf: floor and app in one run`);
say('');
say(`${started.toISOString()}; Chromium ${browserVersion}; ${cpus().length} cores; load average (1, 5, 15 min) at start: ${startLoad}`);
say(`Cold loads: ${LOADS} of each page per condition, floor, app and widget host page interleaved, each in a fresh context, cache disabled, service workers blocked, served gzip -9 on the fly for both (Content-Encoding: gzip; not the build's smaller zopfli copies, so that floor and app compare like for like).`);
say(`desktop: no throttling, ${DESKTOP.viewport.width}x${DESKTOP.viewport.height}. phone-like: CPU ${PHONE.cpu}x slower (Emulation.setCPUThrottlingRate), network as DevTools "Fast 3G" (Network.emulateNetworkConditions: ${PHONE.network.latency} ms latency, ${PHONE.network.downloadThroughput.toLocaleString('en-US')} B/s down, ${PHONE.network.uploadThroughput.toLocaleString('en-US')} B/s up), ${PHONE.viewport.width}x${PHONE.viewport.height}.`);
say(`App: ${APP_VIEW} mode on the Contoso example from a share link; first result = "${APP_VIEW === 'customer' ? 'MOSP first year' : 'MOSP first-year total'}" painted with a figure. The same in ${OTHER_VIEW} mode ("${OTHER_VIEW === 'customer' ? 'MOSP first year' : 'MOSP first-year total'}"), as one more page. Floor: first result = its counter value painted (no static HTML: its FCP is the wasm's render). Widget: example-host.html's first licalc-ready (its form mounted; the host page starts on an empty quote), painted.`);
say('');
row(['figure', 'floor', 'app', 'app / floor']);
row(['---', '---:', '---:', '---:']);
row([`gzip -9 bytes the page loads (${APP_VIEW} mode)`, kb(total(sizes.floor)), kb(total(sizes.app)), ratio(total(sizes.app), total(sizes.floor))]);
row([`the same, the app in ${OTHER_VIEW} mode`, kb(total(sizes.floor)), kb(total(sizes.other)), ratio(total(sizes.other), total(sizes.floor))]);
if (sizes.widget) row(['gzip -9 bytes the widget host page loads (example-host.html, customer mode)', '', kb(total(sizes.widget)), ratio(total(sizes.widget), total(sizes.floor))]);
row(['the same from the build\'s own .gz copies (zopfli; what a host serving them sends): page / widget host page', '', `${kb(total(sizes.app, 'shipped'))} / ${kb(total(sizes.widget, 'shipped'))}`, '']);
for (const cond of [DESKTOP.name, PHONE.name]) {
  for (const [k, label] of [['fcp', 'first contentful paint'], ['painted', 'first result']]) {
    const f = fig(cond, 'floor', k);
    const a = fig(cond, 'app', k);
    row([`${label}, ${cond}, median of ${LOADS}`, ms(f), ms(a), ratio(a, f)]);
  }
  {
    const f = fig(cond, 'floor', 'painted');
    const o = fig(cond, 'other', 'painted');
    row([`first result, the app in ${OTHER_VIEW} mode, ${cond}, median of ${LOADS}`, ms(f), ms(o), ratio(o, f)]);
  }
  if (loads[cond].widget.length) {
    const f = fig(cond, 'floor', 'painted');
    const w = fig(cond, 'widget', 'painted');
    row([`widget on its host page: first widget ready (licalc-ready) and painted, ${cond}, median of ${LOADS}`, ms(f), ms(w), ratio(w, f)]);
  }
  {
    // Network or CPU: how long the first result took after its wasm's last byte arrived.
    const after = (which) => median(loads[cond][which].map((r) => r.painted - r.wasmIn));
    const w = loads[cond].widget.length ? ` (widget ${ms(after('widget'))})` : '';
    row([`of the first result, the part after the wasm's last byte (instantiate, first build, first frame), ${cond}: app${w}`, ms(after('floor')), ms(after('app')), ratio(after('app'), after('floor'))]);
  }
}
{
  const fv = loads[FIRST_VISIT.name];
  const m = (k) => median(fv[k].map((r) => r.painted));
  row([`first result, first visit on one shared slow line (4x CPU, ${FIRST_VISIT.line.rate.toLocaleString('en-US')} B/s, ${FIRST_VISIT.line.latency} ms a request), service worker allowed / blocked, median of ${FIRST_VISITS}`, '', `${ms(m('allowed'))} / ${ms(m('blocked'))}`, ratio(m('allowed'), m('blocked'))]);
}
row(['JS heap after load', mb(heapFloor.js), mb(heapApp.loaded.js), ratio(heapApp.loaded.js, heapFloor.js)]);
row(['wasm memory after load', mb(heapFloor.wasm), mb(heapApp.loaded.wasm), ratio(heapApp.loaded.wasm, heapFloor.wasm)]);
row(['JS heap after the large quote (200 tx x 120 months x 20 partners)', '', mb(heapApp.after.js), '']);
row(['wasm memory after the large quote', '', mb(heapApp.after.wasm), '']);
for (const e of edits) {
  row([`one edit, ${TX} transactions, ${e.horizon} months: recompute + DOM / + layout / painted / settled (ms)`, '', `${ms1(e.fast.dom)} / ${ms1(e.fast.layout)} / ${ms1(e.fast.painted)} / ${ms1(e.fast.settled)}`, '']);
  row([`the same at 4x CPU (ms)`, '', `${ms1(e.slow.dom)} / ${ms1(e.slow.layout)} / ${ms1(e.slow.painted)} / ${ms1(e.slow.settled)}`, '']);
}
row(['CLI, large quote (200 tx x 120 months x 20 partners): wall time / peak RSS', '', `${ms1(cliRun.wall)} ms / ${mb(cliRun.rss)}`, '']);
say('');

say('## Files each page loads (gzip -9 as sent; raw bytes)');
for (const [name, list] of Object.entries(sizes)) {
  if (!list) continue;
  say(`${name}: ${kb(total(list))} gzip over ${list.length} files`);
  for (const f of list) say(`  ${f.file.padEnd(52)} ${String(f.raw).padStart(9)} raw ${String(f.gz).padStart(9)} gzip ${String(f.shipped).padStart(9)} .gz copy`);
}
for (const [name, n] of Object.entries(sent)) say(`${name} server, whole run: ${n.gzip} responses gzipped, ${n.identity} not; ${kb(n.bytes)} sent`);
const report = spawnSync('node', [join(ROOT, 'scripts/size-report.mjs'), DIST], { encoding: 'utf8' });
const pageLines = (report.stdout ?? '').split('\n').filter((l) => /^(full app page|widget on a host page)/.test(l));
if (pageLines.length) {
  say('scripts/size-report.mjs over dist/:');
  for (const l of pageLines) say(`  ${l}`);
}
say('');

say('## Cold loads, each (ms from navigation start: FCP / wasm started / first result)');
for (const cond of [DESKTOP.name, PHONE.name]) {
  for (const which of ['floor', 'app', 'other', 'widget']) {
    const list = loads[cond][which];
    if (!list.length) continue;
    say(`${cond} ${which === 'other' ? `app, ${OTHER_VIEW} mode` : which}: ${list.map((r) => `${Math.round(r.fcp)}/${Math.round(r.started)}/${Math.round(r.painted)}`).join('  ')}`);
    say(`  medians: FCP ${ms(fig(cond, which, 'fcp'))}, wasm started (TrunkApplicationStarted) ${ms(fig(cond, which, 'started'))}, result in the DOM ${ms(fig(cond, which, 'dom'))}, painted ${ms(fig(cond, which, 'painted'))}; the wasm's last byte ${ms(fig(cond, which, 'wasmIn'))}, painted after it ${ms(median(list.map((r) => r.painted - r.wasmIn)))}`);
  }
}
for (const worker of ['allowed', 'blocked']) {
  const list = loads[FIRST_VISIT.name][worker];
  say(`first visit, one shared line, service worker ${worker}: ${list.map((r) => `${Math.round(r.fcp)}/${Math.round(r.started)}/${Math.round(r.painted)}`).join('  ')}`);
}
say('');

say(`## Start-up: the main thread before the first result (desktop, traced, median of ${STARTUP_TRACES} cold loads; thread ms)`);
say('Tracing slows the page: compare the parts with each other, not with the loads above. wasm compiled = the functions V8 compiled (Liftoff) on their first call, on the main thread: the more distinct code the first render runs, the more of it.');
say(`${'page'.padEnd(24)} ${'scripts'.padStart(8)} ${'of which: wasm compiled on first call'.padStart(38)} ${'style + layout'.padStart(14)}`);
for (const [which, s] of Object.entries(startup)) {
  const name = which === 'other' ? `app, ${OTHER_VIEW} mode` : which === 'app' ? `app, ${APP_VIEW} mode` : which;
  const compiled = `${Math.round(s.compiled).toLocaleString('en-US')} functions, ${ms1(s.compiling)}`;
  say(`${name.padEnd(24)} ${ms1(s.scripts).padStart(8)} ${compiled.padStart(38)} ${ms1(s.layout).padStart(14)}`);
}
say('');

say(`## Edits (${TX} transactions, median of ${EDITS} edits after one warm-up; ms)`);
say(`${'months'.padStart(6)}  ${'import'.padStart(8)}  ${'DOM'.padStart(6)} ${'layout'.padStart(6)} ${'painted'.padStart(7)} ${'settled'.padStart(7)}  | 4x CPU: ${'DOM'.padStart(6)} ${'layout'.padStart(6)} ${'painted'.padStart(7)} ${'settled'.padStart(7)}`);
for (const e of edits) {
  say(`${String(e.horizon).padStart(6)}  ${ms(e.importMs).padStart(8)}  ${ms1(e.fast.dom).padStart(6)} ${ms1(e.fast.layout).padStart(6)} ${ms1(e.fast.painted).padStart(7)} ${ms1(e.fast.settled).padStart(7)}  |         ${ms1(e.slow.dom).padStart(6)} ${ms1(e.slow.layout).padStart(6)} ${ms1(e.slow.painted).padStart(7)} ${ms1(e.slow.settled).padStart(7)}`);
}
say('targets: + layout < 16 ms at every horizon; painted < 50 ms at 4x CPU. Settled: the panels below the results (charts, fees, month tables) updated and drawn as well; they follow an edit when the browser is idle after drawing it (AppState::later).');
say('');

say('## Heap');
say(`floor after load (and one click): JS ${mb(heapFloor.js)}, wasm memory ${mb(heapFloor.wasm)}`);
say(`app after load: JS ${mb(heapApp.loaded.js)}, wasm memory ${mb(heapApp.loaded.wasm)}`);
say(`app after importing the large quote (${heapApp.importMs} ms to import and render): JS ${mb(heapApp.after.js)}, wasm memory ${mb(heapApp.after.wasm)} (wasm memory never shrinks: this is its peak so far)`);
say('');

say('## CLI');
say(`target/native/licalc QUOTE.json on the large quote (${kb(largeJson.length)} in, ${kb(cliRun.outBytes)} of JSON out), median of ${CLI_RUNS} runs: wall ${ms1(cliRun.wall)} ms (process start to exit), peak RSS ${mb(cliRun.rss)}${existsSync('/usr/bin/time') ? ' (GNU time %M)' : ' (n/a: no /usr/bin/time)'}`);
say(`  each run (ms): ${cliRun.runs.map((r) => r.wall.toFixed(1)).join(' ')}`);
say('');
say(`load average (1, 5, 15 min) at start: ${startLoad}; at end: ${load()}; ${Math.round((Date.now() - started) / 1000)} s in all`);
