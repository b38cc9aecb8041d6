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

// Intl's first formatter pays ICU's start-up (about 20 ms on a desktop, four times that
// on a slow phone), and the app's mount creates one first thing. Paid here instead, the
// moment the wasm starts compiling (off the main thread) and before it can run: the
// first result comes that much sooner. The hook removes itself on its first call.
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
function warmIntl() {
  try {
    new Intl.NumberFormat().formatToParts(1234.5);
    new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(0);
  } catch {
    // Only a head start: the app formats (and reports) as it always does.
  }
}

// The first result's layout looks up every font weight and size it uses, each a trip to
// the system's font service: 10 to 50 ms in all on a Linux desktop, four times that on a
// slow phone. While the page waits for the wasm, they are laid out out of sight, a few
// at a time in idle time (a step may overrun its idle period by a few ms; without
// requestIdleCallback, a step every 50 ms), until all are done, the app has replaced the
// loading line, or 200 steps have passed. The list is in style/app.css (--licalc-fonts).
// widget/licalc-widget.js has a twin of this for its shadow roots: change both.
{
  const app = document.querySelector('#licalc-app > .licalc');
  if (app) warmFonts(app, (n) => `${n}rem`, () => app.isConnected && app.querySelector('p.loading'));
}
function warmFonts(parent, length, waiting) {
  const idle = window.requestIdleCallback ?? ((step) => setTimeout(step, 50, { timeRemaining: () => 6 }));
  let fonts;
  let steps = 0;
  const step = (deadline) => {
    try {
      if (!waiting() || ++steps > 200) return;
      fonts ??= getComputedStyle(parent).getPropertyValue('--licalc-fonts').replace(/"/g, '').split('/')
        .flatMap((group) => {
          const [weight, ...sizes] = group.trim().split(/\s+/);
          return sizes.map((size) => `font-weight:${weight};font-size:${length(size)}`);
        });
      for (let n = 0; n < 4 && fonts.length && deadline.timeRemaining() > 5; n++) {
        const box = document.createElement('div');
        box.setAttribute('aria-hidden', 'true');
        box.style.cssText = 'position:absolute;top:0;left:0;visibility:hidden;white-space:nowrap';
        for (const style of fonts.splice(0, 2)) {
          const span = document.createElement('span');
          span.style.cssText = style;
          span.textContent = 'Ag 0123456789 $€…';
          box.append(span);
        }
        parent.append(box);
        void box.offsetWidth;
        box.remove();
      }
      if (fonts.length) idle(step);
    } catch {
      // Only a head start, as Intl's.
    }
  };
  idle(step);
}
