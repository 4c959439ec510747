"""The share card of every page: og:image and twitter:card (summary_large_image), with the Open Graph texts.

A page of a session (a nav section titled 「第N回…」) shows the session's card
(its title, the series name, the date); any other page shows the series'
card. The cards are drawn ahead of time by `make cards` (lib/cards.py says
what each shows). A card that is missing, or that does not show what the
site says now (a title or a date changed), fails `mkdocs build` with the file
and the field and "run `make cards`"; `mkdocs serve` only warns, so editing a
date needs no browser.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.exceptions import PluginError

from lib import cards

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.share_cards")

_command = "build"
_cards: dict[str, cards.Card] = {}  # the session's nav title (or SERIES) -> its card


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(*, config: MkDocsConfig) -> None:
    found = cards.expected(config.site_name, config.nav or [], Path(config.docs_dir))
    _cards.clear()
    _cards.update({cards.SERIES if c.name == cards.SERIES else c.title: c for c in found})
    problems = cards.problems(found, Path(config.docs_dir))
    if problems and _command == "serve":
        for problem in problems:
            log.warning(problem)
    elif problems:
        raise PluginError("\n".join(problems))


def card_of(page: Page) -> cards.Card:
    """The card of the page's session, or the series card."""
    top = page.parent
    while top is not None and top.parent is not None:
        top = top.parent
    card = _cards.get(top.title) if top is not None and top.title else None
    return card or _cards[cards.SERIES]


def meta_tags(page: Page, config: MkDocsConfig) -> str:
    card = card_of(page)
    base = config.site_url or ""
    image = f"{base}{(cards.CARDS / card.name).as_posix()}.png"
    description = page.meta.get("description") or config.site_description or ""
    title = config.site_name if page.is_homepage else f"{page.title} - {config.site_name}"
    alt = "　".join(part for part in (card.series if card.name != cards.SERIES else "", card.title, card.date) if part)
    tags = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", config.site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", page.canonical_url or ""),
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(cards.WIDTH)),
        ("property", "og:image:height", str(cards.HEIGHT)),
        ("property", "og:image:alt", alt),
        ("name", "twitter:card", "summary_large_image"),
    ]
    return "".join(f'<meta {kind}="{name}" content="{html.escape(value)}">' for kind, name, value in tags if value)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if not _cards or "</head>" not in output:
        return output
    return output.replace("</head>", f"{meta_tags(page, config)}</head>", 1)
