"""Keypress to new slide in presentation mode: p50 and p95, within a page and across pages, before and after.

Usage: python benchmarks/slide_latency.py [--before REF] [--rounds N] [--session FOLDER] [--slowest N]

Builds two sites with `mkdocs build --strict` (which makes the service worker,
sw.js): the engine at git REF (default 75f35ee, main before the deck engine,
taken with `git archive`) and the working tree. Serves each with gzip on a
loopback port, opens the session's first page with `?present` at 1280x720 in
Chromium, waits until the service worker controls the page (its precache is
then complete), and walks the session's deck with PageDown to the end and
PageUp back, ROUNDS times, the two sites taking turns round by round.

One figure is one press: from the keydown event's timestamp to the first
animation frame whose callbacks see the new slide on screen (its number in the
counter and its slide shown), both on the page's clock (performance.now()). A
press is "across pages" when the slide it leads to is on another page of the
session than the slide it leaves (decks.json says which page each slide is on).
Presses are 400 ms apart, so each is measured alone.

Prints a table (p50, p95, the number of presses) and the machine. Exit codes: 0,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import offline_chromium
import serve_site
from machine import cpu_model
from mkdocs_site import mkdocs_build

BEFORE = "75f35ee"  # main with the page-by-page engine
SOURCES = ("docs", "overrides", "locales", "scripts", "mkdocs.yml")
SCREEN = {"width": 1280, "height": 720}

# window.__next(n): resolves with the milliseconds from the next keydown to the first frame showing slide n.
MEASURE = """() => {
  window.__next = (n) => new Promise((resolve) => {
    let pressed = null;
    addEventListener("keydown", (ev) => { pressed = ev.timeStamp; }, { capture: true, once: true });
    const frame = () => {
      const counter = document.querySelector(".presentation-counter");
      const slide = document.querySelector(".presentation-slide[aria-current='step']");
      if (pressed !== null && counter?.textContent.startsWith(n + " /") && slide && !slide.hidden)
        return resolve(performance.now() - pressed);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}"""


def export(ref: str, target: Path) -> Path:
    """The sources at REF in TARGET, with this checkout's node_modules (workbox-build makes sw.js)."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref, *SOURCES], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / "node_modules").symlink_to((ROOT / "node_modules").resolve(), target_is_directory=True)
    return target


def session_slides(site: Path, folder: str) -> list[str]:
    """The page URL of each slide of the session's deck, in order."""
    data = json.loads((site / "assets/presentation/decks.json").read_text(encoding="utf-8"))
    for deck in data["decks"]:
        if deck["slides"][0]["url"].startswith(f"{folder}/"):
            return [s["url"] for s in deck["slides"]]
    raise SystemExit(f"no deck for session {folder!r} in {site}")


class Deck:
    """One site's slides window, under its service worker."""

    def __init__(self, browser, url: str, folder: str, pages: list[str]) -> None:  # type: ignore[no-untyped-def]
        self.pages = pages
        self.context = browser.new_context(base_url=url, viewport=SCREEN, locale="ja-JP")
        self.page = self.context.new_page()
        self.page.goto(f"{folder}/?present")
        self.page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        self.page.goto(f"{folder}/?present")  # a fresh start, every file from the worker
        self.page.wait_for_selector(".presentation-slide[aria-current='step']")
        self.page.wait_for_timeout(1500)
        self.page.evaluate(MEASURE)
        self.at = 1

    def press(self, key: str) -> tuple[bool, float, int]:
        """One press; (across pages?, milliseconds, the slide it led to)."""
        n = self.at + (1 if key == "PageDown" else -1)
        self.page.evaluate("n => { window.__took = null; window.__next(n).then((t) => { window.__took = t; }); }", n)
        self.page.keyboard.press(key)
        self.page.wait_for_function("window.__took !== null", timeout=20_000)
        took = float(self.page.evaluate("window.__took"))
        across = self.pages[n - 1] != self.pages[self.at - 1]
        self.at = n
        self.page.wait_for_timeout(400)
        if not self.page.evaluate("typeof window.__next === 'function'"):
            self.page.evaluate(MEASURE)
        return across, took, n

    def walk(self) -> list[tuple[bool, float, int]]:
        found = [self.press("PageDown") for _ in range(len(self.pages) - 1)]
        return found + [self.press("PageUp") for _ in range(len(self.pages) - 1)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=BEFORE, help=f"git ref of the engine to compare with (default {BEFORE})")
    parser.add_argument("--rounds", type=int, default=3, help="walks there and back per site (default 3)")
    parser.add_argument("--session", default="session-01", help="the session folder whose deck is walked")
    parser.add_argument("--slowest", type=int, default=0, metavar="N", help="also list each engine's N slowest presses")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        projects = {f"before ({args.before})": export(args.before, Path(tmp) / "before"), "after (this tree)": ROOT}
        decks: dict[str, Deck] = {}
        pw = stack.enter_context(sync_playwright())
        browser = offline_chromium.launch(pw)
        stack.callback(browser.close)
        for name, project in projects.items():
            site = Path(tmp) / f"site-{len(decks)}"
            url = stack.enter_context(serve_site.serve(site))
            built = mkdocs_build(site, config_file=project / "mkdocs.yml", env={"SITE_URL": url}, capture_output=True)
            if built.returncode != 0:
                print(built.stderr, file=sys.stderr)
                return 1
            decks[name] = Deck(browser, url, args.session, session_slides(site, args.session))
        results: dict[str, list[tuple[bool, float, int]]] = {name: [] for name in decks}
        for _ in range(args.rounds):
            for name, deck in decks.items():
                results[name] += deck.walk()
        version = browser.version

    print(f"Keypress to new slide, {args.session}'s deck, {args.rounds} walks there and back, 1280x720,")
    print("service worker active, loopback, gzip. Milliseconds from keydown to the first frame showing the slide.")
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; Chromium {version}"
    )
    print()
    print("| engine | within a page p50 | p95 | presses | across pages p50 | p95 | presses |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, found in results.items():
        within = [t for across, t, _ in found if not across]
        across = [t for a, t, _ in found if a]
        cells = []
        for values in (within, across):
            cells += [f"{statistics.median(values):.0f}", f"{percentile(values, 0.95):.0f}", str(len(values))]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.slowest:
        print()
        for name, found in results.items():
            slow = sorted(found, key=lambda press: -press[1])[: args.slowest]
            listed = ", ".join(f"{t:.0f} ms to slide {n}{' (across)' if a else ''}" for a, t, n in slow)
            print(f"Slowest presses, {name}: {listed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
