"""Check every external (http/https) link in a built site.

Usage: python scripts/check_links.py [options] SITE_DIR

Reads the HTML files under SITE_DIR and checks each http(s) URL found in
<a href>, <link href> and any src attribute with one streamed GET. mailto:,
tel:, javascript:, relative and same-site links are skipped; loopback hosts
are checked like any other. A URL used on several pages or under several
#fragments is fetched once. Defaults come from [tool.check_links] in
pyproject.toml; command-line options override them. Each link is reported
with the Markdown file and line it was written on, from SITE_DIR/link-sources.json,
which the build writes (overrides/hooks/link_sources.py).

Verdicts:
  ok          2xx (also through temporary redirects 302/303/307)
  redirected  2xx reached through a permanent redirect (301/308) or a
              <meta http-equiv="refresh">: update the link
  broken      4xx, DNS/connection/TLS failure, malformed URL, redirect loop or
              more than 10 hops, 429/5xx that persist after retries, a missing
              #fragment, a soft 404 (an error page's <title>, or a deep link
              redirected to the home page)
  unverified  401, 403, 999 (bot protection), no verdict within --timeout, a
              fragment on a host that adds anchors by script: check it in a browser
  excluded    matched --exclude: not requested

Rules:
  home page   a redirect ends on the home page when its final URL, without
              tracking parameters (nc1, nc2, sc_*, utm_*) and index.html, is
              "/", a language home (/jp/, /ja_jp/, /en-us/, ...), or where the
              host's own root leads (asked once per host, only when needed)
  fragments   #/... and #!... are app routes and :~:text=... is a text
              directive: neither is an anchor; only the part before :~: is checked
  soft 404    a <title>, or one part of it between separators (| ｜ - – —), that
              a soft-404-titles pattern matches whole: "Page Not Found | AWS" is
              one, "HTTP 404 エラーの解決 | AWS re:Post" is not
  cookies     kept across the redirects of one URL's check only, as a browser
              would; a redirect back to the same URL with a new cookie is no loop
  --timeout   bounds one URL from its first request to its verdict, redirects
              and retries included
  credentials user:password@ in a URL is shown as ***@ and never cached

Exit codes:
  0  no broken link (redirected and unverified links are warnings)
  1  at least one broken link
  2  usage error (bad option or config value), no HTML in SITE_DIR, or a
     runtime error. An unusable cache file is set aside (renamed *.bad) with a
     warning; one that cannot be written is a warning after the report.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import contextlib
import email.utils
import html
import json
import math
import os
import re
import socket
import ssl
import sys
import time
import tomllib
import urllib.request
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp
from selectolax.lexbor import LexborHTMLParser
from yarl import URL

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
SOURCES_MAP = "link-sources.json"  # written into the site by overrides/hooks/link_sources.py (MAP_NAME)
CACHE_FILE = ROOT / ".cache" / "check_links.json"

USER_AGENT = (
    "sagemaker-study-site-linkcheck/1.0 (link checker of the SageMaker study-session site; scripts/check_links.py)"
)
MAX_HOPS = 10
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
UNVERIFIABLE_STATUSES = frozenset({401, 403, 999})  # logins and bot protection
# <link rel> values that name an origin or this site, not a document to fetch.
SKIPPED_LINK_RELS = frozenset({"preconnect", "dns-prefetch", "canonical", "alternate"})
# Hosts answering this many requests' worth of links get a progress bar.
PROGRESS_THRESHOLD = 20
# Fragments that name no anchor: in HTML the empty one and #top scroll to the top.
TOP_FRAGMENTS = frozenset({"", "top"})
# Charset labels whose Python codec is narrower than what browsers decode.
CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-jp": "euc_jis_2004",
}

# Each must match a whole title, or a whole part of it between separators.
DEFAULT_SOFT_404_TITLES = (
    r"(?i)(error\s*)?404(\s*error)?",
    r"(?i)(404\W*)?(page\s+|file\s+)?not\s+found(\W*404)?",
    r"(?i)(sorry\W*)?(the\s+|this\s+)?page\s+(does\s+not|doesn't)\s+exist\W*",
    r"(404\W*)?(お探しの)?ページ(が|は)見つかりません(でした)?\W*",
    r"(404\W*)?(お探しの)?ページ(が|は)存在しません(でした)?\W*",
)
# Where a title splits into parts: "Page Not Found | Example Docs".
TITLE_SEPARATORS = re.compile(r"\s+[-–—|｜:]\s+|[|｜]")
# Query parameters that only track where a click came from (AWS adds nc1/nc2, sc_*).
TRACKING_PARAMETER = re.compile(r"(?i)^(nc\d+|sc_\w+|utm_\w+)$")
# Language homes: AWS's own (aws.amazon.com/jp/, docs.aws.amazon.com/ja_jp/) and common locales.
LOCALE_HOMES = frozenset(
    {
        "ar",
        "cn",
        "de",
        "es",
        "fr",
        "id",
        "it",
        "jp",
        "kr",
        "pt",
        "ru",
        "th",
        "tr",
        "tw",
        "vi",
        "en",
        "ja",
        "ko",
        "zh",
        "ja_jp",
        "en_us",
        "en_gb",
        "zh_cn",
        "zh_tw",
        "ko_kr",
        "de_de",
        "es_es",
        "fr_fr",
        "it_it",
        "pt_br",
        "id_id",
        "ja-jp",
        "en-us",
        "en-gb",
        "zh-cn",
        "zh-tw",
        "ko-kr",
        "de-de",
        "es-es",
        "fr-fr",
        "it-it",
        "pt-br",
        "id-id",
    }
)
INDEX_FILES = ("index.html", "index.htm")
# A fragment starting with one of these is a script's route (#/estimate, #!/page), not an anchor.
ROUTE_PREFIXES = ("/", "!")
TEXT_DIRECTIVE = ":~:"
# content="0; url=/new" (quotes and "url=" optional); a bare delay reloads the page itself.
META_REFRESH = re.compile(r"""^\s*\d*\.?\d*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s][^"']*)""", re.IGNORECASE)
# user:password@ (or a token@) in a URL: never printed, never cached.
USERINFO = re.compile(r"(?i)\b(https?://)[^/?#@\s]*@")


