// The app loads as a visitor would get it: it mounts, logs no errors, asks no other host
// for anything, and a keyboard user reaches the first input with Tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, assertClean, quoteAction, useServerAndBrowser } from './helpers.mjs';

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
    await quoteAction(page, 'Load example');
    await page.waitForTimeout(300);
    const levels = await page.evaluate(() => [...document.querySelectorAll('.licalc h1, .licalc h2, .licalc h3, .licalc h4')].filter((h) => !h.closest('dialog')).map((h) => Number(h.tagName[1])));
    assert.equal(levels[0], 1, mode);
    assert.equal(levels.filter((l) => l === 1).length, 1, `${mode}: one h1`);
    for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `${mode}: h${levels[i]} after h${levels[i - 1]} at ${i}`);
  }
  await context.close();
});
