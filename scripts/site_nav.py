"""The pages of mkdocs.yml's nav, in order, for tests and benchmarks that must follow the nav.

Not a command. Reads mkdocs.yml as plain YAML (its !ENV and !!python tags read
as None), so that nothing is built to learn which pages the session has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"


class NavPage(NamedTuple):
    section: str  # the nav section's title, "" at the top level
    title: str
    src: str  # Markdown path under docs/
    url: str  # URL path as built ("" for the home page)


class _TaglessLoader(yaml.SafeLoader):
    """SafeLoader that reads any tagged value (!ENV, !!python/...) as None: only `nav` is wanted."""


_TaglessLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TaglessLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def url_of(src: str) -> str:
    """The URL path MkDocs gives a Markdown file with use_directory_urls (the default)."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return (stem.removesuffix("/index") if stem.endswith("/index") else stem) + "/"


def _walk(entries: list[Any], section: str) -> list[NavPage]:
    pages = []
    for entry in entries:
        for title, value in entry.items():
            if isinstance(value, list):
                pages += _walk(value, title)
            elif isinstance(value, str) and value.endswith(".md"):
                pages.append(NavPage(section, title, value, url_of(value)))
    return pages


def nav_pages(config: Path = CONFIG) -> list[NavPage]:
    """Every Markdown page of the nav, in nav order."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TaglessLoader)
    return _walk(data["nav"], "")


def session_pages(number: int = 1, config: Path = CONFIG) -> list[NavPage]:
    """The pages of the nav section of session NUMBER (its title starts 「第N回」)."""
    return [p for p in nav_pages(config) if p.section.startswith(f"第{number}回")]


class Session(NamedTuple):
    title: str  # the nav section's title, 「第1回 …」
    folder: str  # the folder of its first page under docs/ ("session-01"), where its source notes are
    pages: list[NavPage]


def session_list(config: Path = CONFIG) -> list[Session]:
    """Each session (a nav section whose title starts 「第」), in nav order."""
    found: dict[str, list[NavPage]] = {}
    for page in nav_pages(config):
        if page.section.startswith("第"):
            found.setdefault(page.section, []).append(page)
    return [Session(title, Path(pages[0].src).parent.as_posix(), pages) for title, pages in found.items()]


def sessions(config: Path = CONFIG) -> dict[str, list[str]]:
    """Each session's nav section title (「第1回 …」) and its pages' URL paths, in nav order."""
    found: dict[str, list[str]] = {}
    for page in nav_pages(config):
        if page.section.startswith("第"):
            found.setdefault(page.section, []).append(page.url)
    return found