class Verdict(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNVERIFIED = "unverified"
    EXCLUDED = "excluded"


class UsageError(Exception):
    """A bad option or config value: exit 2 with this message."""


@dataclass(frozen=True)
class Settings:
    timeout: float = 20.0
    per_host: int = 4
    interval: float = 0.2
    retries: int = 2
    backoff: float = 1.0
    retry_after_max: float = 30.0
    max_bytes: int = 4 * 1024 * 1024
    cache_hours: float = 24.0
    cache_file: Path = CACHE_FILE
    no_cache: bool = False
    exclude: tuple[str, ...] = ()
    script_anchor_hosts: tuple[str, ...] = ("docs.aws.amazon.com",)
    soft_404_titles: tuple[str, ...] = DEFAULT_SOFT_404_TITLES
    site_url: str = ""
    format: str = "text"

    @property
    def caching(self) -> bool:
        """Whether the cache is read and written: --no-cache or cache-hours 0 turn it off."""
        return not (self.no_cache or self.cache_hours == 0)


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
    failure: Verdict | None = None  # set when no usable response came back
    reason: str = ""


@dataclass(frozen=True)
class Result:
    url: str
    verdict: Verdict
    status: int | None = None
    final_url: str | None = None
    reason: str = ""
    pages: tuple[PageRef, ...] = field(default=())


# --- settings ---------------------------------------------------------------

CONFIG_KEYS = {
    "timeout": float,
    "per-host": int,
    "interval": float,
    "retries": int,
    "backoff": float,
    "retry-after-max": float,
    "max-bytes": int,
    "cache-hours": float,
    "cache-file": str,
    "exclude": list,
    "script-anchor-hosts": list,
    "soft-404-titles": list,
    "site-url": str,
    "format": str,
}
FORMATS = ("text", "json", "markdown", "github")


def read_config(path: Path) -> dict[str, Any]:
    """The [tool.check_links] table of a pyproject.toml (empty if absent)."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from exc
    table = data.get("tool", {}).get("check_links", {})
    for key, value in table.items():
        expected = CONFIG_KEYS.get(key)
        if expected is None:
            raise UsageError(f"{path}: unknown key [tool.check_links] {key!r}")
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise UsageError(f"{path}: [tool.check_links] {key} must be a {expected.__name__}")
    return table


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="check_links.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site")
    add_check_options(parser)
    return parser


def add_check_options(parser: argparse.ArgumentParser) -> None:
    """The options shared with scripts/build.py (defaults None: config decides)."""
    parser.add_argument("--format", choices=FORMATS, help="report format (default: text)")
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="most seconds one URL may take, from its first request to its "
        "verdict, redirects and retries included (default: 20)",
    )
    parser.add_argument("--per-host", type=int, metavar="N", help="most requests in flight to one host (default: 4)")
    parser.add_argument(
        "--interval", type=float, metavar="S", help="least gap between request starts to one host (default: 0.2)"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache of ok results")
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="REGEX",
        default=[],
        help="skip URLs matching REGEX (repeatable; adds to the config)",
    )
    parser.add_argument(
        "--config", type=Path, default=PYPROJECT, metavar="FILE", help="the pyproject.toml holding [tool.check_links]"
    )


def make_settings(args: argparse.Namespace) -> Settings:
    """Merge config and options into validated Settings, or raise UsageError."""
    config = read_config(args.config)
    base = args.config.parent

    def pick(option: object, key: str, default: object) -> Any:
        return option if option is not None else config.get(key, default)

    defaults = Settings()
    settings = Settings(
        timeout=float(pick(args.timeout, "timeout", defaults.timeout)),
        per_host=pick(args.per_host, "per-host", defaults.per_host),
        interval=float(pick(args.interval, "interval", defaults.interval)),
        retries=config.get("retries", defaults.retries),
        backoff=float(config.get("backoff", defaults.backoff)),
        retry_after_max=float(config.get("retry-after-max", defaults.retry_after_max)),
        max_bytes=config.get("max-bytes", defaults.max_bytes),
        cache_hours=float(config.get("cache-hours", defaults.cache_hours)),
        cache_file=base / config["cache-file"] if "cache-file" in config else defaults.cache_file,
        no_cache=args.no_cache,
        exclude=tuple(config.get("exclude", ())) + tuple(args.exclude),
        script_anchor_hosts=tuple(config.get("script-anchor-hosts", defaults.script_anchor_hosts)),
        soft_404_titles=tuple(config.get("soft-404-titles", defaults.soft_404_titles)),
        site_url=config.get("site-url", ""),
        format=pick(args.format, "format", defaults.format),
    )
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    finite = math.isfinite
    checks = [
        (
            finite(settings.timeout) and settings.timeout > 0,
            "--timeout must be a finite number of seconds, more than 0",
        ),
        (settings.per_host >= 1, "--per-host must be at least 1"),
        (
            finite(settings.interval) and settings.interval >= 0,
            "--interval must be a finite number of seconds, 0 or more",
        ),
        (settings.retries >= 0, "retries must be 0 or more"),
        (finite(settings.backoff) and settings.backoff >= 0, "backoff must be 0 or more seconds"),
        (
            finite(settings.retry_after_max) and settings.retry_after_max >= 0,
            "retry-after-max must be 0 or more seconds",
        ),
        (settings.max_bytes >= 1024, "max-bytes must be at least 1024"),
        (settings.cache_hours >= 0, "cache-hours must be 0 or more"),
        (settings.format in FORMATS, f"format must be one of {', '.join(FORMATS)}"),
    ]
    for ok, message in checks:
        if not ok:
            raise UsageError(message)
    for pattern in (*settings.exclude, *settings.soft_404_titles):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"bad regular expression {pattern!r}: {exc}") from exc


# --- extracting links (pure) -------------------------------------------------


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


def split_fragment(url: str) -> tuple[str, str]:
    """The document URL and the raw fragment ('' when there is none)."""
    document, _, fragment = url.partition("#")
    return document, fragment


SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def malformed_reason(url: str) -> str | None:
    """Why URL cannot be requested at all, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return "malformed URL: not http(s)"
    if not parts.hostname:
        return "malformed URL: no host"
    if SPACE_OR_CONTROL.search(url):
        return "malformed URL: contains whitespace"
    if port == 0:
        return "malformed URL: port 0"
    return None  # anything else aiohttp refuses becomes a verdict in describe_error


def excluded_by(url: str, patterns: Iterable[str]) -> str | None:
    for pattern in patterns:
        if re.search(pattern, url):
            return pattern
    return None


# --- reading responses (pure) --------------------------------------------------


def charset_of(content_type: str, head: bytes) -> str:
    """The Python codec for a page: the header's charset, else <meta>, else UTF-8."""
    label = ""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        label = match.group(1)
    else:
        meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", head[:4096], re.IGNORECASE)
        if meta:
            label = meta.group(1).decode("ascii", "replace")
    label = label.lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name if label else "utf-8"
    except LookupError:
        return "utf-8"


def page_anchors(tree: LexborHTMLParser) -> frozenset[str]:
    """Every id, and every <a name>, of a parsed page."""
    anchors = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    anchors |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    anchors.discard("")
    return frozenset(anchors)


def page_title(tree: LexborHTMLParser) -> str | None:
    # tags(), not css_first(): the same first <title>, without compiling a selector.
    nodes = tree.tags("title")
    return " ".join(nodes[0].text().split()) if nodes else None


def has_anchor(anchors: frozenset[str], fragment: str, charset: str = "utf-8") -> bool:
    """Whether FRAGMENT (raw, maybe percent-encoded) names an anchor of the page."""
    if fragment in TOP_FRAGMENTS:
        return True
    candidates = {fragment, unquote(fragment), unquote(fragment, encoding=charset, errors="replace")}
    candidates |= {html.unescape(c) for c in candidates}
    return any(c in anchors for c in candidates)


def anchor_of(fragment: str) -> tuple[str | None, str]:
    """The anchor a raw fragment names (None: nothing to look for) and why not, if not.

    Only the part before a text directive (#anchor:~:text=...) is an anchor, and
    #/... or #!... is a route that the page's script reads, not an element id."""
    anchor, directive, _ = fragment.partition(TEXT_DIRECTIVE)
    if anchor.startswith(ROUTE_PREFIXES):
        return None, f"#{anchor[:40]} is an app route, not an anchor: not checked"
    note = "text fragment (:~:text=) not checked" if directive else ""
    if anchor in TOP_FRAGMENTS:
        return None, note
    return anchor, note


def is_soft_404_title(title: str | None, patterns: Sequence[str]) -> bool:
    """Whether a pattern matches the whole title, or a whole part of it between separators.

    Whole, so that an article about an error ("HTTP 404 エラーの解決 | AWS re:Post")
    is not taken for the error page itself ("Page Not Found | AWS")."""
    if title is None:
        return False
    parts = [title.strip(), *(part.strip() for part in TITLE_SEPARATORS.split(title))]
    return any(re.fullmatch(p, part) for p in patterns for part in parts if part)


def without_tracking(url: str) -> tuple[str, str, str]:
    """Host, path (index.html dropped) and query (tracking parameters dropped) of URL."""
    parts = urlsplit(url)
    path = parts.path or "/"
    for name in INDEX_FILES:
        if path.lower().endswith("/" + name):
            path = path[: -len(name)]
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not TRACKING_PARAMETER.match(pair.partition("=")[0])
    )
    return parts.netloc.lower(), path, query


