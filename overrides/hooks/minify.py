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

Scripts and stylesheets: every .js and .css file that this site makes (from
docs/, overrides/, or a hook such as quiz_markup.py) is minified with rJSmin
or rCSSmin, about 40 % off, gzipped. Material's own files and the vendored
ones (assets/vendor/) come minified already and are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import htmlmin
import material
import rcssmin
import rjsmin

from lib import order

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

MINIFIERS: dict[str, Callable[[str], str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}
MATERIAL = Path(material.__file__).parent  # the theme's own files, minified by its authors
VENDORED = "assets/vendor/"


def made_here(file: File) -> bool:
    """Whether FILE is one of this site's own (or a hook's), not Material's nor vendored."""
    if file.dest_uri.startswith(VENDORED):
        return False
    return file.abs_src_path is None or not Path(file.abs_src_path).is_relative_to(MATERIAL)


def page_html(html: str) -> str:
    return htmlmin.minify(html)


@order.run_at("minify.on_env")
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page's content is rendered by now, and no file is written yet.
    for file in files:
        minify = MINIFIERS.get(Path(file.dest_uri).suffix)
        if minify is not None and made_here(file):
            file.content_string = minify(file.content_string)
    return env


@order.run_at("minify.on_post_page")
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return page_html(output)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return page_html(output) if template_name.endswith(".html") else output  # 404.html, not sitemap.xml
