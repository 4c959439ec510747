"""Mermaid diagrams: check every fence, and ship each one already drawn.

A diagram that lacks an accessible title or description, names an unknown
diagram type, or whose fence is never closed fails the build with the page and
line. So does a diagram without a drawing (below), and one that Mermaid cannot
parse: every diagram without a drawing goes through the vendored Mermaid's own
parser under Node (scripts/mermaid_parse.mjs), all in one process per
build, and each one that fails is named by its page and line. Under `mkdocs
serve` neither fails the build: the browser draws the diagram being edited, and
the log says which diagrams still need `make diagrams` or do not parse.

Each diagram's drawing, made by scripts/render_diagrams.py (`make diagrams`)
in Chromium with the site's own Mermaid and Material, is kept in
docs/assets/diagrams/KEY.html. KEY hashes the diagram's text and everything
else that shapes the drawing (`drawing_inputs`), so an edit to any of them
leaves the diagram without a drawing. A drawn diagram is put into the page as
a declarative shadow root, just as Material would put it there in the
browser: no page downloads Mermaid or spends its main thread on layout, and
diagrams are there without JavaScript, in print at once. The CSS that every
drawing of a kind (flowchart, ...) shares, 2.8 KB, is one cached stylesheet,
linked from each drawing's shadow root, not a copy in each: the longest page
then fits the first 14.6 KB that a new connection delivers. A diagram with no
drawing yet (while editing one under `make serve`) stays a <pre> that
Material draws in the browser. DIAGRAMS_DRAWN_IN_BROWSER=1 leaves every diagram
to the browser, and fails no build for a missing drawing: the render script
builds that way to draw them.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import material
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from lib import order
from lib.fences import iter_fences
from lib.quiz_fences import find_quizzes

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# The diagram types this site uses; the first meaningful line must name one.
DIAGRAM_TYPES = ("flowchart", "graph", "sequenceDiagram", "stateDiagram-v2", "timeline", "gantt")
ACC_TITLE = re.compile(r"accTitle\s*:\s*\S")
ACC_DESCR = re.compile(r"accDescr\s*(:\s*\S|\{)")  # one line, or Mermaid's `accDescr { ... }` block


class Diagram(NamedTuple):
    line: int  # 1-based line of the opening fence in the Markdown source
    source: str


def find_diagrams(markdown: str, path: str) -> list[Diagram]:
    """Every ```mermaid fence in the page; raise on one that is never closed."""
    lines = markdown.splitlines()
    diagrams: list[Diagram] = []
    for fence in iter_fences(lines):
        if fence.info.split()[:1] != ["mermaid"]:
            continue
        if fence.end is None:
            raise PluginError(f"{path}:{fence.start + 1}: mermaid fence is never closed")
        diagrams.append(Diagram(fence.start + 1, "\n".join(lines[fence.start + 1 : fence.end])))
    return diagrams


def diagram_lines(source: str) -> list[str]:
    """The diagram's statements: no blank lines, `%%` comments or leading `---` config block."""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    if lines and lines[0] == "---":
        closing = lines.index("---", 1) if "---" in lines[1:] else len(lines) - 1
        lines = lines[closing + 1 :]
    return [line for line in lines if not line.startswith("%%")]


def check_diagram(diagram: Diagram, path: str) -> None:
    body = diagram_lines(diagram.source)
    where = f"{path}:{diagram.line}"
    if not body or not body[0].startswith(DIAGRAM_TYPES):
        first = body[0] if body else "(empty)"
        raise PluginError(f"{where}: unknown mermaid diagram type in {first!r}")
    if not any(ACC_TITLE.match(line) for line in body):
        raise PluginError(f"{where}: mermaid diagram needs a non-empty accTitle: (accessible name)")
    if not any(ACC_DESCR.match(line) for line in body):
        raise PluginError(f"{where}: mermaid diagram needs a non-empty accDescr: (accessible description)")


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The file as written, front matter included, so that line numbers match the editor's.
    source = page.file.content_string
    diagrams = find_diagrams(source, page.file.src_uri)
    quizzes = find_quizzes(source, page.file.src_uri) if diagrams else []
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

DRAWINGS = Path("assets") / "diagrams"  # in docs_dir
# What pymdownx.superfences' fence_code_format writes for a ```mermaid fence.
MERMAID_PRE = re.compile(r'<pre class="mermaid"><code>(?P<code>.*?)</code></pre>', re.DOTALL)
# Everything besides a diagram's text that shapes its drawing: Mermaid, its
# set-up in the page (look, wrapping), the font its labels are measured in, and
# Material's diagram CSS (its version).
LOADER = Path("assets") / "javascripts" / "mermaid-loader.js"
MERMAID = Path("assets") / "vendor" / "mermaid" / "mermaid.esm.min.mjs"
SITE_CSS = Path("assets") / "stylesheets" / "site.css"
TEXT_FONT = re.compile(r"--md-text-font\s*:[^;]*;")


