"""Presentation mode: `?present` turns a page into slides over the same Markdown.

What a presenter and the room see: one slide at a time with the site's chrome
hidden, keys that move through slides and across pages, projector-size type,
quizzes that can be answered and diagrams that are drawn, and Escape back to
the normal page.
"""

from __future__ import annotations

import re

import pytest

from site_nav import session_pages
from site_tools import CURRENT, SETTLED

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]


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

    assert page.locator(f"{CURRENT}:visible").count() == 1
    assert page.locator(".presentation-slide:visible").count() == 1, "more than one slide on screen"
    assert page.locator(CURRENT).locator("h1").inner_text().startswith("4. インフラ担当から見たSageMaker")
    for selector in CHROME:
        assert not page.locator(selector).is_visible(), f"{selector} is visible in the mode"
    box = page.locator(CURRENT).bounding_box()
    assert box and box["width"] == PROJECTOR["width"] and box["height"] > 0.9 * PROJECTOR["height"], box
    assert counter(page)[0] == 1

    page.keyboard.press("Escape")
    page.wait_for_selector("html:not([data-presentation])")
    assert page.locator(".presentation-slide").count() == 0, "slides left in the normal page"
    assert "present" not in page.url
    for selector in CHROME:
        assert page.locator(selector).is_visible(), f"{selector} did not come back"
    assert page.locator("article h1").is_visible()


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


def test_keys_move_through_slides_and_across_pages(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/?present")
    page.evaluate("window.__samePage = true")  # survives only instant navigation
    first, total = counter(page)
    assert (first, total) == (1, page.locator(".presentation-slide").count())
    assert total >= 2

    for key, expected in [("ArrowRight", 2), ("ArrowLeft", 1), ("PageDown", 2), ("PageUp", 1), ("Space", 2)]:
        page.keyboard.press(key)
        assert counter(page)[0] == expected, f"after {key}"
    page.keyboard.press("Home")
    assert counter(page)[0] == 1
    page.keyboard.press("End")
    assert counter(page)[0] == total

    # Forward past the last slide: the next page's first slide, still in the mode.
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/session-01/ml-services/\?present$"))
    page.wait_for_selector(f"{CURRENT} h1")
    assert page.locator(CURRENT).locator("h1").inner_text().startswith("1. AWSのML系サービスおさらい")
    assert counter(page)[0] == 1
    assert page.evaluate("window.__samePage") is True, "the page was reloaded, not navigated instantly"

    # Back before the first slide: the previous page's LAST slide.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"/session-01/\?present#"))
    page.wait_for_function("document.querySelector('.presentation-counter')?.textContent.startsWith(String(%d))" % total)
    assert counter(page) == (total, total)


def test_forward_stops_at_the_end_of_the_session(page) -> None:  # type: ignore[no-untyped-def]
    """The glossary and the organiser's guide follow the session in the nav: neither comes next."""
    last = session_pages()[-1].url
    page.set_viewport_size(PROJECTOR)
    present(page, f"{last}?present")
    page.keyboard.press("End")
    total = counter(page)[1]
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("status").inner_text() == "最後のページです"
    assert f"/{last}" in page.url
    assert counter(page) == (total, total)
    assert page.locator("html[data-presentation]").count() == 1


def test_the_position_lives_in_the_url(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/sagemaker/?present")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    heading = page.locator(CURRENT).locator("h2").inner_text()
    url = page.url
    assert re.search(r"\?present#.+", url), url

    page.reload()
    page.wait_for_selector(CURRENT)
    assert counter(page)[0] == 3
    assert page.locator(CURRENT).locator("h2").inner_text() == heading

    # A shared link opens on the same slide, in a fresh page.
    other = page.context.new_page()
    other.set_viewport_size(PROJECTOR)
    present(other, url)
    assert other.locator(CURRENT).locator("h2").inner_text() == heading
    other.close()


def test_slide_changes_are_announced(page) -> None:  # type: ignore[no-untyped-def]
    present(page, "session-01/?present")
    status = page.get_by_role("status")
    page.keyboard.press("ArrowRight")
    title = page.locator(CURRENT).locator("h2").inner_text()
    assert status.inner_text() == f"スライド 2 / {counter(page)[1]}：{title}"
    assert page.locator(CURRENT).get_attribute("aria-roledescription") == "スライド"


def test_slide_text_is_projector_size(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    sizes: dict[str, float] = {}
    for path in ["session-01/?present", "session-01/infrastructure/?present#network-iam", "session-01/sagemaker/?present"]:
        present(page, path)
        # Every element that holds its own text, outside diagrams.
        found = page.evaluate(
            """sel => [...document.querySelector(sel).querySelectorAll('*')]
              .filter(el => !el.closest('.mermaid') && el.checkVisibility()
                && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(el => [el.tagName + ': ' + el.textContent.trim().slice(0, 20),
                          parseFloat(getComputedStyle(el).fontSize)])""",
            CURRENT,
        )
        assert found, f"no text on the first slide of {path}"
        sizes.update({f"{path} {name}": size for name, size in found})
    small = {name: size for name, size in sizes.items() if size < 24}
    assert not small, f"text under 24 px at 1920×1080: {small}"
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


def test_a_quiz_can_be_answered_in_the_mode(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/which-service/?present")
    total = counter(page)[1]
    for _ in range(total):
        if page.locator(CURRENT).locator(".quiz").count():
            break
        page.keyboard.press("ArrowRight")
    quiz = page.locator(CURRENT).locator(".quiz").first
    assert quiz.is_visible(), "no quiz slide on the quiz page"

    correct = quiz.locator('input[data-correct="true"]').first
    quiz.locator(f'label[for="{correct.get_attribute("id")}"]').click()
    quiz.locator("button.quiz-button[type=submit]").click()  # 回答する (auto_submit: false)
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible")
    assert feedback.inner_text().strip(), "the quiz gave no feedback"
    assert page.locator("html[data-presentation]").count() == 1, "answering left the mode"


def test_a_diagram_is_drawn_and_fits_the_slide(page) -> None:  # type: ignore[no-untyped-def]
    # Drawn at build time, in an open shadow root (one drawn in the browser fails tests/test_diagrams.py).
    page.set_viewport_size(PROJECTOR)
    present(page, "session-01/ml-services/?present")
    host = page.locator(f"{CURRENT} div.mermaid").first
    host.wait_for(state="visible")
    page.wait_for_function(
        "sel => document.querySelector(sel)?.shadowRoot?.querySelector('svg')?.getBoundingClientRect().height > 100",
        arg=f"{CURRENT} div.mermaid",
    )
    svg = page.evaluate(
        """sel => { const r = document.querySelector(sel).shadowRoot.querySelector('svg').getBoundingClientRect();
                    return {width: r.width, height: r.height}; }""",
        f"{CURRENT} div.mermaid",
    )
    slide = page.locator(CURRENT).bounding_box()
    assert slide
    assert svg["width"] <= slide["width"] and svg["height"] <= 0.85 * slide["height"] + 2, (svg, slide)
    # Scaled up for the room, not left at its reading size.
    assert svg["height"] >= 0.6 * slide["height"] or svg["width"] >= 0.6 * slide["width"], (svg, slide)


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


def test_the_header_button_is_for_presenters_not_phones(page) -> None:  # type: ignore[no-untyped-def]
    button = page.locator("button.presentation-start[aria-label='発表モードを開始（Alt+P）']")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("session-01/")
    button.wait_for(state="attached")
    assert not button.is_visible(), "the presentation button crowds the phone header"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert button.is_visible()
