"""The floor under scripts/check_links.py: bare aiohttp, fetching the same URLs.

Usage: python benchmarks/aiohttp_floor.py [--per-host N] SITE_DIR

Finds the href URLs in SITE_DIR's pages with a regular expression, then GETs
each once with one aiohttp session (the checker's connector settings), at most
N in flight per host, reading each body whole. No verdicts, no parsing, no
report, no retries: what remains of the checker's time once its own work is
taken away. benchmarks/bench_check_links.py runs it beside the checker.

Exit codes: 0 every request got a 2xx, 1 one did not, 2 bad option.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

HREF = re.compile(r'href="(https?://[^"]+)"')


async def fetch_all(urls: list[str], per_host: int) -> int:
    """GET every URL, per_host at a time per host; the number of non-2xx answers."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR")
    parser.add_argument("--per-host", type=int, default=4, metavar="N")
    args = parser.parse_args(argv)
    if args.per_host < 1:
        parser.error("--per-host must be at least 1")
    urls = dict.fromkeys(
        url for page in sorted(args.site_dir.rglob("*.html")) for url in HREF.findall(page.read_text(encoding="utf-8"))
    )
    return 1 if asyncio.run(fetch_all(list(urls), args.per_host)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
