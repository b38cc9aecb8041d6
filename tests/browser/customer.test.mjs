// Customer mode as a visitor uses it: a short form, the answer above the fold, an honest
// verdict (a what-if is never "cheaper"), plain words with the rules one click away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launchBrowser, openApp, openAtFirstResult, assertClean, axeViolations, expectText, quoteAction, useServerAndBrowser, loadExample } from './helpers.mjs';

const env = useServerAndBrowser();

const text = async (locator) => (await locator.textContent()).trim();

/** The small business of the issue: 25 users, 30 PCs, no agreement. Four edits. */
async function smallBusiness(page) {
  await page.getByLabel('How many users?').fill('25');
  await page.getByLabel('How many PCs?').fill('30');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.getByRole('checkbox', { name: /^Windows Intune/ }).check();
}

test('a visitor starts in customer mode on an empty quote and is told what to do', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  assert.equal(await page.getByLabel('For customers').isChecked(), true);
  await expectText(assert, page.locator('.answer'), 'Choose the services you want and how many users and PCs');
  assert.equal(await page.getByRole('group', { name: 'Transactions' }).count(), 0, 'no partner panels');
  assert.equal(await page.getByText('Partner earnings').count(), 0, 'no partner fees for a customer');
  assertClean(assert, seen);
  await context.close();
});

test('25 users and 30 PCs without an agreement: MOSP is the option, in four edits, with the EA as a marked what-if', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await smallBusiness(page);
  const verdict = page.locator('.answer .verdict');
  await expectText(assert, verdict, 'MOSP is your option; an EA needs an agreement and 250 qualified users or devices');
  assert.doesNotMatch(await text(page.locator('.answer')), /EA is cheaper/);
  // 25 x 10.00 + 30 x 11.00 = 580.00 a month.
  await expectText(assert, page.getByLabel('MOSP per month', { exact: true }), '$580.00');
  await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$6,960.00');
  await expectText(assert, page.getByLabel('MOSP over the horizon', { exact: true }), '$20,880.00');
  // The EA stays visible, marked as a what-if, and is not the one to choose.
  await expectText(assert, page.getByLabel('EA over the horizon (what-if)'), '$');
  const ea = page.locator('.plan.ea');
  await expectText(assert, ea, 'What-if');
  assert.equal(await ea.locator('.badge.chosen').count(), 0);
  await expectText(assert, page.locator('.plan.mosp'), 'Choose this');
  assertClean(assert, seen);
  await context.close();
});

for (const [width, height] of [[360, 640], [768, 1024], [1366, 768]]) {
  test(`at ${width}×${height} the answer (figures of each plan to buy and the choice) is above the fold`, async () => {
    const { page, context, seen } = await openApp(env.browser, env.server.url, { width, height });
    await smallBusiness(page);
    await expectText(assert, page.getByLabel('MOSP per month', { exact: true }), '$580.00');
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const locator of [page.locator('.answer .verdict'), page.getByLabel('MOSP per month', { exact: true }), page.getByLabel('MOSP first year', { exact: true }), page.getByLabel('MOSP over the horizon', { exact: true }), page.locator('.plan.mosp .badge.chosen')]) {
      const box = await locator.boundingBox();
      assert.ok(box && box.y + box.height <= height, `${await locator.evaluate((e) => e.className || e.getAttribute('aria-label'))} ends at ${box && box.y + box.height} of ${height}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${overflow}px wider than the screen`);
    assertClean(assert, seen);
    await context.close();
  });
}

test('an EA customer with enough qualified users is told which way is cheaper and by how much', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await page.getByLabel('How many users?').fill('300');
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.getByLabel('Do you have a volume licensing agreement?').selectOption({ label: 'Enterprise Agreement (EA)' });
  await page.getByLabel('Qualified users or devices in it').fill('300');
  // MOSP band 2: 300 x 9.50 x 36 = 102,600.00; EA level A: 300 x 9.30 x 36 = 100,440.00.
  await expectText(assert, page.locator('.answer .verdict'), 'EA is cheaper: $2,160.00 less than MOSP over 36 months.');
  await expectText(assert, page.locator('.plan.ea'), 'Choose this');
  assertClean(assert, seen);
  await context.close();
});

