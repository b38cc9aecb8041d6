// The app loads as a visitor would get it: it mounts, logs no errors, asks no other host
// for anything, and a keyboard user reaches the first input with Tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, assertClean, quoteAction, useServerAndBrowser, recordFontWarmUp, fontCount, fontsUsed, holdRequests, loadExample } from './helpers.mjs';

const env = useServerAndBrowser();

test('the app mounts and shows its title', async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Licensing calculator/ }).waitFor());
  await context.close();
});

test('no console errors, no page errors, no request to another host', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await page.waitForLoadState('networkidle');
  assertClean(assert, seen);
  assert.ok(seen.requests.some((u) => u.endsWith('.wasm')), 'the wasm module was loaded from the own origin');
  // guard.js's head start for Intl hooked instantiateStreaming for one call only.
  assert.equal(await page.evaluate(() => /\[native code\]/.test(String(WebAssembly.instantiateStreaming))), true);
  await context.close();
});

test('while the wasm loads, guard.js lays out every font the first result uses, out of sight', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
  try {
    await context.addInitScript(recordFontWarmUp);
    const page = await context.newPage();
    // A slow wasm: the page is idle meanwhile, so guard.js gets through the whole list.
    const release = await holdRequests(page, /licalc-web-[0-9a-f]+_bg\.wasm$/);
    try {
      await page.goto(env.server.url);
      const count = fontCount(await page.evaluate(() => getComputedStyle(document.querySelector('.licalc')).getPropertyValue('--licalc-fonts')));
      await page.waitForFunction((n) => window.__warm.flatMap((w) => w.fonts).length >= n, count, { timeout: 20000 });
    } finally {
      release();
    }
    await page.getByLabel('For customers').waitFor();
    const warm = await page.evaluate(() => window.__warm);
    assert.ok(warm.every((w) => w.id === null && w.removed && w.loading), 'each box removed at once, while the page said it was loading');
    const fonts = warm.flatMap((w) => w.fonts);
    assert.equal(new Set(fonts).size, fonts.length, 'each laid out once');
    // The list is style/app.css's --licalc-fonts: it must cover every weight and size of
    // the first result in both modes, on a phone and on a desktop.
    const list = new Set(fonts);
    assert.ok(list.size >= 10, `${list.size} fonts`);
    const missing = new Set();
    for (const width of [1366, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [mode, figure] of [['For customers', 'MOSP first year'], ['For partners', 'MOSP first-year total']]) {
        await page.getByLabel(mode).check();
        await loadExample(page);
        await page.getByLabel(figure).waitFor();
        await page.waitForTimeout(300); // partner mode's panels come a frame later
        for (const f of await fontsUsed(page)) if (!list.has(f)) missing.add(`${f} (${mode}, ${width} px)`);
      }
    }
    assert.deepEqual([...missing], [], 'fonts the first result uses that --licalc-fonts (style/app.css) lacks');
  } finally {
    await context.close();
  }
});

test('the static first paint needs no file but the page: its stylesheet is inline, allowed by its hash', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.sample}`));
    });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // The wasm held back: what paints meanwhile is the page's own.
    const release = await holdRequests(page, /licalc-web-[0-9a-f]+_bg\.wasm$/);
    try {
      await page.goto(env.server.url);
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
      const loading = page.getByRole('status');
      assert.equal(await loading.textContent(), 'Loading the calculator…');
      // Styled by style/app.css: the app's box has its maximum width and its font list.
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.licalc')).maxWidth), '1680px');
      assert.notEqual(await page.evaluate(() => getComputedStyle(document.querySelector('.licalc')).getPropertyValue('--licalc-fonts').trim()), '');
      assert.equal(await page.locator('link[rel="stylesheet"]').count(), 0, 'no stylesheet link');
      assert.deepEqual(requests.filter((p) => p.endsWith('.css')), [], 'no request for a style file');
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    } finally {
      release();
    }
    await page.getByLabel('For customers').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
  } finally {
    await context.close();
  }
});

test('the first Tab reaches a skip link to the answer, the next the first control, which has a label', async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to the answer');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const label = el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? '';
    const first = document.querySelector('.licalc input, .licalc select, .licalc textarea');
    return { tag: el?.tagName, label: label.trim(), isFirst: el === first };
  });
  assert.ok(['INPUT', 'SELECT', 'TEXTAREA'].includes(focused.tag), `focused ${focused.tag}`);
  assert.ok(focused.isFirst, 'the first form control gets focus after the skip link');
  assert.notEqual(focused.label, '', 'the first input has an accessible label');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'answer-heading', 'the skip link moves focus to the answer');
  await context.close();
});

test('headings are in order: one h1, then h2 per section, h3 inside, in both modes', async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  for (const mode of ['For customers', 'For partners']) {
    await page.getByLabel(mode).check();
    await loadExample(page);
    await page.waitForTimeout(300);
    const levels = await page.evaluate(() => [...document.querySelectorAll('.licalc h1, .licalc h2, .licalc h3, .licalc h4')].filter((h) => !h.closest('dialog')).map((h) => Number(h.tagName[1])));
    assert.equal(levels[0], 1, mode);
    assert.equal(levels.filter((l) => l === 1).length, 1, `${mode}: one h1`);
    for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `${mode}: h${levels[i]} after h${levels[i - 1]} at ${i}`);
  }
  await context.close();
});
