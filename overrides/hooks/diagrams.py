"""Mermaid diagrams: check every fence at build time, keep their source out of search.

A diagram that lacks an accessible title or description, names an unknown
diagram type, or whose fence is never closed fails the build with the page and
line. Whether Mermaid itself parses each diagram is checked in Chromium by the
test suite (tests/test_diagrams.py), with the same page and line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from markdown_fences import iter_fences  # overrides/hooks/, on sys.path while MkDocs imports hooks
from mkdocs.exceptions import PluginError

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
    for diagram in find_diagrams(page.file.content_string, page.file.src_uri):
        check_diagram(diagram, page.file.src_uri)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Search would otherwise index and show the diagram source.
    return html.replace('<pre class="mermaid">', '<pre class="mermaid" data-search-exclude>')
