"""The command-line options, shared with scripts/build.py, and the Settings they make."""

from __future__ import annotations

import argparse
from pathlib import Path

from linkcheck import config
from linkcheck.config import FORMATS, Settings

DEFAULTS = "[tool.check_links] in pyproject.toml"


def build_parser(description: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="check_links.py",
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site")
    add_check_options(parser)
    return parser


def add_check_options(parser: argparse.ArgumentParser) -> None:
    """The checker's options (defaults None: the config decides; they are in DEFAULTS)."""
    parser.add_argument("--format", choices=FORMATS, help=f"report format (default: {DEFAULTS})")
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="most seconds one URL may spend waiting on the network, redirects, retries and their "
        "waits included; not the time it waits for its host's slot (default: " + DEFAULTS + ")",
    )
    parser.add_argument("--per-host", type=int, metavar="N", help="most requests in flight to one host")
    parser.add_argument("--interval", type=float, metavar="S", help="least gap between request starts to one host")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache of ok results")
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="REGEX",
        default=[],
        help="skip URLs matching REGEX (repeatable; adds to the config)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=config.PYPROJECT,
        metavar="FILE",
        help="a pyproject.toml whose [tool.check_links] is laid over the project's defaults",
    )


def make_settings(args: argparse.Namespace) -> Settings:
    """Merge the defaults, --config and the options into validated Settings, or raise UsageError."""
    options = {
        "timeout": args.timeout,
        "per-host": args.per_host,
        "interval": args.interval,
        "format": args.format,
        "exclude": args.exclude,
    }
    return config.make_settings(options, args.config, no_cache=args.no_cache)
