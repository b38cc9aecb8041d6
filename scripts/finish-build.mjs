// Last step of every build (Trunk post_build hook, after the widget): web/warm-up.js
// into guard.js, then
// 0. in release builds, the wasm-bindgen JS of the app and of the widget minified with
//    terser (Trunk's own JS minifier gives up on it), named by its final bytes, and the
//    references and the app's SRI hash renewed; the scripts with stable names minified;
// 1. the stylesheet inline in index.html, and a Content-Security-Policy there that allows
//    only this folder's files and the page's inline scripts and stylesheet, by their sha256;
// 2. sw.js from web/sw.js: the exact list of the final files and a version that is a
//    hash of their bytes (Trunk's file-name hash is taken before wasm-opt runs);
// 3. .gz (zopfli) and .br copies of every file, for static hosts that serve them as they are.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';
import { minify } from 'terser';
import { renewSri, sri } from './sri.mjs';

const dist = process.env.TRUNK_STAGING_DIR;
if (!dist) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
const root = join(import.meta.dirname, '..');

const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [relative(dist, p).split('\\').join('/')];
});
for (const f of walk(dist)) if (/\.(gz|br)$/.test(f)) rmSync(join(dist, f));

// guard.js gets web/warm-up.js's text (the widget loader gets it in widget-files.mjs);
// a folder finished before (a test re-runs this step) has it already.
{
  const guard = join(dist, 'guard.js');
  const text = readFileSync(guard, 'utf8');
  if (text.includes('__WARM_UP__')) {
    writeFileSync(guard, text.replace('__WARM_UP__', () => readFileSync(join(root, 'web/warm-up.js'), 'utf8')));
  } else if (!text.includes('function warmFonts(')) {
    throw new Error('guard.js has neither __WARM_UP__ nor web/warm-up.js');
  }
}

