// Splits a wasm cargo built with ./dev.sh's split flags (--cfg licalc_split,
// --emit-relocs, no reference types) at src/parts.rs's split points, and finishes its
// files: wasm_split_cli -> wasm-bindgen on the main part (--keep-lld-exports: the parts
// import its function table) -> in release builds wasm-opt on every part and terser on
// both scripts. Every file is named by one hash of all their bytes (the bound JS and the
// split loader import each other, so neither can be named by its own hash). Used for the
// app (split-app.mjs) and the widget (widget-files.mjs); wasm_split_cli must run before
// wasm-bindgen, so both start from cargo's output.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { minify } from 'terser';
import { bundle, bundleName, bundleOf } from './parts-list.mjs';
import { editSection, leb, readName, shortenImports, uleb } from './wasm-binary.mjs';

export const run = promisify(execFile);

// binaryen 132 from npm (package.json), never another on PATH: Debian's 108 produces a
// wasm that silently renders nothing.
export const wasmOpt = join(import.meta.dirname, '..', 'node_modules', '.bin', 'wasm-opt');
{
  const { stdout } = await run(wasmOpt, ['--version']).catch(() => ({ stdout: '' }));
  if (!/version 132\b/.test(stdout)) throw new Error(`${wasmOpt} is not binaryen 132: run 'npm ci'`);
}

/**
 * wasm-opt's optimization flags for every wasm shipped. `--low-memory-unused` lets it fold
 * an added constant into a load's or store's offset: the two differ only when the sum
 * wraps past 4 GiB into the lowest KiB, which no valid access here does (Rust's wasm puts
 * its stack first, growing down from 1 MiB, and its data above it). Measured: 1.4 KB gzip
 * less in the app's main wasm, 1.6 KB in the widget's, 0.8 KB in partner mode's part.
 * The floor app (bench/floor) is built with the same flags.
 */
export const WASM_OPT_FLAGS = ['-Oz', '--low-memory-unused'];

/** Whether cargo's wasm has split points (it was built with --cfg licalc_split). */
export const hasSplitPoints = (wasm) => WebAssembly.Module.imports(new WebAssembly.Module(wasm))
  .some((i) => i.module === '__wasm_split_placeholder__');

/**
 * Splits cargo's wasm at `input`. Returns the final files, `{ name: bytes or text }`,
 * named `<prefix>-<hash>.js` (the bound JS, which an HTML page or a loader imports),
 * `<prefix>-<hash>_bg.wasm` (the main part), `<prefix>-<hash>-split.js` (the split
 * loader, which the bound JS imports) and `<prefix>-<hash>-<part>.wasm`; and which of
 * them each split point needs, `{ point: [name, ...] }`.
 */
