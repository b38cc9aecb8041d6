// The app loads as a visitor would get it: it mounts, logs no errors, asks no other host
// for anything, and a keyboard user reaches the first input with Tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, assertClean } from './helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the app mounts and shows its title', async () => {
  const { page, context } = await openApp(browser, server.url);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Licensing calculator/ }).waitFor());
  await context.close();
});

test('no console errors, no page errors, no request to another host', async () => {
  const { page, context, seen } = await openApp(browser, server.url);
  await page.waitForLoadState('networkidle');
  assertClean(assert, seen);
  assert.ok(seen.requests.some((u) => u.endsWith('.wasm')), 'the wasm module was loaded from the own origin');
  await context.close();
});

test('Tab from the top of the page reaches the first input, which has a label', async () => {
  const { page, context } = await openApp(browser, server.url);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const label = el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? '';
    const first = document.querySelector('.licalc input, .licalc select, .licalc textarea');
    return { tag: el?.tagName, label: label.trim(), isFirst: el === first };
  });
  assert.ok(['INPUT', 'SELECT', 'TEXTAREA'].includes(focused.tag), `focused ${focused.tag}`);
  assert.ok(focused.isFirst, 'the first form control gets focus first');
  assert.notEqual(focused.label, '', 'the first input has an accessible label');
  await context.close();
});
