"""The speaker's notes as the site must carry them, and a built page's text as a reader sees it.

Not a command: tests/test_notes_on_site.py, tests/test_added_marker.py and
benchmarks/content_balance.py read the notes through it, so that the agreed
typo fixes and the way a line is compared are written once.

tests/data/speaker-notes.md is an unedited copy of the notes the site is made
from (shared/seed/000_b9abf880ec3a7248.txt of the study group's material).
"""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "speaker-notes.md"
# The only edits made to the speaker's words: clear slips.
TYPO_FIXES = {
    "Groud Truth": "Ground Truth",
    "Argumented AI": "Augmented AI",
    "用意するれば": "用意すれば",
}
# Lines of the notes that are not text: the doubled "3.", the empty table header, missing images.
NOT_TEXT = {"3.", "|||", "|---|---|"}


def seed_text() -> str:
    """The notes with the typo fixes applied."""
    text = SEED.read_text(encoding="utf-8")
    for wrong, right in TYPO_FIXES.items():
        text = text.replace(wrong, right)
    return text


def notes_lines(text: str | None = None) -> list[str]:
    """Each meaningful line of the notes as a reader sees it, Markdown markers removed."""
    lines = []
    for raw in (seed_text() if text is None else text).splitlines():
        line = raw.strip()
        if not line or line in NOT_TEXT or line.startswith("[画像"):
            continue
        line = re.sub(r"^(#+|-|\d+\.)\s*", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        if line.startswith("|"):
            lines += [cell.strip() for cell in line.strip("|").split("|") if cell.strip()]
        elif line:
            lines.append(line)
    return lines


def notes_headings(text: str | None = None) -> list[str]:
    """The notes' headings, without their # marks."""
    source = seed_text() if text is None else text
    headings = [line for line in source.splitlines() if line.startswith("#")]
    return [re.sub(r"^#+\s*", "", line).strip() for line in headings]


def squash(text: str) -> str:
    """Text without any whitespace: the notes and the site are compared this way."""
    return re.sub(r"\s+", "", text)


def article_text(html: str, *, drop: str = "") -> str:
    """The article's text, diagrams, permalink signs and the nodes matching DROP taken out."""
    tree = LexborHTMLParser(html)
    article = tree.css_first("article")
    assert article is not None, "no <article> in the page"
    for node in article.css(".mermaid, .headerlink" + (f", {drop}" if drop else "")):
        node.decompose()
    return re.sub(r"\s+", " ", article.text(separator=""))
