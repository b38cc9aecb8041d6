// The built folder as a static host gets it (docs/embedding.md, "Precompressed copies"):
// every file has a .gz and a .br copy that decompress to exactly its bytes, and the .gz
// copies (zopfli's) are never larger than gzip -9 would make them; each split point's
// bundle holds exactly its files' bytes (scripts/parts-list.mjs); no placeholder the build
// fills in (the widget loader's builds and CSS, the warm-up, the bundle-name rule) is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { DIST } from './helpers.mjs';
import { bundleName, readParts, unbundle } from '../../scripts/parts-list.mjs';
import { leb, name, shortenImports } from '../../scripts/wasm-binary.mjs';

/** A module of imports only (`[module, name, kind?]`: a function of type () -> () unless
 *  `kind` says a shared memory with a maximum, a table with one, or a mutable i32 global). */
const module = (imports) => {
  const section = (id, body) => Buffer.concat([Buffer.from([id]), leb(body.length), body]);
  const desc = (kind) => Buffer.from({ memory: [2, 3, 1, 0x80, 1], table: [1, 0x70, 1, 1, 100], global: [3, 0x7f, 1] }[kind] ?? [0, 0]);
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

test('no shipped page or script still holds a placeholder the build fills in', () => {
  const texts = walk(DIST).filter((f) => /\.(js|html)$/.test(f));
  assert.ok(texts.includes('licalc-widget.js') && texts.includes('index.html') && texts.includes('guard.js'), 'a built dist/');
  for (const f of texts) {
    const left = readFileSync(join(DIST, f), 'utf8').match(/__(BUILDS|CSS|WARM_UP|BUNDLE_OF|CUSTOMER_IMPORTS|CUSTOMER_WASM)__/g);
    assert.equal(left, null, `${f}: ${left}`);
  }
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

/** The keys of the object the bound JS gives the wasm as `./app_bg.js` (minified:
 *  `X={__proto__:null,k:function(…){…},…}`, later `"./app_bg.js":X`): a scan that skips
 *  strings and counts brackets, taking each name followed by `:` at the object's level. */
function glueKeys(js) {
  const object = /"\.\/app_bg\.js":([\w$]+)/.exec(js)[1];
  const defined = new RegExp(`(?<![\\w$])${object.replace('$', '\\$')}=\\{__proto__:null,`).exec(js);
  assert.ok(defined, `the JS defines ${object}`);
  const keys = new Set();
  let depth = 0;
  for (let at = defined.index + object.length + 1; at < js.length; at++) {
    const c = js[at];
    if (`'"\``.includes(c)) {
      for (at++; js[at] !== c; at++) if (js[at] === '\\') at++;
      continue;
    }
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c) && --depth === 0) break;
    // A key follows the object's `{`, or a `,` at its level.
    if (depth === 1 && (c === '{' || c === ',')) {
      const key = /^([\w$]+):/.exec(js.slice(at + 1, at + 80));
      if (key) keys.add(key[1]);
    }
  }
  return keys;
}

test("the main wasms import the glue's functions by short names, the bound JS supplies each under its name; a name the JS does not hold exactly once stops the build", () => {
  const mains = readdirSync(DIST).filter((f) => /^licalc-(web|widget)-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.equal(mains.length, 2, mains.join(' '));
  for (const main of mains) {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(DIST, main))))
      .filter((i) => i.module === './app_bg.js');
    assert.ok(imports.length > 50, `${main}: ${imports.length} imports`);
    assert.deepEqual(imports.filter((i) => i.name.length > 2).map((i) => i.name), [], `${main}: every name short`);
    // The lean build's JS is bundled into licalc-widget.js (scripts/widget-files.mjs).
    const bound = [main.replace(/_bg\.wasm$/, '.js'), 'licalc-widget.js'].find((f) => existsSync(join(DIST, f)));
    const keys = glueKeys(readFileSync(join(DIST, bound), 'utf8'));
    assert.deepEqual(imports.map((i) => i.name).filter((n) => !keys.has(n)), [], `${main}: every import a key of the JS's ./app_bg.js object`);
  }
  // On a module made here: functions renamed in order, a memory import and another
  // module's function kept; a JS that names an import other than once is refused.
  const names = (bytes) => WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${i.module} ${i.name}`);
  const glue = ['__wbg_one_0123456789abcdef', '__wbg_two_0123456789abcdef'];
  const wasm = module([['./app_bg.js', glue[0]], ['./__wasm_split.js', '__wasm_split_load_x'], ['./app_bg.js', 'memory', 'memory'],
    ['x', 'table', 'table'], ['x', 'global', 'global'], ['./app_bg.js', glue[1]], ['./app_bg.js', glue[0]]]);
  const out = shortenImports(wasm, `const i={${glue[0]}:()=>1,${glue[1]}:()=>2};`, './app_bg.js');
  assert.equal(out.count, 2);
  assert.equal(out.js, 'const i={a:()=>1,b:()=>2};');
  assert.deepEqual(names(out.wasm), ['./app_bg.js a', './__wasm_split.js __wasm_split_load_x', './app_bg.js memory',
    'x table', 'x global', './app_bg.js b', './app_bg.js a']);
  assert.throws(() => shortenImports(wasm, `const i={${glue[0]}:()=>1};`, './app_bg.js'), /__wbg_two_0123456789abcdef 0 times, not once/);
  assert.throws(() => shortenImports(wasm, `const i={${glue[0]}:()=>1,${glue[1]}:()=>2,c:${glue[0]}};`, './app_bg.js'), /2 times, not once/);
});
