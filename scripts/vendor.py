"""Copy the pinned front-end packages the site ships from node_modules into docs/assets/vendor/.

Usage: npm ci && python scripts/vendor.py   (make vendor)

The site ships them itself so that no page loads anything from a CDN:
- mermaid: the minified ESM entry and its chunks, so that a page downloads just
  the diagram types it uses (only diagrams not drawn yet by `make diagrams` need it);
- workbox-window: its minified ES module, which assets/javascripts/offline.js
  imports once a page has loaded and the browser is idle, to register the
  service worker and hear about a new version.

Source-map comments are stripped because the maps are not shipped. Each
package's version and licence are written next to its files (NOTICE.txt, LICENSE).

Exit codes: 0 on success, 2 when a package is missing from node_modules.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "docs" / "assets" / "vendor"
SOURCE_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


@dataclass(frozen=True)
class Package:
    name: str
    title: str  # as its NOTICE.txt names it
    entry: str  # the module pages import, under the package's folder
    chunks: str | None = None  # a folder of modules the entry imports, copied whole


PACKAGES = (
    Package("mermaid", "Mermaid", "dist/mermaid.esm.min.mjs", chunks="dist/chunks/mermaid.esm.min"),
    Package("workbox-window", "workbox-window", "build/workbox-window.prod.mjs"),
)


def copy_module(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    target.write_text(SOURCE_MAP_COMMENT.sub("\n", text), encoding="utf-8")


def vendor(package: Package) -> str:
    """Copy PACKAGE into docs/assets/vendor/NAME/ (emptied first); a line saying what was copied."""
    source, target = NODE_MODULES / package.name, VENDOR / package.name
    version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    shutil.rmtree(target, ignore_errors=True)
    entry = Path(package.entry)
    copy_module(source / entry, target / entry.name)
    modules = [f"`{entry.as_posix()}`"]
    count = 1
    if package.chunks:
        chunks = Path(package.chunks)
        for chunk in sorted((source / chunks).glob("*.mjs")):
            copy_module(chunk, target / chunks.relative_to(entry.parent) / chunk.name)
            count += 1
        modules.append(f"`{chunks.as_posix()}/*.mjs`")
    (target / "LICENSE").write_text((source / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    (target / "NOTICE.txt").write_text(
        f"# {package.title} {version} (vendored)\n\n"
        f"Copied from the npm package `{package.name}@{version}` by `scripts/vendor.py`:\n"
        f"{' and '.join(modules)}, source-map comments removed.\n"
        "Licence: MIT (see LICENSE). Do not edit these files; bump the version in\n"
        "package.json, run `npm ci`, then `make vendor`.\n",
        encoding="utf-8",
    )
    return f"vendored {package.name} {version}: {count} module(s) into {target.relative_to(ROOT)}"


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    missing = [NODE_MODULES / p.name / p.entry for p in PACKAGES if not (NODE_MODULES / p.name / p.entry).is_file()]
    if missing:
        print(f"error: {', '.join(str(path) for path in missing)} not found; run `npm ci` first")
        return 2
    for package in PACKAGES:
        print(vendor(package))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
