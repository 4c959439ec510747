"""Offline reading (overrides/hooks/offline.py, offline.js): after one visit, the whole site with the network gone.

The tests share two builds of a copy of the site (`mkdocs build`, which makes sw.js:
A, and B with one paragraph more), served on a loopback server whose root can be
switched to another build, as a host does when a new version is published. Going
offline is both: the browser context is set offline and the server is left with nothing to serve. `make serve` is checked to register no worker.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

import serve_site
from site_nav import nav_pages, session_pages
from site_tools import (
    CURRENT,
    ROOT,
    append,
    built_page,
    drawn_diagrams,
    mkdocs_build,
    page_paths,
    site_copy,
    type_query,
)

READY = "オフラインでも読めます"
SAVING = "オフライン用に保存しています…"
# Every text the footer's status line shows, in order (an init script: from the first paint on).
SAID = """window.offlineSaid = [];
new MutationObserver(() => {
  const text = document.querySelector("[data-offline-status]")?.textContent;
  if (text && text !== window.offlineSaid.at(-1)) window.offlineSaid.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });"""
UPDATE = "新しい版があります"
RELOAD = "再読み込み"
OFFLINE_PAGE = "このページは保存されていません"
QUERY = "推論"
# The changed paragraph of build B (test_a_new_build_waits_for_the_reader).
SECOND_EDITION = "第2版で書き足した段落です。"


@contextmanager
def switchable_server(tmp_path: Path) -> Iterator[tuple[str, Callable[[Path], None]]]:
    """serve_site's gzip server on loopback, its root a symlink that `switch(site_dir)` repoints at once."""
    root, empty = tmp_path / "served", tmp_path / "empty"
    empty.mkdir()
    root.symlink_to(empty, target_is_directory=True)

    def switch(site_dir: Path) -> None:
        new = tmp_path / "served.new"
        new.symlink_to(site_dir, target_is_directory=True)
        os.replace(new, root)

    with serve_site.serve(root) as url:
        yield url, switch


def build(project: Path, site_dir: Path, url: str) -> None:
    result = mkdocs_build(project, site_dir, SITE_URL=url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site_dir / "sw.js").is_file(), "mkdocs build made no service worker"


def new_context(browser, url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=url, locale="ja-JP")
    context.set_default_timeout(20_000)
    return context


def wait_ready(page) -> None:  # type: ignore[no-untyped-def]
    """The footer's 「オフラインでも読めます」: the worker controls the page, its precache complete."""
    page.locator("[data-offline-status]").get_by_text(READY).wait_for(timeout=60_000)


