"""Where make_slides.py's time goes: opening a slide, waiting for it, printing it.

Usage: python benchmarks/slides_pdf.py [--site-dir DIR] [--slides N]

Opens the first N slides of the first session's deck of a built site as
make_slides.py does and prints, side by side, the median seconds of each step,
and of a print of a one-line page in Japanese and in Latin letters (Chromium's
cost of embedding the CJK font, paid once per page.pdf call). Names the
machine: CPU count and load average, which matter on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_slides
import offline_chromium
import serve_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--slides", type=int, default=10)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    deck = make_slides.session_decks(args.site_dir)[0]
    steps: dict[str, list[float]] = {
        "open + ready": [],
        "page.pdf (slide)": [],
        "page.pdf (1 line, ja)": [],
        "page.pdf (1 line, en)": [],
    }
    with serve_site.serve(args.site_dir) as base, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        page = browser.new_page(viewport={"width": make_slides.SLIDE_WIDTH, "height": make_slides.SLIDE_HEIGHT})
        page.emulate_media(media="screen")
        for slide in deck.slides[: args.slides]:
            start = time.perf_counter()
            make_slides.show(page, base, slide)
            steps["open + ready"].append(time.perf_counter() - start)
            start = time.perf_counter()
            page.pdf(print_background=True, prefer_css_page_size=True, page_ranges="1")
            steps["page.pdf (slide)"].append(time.perf_counter() - start)
        for label, text in (("page.pdf (1 line, ja)", "発表のあと"), ("page.pdf (1 line, en)", "after the talk")):
            for _ in range(3):
                page.set_content(f"<p>{text}</p>")
                start = time.perf_counter()
                page.pdf()
                steps[label].append(time.perf_counter() - start)
        browser.close()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}; {len(steps['open + ready'])} slides of {deck.folder}")
    print("| step | median s | max s |")
    print("|---|---|---|")
    for label, times in steps.items():
        print(f"| {label} | {statistics.median(times):.2f} | {max(times):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
