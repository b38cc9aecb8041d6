// First step of the post-build hook: split the app's wasm where src/parts.rs marks it
// (partner mode, the partner's desk, the saved quotes), so customer mode loads only the
// main part.
//
// Trunk's rust pipeline runs wasm-bindgen on cargo's output, and wasm_split_cli must run
// before it, so this step starts again from cargo's output (built with ./dev.sh's flags:
// --cfg licalc_split, --emit-relocs, no reference types) and replaces Trunk's app JS and
// wasm: wasm_split_cli -> wasm-bindgen on the main part (--keep-lld-exports: the parts
// import its function table) -> in release builds wasm-opt on every part and terser on
// both scripts. Every file is named by one hash of all their bytes (the app's JS and the
// split loader import each other, so neither can be named by its own hash), and
// index.html's names and SRI hashes follow. A build without split points (a plain
// `trunk build`) keeps Trunk's files, only wasm-opt'd here (index.html turns Trunk's off).
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { minify } from 'terser';
import { partsMeta } from './parts-list.mjs';
import { renewSri, sri } from './sri.mjs';

const run = promisify(execFile);
// binaryen 132 from npm (package.json), never another on PATH: Debian's 108 produces a
// wasm that silently renders nothing.
const wasmOpt = join(import.meta.dirname, '..', 'node_modules', '.bin', 'wasm-opt');
{
  const { stdout } = await run(wasmOpt, ['--version']).catch(() => ({ stdout: '' }));
  if (!/version 132\b/.test(stdout)) throw new Error(`${wasmOpt} is not binaryen 132: run 'npm ci'`);
}
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

const cargoWasm = readFileSync(input);
const splitImports = WebAssembly.Module.imports(new WebAssembly.Module(cargoWasm))
  .filter((i) => i.module === '__wasm_split_placeholder__');
