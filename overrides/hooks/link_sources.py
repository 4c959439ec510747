"""Where each external link was written, recorded for scripts/check_links.py.

The built HTML no longer says which Markdown file and line a link came from.
This hook notes it while the build has both at hand, as Sphinx's linkcheck
records a node's docname and line while it collects:

- on_page_content takes the http(s) URLs of the page's rendered body (href and
  src, entities decoded: the URLs the checker will read from the built page),
  and finds each one's first line in the page's Markdown file as written (front
  matter included, so the numbers are an editor's), whether the Markdown has it
  as the HTML does, with &amp;, or not percent-encoded;
- on_post_build writes SITE_DIR/link-sources.json, keyed by built page:
  {"session-01/sagemaker/index.html":
      {"source": "docs/session-01/sagemaker.md", "links": {"https://...": 7}}}

The theme's own links (Material's footer) are not in the body, so they get no
line. The source path is relative to the folder of mkdocs.yml, as GitHub's
annotations need it. With `mkdocs build --dirty`, the pages not rebuilt keep
their entries from the map already in the site.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MAP_NAME = "link-sources.json"  # scripts/check_links.py reads it under this name (SOURCES_MAP)

LINK = re.compile(r"""\b(?:href|src)=(["'])(https?://.+?)\1""")
# Where a URL ends in Markdown text: not inside a longer URL ("…/docs" is not in "…/docs/page.html").
URL_END = r"(?![\w/#?%=&~+-]|\.\w)"

_pages: dict[str, dict[str, Any]] = {}
_dirty = False


def links_in(body: str) -> list[str]:
    """The http(s) URLs of a rendered page body's href and src attributes, entities decoded, in order."""
    return list(dict.fromkeys(html.unescape(match[2]) for match in LINK.finditer(body)))


def first_lines(urls: list[str], markdown: str) -> dict[str, int]:
    """Each URL with the number of the first line of MARKDOWN that holds it whole; URLs not found are left out."""
    lines = markdown.splitlines()
    found: dict[str, int] = {}
    for url in urls:
        for variant in dict.fromkeys([url, url.replace("&", "&amp;"), unquote(url)]):
            pattern = re.compile(re.escape(variant) + URL_END)
            number = next((n for n, line in enumerate(lines, start=1) if pattern.search(line)), None)
            if number is not None:
                found[url] = number
                break
    return found


def on_startup(*, command: str, dirty: bool) -> None:
    global _dirty
    _dirty = dirty


def on_pre_build(config: MkDocsConfig) -> None:
    _pages.clear()  # `mkdocs serve` rebuilds in one process


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.abs_src_path is None:  # a page made by a plugin: no Markdown file to point to
        return html_text
    source = Path(os.path.relpath(page.file.abs_src_path, Path(config.config_file_path).parent)).as_posix()
    links = first_lines(links_in(html_text), page.file.content_string)
    _pages[page.file.dest_uri] = {"source": source, "links": links}
    return html_text


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / MAP_NAME
    pages = dict(_pages)
    if _dirty and path.is_file():  # only the changed pages were built
        pages = json.loads(path.read_text(encoding="utf-8")) | pages
    path.write_text(json.dumps(pages, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
