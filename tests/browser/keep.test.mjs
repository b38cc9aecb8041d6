// Keeping and sharing: share links (every version's fixture opens, a damaged one says so
// and touches nothing saved), autosave across a reload, the saved list (rename,
// duplicate, delete and undo, compare), a full storage quota, CSV equal to the screen,
// and the printed quote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launchBrowser, openApp, openPartner, assertClean, expectText, quoteAction, useServerAndBrowser, loadExample, settled } from './helpers.mjs';

const env = useServerAndBrowser();

const text = async (locator) => (await locator.textContent()).trim();
const FIXTURES = join(import.meta.dirname, '../../engine/tests/fixtures/links');

/** The headline figures partner mode shows. */
async function figures(page) {
  await page.getByLabel('MOSP horizon total').waitFor();
  await settled(page);
  const out = {};
  for (const l of ['MOSP first-month total', 'MOSP horizon total', 'EA horizon total', 'Total fees paid to partners']) out[l] = await text(page.getByLabel(l, { exact: true }));
  return out;
}

test('a share link opens the same quote with identical figures in a new browser', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  await page.getByRole('group', { name: 'Transaction t1: BPOS Standard Suite' }).getByLabel('Quantity (users)').fill('150');
  await page.getByLabel('POR transaction fee rate', { exact: true }).fill('0.1');
  await expectText(assert, page.getByLabel('MOSP first-month total'), '$4,040.00');
  const before = await figures(page);
  await quoteAction(page, 'Copy link');
  const link = await page.getByLabel('Share link').inputValue();
  assert.match(link, /#q=1[A-Za-z0-9_-]+$/);
  assert.ok(link.split('#')[1].length < 400, `the example's link is ${link.length} characters`);
  await expectText(assert, page.getByRole('status').first(), 'Link copied');
  assertClean(assert, seen);
  await context.close();

  const other = await openApp(env.browser, env.server.url, { hash: '#' + link.split('#')[1] });
  await other.page.getByLabel('For partners').check();
  assert.deepEqual(await figures(other.page), before);
  assert.equal(other.page.url(), env.server.url, 'the link is read, then dropped from the address: a reload keeps the edits');
  assertClean(assert, other.seen);
  await other.context.close();
});

test('every fixture link of every link version opens with its figures', async () => {
  const fixtures = JSON.parse(await readFile(join(FIXTURES, 'v1.json'), 'utf8'));
  assert.ok(fixtures.length >= 2);
  for (const f of fixtures) {
    const { page, context, seen } = await openApp(env.browser, env.server.url, { hash: f.link });
    await page.getByLabel('For partners').check();
    const money = (v) => '$' + Number(v).toLocaleString('en-US', { minimumFractionDigits: 2 });
    await expectText(assert, page.getByLabel('MOSP horizon total', { exact: true }), money(f.horizon_totals.mosp));
    await expectText(assert, page.getByLabel('EA horizon total', { exact: true }).or(page.getByLabel('EA horizon total (what-if)')), money(f.horizon_totals.ea));
    await expectText(assert, page.getByLabel('Total fees paid to partners'), money(f.horizon_totals.fees));
    assertClean(assert, seen);
    await context.close();
  }
});

test('a damaged link opens an empty quote with a clear message and touches nothing saved', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await loadExample(page);
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('Kept');
  await page.getByRole('button', { name: 'Save quote' }).click();
  const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('licalc:v1:q:')).map((k) => [k, localStorage.getItem(k)])));
  assert.equal(Object.keys(stored).length, 1);
  const fixture = JSON.parse(await readFile(join(FIXTURES, 'v1.json'), 'utf8'))[0].link;
  for (const bad of [fixture.slice(0, 40), '#q=1!!!!', '#q=7abcdef', '#q=']) {
    await page.goto(env.server.url + bad);
    await page.locator('.licalc h1').waitFor();
    // Read by the link decoder, then dropped from the address: this link's message.
    await page.waitForURL(env.server.url);
    await expectText(assert, page.getByRole('alert'), 'The link did not open');
    await expectText(assert, page.locator('.answer'), 'Choose the services you want');
    const now = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('licalc:v1:q:')).map((k) => [k, localStorage.getItem(k)])));
    assert.deepEqual(now, stored, `${bad}: saved quotes untouched`);
  }
  assertClean(assert, seen);
  await context.close();
});

