// index.html's list of each split point's files, `<meta name="licalc-parts"
// content="point file file;point file ...">`: written by split-app.mjs, read by
// size-report.mjs and the browser tests here, and by web/preload-parts.js in the page;
// and the bundle of each point's files that web/preload-parts.js fetches in one request.

/** The meta element for `{ point: [file, ...] }`. */
export const partsMeta = (parts) =>
  `<meta name="licalc-parts" content="${Object.entries(parts).map(([point, files]) => [point, ...files].join(' ')).join(';')}">`;

/** `{ point: [file, ...] }` from index.html's text; `{}` when the build is not split. */
export const readParts = (index) =>
  Object.fromEntries((index.match(/name="?licalc-parts"? content="([^"]*)"/)?.[1] ?? '')
    .split(';').filter(Boolean).map((p) => p.split(' ')).map(([point, ...files]) => [point, files]));

/** The bundle named after a point's first file (a name or URL): `licalc-web-<hash>-link.wasm`
 *  -> `licalc-web-<hash>-link.bundle`. The one place this rule is written: the scripts that
 *  fetch bundles in the browser get this function's source from the build (`inject`). */
export const bundleOf = (file) => String(file).replace(/\.wasm$/, '.bundle');

/** A point's bundle, from its files (its own first). */
export const bundleName = (files) => bundleOf(files[0]);

/** `text` (a browser script) with its `__BUNDLE_OF__` replaced by `bundleOf`'s source;
 *  throws if it has none, so that a script never ships with the placeholder. */
export function inject(text, what) {
  if (!text.includes('__BUNDLE_OF__')) throw new Error(`${what} has no __BUNDLE_OF__ for the bundle-name rule`);
  return text.replaceAll('__BUNDLE_OF__', () => bundleOf.toString());
}

/**
 * Files as one: a 4-byte little-endian length, that many bytes of JSON
 * `[[name, size], ...]`, then each file's bytes in that order.
 */
export function bundle(files) {
  const head = Buffer.from(JSON.stringify(files.map(([name, bytes]) => [name, bytes.length])));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  return Buffer.concat([length, head, ...files.map(([, bytes]) => Buffer.from(bytes))]);
}

/** `bundle`'s files back, as `[[name, bytes], ...]`, as the page's loader reads them (tests/browser/dist.test.mjs). */
export function unbundle(bytes) {
  const length = bytes.readUInt32LE(0);
  let at = 4 + length;
  return JSON.parse(bytes.toString('utf8', 4, 4 + length)).map(([name, size]) => {
    const part = bytes.subarray(at, at + size);
    at += size;
    return [name, part];
  });
}
