// The built folder as a static host gets it (docs/embedding.md, "Precompressed copies"):
// every file has a .gz and a .br copy that decompress to exactly its bytes, and the .gz
// copies (zopfli's) are never larger than gzip -9 would make them; each split point's
// bundle holds exactly its files' bytes (scripts/parts-list.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { DIST } from './helpers.mjs';
import { bundleName, readParts, unbundle } from '../../scripts/parts-list.mjs';
import { leb, name, shortenImports } from '../../scripts/wasm-binary.mjs';

/** A module of imports only (`[module, name, 'memory'?]`, functions of type () -> ()). */
const module = (imports) => {
  const section = (id, body) => Buffer.concat([Buffer.from([id]), leb(body.length), body]);
  const desc = (kind) => Buffer.from(kind === 'memory' ? [2, 0, 1] : [0, 0]);
  return Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), section(1, Buffer.from([1, 0x60, 0, 0])),
    section(2, Buffer.concat([leb(imports.length), ...imports.flatMap(([m, n, kind]) => [name(m), name(n), desc(kind)])]))]);
};

const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [relative(DIST, p)];
});

test('every built file has .gz and .br copies of exactly its bytes, the .gz no larger than gzip -9', () => {
  const all = new Set(walk(DIST));
  const files = [...all].filter((f) => !/\.(gz|br)$/.test(f));
  assert.ok(files.some((f) => f.endsWith('_bg.wasm')) && files.includes('index.html'), 'a built dist/');
  let saved = 0;
  for (const f of files) {
    const bytes = readFileSync(join(DIST, f));
    assert.ok(all.has(`${f}.gz`) && all.has(`${f}.br`), `${f}: both copies`);
    const gz = readFileSync(join(DIST, `${f}.gz`));
    assert.ok(gunzipSync(gz).equals(bytes), `${f}.gz holds ${f}`);
    assert.ok(brotliDecompressSync(readFileSync(join(DIST, `${f}.br`))).equals(bytes), `${f}.br holds ${f}`);
    const nine = gzipSync(bytes, { level: 9 }).length;
    // (The build keeps the smaller of zopfli and gzip -9; a few bytes of slack for a
    // zlib here that differs from the build's.)
    assert.ok(gz.length <= nine + 64, `${f}.gz: ${gz.length} B, gzip -9 ${nine} B`);
    saved += nine - gz.length;
  }
  // The two wasm builds alone gain some 40 KB over gzip -9.
  assert.ok(saved > 20_000, `${saved} B fewer than gzip -9`);
});

test("each split point's bundle holds its files, in order, byte for byte: the app's and the widget's", () => {
  const widget = /"?parts"?:(\{[^}]*\})/.exec(readFileSync(join(DIST, 'licalc-widget.js'), 'utf8'));
  const builds = {
    app: readParts(readFileSync(join(DIST, 'index.html'), 'utf8')),
    widget: widget ? Function(`return ${widget[1]}`)() : {},
  };
  for (const [build, parts] of Object.entries(builds)) {
    assert.ok(Object.keys(parts).length >= 3, `${build}: split points listed`);
    for (const [point, files] of Object.entries(parts)) {
      const inside = unbundle(readFileSync(join(DIST, bundleName(files))));
      assert.deepEqual(inside.map(([name]) => name), files, `${build} ${point}: its files, in order`);
      for (const [name, bytes] of inside) assert.ok(bytes.equals(readFileSync(join(DIST, name))), `${build} ${point}: ${name}`);
    }
  }
});

test("the main wasms import the glue's functions by short names, the bound JS supplies each under its name; a name the JS does not hold exactly once stops the build", () => {
  const mains = readdirSync(DIST).filter((f) => /^licalc-(web|widget)-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.equal(mains.length, 2, mains.join(' '));
  for (const main of mains) {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(DIST, main))))
      .filter((i) => i.module === './app_bg.js');
    assert.ok(imports.length > 50, `${main}: ${imports.length} imports`);
    assert.deepEqual(imports.filter((i) => i.name.length > 2).map((i) => i.name), [], `${main}: every name short`);
    const js = readFileSync(join(DIST, main.replace(/_bg\.wasm$/, '.js')), 'utf8');
    for (const { name } of imports) assert.match(js, new RegExp(`[{,]${name}:`), `${main}: ${name} in the JS`);
  }
  // On a module made here: functions renamed in order, a memory import and another
  // module's function kept; a JS that names an import other than once is refused.
  const names = (bytes) => WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${i.module} ${i.name}`);
  const glue = ['__wbg_one_0123456789abcdef', '__wbg_two_0123456789abcdef'];
  const wasm = module([['./app_bg.js', glue[0]], ['./__wasm_split.js', '__wasm_split_load_x'], ['./app_bg.js', 'memory', 'memory'], ['./app_bg.js', glue[1]]]);
  const out = shortenImports(wasm, `const i={${glue[0]}:()=>1,${glue[1]}:()=>2};`, './app_bg.js');
  assert.equal(out.count, 2);
  assert.equal(out.js, 'const i={a:()=>1,b:()=>2};');
  assert.deepEqual(names(out.wasm), ['./app_bg.js a', './__wasm_split.js __wasm_split_load_x', './app_bg.js memory', './app_bg.js b']);
  assert.throws(() => shortenImports(wasm, `const i={${glue[0]}:()=>1};`, './app_bg.js'), /__wbg_two_0123456789abcdef 0 times, not once/);
  assert.throws(() => shortenImports(wasm, `const i={${glue[0]}:()=>1,${glue[1]}:()=>2,c:${glue[0]}};`, './app_bg.js'), /2 times, not once/);
});
