"""The service worker's precache has a budget (scripts/make_service_worker.mjs, ARCHITECTURE.md "Offline"):
a file Workbox would leave out for its size, or a precache over the budget, fails the build by name, and
Workbox's warnings reach the build log as warnings (which fail a strict build)."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

import offline
from site_tools import mkdocs_build, site_copy


def test_files_over_the_precache_budget_fail_the_build_by_name(tmp_path: Path) -> None:
    """A file Workbox would leave out of sw.js for its size, and a precache over its budget, each fail the build
    (scripts/make_service_worker.mjs: 2 MB a file, 4 MB in all)."""
    project = site_copy(tmp_path)
    data = project / "docs" / "assets" / "data"
    data.mkdir()
    (data / "too-large.json").write_text('"' + "x" * (2 * 1024 * 1024 + 1) + '"', encoding="utf-8")
    for number in range(3):
        (data / f"part-{number}.json").write_text('"' + "y" * (1024 * 1024) + '"', encoding="utf-8")

    result = mkdocs_build(project, project / "site", timeout=180)

    assert result.returncode != 0, "the copy over the budget built"
    stderr = result.stderr

    assert (
        "assets/data/too-large.json is 2.0 MB, over the 2.0 MB a file of the offline precache may have; "
        "Workbox would leave it out of sw.js"
    ) in stderr, stderr
    assert "the offline precache is " in stderr and "over its budget of 4.0 MB (ARCHITECTURE.md, Offline)" in stderr
    assert "its largest files: assets/data/too-large.json (2.0 MB), assets/data/part-" in stderr, stderr


def test_workboxs_warnings_are_logged_as_warnings(monkeypatch: pytest.MonkeyPatch, caplog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """offline.py logs what scripts/make_service_worker.mjs prints on stderr at WARNING: MkDocs' strict mode
    counts those and fails the build."""
    warning = "make_service_worker.mjs: warning: a warning Workbox gave"

    def run(node: str, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(
            [node, script, *args], 0, "sw.js: 1 files precached, 1.0 KB\n", warning + "\n"
        )

    monkeypatch.setattr(offline.node, "run", run)
    monkeypatch.setattr(offline.node, "executable", lambda: "node")
    monkeypatch.setattr(offline, "_fallback", "offline/index.html")
    config = SimpleNamespace(extra={"offline_worker": True}, site_dir=str(tmp_path))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.offline"):
        offline.on_post_build(config=config)
    levels = {record.getMessage(): record.levelno for record in caplog.records}
    assert levels.get(warning) == logging.WARNING, levels
    assert levels.get("sw.js: 1 files precached, 1.0 KB") == logging.INFO, levels
