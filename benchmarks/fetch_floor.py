"""The floor under scripts/check_links.py: a bare HTTP client fetching the same URLs.

Usage: python benchmarks/fetch_floor.py [--client aiohttp|pycurl] [--per-host N] SITE_DIR

Finds the href URLs in SITE_DIR's pages with a regular expression, then GETs
each once, at most N in flight per host, reading each body whole. No verdicts,
no parsing, no report, no retries: what remains of the checker's time once its
own work is taken away. benchmarks/bench_check_links.py runs it beside the checker.

--client aiohttp (the default): one aiohttp session with the checker's connector
settings. --client pycurl: libcurl's multi interface, what another client would
cost. pycurl is not a requirement of the project: run this with an interpreter
that has it (pip install pycurl==7.49.0), through
`bench_check_links.py --pycurl-python PATH`.

Exit codes: 0 every request got a 2xx, 1 one did not, 2 bad option.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

HREF = re.compile(r'href="(https?://[^"]+)"')


async def fetch_with_aiohttp(urls: list[str], per_host: int) -> int:
    """GET every URL, per_host at a time per host; the number of non-2xx answers."""
    import aiohttp

    slots: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    failures = 0

    async def one(url: str) -> None:
        nonlocal failures
        async with slots[urlsplit(url).netloc], session.get(url, allow_redirects=False) as response:
            await response.read()
            failures += not 200 <= response.status < 300

    connector = aiohttp.TCPConnector(limit=0, limit_per_host=per_host)
    async with (
        aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout()
        ) as session,
        asyncio.TaskGroup() as group,
    ):
        for url in urls:
            group.create_task(one(url))
    return failures


def fetch_with_pycurl(urls: list[str], per_host: int) -> int:
    """GET every URL; libcurl queues those over the per-host limit. The number of non-2xx."""
    import pycurl

    multi = pycurl.CurlMulti()
    multi.setopt(pycurl.M_MAX_HOST_CONNECTIONS, per_host)
    handles = []
    for url in urls:
        easy = pycurl.Curl()
        easy.setopt(pycurl.URL, url)
        easy.setopt(pycurl.WRITEFUNCTION, len)  # read the body, keep nothing
        multi.add_handle(easy)
        handles.append(easy)
    running = len(handles)
    while running:
        wait = multi.timeout()  # libcurl's own timers start queued transfers
        multi.select(wait / 1000 if wait >= 0 else 1.0)
        ret, running = multi.perform()
        while ret == pycurl.E_CALL_MULTI_PERFORM:
            ret, running = multi.perform()
    return sum(not 200 <= easy.getinfo(pycurl.RESPONSE_CODE) < 300 for easy in handles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR")
    parser.add_argument("--client", choices=("aiohttp", "pycurl"), default="aiohttp")
    parser.add_argument("--per-host", type=int, default=4, metavar="N")
    args = parser.parse_args(argv)
    if args.per_host < 1:
        parser.error("--per-host must be at least 1")
    urls = list(
        dict.fromkeys(
            url
            for page in sorted(args.site_dir.rglob("*.html"))
            for url in HREF.findall(page.read_text(encoding="utf-8"))
        )
    )
    if args.client == "pycurl":
        return 1 if fetch_with_pycurl(urls, args.per_host) else 0
    return 1 if asyncio.run(fetch_with_aiohttp(urls, args.per_host)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
