"""Every page loads cleanly in Chromium: no console error, no failed request, nothing off-site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_tools import drawn_diagrams, page_paths

pytestmark = pytest.mark.browser


def test_every_page_loads_without_errors_off_site_requests_or_mermaid(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    mermaid: list[str] = []  # diagrams come drawn at build time (overrides/hooks/diagrams.py)
    page.on("request", lambda r: mermaid.append(r.url) if "/vendor/mermaid/" in r.url else None)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    paths = page_paths(built_site)
    assert len(paths) >= 6, paths
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "ja", path
    # the `page` fixture itself fails the test on any request that left the site
    assert not problems, "\n".join(problems)
    assert not mermaid, mermaid


def test_instant_navigation_to_a_diagram_page_shows_its_diagrams(page) -> None:  # type: ignore[no-untyped-def]
    # Instant navigation parses the next page with DOMParser, which leaves declarative
    # shadow roots as inert <template>s; mermaid-loader.js attaches them.
    page.goto("session-01/")
    page.evaluate("window.__sameDocument = true")  # survives instant navigation only
    page.get_by_role("link", name=re.compile("SageMakerおさらい")).first.click()
    page.wait_for_url(re.compile("session-01/sagemaker/"))
    page.wait_for_function(f"{drawn_diagrams()} >= 4")
    assert page.locator("div.mermaid > template").count() == 0
    assert page.evaluate("window.__sameDocument === true"), "a full page load, not instant navigation"


# The computed styles a reader sees of a table and its cells.
TABLE_LOOK = """(table) => {
  const pick = (el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el).getPropertyValue(n)]));
  return {
    table: pick(table, ["display", "font-size", "border-top-width", "border-top-style", "border-radius",
                        "background-color"]),
    th: pick(table.querySelector("th"), ["padding-left", "padding-top", "font-weight", "min-width", "text-align"]),
    td: pick(table.querySelector("td"), ["padding-left", "padding-top", "border-top-width", "vertical-align",
                                         "text-align"]),
  };
}"""


def test_tables_come_wrapped_and_look_like_materials(page) -> None:  # type: ignore[no-untyped-def]
    # overrides/hooks/tables.py wraps them at build time, so that Material's script does not
    # take them out and put them back (a second paint of the largest text on a phone's screen).
    page.goto("session-01/ml-services/")
    page.wait_for_load_state("networkidle")
    tables = page.locator("article table")
    assert tables.count() == 1
    assert page.locator(".md-typeset__scrollwrap > .md-typeset__table > table.site-table").count() == 1
    assert page.locator(".md-typeset__scrollwrap .md-typeset__scrollwrap").count() == 0, "wrapped twice"
    # The same table without the class, in Material's wrapper, as Material's own CSS styles it.
    page.evaluate(
        """() => { const wrap = document.querySelector('.md-typeset__scrollwrap');
                   const copy = wrap.cloneNode(true); copy.querySelector('table').removeAttribute('class');
                   copy.querySelector('table').id = 'reference'; wrap.after(copy); }"""
    )
    ours = page.locator("table.site-table").evaluate(TABLE_LOOK)
    assert ours == page.locator("#reference").evaluate(TABLE_LOOK)
    assert ours["td"]["padding-left"] != "0px" and ours["table"]["border-top-style"] == "solid", ours
