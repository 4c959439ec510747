"""Presentation mode: `?present` turns a session into slides over the same Markdown.

What a presenter and the room see: one slide at a time that fits the screen,
with the site's chrome hidden; a clicker's keys that move through the whole
session with one counter; quizzes that keep their answers; diagrams drawn
for the room; 2026 supplements and diagram captions as the presenter's notes; and Escape back to the
normal page. The presenter view has its own tests in test_presenter_view.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_nav import session_list, sessions
from site_tools import CONFIG, CURRENT, SETTLED, built_page

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
SMALL_PROJECTOR = {"width": 1280, "height": 720}
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
SESSION, SESSION_PAGES = next(iter(sessions(CONFIG).items()))
GUIDE = "guide/presenting/"
EVERY_SESSION = {session.folder: [page.url for page in session.pages] for session in session_list(CONFIG)}

# Every element that shows text of its own on the slide, outside diagrams, with its painted size.
TEXT_SIZES = """sel => [...document.querySelector(sel).querySelectorAll('*')]
  .filter(el => !el.closest('.mermaid') && el.checkVisibility()
    && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => [el.tagName + ': ' + el.textContent.trim().slice(0, 24), parseFloat(getComputedStyle(el).fontSize)])"""

# How far the slide's content reaches past its box (its padding excluded), above and below.
OVERFLOW = """sel => { const s = document.querySelector(sel), st = getComputedStyle(s), box = s.getBoundingClientRect();
  const shown = [...s.querySelectorAll('*')].filter(el => el.checkVisibility() && !el.closest('svg')
    && (el.getBoundingClientRect().width > 0 || el.getBoundingClientRect().height > 0));  // not <wbr>
  const top = Math.min(...shown.map(el => el.getBoundingClientRect().top));
  const bottom = Math.max(...shown.map(el => el.getBoundingClientRect().bottom));
  return { above: Math.round(box.top + parseFloat(st.paddingTop) - top),
           below: Math.round(bottom - (box.bottom - parseFloat(st.paddingBottom))),
           scrolls: s.scrollHeight > s.clientHeight + 1, viewport: box.bottom <= innerHeight }; }"""


def present(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_selector(f"html[data-presentation] {CURRENT}")
    # The slide slides in (160 ms): measure it where it stops.
    page.wait_for_function(SETTLED)


def counter(page) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    text = page.locator(".presentation-counter").inner_text()
    match = re.fullmatch(r"(\d+) / (\d+)", text.strip())
    assert match, f"slide counter reads {text!r}"
    return int(match[1]), int(match[2])


def wait_for_slide(page, number: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "n => document.querySelector('.presentation-counter')?.textContent.startsWith(n + ' /')"
        ' && document.querySelector("' + CURRENT + '")',
        arg=number,
    )
    # After instant navigation, a page's own stylesheets (the quizzes') may still be on their way.
    page.wait_for_function("[...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet)")
    page.wait_for_function(SETTLED)


def session_slide_count(built_site: Path, pages: list[str] = SESSION_PAGES) -> int:
    """The slides hooks/slides.py marks on the session's pages, read from the built HTML."""
    return sum(len(built_page(built_site, path).css("article > [data-slide]")) for path in pages)


# The whole session, slide by slide ---------------------------------------------------------


@pytest.mark.every_session
@pytest.mark.parametrize("folder", list(EVERY_SESSION))
@pytest.mark.parametrize("screen", [PROJECTOR, SMALL_PROJECTOR], ids=["1920x1080", "1280x720"])
def test_every_slide_of_the_session_fits_the_screen(page, built_site: Path, screen: dict, folder: str) -> None:  # type: ignore[no-untyped-def]
    """A clicker walks the session with → only: every slide fits, text is projector size, one counter."""
    page.set_viewport_size(screen)
    page.emulate_media(reduced_motion="reduce")
    present(page, f"{EVERY_SESSION[folder][0]}?present")
    expected = session_slide_count(built_site, EVERY_SESSION[folder])
    assert expected >= 2, expected
    problems: list[str] = []
    seen: list[str] = []
    for number in range(1, expected + 1):
        wait_for_slide(page, number)
        page.wait_for_load_state("networkidle")  # diagrams drawn and fitted
        assert counter(page) == (number, expected), f"at slide {number}"
        seen.append(page.url)  # the slide's key is in its hash
        fit = page.evaluate(OVERFLOW, CURRENT)
        if fit["above"] > 0 or fit["below"] > 0 or fit["scrolls"] or not fit["viewport"]:
            problems.append(f"slide {number} ({page.url}) does not fit: {fit}")
        if screen == PROJECTOR:
            small = {name: size for name, size in page.evaluate(TEXT_SIZES, CURRENT) if size < 24}
            if small:
                problems.append(f"slide {number}: text under 24 px at 1920×1080: {small}")
        page.keyboard.press("ArrowRight")
    assert not problems, "\n".join(problems)
    assert len(set(seen)) == expected, "a slide came up twice on the walk"
    # Past the last slide: the session ends there (the organiser's guide follows it in the nav).
    page.wait_for_timeout(300)
    assert counter(page) == (expected, expected)
    assert page.get_by_role("status").inner_text() == "最後のスライドです"


