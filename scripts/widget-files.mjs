// Names the widget's built files by a hash of their bytes, writes licalc-widget.js from
// widget/licalc-widget.js with those names, the app's full build, the widget CSS and
// web/warm-up.js,
// and stages the example host page and the iframe page. Run by build-widget.sh.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const [tmp, dist, root] = process.argv.slice(2);
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const wasm = readFileSync(join(tmp, 'licalc-widget_bg.wasm'));
const glue = readFileSync(join(tmp, 'licalc-widget.js'));
const h = hash(Buffer.concat([wasm, glue]));
const names = { js: `licalc-widget-${h}.js`, wasm: `licalc-widget-${h}_bg.wasm` };
writeFileSync(join(dist, names.js), glue);
writeFileSync(join(dist, names.wasm), wasm);

const files = readdirSync(dist);
const full = {
  js: files.find((f) => /^licalc-web-[0-9a-f]+\.js$/.test(f)),
  wasm: files.find((f) => /^licalc-web-[0-9a-f]+_bg\.wasm$/.test(f)),
};
if (!full.js || !full.wasm) throw new Error(`the app's build is not in ${dist}: ${files.join(', ')}`);

// In a shadow root the host's root font size must not scale anything: rem becomes
// --rem. Layout follows the widget's own width, not the page's: width media queries
// become container queries (in px, which container queries read as written).
const css = (readFileSync(join(root, 'style/app.css'), 'utf8') + readFileSync(join(root, 'widget/widget.css'), 'utf8'))
  .split('\n')
  .map((line) => /^\s*@media[^{]*width/.test(line)
    ? line.replace('@media', '@container').replace(/(\d*\.?\d+)rem\b/g, (_, n) => `${Number(n) * 16}px`)
    : line.replace(/(-?\d*\.?\d+)rem\b/g, 'calc($1 * var(--rem))'))
  .join('\n')
  // Minified (it ships inside licalc-widget.js): no comments, no runs of white space, none
  // around braces and semicolons. Safe for this CSS: no string in it holds those.
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s+/g, ' ')
  .replace(/\s*([{};])\s*/g, '$1');

const script = readFileSync(join(root, 'widget/licalc-widget.js'), 'utf8')
  .replace('__CUSTOMER_JS__', names.js)
  .replace('__CUSTOMER_WASM__', names.wasm)
  .replace('__FULL_JS__', full.js)
  .replace('__FULL_WASM__', full.wasm)
  .replace('__CSS__', JSON.stringify(css))
  .replace('__WARM_UP__', () => readFileSync(join(root, 'web/warm-up.js'), 'utf8'));
writeFileSync(join(dist, 'licalc-widget.js'), script);
copyFileSync(join(root, 'examples/host/index.html'), join(dist, 'example-host.html'));
copyFileSync(join(root, 'widget/embed.html'), join(dist, 'embed.html'));
copyFileSync(join(root, 'widget/embed.js'), join(dist, 'embed.js'));
