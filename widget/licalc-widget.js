// <licalc-calculator>: the licensing calculator as a custom element (docs/embedding.md).
// This file has a stable name; the build fills in the hashed names of the files it loads,
// all relative to this file, so the folder can be copied to any origin and sub-path.
// Each element renders into its own shadow root and keeps its own state; nothing here
// touches the host's globals, URL or storage.

// The lean build's JS (its wasm-bindgen glue and split loader) is bundled into this file
// by the build (scripts/widget-files.mjs), and its wasm travels inside it: a host page
// gets its first result from this one request, not from a second round of requests
// whose names only this file knows (one round trip less: 0.56 s on a slow phone line).
__CUSTOMER_IMPORTS__

const HERE = new URL('.', import.meta.url);
/**
 * The lean customer build and the full build (for mode="partner"), each loaded once:
 * `{ js, wasm, split, parts }`: `split` is the build's split loader, which its JS imports
 * (null if the build is one wasm), and `parts` lists the files of each part split off
 * its wasm (src/parts.rs), `{ point: [file] }`. The lean build's `js` and `split` are
 * null: both are in this file; its `wasm` is fetched only without DecompressionStream.
 */
const BUILDS = __BUILDS__;
/** The lean build's wasm, gzip (zopfli) in base64: fewer bytes on the line than the
 *  wasm file served gzip -9. */
const CUSTOMER_WASM = __CUSTOMER_WASM__;
const CSS = __CSS__;
/** A part's bundle from its first file (scripts/parts-list.mjs, put here by the build). */
const bundleOf = __BUNDLE_OF__;
const ATTRIBUTES = ['mode', 'services', 'quote', 'price-book', 'locale', 'currency-display', 'theme', 'partner-name', 'partner-link', 'compact', 'label'];
/** The attributes the widget itself reads: CSS reads `theme` (:host([theme=...])). */
const READ = ATTRIBUTES.filter((name) => name !== 'theme');
let count = 0;
const DISPLAYS = ['symbol', 'code', 'name', 'narrowSymbol'];

const loaded = {};
/** Each build's JS module (the lean build's is in this file), before its wasm has started. */
const modules = {};
/** Each build's split loader module, which its JS imports (the lean build's is in this file). */
const loaders = {};
/** The builds whose JS is in: their split loader fetches parts itself from then on. */
const running = {};
/** The parts (`build point`) whose bundle was fetched before their build's JS was in. */
const early = new Set();
/** By build: done once the bundles fetched early are in its split loader's hands. */
const handed = {};
function load(kind) {
  if (!loaded[kind]) {
    const own = kind === 'customer';
    // The lean build's wasm is in this file; another build's is fetched beside its JS,
    // not after it: one network round trip, not two.
    const wasm = (own && inflated(CUSTOMER_WASM)) || fetch(new URL(BUILDS[kind].wasm, HERE));
    wasm.catch(() => {}); // a failed fetch is reported where init awaits it
    modules[kind] = own ? Promise.resolve(customerGlue) : import(new URL(BUILDS[kind].js, HERE).href);
    // The split loader its JS imports: in this file, or fetched beside that JS too.
    if (own ? customerSplit : BUILDS[kind].split) {
      loaders[kind] = own ? Promise.resolve(customerSplit) : import(new URL(BUILDS[kind].split, HERE).href);
      loaders[kind].catch(() => {});
    }
    // The full build's widget code is a part, with partner mode's (src/parts.rs): its
    // files come beside the wasm.
    fetchPart(kind, 'partner_mode');
    modules[kind].then(() => { running[kind] = true; }, () => {});
    loaded[kind] = modules[kind].then(async (m) => {
      const started = m.default({ module_or_path: wasm });
      // Once the wasm's response is in, its init (which awaited it first) has started
      // compiling it: a fetched build's off the main thread as it arrives, and Intl's
      // start-up is paid meanwhile, not in the mount. The lean build's wasm inflates on
      // the main thread, after this: there it only comes first, with no month formatter
      // (customer mode's first result shows no month). No global of the host's is touched.
      wasm.then(() => warmIntl(!own), () => {});
      await started;
      // Parts fetched early are in the split loader's hands before anything can load one.
      await handed[kind];
      // The full build keeps the widget's code in a part (fetched above).
      if (m.widget_ready) await m.widget_ready();
      return m;
    });
  }
  return loaded[kind];
}

/**
 * The wasm carried in this file as a response to compile, inflated by the browser as it is
 * compiled; null in a browser without DecompressionStream, which fetches the wasm's own
 * file instead.
 */
function inflated(base64) {
  if (typeof DecompressionStream !== 'function') return null;
  try {
    let bytes = Uint8Array.fromBase64?.(base64);
    if (!bytes) {
      const text = atob(base64);
      bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    }
    // Bytes that do not inflate (or compile) fail where init awaits them: "could not load".
    // A Response's own body, not a Blob's stream: a Blob copies the bytes out to the
    // browser's blob store and reads them back (about 25 ms more at 4x CPU, measured).
    const body = new Response(bytes).body.pipeThrough(new DecompressionStream('gzip'));
    return Promise.resolve(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }));
  } catch {
    return null; // the wasm's own file, then
  }
}

