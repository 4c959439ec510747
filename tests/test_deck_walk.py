"""The deck as the room sees it: every slide of every session, on a 1920×1080 and a 1280×720 projector.

One walk per session and screen size, with the clicker's key only (→), checks on each slide
what someone at the back of the room would notice:

- every diagram's labels are at least 24 px at 1920×1080 and 16 px at 1280×720 (a diagram that
  is not is named by its Markdown file and line, from docs/assets/diagrams/index.json);
- at most one 「追加」 mark;
- at most 250 characters of the slide's own text (heading and body; not the section's name
  above it, not diagram labels, not the presenter's notes);
- the content sits in the middle: the space above and below it differ by at most 10 % of the
  screen's height, and none of it is cut off;
- nothing of the presenter's controls shows while the mouse rests (a small counter may);

and that the deck opens with its cover and ends with its closing, each with a QR code that a
phone reads as the session's first page. One browser page per screen size serves every session.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from site_nav import sessions
from site_tools import CONFIG, CURRENT, PROJECT, SETTLED
from test_qr_code import decode

pytestmark = pytest.mark.browser

SESSIONS = list(sessions(CONFIG).values())
FOLDERS = {pages[0].split("/", 1)[0]: pages for pages in SESSIONS}
# Screen → the smallest diagram label the room can read on it (24 px of the 1920×1080 slide).
SCREENS = {"1920x1080": ({"width": 1920, "height": 1080}, 24.0), "1280x720": ({"width": 1280, "height": 720}, 16.0)}
MAX_CHARACTERS = 250
CENTRED = 0.10  # of the screen's height
DIAGRAMS = PROJECT / "docs" / "assets" / "diagrams" / "index.json"

# Everything the walk measures on the slide on screen, in one call.
MEASURE = """(current) => {
  const slide = document.querySelector(current);
  const box = slide.getBoundingClientRect();
  const visible = (el) => el.checkVisibility({ visibilityProperty: true });
  // Diagram labels: each text's font size times the drawing's scale on screen.
  const diagrams = [...slide.querySelectorAll("div.mermaid")].filter(visible).map((host) => {
    const svg = host.shadowRoot?.querySelector("svg");
    if (!svg) return { key: host.dataset.diagram, smallest: null };
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("*")]
      .filter((el) => !el.closest("title, desc, style") && el.getBoundingClientRect().width > 0
        && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((el) => parseFloat(getComputedStyle(el).fontSize) * scale);
    return { key: host.dataset.diagram, smallest: sizes.length ? Math.min(...sizes) : null };
  });
  // 「追加」 marks: the slide's own, and any badge left on a heading, cell or caption.
  let marks = 0;
  for (const el of [slide, ...slide.querySelectorAll("*")])
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (style.content.includes("追加") && style.display !== "none" && visible(el)) marks += 1;
    }
  // The slide's own visible text, without the section's name, diagrams, notes or the QR code.
  const skip = ".presentation-context, .mermaid, .slide-note, svg";
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest(skip) || !visible(parent)) continue;
    text += node.textContent.replace(/\\s+/g, "");
  }
  // Where the content is: every visible box but a drawing's insides.
  const rects = [...slide.querySelectorAll("*")]
    .filter((el) => !el.closest("svg") && visible(el))
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0);
  const top = Math.min(...rects.map((r) => r.top));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  // The presenter's controls: any button of the bar that shows.
  const buttons = [...document.querySelectorAll(".presentation-bar button")].filter(visible).map((b) => b.textContent);
  return {
    counter: document.querySelector(".presentation-counter")?.textContent.trim(),
    diagrams, marks, text, above: top - box.top, below: box.bottom - bottom, buttons,
    cover: !!slide.querySelector(":scope > .slide-cover"), closing: !!slide.querySelector(":scope > .slide-closing"),
  };
}"""


@pytest.fixture(scope="module")
def screens(browser, site_url: str) -> Iterator[dict[str, object]]:  # type: ignore[no-untyped-def]
    """One page per screen size, for every session's walk (each context fails on off-site requests)."""
    contexts, pages, offsite = [], {}, []
    for name, (viewport, _) in SCREENS.items():
        context = browser.new_context(base_url=site_url, viewport=viewport, locale="ja-JP", reduced_motion="reduce")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:")) else offsite.append(r.url))
        contexts.append(context)
        pages[name] = page
    yield pages
    for context in contexts:
        context.close()
    assert not offsite, f"requests left the site: {offsite}"


def deck_of(built_site: Path, first_page: str) -> dict:
    decks = json.loads((built_site / "assets" / "presentation" / "decks.json").read_text(encoding="utf-8"))["decks"]
    return next(d for d in decks if d["slides"][0]["url"] == first_page)


def where(key: str | None) -> str:
    """A drawing's Markdown file and line (docs/assets/diagrams/index.json), for the message."""
    index = json.loads(DIAGRAMS.read_text(encoding="utf-8"))
    entry = index.get(key or "")
    return f"{entry['source']} ({entry['title']})" if entry else f"the diagram {key!r} (not in {DIAGRAMS.name})"


