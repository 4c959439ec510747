"""Fenced code blocks of a Markdown source, line by line, for the hooks that check pages.

Not a hook itself: MkDocs puts the hooks' folder on sys.path while it imports a
hook, so diagrams.py and quiz_check.py import this module by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)$")


class Fence(NamedTuple):
    start: int  # 0-based index of the opening line
    end: int | None  # 0-based index of the closing line; None when the fence is never closed
    info: str  # what follows the opening fence, e.g. "mermaid"


def iter_fences(lines: list[str]) -> Iterator[Fence]:
    """Every top-level fence; a fence shown inside a longer one is part of its content."""
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        closing = re.compile(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}[ \t]*$")
        end = next((n for n in range(index + 1, len(lines)) if closing.match(lines[n])), None)
        yield Fence(index, end, opening["info"].strip())
        if end is None:
            return
        index = end + 1
