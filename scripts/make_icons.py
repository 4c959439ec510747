"""Draw the web app's icons (docs/assets/images/icon-192.png, icon-512.png) in Chromium.

Usage: python scripts/make_icons.py

Run once by hand when the icon changes; the PNGs are committed. The icon is the SVG below, in
the header's indigo (mkdocs.yml palette) with the accent's orange, and 「勉」 in Noto Sans CJK JP
(Debian's fonts-noto-cjk): rendered by offline_chromium at each size, nothing downloaded.

Exit codes: 0 written.
"""

from __future__ import annotations

from pathlib import Path

import offline_chromium

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "assets" / "images"
SIZES = (192, 512)
SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="{size}" height="{size}">
  <rect width="512" height="512" fill="#4051b5"/>
  <rect x="96" y="392" width="320" height="24" rx="12" fill="#ff9100"/>
  <text x="256" y="330" text-anchor="middle" font-family="Noto Sans CJK JP" font-weight="700"
        font-size="260" fill="#ffffff">勉</text>
</svg>"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    TARGET.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            for size in SIZES:
                page = browser.new_page(viewport={"width": size, "height": size})
                page.set_content(f"<body style='margin:0'>{SVG.format(size=size)}</body>")
                page.screenshot(path=str(TARGET / f"icon-{size}.png"), omit_background=False)
                page.close()
        finally:
            browser.close()
    print(f"wrote {', '.join(f'icon-{size}.png' for size in SIZES)} into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
