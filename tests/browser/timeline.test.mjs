// Quotes that change over time (T2-T6), as a partner builds them: fewer seats from month
// 7 (E5), an agreement that lapses and is renewed (E6), an EA true-up (E7), moving from
// MOSP to an EA at month 13 (E8), and the search for the best month to switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPartner, assertClean, expectText, useServerAndBrowser } from './helpers.mjs';

const env = useServerAndBrowser();

const row = (page, name) => page.getByRole('group', { name });

/** The example reduced to RULES.md's E1: 100 BPOS users, Northwind POR, `horizon` months. */
async function e1(page, horizon) {
  for (const t of ['t4', 't3', 't2']) await page.getByRole('button', { name: `Remove transaction ${t}` }).click();
  const t1 = row(page, 'Transaction t1: BPOS Standard Suite');
  await t1.getByLabel('Quantity (users)').fill('100');
  await t1.getByLabel('Step-Up units (EA)').fill('0');
  await page.getByLabel('Horizon', { exact: true }).selectOption(String(horizon));
  return t1;
}

test('E5 (T3): 100 users, 60 from month 7 — one transaction, the change seen in the months and the chart', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  const t1 = await e1(page, 12);
  await t1.getByText('Changes over time').click();
  await t1.getByRole('button', { name: /^Add a change/ }).click();
  await t1.getByLabel('Change 1: from month').fill('7');
  await t1.getByLabel('Change 1: quantity').fill('60');
  await expectText(assert, page.getByLabel('MOSP horizon total'), '$9,600.00');
  await expectText(assert, page.getByLabel('Northwind IT: Transaction fees (F3)'), '$1,152.00');
  await expectText(assert, page.getByLabel('Northwind IT: Residual fees (F4)'), '$576.00');
  await expectText(assert, page.getByLabel('Northwind IT: Total fees'), '$1,728.00');
  // The month table shows real months (T2) and the step at month 7.
  await page.getByText('MOSP month totals').click();
  const table = page.getByRole('table', { name: 'MOSP month totals' });
  await expectText(assert, table.getByRole('row').nth(6), 'Sep 2011 (6)$1,000.00');
  await expectText(assert, table.getByRole('row').nth(7), 'Oct 2011 (7)$600.00');
  await expectText(assert, page.locator('.charts'), 'Changes (marked): month 7, Oct 2011');
  assertClean(assert, seen);
  await context.close();
});

test('E6 (T4): an agreement for months 1-3, renewed from month 7, forfeits months 4-6 only', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  await e1(page, 12);
  const northwind = row(page, 'Northwind IT');
  await northwind.getByLabel('Partner agreement (MOSPA): until month').fill('3');
  await northwind.getByRole('button', { name: 'Add a range of months for partner agreement (MOSPA)' }).click();
  await northwind.getByLabel('Partner agreement (MOSPA): from month').nth(1).fill('7');
  await expectText(assert, page.getByLabel('Northwind IT: Transaction fees (F3)'), '$1,080.00');
  await expectText(assert, page.getByLabel('Northwind IT: Residual fees (F4)'), '$540.00');
  await expectText(assert, page.getByLabel('Forfeited fees over the horizon'), '$540.00');
  await expectText(assert, page.locator('.forfeited-panel'), 't1, transaction fee, months 4–6');
  assertClean(assert, seen);
  await context.close();
});

test('E7 (T5): a true-up to 2,500 in EA year 2 moves year 2 to level B', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  const t1 = await e1(page, 24);
  await t1.getByLabel('Quantity (users)').fill('2000');
  await page.getByLabel('Qualified users or devices', { exact: true }).fill('2000');
  await page.getByRole('button', { name: 'Add a true-up' }).click();
  await page.getByLabel('True-up 1: qualified').fill('2500');
  await expectText(assert, page.getByLabel('EA horizon total'), '$434,400.00');
  await expectText(assert, page.locator('.path-card.ea .status'), 'level A, then B');
  await page.getByText('How was the EA horizon total computed?').click();
  const body = page.locator('.path-card.ea details[open]');
  await expectText(assert, body, 'EA level B (EA year 2: 2,500 qualified)');
  assertClean(assert, seen);
  await context.close();
});

test('E8 (T6): MOSP, then an EA from month 13, beside MOSP and EA, and the best month to switch', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  const t1 = await e1(page, 24);
  await t1.getByLabel('Quantity (users)').fill('300');
  await page.getByLabel('Qualified users or devices', { exact: true }).fill('300');
  await page.getByLabel('Agreement', { exact: true }).selectOption({ label: 'No agreement' });
  await page.getByRole('button', { name: 'Add a plan: MOSP, then an EA' }).click();
  await page.getByLabel('Switch to an EA from month').fill('13');
  await expectText(assert, page.getByLabel('MOSP then EA horizon total'), '$67,680.00');
  await expectText(assert, page.getByLabel('MOSP then EA first-year total'), '$34,200.00');
  // The switch plan is the one to choose: EA-only is a what-if without an agreement.
  await expectText(assert, page.locator('.path-card.compare'), 'MOSP then EA is cheaper');
  await page.getByRole('button', { name: 'Find the best month to switch' }).click();
  const best = page.locator('#best-switch');
  await expectText(assert, best, 'Lowest horizon cost with an EA from month 2');
  await page.getByRole('button', { name: 'Switch in month 2' }).click();
  assert.equal(await page.getByLabel('Switch to an EA from month').inputValue(), '2');
  await expectText(assert, page.getByLabel('MOSP then EA horizon total'), '$67,020.00');
  assertClean(assert, seen);
  await context.close();
});
