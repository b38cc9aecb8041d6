// If the calculator's WebAssembly ever stops (a trap, or a Rust panic, which aborts),
// the page says so and offers a reload instead of going on as a dead UI. The quote is
// kept: the app saves a draft of it a moment after every edit (src/session.rs).
let shown = false;
function stopped(error) {
  if (shown || !(error instanceof WebAssembly.RuntimeError)) return;
  shown = true;
  const box = document.createElement('div');
  box.className = 'licalc crash';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-modal', 'true');
  box.setAttribute('aria-labelledby', 'licalc-crash-title');
  const title = document.createElement('h2');
  title.id = 'licalc-crash-title';
  title.textContent = 'The calculator stopped working';
  const text = document.createElement('p');
  text.textContent = 'Your quote is safe: it was saved in this browser as you typed. Reload the page to go on where you left off.';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', () => location.reload());
  box.append(title, text, button);
  document.body.append(box);
  document.getElementById('licalc-app')?.setAttribute('inert', '');
  button.focus();
}
addEventListener('error', (e) => stopped(e.error));
addEventListener('unhandledrejection', (e) => stopped(e.reason));

// Intl's start-up (web/warm-up.js), paid the moment the wasm starts compiling (off the
// main thread) and before it can run: the first result comes that much sooner. The hook
// removes itself on its first call.
{
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = function (source, imports) {
      WebAssembly.instantiateStreaming = streaming;
      const compiling = streaming.call(WebAssembly, source, imports);
      warmIntl();
      return compiling;
    };
  }
}

// The first result's fonts (web/warm-up.js), laid out in the static skeleton while the
// page waits for the wasm, until the app replaces the loading line.
{
  const app = document.querySelector('#licalc-app > .licalc');
  if (app) warmFonts(app, (n) => `${n}rem`, () => app.isConnected && app.querySelector('p.loading'));
}

// Parts of the app are split off its wasm (src/parts.rs; index.html's `licalc-parts`
// lists each split point's files). Those this visit will need at once are fetched beside
// the main wasm, not a round trip after it: partner mode for a visitor who last used it
// (src/storage.rs, the prefs key), the link decoder for a share link in the address,
// and without one the JSON reader for a tab with a draft to reopen (a reload).
{
  const stored = (area, key) => {
    try { return window[area].getItem(key); } catch { return null; /* storage blocked */ }
  };
  const points = [];
  if (stored('localStorage', 'licalc:v1:prefs') === 'partner') points.push('partner_mode');
  const draft = stored('sessionStorage', 'licalc:v1:tab');
  if (location.hash.includes('q=')) points.push('link');
  else if (draft && stored('localStorage', `licalc:v1:d:${draft}`)) points.push('reader');
  if (points.length) {
    const parts = (document.querySelector('meta[name="licalc-parts"]')?.content ?? '').split(';').map((p) => p.split(' '));
    const files = new Set(points.flatMap((point) => parts.find(([name]) => name === point)?.slice(1) ?? []));
    for (const href of files) {
      const link = document.createElement('link');
      Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href });
      document.head.append(link);
    }
  }
}

__WARM_UP__
