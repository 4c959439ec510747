"""mkdocs-quiz's script and styles as two files that the browser caches, not inlined into every quiz page.

The plugin puts its quiz.js (44 KB, 9 KB gzipped) and quiz.css (10 KB) inline
into each page with a quiz, so every such page downloads and parses them again;
so too its labels in the page's language and its options, two small scripts
(1 KB, half of it Japanese text, which gzip barely shrinks).
Its <style> also comes after the page's text: a browser that paints before it
has parsed the whole page (a phone, a long page) first lays the quizzes and the
phone progress bar out unstyled, then moves everything below them (Lighthouse:
layout shift).

This hook ships each once, as assets/javascripts/mkdocs-quiz.js and
assets/stylesheets/mkdocs-quiz.css. The script becomes a deferred <script src>
where the inline copy was: it still runs before Material's deferred bundle, and
instant navigation runs it again on each page as before. The labels and
options, the same on every quiz page of this site, go at the head of that file,
where the script finds them set as before; a page whose quiz options differ
fails the build. The styles become a
<link> at the very start of the page's content: before anything it styles, after
the site's CSS as the inline copy was (so they win the same ties), and part of
what instant navigation swaps in. The handout (/print/) gets each page as this
hook left it (handout.py keeps one of each tag).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs_quiz import plugin as quiz_plugin

from lib import order

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SCRIPT = "assets/javascripts/mkdocs-quiz.js"
STYLES = "assets/stylesheets/mkdocs-quiz.css"
INLINE_SCRIPT = re.compile(r'<script type="text/javascript">(.*?)</script>', re.DOTALL)

# The labels and options, as the first quiz page of this build had them: (src_uri, each script's code).
_settings: tuple[str, tuple[str, ...]] | None = None


def script_tag(page_url: str) -> str:
    return f'<script src="{get_relative_url(SCRIPT, page_url)}" defer></script>'


def styles_tag(page_url: str) -> str:
    return f'<link rel="stylesheet" href="{get_relative_url(STYLES, page_url)}">'


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    _settings = None  # `mkdocs serve` keeps this module loaded between builds
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if not quiz_plugin.js_script or not quiz_plugin.style:
        raise PluginError("overrides/hooks/quiz_assets.py: mkdocs-quiz loaded no quiz.js or quiz.css")
    files.append(File.generated(config, SCRIPT, content=quiz_plugin.js_content))
    files.append(File.generated(config, STYLES, content=quiz_plugin.style_content))
    return files


@order.run_at("quiz_assets.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if quiz_plugin.style not in html:
        return html
    html = _settings_into_script(html, page.file.src_uri)
    html = html.replace(quiz_plugin.js_script, script_tag(page.url))
    return styles_tag(page.url) + html.replace(quiz_plugin.style, "")


def _settings_into_script(html: str, src_uri: str) -> str:
    """The page less the labels and options; they are noted for on_env, which puts them into the script file."""
    global _settings
    start = html.rindex(quiz_plugin.style) + len(quiz_plugin.style)
    end, scripts = _settings_after(html, start, src_uri)
    if _settings is None:
        _settings = (src_uri, scripts)
    elif _settings[1] != scripts:
        raise PluginError(
            f"{src_uri}: its quiz options or language differ from {_settings[0]}'s; "
            "overrides/hooks/quiz_assets.py ships one set of quiz labels and options for the whole site"
        )
    return html[:start] + html[end:]


def _settings_after(html: str, start: int, where: str) -> tuple[int, tuple[str, ...]]:
    """The labels and options the plugin put between its styles (which end at `start`) and
    its script: where they end, and each inline script's code."""
    end = html.index(quiz_plugin.js_script, start)
    inline = html[start:end]
    if INLINE_SCRIPT.sub("", inline).strip():
        raise PluginError(
            f"overrides/hooks/quiz_assets.py: {where}: unexpected markup between mkdocs-quiz's styles and script"
        )
    return end, tuple(body.strip() for body in INLINE_SCRIPT.findall(inline))


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page's content is rendered by now, and no file is written yet.
    if _settings is not None:
        script = files.get_file_from_path(SCRIPT)
        if script is None:
            raise PluginError(f"overrides/hooks/quiz_assets.py: {SCRIPT} is gone from the site")
        script.content_string = "\n".join(_settings[1]) + "\n" + script.content_string
    return env
