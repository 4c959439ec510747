"""The presenter view (`?presenter`): current and next slide, notes, timer, clock, and two windows in step.

A presenter on one laptop with a projector opens the slides on the projector
and the presenter view on the laptop, and runs the talk from either; both
windows must follow each other across pages and reloads, and the notes must
hold every 2026 supplement of the session.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_nav import sessions
from site_tools import CURRENT, SETTLED, built_page

pytestmark = pytest.mark.browser

SESSION_PAGES = next(iter(sessions().values()))
LAPTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1920, "height": 1080}


def number_in(page) -> int:  # type: ignore[no-untyped-def]
    """The session's slide number the window shows: the slides' counter, or the presenter view's."""
    selector = ".presenter__counter" if "presenter" in page.url else ".presentation-counter"
    text = page.locator(selector).inner_text()
    match = re.fullmatch(r"(\d+) / (\d+)", text.strip())
    assert match, f"{selector} reads {text!r}"
    return int(match[1])


def wait_at(page, n: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        """n => { const el = document.querySelector(location.search.includes('presenter')
                   ? '.presenter__counter' : '.presentation-counter');
                 return el && el.textContent.startsWith(n + ' /'); }""",
        arg=n,
    )


@pytest.fixture()
def two_windows(browser, site_url: str):  # type: ignore[no-untyped-def]
    """The slides (projector) and the presenter view (laptop) in one browser context."""
    context = browser.new_context(base_url=site_url, locale="ja-JP")
    context.set_default_timeout(15_000)
    slides = context.new_page()
    slides.set_viewport_size(PROJECTOR)
    slides.goto(f"{SESSION_PAGES[0]}?present")
    slides.wait_for_selector(CURRENT)
    presenter = context.new_page()
    presenter.set_viewport_size(LAPTOP)
    presenter.goto(f"{SESSION_PAGES[0]}?presenter")
    presenter.wait_for_selector(".presenter__counter")
    yield slides, presenter
    context.close()


def test_each_window_moves_the_other_across_pages_and_reloads(two_windows) -> None:  # type: ignore[no-untyped-def]
    slides, presenter = two_windows
    wait_at(presenter, 1)
    presenter.keyboard.press("ArrowRight")
    wait_at(slides, 2)
    slides.keyboard.press("ArrowRight")
    wait_at(presenter, 3)
    # Across a page: the next page opens in both windows.
    for n in (4, 5, 6):  # a clicker's presses, each after the slide came up in both windows
        presenter.keyboard.press("PageDown")
        wait_at(presenter, n)
        wait_at(slides, n)
    assert f"/{SESSION_PAGES[1]}?present" in slides.url and f"/{SESSION_PAGES[1]}?presenter" in presenter.url
    # A reloaded window comes back where both are, and still drives the other.
    slides.reload()
    wait_at(slides, 6)
    slides.keyboard.press("ArrowLeft")
    wait_at(presenter, 5)
    presenter.reload()
    wait_at(presenter, 5)
    presenter.get_by_role("button", name="次へ ›").click()
    wait_at(slides, 6)
    # Blackout from the presenter view darkens the room's screen, and is shown to the presenter.
    presenter.keyboard.press("b")
    slides.wait_for_selector("html[data-presentation-black]")
    assert presenter.locator(".presenter__black").is_visible()
    presenter.keyboard.press("b")
    slides.wait_for_selector("html:not([data-presentation-black])")


def test_the_view_shows_this_slide_the_next_notes_and_a_running_timer(two_windows) -> None:  # type: ignore[no-untyped-def]
    slides, presenter = two_windows
    timer = presenter.get_by_role("timer", name="経過時間")
    assert timer.inner_text() == "0:00:00", "the timer ran before the talk started"
    assert re.fullmatch(r"\d{1,2}:\d\d", presenter.locator(".presenter__clock").inner_text())

    current = presenter.frame_locator("iframe[title^='現在のスライド']")
    upcoming = presenter.frame_locator("iframe[title='次のスライド']")
    current.locator(CURRENT).wait_for()
    upcoming.locator(CURRENT).wait_for()
    here = current.locator(".presentation-counter").inner_text()
    assert here.startswith("1 /"), here
    assert upcoming.locator(".presentation-counter").inner_text().startswith("2 /")
    assert current.locator(CURRENT).inner_text() == slides.locator(CURRENT).inner_text()
    # The previews only show: no keys, no second channel (a frame never moves the slides window).
    presenter.keyboard.press("ArrowRight")
    wait_at(slides, 2)
    presenter.wait_for_function(
        "() => document.querySelector(\"iframe[title^='現在のスライド']\")"
        ".contentDocument?.querySelector('.presentation-counter')?.textContent.startsWith('2 /')"
    )
    assert number_in(slides) == 2
    # The first move started the talk's timer.
    presenter.wait_for_function("() => document.querySelector('.presenter__elapsed').textContent !== '0:00:00'")