def is_home(url: str, host_home: str | None = None) -> bool:
    """Whether URL is a home page: "/", a language home, or where the host's root leads."""
    netloc, path, query = without_tracking(url)
    if query:
        return False
    if path == "/" or path.strip("/").lower() in LOCALE_HOMES and path.count("/") <= 2:
        return True
    return host_home is not None and (netloc, path) == without_tracking(host_home)[:2]


def is_home_redirect(url: str, final_url: str, host_home: str | None = None) -> bool:
    """A deep link that landed on a home page (HOST_HOME: where the host's root leads)."""
    return is_home(final_url, host_home) and not is_home(url, host_home)


def meta_refresh_target(tree: LexborHTMLParser) -> str | None:
    """Where a <meta http-equiv="refresh"> sends the reader (None: it only reloads, or none)."""
    for node in tree.tags("meta"):  # tags(), not css(): no selector to compile per page
        if (node.attributes.get("http-equiv") or "").strip().lower() == "refresh":
            match = META_REFRESH.match(node.attributes.get("content") or "")
            return match.group(1).strip() if match else None
    return None


def redact(text: str) -> str:
    """TEXT with the credentials of every URL in it shown as ***."""
    return USERINFO.sub(r"\1***@", text) if "@" in text else text


def has_credentials(url: str) -> bool:
    return "@" in url and USERINFO.search(url) is not None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def describe_error(exc: BaseException) -> tuple[Verdict, str]:
    """The verdict and reason for an exception raised while fetching."""
    if isinstance(exc, TimeoutError):
        return Verdict.UNVERIFIED, "timed out"
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, socket.gaierror) for e in chain):
        return Verdict.BROKEN, "DNS lookup failed"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return Verdict.BROKEN, "connection refused"
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return Verdict.BROKEN, f"TLS failure: {exc}"
    if isinstance(exc, aiohttp.InvalidURL):
        return Verdict.BROKEN, f"malformed URL: {exc}"
    return Verdict.BROKEN, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def judge(url: str, fetched: Fetched, settings: Settings) -> Result:
    """The verdict for URL (with its fragment) from the fetch of its document."""
    base = Result(url, Verdict.OK, fetched.status, fetched.final_url)
    if fetched.failure is not None:
        return replace(base, verdict=fetched.failure, reason=fetched.reason)
    status = fetched.status or 0
    if status in UNVERIFIABLE_STATUSES:
        return replace(base, verdict=Verdict.UNVERIFIED, reason=f"HTTP {status}: open it in a browser")
    if status >= 400 or status < 200:
        return replace(base, verdict=Verdict.BROKEN, reason=fetched.reason or f"HTTP {status}")
    if status >= 300:
        return replace(base, verdict=Verdict.BROKEN, reason=f"HTTP {status} without a usable Location")
    final_url = fetched.final_url or fetched.url
    if fetched.hops and is_home_redirect(fetched.url, final_url, fetched.host_home):
        return replace(base, verdict=Verdict.BROKEN, reason="soft 404: a deep link redirected to the home page")
    if is_soft_404_title(fetched.title, settings.soft_404_titles):
        return replace(base, verdict=Verdict.BROKEN, reason=f"soft 404: title {fetched.title!r}")
    anchor, note = anchor_of(split_fragment(url)[1])
    if anchor is not None and fetched.anchors is not None:
        missing = missing_anchor(anchor, fetched, final_url, settings)
        if missing is not None:
            return replace(base, verdict=missing[0], reason=missing[1])
    if fetched.refreshed:
        return replace(base, verdict=Verdict.REDIRECTED, reason="meta refresh: update the link to where it leads")
    if PERMANENT_REDIRECTS & set(fetched.hops):
        return replace(base, verdict=Verdict.REDIRECTED, reason="moved permanently: update the link")
    return replace(base, reason=note)


