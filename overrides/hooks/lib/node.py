"""Run one of scripts/' Node programs for a hook: the build's one way to start Node.

The diagrams hook parses undrawn diagrams with Mermaid (scripts/mermaid_parse.mjs);
the offline hook writes the service worker (scripts/make_service_worker.mjs).
Each run is bounded in time and its output captured; the caller decides what a
failure means for the build.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "scripts"
TIMEOUT = 120  # seconds; either program takes about one


def executable() -> str | None:
    """The `node` on PATH, or None."""
    return shutil.which("node")


def run(node: str, script: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """scripts/SCRIPT under NODE with ARGS (and STDIN), from the project's folder; never raises on its exit code."""
    return subprocess.run(
        [node, str(SCRIPTS / script), *args],
        input=stdin,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