def test_every_slide_of_the_presenting_guide_fits_a_small_projector(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    """The organiser's guide shows the keys in presentation mode too: its key tables fit 1280×720."""
    page.set_viewport_size(SMALL_PROJECTOR)
    page.emulate_media(reduced_motion="reduce")
    keys = [node.attributes["data-slide"] or "" for node in built_page(built_site, GUIDE).css("article > [data-slide]")]
    assert len(keys) >= 10, keys
    problems = []
    for key in keys:
        present(page, f"{GUIDE}?present#{key}")
        page.wait_for_selector(f'{CURRENT}[data-key="{key}"]')  # a hash alone moves the slide a moment later
        page.wait_for_function(SETTLED)
        fit = page.evaluate(OVERFLOW, CURRENT)
        if fit["above"] > 0 or fit["below"] > 0 or fit["scrolls"] or not fit["viewport"]:
            problems.append(f"{GUIDE}#{key} does not fit: {fit}")
    assert not problems, "\n".join(problems)


def test_the_counter_is_the_sessions_on_every_page(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    total = session_slide_count(built_site)
    first = 1
    for path in SESSION_PAGES:
        present(page, f"{path}?present")
        assert counter(page) == (first, total), path
        first += len(built_page(built_site, path).css("article > [data-slide]"))


def test_supplements_and_captions_are_the_presenters_not_the_rooms(page) -> None:  # type: ignore[no-untyped-def]
    """A supplement, a diagram's caption and a quiz's reader instructions are notes (slide-note): not on
    the slide, all there again on the reading page."""
    page.set_viewport_size(PROJECTOR)
    present(page, f"{SESSION_PAGES[2]}?present#2-1-parts/2")  # sagemaker: a diagram and its caption
    for selector in (".supplement", ".diagram-caption", ".screen-only"):
        notes = page.locator(f"article {selector}")
        assert notes.count() >= 1, selector
        assert all("slide-note" in (notes.nth(i).get_attribute("class") or "") for i in range(notes.count()))
    assert not page.locator(f"{CURRENT} .diagram-caption").is_visible()
    page.goto(f"{SESSION_PAGES[2]}?present")
    page.wait_for_selector(CURRENT)
    assert page.locator(f"{CURRENT} .supplement").count() == 1, "the first slide has no supplement"
    assert not page.locator(f"{CURRENT} .supplement").is_visible(), "the supplement is on the slide"
    # Reading mode is unchanged: the whole supplement and the caption are there again after Escape.
    page.keyboard.press("Escape")
    page.wait_for_selector("html:not([data-presentation])")
    assert page.locator(".supplement").first.locator(":scope > p:not(.admonition-title)").first.is_visible()
    assert page.locator(".diagram-caption").first.is_visible()


# Keys ------------------------------------------------------------------------------------------


def test_a_normal_page_is_not_in_the_mode(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("session-01/infrastructure/")
    page.wait_for_selector(".presentation-start", state="attached")
    assert page.locator("html[data-presentation]").count() == 0
    assert page.locator(".presentation-slide").count() == 0
    for selector in CHROME[:2]:
        assert page.locator(selector).is_visible(), f"{selector} is hidden outside the mode"


def test_present_param_shows_one_slide_and_escape_restores_the_page(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/infrastructure/?present")

    assert page.locator(".presentation-slide:visible").count() == 1, "more than one slide on screen"
    assert page.locator(CURRENT).locator("h1").inner_text().startswith("4. インフラ担当から見たSageMaker")
    for selector in CHROME:
        assert not page.locator(selector).is_visible(), f"{selector} is visible in the mode"
    box = page.locator(CURRENT).bounding_box()
    assert box and box["width"] == PROJECTOR["width"] and box["height"] > 0.9 * PROJECTOR["height"], box

    page.keyboard.press("Escape")
    page.wait_for_selector("html:not([data-presentation])")
    assert page.locator(".presentation-slide").count() == 0, "slides left in the normal page"
    assert "present" not in page.url
    for selector in CHROME:
        assert page.locator(selector).is_visible(), f"{selector} did not come back"
    assert page.locator("article h1").is_visible()


def test_a_cold_present_link_never_paints_the_reading_page(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """The mode's mark is on <html> before the header is parsed, so its styles hide the page."""
    context = browser.new_context(base_url=site_url, viewport=PROJECTOR)
    page = context.new_page()
    page.add_init_script(
        """new MutationObserver((_, observer) => {
             const header = document.querySelector('.md-header');
             if (!header) return;
             window.__atHeader = { mode: document.documentElement.getAttribute('data-presentation'),
                                   display: getComputedStyle(header).display };
             observer.disconnect();
           }).observe(document, { childList: true, subtree: true });"""
    )
    page.goto("session-01/sagemaker/?present#2-1-parts")
    page.wait_for_selector(CURRENT)
    assert page.evaluate("window.__atHeader") == {"mode": "present", "display": "none"}
    context.close()


def test_header_button_and_alt_p_start_the_mode(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    page.goto("session-01/")
    page.get_by_role("button", name="発表モードを開始（Alt+P）").click()
    page.wait_for_selector(f"html[data-presentation] {CURRENT}")
    assert "?present" in page.url
    page.keyboard.press("Alt+P")
    page.wait_for_selector("html:not([data-presentation])")
    page.keyboard.press("Alt+P")
    page.wait_for_selector(f"html[data-presentation] {CURRENT}")


def test_alt_p_as_linux_and_windows_report_it_starts_the_mode_on_the_same_page(page) -> None:  # type: ignore[no-untyped-def]
    # There the key is "p", which is also Material's "previous page" shortcut.
    page.set_viewport_size(PROJECTOR)
    page.goto("session-01/ml-services/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Alt+p")
    page.wait_for_selector(f"html[data-presentation] {CURRENT}")
    page.wait_for_timeout(500)  # Material's instant navigation would have left by now
    assert "session-01/ml-services/?present" in page.url, page.url
    assert page.locator(f"html[data-presentation] {CURRENT}").count() == 1


def test_keys_move_through_slides_and_across_pages(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, f"{SESSION_PAGES[0]}?present")
    page.evaluate("window.__samePage = true")  # survives only instant navigation
    on_page = len(built_page(built_site, SESSION_PAGES[0]).css("article > [data-slide]"))
    assert on_page >= 2

    for key, expected in [("ArrowRight", 2), ("ArrowLeft", 1), ("PageDown", 2), ("PageUp", 1), ("Space", 2)]:
        page.keyboard.press(key)
        assert counter(page)[0] == expected, f"after {key}"
    page.keyboard.press("Home")
    assert counter(page)[0] == 1
    page.keyboard.press("End")
    assert counter(page)[0] == on_page

    # Forward past the page's last slide: the next page's first slide, still in the mode.
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(rf"/{SESSION_PAGES[1]}\?present$"))
    wait_for_slide(page, on_page + 1)
    assert page.locator(CURRENT).locator("h1").inner_text().startswith("1. AWSのML系サービスおさらい")
    assert page.evaluate("window.__samePage") is True, "the page was reloaded, not navigated instantly"

    # Back before the page's first slide: the previous page's last slide.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(rf"/{SESSION_PAGES[0]}\?present#"))
    wait_for_slide(page, on_page)
    # N and P: the next page's first slide, the previous page's last.
    page.keyboard.press("n")
    wait_for_slide(page, on_page + 1)
    page.keyboard.press("p")
    wait_for_slide(page, on_page)


def test_the_position_lives_in_the_url(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/sagemaker/?present")
    start = counter(page)[0]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    heading = page.locator(CURRENT).inner_text()
    url = page.url
    assert re.search(r"\?present#.+", url), url

    page.reload()
    page.wait_for_selector(CURRENT)
    assert counter(page)[0] == start + 2
    assert page.locator(CURRENT).inner_text() == heading

    # A shared link opens on the same slide, in a fresh page.
    other = page.context.new_page()
    other.set_viewport_size(PROJECTOR)
    present(other, url)
    assert other.locator(CURRENT).inner_text() == heading
    other.close()


@pytest.mark.parametrize("fragment", ["%E0%A4%A", "%", "no-such-slide", "%3Cimg%20src%3Dx%3E"])
def test_any_hash_opens_the_mode_on_a_slide(page, fragment: str) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    present(page, f"session-01/?present#{fragment}")
    assert page.locator(".presentation-counter").is_visible()
    assert counter(page)[0] == 1
    assert not errors, errors


def test_slide_changes_are_announced(page) -> None:  # type: ignore[no-untyped-def]
    present(page, "session-01/?present")
    status = page.get_by_role("status")
    page.keyboard.press("ArrowRight")
    title = page.locator(CURRENT).locator("h2").inner_text().removesuffix("¶").strip()
    assert status.inner_text() == f"スライド 2 / {counter(page)[1]}：{title}"
    assert page.locator(CURRENT).get_attribute("aria-roledescription") == "スライド"


def test_arrows_change_the_slide_not_the_answer_on_a_quiz_slide(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/which-service/?present#q1-object-detection")
    quiz = page.locator(CURRENT).locator(".quiz").first
    options = quiz.locator("input[type=radio]")
    assert options.count() >= 3
    quiz.locator(f'label[for="{options.nth(0).get_attribute("id")}"]').click()
    assert options.nth(0).is_checked()
    number = counter(page)[0]

    for key, expected in [("ArrowRight", number + 1), ("ArrowLeft", number), ("ArrowLeft", number - 1)]:
        page.keyboard.press(key)
        wait_for_slide(page, expected)
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, number)
    for key in ["ArrowDown", "ArrowUp", "ArrowDown"]:  # a radio's own keys, with its focus
        options.nth(0).focus()
        page.keyboard.press(key)
    checked = [options.nth(i).is_checked() for i in range(options.count())]
    assert checked == [True] + [False] * (options.count() - 1), f"the answer moved: {checked}"

    # Answered, then → and ←: the feedback stays with the answer.
    quiz.locator("button.quiz-button[type=submit]").click()
    quiz.locator(".quiz-feedback").wait_for(state="visible")
    page.keyboard.press("Space")
    wait_for_slide(page, number + 1)
    page.keyboard.press("PageUp")
    wait_for_slide(page, number)
    assert options.nth(0).is_checked() and quiz.locator(".quiz-feedback").is_visible()


def test_a_quiz_can_be_answered_in_the_mode(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/which-service/?present#q2-recommendation")
    quiz = page.locator(CURRENT).locator(".quiz").first
    correct = quiz.locator('input[data-correct="true"]').first
    quiz.locator(f'label[for="{correct.get_attribute("id")}"]').click()
    quiz.locator("button.quiz-button[type=submit]").click()  # 回答する (auto_submit: false)
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible")
    assert feedback.inner_text().strip(), "the quiz gave no feedback"
    assert page.locator("html[data-presentation]").count() == 1, "answering left the mode"


def test_b_and_period_black_the_screen_out_and_back(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present")
    black = "getComputedStyle(document.body, '::after').backgroundColor"
    for key in ["b", "."]:
        page.keyboard.press(key)
        assert page.evaluate(black) == "rgb(0, 0, 0)", f"{key} did not black out"
        assert page.locator("html[data-presentation-black]").count() == 1
        page.keyboard.press(key)
        assert page.locator("html[data-presentation-black]").count() == 0, f"second {key} kept the screen black"
        assert page.evaluate(black) != "rgb(0, 0, 0)"


def test_f_toggles_fullscreen(page) -> None:  # type: ignore[no-untyped-def]
    present(page, "session-01/?present")
    assert page.evaluate("document.fullscreenElement") is None
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === document.documentElement")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")
    assert page.locator("html[data-presentation]").count() == 1, "F left the mode"


def test_o_shows_the_sessions_overview_and_enter_jumps(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present")
    page.keyboard.press("o")
    overview = page.get_by_role("dialog", name="スライド一覧")
    overview.wait_for(state="visible")
    cards = overview.locator(".presentation-overview__slide")
    assert cards.count() == session_slide_count(built_site)
    assert cards.nth(0).get_attribute("aria-current") == "step"
    assert page.evaluate("document.activeElement.dataset.slide") == "1"
    # Arrow keys move between cards, and Enter jumps to the one with focus: on another page here.
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.slide") == "5"
    page.keyboard.press("Enter")
    wait_for_slide(page, 5)
    assert "/session-01/ml-services/?present" in page.url
    # O again closes it; a click on a card jumps too.
    page.keyboard.press("o")
    overview.wait_for(state="visible")
    page.keyboard.press("o")
    overview.wait_for(state="hidden")
    page.keyboard.press("o")
    cards.nth(1).click()
    wait_for_slide(page, 2)


def test_g_and_a_number_jump_to_that_slide(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present")
    total = counter(page)[1]
    page.keyboard.press("g")
    dialog = page.get_by_role("dialog", name="スライド番号で移動")
    dialog.wait_for(state="visible")
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    wait_for_slide(page, 12)
    assert counter(page) == (12, total)
    # A number past the end moves nowhere, and says why.
    page.keyboard.press("g")
    page.keyboard.type(str(total + 5))
    page.keyboard.press("Enter")
    assert dialog.get_by_role("alert").inner_text() == f"1〜{total} の番号を入れてください"
    assert counter(page)[0] == 12
    # A clicker has no Esc: PageDown closes the box, and then moves on.
    page.keyboard.press("PageDown")
    dialog.wait_for(state="hidden")
    assert counter(page)[0] == 12
    page.keyboard.press("PageDown")
    wait_for_slide(page, 13)


def test_q_opens_and_closes_the_qr_code_and_escape_unwinds_in_order(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present")
    qr = page.get_by_role("dialog", name="スマートフォンでこのサイトを開く")
    page.keyboard.press("q")
    qr.wait_for(state="visible")
    page.keyboard.press("q")
    qr.wait_for(state="hidden")
    # A clicker's → closes it too, without moving on.
    page.keyboard.press("q")
    qr.wait_for(state="visible")
    page.keyboard.press("ArrowRight")
    qr.wait_for(state="hidden")
    assert counter(page)[0] == 1
    # Esc: the overview first, then the QR code, then the mode.
    page.keyboard.press("o")
    overview = page.get_by_role("dialog", name="スライド一覧")
    overview.wait_for(state="visible")
    page.keyboard.press("Escape")
    overview.wait_for(state="hidden")
    assert page.locator("html[data-presentation]").count() == 1
    page.keyboard.press("q")
    qr.wait_for(state="visible")
    page.keyboard.press("Escape")
    qr.wait_for(state="hidden")
    assert page.locator("html[data-presentation]").count() == 1
    page.keyboard.press("Escape")
    page.wait_for_selector("html:not([data-presentation])")


def test_question_mark_lists_the_keys(page) -> None:  # type: ignore[no-untyped-def]
    present(page, "session-01/?present")
    page.keyboard.press("?")
    help_ = page.get_by_role("dialog", name="キー操作")
    help_.wait_for(state="visible")
    keys = help_.locator("tbody tr th, tbody tr td:first-child").all_inner_texts()
    for key in ["B / .", "F", "O", "G → 番号 → Enter", "Q", "S", "Esc"]:
        assert key in keys, keys
    page.keyboard.press("?")
    help_.wait_for(state="hidden")


# Type, diagrams, schemes, motion -------------------------------------------------------------


def test_slide_text_is_projector_size(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present#aims")
    body = page.locator(f"{CURRENT} > p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert body >= 30, f"body text is {body} px"


def test_no_slide_holds_the_quiz_progress_panel_or_its_wrapper(page) -> None:  # type: ignore[no-untyped-def]
    present(page, "session-01/which-service/?present")
    page.wait_for_load_state("networkidle")
    stray = page.evaluate(
        """[...document.querySelectorAll('.presentation-slide aside')]
             .filter(a => a.querySelector('#quiz-progress-sidebar') || !a.textContent.trim())
             .map(a => a.outerHTML.slice(0, 80))"""
    )
    assert not stray, stray


@pytest.mark.parametrize("screen", [PROJECTOR, SMALL_PROJECTOR], ids=["1920x1080", "1280x720"])
def test_a_diagram_is_drawn_and_fills_the_room_its_slide_leaves(page, screen: dict) -> None:  # type: ignore[no-untyped-def]
    # Drawn at build time, in an open shadow root (one drawn in the browser fails tests/test_diagrams.py).
    page.set_viewport_size(screen)
    present(page, "session-01/ml-services/?present")
    for _ in range(4):
        if page.locator(f"{CURRENT} div.mermaid").count():
            break
        page.keyboard.press("ArrowRight")
        page.wait_for_function(SETTLED)
    host = f"{CURRENT} div.mermaid"
    page.wait_for_function(
        "sel => document.querySelector(sel)?.shadowRoot?.querySelector('svg')?.getBoundingClientRect().height > 100",
        arg=host,
    )
    svg = page.evaluate(
        """sel => { const r = document.querySelector(sel).shadowRoot.querySelector('svg').getBoundingClientRect();
                    return {top: r.top, bottom: r.bottom, width: r.width, height: r.height}; }""",
        host,
    )
    slide = page.locator(CURRENT).bounding_box()
    assert slide
    assert svg["top"] >= slide["y"] and svg["bottom"] <= slide["y"] + slide["height"], (svg, slide)
    # Scaled up for the room, not left at its reading size.
    assert svg["height"] >= 0.55 * slide["height"] or svg["width"] >= 0.75 * slide["width"], (svg, slide)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_colour_schemes(page, scheme: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    page.emulate_media(color_scheme=scheme)
    present(page, "session-01/?present")
    background, color = page.locator(CURRENT).evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
    )

    def luminance(css: str) -> float:
        r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    if scheme == "dark":
        assert luminance(background) < 0.3 < luminance(color), (background, color)
    else:
        assert luminance(background) > 0.7 > luminance(color), (background, color)


def test_reduced_motion_turns_off_the_slide_animation(page) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(reduced_motion="reduce")
    present(page, "session-01/?present")
    assert page.locator(CURRENT).evaluate("el => getComputedStyle(el).animationName") == "none"
    page.keyboard.press("ArrowRight")
    assert (
        page.locator(".presentation-progress > div").evaluate("el => getComputedStyle(el).transitionDuration") == "0s"
    )


def test_the_header_button_is_for_presenters_not_phones(page) -> None:  # type: ignore[no-untyped-def]
    button = page.locator("button.presentation-start[aria-label='発表モードを開始（Alt+P）']")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("session-01/")
    button.wait_for(state="attached")
    assert not button.is_visible(), "the presentation button crowds the phone header"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert button.is_visible()


def test_the_slides_keep_every_block_of_the_page_in_its_order(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("session-01/sagemaker/")
    page.wait_for_selector(".presentation-start", state="attached")
    blocks = "sel => [...document.querySelectorAll(sel)].map(el => el.textContent.trim()).filter(Boolean)"
    reading = page.evaluate(blocks, "article > :is(h1, h2, h3, p, ul, ol, div.admonition, div.quiz, div.mermaid)")
    page.keyboard.press("Alt+P")
    page.wait_for_selector(CURRENT)
    slides = page.evaluate(
        blocks,
        ".presentation-slide > :is(h1, h2, h3, p:not(.presentation-context), ul, ol, div.admonition, div.quiz, "
        "div.mermaid)",
    )
    assert slides == reading


def test_a_link_on_a_slide_opens_its_page_in_the_mode(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present#outline")
    page.evaluate("window.__samePage = true")
    page.locator(CURRENT).locator('a[href*="sagemaker"]').first.click()
    page.wait_for_url(re.compile(r"/session-01/sagemaker/\?present"))
    page.wait_for_selector(f"html[data-presentation] {CURRENT}")
    assert page.evaluate("window.__samePage") is True, "a full load, not instant navigation"
    assert not page.locator(".md-header").is_visible()


@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_the_bar_keeps_back_forward_and_the_counter_on_screen(page, width: int) -> None:  # type: ignore[no-untyped-def]
    """A participant may follow the slides on a phone: nothing of the bar is cut off at either edge."""
    page.set_viewport_size({"width": width, "height": 740})
    present(page, f"{SESSION_PAGES[1]}?present")
    first, _ = counter(page)
    shown = page.evaluate(
        """[...document.querySelectorAll('.presentation-controls > *')].filter((e) => e.offsetParent)
             .map((e) => ({text: e.textContent, left: e.getBoundingClientRect().left,
                           right: e.getBoundingClientRect().right}))"""
    )
    outside = [item for item in shown if item["left"] < 0 or item["right"] > width]
    assert not outside, f"cut off at {width} px: {outside}"
    page.get_by_role("button", name="次のスライド（→）").click()
    page.wait_for_function(SETTLED)
    assert counter(page)[0] == first + 1
    page.get_by_role("button", name="前のスライド（←）").click()
    page.wait_for_function(SETTLED)
    assert counter(page)[0] == first