def missing_anchor(anchor: str, fetched: Fetched, final_url: str, settings: Settings) -> tuple[Verdict, str] | None:
    """The verdict and reason when ANCHOR is not on the fetched page (None: it is)."""
    if has_anchor(fetched.anchors or frozenset(), anchor, fetched.charset):
        return None
    shown = unquote(anchor)
    host = (urlsplit(final_url).hostname or "").lower()
    if host in settings.script_anchor_hosts:
        return Verdict.UNVERIFIED, f"#{shown} not in the HTML; this host adds anchors by script"
    if fetched.truncated:
        return Verdict.UNVERIFIED, f"#{shown} not in the first {settings.max_bytes} bytes"
    return Verdict.BROKEN, f"#{shown} not found"


# --- pages and sources (I/O) ------------------------------------------------


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


def display_path(path: Path) -> str:
    """PATH relative to the repository (as annotations need), else as given."""
    for base in (ROOT, Path.cwd()):
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(base.resolve()).as_posix()
    return path.as_posix()


def read_sources(site_dir: Path) -> dict[str, dict[str, Any]]:
    """The build's record of where each page's links were written (overrides/hooks/link_sources.py).

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


# --- the cache (I/O) ------------------------------------------------------


def load_cache(settings: Settings, now: float) -> dict[str, dict[str, Any]]:
    """Cached ok results younger than cache-hours, keyed by URL.

    A file that is not such a cache is set aside (renamed *.bad, so nothing is
    lost) with a warning, and every link is checked."""
    if not settings.caching:
        return {}
    path = settings.cache_file
    try:
        entries = cache_entries(json.loads(path.read_bytes().decode("utf-8")))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        warn(f"cannot read the cache {display_path(path)}: {exc.strerror or exc}; checking every link")
        return {}
    except (TypeError, ValueError) as exc:  # bad shape; bad JSON or UTF-8
        set_aside(path, str(exc))
        return {}
    max_age = settings.cache_hours * 3600
    return {url: entry for url, entry in entries.items() if now - entry["checked_at"] < max_age}


def cache_entries(data: Any) -> dict[str, dict[str, Any]]:
    """The entries of a parsed cache file; TypeError says what is wrong with its shape."""
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise TypeError('not a JSON object with an "entries" object')
    for url, entry in entries.items():
        checked_at = entry.get("checked_at") if isinstance(entry, dict) else None
        if not isinstance(checked_at, (int, float)) or isinstance(checked_at, bool):
            raise TypeError(f"entry {redact(url)!r} has no numeric checked_at")
    return entries


def set_aside(path: Path, why: str) -> None:
    """Rename an unusable cache to *.bad and say so: the next save starts a new one."""
    bad = path.with_name(path.name + ".bad")
    try:
        os.replace(path, bad)
    except OSError as exc:
        warn(
            f"{display_path(path)}: not a link cache ({why}); could not set it aside: "
            f"{exc.strerror or exc}; checking every link"
        )
        return
    warn(f"{display_path(path)}: not a link cache ({why}); set aside as {display_path(bad)}, checking every link")


def save_cache(settings: Settings, cache: dict[str, dict[str, Any]], results: list[Result], now: float) -> None:
    """Keep ok results only: a failure must be checked again next time.

    URLs with credentials are never written. Raises OSError if the file cannot be written."""
    if not settings.caching:
        return
    entries = dict(cache)
    for result in results:
        if has_credentials(result.url):
            continue
        if result.verdict is Verdict.OK and result.reason != "cached":
            entries[result.url] = {"checked_at": now, "status": result.status, "final_url": result.final_url}
        elif result.verdict is not Verdict.OK:
            entries.pop(result.url, None)
    settings.cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = settings.cache_file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": 1, "entries": entries}, indent=0), encoding="utf-8")
    os.replace(tmp, settings.cache_file)


def warn(message: str) -> None:
    print(f"check_links.py: warning: {message}", file=sys.stderr)


# --- fetching (I/O) -----------------------------------------------------------


class RetryableStatus(Exception):
    """429 or 5xx: worth another try, after Retry-After if the server gave one."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class HostLimiter:
    """At most per_host requests in flight per host, starts spaced by interval."""

    def __init__(self, per_host: int, interval: float) -> None:
        self._interval = interval
        # One semaphore per host, made on its first request (the limit is the same for all).
        self._slots: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
        self._next_start: dict[str, float] = defaultdict(float)

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        async with self._slots[host]:
            now = asyncio.get_running_loop().time()
            start = max(now, self._next_start[host])
            self._next_start[host] = start + self._interval
            if start > now:
                await asyncio.sleep(start - now)
            yield


