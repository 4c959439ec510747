"""What another HTTP client would cost: bare pycurl (libcurl's multi interface).

Usage: python benchmarks/pycurl_floor.py [--per-host N] SITE_DIR

The same work as benchmarks/aiohttp_floor.py: GET each href URL of SITE_DIR's
pages once, at most N connections per host, bodies read and dropped; no
verdicts. pycurl is not a requirement of the project: run it with an
interpreter that has it (pip install pycurl==7.49.0), through
`bench_check_links.py --pycurl-python PATH`.

Exit codes: 0 every request got a 2xx, 1 one did not, 2 bad option.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pycurl

HREF = re.compile(r'href="(https?://[^"]+)"')


def fetch_all(urls: list[str], per_host: int) -> int:
    """GET every URL; libcurl queues those over the per-host limit. The number of non-2xx."""
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
    parser.add_argument("--per-host", type=int, default=4, metavar="N")
    args = parser.parse_args(argv)
    if args.per_host < 1:
        parser.error("--per-host must be at least 1")
    urls = dict.fromkeys(
        url for page in sorted(args.site_dir.rglob("*.html")) for url in HREF.findall(page.read_text(encoding="utf-8"))
    )
    return 1 if fetch_all(list(urls), args.per_host) else 0


if __name__ == "__main__":
    raise SystemExit(main())