def drawing_inputs(docs_dir: str) -> bytes | None:
    """What else a drawing depends on, hashed; None when the site cannot draw (no vendored Mermaid)."""
    docs = Path(docs_dir)
    if not (docs / LOADER).is_file() or not (docs / MERMAID).is_file():
        return None  # a fixture project: its diagrams are drawn in the browser
    font = TEXT_FONT.search((docs / SITE_CSS).read_text(encoding="utf-8")) if (docs / SITE_CSS).is_file() else None
    parts = [f"material {material.__version__}".encode(), font[0].encode() if font else b""]
    parts += [(docs / path).read_bytes() for path in (LOADER, MERMAID)]
    return b"\0".join(hashlib.sha256(part).digest() for part in parts)


def drawing_key(text: str, inputs: bytes) -> str:
    """The name of the drawing of a diagram whose text (as Mermaid gets it) is `text`."""
    return hashlib.sha256(inputs + text.encode()).hexdigest()[:20]


# CSS shared by the drawings of a kind ------------------------------------------------

KIND = re.compile(r'aria-roledescription="(?P<kind>[\w-]+)"')  # on the <svg>: flowchart-v2, ...
FIRST_STYLE = re.compile(r"<style>(?P<rules>.*?)</style>", re.DOTALL)
UNUSED = "/* unused */ "  # scripts/render_diagrams.py marks the rules that match nothing in the drawing
SHARED_CSS = "assets/stylesheets/diagrams-{kind}.css"
# Labels were measured in the drawing machine's font (Noto Sans CJK JP); a
# reader's system font may be a little wider: better a label that runs over its
# box than one that is cut off.
SHARED_TAIL = "foreignObject { overflow: visible; }\nsvg { visibility: visible; }\n"
# A linked stylesheet in a shadow root does not hold up the page's first paint:
# until it is there, the drawing keeps its place but is not shown (rather than
# shown unstyled, in black). It comes before the link, so that the stylesheet's
# rule wins.
UNTIL_STYLED = "<style>svg { visibility: hidden; }</style>"


class SharedStyle(NamedTuple):
    rules: int  # how many leading rules of each drawing's <style> the stylesheet stands for
    css: str


class Drawing(NamedTuple):
    kind: str  # flowchart-v2, ...
    rules: list[str]  # its first <style>'s rules, one per line
    before: str  # the <svg> up to that <style>
    after: str  # the <svg> after it


def read_drawings(drawings: Path) -> dict[str, Drawing]:
    """Key -> the drawing, for every drawing in the folder."""
    found = {}
    for path in sorted(drawings.glob("*.html")):
        svg = path.read_text(encoding="utf-8").strip()
        kind, style = KIND.search(svg), FIRST_STYLE.search(svg)
        if kind is None or style is None:
            raise PluginError(f"{path}: not a drawing by scripts/render_diagrams.py; run `make diagrams` again")
        found[path.stem] = Drawing(kind["kind"], style["rules"].split("\n"), svg[: style.start()], svg[style.end() :])
    return found


def shared_styles(drawings: dict[str, Drawing]) -> dict[str, SharedStyle]:
    """Kind of diagram -> the leading CSS rules that all its drawings have, less those none uses."""
    by_kind: dict[str, list[list[str]]] = defaultdict(list)
    for drawing in drawings.values():
        by_kind[drawing.kind].append(drawing.rules)
    shared = {}
    for kind, styles in by_kind.items():
        plain = [[rule.removeprefix(UNUSED) for rule in rules] for rules in styles]
        count = 0
        while all(len(rules) > count and rules[count] == plain[0][count] for rules in plain):
            count += 1
        used = [plain[0][i] for i in range(count) if any(not rules[i].startswith(UNUSED) for rules in styles)]
        # The rules are as they stood in an <svg>'s <style>, where ">" is written "&gt;".
        shared[kind] = SharedStyle(count, "".join(html.unescape(rule) + "\n" for rule in used) + SHARED_TAIL)
    return shared


def own_style_only(drawing: Drawing, shared: SharedStyle) -> str:
    """The drawing's <svg>, its <style> left with the rules that its kind's stylesheet does not hold."""
    own = [rule for rule in drawing.rules[shared.rules :] if not rule.startswith(UNUSED)]
    return drawing.before + (f"<style>{''.join(own)}</style>" if own else "") + drawing.after


