"""Draw the site's Mermaid diagrams ahead of time, so that pages ship them drawn.

Usage: python scripts/render_diagrams.py [--check | --all]

Builds the site with every diagram left to the browser
(DIAGRAMS_DRAWN_IN_BROWSER=1), serves it on a loopback port and opens each page
that has a diagram without a drawing in Chromium, where Material draws it with
the vendored Mermaid, as a reader's browser would. Each drawing is saved as
docs/assets/diagrams/KEY.html, the <svg> as Material puts it into the page
(see overrides/hooks/diagrams.py for KEY). Drawings that no diagram uses any
more are deleted.

  --check   change nothing: list the diagrams without a drawing and the
            drawings no diagram uses
  --all     draw every diagram again, not only those without a drawing (after
            a change to this script, or to the machine's fonts or Chromium)

Diagrams are named by their Markdown file and line (docs/PAGE.md:LINE).

Drawing needs Debian's Chromium (or CHROME_PATH) and the Noto Sans CJK JP font,
which the labels are measured in (Debian's chromium and fonts-noto-cjk).

Exit codes: 0 when every diagram has its drawing and every drawing is used;
1 with --check when not; 2 on a usage error, a missing Chromium or font, a
failed build, or a diagram that does not draw (its page and line, and
Mermaid's message, are printed).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "scripts"))

import offline_chromium
import serve_site
from mkdocs_site import built_page, load_hook, mkdocs_build, page_paths

HOOK = load_hook("diagrams")  # overrides/hooks/diagrams.py: how the build finds and keys the diagrams
DRAWINGS = DOCS / HOOK.DRAWINGS

# Material draws into a closed shadow root; opened so that the drawing can be
# read (tests/conftest.py uses this too).
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""
# A diagram Mermaid cannot draw rejects Material's promise: noted, so that the wait ends at once.
NOTE_DRAWING_FAILURE = """
addEventListener("unhandledrejection", () => { window.__drawingFailed = true; });
addEventListener("error", () => { window.__drawingFailed = true; });
"""
ALL_DRAWN = "document.querySelectorAll('pre.mermaid').length === 0"
# Each drawing as Material put it into the page, its CSS one rule a line, the
# rules that match nothing in it marked /* unused */ (the browser's own selector
# matching decides; hover and focus rules count as used): Mermaid's and
# Material's CSS carry rules for every kind of diagram, and a flowchart matches
# a fifth of them. overrides/hooks/diagrams.py puts the rules that every drawing
# of a kind shares, less those none of them uses, in one stylesheet. Less what
# nothing refers to: Mermaid defines a dozen arrowheads, keeps each edge's points
# and names as data for scripts, and gives every node and edge an id.
# Coordinates keep one decimal: a twentieth of a pixel at most, where Mermaid
# writes up to sixteen digits.
DRAWINGS_IN_ORDER = """(UNUSED) => [...document.querySelectorAll("div.mermaid")].map((host) => {
  const root = host.shadowRoot;
  const svg = root.querySelector("svg");
  const used = (rule) => {
    if (!(rule instanceof CSSStyleRule)) return true;
    const selector = rule.selectorText.replace(
      /::?(hover|focus-visible|focus-within|focus|active|visited|before|after)(?![\\w-])/g, "");
    try { return root.querySelector(selector) !== null; } catch { return true; }
  };
  for (const style of root.querySelectorAll("style"))
    style.textContent = [...style.sheet.cssRules]
      .map((rule) => (used(rule) ? "" : UNUSED) + rule.cssText.replace(/\\s*\\n\\s*/g, " "))
      .join("\\n");
  const styles = [...root.querySelectorAll("style")].flatMap((style) => style.textContent.split("\\n"))
    .filter((rule) => !rule.startsWith(UNUSED)).join("\\n");
  const markup = svg.outerHTML;
  const labels = [svg, ...svg.querySelectorAll("[aria-labelledby], [aria-describedby]")].flatMap((element) =>
    `${element.getAttribute("aria-labelledby") ?? ""} ${element.getAttribute("aria-describedby") ?? ""}`.split(/\\s+/));
  const named = (id) => markup.includes(`#${id})`) || markup.includes(`"#${id}"`)
    || styles.includes(`#${id}`) || labels.includes(id);
  for (const element of svg.querySelectorAll("[id]")) {
    if (named(element.id)) continue;
    if (element.matches("marker, filter")) element.remove();
    else element.removeAttribute("id");
  }
  for (const element of svg.querySelectorAll("*")) {
    for (const { name, value } of [...element.attributes]) {
      if (name.startsWith("data-") && !styles.includes(`[${name}`)) element.removeAttribute(name);
      else if (name === "style" && value.replaceAll(";", "").trim() === "") element.removeAttribute(name);
    }
  }
  const oneDecimal = (value) => value.replace(/-?\\d*\\.\\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10));
  for (const element of [svg, ...svg.querySelectorAll("*")])
    for (const name of ["d", "transform", "x", "y", "width", "height", "viewBox", "points", "style"])
      if (element.hasAttribute(name)) element.setAttribute(name, oneDecimal(element.getAttribute(name)));
  return { id: svg.id, svg: root.innerHTML };
})"""


class DrawingError(Exception):
    """A diagram that Material could not draw; the message names the page."""


@dataclass(frozen=True)
class Status:
    pages: dict[str, list[str]]  # URL path -> the keys of its diagrams, in page order
    missing: list[str]  # keys with no drawing
    unused: list[Path]  # drawings no diagram uses


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
        if keys := [node.attributes["data-diagram"] for node in tree.css(".mermaid[data-diagram]")]:
            pages[path] = keys
    return pages


def site_diagrams(docs: Path = DOCS) -> list[tuple[str, Any]]:
    """(Markdown page under docs/, its Diagram) for every ```mermaid fence, as the diagrams hook finds them."""
    found = []
    for md in sorted(docs.rglob("*.md")):
        src = md.relative_to(docs).as_posix()
        found += [(src, diagram) for diagram in HOOK.find_diagrams(md.read_text(encoding="utf-8"), src)]
    return found


def diagram_sources(docs: Path = DOCS) -> dict[str, str]:
    """Key -> where the diagram is written, docs/PAGE.md:LINE, for every ```mermaid fence."""
    inputs = HOOK.drawing_inputs(str(docs))
    found: dict[str, str] = {}
    if inputs is None:
        return found
    for src, diagram in site_diagrams(docs):
        # Superfences hands Mermaid the fence's lines less their common indent.
        key = HOOK.drawing_key(textwrap.dedent(diagram.source), inputs)
        found.setdefault(key, f"docs/{src}:{diagram.line}")
    return found


def describe(key: str, pages: dict[str, list[str]], sources: dict[str, str]) -> str:
    """A diagram as a reader finds it: its Markdown file and line, else the pages that show it."""
    if key in sources:
        return sources[key]
    return "the diagram on " + ", ".join(f"/{path}" for path, keys in pages.items() if key in keys)


def status(pages: dict[str, list[str]], drawings: Path = DRAWINGS) -> Status:
    keys = {key for page_keys in pages.values() for key in page_keys}
    missing = sorted(key for key in keys if not (drawings / f"{key}.html").is_file())
    unused = sorted(path for path in drawings.glob("*.html") if path.stem not in keys)
    return Status(pages, missing, unused)


def draw_page(browser, base_url: str, path: str, keys: list[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Let Material draw the page's diagrams; key -> the <svg> markup of its drawing."""
    context = browser.new_context(color_scheme="light", locale="ja-JP")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.add_init_script(OPEN_SHADOW_ROOTS)
        page.add_init_script(NOTE_DRAWING_FAILURE)
        page.goto(base_url + path)
        try:
            page.wait_for_function(f"{ALL_DRAWN} || window.__drawingFailed === true", timeout=60_000)
        except Exception as error:  # Playwright's timeout
            raise DrawingError(f"/{path}: diagrams not drawn in 60 s: {'; '.join(errors) or error}") from error
        if errors or page.evaluate("window.__drawingFailed === true"):
            raise DrawingError(f"/{path}: a diagram does not draw: {'; '.join(errors) or 'see the browser console'}")
        drawn: list[dict[str, str]] = page.evaluate(DRAWINGS_IN_ORDER, HOOK.UNUSED)
    finally:
        context.close()
    if len(drawn) != len(keys):
        raise DrawingError(f"/{path}: {len(keys)} diagrams in the page, {len(drawn)} drawn")
    return {key: with_own_ids(drawing["svg"], drawing["id"], key) for key, drawing in zip(keys, drawn)}


