// Partner mode: journeys through the full calculator as a person would make them, by
// labels and roles, keyboard included, from the Contoso example. Each journey also checks
// the page stayed clean (no console or page errors, no request to another host). Figures
// are docs/rules.md's and the engine's tests'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launchBrowser, openPartner, openAtFirstResult, assertClean, axeViolations, useServerAndBrowser, inView } from './helpers.mjs';

const env = useServerAndBrowser();

/** Opens partner mode on the Contoso example and waits for the first results. */
const open = (opts) => openPartner(env.browser, env.server.url, opts);

const row = (page, name) => page.getByRole('group', { name });
const text = async (locator) => (await locator.textContent()).trim();
/** Waits until a locator's text contains `expected` (results update asynchronously). */
async function expectText(locator, expected) {
  await locator.filter({ hasText: expected }).waitFor({ timeout: 5000 }).catch(() => {});
  assert.ok((await text(locator)).includes(expected), `expected "${expected}" in "${await text(locator)}"`);
}

test('the example shows both paths, the difference, advice and Partner of Record fees at once', async () => {
  const { page, context, seen } = await open();
  assert.equal(await page.locator('.quick-summary').isVisible(), false, 'beside the results, no summary line');
  await expectText(page.getByLabel('MOSP first-month total'), '3,740.00');
  await expectText(page.getByLabel('EA first-month total'), '3,278.20');
  await expectText(page.getByLabel('MOSP last-month total'), '4,040.00'); // t4 has started
  await expectText(page.getByLabel('EA last-month total'), '3,557.20');
  await expectText(page.getByLabel('MOSP first-year total'), '44,880.00');
  await expectText(page.getByLabel('EA first-year total'), '39,338.40');
  await expectText(page.getByLabel('MOSP horizon total'), '141,840.00');
  await expectText(page.getByLabel('EA horizon total'), '124,711.20');
  const difference = await text(page.getByLabel('Difference, horizon: EA minus MOSP'));
  assert.match(difference, /^[-−].*17,128\.80/, difference);
  assert.match(await text(page.locator('.compare')), /EA is cheaper/);
  // The volume cliff: 240 Intune devices cost more than 250 would (P2, I2).
  const advice = await text(page.getByRole('region', { name: 'Advice' }));
  assert.match(advice, /240 devices of Windows Intune cost \$2,440\.00 a month \(months 1–36, Apr 2011 – Mar 2014\); 250 devices would cost \$2,412\.50/, advice);
  assert.match(advice, /Saves \$990\.00 over months 1–36/, advice);
  // The headline totals are announced politely when they change.
  assert.equal(await page.locator('.path-card.mosp dl').getAttribute('aria-live'), 'polite');
  // POR fees per partner; the EA side says why there are none (F1).
  await expectText(page.getByLabel('Northwind IT: Total fees'), '$');
  assert.match(await text(page.getByRole('region', { name: 'Partner earnings' })), /EA purchases earn none in this model \(F1\)/);
  assertClean(assert, seen);
  await context.close();
});

test('a new calendar start rewrites every month shown, and edits after it keep it (T2)', async () => {
  const { page, context, seen } = await open();
  const advice = page.getByRole('region', { name: 'Advice' });
  const t1 = row(page, 'Transaction t1: BPOS Standard Suite');
  await expectText(advice, 'months 1–36, Apr 2011 – Mar 2014');
  await expectText(t1.locator('.row-cost'), 'First billed month 1, Apr 2011');
  // The start is read apart from the rest of the quote (src/state.rs `settled`): the
  // sentences and rows that show months must still follow it.
  await page.getByLabel('Starts in (month, year)').fill('2012-01');
  await expectText(advice, 'months 1–36, Jan 2012 – Dec 2014');
  await expectText(t1.locator('.row-cost'), 'First billed month 1, Jan 2012');
  await t1.getByLabel('Quantity (users)').fill('200');
  await expectText(page.getByLabel('t1 MOSP cost in month 1'), '2,000.00');
  await expectText(advice, 'Jan 2012 – Dec 2014');
  await expectText(t1.locator('.row-cost'), 'First billed month 1, Jan 2012');
  assertClean(assert, seen);
  await context.close();
});

