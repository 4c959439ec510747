"""Measure what each page transfers on first load, gzip on, in Chromium.

Usage: python benchmarks/page_weight.py [--site-dir DIR] [--markdown]

Builds the site strictly (unless --site-dir names a built one), serves it with
gzip on a loopback port, opens every page in a fresh Chromium context (empty
cache), waits until the network is idle, and sums the encoded bytes of every
response. Prints one row per page against its budget: 150 KB (1 KB = 1,000
bytes), for a page with diagrams too: they come drawn, each a self-contained
SVG inside the page (overrides/hooks/diagrams.py), and no page downloads
Mermaid.

Exit codes: 0 when every page is within budget, 1 when one is over, 2 on a
usage error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import offline_chromium
import serve_site
from mkdocs_site import mkdocs_build, page_paths

TEXT_BUDGET = 150_000
DIAGRAM_BUDGET = 150_000  # was 450 KB while pages downloaded Mermaid (about 260 KB gzipped)
# /print/ is every session's pages and drawings in one booklet, opened on purpose to print: it grows
# with each session (151.7 KB with 第1回 alone, 2026-12-06), so it has a budget of its own.
HANDOUT_BUDGET = 250_000


@dataclass(frozen=True)
class PageWeight:
    path: str
    has_diagram: bool
    requests: int
    transferred: int  # encoded (gzip) bytes of every response body

    @property
    def budget(self) -> int:
        if self.path.strip("/") == "print":
            return HANDOUT_BUDGET
        return DIAGRAM_BUDGET if self.has_diagram else TEXT_BUDGET

    @property
    def within_budget(self) -> bool:
        return self.transferred <= self.budget


def measure(browser, base_url: str, path: str) -> PageWeight:  # type: ignore[no-untyped-def]
    """Load one page in a fresh context and sum the encoded bytes it transferred."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    page.goto(base_url + path, wait_until="networkidle")
    has_diagram = page.locator(".mermaid").count() > 0
    context.close()
    return PageWeight(path or "/", has_diagram, len(sizes), sum(sizes.values()))


def measure_site(site_dir: Path) -> list[PageWeight]:
    from playwright.sync_api import sync_playwright

    with serve_site.serve(site_dir) as base_url, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            return [measure(browser, base_url, path) for path in page_paths(site_dir)]
        finally:
            browser.close()


def format_table(rows: list[tuple[str, ...]], markdown: bool, right: frozenset[int] = frozenset()) -> str:
    """Header and rows as a Markdown table (columns in `right` right-aligned) or padded text.

    benchmarks/lighthouse.py prints its table with this too."""
    if markdown:
        lines = [
            "| " + " | ".join(rows[0]) + " |",
            "|" + "".join("--:|" if i in right else "---|" for i in range(len(rows[0]))),
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(r, widths)).rstrip() for r in rows)


def table(weights: list[PageWeight], markdown: bool) -> str:
    rows = [("page", "diagrams", "requests", "transferred (KB)", "budget (KB)", "ok")]
    for w in weights:
        rows.append(
            (
                w.path,
                "yes" if w.has_diagram else "no",
                str(w.requests),
                f"{w.transferred / 1000:.1f}",
                f"{w.budget // 1000}",
                "yes" if w.within_budget else "OVER",
            )
        )
    return format_table(rows, markdown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if args.site_dir is not None:
        if not (args.site_dir / "index.html").is_file():
            parser.error(f"{args.site_dir}: no index.html")
        weights = measure_site(args.site_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            mkdocs_build(Path(tmp), quiet=True, check=True)
            weights = measure_site(Path(tmp))
    print(table(weights, args.markdown))
    return 0 if all(w.within_budget for w in weights) else 1


if __name__ == "__main__":
    raise SystemExit(main())
