"""A new session added word for word as the README says ("Adding a session"), proven on a copy.

The README's four code blocks (source notes, page, nav section, card) are taken from the README
itself, renumbered to the next free session (第2回 while there is none), and written where the
README says, in a copy of the site. The copy is built strictly; its nav, handout, search and deck
pick the session up, and no URL of the sessions before it changes. Then every test marked
`every_session` runs on the copy for the new session, in a pytest of its own (SITE_PROJECT names
the copy): the added marks against its own source notes, the notes on its pages, glossary links,
quizzes, the deck, the handout, axe and HTML validity.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import pytest

import serve_site
from site_nav import session_list
from site_tools import CURRENT, ROOT, built_page, make_cards, mkdocs_build, page_paths, site_copy

README = ROOT / "README.md"


class NewSession(NamedTuple):
    number: int
    folder: str  # "session-02"
    title: str  # its nav section's title
    project: Path
    site: Path
    url: str


def readme_blocks(section: str) -> list[str]:
    """The fenced code blocks of the README's SECTION, in order, less the indent of their fence (a list item's)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {section}")
    end = text.find("\n## ", start + 1)
    body = text[start : end if end != -1 else len(text)]
    blocks = re.findall(r"^( *)```\w*\n(.*?)^\1```$", body, re.DOTALL | re.MULTILINE)
    return ["".join(line.removeprefix(indent) for line in code.splitlines(keepends=True)) for indent, code in blocks]


def next_free_number(project: Path) -> int:
    numbers = [int(m[1]) for s in session_list(project / "mkdocs.yml") if (m := re.match(r"第(\d+)回", s.title))]
    return max(numbers, default=0) + 1


def add_session(project: Path) -> tuple[int, str, str]:
    """The README's four steps, as an organiser follows them; returns (number, folder, nav title)."""
    blocks = readme_blocks("Adding a session")
    assert len(blocks) == 4, f"the README's 'Adding a session' should show 4 code blocks, has {len(blocks)}"
    number = next_free_number(project)
    folder = f"session-{number:02d}"

    def renumbered(block: str) -> str:
        return block.replace("第2回", f"第{number}回").replace("session-02", folder)

    notes, page, nav, card = map(renumbered, blocks)
    # 1. The speaker's source notes, in docs/session-02/source-notes.md.
    (project / "docs" / folder).mkdir()
    (project / "docs" / folder / "source-notes.md").write_text(notes, encoding="utf-8")
    # 2. The pages: docs/session-02/index.md.
    (project / "docs" / folder / "index.md").write_text(page, encoding="utf-8")
    # 3. A nav section in mkdocs.yml, after the last session's.
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if re.match(r"  - 第\d+回", line))
    after = next(i for i in range(last + 1, len(lines)) if lines[i].startswith("  - "))
    config.write_text("".join([*lines[:after], nav, *lines[after:]]), encoding="utf-8")
    # 4. A card at the end of the home page's cards.
    home = project / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    cards_end = text.index("\n</div>", text.index('<div class="grid cards"'))
    home.write_text(f"{text[:cards_end]}\n{card}{text[cards_end:]}", encoding="utf-8")
    title = re.match(r"\s*- (.+):", nav)
    assert title, nav
    return number, folder, title[1]


