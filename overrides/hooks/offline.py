"""The site offline: a Workbox service worker (site/sw.js) that keeps every page after a first visit.

`mkdocs build` (make build, the Pages workflow, the tests' builds) makes the
worker; `mkdocs serve` does not, so that an author's preview is never answered
from a cache. MkDocs says which command runs in on_startup (MkDocs 1.4 and
later); a build started from Python without the command line (`build()`), as
tests/test_hook_modules.py does, makes none either.

on_config sets `extra.offline_worker`, which overrides/main.html reads to add
the manifest link, the theme-color meta and the few lines that load
assets/javascripts/offline.js once the page has loaded and the browser is idle.

After the build, when every other hook and plugin has written its files (the
search index, decks.json, /print/ as handout.py leaves it: lib/order.py), this
hook runs scripts/make_service_worker.mjs, which calls workbox-build's
generateSW on the built site: the precache list, each file with its content
hash, goes into sw.js; a file or a precache over the budget that script
states fails the build, naming the files, and Workbox's warnings are logged as
warnings (which fail a strict build). workbox-build is an npm package (package.json, `npm ci`);
a build that should make the worker fails with that instruction when it is
missing, never silently without the worker.

The worker answers a page it does not have (one never published) with
docs/offline.md's page, under the address the reader asked for: its links are
relative to /offline/, so this hook gives it a <base> that says where it was
built for (site_url's path, as MkDocs does for 404.html).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from lib import node, order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "make_service_worker.mjs"  # in scripts/
WORKBOX_BUILD = ROOT / "node_modules" / "workbox-build" / "package.json"
COMMANDS = ("build", "gh-deploy")  # the commands that publish a site; not "serve"
SITE_BASE = re.compile(r'"base": "[^"]*"')  # in Material's <script id="__config">
OFFLINE_PAGE = "offline.md"  # the worker's answer to a page it does not have (make_service_worker.mjs FALLBACK)

# Set once per process by on_startup (the module stays loaded between `mkdocs serve` rebuilds).
_command: str | None = None
_fallback: str | None = None  # the offline page's file in the site, once built
log = logging.getLogger("mkdocs.hooks.offline")


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _fallback
    _fallback = None
    config.extra["offline_worker"] = _command in COMMANDS
    return config


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    global _fallback
    if page.file.src_uri != OFFLINE_PAGE:
        return output
    if output.count("<head>") != 1:
        raise PluginError(f"overrides/hooks/offline.py: docs/{OFFLINE_PAGE}: no single <head> to put its <base> in")
    path = urlsplit(config.site_url or "/").path
    root = path if path.endswith("/") else path + "/"
    _fallback = page.file.dest_uri
    # Material takes the site's root from its own config, against the address typed, not <base>: make it absolute,
    # so that search finds its index from /session-01/missing/ as from /offline/.
    output, found = SITE_BASE.subn(f'"base": "{root}"', output, count=1)
    if not found:
        raise PluginError(f"overrides/hooks/offline.py: docs/{OFFLINE_PAGE}: Material's __config has no base")
    return output.replace("<head>", f'<head><base href="{root}{page.url}">', 1)


@order.run_at("offline.on_post_build")
def on_post_build(*, config: MkDocsConfig) -> None:
    if not config.extra.get("offline_worker"):
        return
    node_path = node.executable()
    if node_path is None:
        raise PluginError(f"overrides/hooks/offline.py: the service worker needs Node. {node.MISSING}")
    if _fallback is None:
        raise PluginError(f"overrides/hooks/offline.py: docs/{OFFLINE_PAGE} is missing: the worker's offline page")
    if not WORKBOX_BUILD.is_file():
        raise PluginError(
            f"overrides/hooks/offline.py: {WORKBOX_BUILD.parent.relative_to(ROOT)} is missing: "
            "run `npm ci` (the service worker is made with workbox-build)"
        )
    result = node.run(node_path, SCRIPT, str(Path(config.site_dir).resolve()), _fallback)
    if result.returncode != 0:
        raise PluginError(f"overrides/hooks/offline.py: scripts/{SCRIPT} failed:\n{result.stderr.strip()}")
    # Workbox's warnings (a strict build fails on them).
    for line in result.stderr.strip().splitlines():
        log.warning(line)
    log.info(result.stdout.strip())
