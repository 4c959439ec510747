"""第2回 in the README's three steps ("Adding a session"), proven on a copy of the site.

A dummy session-02 is added to a temporary copy exactly as the README says, and
the copy is built strictly. Its pages, the nav, the handout, search and
presentation mode pick it up with no code change, and no URL of 第1回 changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

import make_cards
import serve_site
from site_nav import sessions
from site_tools import CURRENT, built_page, mkdocs_build, page_paths, site_copy

WORD = "ゾウリムシ推論"  # a word no page of 第1回 has, to find in search
INDEX = """---
title: 第2回の目的
description: ダミーの第2回です。
talk_minutes: 45
---

# 第2回 新SageMaker勉強会 テストの回

## 第2回の目的 {#aims}

テスト用の回です。

## この回の流れ {#outline}

トレーニングの各論を扱います。
"""
TRAINING = f"""---
title: 1. トレーニング
description: ダミーの第2回の1ページめです。
---

# 1. トレーニング

## 学習ジョブ {{#jobs}}

{WORD}の話をします。
"""
NAV = """  - 第2回 トレーニングざっくり:
      - 第2回の目的: session-02/index.md
      - 1. トレーニング: session-02/training.md
"""
CARD = """
- **[第2回 トレーニングざっくり](session-02/index.md)**

    ---

    テスト用の回です。
"""


def add_session_02(project: Path) -> None:
    """The README's steps, as an organiser would follow them."""
    # 1. Create docs/session-02/index.md and its other pages, with title and description; talk_minutes on the first.
    (project / "docs" / "session-02").mkdir()
    (project / "docs" / "session-02" / "index.md").write_text(INDEX, encoding="utf-8")
    (project / "docs" / "session-02" / "training.md").write_text(TRAINING, encoding="utf-8")
    # 2. In mkdocs.yml, a nav section after 第1回's, its title starting 「第2回」.
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("  - 第1回"))
    after = next(i for i in range(first + 1, len(lines)) if lines[i].startswith("  - "))
    config.write_text("".join([*lines[:after], NAV, *lines[after:]]), encoding="utf-8")
    # 3. Link it from docs/index.md (a card beside 第1回's).
    home = project / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    cards_end = text.index("\n</div>", text.index('<div class="grid cards"'))
    home.write_text(text[:cards_end] + CARD + text[cards_end:], encoding="utf-8")
    # ... and `make cards` draws its share card (until then the build fails and says so).
    assert make_cards.main(["--config-file", str(config)]) == 0


@pytest.fixture(scope="module")
def served_session_02(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """The copy with 第2回, built strictly for the loopback server that serves it: (project, site, URL)."""
    project = site_copy(tmp_path_factory.mktemp("session-02"))
    add_session_02(project)
    site = project.parent / "site"
    with serve_site.serve(site) as url:
        result = mkdocs_build(project, site, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        yield project, site, url


@pytest.fixture(scope="module")
def session_02_site(served_session_02: tuple[Path, Path, str]) -> tuple[Path, Path]:
    return served_session_02[0], served_session_02[1]


def test_the_steps_make_a_session_the_nav_knows(session_02_site: tuple[Path, Path]) -> None:
    project, _ = session_02_site
    found = sessions(project / "mkdocs.yml")
    assert list(found)[-1] == "第2回 トレーニングざっくり", found
    assert found["第2回 トレーニングざっくり"] == ["session-02/", "session-02/training/"]


def test_no_url_of_session_01_changes(session_02_site: tuple[Path, Path], built_site: Path) -> None:
    _, site = session_02_site
    before, after = set(page_paths(built_site)), set(page_paths(site))
    assert before <= after, f"gone: {sorted(before - after)}"
    assert sorted(after - before) == ["session-02/", "session-02/training/"]
    handout_ids = {
        path: {node.attributes["id"] for node in built_page(path, "print/").css("section.print-page[id]")}
        for path in (built_site, site)
    }
    assert handout_ids[built_site] <= handout_ids[site], "a 第1回 anchor of the handout changed"


def test_the_nav_and_the_home_page_link_it(session_02_site: tuple[Path, Path]) -> None:
    _, site = session_02_site
    for path in ("", "session-01/", "session-02/training/"):
        page = built_page(site, path)
        sections = [node.text(strip=True) for node in page.css("nav.md-nav--primary nav > label.md-nav__title")]
        assert "第2回 トレーニングざっくり" in sections, (path, sections)
        links = {urljoin(f"http://site/{path}", a.attributes.get("href") or "") for a in page.css("nav a.md-nav__link")}
        assert "http://site/session-02/training/" in links, (path, links)
    home_links = [a.attributes.get("href") for a in built_page(site, "").css("article a")]
    assert "session-02/" in home_links, home_links


def test_the_handout_has_it_as_a_chapter_of_its_own(session_02_site: tuple[Path, Path]) -> None:
    _, site = session_02_site
    handout = built_page(site, "print/")
    chapters = [node.text(strip=True) for node in handout.css("section.print-page.md-section > h1")]
    assert chapters[:2] == ["第1回 機械学習系サービスと新SageMakerざっくり", "第2回 トレーニングざっくり"], chapters
    toc = [a.attributes.get("href") for a in handout.css("#print-page-toc nav ul a")]
    assert "#session-02" in toc and "#session-02-training" in toc, toc
    assert WORD in handout.css_first("#session-02-training").text()
    description = handout.css_first('meta[name="description"]').attributes["content"]
    assert "第1回・第2回" in description, description


def test_search_finds_its_pages(session_02_site: tuple[Path, Path]) -> None:
    _, site = session_02_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = {doc["location"] for doc in index["docs"] if WORD in doc["text"]}
    assert any(location.startswith("session-02/training/") for location in hits), hits


def test_presentation_mode_runs_it_as_its_own_deck(served_session_02: tuple[Path, Path, str], browser) -> None:  # type: ignore[no-untyped-def]
    _, site, url = served_session_02
    decks = json.loads((site / "assets" / "presentation" / "decks.json").read_text(encoding="utf-8"))["decks"]
    deck = next(d for d in decks if d["title"] == "第2回 トレーニングざっくり")
    assert deck["minutes"] == 45, deck
    assert [slide["url"] for slide in deck["slides"]] == ["session-02/"] * 3 + ["session-02/training/"] * 2, deck
    context = browser.new_context(base_url=url, locale="ja-JP", viewport={"width": 1280, "height": 720})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("session-02/?present")
        page.wait_for_selector(CURRENT)
        for _ in range(3):
            page.keyboard.press("PageDown")
        page.wait_for_url(re.compile(r"/session-02/training/\?present"))
        page.wait_for_selector(CURRENT)
        assert "トレーニング" in page.locator(CURRENT).inner_text()
    finally:
        context.close()
