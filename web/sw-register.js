// Registers the service worker (offline use) once the app has started and, when a new
// build is ready, offers to reload into it: never a page half on the old files and half
// on the new.
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
  const register = () => navigator.serviceWorker.register('./sw.js').then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
  }, () => {});
  // Only once the app has started and painted its first result: on a first visit the
  // worker downloads every built file (both wasm builds among them), which on a slow
  // network would otherwise share the line with the app's own wasm and delay the result.
  const started = () => requestAnimationFrame(() => setTimeout(register));
  if (window.wasmBindings) started();
  else addEventListener('TrunkApplicationStarted', started, { once: true });
}
