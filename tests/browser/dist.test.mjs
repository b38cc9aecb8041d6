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
