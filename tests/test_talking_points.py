"""Talking points (発表メモ): an organiser's notes per slide, in the presenter view and nowhere else.

A copy of the site gets talking points on a page of the first session, built
strictly and served: the presenter view shows them first among the slide's
notes, and scrolls long notes with ↓ and ↑; the reading page, the projected
slide, the search index and the handout never show them. Mistakes in the
syntax fail the build with the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import serve_site
from site_nav import sessions
from site_tools import CONFIG, CURRENT, mkdocs_build, site_copy

SESSION_PAGES = next(iter(sessions(CONFIG).values()))
PAGE = SESSION_PAGES[1]  # a page of the session after its first
LONG = [f"会場に問いかける話題その{n}を、時間を見て選んで話す" for n in range(1, 31)]
POINTS = (
    "<!-- 発表メモ\n" + "\n".join(f"- {point}" for point in LONG) + "\n-->\n\n<!-- 発表メモ：デモは録画で見せる -->\n"
)
FENCED = "```markdown\n<!-- 発表メモ ここは例なので表示されたまま -->\n```\n"


def source_of(project: Path, url: str) -> Path:
    return project / "docs" / (url.rstrip("/") + ".md" if url.rstrip("/") else "index.md")


def after_first_heading(page: Path, text: str) -> None:
    """TEXT below the page's first H2 (a slide of its own), after a blank line."""
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("## "))
    lines[at + 1 : at + 1] = ["", *text.rstrip("\n").split("\n")]
    page.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def organised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The copy with talking points, built and served: (site folder, URL)."""
    tmp = tmp_path_factory.mktemp("talking-points")
    project = site_copy(tmp)
    markdown = source_of(project, PAGE)
    if not markdown.exists():
        markdown = project / "docs" / PAGE.rstrip("/") / "index.md"
    after_first_heading(markdown, POINTS + "\n" + FENCED)
    site = tmp / "site"
    with serve_site.serve(site) as url:
        result = mkdocs_build(project, site, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        yield site, url


def test_talking_points_are_in_no_reader_s_text(organised: tuple[Path, str]) -> None:
    site, _ = organised
    reading = (site / PAGE / "index.html").read_text(encoding="utf-8")
    assert reading.count('class="slide-note talking-points"') + reading.count("class=slide-note talking-points") == 2
    assert "ここは例なので表示されたまま" in reading, "a 発表メモ inside a code fence was taken as one"
    for where in ("search/search_index.json", "print/index.html"):
        text = (site / where).read_text(encoding="utf-8")
        for point in (LONG[0], "デモは録画で見せる"):
            assert point not in text, f"a talking point is in {where}"


@pytest.mark.browser
def test_the_presenter_view_shows_them_first_and_scrolls_them(browser, organised: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    _, url = organised
    context = browser.new_context(base_url=url, locale="ja-JP", viewport={"width": 1280, "height": 800})
    reading = context.new_page()
    reading.goto(PAGE)
    reading.wait_for_selector(".presentation-start", state="attached")
    assert LONG[0] not in reading.locator("body").inner_text(), "a talking point is on the reading page"

    slides = context.new_page()
    slides.goto(f"{PAGE}?present")
    slides.wait_for_selector(CURRENT)
    view = context.new_page()
    view.set_viewport_size({"width": 1280, "height": 600})
    view.goto(f"{PAGE}?presenter")
    notes = view.locator(".presenter__notes-body")
    view.locator(".presenter__counter").wait_for()
    for _ in range(10):  # on to the first H2's slide, the slides window following
        if notes.locator(".talking-points").count():
            break
        before = view.locator(".presenter__counter").inner_text()
        view.keyboard.press("ArrowRight")
        view.wait_for_function("t => document.querySelector('.presenter__counter').textContent !== t", arg=before)
    notes.locator(".talking-points").first.wait_for()
    number = view.locator(".presenter__counter").inner_text()
    slides.wait_for_function("n => document.querySelector('.presentation-counter')?.textContent === n", arg=number)
    assert LONG[0] not in slides.locator(CURRENT).inner_text(), "a talking point is on the projected slide"
    first = notes.locator(":scope > *").first
    assert "talking-points" in (first.get_attribute("class") or ""), "the talking points are not first"
    assert LONG[0] in first.inner_text() and LONG[-1] in first.inner_text()
    assert "デモは録画で見せる" in notes.locator(".talking-points").nth(1).inner_text()

    panel = view.locator(".presenter__notes")
    assert panel.evaluate("el => el.scrollHeight > el.clientHeight + 50"), "the notes do not overflow: no test"
    view.keyboard.press("ArrowDown")
    view.keyboard.press("ArrowDown")
    down = panel.evaluate("el => el.scrollTop")
    assert down > 50, f"↓ did not scroll the notes ({down})"
    view.keyboard.press("ArrowUp")
    assert panel.evaluate("el => el.scrollTop") < down, "↑ did not scroll the notes back"
    assert view.locator(".presenter__counter").inner_text() == number, "↓ ↑ moved the slide"

    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    for scheme in ("light", "dark"):
        view.emulate_media(color_scheme=scheme)
        view.wait_for_function(
            "s => document.body.dataset.mdColorScheme === s", arg="slate" if scheme == "dark" else "default"
        )
        found = axe.run(view).response["violations"]
        assert not found, f"{scheme}: " + "; ".join(f"{v['id']}: {v['nodes'][0]['html'][:100]}" for v in found)
    context.close()


def test_mistakes_in_talking_points_fail_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    docs = project / "docs"
    pages = [source_of(project, url) for url in SESSION_PAGES[1:4]]
    for page in pages:
        assert page.exists(), page
    cases = {
        pages[0]: ("<!-- 発表メモ\n", "never closed"),  # runs to the page's end
        pages[1]: ("<!-- 発表メモ\n\n-->\n", "is empty"),
        pages[2]: ("- 項目\n\n    <!-- 発表メモ 字下げ -->\n", "must start its line"),
    }
    lines = {}
    for page, (text, _) in cases.items():
        body = page.read_text(encoding="utf-8").rstrip("\n")
        page.write_text(f"{body}\n\n{text}", encoding="utf-8")
        lines[page] = (
            body.count("\n") + 3 + text.split("\n").index(next(t for t in text.split("\n") if "発表メモ" in t))
        )
    result = mkdocs_build(project, project / "site", timeout=180)
    assert result.returncode != 0, "the broken copy built"
    for page, (_, what) in cases.items():
        where = f"{page.relative_to(docs).as_posix()}:{lines[page]}: "
        assert any(where in line and what in line for line in result.stderr.splitlines()), (where, what, result.stderr)
