"""The judge: one verdict per link from what its document's fetch showed (pure functions, no I/O)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from linkcheck.config import Settings
from linkcheck.messages import redact
from linkcheck.model import Fetched, Result, Verdict

PERMANENT_REDIRECTS = frozenset({301, 308})
UNVERIFIABLE_STATUSES = frozenset({401, 403, 999})  # logins and bot protection
# Fragments that name no anchor: in HTML the empty one and #top scroll to the top.
TOP_FRAGMENTS = frozenset({"", "top"})
# Where a title splits into parts: "Page Not Found | Example Docs".
TITLE_SEPARATORS = re.compile(r"\s+[-–—|｜:]\s+|[|｜]")
# Query parameters that only track where a click came from (AWS adds nc1/nc2, sc_*).
TRACKING_PARAMETER = re.compile(r"(?i)^(nc\d+|sc_\w+|utm_\w+)$")
# Language homes: AWS's own (aws.amazon.com/jp/, docs.aws.amazon.com/ja_jp/) and common locales.
LOCALE_HOMES = frozenset(
    [
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
    ]
)
INDEX_FILES = ("index.html", "index.htm")
# A fragment starting with one of these is a script's route (#/estimate, #!/page), not an anchor.
ROUTE_PREFIXES = ("/", "!")
TEXT_DIRECTIVE = ":~:"
SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def split_fragment(url: str) -> tuple[str, str]:
    """The document URL and the raw fragment ('' when there is none)."""
    document, _, fragment = url.partition("#")
    return document, fragment


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
    return None  # anything else aiohttp refuses becomes a verdict in fetch.describe_error


def excluded_by(url: str, patterns: Iterable[str]) -> str | None:
    for pattern in patterns:
        if re.search(pattern, url):
            return pattern
    return None


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


def judge(url: str, fetched: Fetched, settings: Settings) -> Result:
    """The verdict for URL (with its fragment) from the fetch of its document; a notice rides along."""
    result = verdict_of(url, fetched, settings)
    return replace(result, notice=fetched.notice) if fetched.notice else result


def verdict_of(url: str, fetched: Fetched, settings: Settings) -> Result:
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


def redacted(result: Result) -> Result:
    """RESULT with no credentials in its URLs or reason (the URL stays unique enough to read)."""
    if "@" not in f"{result.url}{result.final_url}{result.reason}":
        return result
    final_url = redact(result.final_url) if result.final_url else result.final_url
    return replace(result, url=redact(result.url), final_url=final_url, reason=redact(result.reason))
