"""Draw the web app's icons (docs/assets/images/icon-192.png, icon-512.png) in Chromium.

Usage: python scripts/make_icons.py

Run once by hand when the icon changes; the PNGs are committed. The icon is the SVG below, in
the header's indigo (mkdocs.yml palette) with the accent's orange, and 「勉」 in Noto Sans CJK JP
(Debian's fonts-noto-cjk): rendered by offline_chromium at each size, nothing downloaded, then
written again as an 8-bit palette PNG: each pixel becomes the nearest of 32 steps from the
indigo to the white or to the orange (the only blends the drawing has, at its anti-aliased
edges), about half the size of Chromium's screenshot. Chrome fetches the icon with the manifest.

Exit codes: 0 written.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import offline_chromium

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "assets" / "images"
SIZES = (192, 512)
INDIGO, INKS, STEPS = (0x40, 0x51, 0xB5), ((0xFF, 0xFF, 0xFF), (0xFF, 0x91, 0x00)), 32
SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="{size}" height="{size}">
  <rect width="512" height="512" fill="#4051b5"/>
  <rect x="96" y="392" width="320" height="24" rx="12" fill="#ff9100"/>
  <text x="256" y="330" text-anchor="middle" font-family="Noto Sans CJK JP" font-weight="700"
        font-size="260" fill="#ffffff">勉</text>
</svg>"""


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and each row's RGB bytes of an 8-bit RGB, non-interlaced PNG (a Chromium screenshot)."""
    chunks = _chunks(png)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if (depth, colour, interlace) != (8, 2, 0):
        raise SystemExit(f"make_icons.py: the screenshot is not 8-bit RGB (depth {depth}, colour type {colour})")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride, rows, previous = width * 3, [], bytearray(width * 3)
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = row[x - 3] if x >= 3 else 0
            up, corner = previous[x], previous[x - 3] if x >= 3 else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[x] = (row[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(row))
        previous = row
    return width, height, rows


def _blends() -> list[tuple[int, int, int]]:
    """The palette: STEPS blends from the indigo to each ink (the indigo itself once)."""
    blends = [INDIGO]
    for ink in INKS:
        for step in range(1, STEPS + 1):
            blends.append(tuple(round(a + (b - a) * step / STEPS) for a, b in zip(INDIGO, ink, strict=True)))
    return blends


def palette_png(png: bytes) -> bytes:
    """The image as an 8-bit palette PNG of the blends (_blends), compressed at level 9."""
    width, height, rows = _pixels(png)
    palette = _blends()
    nearest: dict[bytes, int] = {}
    indexed = bytearray()
    for row in rows:
        indexed.append(0)  # filter: none
        for x in range(0, len(row), 3):
            rgb = row[x : x + 3]
            if rgb not in nearest:
                nearest[rgb] = min(
                    range(len(palette)), key=lambda i: sum((a - b) ** 2 for a, b in zip(palette[i], rgb))
                )
            indexed.append(nearest[rgb])

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
        + chunk(b"PLTE", b"".join(bytes(colour) for colour in palette))
        + chunk(b"IDAT", zlib.compress(bytes(indexed), 9))
        + chunk(b"IEND", b"")
    )


def main() -> int:
    from playwright.sync_api import sync_playwright

    TARGET.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            for size in SIZES:
                page = browser.new_page(viewport={"width": size, "height": size})
                page.set_content(f"<body style='margin:0'>{SVG.format(size=size)}</body>")
                (TARGET / f"icon-{size}.png").write_bytes(palette_png(page.screenshot()))
                page.close()
        finally:
            browser.close()
    print(f"wrote {', '.join(f'icon-{size}.png' for size in SIZES)} into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
