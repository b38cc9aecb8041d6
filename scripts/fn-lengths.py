#!/usr/bin/env python3
"""Lists Rust functions longer than a limit (default 80 lines), tests excluded.

Usage: scripts/fn-lengths.py [LIMIT] [DIR...]   (default: 80 engine/src src)
A function is counted from its `fn` line to its closing brace; `#[cfg(test)]` modules
and files under tests/ are skipped. Strings, chars and comments are skipped when
matching braces, so `"{"` in a format string does not confuse it.
"""
import re, sys, pathlib

def strip(src):
    """Source with string/char literal contents and comments blanked (same length)."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j
        elif c == 'r' and re.match(r'r#*"', src[i:i+10]) and (i == 0 or not (src[i-1].isalnum() or src[i-1] == '_')):
            m = re.match(r'r(#*)"', src[i:]); hashes = m.group(1)
            end = src.find('"' + hashes, i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r'[^\n]', ' ', src[i:end])); i = end
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            out.append('"' + re.sub(r'[^\n]', ' ', src[i+1:j]) + '"'); i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'", src[i:i+12]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'", src[i:i+12])
            out.append(' ' * len(m.group(0))); i += len(m.group(0))
        else:
            out.append(c); i += 1
    return ''.join(out)

def closing(src, k):
    """Index of the brace closing the one at `k` (or the end of `src`)."""
    depth = 0
    while k < len(src):
        if src[k] == '{': depth += 1
        elif src[k] == '}':
            depth -= 1
            if depth == 0: break
        k += 1
    return k

def functions(path):
    src = strip(path.read_text())
    lines = src.split('\n')
    # Skip #[cfg(test)] modules.
    skip = set()
    for m in re.finditer(r'#\[cfg\(test\)\]\s*(pub\s+)?mod\s+\w+\s*\{', src):
        k = closing(src, m.end() - 1)
        a, b = src.count('\n', 0, m.start()), src.count('\n', 0, k)
        skip.update(range(a, b + 1))
    for m in re.finditer(r'\bfn\s+(\w+)', src):
        line = src.count('\n', 0, m.start())
        if line in skip: continue
        k = m.end()
        while k < len(src) and src[k] not in '{;':
            k += 1
        if k >= len(src) or src[k] == ';': continue
        end = src.count('\n', 0, closing(src, k))
        yield m.group(1), line + 1, end - line + 1

def main():
    args = sys.argv[1:]
    limit = int(args.pop(0)) if args and args[0].isdigit() else 80
    dirs = args or ['engine/src', 'src']
    found = []
    total = 0
    for d in dirs:
        for p in sorted(pathlib.Path(d).rglob('*.rs')):
            for name, line, length in functions(p):
                total += 1
                if length > limit:
                    found.append((length, f'{p}:{line}', name))
    for length, where, name in sorted(found, reverse=True):
        print(f'{length:5d}  {where}  {name}')
    print(f'{len(found)} of {total} functions are over {limit} lines')
    return 1 if found else 0

if __name__ == '__main__':
    sys.exit(main())