test('the quote being edited survives a reload', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await page.getByLabel('How many users?').fill('42');
  await page.getByRole('checkbox', { name: /^Exchange Online Standard/ }).check();
  await expectText(assert, page.getByLabel('MOSP per month', { exact: true }), '$210.00');
  await page.waitForTimeout(600); // the draft is written a moment after the last edit
  await page.reload();
  await page.locator('.licalc h1').waitFor();
  assert.equal(await page.getByLabel('How many users?').inputValue(), '42');
  assert.equal(await page.getByRole('checkbox', { name: /^Exchange Online Standard/ }).isChecked(), true);
  await expectText(assert, page.getByLabel('MOSP per month', { exact: true }), '$210.00');
  assertClean(assert, seen);
  await context.close();
});

test('at most 20 drafts are kept: a new document past that removes the oldest, never the one being edited', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('licalc:v1:d:')));
  const current = () => page.evaluate(() => sessionStorage.getItem('licalc:v1:tab'));
  await quoteAction(page, 'New quote');
  const first = await current();
  for (let i = 0; i < 19; i++) await quoteAction(page, 'New quote');
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('licalc:v1:d:')).length >= 20);
  assert.ok((await drafts()).includes(`licalc:v1:d:${first}`), 'twenty are all kept');
  await quoteAction(page, 'New quote');
  await quoteAction(page, 'New quote');
  // Pruning reads the drafts in the reader part, fetched the first time.
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('licalc:v1:d:')).length === 20);
  const kept = await drafts();
  assert.equal(kept.length, 20);
  assert.ok(kept.includes(`licalc:v1:d:${await current()}`), 'the draft being edited is kept');
  assert.ok(!kept.includes(`licalc:v1:d:${first}`), 'the oldest went');
  // Edits to the current document write its draft again and remove nothing more.
  await page.getByLabel('How many users?').fill('7');
  await page.waitForTimeout(600);
  assert.deepEqual((await drafts()).sort(), kept.sort());
  assertClean(assert, seen);
  await context.close();
});

test('saved quotes: save, rename, duplicate, delete with undo, open, compare two', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await loadExample(page);
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('Contoso');
  await page.getByRole('button', { name: 'Save quote' }).click();
  await expectText(assert, page.getByRole('status').first(), 'Saved as “Contoso”.');
  await quoteAction(page, 'Saved quotes');
  const list = page.getByRole('list', { name: 'Saved quotes' });
  await expectText(assert, list, 'Contoso');
  await expectText(assert, list, 'first year MOSP $44,880.00, EA $39,338.40');
  await list.getByRole('button', { name: 'Rename Contoso', exact: true }).click();
  await page.getByLabel('New name').fill('Contoso EMEA');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expectText(assert, list, 'Contoso EMEA');
  await list.getByRole('button', { name: 'Duplicate Contoso EMEA', exact: true }).click();
  await expectText(assert, list, 'Contoso EMEA (copy)');
  await list.getByRole('button', { name: 'Delete Contoso EMEA (copy)' }).click();
  await page.getByRole('button', { name: 'Undo' }).waitFor();
  assert.equal(await list.getByText('Contoso EMEA (copy)').count(), 0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expectText(assert, list, 'Contoso EMEA (copy)');
  // A second quote to compare with: the example with 200 BPOS users.
  await page.getByLabel('How many users?').fill('200');
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('Bigger');
  await page.getByRole('button', { name: 'Save quote' }).click();
  await list.getByText('Compare Bigger').click();
  await list.getByText('Compare Contoso EMEA', { exact: true }).click();
  const compared = page.getByRole('region', { name: /compared$/ });
  await expectText(assert, compared, 'MOSP horizon total');
  await expectText(assert, compared, 'difference');
  assert.ok(await compared.getByRole('table').count() === 1);
  // Opening a saved quote brings its figures back.
  await list.getByRole('button', { name: 'Open Contoso EMEA', exact: true }).click();
  assert.equal(await page.getByLabel('How many users?').inputValue(), '120');
  assertClean(assert, seen);
  await context.close();
});