test('changing a quantity updates both paths as the user types', async () => {
  const { page, context, seen } = await open();
  const quantity = row(page, 'Transaction t1: BPOS Standard Suite').getByLabel('Quantity (users)');
  await quantity.fill('200');
  // 200 users: still MOSP band 1 (P2) and EA level A (P4), 40 of them on Step-Up (P5).
  await expectText(page.getByLabel('MOSP first-year total'), '54,480.00');
  await expectText(page.getByLabel('EA first-year total'), '48,266.40');
  await expectText(page.getByLabel('t1 MOSP cost in month 1'), '2,000.00');
  await expectText(page.getByLabel('t1 EA cost in month 1'), '1,674.00');
  assert.equal(await page.locator('.stale').count(), 0, 'not out of date');
  assertClean(assert, seen);
  await context.close();
});

test('crossing 250 Intune devices lowers the MOSP price of every device (P2, I2) and the SA credit applies (I3)', async () => {
  const { page, context, seen } = await open();
  const intune = row(page, 'Transaction t2: Windows Intune');
  await intune.getByLabel('SA-covered devices').fill('0');
  const mosp = page.getByLabel('t2 MOSP cost in month 1');
  await expectText(mosp, '2,640.00'); // 240 x 11.00, band 1
  await intune.getByLabel('Quantity (devices)').fill('250');
  await expectText(mosp, '2,612.50'); // 250 x 10.45: 5% off every device, band 2
  await expectText(intune, 'band 2');
  await intune.getByLabel('SA-covered devices').fill('100');
  await expectText(mosp, '2,412.50'); // 150 x 10.45 + 100 x (10.45 - 2.00)
  await expectText(page.getByLabel('t2 EA cost in month 1'), '2,357.50');
  // Step-Up means nothing for Intune: the field is disabled and says why (P5).
  assert.equal(await intune.getByLabel('Step-Up units (EA)').isDisabled(), true);
  assertClean(assert, seen);
  await context.close();
});

test('E2: making B the Partner of Record from month 7 moves the residual, not the transaction fee (F3, F4, F6)', async () => {
  const { page, context, seen } = await open();
  // Reduce the default quote to E2's: one BPOS Standard transaction of 100 users.
  await page.getByRole('button', { name: 'Remove transaction t4' }).click();
  await page.getByRole('button', { name: 'Remove transaction t3' }).click();
  await page.getByRole('button', { name: 'Remove transaction t2' }).click();
  const t1 = row(page, 'Transaction t1: BPOS Standard Suite');
  await t1.getByLabel('Quantity (users)').fill('100');
  await t1.getByLabel('Step-Up units (EA)').fill('0');
  await expectText(page.getByLabel('MOSP horizon total'), '36,000.00');
  // Northwind is POR of BPOS from month 1; add a change: Fabrikam from month 7.
  const por = page.getByRole('group', { name: 'POR for Service: BPOS Standard Suite' });
  await por.getByRole('button', { name: /^Add change/ }).click();
  await por.getByLabel('Change 2 from month').fill('7');
  await por.getByLabel('Change 2 partner').selectOption({ label: 'Fabrikam Cloud' });
  await expectText(page.getByLabel('Northwind IT: Transaction fees (F3)'), '1,440.00');
  await expectText(page.getByLabel('Northwind IT: Residual fees (F4)'), '360.00');
  await expectText(page.getByLabel('Northwind IT: Total fees'), '1,800.00');
  await expectText(page.getByLabel('Fabrikam Cloud: Transaction fees (F3)'), '0.00');
  await expectText(page.getByLabel('Fabrikam Cloud: Residual fees (F4)'), '1,800.00');
  await expectText(page.getByLabel('Fabrikam Cloud: Total fees'), '1,800.00');
  await expectText(page.getByLabel("All partners' transaction fees"), '1,440.00');
  await expectText(page.getByLabel("All partners' residual fees"), '2,160.00');
  await expectText(page.getByLabel('Total fees paid to partners'), '3,600.00');
  assertClean(assert, seen);
  await context.close();
});

