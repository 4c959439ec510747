"""Every nav section's <nav> is labelled by an element that exists, whatever its size.

Material 9 labels each section's <nav> with `aria-labelledby="__nav_N_label"`, but with
navigation.indexes it writes the element of that id only when the section has more than its
index page (partials/nav-item.html: the toggle label). A session of one page, as a 第2回 may
start, then leaves every page of the site with a dangling reference: axe reports
landmark-unique and the Nu checker a bad aria-labelledby. This hook gives the id to the section
title that Material writes inside the same <nav> (its visible name on a phone). Reported upstream
as a Material issue; it goes when Material writes the id itself, which this hook checks for first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

SECTION_TITLE = re.compile(r'<label class="md-nav__title" for="(?P<toggle>__nav_[\w]+)"')


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    def labelled(match: re.Match[str]) -> str:
        label = f"{match['toggle']}_label"
        if f'aria-labelledby="{label}"' not in output or f'id="{label}"' in output:
            return match[0]
        return f'{match[0]} id="{label}"'

    return SECTION_TITLE.sub(labelled, output)