/**
 * Starts fetching a split-off part's files early, so they arrive with the wasm, not a
 * round trip after it: before the build's JS is in, its bundle at once (the split loader,
 * in this file or fetched beside that JS, takes the bytes; a service worker's page, whose cache has the
 * files, not the bundles, waits for the JS instead); then through the split loader, which
 * fetches them as the bundle when most are still to come.
 */
function fetchPart(kind, point) {
  const files = BUILDS[kind].parts[point];
  if (!files) return;
  if (!running[kind] && loaders[kind] && !navigator.serviceWorker?.controller) {
    if (early.has(`${kind} ${point}`)) return;
    early.add(`${kind} ${point}`);
    const bytes = fetch(new URL(bundleOf(files[0]), HERE))
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.url}: HTTP ${r.status}`))));
    bytes.catch(() => {}); // the loader fetches the files on their own then
    const hand = loaders[kind].then((m) => m.fetchEarly(files, bytes));
    handed[kind] = Promise.all([handed[kind], hand]).catch(() => {});
    return;
  }
  // After those: a part asked for again meanwhile is not fetched twice.
  if (modules[kind]) Promise.all([modules[kind], handed[kind]]).then(([m]) => m.fetchEarly?.(files), () => {});
}

// warmIntl and warmFonts (web/warm-up.js), put here by the build.
__WARM_UP__

/**
 * Widgets mount one at a time, each after the frame that shows the one before: a mount
 * is one task (tens of ms on a phone), and without turns every widget of a page mounted
 * in the same task as the first, which then showed only once all of them had. Resolves
 * to `done`, which the widget calls once its mount is over, whatever happened.
 */
let turns = Promise.resolve();
function myTurn() {
  let done;
  const mine = turns;
  turns = new Promise((resolve) => { done = () => afterFrame().then(resolve); });
  return mine.then(() => done);
}

/** Once the next frame is drawn (a task after its animation frame); a hidden page, which
 *  draws none, goes on after a task or, hidden meanwhile, 200 ms. */
function afterFrame() {
  return new Promise((resolve) => {
    const task = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    };
    if (document.visibilityState === 'hidden') return task();
    requestAnimationFrame(task);
    setTimeout(resolve, 200);
  });
}

/** Mounted elements: if the wasm stops (a trap, or a panic, which aborts), each says so. */
const live = new Set();
function stopped(error) {
  if (!(error instanceof WebAssembly.RuntimeError)) return;
  for (const el of live) el.stopped();
  live.clear();
}
addEventListener('error', (e) => stopped(e.error));
addEventListener('unhandledrejection', (e) => stopped(e.reason));

let sheet;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

class LicalcCalculator extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #widget = null;
  #root = null;
  /** Its accessible name when the page gives none: numbered from the second widget on. */
  #name = ++count > 1 ? `Licensing calculator ${count}` : 'Licensing calculator';
  #kind = null;
  #book = 0;
  #starts = 0;

  connectedCallback() {
    // The build's files are fetched (or the lean build's wasm inflated) first: the
    // stylesheet parsed below (the first time) would otherwise hold the request back
    // (about 8 ms at 4x CPU, measured).
    load(this.#wanted()).catch(() => {}); // a failure is said where #start awaits it
    if (!this.#root) {
      this.#root = this.attachShadow({ mode: 'open' });
      this.#root.adoptedStyleSheets = [styles()];
    }
    this.#start();
  }

  disconnectedCallback() {
    live.delete(this);
    try {
      this.#widget?.free();
    } catch {
      // A stopped module cannot free anything; the element lets go all the same.
    }
    this.#widget = null;
    this.#root.replaceChildren();
  }

  /** A line of text in place of the calculator, in its own styles. */
  #say(role, text, className = '') {
    const box = document.createElement('div');
    box.className = 'licalc embedded';
    const line = document.createElement('p');
    line.className = className;
    line.setAttribute('role', role);
    line.textContent = text;
    box.append(line);
    this.#root.replaceChildren(box);
  }

  /** The calculator stopped: a message in place of a UI that no longer answers. */
  stopped() {
    this.#widget = null;
    this.#say('alert', 'The calculator stopped working. Reload the page to start again.');
    this.#emit('licalc-error', JSON.stringify({ attribute: null, message: 'the calculator stopped working' }));
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    // Still loading (or failed to): a mode that needs the other build starts that one;
    // every other attribute is read when the widget mounts.
    if (!this.#widget) {
      if (name === 'mode' && this.#root && this.isConnected && this.#wanted() !== this.#kind) this.#start();
      if ((name === 'quote' || name === 'price-book') && this.#root && this.isConnected) this.#readerAhead();
      return;
    }
    // Partner mode lives in the full build: switching builds starts the widget anew.
    if (name === 'mode' && this.#wanted() !== this.#kind) {
      this.disconnectedCallback();
      this.#start();
      return;
    }
    this.#apply(name, value);
  }

  /**
   * The `quote` and `price-book` attributes are read by parts of their own (src/parts.rs),
   * in both builds: a link by the link decoder, JSON by the JSON reader. Each is fetched
   * beside the build's own files, not a round trip after the widget mounts.
   */
  #readerAhead() {
    const quote = this.getAttribute('quote')?.trim();
    if (quote) fetchPart(this.#kind, quote.startsWith('{') ? 'reader' : 'link');
    if (this.getAttribute('price-book')) fetchPart(this.#kind, 'reader');
  }

  #wanted() {
    return this.getAttribute('mode') === 'partner' ? 'partner' : 'customer';
  }

  async #start() {
    const kind = this.#wanted();
    this.#kind = kind;
    // Only the latest start may mount or report: the element can be moved, or its mode
    // changed, while a build loads.
    const ticket = ++this.#starts;
    const current = () => ticket === this.#starts && !this.#widget && this.isConnected;
    // Never a blank box on a slow phone: said until the calculator replaces it.
    if (!this.#widget) {
      this.#say('status', 'Loading the calculator…', 'loading');
      // The first result's fonts, laid out in the loading line (the widget's styles, the
      // host's --licalc-font; sizes in the widget's --rem) until the calculator replaces it.
      const line = this.#root.firstElementChild;
      warmFonts(line, (n) => `calc(${n} * var(--rem))`, () => line.isConnected);
    }
    const loading = load(kind);
    this.#readerAhead();
    let m;
    try {
      m = await loading;
    } catch (e) {
      if (!current()) return;
      this.#say('alert', 'The calculator could not load. Check the connection, then reload the page.');
      this.#emit('licalc-error', JSON.stringify({ attribute: null, message: `the calculator could not load: ${e}` }));
      return;
    }
    if (!current()) return;
    const done = await myTurn();
    try {
      if (current()) this.#mount(m);
    } finally {
      done();
    }
  }

  #mount(m) {
    const mount = document.createElement('div');
    this.#root.replaceChildren(mount);
    // The settings go in with the mount, so its first build has them: set after it, they
    // built the view again before its first paint. A quote, a price book and a value
    // refused are applied once it is mounted.
    const preset = [];
    const given = new Set();
    const read = {};
    for (const name of READ) {
      const value = (read[name] = this.getAttribute(name));
      if (name === 'quote' || name === 'price-book' || this.#refusal(name, value)) continue;
      if (value === null && name !== 'label') continue; // the label has a default
      preset.push(name, this.#value(name, value));
      given.add(name);
    }
    try {
      this.#widget = new m.Widget(mount, (name, detail) => this.#emit(name, detail), preset);
    } catch (e) {
      // A trap: the build has stopped, for every element of the page (or had before).
      stopped(e);
      this.stopped();
      return;
    }
    live.add(this);
    // The rest, and what the host changed meanwhile (in its licalc-ready listener, which
    // runs within the mount, before the element could forward a change).
    for (const name of READ) {
      const value = this.getAttribute(name);
      if (given.has(name) && value === read[name]) continue;
      if (value !== null || read[name] !== null) this.#apply(name, value);
    }
  }

  /** The value the widget is given for `name`: the label defaults to the element's name. */
  #value(name, value) {
    return name === 'label' && !value ? this.#name : value;
  }

  /** Why `value` cannot be used for `name`, or null. */
  #refusal(name, value) {
    if (name === 'locale' && value) {
      try {
        Intl.getCanonicalLocales(value);
      } catch {
        return `"${value}" is not a language tag such as en-US or de-DE`;
      }
    }
    if (name === 'currency-display' && value && !DISPLAYS.includes(value)) {
      return `"${value}" is not one of ${DISPLAYS.join(', ')}`;
    }
    return null;
  }

  #apply(name, value) {
    const w = this.#widget;
    if (name === 'price-book') return this.#fetchBook(value);
    if (!READ.includes(name)) return;
    value = this.#value(name, value);
    const refused = this.#refusal(name, value);
    if (refused) return w.error(name, refused);
    w.set(name, value ?? undefined);
  }

  async #fetchBook(url) {
    const ticket = ++this.#book;
    if (!url) return;
    fetchPart(this.#kind, 'reader'); // beside the book
    let text;
    try {
      const response = await fetch(new URL(url, document.baseURI), { credentials: 'omit' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (e) {
      if (ticket === this.#book) this.#widget?.error('price-book', `${url} could not be fetched (${e.message ?? e})`);
      return;
    }
    if (ticket === this.#book) this.#widget?.set_book(text);
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail: JSON.parse(detail), bubbles: true, composed: true }));
  }
}

if (!customElements.get('licalc-calculator')) customElements.define('licalc-calculator', LicalcCalculator);
