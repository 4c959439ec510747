"""Accessibility: axe-core on every page in both colour schemes, the keyboard, `lang`.

axe-core comes from axe-playwright-python, which injects its bundled
axe.min.js with `page.evaluate` and runs `axe.run()` (all rules that are not
experimental: WCAG 2.x A/AA and best practices such as `region` and
`heading-order`). Diagrams come drawn (as SVG in an open shadow root), so
axe checks them too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_nav import session_list
from site_tools import CONFIG, CURRENT, SETTLED, built_page, page_paths

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")
SESSIONS = {session.folder: [page.url for page in session.pages] for session in session_list(CONFIG)}


@pytest.fixture(scope="module")
def axe():  # type: ignore[no-untyped-def]
    sync_axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    return sync_axe.Axe()


def load(page, path: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED)  # axe measures contrast as painted: let fades (slides, header) finish
    expected = "slate" if scheme == "dark" else "default"
    actual = page.evaluate("document.body.dataset.mdColorScheme")
    assert actual == expected, f"{path}: Material drew scheme {actual!r} for {scheme}"


def violations(axe, page) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per violation: rule, impact and the first few offending elements."""
    found = axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): " + "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in found]


def no_violations(page, axe, paths: list[str], scheme: str) -> None:  # type: ignore[no-untyped-def]
    report = {}
    for path in paths:
        load(page, path, scheme)
        if found := violations(axe, page):
            report[path or "/"] = found
    assert not report, f"axe violations in the {scheme} scheme: {report}"