async def read_body(response: aiohttp.ClientResponse, anchors: bool, max_bytes: int) -> tuple[bytes, bool]:
    """Up to max_bytes of the body: all of it for anchors, else the head (title, meta refresh)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        chunks.append(chunk)
        size += len(chunk)
        if size >= max_bytes:
            return b"".join(chunks)[:max_bytes], True
        if not anchors and re.search(rb"</head|<body", b"".join(chunks[-2:]), re.IGNORECASE):
            # Stopping early costs nothing if the whole body has already
            # arrived: aiohttp then keeps the connection for the next request.
            break
    return b"".join(chunks), False


def open_session(settings: Settings) -> aiohttp.ClientSession:
    """One session for the run: aiohttp keeps a connection pool per host and port."""
    return aiohttp.ClientSession(
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": "ja,en;q=0.8",
        },
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=settings.per_host),
        # No session-wide jar: each URL's check keeps its own cookies (see fetch_once).
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(),  # none: fetch bounds each URL itself
        # Proxies from the environment, as curl honours them. aiohttp looks them
        # up in a thread for every request, so only when one is set.
        trust_env=bool(urllib.request.getproxies_environment()),
        max_line_size=16384,
        max_field_size=16384,  # long CSP or cookie headers
    )


@dataclass
class Budget:
    """One URL's --timeout, from its first request to its verdict, and what its tries met.

    The clock starts when the first request gets its slot, not while it waits
    behind other links to the same host."""

    seconds: float
    scope: asyncio.Timeout | None = None
    attempts: int = 0
    last: Exception | None = None  # the latest failed attempt, reported if time runs out

    def start(self) -> None:
        if self.scope is not None and self.scope.when() is None:
            self.scope.reschedule(asyncio.get_running_loop().time() + self.seconds)

    def left(self) -> float:
        when = self.scope.when() if self.scope is not None else None
        return self.seconds if when is None else when - asyncio.get_running_loop().time()

    def ran_out(self, url: str) -> Fetched:
        """The result when --timeout ended the check: the last status, if one came back."""
        tries = f"{self.attempts} attempt{'s' if self.attempts != 1 else ''}"
        if isinstance(self.last, RetryableStatus):
            return Fetched(
                url,
                self.last.status,
                url,
                reason=f"HTTP {self.last.status} after {tries}; --timeout {self.seconds:g} s left no time for more",
            )
        reason = f"timed out: no verdict within --timeout {self.seconds:g} s ({tries})"
        return Fetched(url, failure=Verdict.UNVERIFIED, reason=reason)


def cookie_key(cookies: Any) -> str:
    """The cookies a request sends, as text: a redirect back to a URL with new ones is no loop."""
    if not cookies:
        return ""
    return "; ".join(f"{name}={morsel.value}" for name, morsel in sorted(cookies.items()))


async def fetch_once(
    session: aiohttp.ClientSession, limiter: HostLimiter, url: str, anchors: bool, settings: Settings, budget: Budget
) -> Fetched:
    """One GET of URL, following up to MAX_HOPS redirects and meta refreshes by hand.

    ANCHORS: a fragment needs the page's anchors. Cookies set on the way are sent
    on the next hops of this chain only, as a browser or curl with a jar would."""
    budget.attempts += 1
    hops: list[int] = []
    jar: aiohttp.CookieJar | None = None  # made on the first Set-Cookie: most chains set none
    seen: set[tuple[str, str]] = set()
    current, status, refreshed = url, None, False
    while True:
        cookies = jar.filter_cookies(URL(current)) if jar is not None else None
        if (current, cookie_key(cookies)) in seen:
            return Fetched(url, status, current, tuple(hops), failure=Verdict.BROKEN, reason="redirect loop")
        seen.add((current, cookie_key(cookies)))
        if len(hops) > MAX_HOPS:
            return Fetched(
                url, status, current, tuple(hops), failure=Verdict.BROKEN, reason=f"more than {MAX_HOPS} redirects"
            )
        async with limiter.slot((urlsplit(current).hostname or "").lower()):
            budget.start()
            async with session.get(current, allow_redirects=False, cookies=cookies) as response:
                status = response.status
                set_cookies = response.headers.getall("set-cookie", ())
                if set_cookies:
                    jar = jar or aiohttp.CookieJar(unsafe=True)  # unsafe: IP-address hosts too
                    jar.update_cookies_from_headers(list(set_cookies), response.url)
                location = response.headers.get("location")
                if status in REDIRECTS and location:
                    hops.append(status)
                    current = urljoin(str(response.url), location)
                    continue
                if status == 429 or status >= 500:
                    retry_after = retry_after_seconds(response.headers.get("retry-after"))
                    raise RetryableStatus(status, retry_after)
                content_type = response.headers.get("content-type", "")
                if not (200 <= status < 300 and "html" in content_type.lower()):
                    return Fetched(url, status, current, tuple(hops), refreshed=refreshed)
                body, truncated = await read_body(response, anchors, settings.max_bytes)
        charset = charset_of(content_type, body)
        tree = LexborHTMLParser(body.decode(charset, errors="replace"))  # once, for all below
        target = meta_refresh_target(tree)
        if target is not None:
            target = urljoin(current, target)
            if target.startswith(("http://", "https://")) and split_fragment(target)[0] != current:
                hops.append(status)
                current, refreshed = split_fragment(target)[0], True
                continue
        return Fetched(
            url,
            status,
            current,
            tuple(hops),
            charset,
            title=page_title(tree) if settings.soft_404_titles else None,
            anchors=page_anchors(tree) if anchors else None,
            truncated=truncated,
            refreshed=refreshed,
        )


def is_retryable(exc: Exception) -> bool:
    """429/5xx, and connections that broke after they were made."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        return False  # no host, refused, TLS: trying again will not help
    return isinstance(
        exc, (RetryableStatus, aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientOSError)
    )