// 0. The glue JS: about a quarter of its gzip bytes go. Export names and the wasm's import
// names are kept (terser never renames properties or exports). The file is then named
// by a hash of its final bytes (Trunk's name comes from the bytes before), and the pages
// that name it (index.html, licalc-widget.js) and the app's SRI hash follow.
const indexPath = join(dist, 'index.html');
const loaderPath = join(dist, 'licalc-widget.js');
let index = readFileSync(indexPath, 'utf8');
let loader = readFileSync(loaderPath, 'utf8');
if ((process.env.TRUNK_PROFILE ?? 'release') === 'release') {
  // A split build's JS is final already (split-wasm.mjs minified it, and its name is in
  // its split loader).
  const split = (build) => walk(dist).some((f) => new RegExp(`^${build}-[0-9a-f]+-split\\.js$`).test(f));
  for (const f of walk(dist).filter((f) => /^licalc-(web|widget)-[0-9a-f]+\.js$/.test(f))) {
    if (split(f.replace(/-[0-9a-f]+\.js$/, ''))) continue;
    const before = readFileSync(join(dist, f), 'utf8');
    const { code } = await minify(before, { module: true, compress: true, mangle: true });
    const named = f.replace(/-[0-9a-f]+\.js$/, `-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
    rmSync(join(dist, f));
    writeFileSync(join(dist, named), code);
    // The page checks the app's JS by its hash (SRI), in whichever digest Trunk chose:
    // a stale one would stop the app, so a hash not found stops the build.
    if (index.includes(f)) index = renewSri(index, before, code, f);
    index = index.split(f).join(named);
    loader = loader.split(f).join(named);
  }
  writeFileSync(loaderPath, loader);
  // The scripts with stable names, minified in place: their comments are for readers of
  // web/ and widget/, not for every visitor (about 1 KB gzip on each kind of page).
  for (const [f, module] of [['guard.js', false], ['sw-register.js', true], ['licalc-widget.js', true], ['embed.js', true]]) {
    const path = join(dist, f);
    const { code } = await minify(readFileSync(path, 'utf8'), { module, compress: true, mangle: true });
    writeFileSync(path, code);
  }
}

// 1. The stylesheet, inline: the static first paint no longer waits for a second file,
// nor do the page's deferred scripts (they wait for a stylesheet in a <link>). Measured on
// a DevTools "Fast 3G" line at 4x CPU, a share link in customer mode: first paint 1.4 ->
// 0.8 s, and the first result a little sooner. A folder finished before (a test re-runs
// this step) has it inline already; the file goes once index.html is written.
let inlined = null;
{
  const link = index.match(/<link\b[^>]*\brel="?stylesheet"?[^>]*>/);
  if (link) {
    const href = link[0].match(/\bhref="?(?:\.\/)?([^"\s>]+)/)?.[1];
    if (!href || href.includes('/')) throw new Error(`index.html's stylesheet is not a file of dist/: ${link[0]}`);
    const css = readFileSync(join(dist, href), 'utf8');
    if (/<\/style/i.test(css)) throw new Error(`${href} holds "</style", which would end it inline`);
    // At the end of the head: the preload links before it (the wasm's among them) reach
    // the browser's preload scanner without waiting for the stylesheet's bytes.
    if (!index.includes('</head>')) throw new Error('index.html has no </head> for the stylesheet');
    index = index.replace(link[0], '').replace('</head>', () => `<style>${css}</style></head>`);
    inlined = href;
  } else if (!/<style>/.test(index)) {
    throw new Error('index.html has neither a stylesheet link nor an inline stylesheet');
  }
}

// 1b. CSP. The inline scripts (Trunk's loader, web/preload-parts.js) and the inline
// stylesheet by their hashes (the app sets positions through the CSSOM, which CSP allows).
// Hashed as the browser reads them: it turns CR LF into LF before it hashes.
index = index.replace(/\r\n?/g, '\n');
const inline = (tag) => [...index.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
  .map((m) => `'${sri('sha256', m[1])}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${inline('script').join(' ')}`.trim(),
  `style-src 'self' ${inline('style').join(' ')}`.trim(),
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
index = index.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, '');
// After the charset declaration, minified or not; a page without one must not ship
// without its policy.
const charset = index.match(/<meta charset="?utf-8"?\s*\/?>/i);
if (!charset) throw new Error('index.html has no <meta charset="utf-8">: nowhere to put the CSP');
index = index.replace(charset[0], `${charset[0]}<meta http-equiv="Content-Security-Policy" content="${policy}">`);
writeFileSync(indexPath, index);
if (inlined) rmSync(join(dist, inlined));

// 2. The service worker, over every file but itself and the parts' bundles (only a visit
// it does not serve fetches those: web/preload-parts.js; it has each part's files), nor
// over the lean build's wasm file, which licalc-widget.js carries (widget-files.mjs): that
// file is for a browser without DecompressionStream, and would be cached twice.
const files = walk(dist).filter((f) => f !== 'sw.js' && !f.endsWith('.bundle') && !/^licalc-widget-[0-9a-f]+_bg\.wasm$/.test(f)).sort();
const version = createHash('sha256');
for (const f of files) version.update(f).update('\0').update(readFileSync(join(dist, f)));
const hash = version.digest('hex').slice(0, 16);
const sw = readFileSync(join(root, 'web/sw.js'), 'utf8')
  .replace('__VERSION__', hash)
  .replace('__FILES__', JSON.stringify(files));
writeFileSync(join(dist, 'sw.js'), sw);
writeFileSync(join(dist, 'build-hash.txt'), hash + '\n');

// 3. Precompressed copies (gzip and brotli 11) of every file, the worker included. The
// gzip copies are zopfli's: any gzip reader reads them, and they are about 5% smaller
// than gzip -9's (the two wasm builds: 26 and 14 KB), for some 8 s of build time (one
// file after another: gzipAsync does not run in parallel). LICALC_GZIP=fast keeps
// gzip -9's (tests that rebuild a copy of dist/ use it).
const fast = process.env.LICALC_GZIP === 'fast';
for (const f of walk(dist)) {
  const bytes = readFileSync(join(dist, f));
  const nine = gzipSync(bytes, { level: 9 });
  const zopfli = fast ? nine : await gzipAsync(bytes, { numiterations: 15 });
  writeFileSync(join(dist, f + '.gz'), zopfli.length <= nine.length ? zopfli : nine); // the smaller
  writeFileSync(join(dist, f + '.br'), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
