"""What several tests do with the site's own parts: run a strict MkDocs build, list and read its pages,
and what several browser tests wait for or look up.

The build command and the page list and reader are scripts/mkdocs_site.py's; tests take them from
here. The nav's pages and sessions are scripts/site_nav.py's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project the suite builds and checks: this repository, or a copy named by SITE_PROJECT
# (tests/test_new_session.py runs the every_session tests on a copy with a new session).
PROJECT = Path(os.environ.get("SITE_PROJECT") or ROOT).resolve()
CONFIG = PROJECT / "mkdocs.yml"

import yaml

import mkdocs_site
from mkdocs_site import built_page, page_paths
from site_nav import nav_pages

__all__ = [
    "CONFIG",
    "CURRENT",
    "PROJECT",
    "ROOT",
    "SETTLED",
    "append",
    "built_page",
    "drawn_diagrams",
    "make_cards",
    "mkdocs_build",
    "navigate",
    "page_paths",
    "quiz_pages",
    "site_copy",
    "stop",
    "type_query",
]

# The slide on screen in presentation mode.
CURRENT = ".presentation-slide[aria-current='step']"
# No animation running (a slide slides in for 160 ms): measure where things stop.
SETTLED = "document.getAnimations().every((a) => a.playState !== 'running')"


def mkdocs_build(project: Path, site_dir: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project in `project`, output captured, bounded in time.

    The whole site takes a few seconds; one-page fixture projects pass a shorter timeout."""
    return mkdocs_site.mkdocs_build(
        site_dir, config_file=project / "mkdocs.yml", env=env, capture_output=True, timeout=timeout
    )


def make_cards(project: Path) -> subprocess.CompletedProcess[str]:
    """`make cards` for the project in `project` (its share cards, drawn in Chromium), output captured."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_cards.py"), "--config-file", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def quiz_pages() -> list[str]:
    """URL paths of the nav's pages whose front matter turns quizzes on, in nav order."""
    found = []
    for page in nav_pages(CONFIG):
        text = (PROJECT / "docs" / page.src).read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
        if ((meta or {}).get("quiz") or {}).get("enabled"):
            found.append(page.url)
    return found


def drawn_diagrams(scope: str = "") -> str:
    """A page script: how many diagrams within `scope` (a CSS selector) show their drawing."""
    return (
        f"[...document.querySelectorAll('{scope} div.mermaid')]"
        ".filter(d => d.shadowRoot?.querySelector('svg')?.getBoundingClientRect().height > 50).length"
    )


def navigate(page, link, path: str) -> None:  # type: ignore[no-untyped-def]
    """Click LINK and wait until instant navigation has swapped PATH's page in.

    Material changes the URL before the swap, and emits `document$` once the new page and
    its scripts are in; quiz.js sets the page up again on that emission. Until then a click
    may land on the old page, or be undone by quiz.js' set-up (seen while a service worker
    fetched the whole site in the background)."""
    before = page.evaluate(
        "() => { window.__swaps = 0; document$.subscribe(() => window.__swaps++); return window.__swaps; }"
    )
    link.click()
    page.wait_for_url(f"**/{path}")
    page.wait_for_function("n => window.__swaps > n", arg=before)


def type_query(page, query: str) -> None:  # type: ignore[no-untyped-def]
    """Enter the whole query at once, so results never belong to a prefix of it."""
    box = page.locator(".md-search__input")
    box.fill(query)
    box.press("End")  # Material reads the query on keyup


def stop(process: subprocess.Popen[str]) -> None:
    """End a server the test started: terminate it, and kill it if it is not gone within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def site_copy(tmp_path: Path) -> Path:
    """The site's sources in TMP_PATH/project, ready to be broken."""
    project = tmp_path / "project"
    for folder in ("docs", "overrides", "locales", "scripts"):  # scripts/: the build runs mermaid_parse.mjs
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if (ROOT / "node_modules").is_dir():  # a build makes the service worker with workbox-build (hooks/offline.py)
        (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return project


def append(page: Path, text: str) -> int:
    """Put TEXT at the end of PAGE after a blank line; returns the line number of its first line."""
    body = page.read_text(encoding="utf-8").rstrip("\n")
    page.write_text(f"{body}\n\n{text}\n", encoding="utf-8")
    return body.count("\n") + 3
