"""What the checker says on stderr, and what it never shows: credentials in URLs."""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

from linkcheck.config import ROOT

PROG = "check_links.py"
# user:password@ (or a token@) in a URL: never printed, never cached.
USERINFO = re.compile(r"(?i)\b(https?://)[^/?#@\s]*@")


def warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def display_path(path: Path) -> str:
    """PATH relative to the repository (as annotations need), else as given."""
    for base in (ROOT, Path.cwd()):
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(base.resolve()).as_posix()
    return path.as_posix()


def redact(text: str) -> str:
    """TEXT with the credentials of every URL in it shown as ***."""
    return USERINFO.sub(r"\1***@", text) if "@" in text else text


def has_credentials(url: str) -> bool:
    return "@" in url and USERINFO.search(url) is not None
