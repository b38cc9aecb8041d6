#!/usr/bin/env python3
"""Attributes a wasm's code bytes to crates and modules, from a build that keeps its
name section (cargo's release wasm before wasm-bindgen and wasm-opt). Output: bytes per
group, largest first, then the largest single functions.

Usage: scripts/size-attribution.py [WASM] [--depth N]
  WASM defaults to target/wasm32-unknown-unknown/release/licalc-web.wasm; --depth 2
  splits this app's own code by module (licalc_web::components::results, ...).
Needs `twiggy` (cargo install twiggy). Sizes are before wasm-opt, so compare builds
with each other, not with the shipped (optimised, gzipped) size.
"""
import re, subprocess, sys, collections

args = sys.argv[1:]
depth = 1
if '--depth' in args:
    i = args.index('--depth'); depth = int(args[i + 1]); del args[i:i + 2]
wasm = args[0] if args else 'target/wasm32-unknown-unknown/release/licalc-web.wasm'
out = subprocess.run(['twiggy', 'top', '-n', '1000000', '--format', 'csv', wasm], capture_output=True, text=True, check=True).stdout
rows = list(__import__('csv').reader(out.splitlines()))[1:]
groups = collections.Counter()
fns = []
def group(name):
    # Generic instances name their crate inside angle brackets: look at every path in the name.
    paths = re.findall(r'([a-z_][a-z0-9_]*)::', name)
    if name.startswith('data['):
        return 'data (strings, tables)'
    if not paths:
        return 'other: ' + name.split('[')[0][:30]
    own = [p for p in paths if p in ('licalc_web', 'licalc_engine')]
    crate = own[0] if own else paths[0]
    if crate in ('licalc_web', 'licalc_engine') and depth > 1:
        m = re.search(crate + r'((::[a-z_][a-z0-9_]*){0,%d})' % (depth - 1), name)
        return crate + (m.group(1) if m else '')
    return crate
for r in rows:
    name, size = r[0], int(r[1])
    groups[group(name)] += size
    fns.append((size, name))
total = sum(groups.values())
print(f'{"bytes":>9} {"share":>6}  group  ({wasm}, before wasm-opt)')
for g, n in groups.most_common(40):
    print(f'{n:9d} {100*n/total:5.1f}%  {g}')
print(f'{total:9d} 100.0%  total')
print('\nlargest functions:')
for size, name in sorted(fns, reverse=True)[:25]:
    print(f'{size:9d}  {name[:140]}')
