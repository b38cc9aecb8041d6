// The widget's files from cargo's wasm (built by build-widget.sh without partner mode):
// split at its split points (the link decoder and the JSON reader of the `quote` and
// `price-book` attributes, src/parts.rs) when
// built with ./dev.sh's split flags (split-wasm.mjs), else bound and optimized as one
// wasm; named by a hash of their bytes. Writes licalc-widget.js from
// widget/licalc-widget.js, carrying the lean build (its JS bundled in, its wasm inside),
// with the names of the wasm's file and parts, the app's full build (for mode="partner"),
// the widget CSS and web/warm-up.js, and stages the example host page and the iframe page.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';
import { build } from 'esbuild';
import { inject, readParts } from './parts-list.mjs';
import { WASM_OPT_FLAGS, hasSplitPoints, run, splitWasm, wasmOpt } from './split-wasm.mjs';

const [input, dist, root, profile] = process.argv.slice(2);
const release = profile === 'release';
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** The customer build's files: `{ js, wasm, split, parts }` (the split loader and the parts' files, when split). */
async function customerBuild() {
  if (hasSplitPoints(readFileSync(input))) {
    const { files, names, points } = await splitWasm(input, { prefix: 'licalc-widget', release });
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dist, name), bytes);
    return { js: names.js, wasm: names.wasm, split: names.loader, parts: points };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'licalc-widget-'));
  try {
    await run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'licalc-widget', input]);
    const wasmPath = join(tmp, 'licalc-widget_bg.wasm');
    if (release) await run(wasmOpt, [...WASM_OPT_FLAGS, wasmPath, '-o', wasmPath]);
    const wasm = readFileSync(wasmPath);
    const glue = readFileSync(join(tmp, 'licalc-widget.js'));
    const h = hash(Buffer.concat([wasm, glue]));
    const names = { js: `licalc-widget-${h}.js`, wasm: `licalc-widget-${h}_bg.wasm` };
    writeFileSync(join(dist, names.js), glue);
    writeFileSync(join(dist, names.wasm), wasm);
    return { ...names, split: null, parts: {} };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const customer = await customerBuild();
const files = readdirSync(dist);
const full = {
  js: files.find((f) => /^licalc-web-[0-9a-f]+\.js$/.test(f)),
  wasm: files.find((f) => /^licalc-web-[0-9a-f]+_bg\.wasm$/.test(f)),
  split: files.find((f) => /^licalc-web-[0-9a-f]+-split\.js$/.test(f)) ?? null,
  parts: readParts(readFileSync(join(dist, 'index.html'), 'utf8')),
};
if (!full.js || !full.wasm) throw new Error(`the app's build is not in ${dist}: ${files.join(', ')}`);

// In a shadow root the host's root font size must not scale anything: rem becomes
// --rem. Layout follows the widget's own width, not the page's: width media queries
// become container queries (in px, which container queries read as written).
const css = (readFileSync(join(root, 'style/app.css'), 'utf8') + readFileSync(join(root, 'widget/widget.css'), 'utf8'))
  .split('\n')
  .map((line) => /^\s*@media[^{]*width/.test(line)
    ? line.replace('@media', '@container').replace(/(\d*\.?\d+)rem\b/g, (_, n) => `${Number(n) * 16}px`)
    : line.replace(/(-?\d*\.?\d+)rem\b/g, 'calc($1 * var(--rem))'))
  .join('\n')
  // Minified (it ships inside licalc-widget.js): no comments, no runs of white space, none
  // around braces and semicolons. Safe for this CSS: no string in it holds those.
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s+/g, ' ')
  .replace(/\s*([{};])\s*/g, '$1');

// The lean build travels inside licalc-widget.js (widget/licalc-widget.js says why): its
// JS bundled in, its wasm as base64 of its gzip. The wasm's file stays, for a browser
// without DecompressionStream; the JS files bundled in go. Zopfli in release builds (as
// finish-build.mjs's .gz copies), gzip -9 in debug ones (their wasm is megabytes).
const wasmBytes = readFileSync(join(dist, customer.wasm));
const packed = release ? await gzipAsync(wasmBytes, { numiterations: 15 }) : gzipSync(wasmBytes, { level: 9 });
const own = [customer.js, customer.split].filter(Boolean);
const imports = `import * as customerGlue from './${customer.js}';\n` +
  (customer.split ? `import * as customerSplit from './${customer.split}';` : 'const customerSplit = null;');
const script = inject(readFileSync(join(root, 'widget/licalc-widget.js'), 'utf8'), 'widget/licalc-widget.js')
  .replace('__CUSTOMER_IMPORTS__', () => imports)
  .replace('__CUSTOMER_WASM__', () => JSON.stringify(Buffer.from(packed).toString('base64')))
  .replace('__BUILDS__', () => JSON.stringify({ customer: { ...customer, js: null, split: null }, partner: full }))
  .replace('__CSS__', JSON.stringify(css))
  .replace('__WARM_UP__', () => readFileSync(join(root, 'web/warm-up.js'), 'utf8'));
const bundled = await build({
  stdin: { contents: script, resolveDir: dist, sourcefile: 'licalc-widget.js', loader: 'js' },
  bundle: true, format: 'esm', write: false, target: 'es2022', legalComments: 'none',
  // wasm-bindgen's glue names its split loader's module once per import: the same object.
  logLevel: 'error', logOverride: { 'duplicate-object-key': 'silent' },
});
writeFileSync(join(dist, 'licalc-widget.js'), bundled.outputFiles[0].text);
for (const f of own) rmSync(join(dist, f));
copyFileSync(join(root, 'examples/host/index.html'), join(dist, 'example-host.html'));
copyFileSync(join(root, 'widget/embed.html'), join(dist, 'embed.html'));
copyFileSync(join(root, 'widget/embed.js'), join(dist, 'embed.js'));
