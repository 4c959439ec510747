"""Draw the site's Mermaid diagrams ahead of time, so that pages ship them drawn.

Usage: python scripts/render_diagrams.py [--check | --all]

Builds the site with every diagram left to the browser
(DIAGRAMS_DRAWN_IN_BROWSER=1), serves it on a loopback port and opens each page
that has a diagram without a drawing in Chromium, where Material draws it with
the vendored Mermaid, as a reader's browser would. Each drawing is saved as
docs/assets/diagrams/KEY.svg (overrides/hooks/lib/drawings.py: the KEY), a
finished, standalone SVG: its <style> holds only the rules that match
something in it, minified (scripts/finish_drawings.js does the work in the
page). docs/assets/diagrams/index.json is written again: KEY -> the
diagram's docs/PAGE.md:LINE and its accessible title. Files in that folder
that no diagram uses are deleted.

  --check   change nothing: list the diagrams without a drawing, the files
            no diagram uses, and an index that is out of date
  --all     draw every diagram again, not only those without a drawing (after
            a change to this script, or to the machine's fonts or Chromium)

Diagrams are named by their Markdown file and line (docs/PAGE.md:LINE).

Drawing needs Debian's Chromium (or CHROME_PATH) and the Noto Sans CJK JP font,
which the labels are measured in (Debian's chromium and fonts-noto-cjk).

Exit codes: 0 when every diagram has its drawing, every drawing is used and
the index is up to date; 1 with --check when not; 2 on a usage error, a missing Chromium or font, a
failed build, or a diagram that does not draw (its page and line, and
Mermaid's message, are printed).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))  # lib/: what the build's diagrams hook knows too

import rcssmin

import offline_chromium
import serve_site
from lib import drawings
from mkdocs_site import built_page, mkdocs_build, page_paths

DRAWINGS = DOCS / drawings.DRAWINGS
HERE = Path(__file__).resolve().parent
PAGE_INIT = HERE / "drawing_page_init.js"  # opens Material's shadow roots, notes a failed drawing
FINISH_DRAWINGS = (HERE / "finish_drawings.js").read_text(encoding="utf-8")  # each drawing, made standalone
ALL_DRAWN = "document.querySelectorAll('pre.mermaid').length === 0"


class DrawingError(Exception):
    """A diagram that Material could not draw; the message names the page."""


@dataclass(frozen=True)
class Status:
    pages: dict[str, list[str]]  # URL path -> the keys of its diagrams, in page order
    missing: list[str]  # keys with no drawing
    unused: list[Path]  # files in the drawings folder that no diagram uses


# The font the drawings' labels are measured in: another font draws other box sizes.
FONT = "Noto Sans CJK JP"


def missing_tool() -> str | None:
    """What this machine lacks to draw as the other drawings were drawn, in a line; or None."""
    if not offline_chromium.CHROMIUM.is_file():
        return (
            f"no Chromium at {offline_chromium.CHROMIUM}: install Debian's chromium package, "
            "or set CHROME_PATH to a Chromium"
        )
    fc_list = shutil.which("fc-list")
    found = (
        subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True, timeout=60, check=False)
        if fc_list
        else None
    )
    families = found.stdout if found else ""
    if FONT not in families:
        return f"the {FONT} font is missing (the labels are measured in it): install Debian's fonts-noto-cjk package"
    return None


def build(site_dir: Path) -> None:
    """Strict build with every diagram left to the browser; raises CalledProcessError."""
    mkdocs_build(site_dir, quiet=True, env={"DIAGRAMS_DRAWN_IN_BROWSER": "1"}, check=True, capture_output=True)


def diagram_pages(site_dir: Path) -> dict[str, list[str]]:
    """URL path -> keys of the diagrams on that page. The handout repeats the others' diagrams."""
    pages = {}
    for path in page_paths(site_dir):
        if path == "print/":
            continue
        tree = built_page(site_dir, path)
        if keys := [node.attributes["data-diagram"] or "" for node in tree.css(".mermaid[data-diagram]")]:
            pages[path] = keys
    return pages


