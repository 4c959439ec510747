"""The project's MkDocs site as scripts, benchmarks and tests use it: its config, a strict build, its pages.

Not a command: scripts/build.py, scripts/serve.py, scripts/render_diagrams.py,
benchmarks/ and tests/site_tools.py import it, so that the config option, the
build command and the list of built pages are written once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"


def add_config_file_option(parser: argparse.ArgumentParser) -> None:
    """--config-file FILE, as `mkdocs` itself names it; the project's mkdocs.yml by default."""
    parser.add_argument(
        "--config-file",
        type=Path,
        default=MKDOCS_CONFIG,
        metavar="FILE",
        help="the MkDocs config (default: mkdocs.yml)",
    )


def mkdocs_build(
    site_dir: Path,
    *,
    config_file: Path = MKDOCS_CONFIG,
    quiet: bool = False,
    env: dict[str, str] | None = None,
    check: bool = False,
    **run: Any,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of CONFIG_FILE into SITE_DIR, run from the config's folder.

    `env` adds environment variables; `run` goes to subprocess.run (check,
    capture_output, stdout, timeout)."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()  # as given, from the caller's folder
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file)]
    return subprocess.run(
        [*command, *(["--quiet"] if quiet else []), "--site-dir", str(site_dir)],
        cwd=config_file.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        text=True,
        check=check,
        **run,
    )


def page_paths(site_dir: Path) -> list[str]:
    """URL paths of the built pages (every index.html except 404 and vendored files)."""
    paths = []
    for html in sorted(site_dir.rglob("index.html")):
        relative = html.parent.relative_to(site_dir).as_posix()
        if relative.startswith("assets"):
            continue
        paths.append("" if relative == "." else relative + "/")
    return paths


def built_page(site_dir: Path, path: str) -> LexborHTMLParser:
    """The built page at URL path `path` ("" for the home page, "session-01/", ...), parsed."""
    return LexborHTMLParser((site_dir / path / "index.html").read_text(encoding="utf-8"))
