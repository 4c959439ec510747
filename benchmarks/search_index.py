"""Measure what forgiving search costs: the search index's size, and the time Material's
search worker takes to build it and to answer a query, before and after.

Usage: python benchmarks/search_index.py [--site-dir DIR] [--runs N] [--markdown]

Builds the site strictly (unless --site-dir names a built one). "Before" is the index as
Material's search plugin wrote it: the built index less what overrides/hooks/search_variants.py
added (the `variants` field and its config entry); "after" is the built index. Sizes are raw
and gzipped (level 6, as a server sends it). Then, in Chromium, Material's own search worker
is started RUNS times with each index (median time from the setup message to "ready"), and
answers a query as the reader's browser sends it before (the word, with Material's prefix
wildcard) and after (the word and its one-letter-slip term, docs/assets/javascripts/search-query.js).

Exit codes: 0 when measured, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import offline_chromium
import serve_site
from machine import cpu_model
from mkdocs_site import mkdocs_build
from page_weight import format_table

INDEX = Path("search") / "search_index.json"
FIELD = "variants"  # what overrides/hooks/search_variants.py adds
QUERIES = {"before": "エンドポイント", "after": "エンドポイント エンドポイント~1"}

# Start Material's worker with INDEX, time setup -> ready, then time one query; in the page.
TIME_WORKER = """async ([index, query]) => {
  const url = JSON.parse(document.getElementById("__config").textContent).search;
  const worker = new Worker(url);
  const next = () => new Promise((resolve) => worker.addEventListener("message", (e) => resolve(e.data), { once: true }));
  let start = performance.now();
  worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });
  await next();
  const setup = performance.now() - start;
  start = performance.now();
  worker.postMessage({ type: 2, data: query });
  const result = await next();
  const answer = performance.now() - start;
  worker.terminate();
  return [setup, answer, result.data.items.length];
}"""


def without_variants(index: dict) -> dict:  # type: ignore[type-arg]
    """The index as the search plugin wrote it."""
    before = copy.deepcopy(index)
    before["config"]["fields"].pop(FIELD, None)
    for doc in before["docs"]:
        doc.pop(FIELD, None)
    return before


def encoded(index: dict) -> bytes:  # type: ignore[type-arg]
    return json.dumps(index, separators=(",", ":")).encode()


def time_worker(site_dir: Path, indexes: dict[str, dict], runs: int) -> dict[str, tuple[float, float, int]]:  # type: ignore[type-arg]
    from playwright.sync_api import sync_playwright

    times: dict[str, tuple[float, float, int]] = {}
    with serve_site.serve(site_dir) as base_url, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            page = browser.new_page()
            page.goto(base_url)
            for name, index in indexes.items():
                samples = [page.evaluate(TIME_WORKER, [index, QUERIES[name]]) for _ in range(runs)]
                times[name] = (
                    statistics.median(s[0] for s in samples),
                    statistics.median(s[1] for s in samples),
                    samples[0][2],
                )
        finally:
            browser.close()
    return times


def report(site_dir: Path, runs: int, markdown: bool) -> str:
    after = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    indexes = {"before": without_variants(after), "after": after}
    times = time_worker(site_dir, indexes, runs)
    rows = [("index", "raw (KB)", "gzip (KB)", "worker setup (ms)", "query (ms)", "pages found")]
    for name, index in indexes.items():
        raw = encoded(index)
        setup, answer, found = times[name]
        rows.append(
            (
                f"{name}: {QUERIES[name]}",
                f"{len(raw) / 1000:.1f}",
                f"{len(gzip.compress(raw, 6)) / 1000:.1f}",
                f"{setup:.0f}",
                f"{answer:.1f}",
                str(found),
            )
        )
    machine = f"{cpu_model()}, {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    return f"{format_table(rows, markdown, frozenset({1, 2, 3, 4, 5}))}\n\nmedian of {runs} runs; {machine}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--runs", type=int, default=7, help="worker starts per index (default 7)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.site_dir is not None:
        if not (args.site_dir / INDEX).is_file():
            parser.error(f"{args.site_dir}: no {INDEX}")
        print(report(args.site_dir, args.runs, args.markdown))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            mkdocs_build(Path(tmp), quiet=True, check=True)
            print(report(Path(tmp), args.runs, args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
