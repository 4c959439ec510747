"""The participants' QR code: the site's address drawn at build time as inline SVG (segno).

The address is `extra.participant_url` when set, else `site_url` (lib/qr.py
draws the code for this hook and for the slides' cover and closing). `mkdocs serve` replaces
site_url with its own loopback address, which no phone in the room can open, so
an organiser who presents from `make serve` sets PARTICIPANT_URL to the
published site.

Every page gets it as `qr_code` in the template context, for the presentation
mode's QR dialog (overrides/main.html). The home page also carries it after its
lead text, so it is on the home page's first slide and the handout's first page.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from lib import order
from lib.qr import participant_url, qr_svg

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

FIRST_H2 = re.compile(r"<h2[\s>]")


def qr_figure(url: str) -> str:
    return (
        '<figure class="qr-code" data-search-exclude>'
        f"{qr_svg(url)}"
        f'<figcaption>スマートフォンで開く<br><span class="qr-code__url">{html.escape(url)}</span></figcaption>'
        "</figure>"
    )


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    url = participant_url(config)
    context["qr_code"] = qr_svg(url)
    context["qr_url"] = url
    return context


# Before the plugins (priority 0), so that the handout, which print-site collects
# in its own on_page_content, has the code on its first page too.
@order.run_at("qr_code.on_page_content")
def on_page_content(html_: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.is_homepage:
        return html_
    figure = qr_figure(participant_url(config))
    match = FIRST_H2.search(html_)
    if match is None:  # a home page of lead text only: the first slide is the whole page
        return html_ + figure
    return html_[: match.start()] + figure + html_[match.start() :]
