// The partner's desk, as a partner uses it: partner services in a quote (S1-S3), three
// saved customers added up (V1) with totals equal to the quotes' own figures, the
// attention list (V2) into a quote and back (V3), and a fee statement reconciled (R1, R2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openApp, openPartner, assertClean, expectText, quoteAction, axeViolations, useServerAndBrowser } from './helpers.mjs';

const env = useServerAndBrowser();

const ROOT = join(import.meta.dirname, '../..');
const CUSTOMERS = [
  ['Contoso', 'examples/quotes/contoso.json'],
  ['Fabrikam Foods', 'examples/portfolio/fabrikam-foods.json'],
  ['Litware', 'examples/portfolio/litware.json'],
];
const FIGURES = ['Transaction fees', 'Residual fees', 'Services total'];

/** "$1,234.56" or "-$14.00" as whole cents, so sums are exact. */
const cents = (s) => {
  const m = s.trim().match(/^(-?)\$([\d,]+)\.(\d\d)$/);
  assert.ok(m, `not a dollar amount: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
};
const text = async (locator) => (await locator.textContent()).trim();

/** Opens each example customer from its file, reads each partner's own figures in partner mode and saves it. */
async function saveCustomers(page) {
  const own = {};
  await page.getByLabel('For partners').check();
  for (const [name, file] of CUSTOMERS) {
    await page.getByLabel('Open a file…').setInputFiles(join(ROOT, file));
    await page.getByLabel('MOSP horizon total').waitFor();
    await expectText(assert, page.getByRole('status').first(), 'Opened');
    for (const partner of ['Northwind IT', 'Fabrikam Cloud']) {
      for (const f of FIGURES) {
        const out = page.getByLabel(new RegExp(`^${partner}: ${f}( \\(F\\d\\))?$`));
        if (await out.count()) own[`${partner}: ${f}`] = (own[`${partner}: ${f}`] ?? 0) + cents(await text(out));
      }
    }
    await quoteAction(page, 'Save');
    await page.getByLabel('Save this quote as').fill(name);
    await page.getByRole('button', { name: 'Save quote' }).click();
    await expectText(assert, page.getByRole('status').first(), 'Saved');
  }
  return own;
}

test('a migration line and a managed-services line change the partner earnings and the customer total (S1-S3)', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  const earnings = page.getByLabel('Northwind IT: Earnings (fees + services)');
  const before = cents(await text(earnings));
  await page.getByRole('button', { name: 'Add migration and integration' }).click();
  const migration = page.getByRole('group', { name: /^Migration and integration s1/ });
  await migration.getByLabel('Description').fill('Mailbox migration');
  await migration.getByLabel('Amount').fill('2000');
  await page.getByRole('button', { name: 'Add managed services' }).click();
  const managed = page.getByRole('group', { name: /^Managed services s2/ });
  await managed.getByLabel('Amount').fill('300');
  // 2,000 once, and 300 a month for the 36 months of the horizon.
  await expectText(assert, page.getByLabel('Northwind IT: Services total'), '$12,800.00');
  await expectText(assert, page.getByLabel('Northwind IT: Services, one-off'), '$2,000.00');
  await expectText(assert, page.getByLabel('Northwind IT: Services, recurring'), '$10,800.00');
  assert.equal(cents(await text(earnings)), before + 1_280_000);
  const mosp = cents(await text(page.getByLabel('MOSP horizon total')));
  await page.getByLabel('For customers').check();
  await expectText(assert, page.getByLabel('Partner services over the horizon', { exact: true }), '$12,800.00');
  const withServices = page.getByLabel('MOSP with partner services over the horizon');
  assert.equal(cents(await text(withServices)), mosp + 1_280_000, 'licences plus services (S2)');
  assertClean(assert, seen);
  await context.close();
});

test('three saved customers add up to their own figures; an attention line opens a quote and comes back (V1-V3)', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  const own = await saveCustomers(page);
  await page.getByLabel("Partner's desk").check();
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  await expectText(assert, page.locator('.portfolio'), '3 customers');
  for (const partner of ['Northwind IT', 'Fabrikam Cloud']) {
    await page.getByLabel('Partner', { exact: true }).selectOption({ label: partner });
    for (const f of FIGURES) {
      const desk = f === 'Services total' ? 'Services' : f;
      const shown = cents(await text(page.getByLabel(`${partner}: ${desk}`, { exact: true })));
      assert.equal(shown, own[`${partner}: ${f}`], `${partner} ${f}: the portfolio equals the sum of the three quotes`);
    }
  }
  // The CLI's figures for the same three files (engine/tests/cli.rs).
  await expectText(assert, page.getByLabel('Fabrikam Cloud: Services', { exact: true }), '$55,200.00');
  await page.getByLabel('Partner', { exact: true }).selectOption({ label: 'Every partner' });
  const byMonth = page.getByRole('table', { name: 'Portfolio by month' });
  await expectText(assert, byMonth.locator('tbody tr').first(), 'Apr 2011');

  await page.getByLabel('Attention from (month)').fill('2011-08');
  await page.getByLabel('Attention from (month)').dispatchEvent('change');
  const list = page.getByRole('list', { name: 'Needs attention, soonest first' });
  await expectText(assert, list.locator('li').first(), '250 would cost');
  const forfeit = list.locator('li').filter({ hasText: 'Fabrikam Foods' }).first();
  await expectText(assert, forfeit, 'goes to nobody');
  const follow = forfeit.getByRole('button', { name: /^Open Fabrikam Foods/ });
  const followId = await follow.getAttribute('id');
  await follow.click();
  // The customer's quote, at its Partner of Record fees, saying where it came from.
  await expectText(assert, page.getByRole('complementary', { name: "From the partner's desk" }), 'Fabrikam Foods');
  assert.equal(await page.getByLabel('Customer name').inputValue(), 'Fabrikam Foods');
  await page.waitForFunction(() => document.activeElement?.id === 'fees-heading');
  await page.getByRole('button', { name: "Back to the partner's desk" }).click();
  await page.waitForFunction((id) => document.activeElement?.id === id, followId);
  assert.equal(await page.getByLabel('Attention from (month)').inputValue(), '2011-08', 'the desk is as it was left');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  assertClean(assert, seen);
  await context.close();
});

test('the sample statement reconciles into the four groups, totals per month and its bad lines (R1, R2)', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await saveCustomers(page);
  await page.getByLabel("Partner's desk").check();
  await page.getByLabel('Open a statement file (CSV)').setInputFiles(join(ROOT, 'examples/statements/northwind-2011-q2.csv'));
  const report = page.locator('.reconciliation');
  await expectText(assert, report, '1 lines differ, 1 expected payments are missing, 1 payments were not expected, 2 lines could not be read');
  for (const g of ['Paid as expected (18)', 'Paid with a difference (1)', 'Expected, not paid (1)', 'Paid, not expected (1)', 'Lines that could not be read (2)']) {
    await page.getByRole('heading', { name: g }).waitFor();
  }
  const differ = page.getByRole('table', { name: 'Paid with a difference' });
  await expectText(assert, differ, 'May 2011');
  await expectText(assert, differ, '-$14.00');
  await expectText(assert, page.getByRole('table', { name: 'Expected, not paid' }), 't3');
  await expectText(assert, page.getByRole('table', { name: 'Paid, not expected' }), '$36.00');
  const bad = page.getByRole('list', { name: 'Lines that could not be read' });
  await expectText(assert, bad.locator('li').nth(0), 'Line 22');
  await expectText(assert, bad.locator('li').nth(1), 'Contoso Limited');
  const months = page.getByRole('table', { name: 'By month: lines (paid / expected)' });
  assert.equal(await months.locator('tbody tr').count(), 3, 'April, May and June 2011');
  // A pasted statement with a wrong header is refused whole, saying why.
  await page.getByLabel('Or paste the statement (CSV)').fill('month,customer,amount\n2011-04,Contoso Ltd,1.00\n');
  await page.getByRole('button', { name: 'Reconcile' }).click();
  await expectText(assert, page.getByRole('alert'), 'header');
  assertClean(assert, seen);
  await context.close();
});
