"""Each session's source notes are on its pages, nearly line for line, with only the agreed fixes.

The notes, their typo fixes and placeholders are docs/<session>/source-notes.md's, read through
scripts/source_notes.py. Checks of 第1回's own content (its links, its section 3) follow the
checks every session must pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

import source_notes
from site_nav import nav_pages, session_list
from site_tools import CONFIG, PROJECT, built_page
from source_notes import article_text as page_text

NOTES_LINKS = {
    "AWS での機械学習": "https://aws.amazon.com/jp/machine-learning/",
    "Amazon SageMaker": "https://aws.amazon.com/jp/sagemaker/",
}
DATED = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SESSIONS = {session.folder: session for session in session_list(CONFIG)}
NAV_PAGES = [page.url for page in nav_pages(CONFIG)]


def notes_of(folder: str) -> source_notes.SourceNotes:
    notes = source_notes.load(PROJECT / "docs" / folder)
    if notes.none:
        pytest.skip(f"{folder} has no source notes: {notes.none}")
    return notes


def session_text(built_site: Path, folder: str) -> str:
    pages = [built_site / page.url / "index.html" for page in SESSIONS[folder].pages]
    return "\n".join(page_text(p.read_text(encoding="utf-8")) for p in pages)


@pytest.mark.every_session
@pytest.mark.parametrize("folder", list(SESSIONS))
def test_every_line_of_the_notes_is_on_the_sessions_pages(built_site: Path, folder: str) -> None:
    notes = notes_of(folder)
    squashed = re.sub(r"\s+", "", session_text(built_site, folder))
    missing = [line for line in notes.lines() if re.sub(r"\s+", "", line) not in squashed]
    assert not missing, f"lines of {notes.path} not found on the session's pages: {missing}"


@pytest.mark.every_session
@pytest.mark.parametrize("folder", list(SESSIONS))
def test_every_heading_of_the_notes_is_a_heading(built_site: Path, folder: str) -> None:
    notes = notes_of(folder)
    headings = set()
    for page in SESSIONS[folder].pages:
        for node in built_page(built_site, page.url).css("article h1, article h2, article h3"):
            for link in node.css(".headerlink"):
                link.decompose()
            headings.add(node.text().strip())
    missing = [h for h in notes.headings() if h not in headings]
    assert not missing, f"headings of {notes.path} missing: {missing}; the pages have {sorted(headings)}"


@pytest.mark.every_session
@pytest.mark.parametrize("folder", list(SESSIONS))
def test_the_typos_are_fixed_and_no_placeholder_is_left(built_site: Path, folder: str) -> None:
    notes = notes_of(folder)
    text = session_text(built_site, folder)
    left = [s for s in [*notes.typo_fixes, *notes.replaced] if s in text]
    assert not left, f"{folder}: on the pages, though {notes.path.name} fixes or replaces them: {left}"


@pytest.mark.every_session
@pytest.mark.parametrize("path", NAV_PAGES)
def test_every_supplement_is_dated_once_and_sourced(built_site: Path, path: str) -> None:
    for box in built_page(built_site, path).css("article .supplement"):
        title = box.css_first(".admonition-title, summary")
        where = f"{path}: {title.text() if title else box.text()[:40]}"
        assert title is not None and DATED.search(title.text()), f"no dated title: {where}"
        body = box.text().replace(title.text(), "", 1)
        assert "追記" not in body, f"a separate 追記 date line in {where}"
        assert any(a.attributes["href"].startswith("https://") for a in box.css("a[href]")), f"no source in {where}"


@pytest.mark.every_session
@pytest.mark.parametrize("path", NAV_PAGES)
def test_at_most_one_supplement_per_section(built_site: Path, path: str) -> None:
    """A section is what an H1 or H2 opens (a slide); a quiz's explanation counts in its section."""
    article = built_page(built_site, path).css_first("article")
    sections: dict[str, int] = {}
    heading = "h1"
    for node in article.css("h1, h2, .supplement"):
        if node.tag not in ("h1", "h2"):
            sections[heading] = sections.get(heading, 0) + 1
        elif "quiz-results-title" not in (node.attributes.get("class") or ""):  # mkdocs-quiz's
            heading = node.attributes.get("id") or node.text()
    crowded = {h: n for h, n in sections.items() if n > 1}
    assert not crowded, f"{path}: sections with more than one supplement: {crowded}"


@pytest.mark.every_session
@pytest.mark.parametrize("folder", list(SESSIONS))
def test_the_session_is_one_click_from_home(built_site: Path, folder: str) -> None:
    first = SESSIONS[folder].pages[0].url
    home = built_page(built_site, "")
    hrefs = [a.attributes.get("href") or "" for a in home.css("article a[href]")]
    assert first in hrefs, f"the home page does not link {first}: {hrefs}"


# 第1回's own content ------------------------------------------------------------------------


def test_section_3_questions_are_numbered_one_to_four(built_site: Path) -> None:
    text = page_text((built_site / "session-01" / "which-service" / "index.html").read_text(encoding="utf-8"))
    positions = [text.find(q) for q in ("カメラで撮った画像", "動画配信サイト", "自社の工場", "700店舗")]
    assert -1 not in positions and positions == sorted(positions), positions


def test_the_notes_links_are_real_links(built_site: Path) -> None:
    hrefs = {}
    for html in built_site.rglob("index.html"):
        for a in HTMLParser(html.read_text(encoding="utf-8")).css("article a[href]"):
            hrefs.setdefault(a.text().strip(), set()).add(a.attributes["href"])
    for text, url in NOTES_LINKS.items():
        assert url in hrefs.get(text, set()), f"{text!r} should link {url}, has {hrefs.get(text)}"


def test_subsections_have_stable_readable_anchors(built_site: Path) -> None:
    html = built_page(built_site, "session-01/sagemaker/")
    ids = {node.attributes.get("id") for node in html.css("h2[id], h3[id]")}
    expected = {
        "2-1-parts",
        "2-1-1-studio",
        "2-1-2-labeling",
        "2-1-3-training",
        "2-1-4-hosting",
        "2-1-5-review",
        "2-2-partial-use",
        "2-3-beyond-sagemaker",
    }
    assert expected <= ids, sorted(ids)


def test_the_site_has_its_dated_supplements(built_site: Path) -> None:
    count = sum(len(built_page(built_site, page.url).css("article .supplement")) for page in nav_pages(CONFIG))
    assert count >= 8, f"only {count} dated supplements"


def test_session_one_keeps_its_notes_beside_it() -> None:
    notes = source_notes.load(PROJECT / "docs" / "session-01")
    assert notes.typo_fixes == {
        "Groud Truth": "Ground Truth",
        "Argumented AI": "Augmented AI",
        "用意するれば": "用意すれば",
    }
    assert len(notes.lines()) > 60, notes.lines()
