"""Diagrams on a 375 px phone: a wide one says it scrolls, and a tap opens it whole in a
dialog that zooms and closes with Esc, its button and the back gesture
(docs/assets/javascripts/diagram-zoom.js). Slides never open it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import site_nav
from site_tools import CONFIG, built_page

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
# Each session's folder ("session-01") and its pages' URL paths.
SESSION_PAGES = {urls[0].split("/")[0]: urls for urls in site_nav.sessions(CONFIG).values()}
SESSIONS = sorted(SESSION_PAGES)
WIDTH = re.compile(r"--diagram-width:\s*([\d.]+)px")
DIALOG = "dialog.diagram-zoom"
# The drawing in the dialog, as painted: its box, and the view's.
DRAWING_BOX = """() => {
  const svg = document.querySelector('.diagram-zoom__stage').shadowRoot.querySelector('svg');
  const r = svg.getBoundingClientRect(), v = document.querySelector('.diagram-zoom__view').getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
          view: {left: v.left, right: v.right, top: v.top, bottom: v.bottom}};
}"""


def widest_diagram(site_dir: Path, session: str) -> tuple[str, int, float] | None:
    """The URL path, index on its page and natural width of the session's widest diagram a reader sees."""
    found = []
    for path in SESSION_PAGES[session]:
        hosts = built_page(site_dir, path).css("article div.mermaid[data-diagram]")
        reading = [h for h in hosts if not any(p.css_matches(".diagram-wide") for p in _ancestors(h))]
        for host in reading:
            width = WIDTH.search(host.attributes.get("style") or "")
            if width:
                found.append((path, hosts.index(host), float(width[1])))
    return max(found, key=lambda f: f[2]) if found else None


def _ancestors(node):  # type: ignore[no-untyped-def]
    while (node := node.parent) is not None and node.tag != "html":
        yield node


@pytest.mark.every_session
@pytest.mark.parametrize("session", SESSIONS)
def test_the_widest_diagram_opens_whole_zooms_and_closes(page, built_site: Path, session: str) -> None:  # type: ignore[no-untyped-def]
    widest = widest_diagram(built_site, session)
    if widest is None:
        pytest.skip(f"{session} has no diagram")
    path, index, natural = widest
    page.set_viewport_size(PHONE)
    page.goto(path)
    host = page.locator("article div.mermaid[data-diagram]").nth(index)
    host.scroll_into_view_if_needed()
    column = host.evaluate("h => h.clientWidth")
    hint = page.locator(".diagram-hint").filter(has=page.locator(".diagram-hint__open"))
    # Labels stay at least 12 px: the drawing is never narrower than 0.8 of its natural width (16 px labels).
    drawn = host.evaluate("h => h.shadowRoot.querySelector('svg').getBoundingClientRect().width")
    assert drawn >= natural * 0.8 - 1, f"{path}: drawn {drawn} px wide of {natural} px: labels below 12 px"
    if natural * 0.8 > column:
        expect_hint = host.evaluate("h => h.nextElementSibling?.matches('.diagram-hint:not([hidden])')")
        assert expect_hint, f"{path}: a diagram {natural} px wide in a {column} px column says nothing about scrolling"
        assert "横にスクロールできます" in host.evaluate("h => h.nextElementSibling.innerText")
        fade = host.evaluate("h => getComputedStyle(h).maskImage")
        assert "gradient" in fade, f"{path}: the wide diagram's edge does not fade ({fade})"

    url = page.url
    host.click()  # a tap on the drawing
    dialog = page.locator(DIALOG)
    dialog.wait_for(state="visible")
    box = page.evaluate(DRAWING_BOX)
    view = box["view"]
    assert view["left"] - 1 <= box["left"] and box["right"] <= view["right"] + 1, f"not whole across: {box}"
    assert view["top"] - 1 <= box["top"] and box["bottom"] <= view["bottom"] + 1, f"not whole down: {box}"
    assert page.locator(".diagram-zoom__title").inner_text().strip(), "the dialog has no title"

    dialog.get_by_role("button", name="拡大").click()
    assert page.evaluate(DRAWING_BOX)["width"] > box["width"] * 1.4, "＋ did not zoom in"
    dialog.get_by_role("button", name="縮小").click()
    assert abs(page.evaluate(DRAWING_BOX)["width"] - box["width"]) < 2, "− did not zoom back out"

    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.url == url

    if hint.count():  # the hint's button opens it too
        page.locator(".diagram-hint__open").first.click()
    else:
        host.click()
    dialog.wait_for(state="visible")
    dialog.get_by_role("button", name="閉じる").click()
    dialog.wait_for(state="hidden")

    host.click()
    dialog.wait_for(state="visible")
    page.go_back()  # the back gesture closes the dialog and stays on the page
    dialog.wait_for(state="hidden")
    assert page.url == url, f"back left the page: {page.url}"
    page.go_back()  # and the next one leaves the page as usual: the dialog left no extra entry
    page.wait_for_url(lambda u: u != url)


def test_slides_never_open_the_zoom_dialog(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    widest = widest_diagram(built_site, SESSIONS[0])
    if widest is None:
        pytest.skip("no diagram")
    path, _, _ = widest
    page.goto(path + "?present")
    host = page.locator(".presentation-slide div.mermaid[data-diagram]").first
    host.wait_for(state="attached")
    host.evaluate("h => h.click()")  # on whichever slide it is
    page.wait_for_timeout(200)
    assert page.locator(f"{DIALOG}[open]").count() == 0, "a slide's diagram opened the zoom dialog"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_zoom_dialog_has_no_axe_violations(page, built_site: Path, scheme: str) -> None:  # type: ignore[no-untyped-def]
    sync_axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    widest = widest_diagram(built_site, SESSIONS[0])
    if widest is None:
        pytest.skip("no diagram")
    path, index, _ = widest
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.locator("article div.mermaid[data-diagram]").nth(index).click()
    page.locator(DIALOG).wait_for(state="visible")
    found = sync_axe.Axe().run(page).response["violations"]
    assert not found, [f"{v['id']}: " + "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in found]