@pytest.mark.every_session
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("folder", list(SESSIONS))
def test_every_page_of_a_session_has_no_axe_violations(page, axe, folder: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    no_violations(page, axe, SESSIONS[folder], scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_other_page_has_no_axe_violations(page, built_site: Path, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    in_sessions = {path for paths in SESSIONS.values() for path in paths}
    paths = [path for path in page_paths(built_site) if path not in in_sessions]
    assert "" in paths and "print/" in paths, paths
    no_violations(page, axe, paths, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_answered_quiz_has_no_axe_violations(page, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    load(page, "session-01/which-service/", scheme)
    quiz = page.locator(".quiz").first
    quiz.locator('input[data-correct="true"]').first.check()
    quiz.locator("button.quiz-button[type=submit]").click()  # 回答する (auto_submit: false)
    page.locator(".quiz-feedback").first.wait_for(state="visible")
    assert not (found := violations(axe, page)), found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_phone_quiz_asking_for_a_choice_and_offering_a_retry_has_no_axe_violations(page, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """On a phone: the one-line progress bar, the hint of an empty 回答する, a wrong answer's もう一度."""
    page.set_viewport_size({"width": 375, "height": 812})
    load(page, "session-01/which-service/", scheme)
    first, second = page.locator(".quiz").nth(0), page.locator(".quiz").nth(1)
    first.locator("button.quiz-button[type=submit]").click()
    first.locator(".quiz-choose-first").wait_for()
    second.locator("input:not([data-correct])").first.check()
    second.locator("button.quiz-button[type=submit]").click()
    second.locator(".quiz-reset-button").wait_for()
    page.locator("#quiz-progress-mobile").wait_for()
    assert not (found := violations(axe, page)), found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_presentation_mode_has_no_axe_violations(page, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1920, "height": 1080})
    load(page, "session-01/ml-services/?present", scheme)
    current = page.locator(CURRENT)
    found: dict[str, list[str]] = {}
    # The page's slides: text, a table, a diagram, supplements as markers, quizzes.
    for _ in range(page.locator(".presentation-slide").count()):
        page.wait_for_function(SETTLED)
        if problems := violations(axe, page):
            found[current.get_attribute("data-key") or "first"] = problems
        page.keyboard.press("ArrowRight")
    assert not found, found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_presentation_dialogs_have_no_axe_violations(page, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """The overview (O), the jump by number (G) and the keys (?), each open over a slide."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    load(page, "session-01/sagemaker/?present", scheme)
    found = {}
    for key, name in [("o", "スライド一覧"), ("g", "スライド番号で移動"), ("?", "キー操作")]:
        page.keyboard.press(key)
        page.get_by_role("dialog", name=name).wait_for(state="visible")
        page.wait_for_function(SETTLED)
        if problems := violations(axe, page):
            found[name] = problems
        page.keyboard.press("Escape")
        page.get_by_role("dialog", name=name).wait_for(state="hidden")
    assert not found, found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_presenter_view_has_no_axe_violations(page, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 800})
    load(page, "session-01/sagemaker/?presenter", scheme)
    page.locator(".presenter__notes-body .supplement").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert not (found := violations(axe, page)), found
    page.keyboard.press("b")  # blacked out: the view says so
    page.locator(".presenter__black").wait_for()
    assert not (found := violations(axe, page)), found


def test_every_page_declares_japanese(built_site: Path) -> None:
    for path in page_paths(built_site):
        root = built_page(built_site, path).css_first("html")
        assert root.attributes.get("lang") == "ja", f"{path or '/'}: {root.attributes}"


# Focus, Tab by Tab ------------------------------------------------------------

# Every control a keyboard can reach, as the page shows it before any focus.
# A radio group is one Tab stop (arrow keys move inside it), so its radios
# share the number of the group's first radio.
TAB_STOPS = """() => {
  const stops = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((e) => !e.disabled && e.tabIndex >= 0 && !e.closest('[inert], [hidden]')
      && e.checkVisibility({ visibilityProperty: true, opacityProperty: true })
      && e.getClientRects().length > 0);
  const groups = {};
  stops.forEach((e, i) => {
    const key = e.type === 'radio' && e.name ? `${e.form ? [...document.forms].indexOf(e.form) : ''}/${e.name}` : null;
    e.dataset.tabStop = key ? (groups[key] ??= i) : i;
    e.dataset.look = i;
  });
  return stops.map((e) => [e.dataset.tabStop, e.outerHTML.slice(0, 100)]);
}"""

# What draws a control's focus: the control, its labels, the label right after
# it (Material's palette toggle outlines that one) and the search form, which
# Material opens when its input takes focus.
DRAWN = """(e) => [e, ...(e.labels || []),
  ...(e.nextElementSibling?.tagName === 'LABEL' ? [e.nextElementSibling] : []),
  ...(e.classList.contains('md-search__input') ? [e.form] : [])]"""
LOOK = """(x) => { const s = getComputedStyle(x);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
          s.color, s.borderColor, s.textDecorationLine].join('|'); }"""

# How each Tab stop looks before any focus.
LOOKS = f"""() => {{ const drawn = {DRAWN}; const look = {LOOK};
  return Object.fromEntries([...document.querySelectorAll('[data-look]')]
    .map((e) => [e.dataset.look, drawn(e).map(look).join(' ')])); }}"""

# The focused control: shown at all, and shown differently from before (a
# visible outline, or any change of outline, shadow, colours, border, underline).
FOCUS_STATE = f"""async (before) => {{ const drawn = {DRAWN}; const look = {LOOK};
  const e = document.activeElement;
  const state = () => {{
    const parts = drawn(e);
    const outlined = parts.some((x) => {{ const s = getComputedStyle(x);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }});
    return {{
      stop: e.dataset.tabStop ?? null,
      html: e.outerHTML.slice(0, 100),
      visible: parts.some((x) => x.checkVisibility({{ visibilityProperty: true, opacityProperty: true }})
                                 && x.getClientRects().length > 0),
      indicated: outlined || (before[e.dataset.look] ?? null) !== parts.map(look).join(' '),
    }};
  }};
  // Material reacts to some focus a moment later (it opens the search): allow half a second.
  const until = performance.now() + 500;
  let now = state();
  while (!(now.visible && now.indicated) && performance.now() < until) {{
    await new Promise((done) => requestAnimationFrame(done));
    now = state();
  }}
  return now;
}}"""


@pytest.mark.parametrize("path", ["", "session-01/ml-services/", "session-01/which-service/"])
def test_keyboard_reaches_every_control_with_visible_focus(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """Tab from the top to the end: every control is reached, and shows it has focus."""
    page.set_viewport_size({"width": 1280, "height": 800})
    load(page, path, "light")
    # Material fades some controls in on focus; judge the end state, not the animation.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    stops = page.evaluate(TAB_STOPS)
    before = page.evaluate(LOOKS)
    reached: set[str] = set()
    problems: list[str] = []
    for _ in range(len(stops) + 40):  # stops that appear only on focus come on top
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE, before)
        if state["html"].startswith("<body"):
            break  # past the last control
        if state["stop"] is not None:
            reached.add(state["stop"])
        if not state["visible"]:
            problems.append(f"focus on an invisible element: {state['html']}")
        elif not state["indicated"]:
            problems.append(f"no visible focus indicator: {state['html']}")
    missed = sorted({html for stop, html in stops if stop not in reached})
    assert not missed, f"{path or '/'}: Tab never reaches {missed}"
    assert not problems, f"{path or '/'}: {problems}"
