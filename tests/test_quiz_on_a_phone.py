"""Quizzes on a 375 px phone: the quiz bar never covers the back-to-top button, options are
thumb-sized, and a partly right multiple answer says so and names the right options missed
(docs/assets/javascripts/quiz-guard.js, site.css)."""

from __future__ import annotations

import colorsys
import itertools
import re
from pathlib import Path

import pytest

import site_nav
from site_tools import CONFIG, built_page

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SESSION_PAGES = {urls[0].split("/")[0]: urls for urls in site_nav.sessions(CONFIG).values()}
SESSIONS = sorted(SESSION_PAGES)
RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")


def quiz_pages(site_dir: Path, session: str) -> list[str]:
    return [path for path in SESSION_PAGES[session] if built_page(site_dir, path).css_first(".quiz")]


def multiple_answer_quiz(site_dir: Path, session: str) -> tuple[str, int] | None:
    """The first quiz of the session with two right options or more: its page and index there."""
    for path in quiz_pages(site_dir, session):
        for index, quiz in enumerate(built_page(site_dir, path).css(".quiz")):
            if len(quiz.css('input[data-correct="true"]')) >= 2:
                return path, index
    return None


def hue(css_colour: str) -> float:
    r, g, b = (int(v) / 255 for v in RGB.match(css_colour).groups())  # type: ignore[union-attr]
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


@pytest.mark.every_session
@pytest.mark.parametrize("session", SESSIONS)
def test_the_quiz_bar_never_covers_back_to_top_and_options_are_thumb_sized(
    page, built_site: Path, session: str
) -> None:  # type: ignore[no-untyped-def]
    pages = quiz_pages(built_site, session)
    if not pages:
        pytest.skip(f"{session} has no quiz")
    page.set_viewport_size(PHONE)
    page.goto(pages[0])
    quiz = page.locator(".quiz").first
    options = quiz.locator("fieldset > div")
    boxes = [options.nth(i).locator("label").bounding_box() for i in range(options.count())]
    assert all(b["height"] >= 44 for b in boxes), f"option labels under 44 px tall: {[b['height'] for b in boxes]}"
    gaps = [below["y"] - (above["y"] + above["height"]) for above, below in itertools.pairwise(boxes)]
    assert all(gap >= 4 for gap in gaps), f"options without a gap between them: {gaps}"

    quiz.locator("input[name=answer]").first.check()
    quiz.locator("button.quiz-button[type=submit]").click()
    bar = page.locator("#quiz-progress-mobile")
    bar.wait_for(state="visible")
    # Material shows back-to-top when the reader scrolls back up.
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)
    top = page.locator(".md-top:not([hidden])")
    top.wait_for()
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    button, strip = top.bounding_box(), bar.bounding_box()
    centre = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('.md-top') !== null",
        [button["x"] + button["width"] / 2, button["y"] + button["height"] / 2],
    )
    assert centre, "the back-to-top button's centre is covered"
    assert button["y"] >= strip["y"] + strip["height"], f"the quiz bar {strip} overlaps back-to-top {button}"


@pytest.mark.every_session
@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_partly_right_multiple_answer_names_the_missed_right_options(  # type: ignore[no-untyped-def]
    page, built_site: Path, session: str, scheme: str
) -> None:
    found = multiple_answer_quiz(built_site, session)
    if found is None:
        pytest.skip(f"{session} has no multiple-answer quiz")
    path, index = found
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    quiz = page.locator(".quiz").nth(index)
    rights = quiz.locator('input[data-correct="true"]')
    labels = [
        rights.nth(i).evaluate("i => i.parentElement.querySelector('label').textContent.trim()")
        for i in range(rights.count())
    ]
    rights.first.check()
    quiz.locator("button.quiz-button[type=submit]").click()

    for attempt in ("answered", "reloaded"):  # and the stored answer, shown again on the next visit
        summary = quiz.locator(".quiz-feedback-item.partial")
        summary.wait_for()
        text = summary.inner_text()
        assert "一部正解" in text, (attempt, text)
        assert all(label in text for label in labels[1:]), f"{attempt}: missed right options not named: {text}"
        assert labels[0] not in text, (attempt, text)
        amber = hue(summary.evaluate("e => getComputedStyle(e).backgroundColor"))
        assert 30 <= amber <= 60, f"{attempt}: the partly-right box is not amber (hue {amber:.0f})"
        missed = quiz.locator(".quiz-missed label")
        assert missed.count() == len(labels) - 1, attempt
        assert 30 <= hue(missed.first.evaluate("e => getComputedStyle(e).color")) <= 60, attempt
        red_says_right = quiz.locator(".quiz-feedback-item.incorrect").evaluate_all(
            "items => items.map(i => i.innerText.trim()).filter(t => t.startsWith('正解'))"
        )
        assert not red_says_right, f"{attempt}: a red box says 正解: {red_says_right}"
        page.reload()
        quiz = page.locator(".quiz").nth(index)

    quiz.locator(".quiz-reset-button").click()  # もう一度: nothing of it stays
    assert quiz.locator(".quiz-missed, .quiz-feedback-item.partial").count() == 0