def qr_text(page, part: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What a phone reads from the QR code of the slide on screen's cover or closing."""
    return decode(page.locator(f"{CURRENT} .{part}__qr svg").screenshot())


def walk(page, first_page: str, total: int, floor: float, site_url: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.goto(f"{first_page}?present")
    page.wait_for_selector(CURRENT)
    # The mouse has not moved since the page opened: 2 s on, the controls are gone.
    page.wait_for_selector("html[data-presentation-idle]", state="attached", timeout=4000)
    height = page.viewport_size["height"]
    for number in range(1, total + 1):
        page.wait_for_function(
            "n => document.querySelector('.presentation-counter')?.textContent.trim().startsWith(n + ' /')"
            f' && document.querySelector("{CURRENT}")',
            arg=number,
        )
        page.wait_for_function("[...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet)")
        page.wait_for_function(SETTLED)
        seen = page.evaluate(MEASURE, CURRENT)
        at = f"slide {number} ({page.url.removeprefix(site_url)})"
        for diagram in seen["diagrams"]:
            if diagram["smallest"] is None or diagram["smallest"] < floor - 0.05:
                problems.append(
                    f"{at}: {where(diagram['key'])} has labels of {diagram['smallest'] or 0:.1f} px, under {floor:g} px"
                )
        if seen["marks"] > 1:
            problems.append(f"{at}: {seen['marks']} 「追加」 marks (one at most)")
        if len(seen["text"]) > MAX_CHARACTERS:
            problems.append(
                f"{at}: {len(seen['text'])} characters of text (at most {MAX_CHARACTERS}: split it with "
                f"<!-- slide -->): {seen['text'][:40]}…"
            )
        if seen["above"] < 0 or seen["below"] < 0:
            problems.append(f"{at}: content cut off ({seen['above']:.0f} px above, {seen['below']:.0f} px below)")
        elif abs(seen["above"] - seen["below"]) > CENTRED * height:
            problems.append(f"{at}: not centred ({seen['above']:.0f} px above the content, {seen['below']:.0f} below)")
        if seen["buttons"]:
            problems.append(f"{at}: the presenter's buttons show while the mouse rests: {seen['buttons']}")
        expected = urljoin(site_url, first_page)
        if number == 1 and not (seen["cover"] and qr_text(page, "slide-cover") == [expected]):
            problems.append(f"{at}: the cover's QR code does not read {expected}")
        if number == total and not (seen["closing"] and qr_text(page, "slide-closing") == [expected]):
            problems.append(f"{at}: the closing's QR code does not read {expected}")
        if number < total:
            page.keyboard.press("ArrowRight")
    return problems


@pytest.mark.every_session
@pytest.mark.parametrize("folder", FOLDERS)
def test_every_slide_reads_from_the_back_of_the_room(screens, built_site: Path, site_url: str, folder: str) -> None:  # type: ignore[no-untyped-def]
    first_page = FOLDERS[folder][0]
    deck = deck_of(built_site, first_page)
    total = len(deck["slides"])
    assert deck["slides"][0]["key"] == "" and deck["slides"][-1]["key"] == "closing", "no cover or no closing"
    problems: list[str] = []
    for name, (_, floor) in SCREENS.items():
        problems += [f"{name}: {p}" for p in walk(screens[name], first_page, total, floor, site_url)]
    assert not problems, "\n".join(problems)


@pytest.mark.every_session
@pytest.mark.parametrize("folder", FOLDERS)
def test_the_controls_come_with_the_mouse_and_never_in_print(screens, folder: str) -> None:  # type: ignore[no-untyped-def]
    """They come back when the mouse moves and go 2 s after it rests; `?present&print` never shows them."""
    page = screens["1280x720"]
    first_page = FOLDERS[folder][0]
    page.goto(f"{first_page}?present")
    page.wait_for_selector("html[data-presentation-idle]", state="attached", timeout=4000)
    buttons = page.locator(".presentation-bar button")
    assert not [b for b in buttons.all() if b.is_visible()]
    page.mouse.move(400, 300)
    page.mouse.move(420, 310)
    page.get_by_role("button", name="次のスライド（→）").wait_for(state="visible", timeout=1000)
    page.wait_for_selector("html[data-presentation-idle]", state="attached", timeout=4000)
    assert not [b for b in buttons.all() if b.is_visible()]
    page.goto(f"{first_page}?present&print")
    page.wait_for_selector(CURRENT)
    page.mouse.move(500, 400)
    page.mouse.move(520, 410)
    page.wait_for_timeout(300)
    assert page.locator(".presentation-bar").is_hidden(), "the bar shows in ?present&print"


def test_the_qr_dialog_fits_every_screen_from_1024x768(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Q shows the whole dialog, title to button, with no scrolling, and its code reads the site's address."""
    problems = []
    for width, height in [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("session-01/infrastructure/?present")
        page.wait_for_selector(CURRENT)
        page.keyboard.press("q")
        dialog = page.get_by_role("dialog", name="スマートフォンでこのサイトを開く")
        dialog.wait_for(state="visible")
        fit = dialog.evaluate(
            """d => { const box = d.getBoundingClientRect();
                const parts = [...d.children].map((c) => c.getBoundingClientRect());
                return { top: box.top, bottom: box.bottom, scrolls: d.scrollHeight > d.clientHeight + 1,
                         inside: parts.every((r) => r.top >= box.top && r.bottom <= box.bottom) }; }"""
        )
        if fit["top"] < 0 or fit["bottom"] > height or fit["scrolls"] or not fit["inside"]:
            problems.append(f"{width}x{height}: {fit}")
        elif decode(dialog.locator("svg").screenshot()) != [site_url]:
            problems.append(f"{width}x{height}: the code does not read {site_url}")
    assert not problems, "\n".join(problems)
