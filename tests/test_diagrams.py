"""Every Mermaid diagram is checked at build time, parses in the self-hosted Mermaid, and ships drawn."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

import render_diagrams  # puts overrides/hooks/ on the import path: lib.drawings
import serve_site
from lib import drawings
from site_tools import ROOT, mkdocs_build, site_copy

DATA = Path(__file__).resolve().parent / "data" / "diagrams"


# Every diagram of the site: where it is written (PAGE.md:LINE), its text, its title.
SITE_DIAGRAMS = render_diagrams.site_diagrams()
# Markdown page -> how many diagrams it has.
PER_PAGE = Counter(d.where.rpartition(":")[0] for d in SITE_DIAGRAMS)
DRAWINGS = ROOT / "docs" / drawings.DRAWINGS
SVG = "{http://www.w3.org/2000/svg}"


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
    titles: dict[str, list[str]] = {src: [] for src in PER_PAGE}
    for diagram in SITE_DIAGRAMS:
        titles[diagram.where.rpartition(":")[0]].append(diagram.title)
    assert len(titles["session-01/sagemaker.md"]) >= 4, titles  # [画像01], [画像2], [画像3], 2-3
    assert titles["session-01/ml-services.md"] and titles["session-01/infrastructure.md"], titles


@pytest.mark.browser
def test_every_diagram_parses_in_the_self_hosted_mermaid(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("")
    errors = []
    for diagram in SITE_DIAGRAMS:
        error = page.evaluate(
            "async (text) => { try { await window.mermaid.parse(text); return null; }"
            " catch (e) { return String(e.message || e); } }",
            diagram.text,
        )
        if error:
            first = diagram.text.strip().splitlines()[0]
            errors.append(f"docs/{diagram.where}: {first!r}: {error}")
    assert not errors, "\n".join(errors)


def test_every_diagram_has_its_drawing_and_every_drawing_a_diagram(built_site: Path) -> None:
    status = render_diagrams.status(render_diagrams.diagram_pages(built_site))
    assert sum(len(keys) for keys in status.pages.values()) == len(SITE_DIAGRAMS), status.pages
    index = render_diagrams.site_index()
    missing = [render_diagrams.describe(key, status.pages, index) for key in status.missing]
    assert not missing, f"no drawing for {missing}: run `make diagrams`"
    assert not status.unused, f"files no diagram uses: {status.unused}: run `make diagrams`"
    assert set(index) == {key for keys in status.pages.values() for key in keys}, "keys from Markdown and HTML differ"


def test_the_index_names_each_drawing_s_fence_and_title() -> None:
    """docs/assets/diagrams/index.json, read as a reviewer would: each key's line opens a
    ```mermaid fence whose text has that key and whose accTitle is that title."""
    text = (DRAWINGS / drawings.INDEX).read_text(encoding="utf-8")
    index = json.loads(text)
    assert list(index) == sorted(index), "sorted by key, for stable diffs"
    assert text == json.dumps(index, ensure_ascii=False, indent=2) + "\n", "pretty-printed, one field a line"
    assert {path.stem for path in DRAWINGS.glob("*.svg")} == set(index), "a drawing per entry, an entry per drawing"
    inputs = drawings.drawing_inputs(ROOT / "docs")
    assert inputs is not None
    for key, entry in index.items():
        page, line = entry["source"].removeprefix("docs/").rsplit(":", 1)
        lines = (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()
        start = int(line) - 1
        assert lines[start].strip() == "```mermaid", f"{entry['source']}: not a mermaid fence: run `make diagrams`"
        end = next(n for n in range(start + 1, len(lines)) if lines[n].strip() == "```")
        body = [row.strip() for row in lines[start + 1 : end]]
        assert f"accTitle: {entry['title']}" in body, (entry, body)
        fence = "\n".join(lines[start + 1 : end])
        indent = len(lines[start]) - len(lines[start].lstrip())
        text_as_mermaid_gets_it = "\n".join(row[indent:] for row in fence.split("\n"))
        assert drawings.drawing_key(text_as_mermaid_gets_it, inputs) == key, entry
    assert len(index) == len({drawings.drawing_key(d.text, inputs) for d in SITE_DIAGRAMS}), "a diagram with no entry"


