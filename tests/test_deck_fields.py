"""A session's cover and closing fields (front matter of its first page): shown when set, and a bad
value fails the build at its line, saying how to fix it.

The walk over the deck (tests/test_deck_walk.py) checks that the cover and closing are there, with
QR codes that read; here, what the fields put on them.
"""

from __future__ import annotations

from pathlib import Path

from site_nav import nav_pages, sessions
from site_tools import CONFIG, built_page, make_cards, mkdocs_build, site_copy

FIRST_PAGES = [pages[0] for pages in sessions(CONFIG).values()]
LAST_PAGES = [pages[-1] for pages in sessions(CONFIG).values()]
FIRST_SOURCE = next(page.src for page in nav_pages(CONFIG) if page.url == FIRST_PAGES[0])
FIELDS = """date: 2026-12-10
organiser: 新SageMaker勉強会運営
hashtag: "#新SageMaker勉強会"
survey: https://forms.example.com/sagemaker-01
"""


def with_fields(project: Path, fields: str) -> tuple[Path, int]:
    """Session 1's first page with FIELDS at the top of its front matter; the line of the first field."""
    index = project / "docs" / FIRST_SOURCE
    text = index.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{index} has no front matter"
    index.write_text("---\n" + fields + text.removeprefix("---\n"), encoding="utf-8")
    return index, 2


def test_the_fields_are_on_the_cover_and_the_closing_and_nowhere_else(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    with_fields(project, FIELDS)
    # A date changes the session's share card: `make cards`, as the README says, before the build.
    cards = make_cards(project)
    assert cards.returncode == 0, cards.stdout + cards.stderr
    site = tmp_path / "site"
    result = mkdocs_build(project, site, SITE_URL="https://example.github.io/study/")
    assert result.returncode == 0, result.stderr
    first = built_page(site, FIRST_PAGES[0])
    cover = first.css_first("article > section.slide-cover")
    assert cover is not None, "no cover at the start of the first page"
    assert cover.attributes.get("data-slide", "-") in ("", None), "the cover is not the first slide (empty key)"
    assert "data-search-exclude" in cover.attributes
    meta = cover.css_first(".slide-cover__meta")
    assert meta is not None and meta.text(separator="|") == "2026年12月10日（木）|主催：新SageMaker勉強会運営"
    assert cover.css_first("svg").attributes["aria-label"].endswith("https://example.github.io/study/session-01/")
    closing = built_page(site, LAST_PAGES[0]).css_first("article > section.slide-closing")
    assert closing is not None, "no closing at the end of the last page"
    assert closing.attributes.get("data-slide") == "closing"
    links = {a.text(): a.attributes["href"] for a in closing.css("a")}
    assert links == {
        "https://example.github.io/study/slides/session-01.pdf": "../../slides/session-01.pdf",
        "https://forms.example.com/sagemaker-01": "https://forms.example.com/sagemaker-01",
    }, links
    assert "#新SageMaker勉強会" in closing.text()
    # No other page has them, and the handout keeps them out of print (hidden by presentation.css).
    for path in ("", "glossary/"):
        assert not built_page(site, path).css("section.slide-cover, section.slide-closing"), path


def test_a_bad_field_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    index, line = with_fields(
        project, "date: 2026/12/10\norganiser: 運営\nhashtag: #勉強会\nsurvey: http://forms.example.com/x\n"
    )
    result = mkdocs_build(project, tmp_path / "site", SITE_URL="https://example.github.io/study/")
    assert result.returncode != 0
    where = index.relative_to(project / "docs").as_posix()
    for number, field, fix in [
        (line, "date", "write it as 2026-12-10"),
        (line + 2, "hashtag", "quote it"),
        (line + 3, "survey", "https://"),
    ]:
        messages = [m for m in result.stderr.splitlines() if f"{where}:{number}: {field}:" in m]
        assert messages and fix in messages[0], f"no {where}:{number} message for {field}:\n{result.stderr}"
