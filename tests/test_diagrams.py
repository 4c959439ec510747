"""Every Mermaid diagram is checked at build time, parses in the self-hosted Mermaid, and ships drawn."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import render_diagrams
import serve_site
from site_tools import ROOT, mkdocs_build  # site_tools also puts scripts/ on the import path

DATA = Path(__file__).resolve().parent / "data" / "diagrams"


# (Markdown page, line of the fence, diagram source) for every diagram of the site.
SITE_DIAGRAMS = [(src, d.line, d.source) for src, d in render_diagrams.site_diagrams()]
# Markdown page -> how many diagrams it has.
PER_PAGE = Counter(src for src, _, _ in SITE_DIAGRAMS)


def page_url(src: str) -> str:
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def build_fixture(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    """Build a one-page project that uses the site's real diagrams hook."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text((DATA / page).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: fixture\nstrict: true\n"
        f"hooks:\n  - {ROOT / 'overrides' / 'hooks' / 'diagrams.py'}\n"
        "markdown_extensions:\n  - pymdownx.superfences\n",
        encoding="utf-8",
    )
    return mkdocs_build(tmp_path, tmp_path / "site", timeout=120)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("unclosed-fence.md", "index.md:5: mermaid fence is never closed"),
        ("missing-acctitle.md", "index.md:3: mermaid diagram needs a non-empty accTitle:"),
        ("unknown-diagram-type.md", "index.md:3: unknown mermaid diagram type"),
        ("missing-accdescr-after-front-matter.md", "index.md:8: mermaid diagram needs a non-empty accDescr:"),
        ("diagram-inside-quiz.md", "index.md:8: a mermaid diagram cannot be inside a <quiz>"),
    ],
)
def test_a_bad_diagram_fails_the_build_with_page_and_line(tmp_path: Path, page: str, message: str) -> None:
    result = build_fixture(tmp_path, page)
    assert result.returncode != 0, result.stderr
    assert message in result.stderr, result.stderr


def test_valid_mermaid_in_other_forms_builds(tmp_path: Path) -> None:
    """%% comments, an accDescr { } block, and a mermaid example shown inside a longer fence."""
    result = build_fixture(tmp_path, "valid-other-forms.md")
    assert result.returncode == 0, result.stderr


def test_the_site_has_the_diagrams_the_notes_need() -> None:
    titles = {src: [] for src, _, _ in SITE_DIAGRAMS}
    for src, _, source in SITE_DIAGRAMS:
        titles[src] += [line.split(":", 1)[1].strip() for line in source.splitlines() if "accTitle:" in line]
    assert len(titles["session-01/sagemaker.md"]) >= 4, titles  # [画像01], [画像2], [画像3], 2-3
    assert titles["session-01/ml-services.md"] and titles["session-01/infrastructure.md"], titles