export async function splitWasm(input, { prefix, release }) {
  const tmp = mkdtempSync(join(tmpdir(), 'licalc-split-'));
  try {
    const { stderr } = await run('wasm_split_cli', [input, join(tmp, 'split')]);
    // When the parts' read-only data, laid out again part by part with each part's
    // alignment, would not fit in the space it had, wasm_split_cli keeps all of it in
    // the main part and only warns: tens of KB more for every page. src/main.rs's
    // SPLIT_SLACK gives it room; this says when that room is no longer enough.
    if (/Overlong segment/.test(stderr)) {
      throw new Error(`wasm_split_cli kept the parts' data in the main part (raise SPLIT_SLACK in src/main.rs): ${stderr.trim()}`);
    }
    await run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports',
      '--out-dir', join(tmp, 'bound'), '--out-name', 'app', join(tmp, 'split', 'main.wasm')]);

    // The parts, by the name wasm_split_cli gave each: `split_<split point>.wasm` for a
    // split point's own code, `chunk_<n>.wasm` for code split points share.
    const parts = readdirSync(join(tmp, 'split')).filter((f) => /^(split_\w+|chunk_\d+)\.wasm$/.test(f));
    const wasmFiles = [join(tmp, 'bound', 'app_bg.wasm'), ...parts.map((f) => join(tmp, 'split', f))];
    if (release) {
      // Leptos always depends on server_fn's browser streams (wasm-streams), which export
      // three classes to JS: exports are roots, so their code stayed in every build
      // though nothing here makes one (no server functions). Without the exports,
      // wasm-opt drops it (1.5 KB gzip). The bound JS keeps the classes; only calling
      // them would reach the missing exports, and nothing does.
      dropExports(wasmFiles[0], /^(__wbg_)?intounderlying(bytesource|sink|source)_/);
      // The features the parts were built with (reference types off), stated: the parts'
      // imports carry no target-features section for wasm-opt to detect them from.
      const features = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int',
        '--enable-mutable-globals', '--enable-multivalue'];
      // LICALC_NAMES=1 keeps the functions' names (-g), for a CPU profile that names them.
      const names = process.env.LICALC_NAMES ? ['-g'] : [];
      await Promise.all(wasmFiles.map((f) => run(wasmOpt, [...WASM_OPT_FLAGS, ...names, ...features, f, '-o', f])));
    }
    let appJs = readFileSync(join(tmp, 'bound', 'app.js'), 'utf8');
    let loaderJs = fetchAsTheAppDoes(readFileSync(join(tmp, 'split', '__wasm_split.js'), 'utf8'));
    const needs = splitPointFiles(loaderJs, parts);
    if (release) {
      appJs = (await minify(appJs, { module: true, compress: true, mangle: true })).code;
      loaderJs = (await minify(loaderJs, { module: true, compress: true, mangle: true })).code;
      // The glue's import names carry hashes that do not compress: short ones instead,
      // in the main wasm (the parts import only the loader's memory, table and global)
      // and the bound JS. 5 KB gzip off the app's page, 4 KB off the widget's.
      const short = shortenImports(readFileSync(wasmFiles[0]), appJs, './app_bg.js');
      if (short.count === 0) throw new Error('the main wasm imports nothing from ./app_bg.js: update split-wasm.mjs');
      writeFileSync(wasmFiles[0], short.wasm);
      appJs = short.js;
    }

    const hash = createHash('sha256');
    for (const text of [appJs, loaderJs, ...wasmFiles.map((f) => readFileSync(f))]) hash.update(text).update('\0');
    const h = hash.digest('hex').slice(0, 16);
    const names = {
      js: `${prefix}-${h}.js`,
      wasm: `${prefix}-${h}_bg.wasm`,
      loader: `${prefix}-${h}-split.js`,
      part: (f) => `${prefix}-${h}-${f.replace(/^split_/, '')}`,
    };

    // The bound JS imports the loader (only the import specifiers change: the same string
    // is also the wasm's import module name, which must stay); the loader imports it.
    const specifier = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
    if (!specifier.test(appJs)) throw new Error('the bound JS does not import ./__wasm_split.js');
    appJs = appJs.replace(specifier, `$1"./${names.loader}"`);
    // For a page that knows which part it will need before the wasm has started (the
    // widget's element, from its attributes): the bound JS hands on the loader's fetchEarly.
    appJs += `\nexport { fetchEarly } from "./${names.loader}";\n`;
    const swap = (text, from, to) => {
      if (!text.includes(from)) throw new Error(`the split loader does not name ${from}`);
      return text.split(from).join(to);
    };
    loaderJs = swap(loaderJs, '"./main.js"', `"./${names.js}"`);
    for (const f of parts) loaderJs = swap(loaderJs, `"./${f}"`, `"./${names.part(f)}"`);

    const files = {
      [names.js]: appJs,
      [names.loader]: loaderJs,
      [names.wasm]: readFileSync(wasmFiles[0]),
      ...Object.fromEntries(parts.map((f) => [names.part(f), readFileSync(join(tmp, 'split', f))])),
    };
    const points = Object.fromEntries(needs.map(([point, list]) => [point, list.map(names.part)]));
    // Each point's files also as one bundle, which the loader fetches when most of them
    // are still to come (its `bundleFirst`), and the app's page before the loader is in
    // (web/preload-parts.js).
    for (const list of Object.values(points)) files[bundleName(list)] = bundle(list.map((f) => [f, files[f]]));
    return { files, names, points };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes the exports whose names match `pattern` from the wasm file at `path`. */
