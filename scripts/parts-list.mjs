// index.html's list of each split point's files, `<meta name="licalc-parts"
// content="point file file;point file ...">`: written by split-app.mjs, read by
// size-report.mjs and the browser tests here, and by web/guard.js in the page.

/** The meta element for `{ point: [file, ...] }`. */
export const partsMeta = (parts) =>
  `<meta name="licalc-parts" content="${Object.entries(parts).map(([point, files]) => [point, ...files].join(' ')).join(';')}">`;

/** `{ point: [file, ...] }` from index.html's text; `{}` when the build is not split. */
export const readParts = (index) =>
  Object.fromEntries((index.match(/name="?licalc-parts"? content="([^"]*)"/)?.[1] ?? '')
    .split(';').filter(Boolean).map((p) => p.split(' ')).map(([point, ...files]) => [point, files]));
