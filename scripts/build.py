"""Build the site strictly, then check every external link in it.

Usage: python scripts/build.py [--offline] [--site-dir DIR] [check options]

Runs `mkdocs build --strict` (any MkDocs warning fails the build), then
scripts/check_links.py on the built site. The build log goes to stderr so
that stdout holds only the link report (e.g. `--format markdown > report.md`).
Every option of check_links.py except SITE_DIR is accepted and passed on:
--format, --timeout, --per-host, --interval, --no-cache, --exclude, --config.

Exit codes:
  0  built, and no broken link (or --offline)
  1  built, and at least one link is broken
  2  usage error, or the build failed
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import check_links
from mkdocs_site import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SITE_DIR = ROOT / "site"


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, check_links.Settings | None]:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--offline", action="store_true", help="build only; check no external link")
    parser.add_argument("--site-dir", type=Path, default=SITE_DIR, metavar="DIR",
                        help="where to build (default: site/)")
    parser.add_argument("--config-file", type=Path, default=MKDOCS_CONFIG, metavar="FILE",
                        help="the MkDocs config (default: mkdocs.yml)")
    check_links.add_check_options(parser)
    args = parser.parse_args(argv)
    try:  # validate before a build that may take a while
        settings = check_links.make_settings(args)
    except check_links.UsageError as exc:
        parser.error(str(exc))  # exits 2
    return args, None if args.offline else settings


def build(config_file: Path, site_dir: Path) -> None:
    """mkdocs build --strict; its output goes to stderr."""
    mkdocs_build(site_dir, config_file=config_file, check=True, stdout=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args, settings = parse_args(argv)
    try:
        build(args.config_file, args.site_dir)
    except subprocess.CalledProcessError as exc:
        print(f"build.py: error: mkdocs build --strict failed (exit {exc.returncode})", file=sys.stderr)
        return 2
    if settings is None:
        print(f"build.py: built {args.site_dir}; external links not checked (--offline)", file=sys.stderr)
        return 0
    return check_links.run(args.site_dir, settings)


if __name__ == "__main__":
    raise SystemExit(main())
