"""The speaker's notes are on the site, nearly line for line, with only the agreed fixes.

The notes and the typo fixes are scripts/speaker_notes.py's (tests/data/speaker-notes.md is an
unedited copy of the notes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_nav import nav_pages
from site_tools import built_page, page_paths
from speaker_notes import TYPO_FIXES, notes_headings, notes_lines, seed_text
from speaker_notes import article_text as page_text

NOTES_LINKS = {
    "AWS での機械学習": "https://aws.amazon.com/jp/machine-learning/",
    "Amazon SageMaker": "https://aws.amazon.com/jp/sagemaker/",
}
DATED = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


@pytest.fixture(scope="module")
def site_text(built_site: Path) -> str:
    pages = [built_site / path / "index.html" for path in page_paths(built_site)]
    return "\n".join(page_text(p.read_text(encoding="utf-8")) for p in pages)


def test_every_line_of_the_notes_is_on_the_site(site_text: str) -> None:
    squashed = re.sub(r"\s+", "", site_text)
    missing = [line for line in notes_lines(seed_text()) if re.sub(r"\s+", "", line) not in squashed]
    assert not missing, f"lines of the notes not found on the site: {missing}"


def test_every_heading_of_the_notes_is_a_heading(built_site: Path) -> None:
    headings = set()
    for html in built_site.rglob("index.html"):
        for node in HTMLParser(html.read_text(encoding="utf-8")).css("article h1, article h2, article h3"):
            for link in node.css(".headerlink"):
                link.decompose()
            headings.add(node.text().strip())
    missing = [h for h in notes_headings(seed_text()) if h not in headings]
    assert not missing, f"headings of the notes missing: {missing}; site has {sorted(headings)}"


def test_the_typos_are_fixed_and_no_image_placeholder_is_left(site_text: str) -> None:
    for wrong in [*TYPO_FIXES, "[画像"]:
        assert wrong not in site_text


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


def test_every_supplement_is_dated_once_and_sourced(built_site: Path) -> None:
    count = 0
    for html in built_site.rglob("index.html"):
        for box in HTMLParser(html.read_text(encoding="utf-8")).css("article .supplement"):
            title = box.css_first(".admonition-title, summary")
            where = f"{html.relative_to(built_site)}: {title.text() if title else box.text()[:40]}"
            assert title is not None and DATED.search(title.text()), f"no dated title: {where}"
            body = box.text().replace(title.text(), "", 1)
            assert "追記" not in body, f"a separate 追記 date line in {where}"
            assert any(a.attributes["href"].startswith("https://") for a in box.css("a[href]")), f"no source in {where}"
            count += 1
    assert count >= 8, f"only {count} dated supplements"


def test_at_most_one_supplement_per_section(built_site: Path) -> None:
    """A section is what an H1 or H2 opens (a slide); a quiz's explanation counts in its section."""
    for path in (page.url for page in nav_pages()):
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


def test_session_one_is_one_click_from_home(built_site: Path) -> None:
    home = built_page(built_site, "")
    assert any(a.attributes["href"].rstrip("/").endswith("session-01") for a in home.css("article a[href]"))
