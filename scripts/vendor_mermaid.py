"""Copy the pinned Mermaid ESM build from node_modules into docs/assets/vendor/mermaid/.

Usage: npm ci && python scripts/vendor_mermaid.py

The site ships Mermaid itself so that no page loads it from a CDN. Only the
minified ESM entry and its chunks are copied: a page then downloads just the
diagram types it uses. Source-map comments are stripped because the maps are
not shipped. The version and licence are written next to the files.

Exit codes: 0 on success, 2 when node_modules/mermaid is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "mermaid"
TARGET = ROOT / "docs" / "assets" / "vendor" / "mermaid"
ENTRY = "mermaid.esm.min.mjs"
CHUNKS = Path("chunks") / "mermaid.esm.min"
SOURCE_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def copy_module(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    target.write_text(SOURCE_MAP_COMMENT.sub("\n", text), encoding="utf-8")


def write_notice(version: str, license_text: str) -> None:
    (TARGET / "LICENSE").write_text(license_text, encoding="utf-8")
    (TARGET / "NOTICE.txt").write_text(
        f"# Mermaid {version} (vendored)\n\n"
        f"Copied from the npm package `mermaid@{version}` by `scripts/vendor_mermaid.py`:\n"
        f"`dist/{ENTRY}` and `dist/{CHUNKS.as_posix()}/*.mjs`, source-map comments removed.\n"
        "Licence: MIT (see LICENSE). Do not edit these files; bump the version in\n"
        "package.json, run `npm ci`, then run the script again.\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    if not (SOURCE / "dist" / ENTRY).is_file():
        print(f"error: {SOURCE / 'dist' / ENTRY} not found; run `npm ci` first")
        return 2
    version = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))["version"]
    shutil.rmtree(TARGET, ignore_errors=True)
    copy_module(SOURCE / "dist" / ENTRY, TARGET / ENTRY)
    chunks = sorted((SOURCE / "dist" / CHUNKS).glob("*.mjs"))
    for chunk in chunks:
        copy_module(chunk, TARGET / CHUNKS / chunk.name)
    write_notice(version, (SOURCE / "LICENSE").read_text(encoding="utf-8"))
    print(f"vendored mermaid {version}: {len(chunks) + 1} modules into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