function dropExports(path, pattern) {
  let dropped = 0;
  const wasm = editSection(readFileSync(path), 7, (bytes, start) => {
    let [count, p] = uleb(bytes, start);
    const exports = [];
    for (; count > 0; count--) {
      const [exported, kind] = readName(bytes, p);
      const [, next] = uleb(bytes, kind + 1); // the kind byte, then the index
      if (pattern.test(exported)) dropped++;
      else exports.push(bytes.subarray(p, next));
      p = next;
    }
    return Buffer.concat([leb(exports.length), ...exports]);
  });
  if (dropped === 0) throw new Error(`no export of ${path} matches ${pattern}: update split-wasm.mjs`);
  writeFileSync(path, wasm);
}

// The loader's fetch, as the app's own: a part served without the wasm MIME type is
// compiled from its bytes (instantiateStreaming refuses it), an HTTP error is one, and
// a failed fetch is not an unhandled rejection while the shared chunks load. A fetch
// started early (`fetchEarly`, exported, and again by the bound JS: the widget's loader
// calls it for a part the element's attributes show it will need) is used once, if it
// succeeded (else the part is fetched again); a part the loader has fetched already is
// not fetched early again. Files most of which are still to come are fetched as their
// point's one bundle (`bundleFirst`), as the page may have before this module loaded
// (web/preload-parts.js), or the widget's loader beside it (`fetchEarly(files, bytes)`).
function fetchAsTheAppDoes(loaderJs) {
  loaderJs = bundledLoads(loaderJs);
  const streaming = `        const src = fetch(srcUrl);
        return async (imports) => {
            return await WebAssembly.instantiateStreaming(src, imports);
        }`;
  if (!loaderJs.includes(streaming)) throw new Error("wasm_split_cli's loader fetches parts in an unknown way");
  return loaderJs.replace(streaming, `        const early = EARLY.get(srcUrl.href);
        EARLY.delete(srcUrl.href);
        TAKEN.add(srcUrl.href);
        const again = () => fetch(srcUrl);
        const src = early ? early.then((r) => r.ok ? r : again(), again) : again();
        src.catch(() => {});
        return async (imports) => {
            const response = await src;
            if (!response.ok) throw new Error(\`\${srcUrl}: HTTP \${response.status}\`);
            if (response.headers.get('Content-Type')?.split(';')[0].trim() === 'application/wasm') {
                return await WebAssembly.instantiateStreaming(response, imports);
            }
            return await WebAssembly.instantiate(await response.arrayBuffer(), imports);
        }`) + `
const EARLY = new Map();
const TAKEN = new Set();
const bundleOf = ${bundleOf}; // scripts/parts-list.mjs
const wanted = (f) => {
    const url = new URL(f, import.meta.url).href;
    return !EARLY.has(url) && !TAKEN.has(url) ? url : null;
};
export function fetchEarly(files, bytes) {
    if (bytes) { // the bundle's bytes, fetched by a caller who could not wait for this module
        if (files.some(wanted)) takeBundle(files, bytes);
        return;
    }
    if (bundleFirst(files)) return;
    for (const f of files) {
        const url = wanted(f);
        if (url) {
            const response = fetch(url);
            response.catch(() => {});
            EARLY.set(url, response);
        }
    }
}
// A split point's files (its own first) as one bundle, named after its first file, when
// most of them are still to fetch (each request a round trip on a slow line; the bundle
// brings again the ones already here), and no service worker serves the page (the app's
// has each file, not the bundles). Returns whether it did.
function bundleFirst(files) {
    if (globalThis.navigator?.serviceWorker?.controller) return false;
    const left = files.filter(wanted);
    if (left.length < 2 || left.length * 2 < files.length) return false;
    const first = new URL(files[0], import.meta.url).href;
    takeBundle(files, fetch(bundleOf(first))
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(\`\${r.url}: HTTP \${r.status}\`)))));
    return true;
}
// A split point's files out of one bundle (scripts/parts-list.mjs: a 4-byte length, a
// JSON index [[name, size], ...], the bytes; bytes: its ArrayBuffer to come), each
// used once as a fetch started early; one it does not bring, or all if it cannot be
// fetched, are then fetched on their own.
function takeBundle(files, bytes) {
    const unpacked = bytes
        .then((buffer) => {
            const length = new DataView(buffer).getUint32(0, true);
            let at = 4 + length;
            const out = new Map();
            for (const [name, size] of JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)))) {
                out.set(name, new Uint8Array(buffer, at, size));
                at += size;
            }
            return out;
        });
    unpacked.catch(() => {}); // each file's own promise reports it; with none wanted, nothing does
    for (const f of files) {
        const url = wanted(f);
        if (!url) continue;
        const name = url.split('/').pop();
        const one = unpacked.then((out) => {
            if (!out.has(name)) throw new Error(\`\${name} is not in its bundle\`);
            return new Response(out.get(name), { headers: { 'Content-Type': 'application/wasm' } });
        });
        one.catch(() => {});
        EARLY.set(url, one);
    }
}
// The bundles the page asked for before this module loaded (web/preload-parts.js).
for (const { files, bytes } of globalThis[Symbol.for('licalc.early-parts')] ?? []) takeBundle(files, bytes);
`;
}

