"""mkdocs-quiz's script as one file that the browser caches, not inlined into every quiz page.

The plugin appends its quiz.js (44 KB, 9 KB gzipped) inline to each page with a
quiz, so every such page downloads and parses it again and its first paint waits
for the larger HTML. This hook ships the same script once, as
assets/javascripts/mkdocs-quiz.js, and puts a deferred <script src> where the
inline copy was: it still runs before Material's deferred bundle, as the inline
copy did, and instant navigation runs it again on each page as before.
The handout (/print/) gets each page's HTML before this hook changes it, so
after the build its inline copies (one per quiz page) become one such tag.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs_quiz import plugin as quiz_plugin

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

TARGET = "assets/javascripts/mkdocs-quiz.js"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if not quiz_plugin.js_script:
        raise PluginError("overrides/hooks/quiz_script.py: mkdocs-quiz loaded no quiz.js")
    files.append(File.generated(config, TARGET, content=quiz_plugin.js_content))
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Hooks run after the plugins, so the plugin has appended its script by now.
    src = get_relative_url(TARGET, page.url)
    return html.replace(quiz_plugin.js_script, f'<script src="{src}" defer></script>')


def on_post_build(*, config: MkDocsConfig) -> None:
    # Hooks run after the plugins: mkdocs-print-site-plugin has written /print/ by now.
    handout = config.plugins.get("print-site")
    path = Path(handout.print_file.abs_dest_path) if handout else None
    if path is None or not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    src = get_relative_url(TARGET, handout.print_file.url)
    first, found, rest = html.partition(quiz_plugin.js_script)
    if found:
        tag = f'<script src="{src}" defer></script>'
        path.write_text(first + tag + rest.replace(quiz_plugin.js_script, ""), encoding="utf-8")
