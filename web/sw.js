// The service worker (its list and version are filled in by scripts/finish-build.mjs):
// precaches exactly the built files, serves them from the cache, and answers nothing
// else: any other request, and any request to another origin, goes to the network
// untouched and is never cached. A new build waits until the page says "reload".
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `licalc-${VERSION}`;
const SCOPE = new URL('./', self.location.href);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('licalc-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'licalc-skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  let path = url.pathname.slice(SCOPE.pathname.length);
  if (path === '' && request.mode === 'navigate') path = 'index.html';
  if (!FILES.includes(path)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(new URL(path, SCOPE).href))
      .then((hit) => hit ?? fetch(request)),
  );
});