for (const bad of ['abc', '-1', '2.5', '1000000000000000000000000000000', '']) {
  test(`a bad quantity (${JSON.stringify(bad)}) is named at the field and the last results stay, marked out of date`, async () => {
    const { page, context, seen } = await open();
    const t1 = row(page, 'Transaction t1: BPOS Standard Suite');
    const quantity = t1.getByLabel('Quantity (users)');
    const start = t1.getByLabel('Start month');
    const before = await text(page.getByLabel('MOSP first-year total'));
    await quantity.fill(bad);
    await page.getByText('Results are out of date: fix the highlighted field.').waitFor();
    assert.equal(await quantity.getAttribute('aria-invalid'), 'true');
    const describedBy = await quantity.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the field points at its message');
    const message = await text(page.locator(`[id="${describedBy.split(' ').pop()}"]`));
    assert.match(message, /\(rule P3\)/, message);
    assert.match(message, { abc: /not a number/, '-1': /must not be negative/, 2.5: /whole number/, '': /enter a number/ }[bad] ?? /too large/);
    assert.equal(await quantity.inputValue(), bad, 'the field keeps what was typed');
    assert.equal(await start.inputValue(), '1', 'nothing else changed');
    assert.equal(await text(page.getByLabel('MOSP first-year total')), before, 'the last valid result stays');
    // The problem list links to the field.
    await page.locator('.stale a', { hasText: message }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), await quantity.getAttribute('id'));
    // Fixing it brings the results back up to date.
    await quantity.fill('120');
    await page.locator('.stale').waitFor({ state: 'detached' });
    assert.equal(await quantity.getAttribute('aria-invalid'), 'false');
    assertClean(assert, seen);
    await context.close();
  });
}

test('problems the engine finds show at the field they name, with the rule', async () => {
  const { page, context, seen } = await open();
  const t1 = row(page, 'Transaction t1: BPOS Standard Suite');
  const stepUp = t1.getByLabel('Step-Up units (EA)');
  await stepUp.fill('121');
  await page.getByText('Results are out of date').waitFor();
  const id = (await stepUp.getAttribute('aria-describedby')).split(' ').pop();
  assert.match(await text(page.locator(`[id="${id}"]`)), /Step-Up units \(121\) cannot exceed the quantity \(120\) \(rule P5\)/);
  // A quantity below the service minimum (P3), and a month outside the horizon (T1).
  await stepUp.fill('0');
  await t1.getByLabel('Quantity (users)').fill('3');
  await expectText(page.locator('.stale'), 'needs at least 5 users');
  await t1.getByLabel('Quantity (users)').fill('120');
  await t1.getByLabel('End month (optional)').fill('99');
  await expectText(page.locator('.stale'), 'within the horizon, 1 to 36 (it is 99) (rule T1)');
  await t1.getByLabel('End month (optional)').fill('');
  await page.locator('.stale').waitFor({ state: 'detached' });
  // A problem without a field of its own is listed in the summary only: here a price
  // below the Step-Up price makes the price book itself invalid (P5, C1).
  await page.getByLabel('BPOS Standard Suite, list price per user', { exact: true }).fill('1');
  await expectText(page.locator('.stale li:not(:has(a))'), 'Price book overrides: With these overrides the price book is invalid');
  await page.getByRole('button', { name: 'Reset all figures to the book' }).click();
  await page.locator('.stale').waitFor({ state: 'detached' });
  assertClean(assert, seen);
  await context.close();
});

test('"How was this computed" shows the rows, the price-book figures with provenance and the rules', async () => {
  const { page, context, seen } = await open();
  await page.getByText('How was the MOSP first month computed?').click();
  const body = page.locator('.path-card.mosp details[open] .details-body');
  await expectText(body, 'round(120 x $10.00) = $1,200.00 (M2, M3)');
  await expectText(body, 'Rules applied:');
  await expectText(body, 'Windows Intune, list price per device: 11.00');
  await expectText(body, 'unverified');
  await expectText(body, 'The widely recalled launch price');
  // An open explanation stays open, and follows, while the user edits.
  await row(page, 'Transaction t1: BPOS Standard Suite').getByLabel('Quantity (users)').fill('121');
  await expectText(body, 'round(121 x $10.00) = $1,210.00');
  await page.getByText("How were Northwind IT's fees computed?").click();
  const fees = page.locator('.partner-card details[open]');
  await expectText(fees, 'transaction fee: POR when the transaction started');
  assert.match(await text(fees), /Year 1 \$[\d,]+\.\d\d: the fees of months 1–12, Apr 2011 – Mar 2012 \(F5\)/);
  assert.match(await text(fees), /Evergreen monthly residual \$[\d,]+\.\d\d: the residual fees of month 36, Mar 2014/);
  await page.getByText('How was the difference computed?').click();
  // t1 has 121 users by now.
  await expectText(page.locator('.path-card.compare details[open]'), 'Horizon total: EA horizon total $125,046.00 − MOSP horizon total $142,200.00 = -$17,154.00 (P6).');
  assertClean(assert, seen);
  await context.close();
});

