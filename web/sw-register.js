// Registers the service worker (offline use), on a first visit once the app has started,
// and, when a new build is ready, offers to reload into it: never a page half on the old
// files and half on the new.
if ('serviceWorker' in navigator) {
  let chosen = false;
  const offer = (worker) => {
    if (document.querySelector('.update-banner')) return;
    const banner = document.createElement('div');
    banner.className = 'licalc update-banner';
    banner.setAttribute('role', 'status');
    const text = document.createElement('p');
    text.textContent = 'A new version of the calculator is ready. Your quote is kept.';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload';
    button.addEventListener('click', () => {
      chosen = true;
      worker.postMessage('licalc-skip-waiting');
    });
    banner.append(text, button);
    document.body.append(banner);
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (chosen) location.reload();
  });
  /** A new worker: offered once installed, if this page runs on an older one. */
  const track = (worker) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  };
  const register = () => navigator.serviceWorker.register('./sw.js').then((registration) => {
    if (!registration) return; // workers blocked (as some automation does): nothing to track
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    track(registration.installing); // an update the browser began before this ran
    registration.addEventListener('updatefound', () => track(registration.installing));
  }, () => {});
  if (navigator.serviceWorker.controller) {
    // A returning visitor: the files come from the cache, so nothing competes with the
    // wasm, and a new build is offered even if this one cannot start.
    register();
  } else {
    // A first visit: only once the app has started. The worker downloads every built
    // file (both wasm builds among them), which on a slow network would otherwise share
    // the line with the app's own wasm and delay the first result.
    const started = () => setTimeout(register);
    if (window.wasmBindings) started();
    else addEventListener('TrunkApplicationStarted', started, { once: true });
  }
}
