"""The fetcher: each document once, politely, within its --timeout (Sphinx's worker, lychee's client).

Time is the server's, not the queue's. A URL's budget (--timeout) counts the time
its own requests spend on the network (each redirect hop, each retry) and the waits
before its retries; it does not count the time it waits for its host's slot
(--per-host) or interval (--interval), which other links' requests are using. So a
page with 200 links to one host is checked at the pace those two allow, and every
link keeps its whole budget for its own requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import random
import re
import socket
import ssl
import time
import urllib.request
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from selectolax.lexbor import LexborHTMLParser
from yarl import URL

from linkcheck import page
from linkcheck.config import Settings
from linkcheck.guard import GuardedResolver, PrivateAddress, refused_host
from linkcheck.judge import is_home, split_fragment
from linkcheck.model import Fetched, Verdict

USER_AGENT = (
    "sagemaker-study-site-linkcheck/1.0 (link checker of the SageMaker study-session site; scripts/check_links.py)"
)
MAX_HOPS = 10
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Without anchors to find, a page is read this far at most: enough for a notice at its top.
NOTICE_BYTES = 256 * 1024
PRIVATE = "private address"  # the start of the reason of a refused address
# A body this small is read to its end even when nothing in it is needed: the connection
# then goes back to the pool, where closing it unread would reset it.
DRAIN_BYTES = 64 * 1024


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


@dataclass
class Budget:
    """One URL's --timeout: the seconds its requests and retry waits may take, and what its tries met."""

    seconds: float
    spent: float = 0.0
    attempts: int = 0
    last: Exception | None = None  # the latest failed attempt
    _started: float = 0.0
    _scope: asyncio.Timeout | None = None

    def left(self) -> float:
        return self.seconds - self.spent

    # `async with budget:` around one request. A class, not @asynccontextmanager: it
    # is entered once a request, and an async generator costs more than these two calls.
    async def __aenter__(self) -> None:
        """Time inside counts against the budget, and the budget bounds it (TimeoutError)."""
        self._started = asyncio.get_running_loop().time()
        self._scope = scope = asyncio.timeout(max(self.left(), 0))
        await scope.__aenter__()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._scope is not None  # set by __aenter__
        try:
            await self._scope.__aexit__(kind, exc, tb)  # turns its own cancellation into TimeoutError
        finally:
            self.spent += asyncio.get_running_loop().time() - self._started

    def tries(self) -> str:
        return f"{self.attempts} attempt{'s' if self.attempts != 1 else ''}"

    def ran_out(self, url: str) -> Fetched:
        """The result when --timeout ended a request: no verdict could be reached."""
        reason = f"timed out: no verdict within --timeout {self.seconds:g} s ({self.tries()})"
        return Fetched(url, failure=Verdict.UNVERIFIED, reason=reason)

    def retry_skipped(self, url: str, exc: Exception) -> Fetched:
        """The result when the next retry would not fit in --timeout: the checker chose not to wait."""
        what = f"HTTP {exc.status}" if isinstance(exc, RetryableStatus) else describe_error(exc)[1]
        status = exc.status if isinstance(exc, RetryableStatus) else None
        reason = f"{what} after {self.tries()}; retry skipped: budget (--timeout {self.seconds:g} s)"
        return Fetched(url, status, url, failure=Verdict.UNVERIFIED, reason=reason)


class RetrySkipped(Exception):
    """The next retry's wait would not fit in the URL's budget."""


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
        current = current.__cause__ or current.__context__ or getattr(current, "os_error", None)
    private = next((e for e in chain if isinstance(e, PrivateAddress)), None)
    if private is not None:
        return Verdict.EXCLUDED, f"{PRIVATE}: {private}"
    if any(isinstance(e, socket.gaierror) for e in chain):
        return Verdict.BROKEN, "DNS lookup failed"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return Verdict.BROKEN, "connection refused"
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return Verdict.BROKEN, f"TLS failure: {exc}"
    if isinstance(exc, aiohttp.InvalidURL):
        return Verdict.BROKEN, f"malformed URL: {exc}"
    return Verdict.BROKEN, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