def site_diagrams(docs: Path = DOCS) -> list[drawings.Placed]:
    """Every ```mermaid fence of the pages under docs/, as the diagrams hook finds them."""
    found = []
    for md in sorted(docs.rglob("*.md")):
        found += drawings.placed(md.read_text(encoding="utf-8"), md.relative_to(docs).as_posix())
    return found


def site_index(docs: Path = DOCS) -> dict[str, drawings.Entry]:
    """Key -> where the diagram is written, docs/PAGE.md:LINE, and its title, for every ```mermaid fence."""
    inputs = drawings.drawing_inputs(docs)
    return {} if inputs is None else drawings.index_entries(site_diagrams(docs), inputs)


def describe(key: str, pages: dict[str, list[str]], index: dict[str, drawings.Entry]) -> str:
    """A diagram as a reader finds it: its Markdown file and line, else the pages that show it."""
    if key in index:
        return index[key].source
    return "the diagram on " + ", ".join(f"/{path}" for path, keys in pages.items() if key in keys)


def status(pages: dict[str, list[str]], docs: Path = DOCS) -> Status:
    keys = {key for page_keys in pages.values() for key in page_keys}
    missing = sorted(key for key in keys if not drawings.drawing_path(docs, key).is_file())
    folder = docs / drawings.DRAWINGS
    wanted = {drawings.drawing_path(docs, key) for key in keys} | {folder / drawings.INDEX}
    unused = sorted(path for path in folder.glob("*") if path.is_file() and path not in wanted)
    return Status(pages, missing, unused)


