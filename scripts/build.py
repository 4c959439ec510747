"""Build the site strictly, then check every external link in it.

Usage: python scripts/build.py [--offline] [--local] [--site-dir DIR] [check options]

Runs `mkdocs build --strict` (any MkDocs warning fails the build), then
scripts/check_links.py on the built site. A site whose site_url is a loopback
address (mkdocs.yml's default when SITE_URL is not set) would publish
http://127.0.0.1:8000/ in its canonical links, its sitemap and the
participants' QR code: the build refuses it unless SITE_URL is set to the
published address, or --local says that the copy is for this machine. The build log goes to
stderr so
that stdout holds only the link report (e.g. `--format markdown > report.md`).
Every option of check_links.py except SITE_DIR is accepted and passed on:
--format, --timeout, --per-host, --interval, --no-cache, --exclude, --config.

Exit codes:
  0  built, and no broken link (or --offline)
  1  built, and at least one link is broken
  2  usage error, a loopback site_url without --local, or the build failed
"""

from __future__ import annotations

import argparse
import ipaddress
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import check_links
from mkdocs_site import add_config_file_option, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, check_links.Settings | None]:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--offline", action="store_true", help="build only; check no external link")
    parser.add_argument(
        "--local", action="store_true", help="allow a loopback site_url: a copy to view here, not to publish"
    )
    parser.add_argument(
        "--site-dir", type=Path, default=SITE_DIR, metavar="DIR", help="where to build (default: site/)"
    )
    add_config_file_option(parser)
    check_links.add_check_options(parser)
    args = parser.parse_args(argv)
    try:  # validate before a build that may take a while
        settings = check_links.make_settings(args)
    except check_links.UsageError as exc:
        parser.error(str(exc))  # exits 2
    return args, None if args.offline else settings


def loopback_site_url(config_file: Path) -> str | None:
    """The config's site_url (SITE_URL resolved) when it names this machine, else None."""
    from mkdocs.config import load_config  # here: --help and usage errors need no MkDocs

    with open(config_file, "rb") as stream:
        url = load_config(stream).site_url
    host = urlsplit(url or "").hostname
    if host is None:
        return None
    try:
        return url if host == "localhost" or ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None  # a host name


def build(config_file: Path, site_dir: Path) -> None:
    """mkdocs build --strict; its output goes to stderr."""
    mkdocs_build(site_dir, config_file=config_file, check=True, stdout=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args, settings = parse_args(argv)
    if not args.local and (url := loopback_site_url(args.config_file)):
        print(
            f"build.py: error: site_url is {url}, this machine's address, which would go into "
            "the canonical links, the sitemap and the QR code. Set SITE_URL to the published "
            "address (SITE_URL=https://example.github.io/site/ make build), or pass --local "
            "(make build LOCAL=1) for a copy to view here",
            file=sys.stderr,
        )
        return 2
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