@pytest.fixture(scope="module")
def new_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NewSession]:
    """The copy with the new session, built strictly for the loopback server that serves it."""
    project = site_copy(tmp_path_factory.mktemp("new-session"))
    number, folder, title = add_session(project)
    # Then, as the README goes on: `make cards` draws the new session's share card.
    cards = make_cards(project)
    assert cards.returncode == 0, cards.stdout + cards.stderr
    site = project.parent / "site"
    with serve_site.serve(site) as url:
        result = mkdocs_build(project, site, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        yield NewSession(number, folder, title, project, site, url)


def test_the_readme_steps_make_a_session_the_nav_knows(new_session: NewSession) -> None:
    found = session_list(new_session.project / "mkdocs.yml")
    assert found[-1].title == new_session.title, found
    assert found[-1].folder == new_session.folder
    assert [p.url for p in found[-1].pages] == [f"{new_session.folder}/"]


def test_no_url_of_the_earlier_sessions_changes(new_session: NewSession, built_site: Path) -> None:
    before, after = set(page_paths(built_site)), set(page_paths(new_session.site))
    assert before <= after, f"gone: {sorted(before - after)}"
    assert sorted(after - before) == [f"{new_session.folder}/"]
    handout_ids = {
        path: {node.attributes["id"] for node in built_page(path, "print/").css("section.print-page[id]")}
        for path in (built_site, new_session.site)
    }
    assert handout_ids[built_site] <= handout_ids[new_session.site], "an earlier anchor of the handout changed"


def test_the_nav_and_the_home_page_link_it(new_session: NewSession) -> None:
    for path in ("", "session-01/", f"{new_session.folder}/"):
        page = built_page(new_session.site, path)
        links = {urljoin(f"http://site/{path}", a.attributes.get("href") or "") for a in page.css("nav a.md-nav__link")}
        assert f"http://site/{new_session.folder}/" in links, (path, links)
        # A one-page section: its <nav> is labelled by an element that is there (axe, Nu checker).
        for nav in page.css("nav.md-nav[aria-labelledby]"):
            label = nav.attributes["aria-labelledby"]
            assert page.css_first(f"#{label}") is not None, f"/{path}: <nav> labelled by a missing #{label}"
    home_links = [a.attributes.get("href") for a in built_page(new_session.site, "").css("article a")]
    assert f"{new_session.folder}/" in home_links, home_links


def test_the_handout_has_it_as_a_chapter_of_its_own(new_session: NewSession) -> None:
    handout = built_page(new_session.site, "print/")
    chapters = [node.text(strip=True) for node in handout.css("section.print-page.md-section > h1")]
    assert new_session.title in chapters, chapters
    toc = [a.attributes.get("href") for a in handout.css("#print-page-toc nav ul a")]
    assert f"#{new_session.folder}" in toc, toc
    description = handout.css_first('meta[name="description"]').attributes["content"]
    assert f"第{new_session.number}回" in description, description


def test_search_and_the_deck_have_it(new_session: NewSession) -> None:
    index = json.loads((new_session.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = {doc["location"] for doc in index["docs"] if "SageMaker Studioを触ってみる回" in doc["text"]}
    assert any(location.startswith(f"{new_session.folder}/") for location in hits), hits
    decks = json.loads((new_session.site / "assets" / "presentation" / "decks.json").read_text(encoding="utf-8"))
    deck = next(d for d in decks["decks"] if d["title"] == new_session.title)
    assert deck["minutes"] == 60, deck
    assert {slide["url"] for slide in deck["slides"]} == {f"{new_session.folder}/"}, deck


def test_the_glossary_terms_are_linked_by_the_build(new_session: NewSession) -> None:
    page = built_page(new_session.site, f"{new_session.folder}/")
    linked = {a.text(strip=True): a.attributes.get("href") for a in page.css("article a[href*='glossary/#']")}
    for term, entry in (
        ("JupyterLab", "jupyterlab"),
        ("IAMロール", "iam-role"),
        ("IAM Identity Center", "iam-identity-center"),
    ):
        assert linked.get(term, "").endswith(f"glossary/#{entry}"), f"{term!r} is not linked to its entry: {linked}"


def test_presentation_mode_runs_it_as_its_own_deck(new_session: NewSession, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=new_session.url, locale="ja-JP", viewport={"width": 1280, "height": 720})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{new_session.folder}/?present")
        page.wait_for_selector(CURRENT)
        counter = page.locator(".presentation-counter").inner_text()
        assert counter.startswith("1 /"), counter
    finally:
        context.close()


def test_every_session_check_passes_on_it(new_session: NewSession) -> None:
    """The suite's own checks of a session's content, run on the new one (a pytest of its own)."""
    env = {
        **os.environ,
        "SITE_PROJECT": str(new_session.project),
        "SITE_BUILT_DIR": str(new_session.site),  # the strict build the fixture made and serves
        "SITE_BUILT_URL": new_session.url,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            "every_session",
            "-k",
            new_session.folder,
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = int(m[1]) if (m := re.search(r"(\d+) passed", summary)) else 0
    assert passed >= 15, f"only {passed} checks ran on {new_session.folder}: {summary}"
    # A check may not apply (a session with no diagram has none to zoom), but the notes' checks always do.
    assert "no source notes" not in result.stdout, result.stdout[-3000:]
