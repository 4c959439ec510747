"""The quizzes: what the strict build holds, and how they answer in Chromium.

Selectors are mkdocs-quiz's own DOM: `.quiz`, `input[data-correct="true"]`,
`.quiz-feedback`, `section.content` (the explanation), `#quiz-results`.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_tools import built_page, navigate, quiz_pages

DATA = Path(__file__).resolve().parent / "data"
CLOSED_SERVICES = DATA / "closed_services.toml"
# Each quiz page and how many quizzes it has, in the order of the session.
QUIZ_PAGES = {
    "session-01/ml-services/": 3,
    "session-01/sagemaker/": 3,
    "session-01/which-service/": 4,
    "session-01/infrastructure/": 3,
}
# Every page with quizzes, of any session: the checks every quiz must pass.
ALL_QUIZ_PAGES = quiz_pages()
SECTION_3 = "session-01/which-service/"
CHECK_PAGES = [p for p in QUIZ_PAGES if p != SECTION_3]
# Labels of the quiz UI (mkdocs-quiz's ja locale, as overridden in locales/).
UI_LABELS = [
    "回答をリセット",
    "クイズの進捗",
    "問に回答済み",
    "問正解",
    "回答済み：",
    "正解：",
    "回答する",
    "全問回答しました",
    "ローカルストレージ",
]
# A question asked about the past may have a closed service as its answer.
HISTORICAL = re.compile(r"\d{4}年当時")


def closed_services() -> list[dict[str, object]]:
    with CLOSED_SERVICES.open("rb") as f:
        return tomllib.load(f)["service"]


# --- the build -----------------------------------------------------------------


# mkdocs-quiz's traces in a page: its markup, its script and styles (as files), its settings.
QUIZ_TRACES = ".quiz, .quiz-progress, [class^=quiz-], script[src*=mkdocs-quiz], link[href*=mkdocs-quiz]"


def test_quizzes_only_where_they_are(built_site: Path) -> None:
    for html in sorted(built_site.rglob("*.html")):
        page = html.parent.relative_to(built_site).as_posix() + "/"
        tree = HTMLParser(html.read_text(encoding="utf-8"))
        inline = "".join(script.text() for script in tree.css("script:not([src])"))
        assert "mkdocsQuiz" not in inline, f"{page}: quiz settings inline, not in the cached script"
        if page in QUIZ_PAGES:
            quizzes = tree.css("article .quiz")
            assert len(quizzes) == QUIZ_PAGES[page], f"{page}: {len(quizzes)} quizzes"
            assert len(tree.css("script[src$='assets/javascripts/mkdocs-quiz.js']")) == 1, page
            continue
        if page == "print/":
            continue  # the handout collects every page's content, quizzes included
        traces = [node.html[:80] for node in tree.css(QUIZ_TRACES)]
        assert not traces, f"{html.relative_to(built_site)} carries quiz code: {traces}"


def test_the_quiz_script_sets_the_labels_and_options_before_the_quizzes_start(built_site: Path) -> None:
    script = (built_site / "assets" / "javascripts" / "mkdocs-quiz.js").read_text(encoding="utf-8")
    labels, options = script.find("window.mkdocsQuizTranslations="), script.find("window.mkdocsQuizConfig=")
    assert 0 <= labels < options < script.find("DOMContentLoaded"), script[:300]
    assert '"Submit":"回答する"' in script, "the site's Japanese labels"


def test_options_stay_in_order(built_site: Path) -> None:
    for page in QUIZ_PAGES:
        for quiz in built_page(built_site, page).css(".quiz"):
            assert "data-shuffle-answers" not in quiz.attributes, f"{page}#{quiz.attributes['id']}"


def test_the_right_answer_is_not_always_in_the_same_place(built_site: Path) -> None:
    """The order is fixed, so no position may be learnt: at most 40 % of the quizzes share one."""
    positions = []
    for page in QUIZ_PAGES:
        for quiz in built_page(built_site, page).css(".quiz"):
            inputs = quiz.css("input[name=answer]")
            correct = [i for i, node in enumerate(inputs) if "data-correct" in node.attributes]
            if len(correct) == 1:
                positions.append(correct[0] + 1)
            else:
                where = f"{page}#{quiz.attributes['id']}"
                assert correct != list(range(len(correct))), f"{where}: the right ones come first"
    assert len(positions) >= 10, positions
    most = max(set(positions), key=positions.count)
    share = positions.count(most) / len(positions)
    assert share <= 0.4, f"{share:.0%} of the quizzes have the right answer at {most}: {positions}"


@pytest.mark.every_session
@pytest.mark.parametrize("page", ALL_QUIZ_PAGES)
def test_every_option_has_its_own_feedback(built_site: Path, page: str) -> None:
    assert built_page(built_site, page).css(".quiz"), f"{page} turns quizzes on and has none"
    for quiz in built_page(built_site, page).css(".quiz"):
        for option in quiz.css("fieldset > div"):
            label = option.css_first("label").text(strip=True)
            feedback = option.css_first(".answer-feedback")
            verdict = "正解" if option.css_first("input[data-correct]") else "不正解"
            where = f"{page}#{quiz.attributes['id']} {label!r}"
            assert feedback is not None, f"{where}: no feedback line"
            assert feedback.text(strip=True).startswith(verdict), f"{where}: feedback should start {verdict}"


def test_section_3_quizzes_are_explained_with_sources(built_site: Path) -> None:
    tree = built_page(built_site, SECTION_3)
    questions = [q.css_first(".quiz-question").text(strip=True) for q in tree.css(".quiz")]
    for quiz, start in zip(
        tree.css(".quiz"), ("ある企業はカメラ", "ある企業は運営する", "ある企業は自社の工場", "ある企業は経営する700")
    ):
        where = f"#{quiz.attributes['id']}"
        assert quiz.css_first(".quiz-question").text(strip=True).startswith(start), questions
        assert 3 <= len(quiz.css("input[name=answer]")) <= 5, where
        assert len(quiz.css("input[data-correct]")) == 1, where
        explanation = quiz.css_first("section.content .admonition")
        assert explanation is not None, f"{where}: no explanation"
        text = explanation.text()
        assert re.search(r"解説（\d{4}年\d{1,2}月\d{1,2}日の補足）", text), f"{where}: undated"
        assert "AIサービス" in text or "MLサービス" in text, f"{where}: AI or ML service?"
        hosts = {a.attributes["href"].split("/")[2] for a in explanation.css("a[href^='https://']")}
        assert hosts & {"docs.aws.amazon.com", "aws.amazon.com"}, f"{where}: no AWS source"
    # Where the AI service for the job ended or closed, it is named so, with today's answer, dated. The notes
    # give no answers, so nothing is called the answer of their time (tests/test_facts.py).
    for quiz in tree.css(".quiz")[2:]:
        text = quiz.css_first("section.content").text()
        assert re.search(r"(終了|新規受付を終了)したAIサービス", text), quiz.attributes["id"]
        assert "いま（2026年12月時点）の答え" in text, quiz.attributes["id"]
    assert tree.css_first(".quiz-intro .quiz-intro-reset") is not None
    assert tree.css_first("#quiz-results") is not None


def test_checks_end_sections_1_2_and_4(built_site: Path) -> None:
    for page in CHECK_PAGES:
        article = built_page(built_site, page).css_first("article")
        last_h2 = article.css("h2[id]")[-1]
        assert last_h2.attributes.get("id") == "check" and "理解度チェック" in last_h2.text(), page
        assert 2 <= len(article.css(".quiz")) <= 3, page
        after = article.html.split(last_h2.html, 1)[1]
        assert after.count('class="quiz"') == len(article.css(".quiz")), f"{page}: a quiz before the check"


def test_no_correct_answer_names_a_closed_service(built_site: Path) -> None:
    services = closed_services()
    assert {"Amazon Lookout for Vision", "Amazon Forecast"} <= {s["name"] for s in services}
    for page in QUIZ_PAGES:
        for quiz in built_page(built_site, page).css(".quiz"):
            question = quiz.css_first(".quiz-question").text()
            for correct in quiz.css("input[data-correct]"):
                label = quiz.css_first(f"label[for='{correct.attributes['id']}']").text()
                for service in services:
                    named = any(n.lower() in label.lower() for n in service["names"])
                    allowed = service["status"] == "closed" and HISTORICAL.search(question)
                    assert not named or allowed, (
                        f"{page}#{quiz.attributes['id']}: correct answer {label!r} names "
                        f"{service['name']} ({service['status']} {service.get('date', '')}, {service['source']})"
                    )


@pytest.mark.every_session
@pytest.mark.parametrize("page", ALL_QUIZ_PAGES)
def test_quiz_ui_and_answers_stay_out_of_search(built_site: Path, page: str) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    quiz_docs = [d for d in docs if d["location"].split("#")[0] == page]
    indexed = "\n".join(d["title"] + " " + d["text"] for d in quiz_docs)
    for label in UI_LABELS:
        assert label not in indexed, f"quiz UI label {label!r} is in the search index"
    for verdict in ("正解。", "不正解", "の補足）"):
        assert verdict not in indexed, f"search would give the answers away: {verdict!r}"
    questions = [q.text(strip=True) for q in built_page(built_site, page).css(".quiz .quiz-question")]
    squashed = re.sub(r"\s+", "", indexed)
    assert questions and all(re.sub(r"\s+", "", q) in squashed for q in questions), "the questions stay searchable"


# --- in Chromium ---------------------------------------------------------------


def quizzes(page):  # type: ignore[no-untyped-def]
    """The page's quizzes, once quiz.js has set them up (it adds a hidden reset button)."""
    page.locator("article .quiz .quiz-reset-button").first.wait_for(state="attached")
    return page.locator("article .quiz")


