// Subresource-integrity hashes in index.html, for the build steps that replace a file
// Trunk already named there (split-app.mjs, finish-build.mjs).
import { createHash } from 'node:crypto';

/** The SRI value of these bytes in one digest. */
export const sri = (alg, bytes) => `${alg}-${createHash(alg).update(bytes).digest('base64')}`;

/**
 * `index` with the hash of `before` replaced by that of `after`, in whichever digest
 * Trunk chose. A stale hash would stop the app, so a page that checks integrity but not
 * by `before`'s hash stops the build (`name` says which file).
 */
export function renewSri(index, before, after, name) {
  const alg = ['sha256', 'sha384', 'sha512'].find((a) => index.includes(sri(a, before)));
  if (alg) return index.split(sri(alg, before)).join(sri(alg, after));
  if (/\bintegrity=/.test(index)) throw new Error(`index.html names ${name} without its SRI hash`);
  return index;
}