test('a full storage quota says so and loses nothing saved', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await loadExample(page);
  // Two different quotes: 55 users in "Other", 66 in "Before".
  for (const [name, users] of [['Other', '55'], ['Before', '66']]) {
    await page.getByLabel('How many users?').fill(users);
    await quoteAction(page, 'Save');
    await page.getByLabel('Save this quote as').fill(name);
    await page.getByRole('button', { name: 'Save quote' }).click();
    await expectText(assert, page.getByRole('status').first(), `Saved as “${name}”.`);
  }
  // From now on the browser refuses every write, as a full quota does.
  await page.evaluate(() => {
    window.realSetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  const full = page.getByRole('alert').filter({ hasText: 'storage for this site is full' });
  await page.getByLabel('How many users?').fill('7');
  // The draft kept after the edit cannot be written either: said once, a moment later.
  await full.waitFor();
  await quoteAction(page, 'Save');
  await page.getByLabel('Save this quote as').fill('After');
  await page.getByRole('button', { name: 'Save quote' }).click();
  await expectText(assert, page.getByRole('alert'), 'storage for this site is full');
  await quoteAction(page, 'Saved quotes');
  const list = page.getByRole('list', { name: 'Saved quotes' });
  await expectText(assert, list, 'Before');
  assert.equal(await list.getByText('After').count(), 0);
  // Every other write says so too and changes nothing: a duplicate, a rename, an undo.
  const dismiss = async () => {
    await full.getByRole('button', { name: 'Dismiss' }).click();
    await full.waitFor({ state: 'detached' });
  };
  await dismiss();
  await list.getByRole('button', { name: 'Duplicate Before', exact: true }).click();
  await full.waitFor();
  await expectText(assert, full, 'Not duplicated');
  assert.equal(await list.getByText('Before (copy)').count(), 0);
  await dismiss();
  await list.getByRole('button', { name: 'Rename Before', exact: true }).click();
  await page.getByLabel('New name').fill('Renamed');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await full.waitFor();
  await expectText(assert, full, 'Not renamed');
  assert.equal(await page.getByLabel('New name').inputValue(), 'Renamed', 'what was typed is kept');
  assert.equal(await list.getByText('Renamed').count(), 0);
  await dismiss();
  await list.getByRole('button', { name: 'Delete Before', exact: true }).click();
  const undo = (name) => page.getByRole('button', { name: new RegExp(`^Undo deleting ${name}, saved `) });
  // The open document was saved as "Before": the toolbar no longer says it is saved.
  await page.getByText('“Before”: deleted from the saved quotes').waitFor();
  await undo('Before').click();
  await full.waitFor();
  // Said as it is: the deleted quote is no longer in storage, only on this page.
  await expectText(assert, full, 'Not restored');
  await expectText(assert, full, 'stays under Saved quotes until you leave the page');
  assert.equal(await full.getByText('saved before is kept').count(), 0);
  // Doing as told (deleting another quote to make room) loses neither: each keeps its
  // Undo, also after the list is closed and opened again.
  await dismiss();
  await list.getByRole('button', { name: 'Delete Other', exact: true }).click();
  await undo('Other').waitFor();
  await quoteAction(page, 'Saved quotes');
  await list.waitFor({ state: 'detached' });
  await quoteAction(page, 'Saved quotes');
  await undo('Before').waitFor();
  await undo('Other').waitFor();
  // Download gives the deleted quote as a file that opens.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download Before, saved / }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Before.json');
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(file.customer.name, 'Contoso Ltd');
  assert.ok(file.transactions.some((t) => t.quantity === 66), 'the file is "Before" (66 users), not "Other"');
  // Once there is room, each Undo brings its quote back.
  await page.evaluate(() => {
    Storage.prototype.setItem = window.realSetItem;
  });
  await undo('Before').click();
  await list.getByRole('button', { name: 'Duplicate Before', exact: true }).waitFor();
  await page.getByText('“Before”: deleted from the saved quotes').waitFor({ state: 'hidden' });
  await undo('Other').click();
  await list.getByRole('button', { name: 'Duplicate Other', exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Undo/ }).count(), 0);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('deleted quotes each keep their Undo: saved again by the same name, deleted twice, or the draft being edited', async () => {
  const { page, context, seen } = await openApp(env.browser, env.server.url);
  await loadExample(page);
  const save = async () => {
    await quoteAction(page, 'Save');
    await page.getByLabel('Save this quote as').fill('Alpha');
    await page.getByRole('button', { name: 'Save quote' }).click();
    await page.getByText('Saved as “Alpha”.').waitFor();
  };
  const alphas = () => page.getByRole('list', { name: 'Saved quotes' }).locator('li strong').filter({ hasText: /^Alpha$/ });
  const undos = page.getByRole('button', { name: /^Undo deleting Alpha, saved / });
  await save();
  await quoteAction(page, 'Saved quotes');
  const list = page.getByRole('list', { name: 'Saved quotes' });
  await list.getByRole('button', { name: 'Delete Alpha', exact: true }).click();
  await page.getByText('“Alpha”: deleted from the saved quotes').waitFor();
  // Saved again by the same name: the document is saved, and the deleted copy is
  // restored beside it, never over it.
  await page.getByLabel('How many users?').fill('90');
  await save();
  await page.getByText('“Alpha”: saved.').waitFor();
  // Deleted a second time: two copies held, and undoing one keeps the other.
  await list.getByRole('button', { name: 'Delete Alpha', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('button')].filter((b) => /^Undo deleting Alpha/.test(b.textContent.trim().replace(/\s+/g, ' '))).length === 2);
  assert.equal(await alphas().count(), 0);
  await undos.first().click();
  await alphas().first().waitFor();
  assert.equal(await undos.count(), 1, 'the other copy is still held');
  await undos.first().click();
  await page.waitForFunction(() => [...document.querySelectorAll('[aria-label="Saved quotes"] li strong')].filter((e) => e.textContent === 'Alpha').length === 2);
  assert.equal(await undos.count(), 0);
  // The draft of the document being edited: deleted, the status says so; the next
  // change writes it again (as the document is now), which ends its Undo.
  await page.getByLabel('How many users?').fill('77');
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('licalc:v1:d:') && localStorage.getItem(k).includes('\\"quantity\\":77')));
  await quoteAction(page, 'Saved quotes');
  await quoteAction(page, 'Saved quotes');
  const draft = list.locator('li').filter({ has: page.locator('strong', { hasText: /^Draft: Alpha$/ }) });
  await draft.getByRole('button', { name: /^Delete/ }).click();
  await draft.waitFor({ state: 'detached' });
  await page.getByText('their draft was deleted: your next change writes it again').waitFor({ state: 'attached' });
  // Undo right away restores it...
  await undos.first().click();
  await draft.waitFor();
  await page.getByText('(a draft keeps them)').waitFor({ state: 'attached' });
  // ...and a change after another delete writes it again, with the change in it.
  await draft.getByRole('button', { name: /^Delete/ }).click();
  await draft.waitFor({ state: 'detached' });
  const first = page.getByLabel('MOSP first year', { exact: true });
  const before = await text(first);
  await page.getByLabel('How many users?').fill('78');
  await page.waitForFunction((was) => document.querySelector('[aria-label="MOSP first year"]').textContent.trim() !== was, before);
  const now = await text(first);
  await undos.first().waitFor({ state: 'detached' });
  await page.getByText('(a draft keeps them)').waitFor({ state: 'attached' });
  await quoteAction(page, 'Saved quotes');
  await quoteAction(page, 'Saved quotes');
  await expectText(assert, draft, `first year MOSP ${now}`);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('the CSV download holds rows whose totals equal the screen to the cent', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'Contoso-Ltd.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const rows = csv.trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(rows[0], ['record', 'plan', 'month', 'calendar_month', 'transaction', 'service', 'partner', 'kind', 'quantity', 'unit_price', 'amount', 'cumulative']);
  const cents = (rec, plan) => rows.filter((r) => r[0] === rec && r[1] === plan).reduce((s, r) => s + Math.round(Number(r[10]) * 100), 0);
  const screen = async (label) => Math.round(Number((await text(page.getByLabel(label, { exact: true }))).replace(/[$,]/g, '')) * 100);
  assert.equal(cents('month', 'mosp'), await screen('MOSP horizon total'));
  assert.equal(cents('charge', 'mosp'), await screen('MOSP horizon total'));
  assert.equal(cents('month', 'ea'), await screen('EA horizon total'));
  assert.equal(cents('fee', 'mosp'), await screen('Total fees paid to partners'));
  assert.ok(rows.some((r) => r[0] === 'month' && r[3] === '2011-04'), 'calendar months (T2)');
  assertClean(assert, seen);
  await context.close();
});

test('the printed quote is a document: the answer and tables, no inputs, at most 3 A4 pages', async () => {
  const { page, context, seen } = await openPartner(env.browser, env.server.url);
  // The browser's print dialog is the user's: here page.pdf() stands in for "Save as PDF".
  await page.evaluate(() => { window.print = () => { window.printed = true; }; });
  await page.getByRole('button', { name: 'Print / save as PDF' }).click();
  await page.waitForFunction(() => window.printed === true);
  // Built at once but shown only on paper: hidden on screen, visible in print.
  await page.locator('.print-doc').waitFor({ state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  const doc = page.getByRole('article', { name: 'Printable quote' });
  assert.ok(await doc.isVisible());
  const printed = await text(doc);
  for (const s of ['Quote for Contoso Ltd', 'reference Q-', '2011.03.2', 'EA is cheaper', '$44,880.00', '$39,338.40', 'Year by year', 'Month by month', 'Apr 2011', 'Assumptions']) {
    assert.ok(printed.includes(s), `printed quote holds "${s}"`);
  }
  assert.ok(!printed.includes('Northwind'), 'partner fees are left out unless asked for');
  const visibleControls = await page.evaluate(() => [...document.querySelectorAll('.licalc input, .licalc select, .licalc textarea, .licalc button')].filter((e) => e.offsetParent !== null).length);
  assert.equal(visibleControls, 0, 'no input, select or button on paper');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 3, `${pages} pages`);
  assertClean(assert, seen);
  await context.close();
});
