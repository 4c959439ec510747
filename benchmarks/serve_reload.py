"""Save to browser under `make serve`: a one-line text edit, until the new text is in the open page.

Usage: python benchmarks/serve_reload.py [--edits N] [--page docs/session-01/sagemaker.md]

Starts two servers on copies of the site, side by side on loopback ports: "before", what
`make serve` ran until 2026-12-06 (`mkdocs serve --watch overrides`: a whole rebuild on every
save), and "after", `make serve` now (scripts/serve.py: scripts/preview_server.py, a dirty
rebuild of the edited page). One Chromium page is open on each. Then, taking turns, it appends
one line of text to the page's Markdown file and measures from just before the write until
Chromium shows that line (the page reloads by itself), N times each. Prints each run and the
medians (with the build time each server logged), the load average, and names the machine.

Exit codes: 0 when every edit reached the browser, 1 when one did not within 60 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import offline_chromium

TIMEOUT = 180  # seconds for one edit to reach the browser (a whole rebuild, on a loaded machine)
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def copy_site(target: Path) -> Path:
    for folder in ("docs", "overrides", "locales", "scripts"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if (ROOT / "node_modules").is_dir():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def commands(project: Path, port: int) -> dict[str, list[str]]:
    config = str(project / "mkdocs.yml")
    return {
        "before": [
            sys.executable,
            *("-m", "mkdocs", "serve", "--config-file", config),
            *("--dev-addr", f"127.0.0.1:{port}", "--watch", str(project / "overrides")),
        ],
        "after": [sys.executable, str(ROOT / "scripts" / "serve.py"), "--config-file", config, "--port", str(port)],
    }


class Server:
    """One server process, its log read on a thread."""

    def __init__(self, name: str, project: Path) -> None:
        self.name, self.project, self.port = name, project, free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            commands(project, self.port)[name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_serving(self) -> None:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if "Serving on" in line:
                return
        raise SystemExit(f"{self.name}: the server did not start within 180 s")

    def build_seconds(self) -> float | None:
        """The build time the server logged since the last call (MkDocs' "Documentation built in N seconds")."""
        seconds = None
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return seconds
            if found := BUILT.search(line):
                seconds = float(found[1])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="serve_reload.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=7, help="edits per server (default: 7)")
    parser.add_argument("--page", default="docs/session-01/sagemaker.md", help="the Markdown file to edit")
    args = parser.parse_args(argv)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    url_path = args.page.removeprefix("docs/").removesuffix(".md").removesuffix("index") + "/"
    url_path = url_path.replace("//", "/").lstrip("/")
    times: dict[str, list[float]] = {"before": [], "after": []}
    builds: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        servers = [Server(name, copy_site(Path(tmp) / name)) for name in times]
        try:
            for server in servers:
                server.wait_serving()
                server.build_seconds()  # the first build is no edit's
            browser = offline_chromium.launch(pw)
            pages = {}
            for server in servers:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.port}/{url_path}", wait_until="load")
                pages[server.name] = page
            time.sleep(2)  # past the first poll of each page's live-reload script
            for run in range(args.edits):
                for server in servers:
                    text = f"計測用の一文です（{server.name}、{run + 1}回目）。"
                    page = pages[server.name]
                    markdown = server.project / args.page
                    body = markdown.read_text(encoding="utf-8")
                    start = time.monotonic()
                    markdown.write_text(f"{body}\n{text}\n", encoding="utf-8")
                    try:
                        page.get_by_text(text).wait_for(timeout=TIMEOUT * 1000)
                    except PlaywrightTimeout:
                        print(f"{server.name}: edit {run + 1} did not reach the browser within {TIMEOUT} s")
                        return 1
                    elapsed = time.monotonic() - start
                    times[server.name].append(elapsed)
                    print(f"{server.name:>6} edit {run + 1}: {elapsed:.2f} s", flush=True)
                    page.wait_for_load_state("load")
                    time.sleep(1.5)  # let the page settle and its live-reload poll start again
                    if (seconds := server.build_seconds()) is not None:
                        builds[server.name].append(seconds)
            browser.close()
        finally:
            for server in servers:
                server.stop()
    print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"Load average at the end (1, 5, 15 min): {load}. Machine: {platform.node()}, {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; page {args.page}, {args.edits} edits each"
    )
    print("| server | save to browser, median | min | max | of which the build (server's log), median |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        build = f"{statistics.median(builds[name]):.2f} s" if builds[name] else "n/a"
        print(f"| {name} | {statistics.median(values):.2f} s | {min(values):.2f} s | {max(values):.2f} s | {build} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