def with_own_ids(svg: str, material_id: str, key: str) -> str:
    """Name the drawing's ids after its key, not Material's page-wide counter (__mermaid_0, ...),
    which would give different drawings the same ids on the handout, where several
    pages' diagrams meet: harmless in separate shadow roots, but the Nu HTML checker
    reads them as one document's.

    Mermaid scopes every CSS rule to the <svg>'s id; in the shadow root that holds
    the drawing no other rule can reach, so the scope goes. The <style> is then the
    same in every drawing, and gzip sends the second and later copies almost free."""
    svg = re.sub(re.escape(material_id) + r"(?!\d)", f"mermaid-{key}", svg)
    scope = re.escape(f"#mermaid-{key}")
    return re.sub(
        r"<style>(.*?)</style>",
        lambda m: "<style>" + re.sub(scope + r"\s+", "", re.sub(scope + r"(?=\s*\{)", "svg", m[1])) + "</style>",
        svg,
        count=1,
        flags=re.DOTALL,
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
                        sources = diagram_sources()
                        where = ", ".join(describe(key, todo.pages, sources) for key in keys)
                        raise DrawingError(f"{error} (its diagrams: {where})") from error
                    drawn |= {k: svg for k, svg in page_drawn.items() if k in wanted}
        finally:
            browser.close()
    return drawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="change nothing; exit 1 when a drawing is missing or unused")
    mode.add_argument("--all", action="store_true", help="draw every diagram again")
    args = parser.parse_args(argv)
    if not args.check and (missing := missing_tool()):
        print(f"render_diagrams: {missing}", file=sys.stderr)
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
            sources = diagram_sources()
            for where, key in sorted((describe(key, todo.pages, sources), key) for key in todo.missing):
                print(f"no drawing: {where} (key {key})")
            for path in todo.unused:
                print(f"unused drawing: {path.relative_to(ROOT)}")
            if todo.missing or todo.unused:
                print("run `make diagrams` to draw them", file=sys.stderr)
                return 1
            print(f"all {sum(len(keys) for keys in todo.pages.values())} diagrams are drawn")
            return 0
        try:
            drawn = draw(site_dir, todo)
        except DrawingError as error:
            print(f"render_diagrams: {error}", file=sys.stderr)
            return 2
    DRAWINGS.mkdir(parents=True, exist_ok=True)
    for key, svg in sorted(drawn.items()):
        (DRAWINGS / f"{key}.html").write_text(svg.strip() + "\n", encoding="utf-8")
        print(f"drew {DRAWINGS.relative_to(ROOT)}/{key}.html ({len(svg) / 1000:.1f} KB)")
    for path in todo.unused:
        path.unlink()
        print(f"deleted unused {path.relative_to(ROOT)}")
    if not drawn and not todo.unused:
        print("every diagram is drawn already")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
