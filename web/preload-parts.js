// Inlined into index.html by scripts/split-app.mjs, right after the `licalc-parts` list
// it reads (one entry per split point of src/parts.rs: its files). The split-off parts
// this visit will need at once are fetched beside the main wasm, not a round trip after
// it: partner mode for a visitor who last used it (src/storage.rs, the prefs key), the
// link decoder for a share link in the address, and without one the JSON reader for a
// tab with a draft to reopen (a reload). Inline, because in a script file these requests
// would wait for that file's own download (a round trip on a slow line: guard.js is
// deferred for that reason and ran this too late, 0.6 s after the main wasm's request).
//
// Without a service worker serving the page (a first visit), each point's files come as
// one bundle (scripts/parts-list.mjs), named after its first file (`bundleOf`, put here by
// the build from parts-list.mjs, where the rule is written once): one request instead of
// up to twenty-one, each a round trip on a slow line. The split loader (its `takeBundle`,
// scripts/split-wasm.mjs) unpacks it from `Symbol.for('licalc.early-parts')`, and fetches
// on its own a file the bundle does not bring. Under a service worker, the files are
// preloaded one by one from its cache.
{
  const bundleOf = __BUNDLE_OF__;
  const stored = (area, key) => {
    try { return window[area].getItem(key); } catch { return null; /* storage blocked */ }
  };
  const points = [];
  if (stored('localStorage', 'licalc:v1:prefs') === 'partner') points.push('partner_mode');
  const draft = stored('sessionStorage', 'licalc:v1:tab');
  if (location.hash.includes('q=')) points.push('link');
  else if (draft && stored('localStorage', `licalc:v1:d:${draft}`)) points.push('reader');
  const parts = (document.querySelector('meta[name="licalc-parts"]')?.content ?? '').split(';').map((p) => p.split(' '));
  const early = [];
  for (const point of points) {
    const files = parts.find(([name]) => name === point)?.slice(1) ?? [];
    if (!files.length) continue;
    if (navigator.serviceWorker?.controller) {
      for (const href of files) {
        const link = document.createElement('link');
        Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href });
        document.head.append(link);
      }
    } else {
      // Read at once: a body nobody reads stops downloading while the loader is not in.
      const bytes = fetch(bundleOf(files[0]))
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.url}: HTTP ${r.status}`))));
      bytes.catch(() => {}); // the loader fetches the files on their own then
      early.push({ files, bytes });
    }
  }
  window[Symbol.for('licalc.early-parts')] = early;
}
