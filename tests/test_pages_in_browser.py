"""Every page loads cleanly in Chromium: no console error, no failed request, nothing off-site."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from page_weight import draw_diagrams, page_paths  # noqa: E402

pytestmark = pytest.mark.browser


def test_every_page_loads_without_errors_or_off_site_requests(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    paths = page_paths(built_site)
    assert len(paths) >= 6, paths
    for path in paths:
        page.goto(path)
        draw_diagrams(page)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "ja", path
    # the `page` fixture itself fails the test on any request that left the site
    assert not problems, "\n".join(problems)


def test_pages_without_diagrams_do_not_load_mermaid(page) -> None:  # type: ignore[no-untyped-def]
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/vendor/mermaid/" in r.url else None)
    page.goto("")
    page.wait_for_load_state("networkidle")
    assert not loaded, loaded


def test_instant_navigation_to_a_diagram_page_draws_it_offline(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("session-01/")
    page.evaluate("window.__sameDocument = true")  # survives instant navigation only
    page.get_by_role("link", name=re.compile("SageMakerおさらい")).first.click()
    page.wait_for_url(re.compile("session-01/sagemaker/"))
    page.wait_for_function("document.querySelectorAll('pre.mermaid, div.mermaid').length >= 4")  # the new content
    draw_diagrams(page)
    assert page.locator("div.mermaid").count() >= 4
    assert page.locator("pre.mermaid").count() == 0
    assert page.evaluate("window.__sameDocument === true"), "a full page load, not instant navigation"


def test_diagrams_wait_until_the_reader_comes_near(page) -> None:  # type: ignore[no-untyped-def]
    # Mermaid's long tasks would otherwise compete with the page's own loading.
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/vendor/mermaid/" in r.url else None)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("session-01/sagemaker/")  # its first diagram starts below the first screen
    page.wait_for_load_state("networkidle")
    assert page.locator("div.mermaid").count() == 0 and not loaded, loaded
    page.mouse.wheel(0, 300)  # a reader starts scrolling: the diagram a screen ahead is drawn
    page.locator("div.mermaid").first.wait_for(state="attached")
    assert page.locator("pre.mermaid").count() > 0, "diagrams far down the page were drawn too"