test('a price-book figure can be overridden for the quote, is marked, and resets', async () => {
  const { page, context, seen } = await open();
  const price = page.getByLabel('Windows Intune, list price per device', { exact: true });
  await price.fill('10');
  await expectText(page.getByLabel('t2 MOSP cost in month 1'), '2,200.00'); // 140 x 10 + 100 x 8
  const figure = page.locator('.figure-row', { has: price });
  await expectText(figure, 'overridden (book: 11.00)');
  await figure.getByRole('button', { name: /^Reset/ }).click();
  await expectText(page.getByLabel('t2 MOSP cost in month 1'), '2,440.00');
  assert.equal(await price.inputValue(), '11.00');
  await price.fill('-2');
  await expectText(figure, 'must not be negative');
  assertClean(assert, seen);
  await context.close();
});

test('axe finds no violations on the default page, in dark mode, and in an error state', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context, seen } = await open({ colorScheme });
    assert.deepEqual(await axeViolations(page), [], `default page, ${colorScheme}`);
    await row(page, 'Transaction t2: Windows Intune').getByLabel('Quantity (devices)').fill('x1');
    await row(page, 'Transaction t1: BPOS Standard Suite').getByLabel('Step-Up units (EA)').fill('500');
    await page.getByText('Results are out of date').waitFor();
    await page.getByText('How was the EA first year computed?').click();
    assert.deepEqual(await axeViolations(page), [], `error state, ${colorScheme}`);
    assertClean(assert, seen);
    await context.close();
  }
});

test('keyboard only: Tab to the fields, type, pick from a select, operate buttons and disclosures, reset an override', async () => {
  const { page, context, seen } = await open();
  const focused = () => page.evaluate(() => ({ id: document.activeElement?.id, text: document.activeElement?.textContent?.trim() }));
  /** Presses Tab until `match` is focused (at most `max` times). */
  async function tabTo(match, max = 400) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (match(f)) return f;
    }
    throw new Error('not reached by Tab');
  }
  await tabTo((f) => f.id === 'customer-name');
  await page.keyboard.press('End');
  await page.keyboard.type(' (EMEA)');
  // A select, with the arrow keys: 36 months becomes 60.
  await tabTo((f) => f.id === 'horizon');
  await page.keyboard.press('ArrowDown');
  await expectText(page.locator('.path-card.mosp'), 'Horizon (60 months)');
  await tabTo((f) => f.id === 'tx-t1-quantity');
  // Focus is visible.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.type('200'); // Tab selected the field's text: typing replaces it
  await expectText(page.getByLabel('MOSP first-year total'), '54,480.00');
  await tabTo((f) => f.text?.startsWith('Duplicate'));
  await page.keyboard.press('Enter');
  await row(page, 'Transaction t5: BPOS Standard Suite').waitFor();
  await tabTo((f) => f.text?.startsWith('Remove') && f.text.includes('t5'));
  await page.keyboard.press('Space');
  await row(page, 'Transaction t5: BPOS Standard Suite').waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Customer name').inputValue(), 'Contoso Ltd (EMEA)');
  // Override a price-book figure, then reset it, keyboard only.
  const price = page.getByLabel('Windows Intune, list price per device', { exact: true });
  const priceId = await price.getAttribute('id');
  await tabTo((f) => f.id === priceId);
  await page.keyboard.type('10');
  await expectText(page.getByLabel('t2 MOSP cost in month 1'), '2,200.00');
  await tabTo((f) => f.text?.startsWith('Reset'));
  await page.keyboard.press('Enter');
  await expectText(page.getByLabel('t2 MOSP cost in month 1'), '2,440.00');
  // A disclosure: "how was this computed" opens with Enter.
  await tabTo((f) => f.text === 'How was the MOSP first month computed?');
  await page.keyboard.press('Enter');
  await expectText(page.locator('.path-card.mosp details[open]'), 'Rules applied:');
  assertClean(assert, seen);
  await context.close();
});

