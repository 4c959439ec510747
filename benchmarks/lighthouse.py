"""Lighthouse scores of every page: mobile defaults, the site served with gzip on loopback.

Usage: python benchmarks/lighthouse.py [--site-dir DIR] [--runs N] [--write FILE] [PAGE ...]

Builds the site strictly (unless --site-dir names a built one), serves it with
scripts/serve_site.py on 127.0.0.1, and runs Lighthouse 12 (node_modules/, see
package.json) on each page with its mobile defaults (simulated slow 4G and
4x CPU slowdown) against /usr/bin/chromium (or $CHROME_PATH). Chromium resolves
no host name but loopback and sends anything else to a dead proxy; the report's
own request list is checked for any non-loopback URL as well.

Lighthouse's simulated timings vary from run to run, so each page is audited
--runs times (default 3) and its median run, by performance score, is the one
reported, as Lighthouse's own guidance on variability recommends; every run's
performance score is shown beside it. Prints one row per page: performance,
accessibility, best practices, SEO, and the audits that cost points in the
median run. --write also saves the table as Markdown.

Exit codes: 0 when every page scores 100 in all four categories, 1 when one
does not, 2 on a usage error or when Lighthouse cannot run, 3 when a request
left the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import offline_chromium
import serve_site
from mkdocs_site import mkdocs_build, page_paths
from page_weight import format_table

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROME_PATH", str(offline_chromium.CHROMIUM)))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Flags of the Lighthouse run (headless, no default apps, metrics only), then the shared ones.
# Lighthouse splits --chrome-flags on spaces: a value with spaces is quoted.
CHROME_FLAGS = " ".join(
    flag if " " not in flag else '{}="{}"'.format(*flag.split("=", 1))
    for flag in ["--headless=new", "--disable-default-apps", "--metrics-recording-only", *offline_chromium.ARGS]
)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


@dataclass(frozen=True)
class PageScores:
    path: str
    scores: dict[str, int]  # category id -> 0..100
    losses: tuple[str, ...]  # audits that cost points, "id (score)"
    offsite: tuple[str, ...]  # requests that left loopback (must be empty)
    performance_runs: tuple[int, ...] = ()  # every run's performance score, in run order

    @property
    def perfect(self) -> bool:
        return all(self.scores.get(c) == 100 for c in CATEGORIES)


def parse_report(path: str, report: dict) -> PageScores:
    """Scores, point-losing audits and off-site requests from a Lighthouse JSON report."""
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    losses = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or f"{audit['score']:.2f}"
                losses.append(f"{ref['id']} ({shown})")
    requests = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    offsite = tuple(
        item["url"]
        for item in requests
        if urlsplit(item["url"]).scheme in ("http", "https", "ws", "wss")
        and urlsplit(item["url"]).netloc.rsplit(":", 1)[0] not in LOOPBACK_HOSTS
    )
    return PageScores(path or "/", scores, tuple(losses), offsite)


def run_lighthouse(url: str, output: Path) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            "--only-categories=" + ",".join(CATEGORIES),
            f"--chrome-flags={CHROME_FLAGS}",
            "--no-enable-error-reporting",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        timeout=300,
    )
    return json.loads(output.read_text(encoding="utf-8"))


def median_run(runs: list[PageScores]) -> PageScores:
    """The run with the median performance score, with every run's performance score.

    Accessibility, best practices and SEO do not depend on timing: the lowest of
    any run is reported, so that a failure in one run is never hidden; so is an
    off-site request in any run."""
    middle = sorted(runs, key=lambda run: run.scores["performance"])[(len(runs) - 1) // 2]
    scores = {c: middle.scores[c] if c == "performance" else min(run.scores[c] for run in runs) for c in CATEGORIES}
    offsite = tuple(dict.fromkeys(url for run in runs for url in run.offsite))
    return replace(
        middle, scores=scores, offsite=offsite, performance_runs=tuple(run.scores["performance"] for run in runs)
    )


def audit_site(site_dir: Path, only: list[str], runs: int) -> list[PageScores]:
    paths = [p for p in page_paths(site_dir) if not only or p in only or (p or "/") in only]
    results = []
    with serve_site.serve(site_dir) as base_url, tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            page_runs = []
            for run in range(1, runs + 1):
                print(f"lighthouse {base_url}{path} (run {run} of {runs})", file=sys.stderr, flush=True)
                page_runs.append(parse_report(path, run_lighthouse(base_url + path, Path(tmp) / "report.json")))
            results.append(median_run(page_runs))
    return results


def table(results: list[PageScores], markdown: bool) -> str:
    header = (
        "page",
        "performance",
        "accessibility",
        "best practices",
        "SEO",
        "performance, each run",
        "points lost on",
    )
    rows = [header] + [
        (
            r.path,
            *(str(r.scores[c]) for c in CATEGORIES),
            ", ".join(map(str, r.performance_runs)) or "-",
            ", ".join(r.losses) or "-",
        )
        for r in results
    ]
    return format_table(rows, markdown, right=frozenset(range(1, 1 + len(CATEGORIES))))


def write_markdown(results: list[PageScores], target: Path, runs: int) -> None:
    lighthouse_version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target.write_text(
        "# Lighthouse scores\n\n"
        f"Measured {date.today().isoformat()} by `make audit` (benchmarks/lighthouse.py): Lighthouse "
        f"{lighthouse_version}, mobile defaults (simulated slow 4G, 4x CPU slowdown), Chromium at "
        f"{CHROMIUM}, the strict build served with gzip on 127.0.0.1; each page audited {runs} times, "
        f"its median run shown; load average {os.getloadavg()[0]:.1f} when the run ended.\n\n"
        + table(results, markdown=True)
        + "\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="URL paths such as session-01/ (default: all)")
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build one)")
    parser.add_argument(
        "--runs", type=int, default=3, metavar="N", help="audits per page; the median is shown (default 3)"
    )
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci` first", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install chromium or set CHROME_PATH", file=sys.stderr)
        return 2
    if args.site_dir is not None and not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir}: no index.html")
    try:
        if args.site_dir is not None:
            results = audit_site(args.site_dir, args.pages, args.runs)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                mkdocs_build(Path(tmp), quiet=True, check=True)
                results = audit_site(Path(tmp), args.pages, args.runs)
    except subprocess.CalledProcessError as exc:
        print(f"lighthouse failed: {exc}", file=sys.stderr)
        return 2
    print(table(results, markdown=False))
    if args.write:
        write_markdown(results, args.write, args.runs)
    if offsite := [url for r in results for url in r.offsite]:
        print(f"requests left the machine: {offsite}", file=sys.stderr)
        return 3
    return 0 if results and all(r.perfect for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
