// Head starts for the first result, paid while the wasm loads. Shared by the app page
// (web/guard.js) and the widget loader (widget/licalc-widget.js): the build puts this
// file's text where each has `__WARM_UP__` (scripts/finish-build.mjs for guard.js,
// scripts/widget-files.mjs for the loader). Plain declarations, no module syntax, and
// nothing run here: in the widget they stay inside its module, off the host's globals.

/** Intl's first formatter pays ICU's start-up (about 20 ms on a desktop, four times that
 *  on a slow phone). Only a head start: the app formats (and reports) as it always does.
 *  `months`: the month formatter's own start-up too (a few ms more), for a first result
 *  that shows months (partner mode's); customer mode's shows none, and where nothing
 *  else runs meanwhile (the widget) a month formatter made in advance is only a delay. */
function warmIntl(months) {
  try {
    new Intl.NumberFormat().formatToParts(1234.5);
    if (months) new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(0);
  } catch {
    // As above: never an error.
  }
}

/**
 * The first result's layout looks up every font weight and size it uses, each a trip to
 * the system's font service: 10 to 50 ms in all on a Linux desktop, four times that on a
 * slow phone. They are laid out in `parent` (its styles and font family), out of sight,
 * a few at a time in idle time (a step may overrun its idle period by a few ms; without
 * requestIdleCallback, a step every 50 ms), until all are done, `waiting()` turns false
 * (the loading line was replaced), or 200 steps have passed. The list is in
 * style/app.css (--licalc-fonts, in rem); `length` writes one of its sizes as CSS.
 */
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
      // Only a head start.
    }
  };
  idle(step);
}
