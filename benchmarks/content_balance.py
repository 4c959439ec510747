"""How much of each session page is the speaker's text, and how much was added, outside the quizzes.

Usage: python benchmarks/content_balance.py [--site-dir DIR]

Builds the site strictly (unless --site-dir names a built one) and reads each
page of the 第1回 nav section. Each line of the speaker's notes is looked for in
the pages in nav order and counted once, where it is first found (section 3's
questions are the speaker's, inside its quizzes). Added text is whatever is
left outside the quizzes. Counted in characters without whitespace. Left out:
mkdocs-quiz's own controls, the diagrams' drawn labels (their captions count
as added), permalink signs.

Prints one row per page, then the totals over the pages that carry the notes
(the session pages) and over the pages written wholly for the site.

Exit codes: 0 when the added text on the session pages is no longer than the
speaker's, 1 when it is longer, 2 when the build fails or on a usage error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import source_notes
from mkdocs_site import mkdocs_build
from site_nav import CONFIG, session_pages
from source_notes import article_text, squash

# mkdocs-quiz's parts of a page: the quizzes, the intro's reset control, the results box.
QUIZ_PARTS = ".quiz, .quiz-intro, #quiz-results"


def balance(site_dir: Path) -> list[tuple[str, int, int]]:
    """(page, speaker's characters, added characters) for each page of session 1, in nav order."""
    pages = session_pages()
    whole, outside = {}, {}
    for page in pages:
        html = (site_dir / page.url / "index.html").read_text(encoding="utf-8")
        whole[page.url] = squash(article_text(html, drop=QUIZ_PARTS.replace(".quiz, ", "")))
        outside[page.url] = squash(article_text(html, drop=QUIZ_PARTS))
    speaker = dict.fromkeys(whole, 0)
    notes = source_notes.load(CONFIG.parent / "docs" / Path(pages[0].src).parent)
    for line in map(squash, notes.lines()):
        for url, text in whole.items():
            if line in text:
                whole[url] = text.replace(line, "", 1)
                outside[url] = outside[url].replace(line, "", 1)
                speaker[url] += len(line)
                break
    return [(page.url, speaker[page.url], len(outside[page.url])) for page in pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="a site built already (default: build one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site_dir or Path(tmp)
        if args.site_dir is None:
            # Not quiet=True: `mkdocs build --quiet --strict` passes a build with warnings.
            built = mkdocs_build(site_dir, capture_output=True)
            if built.returncode != 0:
                print(built.stderr, file=sys.stderr)
                return 2
        rows = balance(site_dir)
    print(f"{'page':32} {'speaker':>8} {'added':>8}")
    for url, spoken, added in rows:
        print(f"{url or '/':32} {spoken:8d} {added:8d}")
    session = [r for r in rows if r[1] > 0]
    spoken, added = sum(r[1] for r in session), sum(r[2] for r in session)
    print(f"{'session pages (' + str(len(session)) + ')':32} {spoken:8d} {added:8d}")
    extra = sum(r[2] for r in rows if r[1] == 0)
    print(f"{'pages written for the site':32} {0:8d} {extra:8d}")
    return 0 if added <= spoken else 1


if __name__ == "__main__":
    raise SystemExit(main())
