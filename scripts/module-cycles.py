#!/usr/bin/env python3
"""Fails when modules import each other in a circle (ARCHITECTURE.md: imports point down).

Usage: scripts/module-cycles.py [SRC_DIR ...]   (default: engine/src src)

Reads every `crate::` and `super::` path in each module's non-test code (each path of a
grouped import, `crate::a::{b::C, d::E}`, on its own: read as one path, `crate::a`, the
grouped form hid a circle until 2026-12) and groups
files into modules: top-level modules, and `components::<folder>` in the app. Prints
each cycle found (a strongly connected group of modules) and exits 1, or prints the
module count and exits 0. Test files (`tests.rs`, `testutil.rs`, `mod tests` blocks)
are left out: tests may reach anywhere.
"""
import collections
import os
import re
import sys


def module_of(root, path):
    parts = os.path.relpath(path, root)[:-3].split('/')
    if parts[-1] in ('mod', 'lib', 'main'):
        parts = parts[:-1]
    return parts


def group(parts):
    if not parts:
        return 'crate root'
    return '::'.join(parts[:2]) if parts[0] == 'components' else parts[0]


def is_module(root, mods):
    base = os.path.join(root, *mods)
    return os.path.exists(base + '.rs') or os.path.isdir(base)


def edges_of(root):
    edges = collections.defaultdict(set)
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.rs') or f in ('tests.rs', 'testutil.rs'):
                continue
            path = os.path.join(d, f)
            here = module_of(root, path)
            me = group(here)
            src = re.split(r'#\[cfg\(test\)\]\s*mod tests', open(path).read())[0]
            # A grouped import, `crate::a::{b::C, d::E}`, names each path in it.
            src = re.sub(r'\b(crate|super)::((?:[A-Za-z_][A-Za-z0-9_]*::)*)\{([^{}]*)\}',
                         lambda m: ' '.join(f'{m.group(1)}::{m.group(2)}{p.strip()}' for p in m.group(3).split(',') if p.strip()), src)
            for kind, ref in re.findall(r'\b(crate|super)::((?:[A-Za-z_][A-Za-z0-9_]*::)*[A-Za-z_][A-Za-z0-9_]*)', src):
                names = ref.split('::')
                base = [] if kind == 'crate' else here[:-1]
                mods = []
                for n in names:
                    if is_module(root, base + mods + [n]):
                        mods.append(n)
                    else:
                        break
                target = group(base + mods)
                if mods and target != me:
                    edges[me].add(target)
    return edges


def cycles(edges):
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    roots = sys.argv[1:] or ['engine/src', 'src']
    failed = 0
    for root in roots:
        edges = edges_of(root)
        found = cycles(edges)
        mods = set(edges) | {t for ts in edges.values() for t in ts}
        for c in found:
            failed = 1
            print(f'{root}: modules in a circle: ' + ', '.join(c))
            for m in c:
                print(f'    {m} -> ' + ', '.join(sorted(t for t in edges[m] if t in c)))
        if not found:
            print(f'{root}: {len(mods)} modules, no import circle')
    return failed


if __name__ == '__main__':
    sys.exit(main())