def test_every_supplement_of_the_session_is_a_note_on_the_walk(browser, site_url: str, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    supplements = [
        " ".join(title.text().split())
        for path in SESSION_PAGES
        for title in built_page(built_site, path).css(".supplement > .admonition-title, .supplement > summary")
    ]
    assert len(supplements) >= 10, supplements
    context = browser.new_context(base_url=site_url, locale="ja-JP", viewport=LAPTOP)
    presenter = context.new_page()
    presenter.goto(f"{SESSION_PAGES[0]}?presenter")
    presenter.wait_for_selector(".presenter__counter")
    total = int(presenter.locator(".presenter__counter").inner_text().split("/")[1])
    notes: list[str] = []
    for n in range(1, total + 1):
        wait_at(presenter, n)
        body = presenter.locator(".presenter__notes-body")
        notes.append(" ".join(body.inner_text().split()))
        for el in body.locator(".supplement > :not(.admonition-title, summary)").all():
            assert el.is_visible(), "a note is shown folded"
        presenter.keyboard.press("ArrowRight")
    context.close()
    walked = "\n".join(notes)
    missing = [title for title in supplements if title not in walked]
    assert not missing, f"supplements never shown as notes: {missing}"


def test_s_opens_the_presenter_view_in_a_second_window(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    page.goto("session-01/sagemaker/?present#2-1-parts")
    page.wait_for_selector(CURRENT)
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    view = opened.value
    view.wait_for_selector(".presenter__counter")
    assert "session-01/sagemaker/?presenter#2-1-parts" in view.url
    assert view.locator(".presenter__counter").inner_text() == page.locator(".presentation-counter").inner_text()


def test_a_talk_length_counts_down(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """`talk_minutes` in the front matter of a session's first page: the view shows the time left."""
    import serve_site
    from site_tools import mkdocs_build, site_copy

    project = site_copy(tmp_path)
    index = project / "docs" / "session-01" / "index.md"
    text = index.read_text(encoding="utf-8")
    assert text.startswith("---\n"), "session-01/index.md has no front matter"
    text = re.sub(r"(?m)^talk_minutes:.*\n", "", text)  # 第1回's own (60) makes way for the test's
    index.write_text(text.replace("---\n", "---\ntalk_minutes: 45\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    with serve_site.serve(site) as url:
        result = mkdocs_build(project, site, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        context = browser.new_context(base_url=url, viewport=LAPTOP)
        page = context.new_page()
        page.goto("session-01/?presenter")
        remaining = page.get_by_role("timer", name="残り時間")
        remaining.wait_for(state="visible")
        assert re.fullmatch(r"0:4[45]:\d\d", remaining.inner_text()), remaining.inner_text()
        # Once the talk has started, the view says how far it is from an even pace: on slide 2 of
        # about 50 after a few seconds, nearly a minute ahead.
        pace = page.locator(".presenter__pace")
        assert not pace.is_visible(), "a pace before the talk started"
        page.keyboard.press("ArrowRight")
        pace.wait_for(state="visible")
        assert re.fullmatch(r"予定より \d+:\d\d 早い", pace.inner_text()), pace.inner_text()
        context.close()


def test_the_timer_starts_with_the_talk_pauses_and_survives_a_reload(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Opening the view starts nothing; the first move does; T pauses and goes on; each session keeps its own."""
    context = browser.new_context(base_url=site_url, locale="ja-JP", viewport=LAPTOP)
    view = context.new_page()
    view.goto(f"{SESSION_PAGES[0]}?presenter")
    elapsed = view.get_by_role("timer", name="経過時間")
    state = view.locator(".presenter__timer-state")
    elapsed.wait_for()
    view.wait_for_timeout(1500)
    assert (elapsed.inner_text(), state.inner_text()) == ("0:00:00", "未開始")

    view.keyboard.press("ArrowRight")
    view.wait_for_function("() => document.querySelector('.presenter__elapsed').textContent !== '0:00:00'")
    view.keyboard.press("t")
    assert state.inner_text() == "一時停止中"
    held = elapsed.inner_text()
    view.wait_for_timeout(1200)
    assert elapsed.inner_text() == held, "a paused timer ran on"

    view.reload()
    view.locator(".presenter__counter").wait_for()
    view.wait_for_function("() => document.querySelector('.presenter__timer-state').textContent !== '未開始'")
    assert (elapsed.inner_text(), state.inner_text()) == (held, "一時停止中"), "the reload lost the timer"
    view.keyboard.press("t")
    view.wait_for_function("t => document.querySelector('.presenter__elapsed').textContent !== t", arg=held)

    # Another deck of the site (the organiser's guide is one): a timer of its own, not started.
    url = view.url
    view.close()
    other = context.new_page()
    other.set_viewport_size(LAPTOP)
    other.goto("guide/presenting/?presenter")
    other.locator(".presenter__counter").wait_for()
    other.wait_for_timeout(1200)
    assert other.locator(".presenter__elapsed").inner_text() == "0:00:00"
    other.close()

    # The session's timer ran on meanwhile; リセット sets it back to not started.
    view = context.new_page()
    view.set_viewport_size(LAPTOP)
    view.goto(url)
    elapsed = view.get_by_role("timer", name="経過時間")
    state = view.locator(".presenter__timer-state")
    view.wait_for_function("t => document.querySelector('.presenter__elapsed')?.textContent > t", arg=held)
    view.get_by_role("button", name="タイマーをリセット").click()
    assert (elapsed.inner_text(), state.inner_text()) == ("0:00:00", "未開始")
    context.close()


def test_messages_move_a_window_only_by_slide_number(two_windows) -> None:  # type: ignore[no-untyped-def]
    """Only this site's windows speak on the channel, and only numbers from them are read."""
    slides, presenter = two_windows
    presenter.close()
    wait_at(slides, 1)
    channel = slides.evaluate(
        "new URL(document.querySelector('[data-deck-src]').dataset.deckSrc, location.href).pathname"
    )
    deck = slides.evaluate("Number(document.querySelector('[data-deck]').dataset.deck)")
    other = slides.context.new_page()
    other.goto(slides.url.split("?")[0])
    for message in [
        {"type": "position", "deck": deck, "slide": "5", "black": False},
        {"type": "position", "deck": deck, "slide": 5},
        {"type": "position", "deck": deck, "slide": 500, "black": False},
        {"type": "go", "url": "javascript:alert(1)"},
        "position",
    ]:
        other.evaluate("([name, m]) => new BroadcastChannel(name).postMessage(m)", [f"presentation:{channel}", message])
    slides.wait_for_timeout(500)
    assert number_in(slides) == 1, "a malformed message moved the slides"
    other.evaluate(
        "([name, m]) => new BroadcastChannel(name).postMessage(m)",
        [
            f"presentation:{channel}",
            {"type": "position", "deck": deck, "slide": 3, "black": False, "url": "https://example.com/"},
        ],
    )
    wait_at(slides, 3)
    assert slides.url.startswith(other.url.split("session-01")[0]), slides.url
    slides.wait_for_function(SETTLED)


def test_a_jump_by_address_in_one_window_moves_the_other(two_windows) -> None:  # type: ignore[no-untyped-def]
    """A window that arrives on a slide by itself (an address, a link, a reload) leads; it never snaps back."""
    slides, presenter = two_windows
    wait_at(presenter, 1)
    slides.goto(f"{SESSION_PAGES[2]}?present#2-1-parts")
    slides.wait_for_selector(CURRENT)
    here = number_in(slides)
    assert here > 1
    wait_at(presenter, here)
    presenter.wait_for_timeout(1000)
    assert number_in(slides) == here, "the slides snapped back to the presenter view's slide"
    assert f"/{SESSION_PAGES[2]}?presenter" in presenter.url


def test_fast_presses_across_pages_leave_both_windows_on_the_last_one(two_windows) -> None:  # type: ignore[no-untyped-def]
    """A presenter who presses on while the other window is still loading the next page: no window
    is pulled back to a slide it passed, and both end where the last press went."""
    slides, presenter = two_windows
    wait_at(presenter, 1)
    wait_at(slides, 1)
    target = 9  # across at least one page boundary (the first page has 3 slides)
    for _ in range(target - 1):
        presenter.keyboard.press("PageDown")
        presenter.wait_for_timeout(60)  # a quick clicker, faster than a page loads
    wait_at(presenter, target)
    wait_at(slides, target)
    presenter.wait_for_timeout(1500)  # late messages from either window have arrived
    assert (number_in(presenter), number_in(slides)) == (target, target)
