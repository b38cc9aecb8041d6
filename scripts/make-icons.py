#!/usr/bin/env python3
"""Draws the app's icons (web/icons/): a calculator in white on the accent blue, as SVG
and as PNG at 192 and 512 px, plus a maskable PNG with the drawing inside the safe zone.
Plain rectangles, written with zlib only, so anyone can re-make them: python3 this."""
import struct, zlib, pathlib

BLUE, WHITE = (0x0b, 0x5c, 0xad), (0xff, 0xff, 0xff)
OUT = pathlib.Path(__file__).resolve().parent.parent / "web" / "icons"

def shapes(scale):
    """The drawing in a 100-unit square, scaled by `scale` (1 = full, <1 = centred)."""
    off = 50 * (1 - scale)
    rect = lambda x, y, w, h: (off + x * scale, off + y * scale, w * scale, h * scale)
    out = [rect(24, 16, 52, 18)]  # the display
    for row in range(3):
        for col in range(3):
            out.append(rect(24 + col * 19, 42 + row * 15, 14, 11))  # the keys
    return out

def png(size, scale, rounded):
    rows = []
    rs = shapes(scale)
    radius = size * 0.18 if rounded else 0
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) * 100 / size, (y + 0.5) * 100 / size
            inside = True
            if radius:
                cx = min(max(x + 0.5, radius), size - radius)
                cy = min(max(y + 0.5, radius), size - radius)
                inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius ** 2
            if not inside:
                row += bytes((0, 0, 0, 0))
                continue
            white = any(rx <= u < rx + rw and ry <= v < ry + rh for rx, ry, rw, rh in rs)
            row += bytes((*(WHITE if white else BLUE), 255))
        rows.append(bytes(row))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")

def svg():
    body = "".join(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="#fff"/>' for x, y, w, h in shapes(1))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="#0b5cad"/>{body}</svg>\n'

OUT.mkdir(parents=True, exist_ok=True)
(OUT / "icon.svg").write_text(svg())
(OUT / "icon-192.png").write_bytes(png(192, 1, True))
(OUT / "icon-512.png").write_bytes(png(512, 1, True))
(OUT / "icon-maskable-512.png").write_bytes(png(512, 0.7, False))
