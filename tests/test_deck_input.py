"""A clicker's presses in the slides window and the presenter view, open together: none is lost.

A presenter presses quickly (a clicker's bursts, 50 ms apart) and often where
one page of the session ends and the next begins; either window may have the
keyboard, and either may be reloaded at any time. Every window reports each
slide number it shows (its counter, as a person reads it) to the test, through
reloads, so that the test sees every slide each window showed on the way.
After each burst both windows must end on the slide the presses lead to
(no press lost, no disagreement), and neither may have shown a slide that it
then left backwards. A window reloaded right after a burst comes back where
the talk is, and the other window does not move.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_nav import sessions
from site_tools import CONFIG

pytestmark = [pytest.mark.browser, pytest.mark.every_session]

SESSIONS = {pages[0].split("/")[0]: pages for pages in sessions(CONFIG).values()}
GAP = 0.05  # seconds between the presses of a burst
SLIDES_SCREEN = {"width": 1280, "height": 720}
LAPTOP = {"width": 1280, "height": 800}

# Every change of the number a window shows (its slide counter), reported with the window's name;
# 0 when a document starts (a load or a reload).
REPORT = """(() => {
  const mode = new URL(location.href).searchParams;
  if (window.top !== window || !(mode.has("present") || mode.has("presenter"))) return;  // previews, about:blank
  const name = mode.has("presenter") ? "presenter" : "slides";
  let last = null;
  window.__shown(name, 0);  // a new document: a load or a reload
  const read = () => {
    const el = document.querySelector(name === "presenter" ? ".presenter__counter" : ".presentation-counter");
    const n = el ? parseInt(el.textContent, 10) : NaN;
    if (Number.isInteger(n) && n !== last) { last = n; window.__shown(name, n); }
  };
  new MutationObserver(read).observe(document, { subtree: true, childList: true, characterData: true });
})();"""


def boundaries(built_site: Path, folder: str) -> tuple[list[int], int]:
    """The session's slide numbers that start a page (after its first), and its slide count."""
    data = json.loads((built_site / "assets/presentation/decks.json").read_text(encoding="utf-8"))
    deck = next(d for d in data["decks"] if d["slides"][0]["url"].startswith(f"{folder}/"))
    urls = [s["url"] for s in deck["slides"]]
    return [n for n in range(2, len(urls) + 1) if urls[n - 1] != urls[n - 2]], len(urls)


