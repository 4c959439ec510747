"""Everything on a session's pages that its speaker did not write is marked as added.

Each session is checked against its own source notes (docs/<session>/source-notes.md,
scripts/source_notes.py). The marker is the class `added` (a visible 「追加」 badge,
docs/assets/stylesheets/site.css) on headings, blocks and spans, or the class `supplement` on a
dated admonition. A page written wholly for the site carries `added` on its H1. The sessions and
their pages are the nav's (scripts/site_nav.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

import source_notes
from site_nav import session_list
from site_tools import CONFIG, PROJECT, built_page
from source_notes import squash

pytestmark = pytest.mark.every_session

# Blocks that need no marker of their own: marked ones, quizzes (their questions are the
# speaker's, or they sit under an added 理解度チェック heading), mkdocs-quiz's controls, and what
# the site puts around a session's words: its cover and closing slides (hooks/slides.py, never on
# the reading page) and the link to its slides PDF (hooks/slides_download.py).
EXEMPT = (
    ".added, .supplement, .quiz, .quiz-intro, #quiz-results, [class^=quiz-progress], .mermaid,"
    " .slide-cover, .slide-closing, .slides-download"
)
SESSIONS = session_list(CONFIG)
PAGES = [(session.folder, page.url) for session in SESSIONS for page in session.pages]
IDS = [url for _, url in PAGES]


def notes_of(folder: str) -> source_notes.SourceNotes:
    notes = source_notes.load(PROJECT / "docs" / folder)
    if notes.none:
        pytest.skip(f"{folder} has no source notes: {notes.none}")
    return notes


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


def written_for_the_site(article) -> bool:  # type: ignore[no-untyped-def]
    return "added" in (article.css_first("h1").attributes.get("class") or "").split()


@pytest.mark.parametrize("folder", [s.folder for s in SESSIONS])
def test_every_session_has_its_source_notes(folder: str) -> None:
    notes = source_notes.load(PROJECT / "docs" / folder)  # raises with the file and what to do
    assert notes.none or len(notes.lines()) >= 3, f"{notes.path}: hardly any text: {notes.lines()}"


@pytest.mark.parametrize(("folder", "path"), PAGES, ids=IDS)
def test_every_heading_not_in_the_notes_is_marked(built_site: Path, folder: str, path: str) -> None:
    notes = notes_of(folder)
    article = built_page(built_site, path).css_first("article")
    if written_for_the_site(article):
        return  # a page written for the site, marked as a whole
    headings = {squash(h) for h in notes.headings()}
    unmarked = [own_text(h) for h in article.css("h1, h2, h3, h4") if own_text(h) not in headings and not exempt(h)]
    assert not unmarked, f"{path}: headings not in {notes.path.name}, without the 追加 marker: {unmarked}"


@pytest.mark.parametrize(("folder", "path"), PAGES, ids=IDS)
def test_every_block_not_in_the_notes_is_marked(built_site: Path, folder: str, path: str) -> None:
    notes = notes_of(folder)
    article = built_page(built_site, path).css_first("article")
    if written_for_the_site(article):
        return
    text = "\n".join(squash(line) for line in notes.lines())
    unmarked = [
        text_of_node
        for node in article.css("p, li, td, th")
        if not exempt(node) and (text_of_node := own_text(node)) and text_of_node not in text
    ]
    assert not unmarked, f"{path}: text {notes.path.name} does not have, without the 追加 marker: {unmarked}"


@pytest.mark.parametrize(("folder", "path"), PAGES, ids=IDS)
def test_every_diagram_says_it_was_drawn_for_the_site(built_site: Path, folder: str, path: str) -> None:
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


@pytest.mark.parametrize(("folder", "path"), PAGES, ids=IDS)
def test_the_quizzes_not_asked_by_the_speaker_sit_under_an_added_heading(
    built_site: Path, folder: str, path: str
) -> None:
    questions = {squash(line) for line in notes_of(folder).lines()}
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
