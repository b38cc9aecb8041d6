// The iframe page's part: attributes from the query string (embed.html runs this before
// licalc-widget.js defines the element, so its first mount has them), height to the parent.
const el = document.querySelector('licalc-calculator');
const ALLOWED = ['mode', 'services', 'quote', 'price-book', 'locale', 'currency-display', 'theme', 'partner-name', 'partner-link', 'compact', 'label'];
for (const [k, v] of new URL(location.href).searchParams) if (ALLOWED.includes(k)) el.setAttribute(k, v);
let last = 0;
new ResizeObserver(() => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: 'licalc-height', height }, '*');
  }
}).observe(document.documentElement);
for (const name of ['licalc-change', 'licalc-ready', 'licalc-error']) {
  el.addEventListener(name, (e) => window.parent !== window && window.parent.postMessage({ type: name, detail: e.detail }, '*'));
}