def backoff_for(settings: Settings, budget: Budget) -> Any:
    """stamina's hook: whether (and how long after) to retry, never past the URL's --timeout."""

    def hook(exc: Exception) -> bool | float:
        budget.last = exc
        if not is_retryable(exc):
            return False
        if isinstance(exc, RetryableStatus) and exc.retry_after is not None:
            wait = min(exc.retry_after, settings.retry_after_max)
            return wait if wait < budget.left() else False  # a wait past the budget: report now
        return True

    return hook


def retry_attempts(settings: Settings, budget: Budget) -> Any:
    """stamina's attempts with backoff. Imported on the first retry: most runs need none."""
    import stamina

    stamina.instrumentation.set_on_retry_hooks([])  # the report says what was retried
    return stamina.retry_context(
        on=backoff_for(settings, budget),
        attempts=settings.retries + 1,
        timeout=None,
        wait_initial=settings.backoff,
        wait_max=settings.backoff * 8,
        wait_jitter=settings.backoff / 2,
    )


async def fetch_with_retries(
    session: aiohttp.ClientSession, limiter: HostLimiter, url: str, anchors: bool, settings: Settings, budget: Budget
) -> Fetched:
    """fetch_once, tried again after a retryable failure; raises the last failure."""
    try:
        return await fetch_once(session, limiter, url, anchors, settings, budget)
    except Exception as exc:
        budget.last = exc
        if settings.retries == 0 or not is_retryable(exc):
            raise
        failed: Exception | None = exc
    # Most links answer at once; stamina steps in only for those that did
    # not. Its first attempt replays the failure, so it waits before the retry.
    async for attempt in retry_attempts(settings, budget):
        with attempt:
            if failed is not None:
                replay, failed = failed, None
                raise replay
            return await fetch_once(session, limiter, url, anchors, settings, budget)
    raise AssertionError("unreachable")  # pragma: no cover


async def fetch(
    session: aiohttp.ClientSession,
    limiter: HostLimiter,
    url: str,
    anchors: bool,
    settings: Settings,
    homes: HostHomes | None,
) -> Fetched:
    """The fetch of URL within --timeout, retries included; never raises for network trouble."""
    budget = Budget(settings.timeout)
    try:
        async with asyncio.timeout(None) as budget.scope:  # set by the first request's start
            fetched = await fetch_with_retries(session, limiter, url, anchors, settings, budget)
    except TimeoutError:
        return budget.ran_out(url)
    except RetryableStatus as exc:
        reason = f"HTTP {exc.status} after {budget.attempts} attempts"
        return Fetched(url, exc.status, url, reason=reason)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a verdict
        verdict, reason = describe_error(exc)
        return Fetched(url, failure=verdict, reason=reason)
    if homes is not None and needs_host_home(fetched):
        home = await homes.lookup(fetched.final_url or url, budget.left())
        fetched = replace(fetched, host_home=home)
    return fetched


