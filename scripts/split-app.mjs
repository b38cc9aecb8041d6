// First step of the post-build hook: split the app's wasm where src/parts.rs marks it
// (partner mode, the partner's desk, the saved quotes, the JSON reader), so customer
// mode loads only the main part (split-wasm.mjs), and replace Trunk's app JS and wasm
// with the split files; index.html's names and SRI hashes follow. A build without split
// points (a plain `trunk build`) keeps Trunk's files, only wasm-opt'd here (index.html
// turns Trunk's off).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { inject, partsMeta } from './parts-list.mjs';
import { renewSri, sri } from './sri.mjs';
import { WASM_OPT_FLAGS, hasSplitPoints, run, splitWasm, wasmOpt } from './split-wasm.mjs';

const dist = process.env.TRUNK_STAGING_DIR;
if (!dist) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
const root = join(import.meta.dirname, '..');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
// cargo's own answer (CARGO_TARGET_DIR, CARGO_BUILD_TARGET_DIR, build.target-dir), as Trunk asks.
const { stdout: metadata } = await run('cargo', ['metadata', '--no-deps', '--format-version', '1', '--manifest-path', join(root, 'Cargo.toml')], { maxBuffer: 64 << 20 });
const input = join(JSON.parse(metadata).target_directory, 'wasm32-unknown-unknown',
  release ? 'release' : 'debug', 'licalc-web.wasm');

const listed = readdirSync(dist);
const trunk = {
  js: listed.find((f) => /^licalc-web-[0-9a-f]+\.js$/.test(f)),
  wasm: listed.find((f) => /^licalc-web-[0-9a-f]+_bg\.wasm$/.test(f)),
};
if (!trunk.js || !trunk.wasm) throw new Error(`Trunk's app build is not in ${dist}: ${listed.join(', ')}`);
const indexPath = join(dist, 'index.html');
let index = readFileSync(indexPath, 'utf8');

// index.html names Trunk's files and checks them by SRI hash: both follow the final files.
const replaceFile = (old, now) => {
  index = renewSri(index, readFileSync(join(dist, old)), readFileSync(join(dist, now)), old);
  if (!index.includes(old)) throw new Error(`index.html does not name ${old}`);
  index = index.split(old).join(now);
  rmSync(join(dist, old));
};

if (!hasSplitPoints(readFileSync(input))) {
  // index.html turns Trunk's wasm-opt off (it would only waste half a minute on a wasm
  // about to be replaced), so a build without split points is optimized here.
  console.log('split-app: no split points in the wasm (built without --cfg licalc_split): one wasm');
  if (release) {
    const path = join(dist, trunk.wasm);
    const before = readFileSync(path);
    await run(wasmOpt, [...WASM_OPT_FLAGS, path, '-o', path]);
    index = renewSri(index, before, readFileSync(path), trunk.wasm);
    writeFileSync(indexPath, index);
  }
  process.exit(0);
}

const { files, names, points } = await splitWasm(input, { prefix: 'licalc-web', release });
for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dist, name), bytes);
replaceFile(trunk.js, names.js);
replaceFile(trunk.wasm, names.wasm);
if (!index.includes('</head>')) throw new Error('index.html has no </head> for the links below');
// The app's JS imports the loader: fetched beside it, not a round trip after it.
index = index.replace('</head>', `<link rel="modulepreload" crossorigin href="./${names.loader}" integrity="${sri('sha384', files[names.loader])}"></head>`);
// The files of each split point, and the inline script that fetches this visit's
// beside the main wasm (web/preload-parts.js: partner mode for a visitor who last used
// it, the link decoder for a share link, the reader for a draft to reopen), as one
// bundle each (split-wasm.mjs writes them); terser'd in release builds. finish-build.mjs
// allows it in the CSP by its hash.
const meta = partsMeta(points);
const preload = inject(readFileSync(join(root, 'web', 'preload-parts.js'), 'utf8'), 'web/preload-parts.js');
const script = release ? (await minify(preload, { compress: true, mangle: true })).code : preload;
index = index.replace('</head>', `${meta}<script>${script}</script></head>`);
writeFileSync(indexPath, index);
console.log(`split-app: ${Object.keys(files).filter((f) => f.endsWith('.wasm')).length - 1} parts split off; ${meta}`);