class Windows:
    """The slides window and the presenter view of one session, and every number each showed."""

    def __init__(self, browser, site_url: str, first_page: str) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(base_url=site_url, locale="ja-JP")
        self.context.set_default_timeout(20_000)
        self.shown: dict[str, list[int]] = {"slides": [], "presenter": []}
        self.context.expose_binding("__shown", lambda _source, name, n: self.shown[name].append(n))
        self.context.add_init_script(REPORT)
        self.slides = self.context.new_page()
        self.slides.set_viewport_size(SLIDES_SCREEN)
        self.slides.goto(f"{first_page}?present")
        self.presenter = self.context.new_page()
        self.presenter.set_viewport_size(LAPTOP)
        self.presenter.goto(f"{first_page}?presenter")
        self.wait_both(1)

    def page(self, name: str):  # type: ignore[no-untyped-def]
        return self.slides if name == "slides" else self.presenter

    def number(self, name: str) -> int | None:
        return self.shown[name][-1] if self.shown[name] else None

    def wait_both(self, n: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.slides.wait_for_timeout(50)  # lets the reports in
            self.presenter.wait_for_timeout(0)
            if self.number("slides") == n and self.number("presenter") == n:
                return
        raise AssertionError(f"expected both windows on slide {n}, saw {self.shown}")

    def jump(self, n: int) -> None:
        """Start a scenario on slide N, reached with G in the slides window."""
        self.slides.keyboard.press("g")
        self.slides.keyboard.type(str(n))
        self.slides.keyboard.press("Enter")
        self.wait_both(n)
        self.slides.wait_for_timeout(300)

    def burst(self, name: str, key: str, presses: int) -> None:
        page = self.page(name)
        start = time.monotonic()
        for i in range(presses):
            page.keyboard.press(key)
            time.sleep(max(0.0, start + (i + 1) * GAP - time.monotonic()))


@pytest.fixture()
def windows(browser, site_url: str, request) -> Iterator[Windows]:  # type: ignore[no-untyped-def]
    pair = Windows(browser, site_url, SESSIONS[request.param][0])
    yield pair
    pair.context.close()


def moved_only_one_way(numbers: list[int], forward: bool) -> bool:
    return all((b > a) if forward else (b < a) for a, b in itertools.pairwise(numbers))


@pytest.mark.parametrize("windows", list(SESSIONS), indirect=True)
def test_bursts_across_pages_to_either_window_lose_no_press(windows: Windows, built_site: Path, request) -> None:  # type: ignore[no-untyped-def]
    folder = request.node.callspec.params["windows"]
    starts, total = boundaries(built_site, folder)
    assert total >= 2, f"{folder}: a deck of one slide"
    starts = starts or [max(2, total // 2)]  # a session of one page: bursts within it
    problems: list[str] = []
    # (window, key, presses, reload): bursts of 3 to 5, over the first and the last page boundary,
    # forwards and backwards, then a reload of either window right after a burst.
    scenarios = [
        ("presenter", "PageDown", 4, None),
        ("slides", "PageDown", 3, None),
        ("slides", "PageUp", 5, None),
        ("presenter", "PageUp", 3, None),
        ("presenter", "PageDown", 5, "slides"),
        ("slides", "PageDown", 4, "presenter"),
        ("presenter", "PageDown", 3, "presenter"),
        ("slides", "PageUp", 4, "slides"),
    ]
    for i, (name, key, presses, reload) in enumerate(scenarios):
        boundary = starts[0] if i % 2 == 0 else starts[-1]
        forward = key == "PageDown"
        # Start so that the burst crosses the boundary in the middle.
        begin = boundary - presses // 2 - 1 if forward else boundary + presses // 2
        begin = max(1, min(total, begin))
        target = max(1, min(total, begin + (presses if forward else -presses)))
        windows.jump(begin)
        mark = {w: len(windows.shown[w]) for w in windows.shown}
        windows.burst(name, key, presses)
        if reload:
            windows.page(reload).reload()
        what = f"{presses}× {key} to the {name} window from slide {begin}" + (
            f", then a reload of {reload}" if reload else ""
        )
        try:
            windows.wait_both(target)
        except AssertionError as error:
            problems.append(f"{what}: {error}")
            continue
        windows.slides.wait_for_timeout(600)  # a late message would move a window now
        for w in windows.shown:
            seen = windows.shown[w][mark[w] :]
            if windows.number(w) != target:
                problems.append(f"{what}: the {w} window left slide {target} for {windows.number(w)}")
            before, after = seen, []
            if w == reload:
                assert 0 in seen, f"{what}: the {w} window did not reload"
                cut = len(seen) - seen[::-1].index(0)
                before, after = seen[: cut - 1], seen[cut:]
                # From its reload on, the window shows only where the talk is.
                if after != [target]:
                    problems.append(f"{what}: after its reload the {w} window showed {after}")
            if not moved_only_one_way([begin, *before], forward):
                problems.append(f"{what}: the {w} window showed {before} (from {begin}): it went back")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("folder", list(SESSIONS))
def test_the_ready_mark_says_when_the_slide_asked_for_is_shown_and_still(page, built_site: Path, folder: str) -> None:  # type: ignore[no-untyped-def]
    """`<html data-presentation-ready>`: "false" from a press until the new slide is shown and still, then "true"
    (a script that prints the deck waits for it, DECK.md contract 5)."""
    data = json.loads((built_site / "assets/presentation/decks.json").read_text(encoding="utf-8"))
    slides = next(d for d in data["decks"] if d["slides"][0]["url"].startswith(f"{folder}/"))["slides"]
    starts, _ = boundaries(built_site, folder)
    n = starts[0] if starts else len(slides)
    entry = slides[n - 1]
    page.goto(f"{entry['url']}?present" + (f"#{entry['key']}" if entry["key"] else ""))
    is_ready = "() => document.documentElement.dataset.presentationReady === 'true'"
    page.wait_for_function(is_ready)
    assert page.locator(".presentation-counter").inner_text().startswith(f"{n} /")
    assert page.evaluate("document.getAnimations().every((a) => a.playState !== 'running')")
    # A press to the slide before, on the page before when there is one: not ready until it is there.
    mark = page.evaluate(
        """() => { dispatchEvent(new KeyboardEvent("keydown", { key: "PageUp", bubbles: true }));
                   return document.documentElement.dataset.presentationReady; }"""
    )
    assert mark == "false", f"ready said {mark!r} right after a press"
    page.wait_for_function(is_ready)
    assert page.locator(".presentation-counter").inner_text().startswith(f"{n - 1} /")