// wasm_split_cli's `makeLoad` with each load knowing its file, and a split point's load
// starting with `bundleFirst` over its files and its shared chunks' (above): a point
// loaded when first needed comes in one request too, not up to twenty-one.
function bundledLoads(loaderJs) {
  const edits = [
    ['    const loader = async () => {\n        const parallelStuff = deps.map(d => d());',
      '    const loader = async () => {\n        if (deps.length) bundleFirst([fetchOpts, ...deps.map((d) => d.url)]);\n        const parallelStuff = deps.map(d => d());'],
    ['    let loadingModule = undefined;\n    return () => {', '    let loadingModule = undefined;\n    const load = () => {'],
    ['        return loadingModule;\n    }\n}', '        return loadingModule;\n    };\n    load.url = fetchOpts;\n    return load;\n}'],
  ];
  for (const [from, to] of edits) {
    if (!loaderJs.includes(from)) throw new Error(`wasm_split_cli's loader loads parts in an unknown way: no ${JSON.stringify(from)}`);
    loaderJs = loaderJs.replace(from, to);
  }
  return loaderJs;
}

// Which files each split point needs, read from the loader as wasm_split_cli writes it:
// `const __chunk_3 = makeLoad(new URL("./chunk_3.wasm", ...), []);` for shared code,
// `export const __wasm_split_load_<point> = wrapAsyncCb(makeLoad(new URL("./<file>",
// ...), [__chunk_3]));` for each split point.
function splitPointFiles(loaderJs, parts) {
  const shared = Object.fromEntries([...loaderJs.matchAll(/const (\w+) = makeLoad\(new URL\("\.\/([^"]+)"/g)]
    .map((m) => [m[1], m[2]]));
  const needs = [...loaderJs.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(new URL\("\.\/([^"]+)", import\.meta\.url\), \[([^\]]*)\]/g)]
    .map(([, point, file, deps]) => [point, [file, ...deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => shared[d])]]);
  const points = [...loaderJs.matchAll(/export const __wasm_split_load_/g)].length;
  if (needs.length === 0 || needs.length !== points || needs.some(([, files]) => files.some((f) => !parts.includes(f)))) {
    throw new Error(`cannot read the split points from wasm_split_cli's loader: ${JSON.stringify(needs)}`);
  }
  return needs;
}