def h1(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def search_results(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.locator(".md-search__input").click()  # opens the search dialog
    type_query(page, query)
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def follow_next_link(page) -> None:  # type: ignore[no-untyped-def]
    """From the session's first page, the footer's link to the second: an instant navigation (the document stays)."""
    second = session_pages()[1]
    page.evaluate("window.offlineMarker = 1")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(f"**/{second.url}")
    page.wait_for_function("t => document.querySelector('article h1')?.textContent.includes(t)", arg=second.title)
    assert page.evaluate("window.offlineMarker") == 1, "the click loaded the page anew: no instant navigation"


@pytest.mark.browser
def test_after_one_visit_the_whole_site_reads_offline(browser, two_builds) -> None:  # type: ignore[no-untyped-def]
    url, switch, site, _, _ = two_builds
    switch(site)
    context = new_context(browser, url)
    page = context.new_page()
    page.add_init_script(SAID)
    page.goto("")
    wait_ready(page)
    said = page.evaluate("window.offlineSaid")
    assert said[:1] == [SAVING] and said[-1] == READY, f"the footer said {said}, not saving, then ready"
    context.set_offline(True)
    switch(site.parent / "empty")  # and the server has nothing (switchable_server's empty root)
    try:
        paths = page_paths(site)
        nav = {p.url for p in nav_pages()}
        assert nav <= set(paths), nav - set(paths)
        assert {"print/", "guide/presenting/", "offline/"} <= set(paths), paths
        for path in paths:
            page.goto(path)
            expected = built_page(site, path).css_first("article h1")
            assert expected is not None, path
            assert h1(page) == expected.text().replace("¶", "").strip(), path
            if built_page(site, path).css_first("article div.mermaid") is not None:
                page.wait_for_function(f"{drawn_diagrams('article')} > 0")

        # Instant navigation (fetch of the next page and of sitemap.xml): the document stays.
        first = session_pages()[0]
        page.goto(first.url)
        follow_next_link(page)
        page.locator("[data-offline-status]").get_by_text(READY).wait_for()  # the swapped footer says it too

        # Search: the index and its worker come from the precache.
        page.goto("")
        results = search_results(page, QUERY)
        assert results, f"no result for {QUERY}"
        found = page.locator(".md-search-result__link").first
        title = found.locator("h1").inner_text()
        found.click()  # ?h=…: the page's precached copy all the same
        page.wait_for_url("**?h=*")
        page.wait_for_function(
            "t => document.querySelector('.md-content article h1')?.textContent.includes(t)", arg=title
        )

        # A quiz keeps its answer across a reload.
        quiz_path = next(p for p in paths if p != "print/" and built_page(site, p).css_first("article .quiz"))
        page.goto(quiz_path)
        quiz = page.locator("article .quiz").first
        quiz.locator(".quiz-reset-button").wait_for(state="attached")
        right = quiz.locator("input[data-correct]")
        for index in range(right.count()):
            quiz.locator(f"label[for='{right.nth(index).get_attribute('id')}']").click()
        quiz.locator("button.quiz-button[type=submit]").click()
        quiz.locator(".quiz-feedback .quiz-feedback-item.correct").first.wait_for()
        page.reload()
        quiz = page.locator("article .quiz").first
        quiz.locator(".quiz-feedback .quiz-feedback-item.correct").first.wait_for()
        assert quiz.locator("input[data-correct]").first.is_checked()

        # Presentation mode and the presenter view.
        page.goto(f"{first.url}?present")
        page.locator(CURRENT).wait_for()
        page.goto(f"{first.url}?presenter")
        page.locator(".presenter__counter").wait_for()
        page.frame_locator("iframe").first.locator(CURRENT).wait_for()

        # A page that was never published: the Japanese offline page, not the browser's error.
        page.goto("session-01/no-such-page/")
        assert h1(page) == OFFLINE_PAGE
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == "rgb(64, 81, 181)", f"the offline page has no styles at this address: {header}"
        page.get_by_role("link", name="ホームへ戻る").wait_for()
        # Search there finds the site's index, two folders deep as at the top (Material reads its own root).
        page.set_viewport_size({"width": 1280, "height": 800})
        assert search_results(page, QUERY), "no search results on the offline page"
    finally:
        context.close()


@pytest.mark.browser
def test_a_first_visit_that_cannot_keep_the_site_does_not_say_saving_for_ever(
    browser, two_builds, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A file of the precache is gone from the server (as when the network drops mid-way): the install fails,
    and the footer neither claims the site is kept nor says it is still saving."""
    url, switch, site_a, _, _ = two_builds
    site = tmp_path / "site"
    shutil.copytree(site_a, site)
    (site / "assets" / "presentation" / "decks.json").unlink()
    switch(site)
    context = new_context(browser, url)
    page = context.new_page()
    try:
        page.add_init_script(SAID)
        page.goto("")
        page.wait_for_function("() => window.offlineSaid.length > 0")  # it started saving
        status = page.locator("[data-offline-status]")
        expect(status).to_be_hidden(timeout=30_000)
        assert page.evaluate("window.offlineSaid") == [SAVING]
        assert page.evaluate("navigator.serviceWorker.controller") is None
    finally:
        context.close()


@pytest.mark.browser
def test_a_site_under_a_sub_path_keeps_its_worker_there(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As on GitHub Pages (https://OWNER.github.io/REPO/): the worker's scope, and the offline page's <base>."""
    site, parent = tmp_path / "site", tmp_path / "host"
    parent.mkdir()
    (parent / "repo").symlink_to(site, target_is_directory=True)
    with switchable_server(tmp_path) as (url, switch):
        build(ROOT, site, url + "repo/")
        switch(parent)
        context = new_context(browser, url)
        page = context.new_page()
        page.goto(f"repo/{session_pages()[0].url}")
        wait_ready(page)
        scopes = page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.map(x => x.scope))")
        assert scopes == [url + "repo/"], scopes
    context.set_offline(True)
    try:
        page.goto("repo/no-such-page/")
        assert h1(page) == OFFLINE_PAGE
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == "rgb(64, 81, 181)", f"the offline page has no styles under the sub-path: {header}"
        page.goto(f"repo/{session_pages()[1].url}")
        assert h1(page) == session_pages()[1].title
    finally:
        context.close()


@pytest.fixture(scope="module")
def two_builds(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Callable[[Path], None], Path, Path, str]]:
    """Builds A and B of a copy of the site (B with a paragraph added to one page), and the server."""
    tmp = tmp_path_factory.mktemp("two-builds")
    project = site_copy(tmp)
    changed = session_pages()[-1]
    with switchable_server(tmp) as (url, switch):
        build(project, tmp / "a", url)
        append(project / "docs" / changed.src, SECOND_EDITION + " { .added }")
        build(project, tmp / "b", url)
        assert (tmp / "a" / "sw.js").read_bytes() != (tmp / "b" / "sw.js").read_bytes(), "B's precache is A's"
        yield url, switch, tmp / "a", tmp / "b", changed.url


def visit_then_publish_b(browser, two_builds):  # type: ignore[no-untyped-def]
    """A reader who has the site (A) comes back after B is published: the notice is up."""
    url, switch, site_a, site_b, changed = two_builds
    switch(site_a)
    context = new_context(browser, url)
    page = context.new_page()
    page.goto(changed)
    wait_ready(page)
    switch(site_b)
    page.reload()
    page.get_by_role("status").get_by_text(UPDATE).wait_for(timeout=60_000)
    return context, page


def search_index(page, url: str) -> str:  # type: ignore[no-untyped-def]
    """The search index the page gets when it fetches it, its text unescaped."""
    raw = page.evaluate("u => fetch(u).then(r => r.text())", url + "search/search_index.json")
    return json.dumps(json.loads(raw), ensure_ascii=False)


@pytest.mark.browser
def test_a_new_build_waits_for_the_reader(browser, two_builds) -> None:  # type: ignore[no-untyped-def]
    url, _, _, _, changed = two_builds
    context, page = visit_then_publish_b(browser, two_builds)
    try:
        # The server now has B; until the click, every page and file is A's.
        with urllib.request.urlopen(url + "search/search_index.json", timeout=10) as response:
            assert SECOND_EDITION in json.dumps(json.load(response), ensure_ascii=False), "the server does not serve B"
        assert SECOND_EDITION not in page.locator("article").inner_text()
        assert SECOND_EDITION not in search_index(page, url)
        page.goto("")
        page.get_by_role("status").get_by_text(UPDATE).wait_for()  # on every page while B waits
        page.goto(changed)
        assert SECOND_EDITION not in page.locator("article").inner_text()
        page.get_by_role("status").get_by_text(UPDATE).wait_for()
        page.evaluate("window.notReloaded = 1")
        page.wait_for_timeout(1500)
        assert page.evaluate("window.notReloaded") == 1, "the page reloaded by itself"
        assert SECOND_EDITION not in page.locator("article").inner_text()

        page.get_by_role("button", name=RELOAD).click()
        page.wait_for_function("() => window.notReloaded === undefined")  # reloaded
        page.get_by_text(SECOND_EDITION).wait_for()
        assert SECOND_EDITION in search_index(page, url)
        assert page.locator(".offline-update").count() == 0
        wait_ready(page)
    finally:
        context.close()


@pytest.mark.browser
def test_a_click_before_the_worker_starts_still_keeps_the_site(browser, two_builds) -> None:  # type: ignore[no-untyped-def]
    """A reader follows a link (instant navigation) before the idle callback that starts offline.js: from the
    session's first page to a page one folder deeper. The worker still registers, and the footer says so."""
    url, switch, site_a, _, _ = two_builds
    switch(site_a)
    context = new_context(browser, url)
    page = context.new_page()
    try:
        # The browser stays busy until the test says it is idle.
        page.add_init_script("window.requestIdleCallback = (start) => { window.becomeIdle = start; return 1; };")
        # Material takes a link over once it has the sitemap: wait for it, as a reader's click comes later.
        with page.expect_response("**/sitemap.xml"):
            page.goto(session_pages()[0].url)
        follow_next_link(page)
        page.evaluate("window.becomeIdle()")
        wait_ready(page)
    finally:
        context.close()


@pytest.mark.browser
def test_the_notice_can_wait_and_never_shows_on_a_slide(browser, two_builds) -> None:  # type: ignore[no-untyped-def]
    """あとで closes it for this page; a slide on the projector never shows it, though the new version waits."""
    _, _, _, _, changed = two_builds
    context, page = visit_then_publish_b(browser, two_builds)
    notice = page.locator(".offline-update")
    try:
        page.get_by_role("button", name="あとで").click()
        assert notice.is_hidden()
        assert SECOND_EDITION not in page.locator("article").inner_text(), "closing it is no update"
        page.goto(changed + "?present")
        page.wait_for_selector(CURRENT)
        page.wait_for_function("() => document.querySelector('.offline-update p')?.textContent")  # it was offered
        assert notice.is_hidden(), "the notice is on the slide"
    finally:
        context.close()


@pytest.mark.browser
def test_every_open_tab_follows_a_reload_taken_in_another(browser, two_builds) -> None:  # type: ignore[no-untyped-def]
    """Two tabs show the notice; 再読み込み in one: the other follows to B, its notice gone with the old page."""
    url, switch, site_a, site_b, changed = two_builds
    switch(site_a)
    context = new_context(browser, url)
    try:
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            tab.goto(changed)
        wait_ready(first)
        switch(site_b)
        for tab in (first, second):
            tab.reload()
            tab.get_by_role("status").get_by_text(UPDATE).wait_for(timeout=60_000)
        second.evaluate("window.notReloaded = 1")

        first.get_by_role("button", name=RELOAD).click()
        first.get_by_text(SECOND_EDITION).wait_for()
        second.wait_for_function("() => window.notReloaded === undefined")  # it reloaded by itself
        second.get_by_text(SECOND_EDITION).wait_for()
        assert second.locator(".offline-update").count() == 0, "the other tab still offers the update"
    finally:
        context.close()


@pytest.mark.browser
def test_a_failed_update_check_leaves_the_reader_on_the_old_version_whole(browser, two_builds, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """B is published without its sw.js (404), with a page A did not have: the reader keeps A, every page of it,
    and a page only B has is not fetched into A's nav: the precached page says it is not in this version."""
    url, switch, site_a, site_b, changed = two_builds
    broken = tmp_path / "b-without-worker"
    shutil.copytree(site_b, broken, symlinks=True)
    (broken / "sw.js").unlink()
    shutil.copytree(broken / changed, broken / "only-in-b")  # B's page, B's nav
    switch(site_a)
    context = new_context(browser, url)
    try:
        page = context.new_page()
        page.goto(changed)
        wait_ready(page)
        switch(broken)
        page.reload()
        checked = page.evaluate(
            "navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => 'updated', e => e.name)"
        )
        assert checked == "TypeError", f"the update check did not fail on the missing sw.js: {checked}"
        page.goto("only-in-b/")
        assert h1(page) == OFFLINE_PAGE, "a page of B came from the network into A's version"
        page.goto(changed)
        assert SECOND_EDITION not in page.locator("article").inner_text(), "B's text in A's page"
        page.goto("")
        assert page.locator(".offline-update").count() == 0, "no new version is installed: no notice"
        assert page.evaluate("navigator.serviceWorker.controller !== null"), "A's worker still answers"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_offline_states_have_no_axe_violations(browser, two_builds, scheme: str) -> None:  # type: ignore[no-untyped-def]
    sync_axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    context, page = visit_then_publish_b(browser, two_builds)
    try:
        page.emulate_media(color_scheme=scheme)
        expected = "slate" if scheme == "dark" else "default"
        page.wait_for_function(f"document.body.dataset.mdColorScheme === '{expected}'")
        page.get_by_role("button", name=RELOAD).wait_for()
        wait_ready(page)  # both states on screen
        found = sync_axe.Axe().run(page).response["violations"]
        assert not found, [f"{v['id']}: {[n['html'][:120] for n in v['nodes'][:3]]}" for v in found]
    finally:
        context.close()


def test_the_manifest_names_the_site_in_japanese_with_its_icons() -> None:
    import yaml

    manifest = json.loads((ROOT / "docs" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "ja" and manifest["display"] == "standalone" and manifest["start_url"] == "./"
    assert "勉強会" in manifest["name"], manifest["name"]
    # The header's colour: Material's indigo, the primary of every scheme in mkdocs.yml.
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert {scheme["primary"] for scheme in config["theme"]["palette"]} == {"indigo"}
    assert manifest["theme_color"] == "#4051b5"
    assert '<meta name="theme-color" content="#4051b5">' in (ROOT / "overrides" / "main.html").read_text()
    sizes = set()
    for icon in manifest["icons"]:
        png = (ROOT / "docs" / icon["src"]).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), icon["src"]
        width, height = struct.unpack(">II", png[16:24])
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png", icon
        sizes.add(width)
    assert sizes == {192, 512}, sizes


def test_a_build_without_workbox_build_fails_saying_npm_ci(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    (project / "node_modules").unlink(missing_ok=True)  # site_copy links the real one
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "overrides/hooks/offline.py: node_modules/workbox-build is missing: run `npm ci`" in result.stderr, (
        result.stderr
    )