@pytest.mark.browser
def test_every_diagram_parses_in_the_self_hosted_mermaid(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("")
    errors = []
    for src, line, source in SITE_DIAGRAMS:
        error = page.evaluate(
            "async (text) => { try { await window.mermaid.parse(text); return null; }"
            " catch (e) { return String(e.message || e); } }",
            source,
        )
        if error:
            first = source.strip().splitlines()[0]
            errors.append(f"docs/{src}:{line}: {first!r}: {error}")
    assert not errors, "\n".join(errors)


def test_every_diagram_has_its_drawing_and_every_drawing_a_diagram(built_site: Path) -> None:
    status = render_diagrams.status(render_diagrams.diagram_pages(built_site))
    assert sum(len(keys) for keys in status.pages.values()) == len(SITE_DIAGRAMS), status.pages
    sources = render_diagrams.diagram_sources()
    missing = [render_diagrams.describe(key, status.pages, sources) for key in status.missing]
    assert not missing, f"no drawing for {missing}: run `make diagrams`"
    assert not status.unused, f"drawings no diagram uses: {status.unused}: run `make diagrams`"
    assert set(sources) == {key for keys in status.pages.values() for key in keys}, "keys from Markdown and HTML differ"


def test_drawings_are_missing_or_unused_by_key(tmp_path: Path) -> None:
    (tmp_path / "drawn.html").write_text("<svg></svg>", encoding="utf-8")
    (tmp_path / "old.html").write_text("<svg></svg>", encoding="utf-8")
    status = render_diagrams.status({"a/": ["drawn", "new"], "b/": ["new"]}, tmp_path)
    assert status.missing == ["new"]
    assert status.unused == [tmp_path / "old.html"]


def test_render_script_rejects_a_bad_option() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_diagrams.py"), "--redraw"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result
    assert "unrecognized arguments: --redraw" in result.stderr, result.stderr


@pytest.mark.parametrize("lacking", ["chromium", "font"])
def test_render_script_without_chromium_or_the_font_exits_2(tmp_path: Path, lacking: str) -> None:
    """Drawn elsewhere, a drawing would not match the others: the script stops at once, and
    points to Debian's packages, never to a browser download."""
    if lacking == "chromium":
        env = {"CHROME_PATH": str(tmp_path / "no-chromium")}
    else:  # a fontconfig that knows no font at all
        empty = '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n'
        (tmp_path / "fonts.conf").write_text(empty, encoding="utf-8")
        env = {"FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_diagrams.py")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 2, result
    assert result.stderr.count("\n") == 1, f"one line: {result.stderr}"
    package = "chromium package" if lacking == "chromium" else "fonts-noto-cjk"
    expected = f"install Debian's {package}"
    assert expected in result.stderr, result.stderr
    assert "download" not in result.stderr.lower(), result.stderr
    assert "playwright install" not in result.stderr, result.stderr
    assert result.stdout == "", "nothing drawn"


@pytest.mark.browser
def test_a_diagram_without_a_drawing_is_drawn_in_the_browser(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What `make diagrams` does, and what `make serve` shows while a diagram is edited."""
    site_dir = tmp_path / "site"
    with serve_site.serve(site_dir) as url:
        result = mkdocs_build(ROOT, site_dir, SITE_URL=url, DIAGRAMS_DRAWN_IN_BROWSER="1")
        assert result.returncode == 0, result.stderr
        keys = render_diagrams.diagram_pages(site_dir)["session-01/sagemaker/"]
        drawn = render_diagrams.draw_page(browser, url, "session-01/sagemaker/", keys)
    assert list(drawn) == keys and len(keys) >= 4
    for key, svg in drawn.items():
        assert svg.startswith(f'<svg id="mermaid-{key}"'), svg[:200]
        assert "__mermaid" not in svg, "Material's page-wide ids would repeat on the handout"
        assert re.search(r'<title id="chart-title-mermaid-[0-9a-f]+">\S', svg), svg[:600]
        assert 'aria-labelledby="chart-title-mermaid-' in svg
        # Slimmed: no data for scripts, no id or arrowhead that nothing refers to, one decimal.
        assert not re.search(r"\sdata-[\w-]+=", svg), "data attributes that nothing uses"
        for marker in re.findall(r'<marker id="([^"]+)"', svg):
            assert f"url(#{marker})" in svg, f"unused arrowhead {marker}"
        ids = re.findall(r'\sid="([^"]+)"', svg)
        assert len(ids) <= 4, f"ids nothing refers to: {ids}"  # the <svg>, <title>, <desc>, the arrowhead
        assert not re.search(r'\s(?:d|transform|width|height|viewBox)="[^"]*\d\.\d\d', svg), (
            "coordinates to many decimals"
        )
        # CSS one rule a line; rules for other kinds of diagram are marked unused.
        rules = re.search(r"<style>(.*?)</style>", svg, re.DOTALL)[1].split("\n")
        sequence = [rule for rule in rules if "sequenceNumber" in rule or "loopLine" in rule]
        assert sequence and all(rule.startswith("/* unused */ ") for rule in sequence), sequence


@pytest.mark.browser
@pytest.mark.parametrize("src", sorted(PER_PAGE))
def test_every_diagram_shows_as_a_visible_titled_svg(page, src: str) -> None:  # type: ignore[no-untyped-def]
    expected = PER_PAGE[src]
    page.goto(page_url(src))
    assert page.locator("pre.mermaid").count() == 0, "a diagram is left for the browser to draw"
    hosts = page.locator("div.mermaid").all()
    assert len(hosts) == expected
    for box in hosts:
        if box.evaluate("d => !d.checkVisibility() && !!d.closest('.diagram-wide')"):
            continue  # the slides' drawing of a diagram that pages show drawn for reading (site.css)
        box.scroll_into_view_if_needed()
        svg = box.evaluate(
            "d => { const s = d.shadowRoot.querySelector('svg'); const r = s.getBoundingClientRect();"
            " return { w: r.width, h: r.height, title: s.querySelector('title')?.textContent,"
            " desc: s.querySelector('desc')?.textContent, labelled: s.getAttribute('aria-labelledby') } }"
        )
        assert svg["w"] > 100 and svg["h"] > 50, svg
        assert svg["title"] and svg["desc"] and svg["labelled"], svg
    page.wait_for_function(f"{STYLED} >= {expected}")


# How many diagrams show with their shared stylesheet applied: shown (not hidden
# while it loads) and boxes in Material's colours, not SVG's default black.
STYLED = """[...document.querySelectorAll('div.mermaid')].filter((d) => {
  const svg = d.shadowRoot?.querySelector('svg');
  const box = svg?.querySelector('.node rect, .node path');
  return svg && box && getComputedStyle(svg).visibility === 'visible' && getComputedStyle(box).fill !== 'rgb(0, 0, 0)';
}).length"""


def test_the_css_each_drawing_shares_is_one_stylesheet(built_site: Path) -> None:
    sheets = sorted(built_site.glob("assets/stylesheets/diagrams-*.css"))
    assert [sheet.name for sheet in sheets] == ["diagrams-flowchart-v2.css"], sheets
    css = sheets[0].read_text(encoding="utf-8")
    assert ".nodeLabel" in css and "sequenceNumber" not in css, "rules for other kinds of diagram"
    for src in sorted(PER_PAGE):
        page = built_site / page_url(src) / "index.html"
        text = page.read_text(encoding="utf-8")
        links = re.findall(
            r"<template shadowrootmode=\"?open\"?>(?:<style>[^<]*</style>)?"
            r"<link rel=\"?stylesheet\"? href=\"?([^\" >]+)",
            text,
        )
        assert len(links) == PER_PAGE[src], (src, links)
        assert all((page.parent / link).resolve() == sheets[0].resolve() for link in links), (src, links)
        assert ".nodeLabel" not in text, f"{src}: shared rules copied into the page"


@pytest.mark.browser
def test_diagrams_keep_their_stylesheet_after_instant_navigation_under_a_sub_path(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GitHub Pages serves a project's site under /REPOSITORY/. A drawing links the
    shared stylesheet by a relative address, which must hold from the page it shows
    on, also when instant navigation brings it from the home page, nearer the root."""
    with serve_site.serve(tmp_path) as url:
        result = mkdocs_build(ROOT, tmp_path / "sub", SITE_URL=url + "sub/")
        assert result.returncode == 0, result.stderr
        context = browser.new_context(base_url=url + "sub/", locale="ja-JP")
        try:
            page = context.new_page()
            page.goto("")
            page.evaluate("window.__sameDocument = true")  # survives instant navigation only
            page.get_by_role("link", name=re.compile("SageMakerおさらい")).first.click()
            page.wait_for_url(re.compile("/sub/session-01/sagemaker/"))
            page.wait_for_function(f"{STYLED} >= 4", timeout=15_000)
            assert page.evaluate("window.__sameDocument === true"), "a full page load, not instant navigation"
        finally:
            context.close()
