"""Where each external link was written, recorded for scripts/check_links.py.

The built HTML no longer says which Markdown file and line a link came from.
This hook notes it while the build has each page's source at hand, as Sphinx's
linkcheck records a node's docname and line while it collects:

- on_page_markdown scans the page's file as written (front matter included, so
  the numbers are an editor's line numbers) for http(s) URLs;
- on_post_build writes SITE_DIR/link-sources.json, keyed by built page:
  {"session-01/sagemaker/index.html":
      {"source": "docs/session-01/sagemaker.md", "links": {"https://...": 7}}}

A URL written twice on a page maps to its first line. The source path is
relative to the folder of mkdocs.yml, as GitHub's annotations need it.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MAP_NAME = "link-sources.json"

# The characters a URL keeps in Markdown; ( ) [ ] < > quotes and spaces end it, as they end a Markdown link.
URL = re.compile(r"https?://[\w\-.~:/?#@!$&*+,;=%]+", re.ASCII)
TRAILING = ".,;:!?"  # sentence punctuation right after a bare URL

_pages: dict[str, dict[str, Any]] = {}


def urls_by_line(text: str) -> dict[str, int]:
    """Each http(s) URL of TEXT, with the number of the first line that holds it."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in URL.finditer(line):
            found.setdefault(html.unescape(match.group().rstrip(TRAILING)), number)
    return found


def on_pre_build(config: MkDocsConfig) -> None:
    _pages.clear()  # `mkdocs serve` rebuilds in one process


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    base = Path(config.config_file_path).parent
    source = Path(os.path.relpath(page.file.abs_src_path or "", base)).as_posix()
    _pages[page.file.dest_uri] = {"source": source, "links": urls_by_line(page.file.content_string)}
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / MAP_NAME
    path.write_text(json.dumps(_pages, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
