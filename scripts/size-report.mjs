// The bytes each kind of page loads from dist/, gzip -9 as a server would send them:
// the full app page (index.html and what it loads, in customer mode; then with the files
// split off for partner mode and for the desk, as index.html's licalc-parts lists them, and
// as the one bundle a first visit that needs them at once fetches),
// and a host page with one widget in customer mode (licalc-widget.js, which carries the
// lean build, then with each part that reads a `quote` or `price-book` attribute). Every other file is listed too,
// and beside gzip -9 the size of the build's own .gz copy (zopfli), which a static host
// that serves precompressed files sends instead.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleName, readParts } from './parts-list.mjs';

const dist = process.argv[2] ?? 'dist';
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [relative(dist, p)];
});
const files = walk(dist).filter((f) => !/\.(gz|br)$/.test(f)).sort();
const size = Object.fromEntries(files.map((f) => {
  const bytes = readFileSync(join(dist, f));
  const copy = join(dist, f + '.gz');
  return [f, { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length, shipped: existsSync(copy) ? statSync(copy).size : NaN }];
}));
const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KB` : 'n/a');
const pick = (re) => files.filter((f) => re.test(f));
const parts = readParts(readFileSync(join(dist, 'index.html'), 'utf8'));
const partFiles = new Set(Object.values(parts).flat());
const page = pick(/^(index\.html|licalc-web-.*\.(js|wasm)|sw-register\.js|guard\.js|manifest\.webmanifest|icons\/icon\.svg)$/)
  .filter((f) => !partFiles.has(f));
// The widget's parts split off, as licalc-widget.js lists them (the customer build's
// `parts`, the first in BUILDS: `{ point: [file] }`), fetched only when a `quote` or
// `price-book` attribute is set.
const widgetParts = (() => {
  if (!files.includes('licalc-widget.js')) return {};
  const listed = /"?parts"?:(\{[^}]*\})/.exec(readFileSync(join(dist, 'licalc-widget.js'), 'utf8'));
  return listed ? Function(`return ${listed[1]}`)() : {};
})();
// licalc-widget.js carries the lean build (its JS bundled in and its wasm inside,
// scripts/widget-files.mjs): the wasm's own file is only for a browser without
// DecompressionStream.
const widget = pick(/^licalc-widget\.js$/);
const pages = {
  [`full app page (index.html${partFiles.size ? ', customer mode' : ''})`]: page,
  ...Object.fromEntries(Object.entries(parts).map(([point, list]) => [`full app page, with ${point.replace('_', ' ')}`, [...page, ...list]])),
  // What a visit fetches for a point: its bundle (split-wasm.mjs, web/preload-parts.js).
  ...Object.fromEntries(Object.entries(parts).filter(([, list]) => files.includes(bundleName(list)))
    .map(([point, list]) => [`full app page, with ${point.replace('_', ' ')} as its bundle`, [...page, bundleName(list)]])),
  [`widget on a host page (customer mode${Object.keys(widgetParts).length ? ', no quote or price-book attribute' : ''})`]: widget,
  ...Object.fromEntries(Object.entries(widgetParts).map(([point, list]) => [`widget, with ${point.replace('_', ' ')}`, [...widget, ...list]])),
  ...Object.fromEntries(Object.entries(widgetParts).filter(([, list]) => files.includes(bundleName(list)))
    .map(([point, list]) => [`widget, with ${point.replace('_', ' ')} as its bundle`, [...widget, bundleName(list)]])),
};
console.log(`${'file'.padEnd(48)} ${'raw B'.padStart(10)} ${'gzip B'.padStart(10)} ${'.gz B'.padStart(10)}`);
for (const f of files) console.log(`${f.padEnd(48)} ${String(size[f].raw).padStart(10)} ${String(size[f].gz).padStart(10)} ${String(size[f].shipped).padStart(10)}`);
console.log('');
for (const [page, list] of Object.entries(pages)) {
  const gz = list.reduce((t, f) => t + size[f].gz, 0);
  const shipped = list.reduce((t, f) => t + size[f].shipped, 0);
  console.log(`${page}: ${kb(gz)} gzip over ${list.length} files (${list.join(', ')}); ${kb(shipped)} as the build's .gz copies`);
}