def choose(quiz, *, correct: bool) -> str:  # type: ignore[no-untyped-def]
    """Tick the right answer(s), or the first wrong one, submit; return the first ticked label."""
    options = quiz.locator("input[data-correct]") if correct else quiz.locator("input:not([data-correct])").first
    for index in range(options.count()):
        quiz.locator(f"label[for='{options.nth(index).get_attribute('id')}']").click()
    quiz.locator("button.quiz-button[type=submit]").click()
    return quiz.locator(f"label[for='{options.first.get_attribute('id')}']").inner_text()


def feedback_of(quiz, label: str) -> str:  # type: ignore[no-untyped-def]
    option = quiz.locator("fieldset > div").filter(has=quiz.page.get_by_text(label, exact=True))
    return option.locator(".answer-feedback").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("correct", [False, True], ids=["wrong", "right"])
@pytest.mark.parametrize("number", [0, 1, 2, 3], ids=["q1", "q2", "q3", "q4"])
def test_section_3_verdict_feedback_and_explanation(page, number: int, correct: bool) -> None:  # type: ignore[no-untyped-def]
    page.goto(SECTION_3)
    quiz = quizzes(page).nth(number)
    explanation = quiz.locator("section.content")
    assert not explanation.is_visible(), "the explanation waits for an answer"
    label = choose(quiz, correct=correct)
    item = quiz.locator(".quiz-feedback .quiz-feedback-item")
    verdict = "correct" if correct else "incorrect"
    assert re.search(rf"\b{verdict}\b", item.get_attribute("class") or ""), item.get_attribute("class")
    text = item.inner_text()
    assert label in text and re.search(r"^不正解" if not correct else r"^正解", text.replace(label, "").strip()), text
    assert feedback_of(quiz, label).strip() in text.replace("\n", "")
    if correct:
        assert explanation.is_visible() and "解説（2026年12月2日の補足）" in explanation.inner_text()
    else:
        right = quiz.locator("input[data-correct]").locator("xpath=..")
        assert "correct" in (right.get_attribute("class") or ""), "the right answer is shown"


