"""Ship every page, and the site's own scripts and stylesheets, minified; the sources stay readable.

A phone fetches the page and every script and stylesheet in it while the page
first loads, so their size adds to the time until the text is there.

Pages: the HTML that MkDocs and Material write is indented for reading.
htmlmin (the htmlmin2 fork that mkdocs-minify-plugin uses), with its defaults,
collapses that whitespace and drops comments and quotes that HTML does not
need: about 5 % of a page, gzipped. It leaves every element and attribute
(unlike minify-html, which drops attributes at their default value, such as a
<button>'s type=submit, and empty ones, such as the tabindex="" that Material's
script looks for on navigation labels), and the text of <pre>. The handout
(/print/) is rewritten after the build by handout.py, which minifies it with
`page_html`.

Scripts and stylesheets: Material's bundle and the vendored Mermaid come
minified; the site's own files, mkdocs-quiz's (which quiz_assets.py ships as
files) and the diagrams' shared CSS (diagrams.py) do not. rJSmin and rCSSmin take about 40 % off them, gzipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import htmlmin
import rcssmin
import rjsmin
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from diagrams import SHARED_CSS  # overrides/hooks/, on sys.path while MkDocs imports hooks
from quiz_assets import SCRIPT as QUIZ_SCRIPT  # likewise
from quiz_assets import STYLES as QUIZ_STYLES

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Destination paths, from docs/, overrides/ or quiz_assets.py.
ASSETS: dict[str, Callable[[str], str]] = {
    "assets/javascripts/mermaid-loader.js": rjsmin.jsmin,
    "assets/javascripts/presentation.js": rjsmin.jsmin,
    "assets/javascripts/presenter.js": rjsmin.jsmin,
    QUIZ_SCRIPT: rjsmin.jsmin,
    "assets/stylesheets/site.css": rcssmin.cssmin,
    "assets/stylesheets/presentation.css": rcssmin.cssmin,
    QUIZ_STYLES: rcssmin.cssmin,
}
DIAGRAM_STYLESHEETS = SHARED_CSS.partition("{kind}")[0]  # one per kind of diagram, from diagrams.py


def page_html(html: str) -> str:
    return htmlmin.minify(html)


@event_priority(-100)  # after the other hooks: quiz_assets.py completes mkdocs-quiz.js in on_env
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page's content is rendered by now, and no file is written yet.
    for path, minify in ASSETS.items():
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"overrides/hooks/minify.py: {path} is not in the site (renamed?)")
        file.content_string = minify(file.content_string)
    for file in files:
        if file.dest_uri.startswith(DIAGRAM_STYLESHEETS):
            file.content_string = rcssmin.cssmin(file.content_string)
    return env


@event_priority(-100)  # the page as every other hook left it
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return page_html(output)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return page_html(output) if template_name.endswith(".html") else output  # 404.html, not sitemap.xml