# Read again on every build: `mkdocs serve` keeps this module loaded between builds.
_inputs: bytes | None = None
# Key -> (kind, <svg> less its kind's shared CSS); empty when every diagram is left to the browser.
_drawings: dict[str, tuple[str, str]] = {}
_shared: dict[str, SharedStyle] = {}


# Whether MkDocs serves the site (set once: the module stays loaded between builds).
_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _inputs, _drawings, _shared
    _inputs = drawing_inputs(config.docs_dir)
    drawings = Path(config.docs_dir) / DRAWINGS
    everything = read_drawings(drawings) if _inputs is not None and drawings.is_dir() else {}
    _shared = shared_styles(everything)
    _drawings = (
        {}
        if os.environ.get("DIAGRAMS_DRAWN_IN_BROWSER") == "1"
        else {
            key: (drawing.kind, own_style_only(drawing, _shared[drawing.kind])) for key, drawing in everything.items()
        }
    )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if _inputs is not None:
        check_drawn_and_parsed(site_diagrams(files), Path(config.docs_dir) / MERMAID)
    for kind, style in _shared.items():
        files.append(File.generated(config, SHARED_CSS.format(kind=kind), content=style.css))
    return files


# Drawn and parsed ------------------------------------------------------------------

PARSER = Path(__file__).resolve().parents[2] / "scripts" / "mermaid_parse.mjs"
# Under `mkdocs serve`, said in the log but not counted as a MkDocs warning, which
# strict mode would turn into a failed build: the author sees the diagram drawn meanwhile.
SERVE_LOG = logging.getLogger("diagrams.serve")
SERVE_LOG.propagate = False
if not SERVE_LOG.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    SERVE_LOG.addHandler(_handler)


class Placed(NamedTuple):
    where: str  # PAGE.md:LINE of the opening fence
    text: str  # the diagram as Mermaid gets it


def site_diagrams(files: Files) -> list[Placed]:
    """Every diagram of the site's pages, as superfences hands it to Mermaid (less its indent)."""
    placed = []
    for file in files.documentation_pages():
        for diagram in find_diagrams(file.content_string, file.src_uri):
            where = f"{file.src_uri}:{diagram.line}"
            placed.append(Placed(where, textwrap.dedent(diagram.source)))
    return placed


def check_drawn_and_parsed(diagrams: list[Placed], mermaid: Path) -> None:
    """Fail the build on diagrams not drawn, or that Mermaid cannot parse (serve: log them)."""
    assert _inputs is not None
    undrawn = [d for d in diagrams if drawing_key(d.text, _inputs) not in _drawings]
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
    node = shutil.which("node")
    if not diagrams or node is None:
        return []  # without Node, a diagram that does not parse fails in `make diagrams`
    texts = json.dumps([d.text for d in diagrams])
    run = subprocess.run(
        [node, str(PARSER), str(mermaid)],
        input=texts,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if run.returncode != 0:
        last = run.stderr.strip().splitlines()[-3:]  # Node prints the minified source line first
        raise PluginError(f"{PARSER.name} failed (exit {run.returncode}): {' '.join(last)}")
    errors = json.loads(run.stdout)
    return [
        f"{d.where}: Mermaid cannot parse the diagram:\n" + textwrap.indent(error, "    ")
        for d, error in zip(diagrams, errors)
        if error
    ]


def drawn_diagram(key: str, kind: str, svg: str, page_url: str) -> str:
    """Material's own markup for a drawn diagram, its shadow root declared in HTML,
    the CSS its kind shares linked in place of those rules."""
    stylesheet = get_relative_url(SHARED_CSS.format(kind=kind), page_url)
    # Search would otherwise index the labels and styles.
    return (
        f'<div class="mermaid" data-diagram="{key}" data-search-exclude><template shadowrootmode="open">'
        f'{UNTIL_STYLED}<link rel="stylesheet" href="{stylesheet}" fetchpriority="low">{svg}</template></div>'
    )


@order.run_at("diagrams.on_page_content")
def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    def ship(match: re.Match[str]) -> str:
        if _inputs is None:
            return match[0].replace('<pre class="mermaid">', '<pre class="mermaid" data-search-exclude>')
        key = drawing_key(html.unescape(match["code"]), _inputs)
        if key in _drawings:
            return drawn_diagram(key, *_drawings[key], page.url)
        # Search would otherwise index and show the diagram source.
        return f'<pre class="mermaid" data-diagram="{key}" data-search-exclude><code>{match["code"]}</code></pre>'

    return MERMAID_PRE.sub(ship, html_text)
