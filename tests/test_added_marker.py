"""Everything on the session's pages that the speaker did not write is marked as added.

The marker is the class `added` (a visible 「追加」 badge, docs/assets/stylesheets/site.css) on
headings, blocks and spans, or the class `supplement` on a dated admonition. A page written wholly
for the site carries `added` on its H1. The pages are the nav's (scripts/site_nav.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_nav import nav_pages
from site_tools import built_page
from speaker_notes import notes_headings, notes_lines, squash

# Blocks that need no marker of their own: marked ones, quizzes (their questions are the
# speaker's, or they sit under an added 理解度チェック heading) and mkdocs-quiz's controls.
EXEMPT = ".added, .supplement, .quiz, .quiz-intro, #quiz-results, [class^=quiz-progress], .mermaid"
PAGES = [p.url for p in nav_pages() if p.section != "主催者向け" and p.src != "index.md"]


def own_text(node) -> str:  # type: ignore[no-untyped-def]
    """The node's text without nested lists, permalink signs and marked spans, squashed."""
    fragment = HTMLParser(node.html).css_first(node.tag)
    for inner in fragment.css("ul, ol, .headerlink, .added"):
        if inner is not fragment:
            inner.decompose()
    return squash(fragment.text())


def exempt(node) -> bool:  # type: ignore[no-untyped-def]
    parent = node
    while parent is not None and parent.tag != "article":
        if parent.css_matches(EXEMPT):
            return True
        parent = parent.parent
    return False


@pytest.fixture(scope="module")
def notes() -> str:
    return "\n".join(squash(line) for line in notes_lines())


@pytest.mark.parametrize("path", PAGES)
def test_every_heading_not_in_the_notes_is_marked(built_site: Path, path: str) -> None:
    article = built_page(built_site, path).css_first("article")
    if "added" in (article.css_first("h1").attributes.get("class") or "").split():
        return  # a page written for the site, marked as a whole
    headings = {squash(h) for h in notes_headings()}
    unmarked = [own_text(h) for h in article.css("h1, h2, h3, h4") if own_text(h) not in headings and not exempt(h)]
    assert not unmarked, f"{path}: headings not in the notes, without the 追加 marker: {unmarked}"


@pytest.mark.parametrize("path", PAGES)
def test_every_block_not_in_the_notes_is_marked(built_site: Path, path: str, notes: str) -> None:
    article = built_page(built_site, path).css_first("article")
    if "added" in (article.css_first("h1").attributes.get("class") or "").split():
        return
    unmarked = [
        text
        for node in article.css("p, li, td, th")
        if not exempt(node) and (text := own_text(node)) and text not in notes
    ]
    assert not unmarked, f"{path}: text the notes do not have, without the 追加 marker: {unmarked}"


@pytest.mark.parametrize("path", PAGES)
def test_every_diagram_says_it_was_drawn_for_the_site(built_site: Path, path: str) -> None:
    copies = {"diagram-wide", "diagram-narrow"}  # one diagram drawn twice: one caption after both
    for diagram in built_page(built_site, path).css("article div.mermaid"):
        parent_classes = set((diagram.parent.attributes.get("class") or "").split())
        caption = (diagram.parent if parent_classes & copies else diagram).next
        while caption is not None and (
            caption.tag == "-text" or copies & set((caption.attributes.get("class") or "").split())
        ):
            caption = caption.next
        classes = (caption.attributes.get("class") or "").split() if caption is not None else []
        where = f"{path}: diagram {diagram.attributes.get('id') or diagram.text()[:30]!r}"
        assert {"diagram-caption", "added"} <= set(classes), f"{where} has no marked caption"
        assert "このサイトで描いた" in caption.text(), f"{where}: {caption.text()!r}"
        assert "ノートの" in caption.text(), f"{where}: the caption names what it stands in for"


def test_the_quizzes_not_asked_by_the_speaker_sit_under_an_added_heading(built_site: Path) -> None:
    questions = {squash(line) for line in notes_lines()}
    for path in PAGES:
        article = built_page(built_site, path).css_first("article")
        heading = None
        for node in article.css("h2, .quiz"):
            if node.tag == "h2":
                heading = node
                continue
            question = squash(node.css_first(".quiz-question").text())
            if question in questions:
                continue
            assert heading is not None and "added" in (heading.attributes.get("class") or ""), (
                f"{path}: quiz {question[:30]!r} under an unmarked heading"
            )