test('a quote can be exported and imported as JSON; a broken one is refused at the box', async () => {
  const { page, context, seen } = await open();
  await page.getByRole('button', { name: 'Export quote' }).click();
  const json = JSON.parse(await page.getByLabel('Quote JSON').inputValue());
  assert.equal(json.transactions.length, 4);
  json.transactions = json.transactions.slice(0, 1);
  json.transactions[0].quantity = 100;
  json.transactions[0].step_up_units = 0;
  await page.getByLabel('Quote JSON').fill(JSON.stringify(json));
  await page.getByRole('button', { name: 'Import quote' }).click();
  await expectText(page.getByLabel('MOSP horizon total'), '36,000.00');
  assert.equal(await row(page, 'Transaction t1: BPOS Standard Suite').getByLabel('Quantity (users)').inputValue(), '100');
  await page.getByLabel('Quote JSON').fill('{"format": 1');
  await page.getByRole('button', { name: 'Import quote' }).click();
  assert.equal(await page.getByLabel('Quote JSON').getAttribute('aria-invalid'), 'true');
  await expectText(page.locator('.import-export'), 'Not imported');
  await expectText(page.getByLabel('MOSP horizon total'), '36,000.00');
  assertClean(assert, seen);
  await context.close();
});

test('at 360 px wide nothing overflows sideways, even with every explanation and table open', async () => {
  const { page, context, seen } = await open({ width: 360, height: 800 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok((await overflow()) <= 0, `page is ${await overflow()}px wider than the screen`);
  await expectText(page.getByLabel('EA first-year total'), '39,338.40');
  // The answer comes first on a narrow screen, with a way to the full results that
  // leaves the (host) page's URL alone.
  const summary = page.locator('.quick-summary');
  assert.ok(await summary.isVisible());
  await expectText(summary, 'First year: MOSP $44,880.00, EA $39,338.40: EA is cheaper.');
  const url = page.url();
  await summary.getByRole('link', { name: 'See all results' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
  assert.equal(page.url(), url);
  // Wide numbers, then every disclosure open (opened ones reveal nested ones).
  await row(page, 'Transaction t1: BPOS Standard Suite').getByLabel('Quantity (users)').fill('900000');
  await expectText(page.getByLabel('MOSP first-month total'), '7,202,540.00');
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => document.querySelectorAll('.licalc details:not([open])').forEach((d) => { d.open = true; }));
    await page.waitForTimeout(300);
  }
  assert.equal(await page.locator('.licalc details:not([open])').count(), 0);
  assert.ok((await overflow()) <= 0, `with everything open the page is ${await overflow()}px wider than the screen`);
  assertClean(assert, seen);
  await context.close();
});

test('a whole price book can be loaded (C1): a bad one is refused with its JSON paths, a good one reprices', async () => {
  const { page, context, seen } = await open();
  const box = page.getByLabel('Price book JSON');
  await page.getByRole('button', { name: 'Show price book' }).click();
  const shipped = JSON.parse(await box.inputValue());
  assert.equal(shipped.id, 'bpos-intune-2011');

  // A broken book: a negative price and bands out of order. Nothing changes.
  const broken = structuredClone(shipped);
  broken.services[0].list_price.value = '-1';
  broken.mosp_bands[2].from = 10;
  await box.fill(JSON.stringify(broken));
  await page.getByRole('button', { name: 'Load price book' }).click();
  const error = await text(page.locator('#licalc-book-json-error'));
  assert.match(error, /\$\.services\[0\]\.list_price\.value/, error);
  assert.match(error, /\$\.mosp_bands\[2\]\.from/, error);
  await expectText(page.getByLabel('MOSP first-month total'), '3,740.00');

  // BPOS Standard at 12.00 instead of 10.00: 120 + 30 users later; month 1 has 120 users,
  // 120 x 2.00 = 240.00 more on MOSP.
  const mine = structuredClone(shipped);
  mine.id = 'my-prices';
  mine.services[0].list_price = { value: '12.00', source: 'my distributor, 2011', verified: true };
  await box.fill(JSON.stringify(mine));
  await page.getByRole('button', { name: 'Load price book' }).click();
  await expectText(page.getByLabel('MOSP first-month total'), '3,980.00');
  assert.match(await text(page.getByRole('status').filter({ hasText: 'Now pricing with' })), /version 2011\.03\.2/);

  await page.getByRole('button', { name: 'Use the shipped price book' }).click();
  await expectText(page.getByLabel('MOSP first-month total'), '3,740.00');
  assertClean(assert, seen);
  await context.close();
});

test('fee terms and eligibility come from the quote and the book (F2, F9); a transaction with no POR is flagged at it (F6)', async () => {
  const { page, context, seen } = await open();
  const terms = page.locator('.fees .path-note').first();
  await expectText(terms, "a 12% transaction fee on each transaction's first 12 months");
  await expectText(terms, 'a 6% residual');
  await page.getByLabel('POR transaction fee rate', { exact: true }).fill('0.1');
  await expectText(terms, 'a 10% transaction fee');
  await page.getByText("How were Northwind IT's fees computed?").click();
  const why = page.locator('.partner-card details[open]');
  await expectText(why, 'transaction fee 10% of each charge row');
  await expectText(why, 'eligible (F2): partner network membership from month 1, Apr 2011; partner agreement (MOSPA) from month 1, Apr 2011; assessment passed from month 1, Apr 2011');

  // A new transaction of a service nobody is POR for: allowed, but said at the transaction.
  await (await inView(page.getByRole('button', { name: 'Add transaction' }))).click();
  const added = page.getByRole('group', { name: /^Transaction t5/ });
  await added.getByLabel('Service').selectOption('exchange-online');
  const warning = page.locator('.warnings').getByRole('link', { name: /No Partner of Record in months 1–36, Apr 2011 – Mar 2014: the fees of transaction t5/ });
  await expectText(warning, '(rule F6)');
  await warning.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tx-t5-service');
  await expectText(page.locator('.forfeited-panel'), 't5, transaction fee, months 1–12');
  assertClean(assert, seen);
  await context.close();
});

test('charts carry a scale and a text alternative built from the engine figures', async () => {
  const { page, context, seen } = await open();
  const chart = page.getByRole('img', { name: /^Cumulative customer cost over 36 months/ });
  const name = await chart.getAttribute('aria-label');
  assert.match(name, /MOSP reaches \$141,840\.00, EA reaches \$124,711\.20/, name);
  const plot = page.locator('.charts .chart-plot').nth(1); // the monthly chart, then the cumulative one
  assert.equal(await plot.getByRole('img').getAttribute('aria-label'), name);
  assert.equal(await text(plot.locator('.y-top')), '$141,840.00');
  assert.deepEqual(await plot.locator('.x-axis span').allTextContents(), ['1', '12', '24', '36']);
  // Fee charts share one scale: the busiest month of any partner, from the engine's month totals.
  const fees = page.getByRole('img', { name: /^Northwind IT: earnings per month over 36 months/ });
  assert.match(await fees.getAttribute('aria-label'), /Fees \$[\d,]+\.\d\d, services \$0\.00/);
  const feePlot = page.locator('.chart-plot', { has: fees });
  assert.match(await text(feePlot.locator('.y-top')), /^\$[\d,]+\.\d\d$/);
  // A longer horizon: still few labels, ending at the last month.
  await page.getByLabel('Horizon', { exact: true }).selectOption('60');
  await expectText(plot.locator('.x-axis'), '60');
  assert.deepEqual(await plot.locator('.x-axis span').allTextContents(), ['1', '12', '24', '36', '48', '60']);
  assertClean(assert, seen);
  await context.close();
});

test('an edit paints the answer first; the charts and the fees follow once the browser is idle', async () => {
  const { page, context, seen } = await open();
  // The first result fills them at once.
  const chart = page.getByRole('img', { name: /^Cumulative customer cost over 36 months/ });
  assert.match(await chart.getAttribute('aria-label'), /MOSP reaches \$141,840\.00/);
  await page.getByLabel('Total fees paid to partners').waitFor();
  const id = await row(page, 'Transaction t1: BPOS Standard Suite').getByLabel('Quantity (users)').getAttribute('id');
  const changed = await page.evaluate(async (id) => {
    const input = document.getElementById(id);
    const shown = () => [
      document.querySelector('[aria-label="MOSP horizon total"]').textContent,
      document.querySelector('svg[aria-label^="Cumulative customer cost"]').getAttribute('aria-label'),
      document.querySelector('[aria-label="Total fees paid to partners"]').textContent,
    ];
    const was = shown();
    const differ = () => shown().map((now, i) => now !== was[i]);
    input.value = '150';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // A task: after every microtask of the edit, before any idle time.
    await new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    const first = differ();
    await new Promise((r) => requestIdleCallback(() => requestAnimationFrame(() => r())));
    return { first, idle: differ() };
  }, id);
  assert.deepEqual(changed, { first: [true, false, false], idle: [true, true, true] }, 'the answer, then the chart and the fees');
  const total = await text(page.getByLabel('MOSP horizon total', { exact: true }));
  assert.ok((await chart.getAttribute('aria-label')).includes(`MOSP reaches ${total}`), 'the chart ends at the card\'s total');
  assertClean(assert, seen);
  await context.close();
});

test('add seats later (F7), a partner eligible from month 4 (F2), a custom horizon (T1) and a cancellation (F8)', async () => {
  const { page, context, seen } = await open();
  // E1's base: one BPOS Standard transaction of 100 users, 36 months.
  for (const t of ['t4', 't3', 't2']) await page.getByRole('button', { name: `Remove transaction ${t}` }).click();
  const t1 = row(page, 'Transaction t1: BPOS Standard Suite');
  await t1.getByLabel('Quantity (users)').fill('100');
  await t1.getByLabel('Step-Up units (EA)').fill('0');
  await expectText(page.getByLabel('Northwind IT: Transaction fees (F3)'), '1,440.00');

  // F7: ten more seats from month 13 are a new transaction with its own first year.
  await t1.getByRole('button', { name: /^Add seats later/ }).click();
  const seats = row(page, 'Transaction t2: BPOS Standard Suite'); // the first free id
  assert.equal(await seats.getByLabel('Start month').inputValue(), '13');
  assert.equal(await seats.getByLabel('Quantity (users)').inputValue(), '10');
  await expectText(page.getByLabel('MOSP horizon total'), '38,400.00');
  await expectText(page.getByLabel('Northwind IT: Transaction fees (F3)'), '1,584.00');
  await expectText(page.getByLabel('Northwind IT: Residual fees (F4)'), '2,304.00');

  // F2: Northwind accepts the MOSPA only from month 4: months 1-3 earn nobody anything.
  await page.getByRole('group', { name: 'Northwind IT' }).getByLabel('Partner agreement (MOSPA): from month').fill('4');
  await expectText(page.getByLabel('Northwind IT: Transaction fees (F3)'), '1,224.00');
  await expectText(page.getByLabel('Forfeited fees over the horizon'), '540.00');
  await expectText(page.locator('.forfeited-panel'), 't1, transaction fee, months 1–3');

  // T1: a custom horizon of 30 months.
  await page.getByLabel('Horizon', { exact: true }).selectOption('custom');
  await page.getByLabel('Horizon in months').fill('30');
  await expectText(page.getByLabel('MOSP horizon total'), '31,800.00');
  await expectText(page.getByLabel('Northwind IT: Residual fees (F4)'), '1,728.00');

  // F8: the customer cancels at month 24: nothing is billed or earned from then on.
  await page.getByLabel('Cancels at month (optional)').fill('24');
  await expectText(page.getByLabel('MOSP horizon total'), '24,100.00');
  await expectText(page.getByLabel('Northwind IT: Transaction fees (F3)'), '1,212.00');
  await expectText(page.getByLabel('Northwind IT: Residual fees (F4)'), '1,266.00');
  assertClean(assert, seen);
  await context.close();
});

test("amounts follow the user's locale through Intl.NumberFormat, exact to the cent", async () => {
  const { page, context, seen } = await open({ locale: 'de-DE' });
  await expectText(page.getByLabel('MOSP first-year total'), '44.880,00');
  await expectText(page.getByLabel('EA horizon total'), '124.711,20');
  assert.match(await text(page.getByLabel('Northwind IT: Transaction fees (F3)')), /^\d{1,3}(\.\d{3})*,\d\d\s\$$/);
  assertClean(assert, seen);
  await context.close();
});

test('prefers-reduced-motion turns transitions off', async () => {
  const duration = async (reducedMotion) => {
    const { page, context, seen } = await open({ reducedMotion });
    const d = await page.getByRole('button', { name: 'Add transaction' }).evaluate((b) => getComputedStyle(b).transitionDuration);
    assertClean(assert, seen);
    await context.close();
    return d;
  };
  assert.notEqual(await duration('no-preference'), '0s');
  assert.match(await duration('reduce'), /^0s(, 0s)*$/);
});

test('a cold load paints the answer first; the panels below the fold follow a frame later', async () => {
  // Issue 16 (first result): a share link opened in partner mode. Which panels exist
  // when the first-year total first holds a figure, and again just before the frame
  // that paints it: only the customer's details and the results; then all of them.
  const fixture = JSON.parse(await readFile(join(import.meta.dirname, '../../engine/tests/fixtures/links/v1.json'), 'utf8'))[0];
  const { page, context, seen } = await openAtFirstResult(env.browser, env.server.url + fixture.link, {
    prefs: 'partner',
    selector: '[aria-label="MOSP first-year total"]',
    snapshot: () => [...document.querySelectorAll('section.panel')].map((p) => p.classList[1]).sort(),
  });
  assert.deepEqual(await page.evaluate(() => window.__atFirstResult), ['customer', 'results']);
  assert.deepEqual(await page.evaluate(() => window.__atFirstFrame), ['customer', 'results'], 'nothing below the fold is built before the answer paints');
  for (const name of ['Transactions', 'Partners', 'Partner services', 'Quote as JSON', 'Charts', 'Partner earnings', 'Month by month']) {
    await page.getByRole('heading', { name, exact: true }).waitFor({ timeout: 5000 });
  }
  await expectText(page.getByLabel('MOSP horizon total'), '145,920.00');
  assertClean(assert, seen);
  await context.close();
});

test('at 360 px a jump far down the page lands on its target and stays there; panels out of view then skip layout', async () => {
  // Panels and rows out of view skip layout (content-visibility), sized as they were when
  // last laid out: never by an estimate, which moved a jump's target off the screen as
  // the boxes in view took their real size (seen: 350 px from the top, then 1,216).
  const { page, context, seen } = await open({ width: 360, height: 740 });
  const jump = async (name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const button = page.getByRole('button', { name, exact: true }).first();
    return button.evaluate(async (el) => {
      // Each frame's layout first: the top as painted, frame after frame.
      const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      await frame();
      el.scrollIntoView({ block: 'center' });
      const tops = [];
      for (let i = 0; i < 15; i++) {
        tops.push(Math.round(el.getBoundingClientRect().top));
        await frame();
      }
      return { tops, height: el.getBoundingClientRect().height, viewport: innerHeight };
    });
  };
  // Each time from the top: after a new quote too (every row and panel built anew).
  for (const when of ['loaded', 'a new quote']) {
    if (when === 'a new quote') {
      await page.getByLabel('Quote JSON').fill(await readFile(join(import.meta.dirname, '../../examples/quotes/contoso.json'), 'utf8'));
      await page.getByRole('button', { name: 'Import quote' }).click();
      await page.getByText('Imported a quote with 4 transactions.').waitFor();
    }
    for (const name of ['Add transaction', 'Add partner', 'Add managed services']) {
      const { tops, height, viewport } = await jump(name);
      assert.ok(tops.every((t) => t >= 0 && t + height <= viewport), `${when}: "${name}" in view in every frame: ${tops.join(', ')}`);
      assert.ok(Math.max(...tops) - Math.min(...tops) <= 2, `${when}: "${name}" stays where it landed: ${tops.join(', ')}`);
    }
  }
  // And the panels out of view do skip layout, once laid out.
  const skipping = await page.locator('section.panel.partners').evaluate((p) => getComputedStyle(p).contentVisibility);
  assert.equal(skipping, 'auto');
  assertClean(assert, seen);
  await context.close();
});
