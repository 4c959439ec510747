"""Diagrams: never drawn so small that their labels cannot be read.

Mermaid draws each diagram at its natural width (its labels at 16 px) and lets
it shrink with the column: a 700 px wide drawing in a 343 px phone column has
8 px labels. This hook gives each drawn diagram's host its natural width as
`--diagram-width` and lets the <svg> (inside the host's shadow root, which the
custom property reaches) shrink to `--diagram-min-scale` of it and no further;
site.css sets that scale (0.8: labels of 12.8 px) on screen, and 0 in
print. A diagram wider than its column then scrolls sideways inside its own
box, which takes keyboard focus (tabindex) so that arrow keys can scroll it.
Its width over its height, `--diagram-aspect`, lets the handout's print rules
(handout.css) keep a tall diagram within one sheet.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lib import order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# A drawn diagram as overrides/hooks/diagrams.py ships it, up to its <svg>'s max-width. The viewBox
# may start below 0 0 (a subgraph title margin in the diagram's config moves it).
DRAWN = re.compile(
    r'<div class="mermaid" (data-diagram="\w+")(?P<between>.*?<svg [^>]*?style=")max-width: (?P<width>[\d.]+)px;'
    r'(?P<rest>[^>]*?viewBox="-?[\d.]+ -?[\d.]+ [\d.]+ (?P<height>[\d.]+)")',
    re.DOTALL,
)
# The narrowest phone column (320 px screen less Material's margins): wider ones may scroll.
NARROWEST_COLUMN = 288
MIN_SCALE = 0.8


@order.run_at("diagram_size.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return DRAWN.sub(_sized, html)


def _sized(match: re.Match[str]) -> str:
    """The host with its natural width (and a Tab stop if it may scroll), the <svg> with a floor."""
    width = float(match["width"])
    focus = ' tabindex="0"' if width * MIN_SCALE > NARROWEST_COLUMN else ""
    aspect = round(width / float(match["height"]), 3)  # for print: handout.css keeps a tall one on its sheet
    return (
        f'<div class="mermaid" {match[1]} style="--diagram-width: {width}px; --diagram-aspect: {aspect}"'
        f"{focus}{match['between']}"
        f"max-width: {width}px; min-width: calc(var(--diagram-width) * var(--diagram-min-scale, 0));{match['rest']}"
    )
