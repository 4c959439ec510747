"""Mermaid diagrams: check every fence at build time, keep their source out of search.

A diagram that lacks an accessible title or description, names an unknown
diagram type, or whose fence is never closed fails the build with the page and
line. Whether Mermaid itself parses each diagram is checked in Chromium by the
test suite (tests/test_diagrams.py), with the same page and line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b")
# The diagram types this site uses; the first meaningful line must name one.
DIAGRAM_TYPES = ("flowchart", "graph", "sequenceDiagram", "stateDiagram-v2", "timeline", "gantt")


class Diagram(NamedTuple):
    line: int  # 1-based line of the opening fence in the Markdown source
    source: str


def find_diagrams(markdown: str, path: str) -> list[Diagram]:
    """Every ```mermaid fence in the page; raise on one that is never closed."""
    lines = markdown.splitlines()
    diagrams: list[Diagram] = []
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        closing = re.compile(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}[ \t]*$")
        for end in range(index + 1, len(lines)):
            if closing.match(lines[end]):
                break
        else:
            raise PluginError(f"{path}:{index + 1}: mermaid fence is never closed")
        diagrams.append(Diagram(index + 1, "\n".join(lines[index + 1 : end])))
        index = end + 1
    return diagrams


def check_diagram(diagram: Diagram, path: str) -> None:
    body = [line.strip() for line in diagram.source.splitlines() if line.strip()]
    where = f"{path}:{diagram.line}"
    if not body or not body[0].startswith(DIAGRAM_TYPES):
        first = body[0] if body else "(empty)"
        raise PluginError(f"{where}: unknown mermaid diagram type in {first!r}")
    for keyword in ("accTitle:", "accDescr:"):
        if not any(line.startswith(keyword) and line[len(keyword) :].strip() for line in body):
            raise PluginError(f"{where}: mermaid diagram needs a non-empty {keyword} (accessible name)")


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The file as written, front matter included, so that line numbers match the editor's.
    for diagram in find_diagrams(page.file.content_string, page.file.src_uri):
        check_diagram(diagram, page.file.src_uri)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Search would otherwise index and show the diagram source.
    return html.replace('<pre class="mermaid">', '<pre class="mermaid" data-search-exclude>')
