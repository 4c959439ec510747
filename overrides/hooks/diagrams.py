"""Mermaid diagrams: check every fence, and ship each one already drawn.

A diagram that lacks an accessible title or description, or the caption below
it that says what in the notes it stands in for (README), names an unknown
diagram type, or whose fence is never closed fails the build with the page and
line. So does a diagram without a drawing (below), and one that Mermaid cannot
parse: every diagram without a drawing goes through the vendored Mermaid's own
parser under Node (scripts/mermaid_parse.mjs), all in one process per
build, and each one that fails is named by its page and line. Under `mkdocs
serve` neither fails the build: the browser draws the diagram being edited, and
the log says which diagrams still need `make diagrams` or do not parse.

Each diagram's drawing, made by scripts/render_diagrams.py (`make diagrams`)
in Chromium with the site's own Mermaid and Material, is a finished SVG,
docs/assets/diagrams/KEY.svg, its CSS included (lib/drawings.py: the key, the
folder). The build computes nothing from it: it puts the file into the page as
a declarative shadow root, just as Material would put the drawing there in the
browser. No page downloads Mermaid or spends its main thread on layout, and
diagrams are there without JavaScript, in print at once. A diagram with no
drawing yet (while editing one under `make serve`) stays a <pre> that Material
draws in the browser. DIAGRAMS_DRAWN_IN_BROWSER=1 leaves every diagram to the
browser, and fails no build for a missing drawing: the render script builds
that way to draw them.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from lib import drawings, node, order
from lib.drawings import Diagram, Placed
from lib.quiz_fences import find_quizzes

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# The diagram types this site uses; the first meaningful line must name one.
DIAGRAM_TYPES = ("flowchart", "graph", "sequenceDiagram", "stateDiagram-v2", "timeline", "gantt")
ACC_DESCR = re.compile(r"accDescr\s*(:\s*\S|\{)")  # one line, or Mermaid's `accDescr { ... }` block
# The caption under each diagram (README, "Adding or changing a diagram"), and what it must say.
CAPTION = re.compile(r'^<p class="diagram-caption added"(?: markdown(?:="1")?)?>(?P<text>.*)</p>$')
CAPTION_WORDS = ("ノートの", "このサイトで描いた")
CAPTION_EXAMPLE = '<p class="diagram-caption added">ノートの表をもとに、このサイトで描いた図です。</p>'
# What may stand between a diagram and its caption: blank lines, the wrapper of a diagram drawn twice (wide and narrow).
BETWEEN = re.compile(r'^\s*(?:</div>|<div class="diagram-(?:wide|narrow)" markdown>)?\s*$')


def check_diagram(diagram: Diagram, path: str) -> None:
    body = drawings.diagram_lines(diagram.source)
    where = f"{path}:{diagram.line}"
    if not body or not body[0].startswith(DIAGRAM_TYPES):
        first = body[0] if body else "(empty)"
        raise PluginError(f"{where}: unknown mermaid diagram type in {first!r}")
    if not drawings.acc_title(diagram.source):
        raise PluginError(f"{where}: mermaid diagram needs a non-empty accTitle: (accessible name)")
    if not any(ACC_DESCR.match(line) for line in body):
        raise PluginError(f"{where}: mermaid diagram needs a non-empty accDescr: (accessible description)")


def caption_problem(diagram: Diagram, lines: list[str], path: str) -> str | None:
    """A diagram must say, right below it, what in the notes it stands in for; a diagram drawn twice (wide, then
    narrow) has one caption after both."""
    after = diagram.line + diagram.source.count("\n") + 2  # 0-based index of the line after the closing fence
    following = next((n for n in range(after, len(lines)) if not BETWEEN.match(lines[n])), None)
    if following is not None and lines[following].startswith("```mermaid"):
        return None  # the same diagram again: the caption follows that one
    caption = CAPTION.match(lines[following].strip()) if following is not None else None
    if following is None or caption is None:
        return f"{path}:{diagram.line}: the diagram has no caption right after it; add {CAPTION_EXAMPLE}"
    if not all(word in caption["text"] for word in CAPTION_WORDS):
        return (
            f"{path}:{following + 1}: the diagram's caption does not say what in the notes it stands in for: "
            "write 「ノートの…をもとに、このサイトで描いた図です。」 (or 「ノートの画像Nの代わりに、…」)"
        )
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The file as written, front matter included, so that line numbers match the editor's.
    source = page.file.content_string
    diagrams = drawings.find_diagrams(source, page.file.src_uri)
    quizzes = find_quizzes(source, page.file.src_uri) if diagrams else []
    lines = source.splitlines()
    if captions := [p for d in diagrams if (p := caption_problem(d, lines, page.file.src_uri))]:
        raise PluginError("\n".join(captions))
    for diagram in diagrams:
        check_diagram(diagram, page.file.src_uri)
        if any(quiz.line < diagram.line <= quiz.line + quiz.body.count("\n") for quiz in quizzes):
            # mkdocs-quiz renders a quiz after on_page_content below: it could not ship drawn.
            raise PluginError(
                f"{page.file.src_uri}:{diagram.line}: a mermaid diagram cannot be inside a <quiz>; "
                "put it before the quiz"
            )
    return markdown


# Drawn diagrams ------------------------------------------------------------------

# What pymdownx.superfences' fence_code_format writes for a ```mermaid fence.
MERMAID_PRE = re.compile(r'<pre class="mermaid"><code>(?P<code>.*?)</code></pre>', re.DOTALL)

# Read again on every build: `mkdocs serve` keeps this module loaded between builds.
_inputs: bytes | None = None
# Key -> its drawing's <svg>; empty when every diagram is left to the browser.
_drawings: dict[str, str] = {}
# Whether MkDocs serves the site (set once: the module stays loaded between builds).
_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _inputs, _drawings
    _inputs = drawings.drawing_inputs(config.docs_dir)
    in_browser = _inputs is None or os.environ.get("DIAGRAMS_DRAWN_IN_BROWSER") == "1"
    _drawings = {} if in_browser else drawings.read_drawings(config.docs_dir)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if _inputs is not None:
        site = [d for file in files.documentation_pages() for d in drawings.placed(file.content_string, file.src_uri)]
        check_drawn_and_parsed(site, Path(config.docs_dir) / drawings.MERMAID)
    return files


# Drawn and parsed ------------------------------------------------------------------

PARSER = "mermaid_parse.mjs"  # in scripts/
# Under `mkdocs serve`, said in the log but not counted as a MkDocs warning, which
# strict mode would turn into a failed build: the author sees the diagram drawn meanwhile.
SERVE_LOG = logging.getLogger("diagrams.serve")
SERVE_LOG.propagate = False
if not SERVE_LOG.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    SERVE_LOG.addHandler(_handler)


def check_drawn_and_parsed(diagrams: list[Placed], mermaid: Path) -> None:
    """Fail the build on diagrams not drawn, or that Mermaid cannot parse (serve: log them)."""
    assert _inputs is not None
    undrawn = [d for d in diagrams if drawings.drawing_key(d.text, _inputs) not in _drawings]
    unparsable = parse_errors(undrawn, mermaid)
    failed = {problem.split(": ", 1)[0] for problem in unparsable}
    missing = [
        f"{d.where}: the diagram has no drawing yet; run `make diagrams` to draw it"
        for d in undrawn
        if d.where not in failed and os.environ.get("DIAGRAMS_DRAWN_IN_BROWSER") != "1"
    ]
    if _serving:
        for problem in missing:
            SERVE_LOG.warning(f"{problem} (the browser draws it meanwhile)")
        for problem in unparsable:
            SERVE_LOG.warning(problem)
    elif unparsable or missing:
        raise PluginError("\n".join(unparsable + missing))


def parse_errors(diagrams: list[Placed], mermaid: Path) -> list[str]:
    """Mermaid's parser over the diagrams, in one Node process: one message for each that fails."""
    node_path = node.executable()
    if not diagrams or node_path is None:
        return []  # without Node, a diagram that does not parse fails in `make diagrams`
    run = node.run(node_path, PARSER, str(mermaid), stdin=json.dumps([d.text for d in diagrams]))
    if run.returncode != 0:
        last = run.stderr.strip().splitlines()[-3:]  # Node prints the minified source line first
        raise PluginError(f"{PARSER} failed (exit {run.returncode}): {' '.join(last)}")
    errors = json.loads(run.stdout)
    return [
        f"{d.where}: Mermaid cannot parse the diagram:\n" + textwrap.indent(error, "    ")
        for d, error in zip(diagrams, errors)
        if error
    ]


def drawn_diagram(key: str, svg: str) -> str:
    """Material's own markup for a drawn diagram, its shadow root declared in HTML."""
    # Search would otherwise index the labels and styles.
    return (
        f'<div class="mermaid" data-diagram="{key}" data-search-exclude>'
        f'<template shadowrootmode="open">{svg}</template></div>'
    )


@order.run_at("diagrams.on_page_content")
def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    def ship(match: re.Match[str]) -> str:
        if _inputs is None:
            return match[0].replace('<pre class="mermaid">', '<pre class="mermaid" data-search-exclude>')
        key = drawings.drawing_key(html.unescape(match["code"]), _inputs)
        if key in _drawings:
            return drawn_diagram(key, _drawings[key])
        # Search would otherwise index and show the diagram source.
        return f'<pre class="mermaid" data-diagram="{key}" data-search-exclude><code>{match["code"]}</code></pre>'

    return MERMAID_PRE.sub(ship, html_text)
