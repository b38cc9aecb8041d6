#!/usr/bin/env python3
"""Attributes a wasm's code bytes to the parts of the app, from a build that keeps its
name section (cargo's release wasm, before wasm-bindgen and wasm-opt). Output: bytes per
part, largest first, then the largest single functions.

Usage: scripts/size-attribution.py [WASM] [--depth N]
  WASM defaults to target/wasm32-unknown-unknown/release/licalc-web.wasm (the widget's is
  target/widget/wasm32-unknown-unknown/release/licalc-web.wasm); wasm-bindgen's output
  (which keeps the names) gives the closest figures to what ships; --depth 2 splits this
  app's own code by module (licalc_web::components, ...), --depth 3 one level further.
A generic function counts toward the app or the engine whenever its name mentions them
(Leptos code built for the app's types is the app's). The name section, wasm-bindgen's
description exports and its custom section are left out: wasm-bindgen removes them.
Needs `twiggy` (cargo install twiggy). Sizes are before wasm-opt, so compare builds
with each other, not with the shipped (optimised, gzipped) size.
"""
import collections, csv, re, signal, subprocess, sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly

args = sys.argv[1:]
depth = 1
if '--depth' in args:
    i = args.index('--depth'); depth = int(args[i + 1]); del args[i:i + 2]
wasm = args[0] if args else 'target/wasm32-unknown-unknown/release/licalc-web.wasm'
out = subprocess.run(['twiggy', 'top', '-n', '1000000', '--format', 'csv', wasm],
                     capture_output=True, text=True, check=True).stdout

LEPTOS = {'reactive_graph', 'tachys', 'leptos', 'leptos_dom', 'leptos_macro', 'either_of',
          'reactive_stores', 'any_spawner', 'oco_ref', 'throw_error', 'hydration_context',
          'slotmap', 'send_wrapper', 'futures_util', 'futures_core', 'futures_executor',
          'futures_channel', 'futures', 'or_poisoned', 'guardian'}
STD = {'core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins', 'hashbrown', 'indexmap',
       'rustc_hash', '__rustc'}
BINDGEN = {'wasm_bindgen', 'js_sys', 'web_sys', 'wasm_bindgen_futures', 'wasm_streams'}
# Imports the pre-bindgen module names this way; wasm-bindgen replaces them with glue.
CODEC = {'miniz_oxide', 'postcard', 'base64', 'cobs', 'heapless', 'hash32', 'adler2'}
SERDE = {'serde', 'serde_core', 'serde_json', 'zmij', 'itoa', 'ryu'}

def dropped(name):
    return (name.startswith('"function names"') or name.startswith('custom section')
            or 'wbindgen_describe' in name or 'WasmDescribe' in name)

def group(name):
    if name.startswith('data segment') or name.startswith('data['):
        return 'read-only data (strings, tables)'
    plain = re.sub(r'\[[0-9a-f]{16}\]', '', name)
    crates = re.findall(r'(?<![A-Za-z0-9_])([a-z_][a-z0-9_]*)::', plain)
    if not crates or '__wbindgen_placeholder__' in plain:
        return 'other (unnamed, wasm-bindgen imports and glue)'
    own = [c for c in crates if c in ('licalc_web', 'licalc_engine')]
    crate = own[0] if own else crates[0]
    if crate == 'licalc_engine':
        if 'Deserializ' in plain or 'serde_json' in plain:
            return 'licalc_engine: JSON reading (serde derives)'
        if 'link::' in plain:
            return 'licalc_engine: share links'
    if crate in ('licalc_web', 'licalc_engine') and depth > 1:
        m = re.search(crate + r'((::[a-z_][a-z0-9_]*){0,%d})' % (depth - 1), plain)
        return crate + (m.group(1) if m else '')
    for label, names in (('leptos (reactive_graph, tachys, leptos)', LEPTOS),
                         ('std (core, alloc, hashbrown, dlmalloc)', STD),
                         ('wasm-bindgen, js-sys, web-sys', BINDGEN),
                         ('share-link codec (miniz, postcard, base64)', CODEC),
                         ('serde, serde_json', SERDE)):
        if crate in names:
            return label
    return crate

groups = collections.Counter()
fns = []
for name, size, *_ in list(csv.reader(out.splitlines()))[1:]:
    if dropped(name):
        continue
    groups[group(name)] += int(size)
    fns.append((int(size), re.sub(r'\[[0-9a-f]{16}\]', '', name)))
total = sum(groups.values())
print(f'{"KiB":>8} {"share":>6}  part  ({wasm}, before wasm-opt)')
for g, n in groups.most_common(40):
    print(f'{n / 1024:8.1f} {100 * n / total:5.1f}%  {g}')
print(f'{total / 1024:8.1f} 100.0%  total')
print('\nlargest functions (bytes):')
for size, name in sorted(fns, reverse=True)[:25]:
    print(f'{size:9d}  {name[:140]}')
