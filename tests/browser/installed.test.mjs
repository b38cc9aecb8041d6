// The app as an installed, offline app under a strict Content-Security-Policy: it opens
// and computes with the network gone (saved quotes too), a new build offers a reload,
// Chromium finds it installable, and nothing it does breaks its own CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, launchBrowser, openApp, assertClean, expectText, quoteAction, DIST, BROWSER_ARGS, holdRequests, loadExample } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A private copy of dist/ on its own server, so a test can change or stop it. */
async function copy() {
  const dir = await mkdtemp(join(tmpdir(), 'licalc-sw-'));
  await cp(DIST, dir, { recursive: true });
  return { dir, server: await startServer(dir) };
}

/** Waits until the page is controlled by the service worker, all files precached. */
const controlled = (page) => page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
  }
  return navigator.serviceWorker.controller.scriptURL;
});

test('after one visit the app opens, computes and keeps saved quotes with the network gone', { timeout: 120000 }, async () => {
  const { dir, server } = await copy();
  const { page, context, seen } = await openApp(browser, server.url);
  assert.match(await controlled(page), /sw\.js$/);
  await page.getByLabel('For partners').check();
  await loadExample(page);
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('Before the flight');
  await page.getByRole('button', { name: 'Save quote' }).click();
  // The server is gone, not just throttled: every file must come from the cache.
  await server.close();
  await context.setOffline(true);
  const before = seen.requests.length;
  await page.reload();
  await page.locator('.licalc h1').waitFor({ timeout: 20000 });
  const t1 = page.getByRole('group', { name: 'Transaction t1: BPOS Standard Suite' });
  await t1.getByLabel('Quantity (users)').fill('150');
  await expectText(assert, page.getByLabel('MOSP first-month total'), '$4,040.00');
  await quoteAction(page, 'Saved quotes');
  await expectText(assert, page.getByRole('list', { name: 'Saved quotes' }), 'Before the flight');
  // The desk's code was never fetched before: the worker precached it with the rest.
  await page.getByLabel("Partner's desk").check();
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  // The worker answered for its own files only and cached nothing else.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const keys = (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat();
    return { names, keys };
  });
  assert.equal(cached.names.length, 1);
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  const listed = JSON.parse(sw.match(/const FILES = (\[.*\]);/)[1]);
  assert.deepEqual(cached.keys.map((u) => new URL(u).pathname.slice(1)).sort(), [...listed].sort());
  assert.ok(listed.includes('index.html') && listed.some((f) => f.endsWith('_bg.wasm')) && listed.includes('licalc-widget.js'));
  assert.ok(!listed.some((f) => /\.(gz|br)$/.test(f)), 'compressed copies are for hosts, not the cache');
  // Partner mode's files came from the cache one by one (web/preload-parts.js), not as the
  // bundle a first visit fetches, which the worker does not keep.
  assert.ok(!listed.some((f) => f.endsWith('.bundle')), 'bundles are for first visits, not the cache');
  assert.ok(!seen.requests.slice(before).some((u) => u.endsWith('.bundle')), 'no bundle asked for under the worker');
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
  await rm(dir, { recursive: true });
});

test('a first visit registers the worker only once the app has started: its downloads do not slow the first result', { timeout: 120000 }, async () => {
  // The worker downloads every built file. Started with the page, on a slow line it
  // shared the network with the app's wasm: a first result about twice as late.
  const { dir, server } = await copy();
  const context = await browser.newContext();
  const page = await context.newPage();
  const release = await holdRequests(page, /licalc-web-[0-9a-f]+_bg\.wasm$/);
  await page.goto(server.url);
  await expectText(assert, page.locator('#licalc-app p.loading'), 'Loading the calculator…');
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined), true, 'no worker while the wasm loads');
  release();
  await page.getByLabel('For customers').waitFor({ timeout: 20000 });
  assert.match(await controlled(page), /sw\.js$/, 'registered once the app started');
  await context.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('a new build is offered with "reload", and reloading runs it', { timeout: 120000 }, async () => {
  const { dir, server } = await copy();
  const { page, context, seen } = await openApp(browser, server.url);
  const version = await readFile(join(dir, 'build-hash.txt'), 'utf8');
  await controlled(page);
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.getByLabel('How many users?').fill('42');
  // A second build with one file changed: the finishing step re-lists and re-versions.
  const index = await readFile(join(dir, 'index.html'), 'utf8');
  await writeFile(join(dir, 'index.html'), index.replace('<title>Licensing calculator', '<title>New licensing calculator'));
  execFileSync('node', [join(DIST, '../scripts/finish-build.mjs')], { env: { ...process.env, TRUNK_STAGING_DIR: dir, LICALC_GZIP: 'fast' } });
  assert.notEqual(await readFile(join(dir, 'build-hash.txt'), 'utf8'), version, 'a new version');
  await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
  const banner = page.getByRole('status').filter({ hasText: 'A new version of the calculator is ready' });
  await banner.waitFor({ timeout: 20000 });
  assert.equal(await page.getByLabel('How many users?').inputValue(), '42', 'nothing changes until the user says so');
  await banner.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => document.title.startsWith('New licensing calculator'), null, { timeout: 20000 });
  await page.getByLabel('How many users?').waitFor();
  assert.equal(await page.getByLabel('How many users?').inputValue(), '42', 'the draft survives the reload');
  assertClean(assert, seen);
  await context.close();
  await server.close();
  await rm(dir, { recursive: true });
});

test('Chromium finds the app installable (manifest, icons, worker)', { timeout: 120000 }, async () => {
  const { dir, server } = await copy();
  // Installability is never offered in an incognito-like context: use a real profile.
  const profile = await mkdtemp(join(tmpdir(), 'licalc-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: BROWSER_ARGS });
  const page = await context.newPage();
  await page.goto(server.url);
  await controlled(page);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const { url, errors } = await cdp.send('Page.getAppManifest');
  assert.match(url, /manifest\.webmanifest$/);
  assert.deepEqual(errors, []);
  await context.close();
  await server.close();
  await rm(dir, { recursive: true });
  await rm(profile, { recursive: true });
});

test('a journey through every view breaks nothing of the strict CSP', { timeout: 120000 }, async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  const page = await context.newPage();
  await page.goto(server.url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  await page.getByLabel('How many users?').fill('300');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.getByRole('button', { name: /what it means/ }).first().click();
  await page.keyboard.press('Escape');
  await page.getByLabel('For partners').check();
  await loadExample(page);
  await page.getByLabel('MOSP first-year total').waitFor();
  await page.getByText('Monthly and cumulative cost as a table').first().click();
  await quoteAction(page, 'Copy link');
  await page.getByLabel("Partner's desk").check();
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();
  await server.close();
});