def results(page) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", page.locator("#quiz-results").inner_text())


@pytest.mark.browser
def test_results_count_reload_restores_reset_clears(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(SECTION_3)
    assert "0 / 4 問に回答済み (0%)" in results(page)
    choose(quizzes(page).nth(0), correct=True)
    choose(quizzes(page).nth(1), correct=False)
    assert "2 / 4 問に回答済み (50%)" in results(page) and "1 問正解" in results(page), results(page)

    page.reload()
    first = quizzes(page).nth(0)
    assert first.locator("input[data-correct]").is_checked() and first.locator(".quiz-reset-button").is_visible()
    assert first.locator(".quiz-feedback .quiz-feedback-item.correct").is_visible()
    assert quizzes(page).nth(1).locator(".quiz-feedback .quiz-feedback-item.incorrect").is_visible()
    assert "2 / 4 問に回答済み (50%)" in results(page), results(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".quiz-intro-reset").click()
    assert "0 / 4 問に回答済み (0%)" in results(page), results(page)
    assert page.locator("article .quiz input:checked").count() == 0
    assert page.locator("article .quiz .quiz-feedback:not(.hidden)").count() == 0
    stored = page.evaluate("localStorage.getItem('quiz_progress_' + location.pathname)")
    assert json.loads(stored) == {}, stored

    for number, correct in enumerate([True, True, False, True]):
        choose(quizzes(page).nth(number), correct=correct)
    complete = page.locator("#quiz-results .quiz-results-complete")
    assert complete.is_visible() and "75%" in complete.inner_text(), results(page)
    assert "4 / 4 問に回答済み (100%)" in results(page) and "3 問正解" in results(page), results(page)


@pytest.mark.browser
def test_quizzes_work_after_instant_navigation(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("")
    page.evaluate("window.__sameDocument = true")
    navigate(page, page.locator(".md-nav--primary a[href$='which-service/']").first, "which-service/")
    choose(quizzes(page).nth(0), correct=True)
    quizzes(page).nth(0).locator(".quiz-feedback-item.correct").wait_for()

    navigate(page, page.locator("a.md-footer__link--next"), "infrastructure/")
    choose(quizzes(page).nth(1), correct=False)
    quizzes(page).nth(1).locator(".quiz-feedback-item.incorrect").wait_for()

    navigate(page, page.locator("a.md-footer__link--prev"), "which-service/")
    quizzes(page).nth(0).locator(".quiz-feedback-item.correct").wait_for()  # restored
    choose(quizzes(page).nth(1), correct=True)
    quizzes(page).nth(1).locator(".quiz-feedback-item.correct").wait_for()
    # Counted once each: quiz.js sets the page up more than once after instant
    # navigation, but drops its old listeners first.
    assert "2 / 4 問に回答済み (50%)" in results(page) and "2 問正解" in results(page), results(page)
    assert page.evaluate("window.__sameDocument === true"), "a full page load: instant navigation was not used"


@pytest.mark.browser
@pytest.mark.every_session
@pytest.mark.parametrize("quiz_page", ALL_QUIZ_PAGES)
def test_every_quiz_answers_with_the_keyboard_alone(page, built_site: Path, quiz_page: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(quiz_page)
    focused_in = "(sel) => !!document.activeElement && document.activeElement.matches(sel)"

    def tab_to(selector: str) -> None:
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate(focused_in, selector):
                return
        pytest.fail(f"{quiz_page}: Tab never reaches {selector}")

    for number in range(len(built_page(built_site, quiz_page).css("article .quiz"))):
        quiz_id = quizzes(page).nth(number).get_attribute("id")
        tab_to(f"#{quiz_id} input[name=answer]")
        kind = page.evaluate("document.activeElement.type")
        if kind == "radio":
            page.keyboard.press("Space")
            for _ in range(5):
                if page.evaluate("document.activeElement.dataset.correct === 'true'"):
                    break
                page.keyboard.press("ArrowDown")
        else:
            for _ in range(5):
                if page.evaluate("document.activeElement.dataset.correct === 'true'"):
                    page.keyboard.press("Space")
                page.keyboard.press("Tab")
                if not page.evaluate(focused_in, f"#{quiz_id} input[name=answer]"):
                    break
        tab_to(f"#{quiz_id} button[type=submit]")
        page.keyboard.press("Enter")
        verdict = page.locator(f"#{quiz_id} .quiz-feedback .quiz-feedback-item").first
        assert "correct" in (verdict.get_attribute("class") or "").split(), f"{quiz_page}#{quiz_id}"


@pytest.mark.browser
def test_a_phone_answers_all_four(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(SECTION_3)
    for number in range(4):
        quiz = quizzes(page).nth(number)
        choose(quiz, correct=True)
        box = quiz.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"quiz {number + 1} overflows: {box}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
    assert "100%" in page.locator("#quiz-results .quiz-results-score-value").inner_text()
    progress = page.locator("#quiz-progress-mobile")
    assert progress.is_visible() and "回答済み： 4 / 4" in re.sub(r"\s+", " ", progress.inner_text())


# The page has stopped scrolling: the same offset over five animation frames.
STILL = """() => new Promise((done) => { let last = scrollY, same = 0;
  const look = () => { same = scrollY === last ? same + 1 : 0; last = scrollY; same >= 5 ? done(true) : requestAnimationFrame(look); };
  requestAnimationFrame(look); })"""


@pytest.mark.browser
@pytest.mark.parametrize("anchor", ["2-1-parts", "2-3-beyond-sagemaker"])
def test_on_a_phone_a_linked_heading_is_not_under_the_progress_bar(page, anchor: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("session-01/sagemaker/")
    choose(quizzes(page).nth(0), correct=True)  # the bar shows once a question is answered
    # A reader follows the link from another page: a jump within this one could race the smooth
    # scroll that the answer's feedback starts (seen on a loaded machine).
    page.goto("session-01/")
    page.goto(f"session-01/sagemaker/#{anchor}")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(STILL)
    bar = page.locator("#quiz-progress-mobile").bounding_box()
    heading = page.locator(f"[id='{anchor}']").bounding_box()
    assert bar and heading, (bar, heading)
    assert heading["y"] >= bar["y"] + bar["height"], (
        f"heading at {heading['y']} under the bar ending at {bar['y'] + bar['height']}"
    )


# --- no accidental answers, one reset, a small phone bar (issue 14) ------------


def stored(page) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(page.evaluate("localStorage.getItem('quiz_progress_' + location.pathname)") or "{}")


@pytest.mark.browser
def test_an_empty_submit_locks_nothing(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(SECTION_3)
    quiz = quizzes(page).nth(0)
    quiz.locator("button.quiz-button[type=submit]").click()
    hint = quiz.locator(".quiz-choose-first")
    assert hint.is_visible() and "選択肢を選んで" in hint.inner_text(), "the reader is told to choose first"
    assert not quiz.locator(".quiz-feedback").is_visible(), "no verdict for an empty answer"
    assert not quiz.locator("section.content").is_visible(), "the explanation waits for an answer"
    assert quiz.locator("input:checked").count() == 0 and not quiz.locator("input").first.is_disabled()
    assert "0 / 4 問に回答済み" in results(page) and not any(v.get("answered") for v in stored(page).values())
    choose(quiz, correct=True)
    assert not hint.is_visible(), "the hint goes once an option is chosen"
    assert quiz.locator(".quiz-feedback-item.correct").is_visible()


@pytest.mark.browser
def test_a_wrong_answer_is_retried_per_question(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(SECTION_3)
    quiz = quizzes(page).nth(1)
    choose(quiz, correct=False)
    retry = quiz.get_by_role("button", name="もう一度")
    assert retry.is_visible() and quiz.locator(".quiz-feedback-item.incorrect").is_visible()
    # An answered question does not change by a stray tap on another option.
    ticked = quiz.locator("input:checked").get_attribute("id")
    quiz.locator("input[data-correct] + label").click()
    assert quiz.locator("input:checked").get_attribute("id") == ticked, "a tap changed an answered question"

    retry.click()
    assert quiz.locator("input:checked").count() == 0 and not quiz.locator(".quiz-feedback").is_visible()
    assert "0 / 4 問に回答済み" in results(page), results(page)
    choose(quiz, correct=True)
    assert "1 問正解" in results(page), results(page)
    page.reload()  # the retried answer is what localStorage keeps
    assert quizzes(page).nth(1).locator(".quiz-feedback-item.correct").is_visible()
    assert "1 / 4 問に回答済み" in results(page) and "1 問正解" in results(page), results(page)


RESET_CONTROLS = ".quiz-intro-reset, .quiz-reset-all-link, .quiz-results-reset"


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_one_reset_control_and_a_one_line_phone_bar(page, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 812})
    page.goto(SECTION_3)
    bar = page.locator("#quiz-progress-mobile")
    quizzes(page)
    assert not bar.is_visible(), "no progress bar (「正解：0 / 0」) before the first answer"
    for number in range(4):
        choose(quizzes(page).nth(number), correct=number != 2)
    visible = [c for c in page.locator(RESET_CONTROLS).all() if c.is_visible()]
    assert len(visible) == 1, f"{len(visible)} reset controls at {width} px"
    if width == 375:
        box = bar.bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#quiz-progress-mobile')).lineHeight)")
        assert box and box["height"] <= 2 * line, f"the phone bar is {box} tall, a line is {line} px"
        assert "回答済み： 4 / 4" in re.sub(r"\s+", " ", bar.inner_text()), bar.inner_text()


def test_the_quiz_links_are_no_tab_stops(built_site: Path) -> None:
    for page in QUIZ_PAGES:
        for link in built_page(built_site, page).css(".quiz .quiz-header-link"):
            assert link.attributes.get("tabindex") == "-1", f"{page}: {link.html}"


def test_search_keeps_the_options_apart(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    indexed = "\n".join(d["text"] for d in docs)
    for page in QUIZ_PAGES:
        for quiz in built_page(built_site, page).css(".quiz"):
            labels = [label.text(strip=True) for label in quiz.css("fieldset label")]
            for first, second in itertools.pairwise(labels):
                assert first + second not in indexed, f"{page}: options glued in search: {first + second}"
                assert first in indexed and second in indexed, f"{page}: an option is not searchable"
