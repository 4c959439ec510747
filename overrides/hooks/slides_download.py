"""A link to the session's slides PDF on the session's first page, under its title.

The PDF is slides/<session folder>.pdf at the site's root, made by
`make slides` (scripts/make_slides.py) and published by the Pages workflow.
The link stands in an <aside>, which is no part of any slide (hooks/slides.py
and presentation.js leave asides out): it is for readers of the page; the
room sees the link on the closing slide.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

SESSION = re.compile(r"^第\d+回")
SLIDES = "slides"  # make_slides.py's folder in the site
H1_END = re.compile(r"</h1>", re.IGNORECASE)


def session_folder(page: Page) -> str | None:
    """The session's folder when PAGE is the first page of a session's nav section, else None."""
    top = page.parent
    while top is not None and top.parent is not None:
        top = top.parent
    if top is None or not SESSION.match(top.title or ""):
        return None
    first = next((p for p in top.children if isinstance(p, Page)), None)
    if first is not page:
        return None
    return page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else None


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    folder = session_folder(page)
    if folder is None:
        return html
    href = get_relative_url(f"{SLIDES}/{folder}.pdf", page.url)
    link = (
        f'<aside class="slides-download" data-search-exclude><p>'
        f'<a href="{href}" type="application/pdf">この回のスライド（PDF）</a></p></aside>'
    )
    found = H1_END.search(html)
    return html[: found.end()] + link + html[found.end() :] if found else link + html
