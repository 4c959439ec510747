"""Each session's source notes (講師のノート): the speaker's own text that the session's pages carry.

Not a command: tests/test_notes_on_site.py, tests/test_added_marker.py and
benchmarks/content_balance.py read the notes through it, so that the typo fixes
and the way a line is compared are written once.

A session is a nav section (scripts/site_nav.py); its source notes are
`source-notes.md` in the session's folder (docs/session-01/source-notes.md),
which mkdocs.yml's exclude_docs keeps out of the site. The body is the notes as
the speaker wrote them; the front matter may list `typo_fixes` (the only edits
the pages make to the speaker's words) and `replaced` (placeholders such as
「[画像01]」 that the pages replace). A session whose speaker wrote the pages
directly declares `none: <why>` instead of a body.

The source notes are not the talking points (発表メモ), the presenter's notes per slide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser

FILE_NAME = "source-notes.md"
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n", re.DOTALL)
# A line of the notes that holds no text: an empty list item ("3. "), a table's empty header or rule.
NO_TEXT = re.compile(r"^(?:[-*+]|\d+\.)$|^[|:\-\s]+$")


class SourceNotesError(Exception):
    """A session's source notes are missing or unreadable: the message says which file and what to do."""


@dataclass(frozen=True)
class SourceNotes:
    path: Path
    text: str = ""  # the notes with the typo fixes applied; "" when the session has none
    typo_fixes: dict[str, str] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    none: str = ""  # why the session has no source notes, when it has none

    def lines(self) -> list[str]:
        """Each meaningful line of the notes as a reader sees it, Markdown markers removed."""
        lines = []
        for raw in self.text.splitlines():
            line = raw.strip()
            if not line or NO_TEXT.match(line) or line in self.replaced:
                continue
            line = re.sub(r"^(#+|-|\d+\.)\s*", "", line)
            line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
            if line.startswith("|"):
                lines += [cell.strip() for cell in line.strip("|").split("|") if cell.strip()]
            elif line:
                lines.append(line)
        return lines

    def headings(self) -> list[str]:
        """The notes' headings, without their # marks."""
        return [re.sub(r"^#+\s*", "", line).strip() for line in self.text.splitlines() if line.startswith("#")]


def load(session_dir: Path) -> SourceNotes:
    """The source notes in SESSION_DIR (docs/session-01/), typo fixes applied."""
    path = session_dir / FILE_NAME
    how = (
        "put the speaker's notes there as they wrote them, or front matter `none: <why>` if the session has "
        "none (README: Adding a session)"
    )
    if not path.is_file():
        raise SourceNotesError(f"{path}: missing: {how}")
    source = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(source)
    meta = yaml.safe_load(match.group(1) or "") if match else {}
    if not isinstance(meta, dict):
        raise SourceNotesError(f"{path}:2: the front matter is not a YAML mapping")
    body = source[match.end() :] if match else source
    typo_fixes = {str(k): str(v) for k, v in (meta.get("typo_fixes") or {}).items()}
    replaced = [str(item) for item in meta.get("replaced") or []]
    none = str(meta.get("none") or "")
    if none and body.strip():
        raise SourceNotesError(f"{path}: declares `none:` but has a body: keep one of the two")
    if not none and not body.strip():
        raise SourceNotesError(f"{path}: empty: {how}")
    for wrong, right in typo_fixes.items():
        if wrong not in body:
            raise SourceNotesError(f"{path}: typo_fixes: {wrong!r} is not in the notes")
        body = body.replace(wrong, right)
    return SourceNotes(path, body, typo_fixes, replaced, none)


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