def needs_host_home(fetched: Fetched) -> bool:
    """Whether only the host's root can tell if a redirect ended on the home page."""
    final = fetched.final_url or fetched.url
    return (
        bool(fetched.hops)
        and fetched.failure is None
        and 200 <= (fetched.status or 0) < 300
        and not is_home(fetched.url)
        and not is_home(final)
    )


class HostHomes:
    """Where each host's root leads: asked once per host, and only for redirected links."""

    def __init__(self, fetch_root: Any, group: asyncio.TaskGroup) -> None:
        self._fetch_root = fetch_root
        self._group = group
        self._roots: dict[str, asyncio.Task[Fetched]] = {}

    async def lookup(self, url: str, seconds: float) -> str | None:
        """The final URL of URL's host root, or None if it failed or took over SECONDS."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/"
        if root not in self._roots:
            self._roots[root] = self._group.create_task(self._fetch_root(root))
        try:
            async with asyncio.timeout(max(seconds, 0)):
                fetched = await asyncio.shield(self._roots[root])
        except TimeoutError:
            return None
        ok = fetched.failure is None and 200 <= (fetched.status or 0) < 300
        return (fetched.final_url or root) if ok else None


async def fetch_all(documents: dict[str, bool], settings: Settings, progress: Any = None) -> dict[str, Fetched]:
    limiter = HostLimiter(settings.per_host, settings.interval)
    results: dict[str, Fetched] = {}

    async def one(url: str, anchors: bool) -> None:
        results[url] = await fetch(session, limiter, url, anchors, settings, homes)
        if progress is not None:
            progress()

    async with open_session(settings) as session, asyncio.TaskGroup() as group:
        homes = HostHomes(lambda root: fetch(session, limiter, root, False, settings, None), group)
        for url, anchors in documents.items():
            group.create_task(one(url, anchors))
    return results


# --- the run --------------------------------------------------------------


def check(
    site_dir: Path, settings: Settings, cache: dict[str, dict[str, Any]], progress_factory: Any = None
) -> list[Result]:
    """Every link of the site with its verdict, sorted by URL, credentials redacted."""
    links, canonical = collect_links(site_dir)
    site_url = settings.site_url or canonical
    links = [link for link in links if not is_internal(link.url, site_url)]
    refs = page_refs(links, read_sources(site_dir))

    final: dict[str, Result] = {}
    documents: dict[str, bool] = {}  # document URL -> whether a fragment needs its anchors
    for url in refs:
        pattern = excluded_by(url, settings.exclude)
        reason = malformed_reason(url)
        if pattern is not None:
            final[url] = Result(url, Verdict.EXCLUDED, reason=f"matches {pattern!r}")
        elif reason is not None:
            final[url] = Result(url, Verdict.BROKEN, reason=reason)
        elif url in cache:
            entry = cache[url]
            final[url] = Result(url, Verdict.OK, entry.get("status"), entry.get("final_url"), "cached")
        else:
            document, fragment = split_fragment(url)
            needs_anchors = anchor_of(fragment)[0] is not None
            documents[document] = documents.get(document, False) or needs_anchors

    advance = progress_factory(len(documents)) if progress_factory else None
    try:
        fetched = asyncio.run(fetch_all(documents, settings, advance))
    finally:
        if progress_factory:
            progress_factory(None)
    for url in refs:
        if url not in final:
            final[url] = judge(url, fetched[split_fragment(url)[0]], settings)
    return [redacted(replace(final[url], pages=refs[url])) for url in sorted(final)]


def redacted(result: Result) -> Result:
    """RESULT with no credentials in its URLs or reason (the URL stays unique enough to read)."""
    if "@" not in f"{result.url}{result.final_url}{result.reason}":
        return result
    final_url = redact(result.final_url) if result.final_url else result.final_url
    return replace(result, url=redact(result.url), final_url=final_url, reason=redact(result.reason))


# --- reports ------------------------------------------------------------------

ORDER = [Verdict.BROKEN, Verdict.UNVERIFIED, Verdict.REDIRECTED, Verdict.EXCLUDED, Verdict.OK]


def summary(results: list[Result]) -> dict[str, int]:
    counts = {verdict.value: 0 for verdict in Verdict}
    for result in results:
        counts[result.verdict.value] += 1
    return {"total": len(results), **counts}


def where(ref: PageRef) -> str:
    if ref.file:
        return f"{ref.file}:{ref.line}" if ref.line else ref.file
    return ref.page


def detail(result: Result) -> str:
    parts = [result.reason or (f"HTTP {result.status}" if result.status else "")]
    if result.final_url and result.final_url != split_fragment(result.url)[0] and result.verdict is not Verdict.OK:
        parts.append(f"→ {result.final_url}")
    return " ".join(p for p in parts if p)


def report_json(results: list[Result]) -> str:
    """One link a line: readable, and written by json's C encoder (indent= would force Python's)."""
    lines = []
    for result in results:
        # vars(), not asdict(): the fields are flat, and asdict deep-copies each one.
        item = {
            **vars(result),
            "verdict": result.verdict.value,
            "pages": [{k: v for k, v in vars(ref).items() if v is not None} for ref in result.pages],
        }
        lines.append(json.dumps(item, ensure_ascii=False))
    links = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    return f'{{"links": {links},\n"summary": {json.dumps(summary(results))}}}'


def report_markdown(results: list[Result]) -> str:
    counts = summary(results)
    lines = ["# Link check report", ""]
    lines.append(" | ".join(f"{k}: {v}" for k, v in counts.items()))
    lines.append("")
    headings = {
        Verdict.BROKEN: "Broken links (fix these)",
        Verdict.UNVERIFIED: "Unverified links (open them in a browser)",
        Verdict.REDIRECTED: "Redirected links (update to the final URL)",
    }
    for verdict, heading in headings.items():
        rows = [r for r in results if r.verdict is verdict]
        if not rows:
            continue
        lines += [f"## {heading}", "", "| URL | Status | Detail | Pages |", "|---|---|---|---|"]
        for r in rows:
            pages = "<br>".join(f"`{where(ref)}`" for ref in r.pages)
            cell = detail(r).replace("|", "\\|")
            lines.append(f"| <{r.url}> | {r.status or ''} | {cell} | {pages} |")
        lines.append("")
    if counts["broken"] == 0:
        lines.append("No broken links.")
    return "\n".join(lines).rstrip() + "\n"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(results: list[Result]) -> str:
    """Workflow commands: an ::error per broken use, a ::warning per doubtful one."""
    levels = {Verdict.BROKEN: "error", Verdict.UNVERIFIED: "warning", Verdict.REDIRECTED: "warning"}
    lines = []
    for result in results:
        level = levels.get(result.verdict)
        if level is None:
            continue
        for ref in result.pages:
            props = [f"file={escape_property(ref.file)}"] if ref.file else []
            if ref.file and ref.line:
                props.append(f"line={ref.line}")
            props.append(f"title={escape_property(f'{result.verdict.value} link')}")
            where_text = "" if ref.file else f" (on {ref.page})"
            message = f"{result.url}: {detail(result)}{where_text}"
            lines.append(f"::{level} {','.join(props)}::{escape_data(message)}")
    counts = summary(results)
    lines.append(" ".join(f"{k}={v}" for k, v in counts.items()))
    return "\n".join(lines) + "\n"


def report_text(results: list[Result], tty: bool) -> str | None:
    """Plain lines off a TTY; on a TTY, print a rich table and return None."""
    shown = sorted((r for r in results if r.verdict is not Verdict.OK), key=lambda r: ORDER.index(r.verdict))
    counts = summary(results)
    footer = ", ".join(f"{v} {k}" for k, v in counts.items())
    if not tty:
        lines = [
            f"{r.verdict.value.upper():<10}  {r.url}  {detail(r)}  [{'; '.join(where(p) for p in r.pages)}]"
            for r in shown
        ]
        return "\n".join([*lines, footer]) + "\n"
    from rich.console import Console
    from rich.table import Table

    colours = {Verdict.BROKEN: "red", Verdict.UNVERIFIED: "yellow", Verdict.REDIRECTED: "cyan", Verdict.EXCLUDED: "dim"}
    table = Table(title="External links that need a look", show_lines=False)
    for column in ("Verdict", "URL", "Detail", "Pages"):
        table.add_column(column, overflow="fold")
    for r in shown:
        table.add_row(
            f"[{colours[r.verdict]}]{r.verdict.value}[/]", r.url, detail(r), "\n".join(where(p) for p in r.pages)
        )
    console = Console()
    if shown:
        console.print(table)
    console.print(footer)
    return None


def progress_bar() -> Any:
    """A factory: called with a total it starts a bar on stderr, with None it stops it."""
    from rich.console import Console
    from rich.progress import Progress

    state: dict[str, Any] = {}

    def factory(total: int | None) -> Any:
        if total is None:
            if "bar" in state:
                state["bar"].stop()
            return None
        if total < PROGRESS_THRESHOLD:
            return None
        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task("checking links", total=total)
        bar.start()
        state["bar"] = bar
        return lambda: bar.advance(task)

    return factory


def render(results: list[Result], settings: Settings) -> None:
    if settings.format == "json":
        print(report_json(results))
    elif settings.format == "markdown":
        print(report_markdown(results), end="")
    elif settings.format == "github":
        print(report_github(results), end="")
    else:
        text = report_text(results, sys.stdout.isatty())
        if text is not None:
            print(text, end="")


def run(site_dir: Path, settings: Settings) -> int:
    """Check SITE_DIR, print the report, and return the exit code (scripts/build.py calls this too).

    A runtime error is exit 2, never 1: the links workflow reads 1 as "broken links"."""
    if not site_dir.is_dir():
        print(f"check_links.py: error: {site_dir}: no such directory (build the site first)", file=sys.stderr)
        return 2
    try:
        factory = progress_bar() if settings.format == "text" and sys.stderr.isatty() else None
        now = time.time()
        cache = load_cache(settings, now)
        results = check(site_dir, settings, cache, factory)
        render(results, settings)
        save_cache_or_warn(settings, cache, results, now)
    except UsageError as exc:
        print(f"check_links.py: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001
        return crashed(exc)
    return 1 if any(r.verdict is Verdict.BROKEN for r in results) else 0


def save_cache_or_warn(settings: Settings, cache: dict[str, dict[str, Any]], results: list[Result], now: float) -> None:
    """save_cache, after the report: a cache that cannot be written costs only a warning."""
    try:
        save_cache(settings, cache, results, now)
    except OSError as exc:
        shown = display_path(settings.cache_file)
        warn(f"could not write the cache {shown}: {exc.strerror or exc}; the next run checks these links again")


def crashed(exc: Exception) -> int:
    print(f"check_links.py: error: {type(exc).__name__}: {redact(str(exc))}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = make_settings(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
    except Exception as exc:  # noqa: BLE001 - as in run()
        return crashed(exc)
    return run(args.site_dir, settings)


if __name__ == "__main__":
    raise SystemExit(main())