async def read_body(
    response: aiohttp.ClientResponse, limit: int, whole: bool, *, head_only: bool = False
) -> tuple[bytes, bool]:
    """Up to LIMIT bytes of the body, and whether it was cut (only said when WHOLE, for anchors, needs it all).

    HEAD_ONLY: stop once </head> or <body> has come (the title and a meta refresh are all that is read)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            return b"".join(chunks)[:limit], whole
        if head_only and re.search(rb"</head|<body", b"".join(chunks[-2:]), re.IGNORECASE):
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
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=settings.per_host, resolver=GuardedResolver()),
        # No session-wide jar: each URL's check keeps its own cookies (see fetch_once).
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(),  # none: each request is bounded by its URL's budget
        # Proxies from the environment, as curl honours them. aiohttp looks them
        # up in a thread for every request, so only when one is set.
        trust_env=bool(urllib.request.getproxies_environment()),
        max_line_size=16384,
        max_field_size=16384,  # long CSP or cookie headers
    )


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
    limit = settings.max_bytes if anchors or not settings.notice_patterns else min(settings.max_bytes, NOTICE_BYTES)
    while True:
        host = (urlsplit(current).hostname or "").lower()
        refused = refused_host(host)
        if refused is not None:
            return Fetched(url, status, current, tuple(hops), failure=Verdict.EXCLUDED, reason=f"{PRIVATE}: {refused}")
        cookies = jar.filter_cookies(URL(current)) if jar is not None else None
        if (current, cookie_key(cookies)) in seen:
            return Fetched(url, status, current, tuple(hops), failure=Verdict.BROKEN, reason="redirect loop")
        seen.add((current, cookie_key(cookies)))
        if len(hops) > MAX_HOPS:
            return Fetched(
                url, status, current, tuple(hops), failure=Verdict.BROKEN, reason=f"more than {MAX_HOPS} redirects"
            )
        async with (
            limiter.slot(host),  # waiting here is not on the budget
            budget,
            session.get(current, allow_redirects=False, cookies=cookies) as response,
        ):
            status = response.status
            set_cookies = response.headers.getall("set-cookie", ())
            if set_cookies:
                jar = jar or aiohttp.CookieJar(unsafe=True)  # unsafe: IP-address hosts too
                jar.update_cookies_from_headers(list(set_cookies), response.url)
            location = response.headers.get("location")
            if status in REDIRECTS and location:
                await drain(response)
                hops.append(status)
                current = urljoin(str(response.url), location)
                continue
            if status == 429 or status >= 500:
                await drain(response)
                raise RetryableStatus(status, retry_after_seconds(response.headers.get("retry-after")))
            content_type = response.headers.get("content-type", "")
            if not (200 <= status < 300 and "html" in content_type.lower()):
                await drain(response)
                return Fetched(url, status, current, tuple(hops), refreshed=refreshed)
            # Without anchors or notices to look for, the head is enough.
            head_only = not (anchors or settings.notice_patterns)
            body, truncated = await read_body(response, limit, whole=anchors, head_only=head_only)
        charset = page.charset_of(content_type, body)
        tree = LexborHTMLParser(body.decode(charset, errors="replace"))  # once, for all below
        target = page.meta_refresh_target(tree)
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
            title=page.page_title(tree) if settings.soft_404_titles else None,
            anchors=page.page_anchors(tree) if anchors else None,
            truncated=truncated,
            refreshed=refreshed,
            notice=page.page_notice(tree, settings.notice_patterns),
        )


async def drain(response: aiohttp.ClientResponse) -> None:
    """Read a small body (DRAIN_BYTES at most, by its Content-Length) to its end."""
    if response.content_length is not None and response.content_length <= DRAIN_BYTES:
        await response.read()


def is_retryable(exc: Exception) -> bool:
    """429/5xx, and connections that broke after they were made."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        return False  # no host, refused, TLS, a refused address: trying again will not help
    return isinstance(
        exc, (RetryableStatus, aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientOSError)
    )


def retry_wait(exc: Exception, settings: Settings, retry: int) -> float:
    """Seconds before retry number RETRY (1, 2, ...): the server's Retry-After (capped), else jittered backoff."""
    if isinstance(exc, RetryableStatus) and exc.retry_after is not None:
        return min(exc.retry_after, settings.retry_after_max)
    wait = min(settings.backoff * 2 ** (retry - 1), settings.backoff * 8)
    return wait + random.uniform(0, settings.backoff / 2)


async def fetch_with_retries(
    session: aiohttp.ClientSession, limiter: HostLimiter, url: str, anchors: bool, settings: Settings, budget: Budget
) -> Fetched:
    """fetch_once, tried again after a retryable failure while the wait fits in the budget."""
    while True:
        try:
            return await fetch_once(session, limiter, url, anchors, settings, budget)
        except Exception as exc:
            budget.last = exc
            if not is_retryable(exc) or budget.attempts > settings.retries:
                raise
            wait = retry_wait(exc, settings, budget.attempts)
            if wait >= budget.left():
                raise RetrySkipped from exc
            budget.spent += wait
            await asyncio.sleep(wait)


async def fetch(
    session: aiohttp.ClientSession,
    limiter: HostLimiter,
    url: str,
    anchors: bool,
    settings: Settings,
    homes: HostHomes | None,
) -> Fetched:
    """The fetch of URL within its budget, retries included; never raises for network trouble."""
    budget = Budget(settings.timeout)
    try:
        fetched = await fetch_with_retries(session, limiter, url, anchors, settings, budget)
    except TimeoutError:
        return budget.ran_out(url)
    except RetrySkipped:
        assert budget.last is not None
        return budget.retry_skipped(url, budget.last)
    except RetryableStatus as exc:
        return Fetched(url, exc.status, url, reason=f"HTTP {exc.status} after {budget.tries()}")
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

    def __init__(self, fetch_root: Callable[[str], Coroutine[Any, Any, Fetched]], group: asyncio.TaskGroup) -> None:
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


async def fetch_all(
    documents: dict[str, bool], settings: Settings, results: dict[str, Fetched], progress: Any = None
) -> None:
    """Fetch each document (URL -> whether its anchors are needed) into RESULTS, as each finishes.

    RESULTS fills as links finish, so an interrupted run keeps what it verified."""
    limiter = HostLimiter(settings.per_host, settings.interval)

    async def one(url: str, anchors: bool) -> None:
        results[url] = await fetch(session, limiter, url, anchors, settings, homes)
        if progress is not None:
            progress()

    async with open_session(settings) as session, asyncio.TaskGroup() as group:
        homes = HostHomes(lambda root: fetch(session, limiter, root, False, settings, None), group)
        for url, anchors in documents.items():
            group.create_task(one(url, anchors))