def draw_page(browser, base_url: str, path: str, keys: list[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Let Material draw the page's diagrams; key -> its finished drawing, a standalone <svg>."""
    context = browser.new_context(color_scheme="light", locale="ja-JP")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.add_init_script(path=PAGE_INIT)
        page.goto(base_url + path)
        try:
            page.wait_for_function(f"{ALL_DRAWN} || window.__drawingFailed === true", timeout=60_000)
        except Exception as error:  # Playwright's timeout
            raise DrawingError(f"/{path}: diagrams not drawn in 60 s: {'; '.join(errors) or error}") from error
        if errors or page.evaluate("window.__drawingFailed === true"):
            raise DrawingError(f"/{path}: a diagram does not draw: {'; '.join(errors) or 'see the browser console'}")
        drawn: list[dict[str, str]] = page.evaluate(FINISH_DRAWINGS)
    finally:
        context.close()
    if len(drawn) != len(keys):
        raise DrawingError(f"/{path}: {len(keys)} diagrams in the page, {len(drawn)} drawn")
    return {key: minified_style(with_own_ids(d["svg"], d["id"], key)) for key, d in zip(keys, drawn)}


STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def with_own_ids(svg: str, material_id: str, key: str) -> str:
    """Name the drawing's ids after its key, not Material's page-wide counter (__mermaid_0, ...),
    which would give different drawings the same ids on the handout, where several
    pages' diagrams meet: harmless in separate shadow roots, but the Nu HTML checker
    reads them as one document's.

    Mermaid scopes every CSS rule to the <svg>'s id; in the shadow root that holds
    the drawing no other rule can reach, so the scope goes. The <style> is then much
    the same in every drawing, and gzip sends the second and later copies almost free."""
    svg = re.sub(re.escape(material_id) + r"(?!\d)", f"mermaid-{key}", svg)
    scope = re.escape(f"#mermaid-{key}")
    return STYLE.sub(
        lambda m: "<style>" + re.sub(scope + r"\s+", "", re.sub(scope + r"(?=\s*\{)", "svg", m[1])) + "</style>",
        svg,
        count=1,
    )


def minified_style(svg: str) -> str:
    """The drawing with its CSS minified (as the site's own stylesheets are, overrides/hooks/minify.py)."""
    # The CSS as it stands in XML: "&", "<" and ">" are written as entities.
    return STYLE.sub(
        lambda m: f"<style>{html.escape(rcssmin.cssmin(html.unescape(m[1])), quote=False)}</style>", svg, count=1
    )


def draw(site_dir: Path, todo: Status) -> dict[str, str]:
    """Draw every missing diagram; key -> <svg> markup."""
    from playwright.sync_api import sync_playwright

    wanted = set(todo.missing)
    drawn: dict[str, str] = {}
    if not wanted:
        return drawn
    with serve_site.serve(site_dir) as base_url, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            for path, keys in todo.pages.items():
                if wanted & set(keys) - drawn.keys():
                    try:
                        page_drawn = draw_page(browser, base_url, path, keys)
                    except DrawingError as error:
                        index = site_index()
                        where = ", ".join(describe(key, todo.pages, index) for key in keys)
                        raise DrawingError(f"{error} (its diagrams: {where})") from error
                    drawn |= {k: svg for k, svg in page_drawn.items() if k in wanted}
        finally:
            browser.close()
    return drawn


def lacks_a_tool() -> bool:
    """Whether Chromium or the font is missing; if so, says which, in one line."""
    missing = missing_tool()
    if missing:
        print(f"render_diagrams: {missing}", file=sys.stderr)
    return missing is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="change nothing; exit 1 when a drawing is missing or unused")
    mode.add_argument("--all", action="store_true", help="draw every diagram again")
    args = parser.parse_args(argv)
    if args.all and lacks_a_tool():  # everything is to be drawn: say so before the build
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp)
        try:
            build(site_dir)
        except subprocess.CalledProcessError as error:
            print(error.stderr, file=sys.stderr)
            print("render_diagrams: the site does not build", file=sys.stderr)
            return 2
        todo = status(diagram_pages(site_dir))
        if args.all:
            keys = sorted({key for keys in todo.pages.values() for key in keys})
            todo = Status(todo.pages, keys, todo.unused)
        if args.check:
            return check(todo)
        # Chromium and the font only when something is to be drawn: moving a diagram refreshes the index alone.
        if todo.missing and lacks_a_tool():
            return 2
        try:
            drawn = draw(site_dir, todo)
        except DrawingError as error:
            print(f"render_diagrams: {error}", file=sys.stderr)
            return 2
    write(drawn, todo)
    return 0


def check(todo: Status) -> int:
    """--check: say what `make diagrams` would change; 1 when anything."""
    index = site_index()
    for where, key in sorted((describe(key, todo.pages, index), key) for key in todo.missing):
        print(f"no drawing: {where} (key {key})")
    for path in todo.unused:
        print(f"unused file: {path.relative_to(ROOT)}")
    stale = drawings.read_index(DOCS) != index
    if stale:
        print(f"out of date: {(DRAWINGS / drawings.INDEX).relative_to(ROOT)}")
    if todo.missing or todo.unused or stale:
        print("run `make diagrams` to draw them", file=sys.stderr)
        return 1
    print(f"all {sum(len(keys) for keys in todo.pages.values())} diagrams are drawn")
    return 0


def write(drawn: dict[str, str], todo: Status) -> None:
    """Save the new drawings and the index; delete the files that no diagram uses."""
    for key, svg in sorted(drawn.items()):
        path = drawings.write_drawing(DOCS, key, svg)
        print(f"drew {path.relative_to(ROOT)} ({len(svg) / 1000:.1f} KB)")
    index = site_index()
    if drawings.read_index(DOCS) != index:
        print(f"wrote {drawings.write_index(DOCS, index).relative_to(ROOT)}")
    for path in todo.unused:
        path.unlink()
        print(f"deleted unused {path.relative_to(ROOT)}")
    if not drawn and not todo.unused:
        print("every diagram is drawn already")


if __name__ == "__main__":
    raise SystemExit(main())
