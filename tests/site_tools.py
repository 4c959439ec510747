"""What several tests do with the site's own parts: run a strict MkDocs build, load a hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from render_diagrams import load_hook  # noqa: E402  (overrides/hooks/NAME.py as MkDocs loads it)

__all__ = ["load_hook", "mkdocs_build"]


def mkdocs_build(project: Path, site_dir: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project in `project`, output captured, bounded in time.

    The whole site takes a few seconds; one-page fixture projects pass a shorter timeout."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
