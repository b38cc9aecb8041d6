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
// on a slow phone), and the app's mount creates one first thing; the first result's
// layout then looks up its fonts. Both are paid here instead, the moment the wasm starts
// downloading and compiling (off the main thread) and before it can run: on a slow
// network the first result comes that much sooner. The hook removes itself on its
// first call.
{
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = function (source, imports) {
      WebAssembly.instantiateStreaming = streaming;
      const compiling = streaming.call(WebAssembly, source, imports);
      warmIntl();
      warmFonts();
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

// The first result's layout looks up every font size and weight it uses, each a trip to
// the system's font service: 10 to 50 ms in all on a Linux desktop, four times that on a
// slow phone. Laid out here, out of sight and removed at once, they are looked up while
// the wasm downloads. The list is in style/app.css (--licalc-fonts).
function warmFonts() {
  try {
    const app = document.querySelector('#licalc-app > .licalc');
    if (app) layOutFonts(app);
  } catch {
    // Only a head start, as above.
  }
}
function layOutFonts(app) {
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = 'position:absolute;top:0;left:0;visibility:hidden;white-space:nowrap';
  for (const group of getComputedStyle(app).getPropertyValue('--licalc-fonts').replace(/"/g, '').split('/')) {
    const [weight, ...sizes] = group.trim().split(/\s+/);
    for (const size of sizes) {
      const span = document.createElement('span');
      span.style.cssText = `font-weight:${weight};font-size:${size}rem`;
      span.textContent = 'Ag 0123456789 $€…';
      box.append(span);
    }
  }
  app.append(box);
  void box.offsetWidth;
  box.remove();
}