if (splitImports.length === 0) {
  // index.html turns Trunk's wasm-opt off (it would only waste half a minute on a wasm
  // about to be replaced), so a build without split points is optimized here.
  console.log('split-app: no split points in the wasm (built without --cfg licalc_split): one wasm');
  if (release) {
    const path = join(dist, trunk.wasm);
    const before = readFileSync(path);
    await run(wasmOpt, ['-Oz', path, '-o', path]);
    index = renewSri(index, before, readFileSync(path), trunk.wasm);
    writeFileSync(indexPath, index);
  }
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'licalc-split-'));
try {
  await run('wasm_split_cli', [input, join(tmp, 'split')]);
  await run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports',
    '--out-dir', join(tmp, 'bound'), '--out-name', 'app', join(tmp, 'split', 'main.wasm')]);

  // The parts, by the name wasm_split_cli gave each: `split_<split point>.wasm` for a
  // split point's own code, `chunk_<n>.wasm` for code split points share.
  const parts = readdirSync(join(tmp, 'split')).filter((f) => /^(split_\w+|chunk_\d+)\.wasm$/.test(f));
  const wasmFiles = [join(tmp, 'bound', 'app_bg.wasm'), ...parts.map((f) => join(tmp, 'split', f))];
  if (release) {
    // The features the parts were built with (reference types off), stated: the parts'
    // imports carry no target-features section for wasm-opt to detect them from.
    const features = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int',
      '--enable-mutable-globals', '--enable-multivalue'];
    await Promise.all(wasmFiles.map((f) => run(wasmOpt, ['-Oz', ...features, f, '-o', f])));
  }
  let appJs = readFileSync(join(tmp, 'bound', 'app.js'), 'utf8');
  let loaderJs = readFileSync(join(tmp, 'split', '__wasm_split.js'), 'utf8');
  // The loader's fetch, as the app's own: a part served without the wasm MIME type is
  // compiled from its bytes (instantiateStreaming refuses it), an HTTP error is one, and
  // a failed fetch is not an unhandled rejection while the shared chunks load.
  const streaming = `        const src = fetch(srcUrl);
        return async (imports) => {
            return await WebAssembly.instantiateStreaming(src, imports);
        }`;
  if (!loaderJs.includes(streaming)) throw new Error("wasm_split_cli's loader fetches parts in an unknown way");
  loaderJs = loaderJs.replace(streaming, `        const src = fetch(srcUrl);
        src.catch(() => {});
        return async (imports) => {
            const response = await src;
            if (!response.ok) throw new Error(\`\${srcUrl}: HTTP \${response.status}\`);
            if (response.headers.get('Content-Type')?.split(';')[0].trim() === 'application/wasm') {
                return await WebAssembly.instantiateStreaming(response, imports);
            }
            return await WebAssembly.instantiate(await response.arrayBuffer(), imports);
        }`);
  // Which files each split point needs, read from the loader as wasm_split_cli writes it:
  // `const __chunk_3 = makeLoad(new URL("./chunk_3.wasm", ...), []);` for shared code,
  // `export const __wasm_split_load_<point> = wrapAsyncCb(makeLoad(new URL("./<file>",
  // ...), [__chunk_3]));` for each split point.
  const shared = Object.fromEntries([...loaderJs.matchAll(/const (\w+) = makeLoad\(new URL\("\.\/([^"]+)"/g)]
    .map((m) => [m[1], m[2]]));
  const needs = [...loaderJs.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(new URL\("\.\/([^"]+)", import\.meta\.url\), \[([^\]]*)\]/g)]
    .map(([, point, file, deps]) => [point, [file, ...deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => shared[d])]]);
  const points = [...loaderJs.matchAll(/export const __wasm_split_load_/g)].length;
  if (needs.length === 0 || needs.length !== points || needs.some(([, files]) => files.some((f) => !parts.includes(f)))) {
    throw new Error(`cannot read the split points from wasm_split_cli's loader: ${JSON.stringify(needs)}`);
  }
  if (release) {
    appJs = (await minify(appJs, { module: true, compress: true, mangle: true })).code;
    loaderJs = (await minify(loaderJs, { module: true, compress: true, mangle: true })).code;
  }

  const hash = createHash('sha256');
  for (const text of [appJs, loaderJs, ...wasmFiles.map((f) => readFileSync(f))]) hash.update(text).update('\0');
  const h = hash.digest('hex').slice(0, 16);
  const names = {
    js: `licalc-web-${h}.js`,
    wasm: `licalc-web-${h}_bg.wasm`,
    loader: `licalc-web-${h}-split.js`,
    part: (f) => `licalc-web-${h}-${f.replace(/^split_/, '')}`,
  };

  // The app's JS imports the loader (only the import specifiers change: the same string is
  // also the wasm's import module name, which must stay); the loader imports the app's JS.
  const specifier = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
  if (!specifier.test(appJs)) throw new Error("the app's JS does not import ./__wasm_split.js");
  appJs = appJs.replace(specifier, `$1"./${names.loader}"`);
  const swap = (text, from, to) => {
    if (!text.includes(from)) throw new Error(`the split loader does not name ${from}`);
    return text.split(from).join(to);
  };
  loaderJs = swap(loaderJs, '"./main.js"', `"./${names.js}"`);
  for (const f of parts) loaderJs = swap(loaderJs, `"./${f}"`, `"./${names.part(f)}"`);

  writeFileSync(join(dist, names.js), appJs);
  writeFileSync(join(dist, names.loader), loaderJs);
  writeFileSync(join(dist, names.wasm), readFileSync(wasmFiles[0]));
  for (const f of parts) writeFileSync(join(dist, names.part(f)), readFileSync(join(tmp, 'split', f)));

  replaceFile(trunk.js, names.js);
  replaceFile(trunk.wasm, names.wasm);
  if (!index.includes('</head>')) throw new Error('index.html has no </head> for the links below');
  // The app's JS imports the loader: fetched beside it, not a round trip after it.
  index = index.replace('</head>', `<link rel="modulepreload" crossorigin href="./${names.loader}" integrity="${sri('sha384', loaderJs)}"></head>`);
  // For guard.js: the files of each split point, to fetch partner mode's early when the
  // visitor last used it (otherwise its first result waits a round trip more).
  const meta = partsMeta(Object.fromEntries(needs.map(([point, files]) => [point, files.map(names.part)])));
  index = index.replace('</head>', `${meta}</head>`);
  writeFileSync(indexPath, index);
  console.log(`split-app: ${parts.length} parts split off; ${meta}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
