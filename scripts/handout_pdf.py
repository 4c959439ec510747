"""Print the handout (/print/) to an A4 PDF whose 「もう一度読む」 links give their target's page.

Usage: python scripts/handout_pdf.py [--site-dir DIR] [--out FILE]

Chromium's print has no CSS target-counter(), so a link cannot say on which sheet its
target lands. This prints twice, as a reader's Chromium would (A4, the page's own @page
rules): the first print marks each target of a link in the answer key with an invisible
token, and pdftotext says on which sheet each token is; the second print writes that page
after each link (handout.css: 「（p. N）」). The key comes last, so adding the numbers moves
no target; the tokens stay in the second print too, which is checked against the first.

Builds the site strictly into a temporary folder unless --site-dir names a built one, and
serves it on a loopback port. Needs Chromium (Playwright) and pdftotext (poppler-utils).

Exit codes: 0 written, 1 a target was not found or moved between the prints, 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import offline_chromium
import serve_site
from mkdocs_site import add_config_file_option, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "handout.pdf"

# In the page: mark each target of an in-site link of the answer key with a token pdftotext
# will read, and return {token: [the links' indexes]}.
MARK_TARGETS = """() => {
  const links = [...document.querySelectorAll('#handout-answer-key a[data-handout-internal]')]
    .filter((a) => a.hash && !a.classList.contains('headerlink'));
  const tokens = {};
  links.forEach((a, i) => {
    const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!target) return;
    let token = target.dataset.handoutToken;
    if (!token) {
      token = target.dataset.handoutToken = `QQ${Object.keys(tokens).length}QQ`;
      const mark = document.createElement('span');
      mark.className = 'handout-page-token';
      mark.textContent = token;
      target.prepend(mark);
    }
    (tokens[token] ||= []).push(i);
  });
  return tokens;
}"""
# In the page: give each link (by index) its target's page.
SET_PAGES = """(pages) => {
  const links = [...document.querySelectorAll('#handout-answer-key a[data-handout-internal]')]
    .filter((a) => a.hash && !a.classList.contains('headerlink'));
  for (const [index, page] of Object.entries(pages)) links[index].dataset.page = page;
}"""


def sheets_of(pdf: Path) -> list[str]:
    """The text of each sheet of PDF."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120).stdout
    return text.split("\f")[:-1]


def token_pages(pdf: Path, tokens: list[str]) -> dict[str, int]:
    """The 1-based sheet each token is printed on (tokens not found are left out)."""
    found: dict[str, int] = {}
    for number, sheet in enumerate(sheets_of(pdf), start=1):
        for token in re.findall(r"QQ\d+QQ", sheet):
            found.setdefault(token, number)
    return {token: found[token] for token in tokens if token in found}


def print_handout(page: Any, site_url: str, out: Path) -> dict[str, int]:
    """Print SITE_URL's /print/ to OUT with page numbers; returns {link text: page}."""
    page.goto(site_url.rstrip("/") + "/print/")
    page.wait_for_selector("#print-site-page")
    page.wait_for_load_state("networkidle")
    tokens: dict[str, list[int]] = page.evaluate(MARK_TARGETS)
    first = out.with_suffix(".first.pdf")
    page.pdf(path=first, prefer_css_page_size=True)
    where = token_pages(first, list(tokens))
    first.unlink()
    missing = sorted(set(tokens) - set(where))
    if missing:
        raise LookupError(f"targets not found in the first print: {missing}")
    page.evaluate(SET_PAGES, {str(i): where[token] for token, links in tokens.items() for i in links})
    page.pdf(path=out, prefer_css_page_size=True)
    if token_pages(out, list(tokens)) != where:
        raise LookupError("a target moved to another sheet in the second print")
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#handout-answer-key a[data-page]')]"
        ".map((a) => [a.textContent.trim(), Number(a.dataset.page)]))"
    )


def write_pdf(site_dir: Path, out: Path) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    with serve_site.serve(site_dir) as url, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            page = browser.new_page(locale="ja-JP")
            return print_handout(page, url, out)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--out", type=Path, default=OUT, help="the PDF to write (default: handout.pdf)")
    add_config_file_option(parser)
    args = parser.parse_args(argv)
    if args.site_dir is not None and not (args.site_dir / "print" / "index.html").is_file():
        parser.error(f"{args.site_dir}: no print/index.html (build the site first)")
    try:
        if args.site_dir is not None:
            pages = write_pdf(args.site_dir, args.out)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                mkdocs_build(Path(tmp), config_file=args.config_file, quiet=True, check=True)
                pages = write_pdf(Path(tmp), args.out)
    except LookupError as exc:
        print(f"handout_pdf.py: {exc}", file=sys.stderr)
        return 1
    for text, number in pages.items():
        print(f"{text}: p. {number}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
