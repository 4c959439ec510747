"""The participants' address and its QR code, for the hooks that show it (qr_code, slides).

The address is `extra.participant_url` when set (mkdocs.yml reads it from the
PARTICIPANT_URL environment variable), else `site_url`. The code is drawn by
segno as inline SVG: no JavaScript library draws it and no service is asked.
"""

from __future__ import annotations

import functools
import html
from typing import TYPE_CHECKING

import segno
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def participant_url(config: MkDocsConfig) -> str:
    url = config.extra.get("participant_url") or config.site_url
    if not url:
        raise PluginError("mkdocs.yml: site_url is empty, so there is no address for the QR code")
    return str(url)


@functools.cache  # the same code for every page of a build
def qr_svg(url: str, label: str = "このサイトのQRコード") -> str:
    """An SVG that scales with CSS, black on white in both colour schemes (what scanners expect)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, svgclass="qr-code__svg", lineclass=None, dark="#000", light="#fff", border=4)
    name = html.escape(f"{label}：{url}", quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)
