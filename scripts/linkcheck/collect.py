"""The collector: every external link of the built pages, with where it was written.

Like Sphinx linkcheck's HyperlinkCollector or lychee's collector: it reads,
it never fetches. The build records each link's docs/...md:line in
SITE_DIR/link-sources.json (overrides/hooks/link_sources.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from linkcheck.messages import display_path, warn
from linkcheck.model import Link, PageRef, UsageError

SOURCES_MAP = "link-sources.json"  # written into the site by overrides/hooks/link_sources.py (MAP_NAME)
# <link rel> values that name an origin or this site, not a document to fetch.
SKIPPED_LINK_RELS = frozenset({"preconnect", "dns-prefetch", "canonical", "alternate"})


def extract_links(tree: LexborHTMLParser) -> list[str]:
    """The http(s) URLs a parsed page links to, in document order, as written."""
    urls: list[str] = []
    for node in tree.css("a[href], link[href], [src]"):
        attrs = node.attributes
        if node.tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & SKIPPED_LINK_RELS:
                continue
        for name in ("href", "src"):
            if name == "href" and node.tag not in ("a", "link"):
                continue
            value = (attrs.get(name) or "").strip()
            if value.lower().startswith(("http://", "https://")):
                urls.append(value)
    return urls


def canonical_site_url(tree: LexborHTMLParser) -> str:
    """The site URL a parsed page names as canonical ('' if none)."""
    node = tree.css_first('link[rel="canonical"]')
    return (node.attributes.get("href") or "").strip() if node else ""


def is_internal(url: str, site_url: str) -> bool:
    """Whether URL points into the site itself (given its public URL)."""
    if not site_url:
        return False
    base = site_url.rstrip("/")
    return url == base or url.startswith((base + "/", base + "#"))


def collect_links(site_dir: Path) -> tuple[list[Link], str]:
    """Every http(s) link of every page, and the site URL the root page names."""
    links: list[Link] = []
    site_url = ""
    pages = sorted(site_dir.rglob("*.html"))
    if not pages:
        raise UsageError(f"{site_dir}: no HTML files (build the site first: make build)")
    for path in pages:
        page = path.relative_to(site_dir).as_posix()
        tree = LexborHTMLParser(path.read_text(encoding="utf-8", errors="replace"))
        links.extend(Link(url, page) for url in extract_links(tree))
        if page == "index.html":  # the root page: its tree is already parsed
            site_url = canonical_site_url(tree)
    return links, site_url


def read_sources(site_dir: Path) -> dict[str, dict[str, Any]]:
    """The build's record of where each page's links were written.

    Keyed by built page: {"source": "docs/...md", "links": {url: line}}. A site built
    without that hook has none, and the report then names pages only.
    """
    path = site_dir / SOURCES_MAP
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        warn(f"{display_path(path)} is missing (the link_sources hook writes it): reporting pages, not Markdown lines")
        return {}
    except (OSError, ValueError) as exc:
        raise UsageError(f"{display_path(path)}: not a link-sources map: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(entry, dict) for entry in data.values()):
        raise UsageError(f"{display_path(path)}: not a link-sources map: expected an object of pages")
    return data


def page_refs(links: list[Link], sources: dict[str, dict[str, Any]]) -> dict[str, tuple[PageRef, ...]]:
    """For each URL, the pages using it, with the Markdown file and line the build recorded."""
    by_url: dict[str, dict[PageRef, None]] = defaultdict(dict)
    for link in links:
        entry = sources.get(link.page)
        ref = PageRef(link.page)
        if entry is not None:
            ref = PageRef(link.page, entry.get("source"), entry.get("links", {}).get(link.url))
        by_url[link.url][ref] = None
    return {url: tuple(refs) for url, refs in by_url.items()}
