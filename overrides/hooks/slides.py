"""Presentation mode's slides, decided at build time: where each slide starts, and each deck.

A slide starts at each top-level H1, H2 and H3 of a page (an H3 right under
its H2 shares the H2's slide), at each top-level
diagram, table or quiz that does not follow its heading directly (it then
gets the screen to itself, with the text that follows it), and after a
`<!-- slide -->` line, where an author splits a section too long for one
screen. The start of each
slide carries `data-slide="KEY"`: the heading's id, or for a diagram or quiz
slide the section's heading id and `/2`, `/3`, ... (slugs never hold a `/`);
the page's first slide has the empty key. presentation.js only cuts the page
at those marks, so the rule lives here alone.

A deck is the pages of one nav section (a session) in nav order; a page
outside every section is a deck of its own. Each page's <article> carries
its deck's number and where its own slides stand in it
(`data-deck-first`, `data-deck-total`), so that the counter reads 「7 / 19」
for the whole session as soon as the page is parsed. The decks, with every
slide's page, key and title, and the talk's planned length (`talk_minutes` in
the front matter of a deck's first page), go to assets/presentation/decks.json
for the overview, jumps and the presenter view.

The handout (/print/) is no deck: it is for paper.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from lib import order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

DECKS_JSON = "assets/presentation/decks.json"
HEADINGS = ("h1", "h2", "h3")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Top-level elements that are no part of a slide (presentation.js leaves them out too).
NOT_CONTENT = {"script", "style", "link", "aside", "nav", "template", "dialog"}
ARTICLE = '<article class="md-content__inner md-typeset">'
# `<!-- slide -->` on a line of its own: a section too long for one screen goes on after it.
BREAK = "slide"
# Top-level blocks that get a slide of their own unless they follow their heading.
OWN_SLIDE = {"mermaid": "図", "diagram-wide": "図", "quiz": "問", "md-typeset__scrollwrap": "表"}
# A diagram's reading-only copy (a narrow screen's drawing): no part of a slide.
READING_ONLY = "diagram-narrow"


class Slide(NamedTuple):
    key: str
    title: str


class _TopLevel(HTMLParser):
    """Offsets of the page's top-level start tags, with the text of its headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.starts: list[tuple[tuple[int, int], str, dict[str, str]]] = []
        self.heading_text: dict[int, list[str]] = {}
        self._skip_depth: int | None = None  # inside a heading's ¶ link

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if not self.stack:
            self.starts.append((self.getpos(), tag, attributes))
            if tag in HEADINGS:
                self.heading_text[len(self.starts) - 1] = []
        elif "headerlink" in attributes.get("class", "").split() and self._skip_depth is None:
            self._skip_depth = len(self.stack)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if self._skip_depth is not None and len(self.stack) <= self._skip_depth:
            self._skip_depth = None

    def handle_comment(self, data: str) -> None:
        if not self.stack and data.strip() == BREAK:
            self.starts.append((self.getpos(), "!--", {}))

    def handle_data(self, data: str) -> None:
        index = len(self.starts) - 1
        if self.stack and self._skip_depth is None and index in self.heading_text:
            self.heading_text[index].append(data)


def _offset(text: str, line_starts: list[int], pos: tuple[int, int]) -> int:
    return line_starts[pos[0] - 1] + pos[1]


