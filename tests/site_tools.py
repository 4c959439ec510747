"""What several tests do with the site's own parts: run a strict MkDocs build, list its pages, load a hook.

The build command, the page list and the hook loader are scripts/mkdocs_site.py's;
tests take them from here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import mkdocs_site  # noqa: E402
from mkdocs_site import load_hook, page_paths  # noqa: E402

__all__ = ["ROOT", "load_hook", "mkdocs_build", "page_paths"]


def mkdocs_build(project: Path, site_dir: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project in `project`, output captured, bounded in time.

    The whole site takes a few seconds; one-page fixture projects pass a shorter timeout."""
    return mkdocs_site.mkdocs_build(
        site_dir, config_file=project / "mkdocs.yml", env=env, capture_output=True, timeout=timeout
    )
