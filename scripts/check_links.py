"""Check every external (http/https) link in a built site.

Usage: python scripts/check_links.py [options] SITE_DIR

Reads the HTML files under SITE_DIR and checks each http(s) URL found in
<a href>, <link href> and any src attribute with one streamed GET. mailto:,
tel:, javascript:, relative and same-site links are skipped. A URL used on
several pages or under several #fragments is fetched once. Defaults are in
[tool.check_links] of the project's pyproject.toml (the only place they are
written); --config FILE lays another table over them, and options override
both. Each link is reported with the Markdown file and line it was written on,
from SITE_DIR/link-sources.json, which the build writes
(overrides/hooks/link_sources.py). The code is in scripts/linkcheck/.

Verdicts:
  ok          2xx (also through temporary redirects 302/303/307)
  redirected  2xx reached through a permanent redirect (301/308) or a
              <meta http-equiv="refresh">: update the link
  broken      4xx, DNS/connection/TLS failure, malformed URL, redirect loop or
              more than 10 hops, 429/5xx that persist after retries, a missing
              #fragment, a soft 404 (an error page's <title>, or a deep link
              redirected to the home page)
  unverified  401, 403, 999 (bot protection), no verdict within --timeout, a
              retry that --timeout left no time for ("retry skipped: budget"),
              a fragment on a host that adds anchors by script: check it in a browser
  excluded    matched --exclude, or a private address: not requested

お知らせ (notices):
  A page whose top (its <main>, else its <body>: the first 4,000 characters of
  text) says it is closing, in the words of notice-patterns ("no longer
  available to new customers", "End of support notice", 「新規のお客様への提供を
  終了」, 「サポート終了通知」), keeps its verdict and gets a notice: in the JSON
  report, and in a 「お知らせ」 section that the text and Markdown reports put
  first, with the page, the docs/...md:line citing it and the notice. A notice
  alone leaves the exit code 0; the links workflow files it as an issue.

Rules:
  home page   a redirect ends on the home page when its final URL, without
              tracking parameters (nc1, nc2, sc_*, utm_*) and index.html, is
              "/", a language home (/jp/, /ja_jp/, /en-us/, ...), or where the
              host's own root leads (asked once per host, only when needed)
  fragments   #/... and #!... are app routes and :~:text=... is a text
              directive: neither is an anchor; only the part before :~: is checked
  soft 404    a <title>, or one part of it between separators (| ｜ - – —), that
              a soft-404-titles pattern matches whole: "Page Not Found | AWS" is
              one, "HTTP 404 エラーの解決 | AWS re:Post" is not
  cookies     kept across the redirects of one URL's check only, as a browser
              would; a redirect back to the same URL with a new cookie is no loop
  --timeout   bounds the time one URL spends on the network, its redirects,
              retries and the waits before them included; not the time it waits
              for its host's slot (--per-host) or interval (--interval)
  private     link-local (169.254.x, fe80::), private (10.x, 172.16-31.x,
              192.168.x), unique-local (fc00::/7) addresses and metadata or
              .internal host names are not requested, as links or as redirects,
              nor names that resolve to them: "excluded (private address)".
              Loopback is allowed
  credentials user:password@ in a URL is shown as ***@ and never cached
  reports     text from the web (titles, Locations, notices) is escaped for each
              format: code spans in Markdown, no control bytes in text or annotations
  cache       ok results, kept cache-hours; concurrent runs merge into it under a lock

Exit codes:
  0    no broken link (redirected and unverified links and notices are warnings)
  1    at least one broken link
  2    usage error (bad option or config value), no HTML in SITE_DIR, or a
       runtime error. An unusable cache file is set aside (renamed *.bad) with a
       warning; one that cannot be written is a warning after the report.
  130  interrupted (Ctrl-C): one line on stderr; what was verified is cached
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from linkcheck import cache, collect, fetch, judge, report
from linkcheck.cli import add_check_options, build_parser, make_settings
from linkcheck.config import Settings
from linkcheck.messages import display_path, error, redact, warn
from linkcheck.model import Fetched, Result, UsageError, Verdict

__all__ = ["Settings", "UsageError", "add_check_options", "check", "main", "make_settings", "run"]

# Hosts answering this many requests' worth of links get a progress bar.
PROGRESS_THRESHOLD = 20


class Interrupted(Exception):
    """Ctrl-C during the check: the results reached so far."""

    def __init__(self, results: list[Result], total: int) -> None:
        super().__init__("interrupted")
        self.results = results
        self.total = total


def check(site_dir: Path, settings: Settings, cached: dict[str, dict[str, Any]], progress: Any = None) -> list[Result]:
    """Every link of the site with its verdict, sorted by URL, credentials redacted.

    Ctrl-C raises Interrupted with the links verified so far."""
    links, canonical = collect.collect_links(site_dir)
    site_url = settings.site_url or canonical
    links = [link for link in links if not collect.is_internal(link.url, site_url)]
    refs = collect.page_refs(links, collect.read_sources(site_dir))

    final: dict[str, Result] = {}
    documents: dict[str, bool] = {}  # document URL -> whether a fragment needs its anchors
    for url in refs:
        pattern = judge.excluded_by(url, settings.exclude)
        reason = judge.malformed_reason(url)
        if pattern is not None:
            final[url] = Result(url, Verdict.EXCLUDED, reason=f"matches {pattern!r}")
        elif reason is not None:
            final[url] = Result(url, Verdict.BROKEN, reason=reason)
        elif url in cached:
            final[url] = cache.cached_result(url, cached[url])
        else:
            document, fragment = judge.split_fragment(url)
            needs_anchors = judge.anchor_of(fragment)[0] is not None
            documents[document] = documents.get(document, False) or needs_anchors

    fetched: dict[str, Fetched] = {}
    advance = progress(len(documents)) if progress else None
    try:
        asyncio.run(fetch.fetch_all(documents, settings, fetched, advance))
    except KeyboardInterrupt:
        done = judged(refs, final, fetched, settings)
        raise Interrupted([r for r in done if r.reason != cache.CACHED], len(refs)) from None
    finally:
        if progress:
            progress(None)
    return judged(refs, final, fetched, settings)


def judged(
    refs: dict[str, Any], final: dict[str, Result], fetched: dict[str, Fetched], settings: Settings
) -> list[Result]:
    """The results of every URL whose document was fetched (or needed no fetch), sorted by URL."""
    results = dict(final)
    for url in refs:
        document = judge.split_fragment(url)[0]
        if url not in results and document in fetched:
            results[url] = judge.judge(url, fetched[document], settings)
    return [judge.redacted(replace(results[url], pages=refs[url])) for url in sorted(results)]


def progress_bar() -> Any:
    """A factory: called with a total it starts a bar on stderr, with None it stops it."""
    from rich.console import Console
    from rich.progress import Progress

    state: dict[str, Any] = {}

    def factory(total: int | None) -> Any:
        if total is None:
            if "bar" in state:
                state["bar"].stop()
            return None
        if total < PROGRESS_THRESHOLD:
            return None
        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task("checking links", total=total)
        bar.start()
        state["bar"] = bar
        return lambda: bar.advance(task)

    return factory


def run(site_dir: Path, settings: Settings) -> int:
    """Check SITE_DIR, print the report, and return the exit code (scripts/build.py calls this too).

    A runtime error is exit 2, never 1: the links workflow reads 1 as "broken links"."""
    if not site_dir.is_dir():
        error(f"{site_dir}: no such directory (build the site first)")
        return 2
    now = time.time()
    try:
        factory = progress_bar() if settings.format == "text" and sys.stderr.isatty() else None
        results = check(site_dir, settings, cache.load(settings, now), factory)
        report.render(results, settings.format)
        save_cache_or_warn(settings, results, now)
    except Interrupted as stop:
        save_cache_or_warn(settings, stop.results, now)
        kept = sum(1 for r in stop.results if r.verdict is Verdict.OK) if settings.caching else 0
        error(f"interrupted: {len(stop.results)} of {stop.total} links checked, {kept} ok kept in the cache")
        return 130
    except KeyboardInterrupt:
        error("interrupted before any link was checked")
        return 130
    except UsageError as exc:
        error(str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001
        return crashed(exc)
    return 1 if any(r.verdict is Verdict.BROKEN for r in results) else 0


def save_cache_or_warn(settings: Settings, results: list[Result], now: float) -> None:
    """cache.save, after the report: a cache that cannot be written costs only a warning."""
    try:
        cache.save(settings, results, now)
    except OSError as exc:
        shown = display_path(settings.cache_file)
        warn(f"could not write the cache {shown}: {exc.strerror or exc}; the next run checks these links again")


def crashed(exc: Exception) -> int:
    error(f"{type(exc).__name__}: {redact(str(exc))}")
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(__doc__)
    args = parser.parse_args(argv)
    try:
        settings = make_settings(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
    except Exception as exc:  # noqa: BLE001 - as in run()
        return crashed(exc)
    return run(args.site_dir, settings)


if __name__ == "__main__":
    raise SystemExit(main())
