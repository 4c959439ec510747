"""Tables wrapped at build time the way Material's script wraps them in the browser.

Material's script takes every plain table (`table:not([class])`) out of the
page and puts it back inside its horizontal-scroll wrapper, so the browser
paints the table a second time, once the script has run. On 「1. AWSのML系サービス
おさらい」 the table's cells are the largest text on a phone's first screen: the
page's largest contentful paint waited for Material's script (Lighthouse, mobile:
1.8 s instead of 1.2 s). This hook writes the same wrapper into the HTML and
gives the table a class, which Material's script passes over; site.css gives the
class Material's table styles.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lib import order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

CLASS = "site-table"
# Python-Markdown's tables extension writes a bare <table>; one with a table
# inside it (raw HTML) is left to Material.
PLAIN_TABLE = re.compile(r"<table>((?:(?!<table).)*?)</table>", re.DOTALL)
WRAPPED = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    rf'<table class="{CLASS}">\1</table></div></div>'
)


@order.run_at("tables.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return PLAIN_TABLE.sub(WRAPPED, html)