@pytest.mark.parametrize("path", sorted(DRAWINGS.glob("*.svg")), ids=lambda path: path.stem)
def test_a_drawing_is_a_standalone_svg_with_its_own_css(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    svg = ElementTree.fromstring(text)  # well-formed XML: an SVG viewer opens the file
    assert svg.tag == f"{SVG}svg", svg.tag
    assert svg.get("id") == f"mermaid-{path.stem}", "ids named after the key, unique on the handout"
    styles = svg.findall(f".//{SVG}style")
    assert len(styles) == 1 and svg[2] is styles[0], "one <style>, after <title> and <desc>"
    css = styles[0].text or ""
    assert "/*" not in css, "no comments, no /* unused */ marks: unused rules are removed"
    assert "\n" not in css.strip(), "minified"
    assert "foreignObject{overflow:visible}" in css, "a label in a wider font runs over its box, never cut off"
    assert "sequenceNumber" not in css and "@keyframes" not in css, "rules for other kinds of diagram"
    assert "<link" not in text and "visibility" not in text, "nothing to fetch, nothing hidden until it arrives"


@pytest.mark.browser
def test_every_rule_of_a_drawing_applies_to_it(browser) -> None:  # type: ignore[no-untyped-def]
    """Opened on its own, as a reviewer previews it: each CSS rule matches an element of the
    drawing (hover and focus count as the element's), and the boxes have Material's colours."""
    context = browser.new_context()
    try:
        page = context.new_page()
        unused = []
        for path in sorted(DRAWINGS.glob("*.svg")):
            page.goto(path.as_uri())
            unused += [f"{path.name}: {rule}" for rule in page.evaluate(UNUSED_RULES)]
            fill = page.evaluate("getComputedStyle(document.querySelector('.node rect, .node path')).fill")
            assert fill != "rgb(0, 0, 0)" and fill != "rgb(51, 51, 51)", f"{path.name}: unstyled boxes, {fill}"
    finally:
        context.close()
    assert not unused, unused


# The rules of the document's stylesheet that apply to nothing in it.
UNUSED_RULES = r"""() => [...document.styleSheets[0].cssRules].filter((rule) => {
  if (!(rule instanceof CSSStyleRule)) return true;
  return document.querySelector(rule.selectorText.replace(/::?(hover|focus[\w-]*|active|visited)(?![\w-])/g, "")) === null;
}).map((rule) => rule.cssText)"""


def test_drawings_are_missing_or_unused_by_key(tmp_path: Path) -> None:
    folder = tmp_path / drawings.DRAWINGS
    folder.mkdir(parents=True)
    for name in ("drawn.svg", "old.svg", "old.html", drawings.INDEX):
        (folder / name).write_text("<svg></svg>", encoding="utf-8")
    status = render_diagrams.status({"a/": ["drawn", "new"], "b/": ["new"]}, tmp_path)
    assert status.missing == ["new"]
    assert status.unused == [folder / "old.html", folder / "old.svg"], "the index stays; the old format goes"


def test_a_diagram_whose_drawing_is_gone_fails_the_build_with_its_line(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    index = drawings.read_index(project / "docs")
    key, entry = min(index.items())
    drawings.drawing_path(project / "docs", key).unlink()
    result = mkdocs_build(project, project / "site", timeout=180)
    assert result.returncode != 0, result.stderr
    where = entry.source.removeprefix("docs/")
    assert f"{where}: the diagram has no drawing yet; run `make diagrams` to draw it" in result.stderr, result.stderr


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
        [sys.executable, str(ROOT / "scripts" / "render_diagrams.py"), "--all"],  # --all: all is to be drawn
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
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg[:300], "a standalone SVG file"
        ElementTree.fromstring(svg)  # XML, not HTML: <br/>, not <br>
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
        # Only the rules the drawing uses, minified: Mermaid's rules for other kinds of diagram are gone.
        css = re.search(r"<style>(.*?)</style>", svg, re.DOTALL)[1]
        assert ".nodeLabel" in css and "sequenceNumber" not in css and "loopLine" not in css, css
        assert "/*" not in css and "\n" not in css, css[:300]
        assert f"#mermaid-{key}" not in css, "Mermaid's scope to the <svg>'s id, which the shadow root makes moot"


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


# How many diagrams show styled: boxes in Material's colours, not SVG's default black.
STYLED = """[...document.querySelectorAll('div.mermaid')].filter((d) => {
  const svg = d.shadowRoot?.querySelector('svg');
  const box = svg?.querySelector('.node rect, .node path');
  return svg && box && getComputedStyle(svg).visibility === 'visible' && getComputedStyle(box).fill !== 'rgb(0, 0, 0)';
}).length"""


def test_a_page_holds_each_drawing_whole_and_fetches_nothing_for_it(built_site: Path) -> None:
    assert not list(built_site.glob("assets/stylesheets/diagrams-*")), "a shared diagram stylesheet"
    assert not (built_site / "assets" / "diagrams").exists(), "drawings are in the pages, not served"
    for src in sorted(PER_PAGE):
        text = (built_site / page_url(src) / "index.html").read_text(encoding="utf-8")
        roots = re.findall(r"<template shadowrootmode=\"?open\"?>(.*?)</template>", text, re.DOTALL)
        assert len(roots) == PER_PAGE[src], (src, len(roots))
        for root in roots:
            assert root.startswith("<svg "), (src, root[:100])
            assert "<link" not in root and "visibility:hidden" not in root.replace(" ", ""), (src, root[:300])
            assert "<style>" in root and "foreignObject{overflow:visible}" in root, "its CSS, with it"


def test_with_nothing_to_draw_the_script_needs_no_browser(tmp_path: Path) -> None:
    """Moving a diagram only refreshes index.json: that works on a machine without Chromium."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_diagrams.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CHROME_PATH": str(tmp_path / "no-chromium")},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "every diagram is drawn already" in result.stdout, result.stdout
