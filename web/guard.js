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
      warmIntl(true);
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

__WARM_UP__