def mark_slides(html: str, where: str) -> tuple[str, list[Slide]]:
    """The page's HTML with `data-slide` on each slide's first element, and its slides in order."""
    parser = _TopLevel()
    parser.feed(html)
    parser.close()
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", html)]
    slides: list[Slide] = []
    inserts: list[int] = []
    heading_id, heading_title, breaks, previous, quizzes = "", "", 1, "", 0
    pending = False  # a `<!-- slide -->` came before this element
    for index, (pos, tag, attributes) in enumerate(parser.starts):
        classes = attributes.get("class", "").split()
        kind = next((OWN_SLIDE[c] for c in classes if c in OWN_SLIDE and tag == "div"), None)
        quizzes += kind == "問"
        if tag == "!--":
            pending = True
            continue
        if tag in NOT_CONTENT or READING_ONLY in classes or "quiz-intro" in classes and previous in HEADINGS:
            continue
        if tag == "h3" and previous == "h2":  # an H2 with nothing of its own: its first H3 shares its slide
            heading_id = attributes.get("id", "") or heading_id
            heading_title = " ".join("".join(parser.heading_text[index]).split())
            previous = tag
            continue
        if tag in HEADINGS:
            heading_id = attributes.get("id", "")
            if not heading_id and slides:
                raise PluginError(f"{where}: a <{tag}> with no id cannot start a slide")
            heading_title = " ".join("".join(parser.heading_text[index]).split())
            key, title, breaks = (heading_id if slides else ""), heading_title, 1
        elif slides and (pending or kind and previous not in HEADINGS):
            breaks += 1
            label = "続き" if pending else f"問{quizzes}" if kind == "問" else kind
            key, title = f"{heading_id}/{breaks}", f"{heading_title}（{label}）"
        elif not slides:
            key, title = "", ""
        else:
            previous = tag
            continue
        previous, pending = tag, False
        slides.append(Slide(key, title))
        inserts.append(_offset(html, line_starts, pos) + 1 + len(tag))
    for at, slide in sorted(zip(inserts, slides), reverse=True):
        html = f'{html[:at]} data-slide="{slide.key}"{html[at:]}'
    return html, slides


# Each page's slides, kept from build to build: a dirty rebuild under `make serve` (scripts/preview_server.py)
# renders only the edited pages, and the others' slides still count in the decks. on_nav forgets pages that are gone.
_slides: dict[str, list[Slide]] = {}
# Per build: the nav, and the decks made from it.
_nav: Navigation | None = None
_decks: list[list[Page]] | None = None


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _nav, _decks
    _nav, _decks = None, None


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    global _nav
    _nav = nav
    urls = {page.url for page in nav.pages}
    for url in set(_slides) - urls:
        del _slides[url]
    return nav


def _is_handout(page: Page) -> bool:
    return bool(page.meta.get("handout"))


@order.run_at("slides.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _is_handout(page):
        return html
    html, slides = mark_slides(html, page.file.src_uri)
    _slides[page.url] = slides
    return html


def decks() -> list[list[Page]]:
    """Each nav section's pages in order (a section of sections counts as one deck); loose pages alone."""
    global _decks
    if _decks is None:
        assert _nav is not None, "on_nav has not run"
        _decks = []
        for item in _nav.items:
            if isinstance(item, Page):
                _decks.append([item])
            elif item.is_section:
                pages = [p for p in _section_pages(item) if p.url in _slides]
                if pages:
                    _decks.append(pages)
    return _decks


def _section_pages(section: Section) -> list[Page]:
    pages: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            pages.append(child)
        elif isinstance(child, Section):
            pages.extend(_section_pages(child))
    return pages


def _place(page: Page) -> tuple[int, int, int] | None:
    """(deck number, number of the page's first slide in it, the deck's slide count)."""
    for number, deck in enumerate(decks()):
        if page in deck:
            before = sum(len(_slides[p.url]) for p in deck[: deck.index(page)])
            return number, before + 1, sum(len(_slides[p.url]) for p in deck)
    return None


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    place = _place(page) if page.url in _slides else None
    if place is None:
        return output
    if output.count(ARTICLE) != 1:
        raise PluginError(f"{page.file.src_uri}: presentation mode needs one {ARTICLE!r} in the page")
    number, first, total = place
    src = get_relative_url(DECKS_JSON, page.url)
    return output.replace(
        ARTICLE,
        f'{ARTICLE[:-1]} data-deck="{number}" data-deck-first="{first}" '
        f'data-deck-total="{total}" data-deck-src="{src}">',
    )


def on_post_build(*, config: MkDocsConfig) -> None:
    data = {
        "decks": [
            {
                "title": deck[0].parent.title if deck[0].parent else deck[0].title,
                "minutes": deck[0].meta.get("talk_minutes"),
                "slides": [
                    {"url": page.url, "key": slide.key, "title": slide.title or page.title}
                    for page in deck
                    for slide in _slides[page.url]
                ],
            }
            for deck in decks()
        ]
    }
    target = Path(config.site_dir) / DECKS_JSON
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
