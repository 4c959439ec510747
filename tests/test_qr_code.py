"""The participants' QR code: drawn at build time for site_url, and it scans.

The test reads the code the way a phone does: a screenshot of what is on
screen, decoded by zxing-cpp.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

import qr_code  # overrides/hooks/qr_code.py: the hook's own drawing function
from site_tools import CURRENT, ROOT, built_page, mkdocs_build

zxingcpp = pytest.importorskip("zxingcpp")


def png_to_gray(png: bytes) -> tuple[bytes, int, int]:
    """Grayscale pixels of an 8-bit RGB(A) PNG, as Chromium's screenshots are (no Pillow needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, data = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6) and body[12] == 0, "only 8-bit RGB(A), not interlaced"
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    channels = 4 if color == 6 else 3
    stride = width * channels
    raw = zlib.decompress(data)
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(line)
        previous = line
    gray = bytes(
        (row[x] * 299 + row[x + 1] * 587 + row[x + 2] * 114) // 1000 for row in rows for x in range(0, stride, channels)
    )
    return gray, width, height


def decode(png: bytes) -> list[str]:
    gray, width, height = png_to_gray(png)
    return [code.text for code in zxingcpp.read_barcodes(memoryview(gray).cast("B", (height, width)))]


def test_the_code_is_inline_svg_from_the_build(built_site: Path, site_url: str) -> None:
    home = built_page(built_site, "")
    code = home.css_first("figure.qr-code .qr-code__svg")
    assert code is not None and code.tag == "svg"
    assert code.attributes.get("aria-label") == f"このサイトのQRコード：{site_url}"
    # No QR library ships to the browser.
    scripts = [script.attributes["src"] for script in home.css("script[src]")]
    assert not [src for src in scripts if "qr" in src.lower()], scripts


@pytest.mark.browser
def test_the_home_pages_first_slide_shows_a_code_that_scans_to_site_url(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("?present")
    code = page.locator(f"{CURRENT} .qr-code svg")
    code.wait_for(state="visible")
    assert page.locator(CURRENT).locator("h1").count() == 1, "the code is not on the first slide"
    assert decode(code.screenshot()) == [site_url]


@pytest.mark.browser
def test_q_shows_the_code_in_the_mode_and_escape_closes_it(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.emulate_media(color_scheme="dark")
    page.goto("session-01/infrastructure/?present")
    page.wait_for_selector(CURRENT)
    page.keyboard.press("q")
    dialog = page.get_by_role("dialog", name="スマートフォンでこのサイトを開く")
    dialog.wait_for(state="visible")
    assert decode(dialog.locator("svg").screenshot()) == [site_url]
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.locator("html[data-presentation]").count() == 1, "Escape closed the mode with the dialog"


@pytest.mark.browser
def test_the_code_follows_site_url(page) -> None:  # type: ignore[no-untyped-def]
    """CI builds for GitHub Pages with its own site_url: the code must say that address."""
    url = "https://example.github.io/sagemaker-study/"
    page.set_content(f'<body style="margin:0;background:#fff"><div style="width:330px">{qr_code.qr_svg(url)}</div>')
    assert decode(page.locator("svg").screenshot()) == [url]


def test_participant_url_takes_the_place_of_site_url(tmp_path: Path) -> None:
    """`make serve` turns site_url into the laptop's loopback address: PARTICIPANT_URL
    puts the published address in the code and in the QR dialog instead."""
    url = "https://example.github.io/sagemaker-study/"
    result = mkdocs_build(ROOT, tmp_path, PARTICIPANT_URL=url)
    assert result.returncode == 0, result.stderr
    home = built_page(tmp_path, "")
    assert home.css_first(".qr-code__svg").attributes.get("aria-label") == f"このサイトのQRコード：{url}"
    assert home.css_first("dialog .presentation-qr__url").text() == url
