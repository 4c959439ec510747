"""The glossary: each page links a term's first use to it, and it is in the nav, search and handout.

The build makes the links (overrides/hooks/glossary_links.py); an author writes none. Terms are
the glossary's H3 headings (「A / B」 names two spellings of one entry, and the first use of
either is linked). A use inside a longer term (IAM in IAMロール) belongs to the longer one.
Headings, admonition titles, diagrams, code and quizzes are passed over: a link cannot go there,
or would give an answer away; so is a use inside a link to another page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_nav import nav_pages
from site_tools import CONFIG, built_page

GLOSSARY = next(p for p in nav_pages(CONFIG) if p.src == "glossary.md")
SKIP = {"h1", "h2", "h3", "h4", "code", "pre", "script", "style", "summary"}
SKIP_CLASSES = {"mermaid", "quiz", "quiz-intro", "admonition-title", "headerlink", "md-source-file"}
# What the site puts around a session's words, made after the glossary links (hooks/slides.py,
# hooks/slides_download.py): the cover and closing slides and the slides PDF link.
SKIP_CLASSES |= {"slide-cover", "slide-closing", "slides-download"}
PAGES = [p.url for p in nav_pages(CONFIG) if p.section != "主催者向け" and p != GLOSSARY]


def glossary_terms(built_site: Path) -> dict[str, str]:
    """Each spelling of each entry, and the entry's anchor id."""
    terms = {}
    for heading in built_page(built_site, GLOSSARY.url).css("article h3[id]"):
        for link in heading.css(".headerlink"):
            link.decompose()
        for term in heading.text().split(" / "):
            terms[term.strip()] = heading.attributes["id"]
    return terms


def classes_of(node) -> set[str]:  # type: ignore[no-untyped-def]
    return set((node.attributes.get("class") or "").split())


def text_with_links(node, href: str = "") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The node's text in reading order, each piece with the href of the link it is in."""
    pieces = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            pieces.append((child.text_content, href))
        elif child.tag not in SKIP and not SKIP_CLASSES & classes_of(child):
            inner = child.attributes.get("href", href) if child.tag == "a" else href
            pieces += text_with_links(child, inner)
    return pieces


def unlinked_first_uses(built_site: Path, path: str, terms: dict[str, str]) -> list[str]:
    """Entries whose first use on the page (in any of their spellings) is not a link to them."""
    pieces = text_with_links(built_page(built_site, path).css_first("article"))
    text = "".join(t for t, _ in pieces)
    owner = [h for t, h in pieces for _ in t]
    claimed = [False] * len(text)
    first: dict[str, int] = {}  # anchor -> where its entry is first used
    for term in sorted(terms, key=len, reverse=True):
        uses = [m for m in re.finditer(re.escape(term), text) if not any(claimed[m.start() : m.end()])]
        for m in uses:
            claimed[m.start() : m.end()] = [True] * len(term)
        # A use inside a link to another page cannot carry the entry's link.
        uses = [m for m in uses if "glossary/" in owner[m.start()] or not owner[m.start()]]
        if uses:
            first[terms[term]] = min(first.get(terms[term], len(text)), uses[0].start())
    return [
        f"#{anchor} (…{text[max(0, at - 12) : at + 16]}…, link {owner[at]!r})"
        for anchor, at in first.items()
        if not re.search(rf"glossary/#{re.escape(anchor)}$", owner[at])
    ]


def test_the_glossary_has_the_terms_participants_meet(built_site: Path) -> None:
    terms = glossary_terms(built_site)
    wanted = {
        "IAM",
        "IAMロール",
        "VPC",
        "S3",
        "Lambda",
        "エンドポイント",
        "インスタンス",
        "Processing",
        "MLOps",
        "AWS SSO",
        "IAM Identity Center",
        "新規受付を終了",
    }
    assert wanted <= set(terms), sorted(wanted - set(terms))


@pytest.mark.every_session
@pytest.mark.parametrize("path", PAGES)
def test_each_terms_first_use_on_a_page_links_its_entry(built_site: Path, path: str) -> None:
    wrong = unlinked_first_uses(built_site, path, glossary_terms(built_site))
    assert not wrong, f"{path}: first uses not linked to their glossary entry: {wrong}"


def test_the_added_pages_are_in_the_nav_the_search_and_the_handout(built_site: Path) -> None:
    titles = {p.title: p for p in nav_pages(CONFIG)}
    for title in ("まとめ", "次回予告"):
        assert titles[title].section.startswith("第1回"), titles[title]
    index = built_site / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    located = {d["location"].split("#")[0] for d in docs}
    handout = built_page(built_site, "print/")
    for title in ("まとめ", "次回予告", "用語集"):
        page = titles[title]
        assert page.url in located, f"{title} is not in the search index"
        anchor = page.url.rstrip("/").replace("/", "-")
        assert handout.css_first(f"#{anchor}") is not None, f"{title}: no #{anchor} in the handout"
