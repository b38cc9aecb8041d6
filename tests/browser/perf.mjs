// Render-time measurement (not a test file: `node tests/browser/perf.mjs`, or
// `./dev.sh perf`). Imports a 200-transaction quote through the app's own "Import quote"
// box, then makes 20 edits to one quantity and times each from the input event until the
// engine has recomputed and the DOM is updated and laid out ("work"), and until the next
// animation frame ("to frame"). Prints the medians in ms; the target is <= 16 ms.
//
// Options: TX=200 (transactions), HORIZON=36 (months), EDITS=20.
import { startServer, launchBrowser, openApp } from './helpers.mjs';

const TX = Number(process.env.TX ?? 200);
const HORIZON = Number(process.env.HORIZON ?? 36);
const EDITS = Number(process.env.EDITS ?? 20);

const services = ['bpos-standard', 'exchange-online', 'intune', 'sharepoint-online', 'bpos-deskless'];
const eligible = { membership: { from_month: 1 }, agreement: { from_month: 1 }, assessment_passed_month: 1 };
const quote = {
  format: 1,
  customer: { name: 'Perf Ltd', agreement: 'ea', qualified: 5000 },
  horizon_months: HORIZON,
  transactions: Array.from({ length: TX }, (_, i) => ({
    id: `t${i + 1}`,
    service: services[i % services.length],
    quantity: 20 + (i % 50),
    start_month: 1 + (i % 12),
  })),
  partners: [
    { id: 'a', name: 'Partner A', eligibility: eligible },
    { id: 'b', name: 'Partner B', eligibility: eligible },
  ],
  por: services.map((s) => ({ scope: { service: s }, changes: [{ from_month: 1, partner: 'a' }, { from_month: 7, partner: 'b' }] })),
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

const server = await startServer();
const browser = await launchBrowser();
try {
  const { page } = await openApp(browser, server.url);
  await page.getByLabel('MOSP first-year total').waitFor();
  await page.getByLabel('Quote JSON').fill(JSON.stringify(quote));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Import quote' }).click();
  await page.locator(`#tx-t${TX}-quantity`).waitFor();
  await page.getByText(`Imported a quote with ${TX} transactions.`).waitFor();
  const importMs = Date.now() - t0;

  const target = `tx-t${Math.ceil(TX / 2)}-quantity`;
  const times = await page.evaluate(async ({ target, edits }) => {
    const input = document.getElementById(target);
    const total = document.querySelector('[aria-label="MOSP horizon total"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const out = [];
    for (let i = 0; i <= edits; i++) {
      await frame(); // start each edit at the beginning of a frame
      const before = total.textContent;
      const start = performance.now();
      input.value = String(300 + i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // Leptos runs its effects as microtasks: a zero timeout runs after all of them.
      await new Promise((r) => setTimeout(r, 0));
      void document.body.offsetHeight; // force style and layout
      const work = performance.now() - start;
      await frame();
      const toFrame = performance.now() - start;
      if (total.textContent === before) throw new Error(`edit ${i} did not change the MOSP horizon total`);
      out.push({ work, toFrame });
    }
    return out.slice(1); // the first edit warms up
  }, { target, edits: EDITS });

  const work = median(times.map((t) => t.work));
  const toFrame = median(times.map((t) => t.toFrame));
  console.log(`quote: ${TX} transactions, ${HORIZON} months (${TX * HORIZON} charge rows per path)`);
  console.log(`import and first render: ${importMs} ms`);
  console.log(`one edit, recompute + re-render, median of ${EDITS}: ${work.toFixed(1)} ms (to next frame ${toFrame.toFixed(1)} ms); target <= 16 ms`);
  console.log(`all edits (ms): ${times.map((t) => t.work.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
}
