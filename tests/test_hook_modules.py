"""The hooks as a newcomer meets them: each one a file MkDocs loads once, none importing another,
their order written in one table (overrides/hooks/lib/order.py)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lib import order
from site_tools import ROOT

HOOKS = ROOT / "overrides" / "hooks"

# Runs a strict build in this process, counting each time Python runs a source file as a module,
# then prints those counts and the priority every hook's event handlers carry.
BUILD_AND_COUNT = """
import collections, importlib.machinery, json, sys
from pathlib import Path

loads = collections.Counter()
run_module = importlib.machinery.SourceFileLoader.exec_module

def counted(loader, module):
    loads[str(Path(loader.path).resolve())] += 1
    return run_module(loader, module)

importlib.machinery.SourceFileLoader.exec_module = counted

from mkdocs.commands.build import build
from mkdocs.config import load_config

build(load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=True))
hooks = Path(sys.argv[3]).resolve()
priorities = {}
for module in list(sys.modules.values()):
    path = Path(getattr(module, "__file__", None) or "/").resolve()
    if path.parent == hooks:
        for name, value in vars(module).items():
            if name.startswith("on_") and hasattr(value, "mkdocs_priority"):
                priorities[f"{path.stem}.{name}"] = value.mkdocs_priority
print(json.dumps({"loads": loads, "priorities": priorities}))
"""


@pytest.fixture(scope="module")
def build_record(tmp_path_factory: pytest.TempPathFactory) -> dict:
    site = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [sys.executable, "-c", BUILD_AND_COUNT, str(ROOT / "mkdocs.yml"), str(site), str(HOOKS)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return {**json.loads(run.stdout.strip().splitlines()[-1]), "site": site}


def hook_files() -> list[Path]:
    """The hooks, as mkdocs.yml lists them."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [ROOT / entry for entry in config["hooks"]]


def test_every_python_file_beside_the_hooks_is_a_listed_hook() -> None:
    listed = {path.resolve() for path in hook_files()}
    found = {path.resolve() for path in HOOKS.glob("*.py")}
    assert found - listed == set(), "a .py file in overrides/hooks/ that mkdocs.yml does not list: move it to lib/"
    assert listed - found == set(), "mkdocs.yml lists a hook that is not in overrides/hooks/"


def test_each_hook_and_shared_module_is_loaded_once_per_build(build_record: dict) -> None:
    loads = build_record["loads"]
    ours = sorted([*HOOKS.glob("*.py"), *HOOKS.glob("lib/*.py")])
    counts = {path.relative_to(ROOT).as_posix(): loads.get(str(path.resolve()), 0) for path in ours}
    assert all(count == 1 for name, count in counts.items() if not name.endswith("__init__.py")), counts
    assert counts["overrides/hooks/lib/__init__.py"] == 1, counts


def test_no_hook_imports_another_hook() -> None:
    hooks = {path.stem for path in hook_files()}
    for path in hook_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert name.split(".")[0] not in hooks, f"{path.name}:{node.lineno} imports the hook {name}"


def test_the_order_table_is_what_the_hooks_run_at(build_record: dict) -> None:
    assert build_record["priorities"] == order.PRIORITY


def test_every_hook_file_says_its_job_in_mkdocs_yml() -> None:
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    for path in hook_files():
        entry = path.relative_to(ROOT).as_posix()
        line = next(line for line in lines if line.strip().startswith(f"- {entry}"))
        assert "#" in line, f"mkdocs.yml: the hook {entry} has no comment saying what it does"


def test_built_site_publishes_no_hook_code(build_record: dict) -> None:
    # MkDocs copies the theme folder (overrides/) into the site, all but its Python files.
    site = build_record["site"]
    assert not (site / "hooks").exists(), sorted(p.name for p in (site / "hooks").iterdir())
