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
// one bundle (scripts/parts-list.mjs): one request instead of up to twenty, each a round
// trip on a slow line. The files are handed to the split loader (scripts/split-wasm.mjs)
// under `Symbol.for('licalc.early-parts')`; a file the bundle does not bring is fetched
// on its own there. Under a service worker, the files are preloaded from its cache.
{
  const stored = (area, key) => {
    try { return window[area].getItem(key); } catch { return null; /* storage blocked */ }
  };
  const points = [];
  if (stored('localStorage', 'licalc:v1:prefs') === 'partner') points.push('partner_mode');
  const draft = stored('sessionStorage', 'licalc:v1:tab');
  if (location.hash.includes('q=')) points.push('link');
  else if (draft && stored('localStorage', `licalc:v1:d:${draft}`)) points.push('reader');
  const parts = (document.querySelector('meta[name="licalc-parts"]')?.content ?? '').split(';').map((p) => p.split(' '));
  const early = new Map();
  for (const point of points) {
    const files = parts.find(([name]) => name === point)?.slice(1) ?? [];
    if (!files.length) continue;
    if (navigator.serviceWorker?.controller) {
      for (const href of files) {
        const link = document.createElement('link');
        Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href });
        document.head.append(link);
      }
      continue;
    }
    const unpacked = fetch(files[0].replace(/\.wasm$/, '.bundle'))
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.url}: HTTP ${r.status}`))))
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
    for (const file of files) {
      const response = unpacked.then((out) => {
        if (!out.has(file)) throw new Error(`${file} is not in its bundle`);
        return new Response(out.get(file), { headers: { 'Content-Type': 'application/wasm' } });
      });
      response.catch(() => {}); // the loader fetches the file on its own then
      early.set(new URL(file, document.baseURI).href, response);
    }
  }
  window[Symbol.for('licalc.early-parts')] = early;
}
