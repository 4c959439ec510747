"""Shoot every page of a built site, or compare two sets of shots: is a refactor invisible?

Usage:
  python screenshots/compare_pages.py shoot SITE_DIR OUT_DIR
  python screenshots/compare_pages.py compare BEFORE_DIR AFTER_DIR

`shoot` serves SITE_DIR (a strict build) on loopback and takes a full-page
screenshot of every page in the nav and of the handout (/print/), at 375 px
and 1920 px wide, in the light and the dark scheme, after the page has loaded
and settled. `compare` pairs the files of two such folders by name and prints,
for each, how many pixels differ (ImageMagick's `compare -metric AE`, with a
2 % colour tolerance for anti-aliasing) and the size of each shot; a pair of
different heights is a changed layout.

Exit codes: 0 when nothing differs (compare) or all shots were taken (shoot),
1 when some pair differs or is missing, 2 on a bad argument.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from playwright.sync_api import sync_playwright

import offline_chromium
import serve_site
import site_nav

WIDTHS = {"375": {"width": 375, "height": 812}, "1920": {"width": 1920, "height": 1080}}
SCHEMES = ("light", "dark")


def shot_name(url: str, width: str, scheme: str) -> str:
    return f"{url.strip('/').replace('/', '_') or 'home'}-{width}-{scheme}.png"


def shoot(site_dir: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    urls = [page.url for page in site_nav.nav_pages()] + ["print/"]
    with serve_site.serve(site_dir) as base, sync_playwright() as playwright:
        browser = offline_chromium.launch(playwright)
        for width, viewport in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    base_url=base,
                    viewport=viewport,
                    color_scheme=scheme,
                    locale="ja-JP",
                    reduced_motion="reduce",
                )
                page = context.new_page()
                for url in urls:
                    page.goto(url, wait_until="networkidle")
                    page.evaluate("document.fonts.ready")
                    page.wait_for_timeout(300)
                    page.screenshot(path=out / shot_name(url, width, scheme), full_page=True)
                context.close()
        browser.close()
    print(f"{len(list(out.glob('*.png')))} shots in {out}")
    return 0


def size(png: Path) -> str:
    """WIDTHxHEIGHT, from the PNG's header."""
    header = png.read_bytes()[16:24]
    return f"{int.from_bytes(header[:4], 'big')}x{int.from_bytes(header[4:], 'big')}"


def differing_pixels(a: Path, b: Path) -> str:
    """How many pixels differ beyond anti-aliasing, or why that cannot be told."""
    if a.read_bytes() == b.read_bytes():
        return "0"
    run = subprocess.run(
        ["compare", "-metric", "AE", "-fuzz", "2%", str(a), str(b), "null:"],
        capture_output=True,
        text=True,
        check=False,
    )
    words = run.stderr.split()
    if run.returncode == 2 or not words:  # e.g. taller than ImageMagick's policy allows
        return "some (too large to count)"
    return words[0]


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.png")} | {p.name for p in after.glob("*.png")})
    changed = 0
    for name in names:
        a, b = before / name, after / name
        if not a.is_file() or not b.is_file():
            print(f"{name}: only in {before if a.is_file() else after}")
            changed += 1
            continue
        if size(a) != size(b):
            print(f"{name}: size {size(a)} -> {size(b)}")
            changed += 1
            continue
        pixels = differing_pixels(a, b)
        print(f"{name}: {pixels} pixels differ ({size(a)})")
        changed += pixels != "0"
    print(f"{changed} of {len(names)} shots differ")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("shoot")
    take.add_argument("site_dir", type=Path)
    take.add_argument("out", type=Path)
    pair = commands.add_parser("compare")
    pair.add_argument("before", type=Path)
    pair.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "shoot":
        if not (args.site_dir / "index.html").is_file():
            parser.error(f"{args.site_dir}: no index.html (build the site first)")
        return shoot(args.site_dir, args.out)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            parser.error(f"{folder}: not a folder of shots")
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
