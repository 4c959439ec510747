"""The types the layers pass to each other: links, what a fetch saw, verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNVERIFIED = "unverified"
    EXCLUDED = "excluded"


class UsageError(Exception):
    """A bad option or config value: exit 2 with this message."""


@dataclass(frozen=True)
class PageRef:
    """Where a URL is used: the built page, and its Markdown source if known."""

    page: str
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Link:
    url: str
    page: str  # relative to SITE_DIR, POSIX separators


@dataclass(frozen=True)
class Fetched:
    """What one GET (with its redirects and retries) of a document showed."""

    url: str
    status: int | None = None
    final_url: str | None = None
    hops: tuple[int, ...] = ()  # the redirect statuses followed, in order
    charset: str = "utf-8"
    title: str | None = None
    anchors: frozenset[str] | None = None  # None: the body was not parsed
    truncated: bool = False  # the body was longer than max_bytes
    refreshed: bool = False  # a <meta http-equiv="refresh"> was followed
    host_home: str | None = None  # where the final host's root leads (asked after redirects)
    notice: str | None = None  # an availability or end-of-support notice at the top of the page
    failure: Verdict | None = None  # set when no usable response came back
    reason: str = ""


@dataclass(frozen=True)
class Result:
    url: str
    verdict: Verdict
    status: int | None = None
    final_url: str | None = None
    reason: str = ""
    notice: str | None = None
    pages: tuple[PageRef, ...] = field(default=())
