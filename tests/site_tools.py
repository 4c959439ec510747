"""What several tests do with the site's own parts: run a strict MkDocs build, load a hook."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "overrides" / "hooks"


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


def load_hook(name: str) -> ModuleType:
    """overrides/hooks/NAME.py as MkDocs loads it: by path, with its folder on sys.path meanwhile."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None, name
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HOOKS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HOOKS))
    return module
