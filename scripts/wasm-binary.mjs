// The build's two edits of a main wasm after wasm-opt (scripts/split-wasm.mjs): exports
// dropped and imports renamed. Both rewrite one section of the binary format: LEB128
// integers and length-prefixed UTF-8 names (https://webassembly.github.io/spec/core/binary/).

/** The unsigned LEB128 integer at `at`, and where the next item starts. */
export function uleb(bytes, at) {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}

/** `n` as unsigned LEB128. */
export function leb(n) {
  const out = [];
  do { out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); n = Math.floor(n / 128); } while (n);
  return Buffer.from(out);
}

/** The name at `at`, and where the next item starts. */
export function readName(bytes, at) {
  const [length, start] = uleb(bytes, at);
  return [bytes.toString('utf8', start, start + length), start + length];
}

/** `text` as a name. */
export const name = (text) => {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(utf8.length), utf8]);
};

/** `wasm` with the body of its section `id` replaced by `edit(wasm, start, end)`. */
export function editSection(wasm, id, edit) {
  const out = [wasm.subarray(0, 8)];
  let found = false;
  for (let at = 8; at < wasm.length;) {
    const [size, start] = uleb(wasm, at + 1);
    const end = start + size;
    if (wasm[at] === id) {
      const body = edit(wasm, start, end);
      out.push(Buffer.from([id]), leb(body.length), body);
      found = true;
    } else {
      out.push(wasm.subarray(at, end));
    }
    at = end;
  }
  if (!found) throw new Error(`the wasm has no section ${id}`);
  return Buffer.concat(out);
}

/**
 * Renames the functions `wasm` imports from `module` (wasm-bindgen's glue: names such as
 * `__wbg_value_df0a0e29a4d182fe`, whose hashes neither gzip nor brotli can shrink) to
 * short ones, `a`, `b`, … `Z`, `aa`, `ba`, …, and the same keys in `js`, the bound JS that
 * supplies them. Each name must occur in `js` exactly once, as that key: otherwise this
 * throws rather than guess. Returns `{ wasm, js, count }`.
 */
export function shortenImports(wasm, js, module) {
  const renamed = new Map();
  const shortName = (i) => {
    const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const rest = `${first}0123456789`;
    let text = first[i % first.length];
    for (i = Math.floor(i / first.length); i > 0; i = Math.floor((i - 1) / rest.length)) text += rest[(i - 1) % rest.length];
    return text;
  };
  const edited = editSection(wasm, 2, (bytes, start, end) => {
    let [count, at] = uleb(bytes, start);
    const entries = [leb(count)];
    for (; count > 0; count--) {
      const [from, fieldAt] = readName(bytes, at);
      let [field, desc] = readName(bytes, fieldAt);
      at = skipImportDesc(bytes, desc);
      if (from === module && bytes[desc] === 0) {
        // The same function imported twice keeps one short name: the JS supplies it once.
        if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
        field = renamed.get(field);
      }
      entries.push(name(from), name(field), bytes.subarray(desc, at));
    }
    if (at !== end) throw new Error('the import section ends before its last import');
    return Buffer.concat(entries);
  });
  for (const [long, short] of renamed) {
    const key = new RegExp(`(?<![\\w$])${long}(?![\\w$])`, 'g');
    const found = js.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`the bound JS names the import ${long} ${found} times, not once`);
    js = js.replace(key, short);
  }
  return { wasm: edited, js, count: renamed.size };
}

/** Where the import description at `at` (its kind byte, then the kind's fields) ends. */
function skipImportDesc(bytes, at) {
  const limits = (p) => {
    const flags = bytes[p];
    let [, next] = uleb(bytes, p + 1);
    if (flags & 1) [, next] = uleb(bytes, next);
    return next;
  };
  switch (bytes[at]) {
    case 0: return uleb(bytes, at + 1)[1]; // function: a type index
    case 1: return limits(at + 2); // table: a reference type, limits
    case 2: return limits(at + 1); // memory: limits
    case 3: return at + 3; // global: a value type, mutability
    case 4: return uleb(bytes, at + 2)[1]; // tag: an attribute, a type index
    default: throw new Error(`an import of unknown kind ${bytes[at]}`);
  }
}
