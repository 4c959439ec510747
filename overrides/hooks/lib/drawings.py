"""The diagrams' drawings: where a page's diagrams are, what each drawing is named, where it is kept.

A plain module (see lib/__init__.py) for the two sides of one format:
diagrams.py (a hook) checks each ```mermaid fence and puts its drawing into the
page; scripts/render_diagrams.py (`make diagrams`) draws the diagrams that
have none and writes the index.

A drawing is docs/assets/diagrams/KEY.svg: a finished, standalone SVG, its
<style> holding only the rules it uses. KEY hashes the diagram's text as
Mermaid gets it and everything else that shapes the drawing
(`drawing_inputs`), so an edit to any of them leaves the diagram without a
drawing. docs/assets/diagrams/index.json names, for each KEY, the fence it
was drawn from and its accessible title, for a reviewer.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from pathlib import Path
from typing import NamedTuple

import material
from mkdocs.exceptions import PluginError

from lib.fences import iter_fences

DRAWINGS = Path("assets") / "diagrams"  # in docs_dir; exclude_docs in mkdocs.yml keeps it off the site
INDEX = "index.json"
# Everything besides a diagram's text that shapes its drawing: Mermaid, its
# set-up in the page (look, wrapping), the font its labels are measured in, and
# Material's diagram CSS (its version).
LOADER = Path("assets") / "javascripts" / "mermaid-loader.js"
MERMAID = Path("assets") / "vendor" / "mermaid" / "mermaid.esm.min.mjs"
SITE_CSS = Path("assets") / "stylesheets" / "site.css"
TEXT_FONT = re.compile(r"--md-text-font\s*:[^;]*;")
ACC_TITLE = re.compile(r"accTitle\s*:\s*(?P<title>\S.*)")


class Diagram(NamedTuple):
    line: int  # 1-based line of the opening fence in the Markdown source
    source: str  # the fence's lines, as written


class Placed(NamedTuple):
    where: str  # PAGE.md:LINE of the opening fence, PAGE from docs/
    text: str  # the diagram as Mermaid gets it: superfences takes off the common indent
    title: str  # its accTitle ("" when it has none)


class Entry(NamedTuple):
    source: str  # docs/PAGE.md:LINE
    title: str


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


def acc_title(source: str) -> str:
    """The diagram's accessible title, or "" when it has none."""
    found = (ACC_TITLE.match(line) for line in diagram_lines(source))
    return next((match["title"].strip() for match in found if match), "")


def placed(markdown: str, path: str) -> list[Placed]:
    """The page's diagrams, each with where it is written and the text Mermaid gets."""
    return [
        Placed(f"{path}:{d.line}", textwrap.dedent(d.source), acc_title(d.source))
        for d in find_diagrams(markdown, path)
    ]


def drawing_inputs(docs_dir: str | Path) -> bytes | None:
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


def drawing_path(docs_dir: str | Path, key: str) -> Path:
    return Path(docs_dir) / DRAWINGS / f"{key}.svg"


def read_drawings(docs_dir: str | Path) -> dict[str, str]:
    """Key -> the <svg> markup, for every drawing in the folder."""
    return {
        path.stem: path.read_text(encoding="utf-8").strip()
        for path in sorted((Path(docs_dir) / DRAWINGS).glob("*.svg"))
    }


def write_drawing(docs_dir: str | Path, key: str, svg: str) -> Path:
    path = drawing_path(docs_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg.strip() + "\n", encoding="utf-8")
    return path


def index_entries(diagrams: list[Placed], inputs: bytes) -> dict[str, Entry]:
    """Key -> where its diagram is written (the first, if the same diagram is written twice) and its title."""
    entries: dict[str, Entry] = {}
    for diagram in diagrams:
        entries.setdefault(drawing_key(diagram.text, inputs), Entry(f"docs/{diagram.where}", diagram.title))
    return entries


def index_text(entries: dict[str, Entry]) -> str:
    """The index as `make diagrams` writes it: sorted by key, one field a line, for readable diffs."""
    data = {key: entry._asdict() for key, entry in sorted(entries.items())}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def read_index(docs_dir: str | Path) -> dict[str, Entry]:
    path = Path(docs_dir) / DRAWINGS / INDEX
    if not path.is_file():
        return {}
    return {key: Entry(**entry) for key, entry in json.loads(path.read_text(encoding="utf-8")).items()}


def write_index(docs_dir: str | Path, entries: dict[str, Entry]) -> Path:
    path = Path(docs_dir) / DRAWINGS / INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(index_text(entries), encoding="utf-8")
    return path
