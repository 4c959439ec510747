"""Put the handout (/print/, drawn by mkdocs-print-site-plugin) in the nav, after the organiser's guide.

mkdocs.yml cannot name the page in `nav:` (it is not a Markdown file, and strict
mode rejects the unknown path), and the plugin's own `add_to_navigation` would
add it at the top level, as a page that instant navigation loads without the
plugin's start-up script. A plain link avoids both: the browser loads the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Link, Section

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

GUIDE = "guide/presenting.md"
TITLE = "配布資料（印刷用）"


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    plugin = config.plugins.get("print-site")
    if plugin is None:
        raise PluginError("mkdocs.yml: overrides/hooks/handout.py needs the print-site plugin")
    for page in nav.pages:
        if page.file.src_uri == GUIDE:
            break
    else:
        raise PluginError(f"mkdocs.yml: nav has no {GUIDE}, after which the handout link goes")
    section = page.parent
    if not isinstance(section, Section):
        raise PluginError(f"mkdocs.yml: {GUIDE} must sit in a nav section (主催者向け)")
    link = Link(TITLE, plugin.print_file.url)  # "print/", relative to the site root
    link.parent = section
    section.children.insert(section.children.index(page) + 1, link)
    return nav