test('switching modes keeps the quote', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await smallBusiness(page);
  await page.getByLabel('For partners').check();
  const t1 = page.getByRole('group', { name: 'Transaction t1: BPOS Standard Suite' });
  assert.equal(await t1.getByLabel('Quantity (users)').inputValue(), '25');
  assert.equal(await page.getByRole('group', { name: 'Transaction t2: Windows Intune' }).getByLabel('Quantity (devices)').inputValue(), '30');
  await t1.getByLabel('Quantity (users)').fill('40');
  await page.getByLabel('For customers').check();
  assert.equal(await page.getByLabel('How many users?').inputValue(), '40');
  await expectText(assert, page.getByLabel('MOSP per month', { exact: true }), '$730.00');
  assertClean(assert, seen);
  await context.close();
});

test('New quote starts empty and Load example brings the Contoso demo back', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await loadExample(page);
  await expectText(assert, page.getByLabel('MOSP over the horizon', { exact: true }), '$141,840.00');
  await quoteAction(page, 'New quote');
  await expectText(assert, page.locator('.answer'), 'Choose the services you want');
  assert.equal(await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).isChecked(), false);
  assertClean(assert, seen);
  await context.close();
});

test('typed numbers follow the locale and say what was understood (de-DE: 1.200 is twelve hundred)', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url, { locale: 'de-DE' });
  await page.getByRole('checkbox', { name: /^BPOS Standard Suite/ }).check();
  await page.getByLabel('How many users?').fill('1.200');
  await expectText(assert, page.locator('.customer-form'), 'Read as 1200.');
  await expectText(assert, page.getByLabel('MOSP per month', { exact: true }), '11.400,00');
  await page.getByLabel('How many users?').fill('1,5');
  await expectText(assert, page.locator('.customer-form'), 'must be a whole number, without a fraction');
  assertClean(assert, seen);
  await context.close();
});

test('a term and a rule id open their meaning in a dialog, by keyboard, and focus returns', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  const term = page.getByRole('button', { name: 'Step-Up: what it means' });
  await term.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Step-Up' });
  await dialog.waitFor();
  await expectText(assert, dialog, 'Software Assurance');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Step-Up: what it means');
  await smallBusiness(page);
  await page.getByText('How was this computed?').click();
  await page.locator('.answer details[open]').getByRole('button', { name: 'Rule P2, MOSP volume bands' }).first().click();
  const rule = page.getByRole('dialog', { name: 'Rule P2: MOSP volume bands' });
  await expectText(assert, rule, 'the band\'s price applies to every unit');
  await rule.getByRole('button', { name: 'Close' }).click();
  assertClean(assert, seen);
  await context.close();
});

test('axe finds no violations in customer mode, with an answer, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await openApp(env.browser, env.server.url, { colorScheme });
    assert.deepEqual(await axeViolations(page), [], `empty, ${colorScheme}`);
    await smallBusiness(page);
    await page.getByText('How was this computed?').click();
    await page.getByLabel('How many PCs?').fill('x');
    assert.deepEqual(await axeViolations(page), [], `answer with an error, ${colorScheme}`);
    await context.close();
  }
});

test('a cold load from a link paints the answer first; the form follows without moving it', async () => {
  // Issue 16 (first result): the page builds the form once the answer is painted, as
  // partner mode builds its panels. When "MOSP first year" first holds a figure, and in
  // the frame that paints it, there is no form yet; it comes a frame or two later, and
  // the answer's box stays where it was painted: beside the form (1366 px) or above it
  // (360 px).
  const fixture = JSON.parse(await readFile(join(import.meta.dirname, '../../engine/tests/fixtures/links/v1.json'), 'utf8'))[0];
  for (const width of [1366, 360]) {
    const { page, context, seen } = await openAtFirstResult(env.browser, env.server.url + fixture.link, {
      width,
      selector: '[aria-label="MOSP first year"]',
      snapshot: () => {
        const answer = document.querySelector('.answer')?.getBoundingClientRect();
        return { form: document.querySelectorAll('.customer-form').length, answer: answer && [answer.left, answer.top, answer.width] };
      },
    });
    const first = await page.evaluate(() => window.__atFirstResult);
    assert.equal(first.form, 0, `${width} px: no form when the answer first shows`);
    assert.equal((await page.evaluate(() => window.__atFirstFrame)).form, 0, `${width} px: the frame that paints the answer has no form`);
    // The form comes, works, and the answer did not move.
    await page.getByLabel('How many users?').waitFor({ timeout: 5000 });
    const after = await page.locator('.answer').evaluate((a) => { const r = a.getBoundingClientRect(); return [r.left, r.top, r.width]; });
    assert.deepEqual(after, first.answer, `${width} px: the answer stays where it was painted`);
    await expectText(assert, page.getByLabel('MOSP first year', { exact: true }), '$');
    assertClean(assert, seen);
    await context.close();
  }
});
