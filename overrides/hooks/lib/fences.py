"""Fenced code blocks of a Markdown source, line by line, for the hooks that check pages.

A plain module (see lib/__init__.py): source_check.py finds the fences never
closed, diagrams.py the Mermaid ones, lib/quiz_fences.py blanks code out.
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


class OpenFence(NamedTuple):
    start: int  # 0-based index of the opening line
    marker: str  # the fence as written: ``` or ~~~ (or longer)
    before: int | None  # 0-based index of the fence's opening it runs into; None: the page's end


def closing_fence(indent: str, fence: str) -> re.Pattern[str]:
    """A line closing FENCE opened at INDENT: the same character, at least as many, nothing else."""
    return re.compile(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}[ \t]*$")


def iter_fences(lines: list[str]) -> Iterator[Fence]:
    """Every top-level fence; a fence shown inside a longer one is part of its content."""
    resume = 0  # the first line after the last fence
    for index, line in enumerate(lines):
        opening = FENCE_OPEN.match(line) if index >= resume else None
        if opening is None:
            continue
        closing = closing_fence(opening["indent"], opening["fence"])
        end = next((n for n in range(index + 1, len(lines)) if closing.match(lines[n])), None)
        yield Fence(index, end, opening["info"].strip())
        if end is None:
            return
        resume = end + 1


def blank_code_fences(markdown: str) -> str:
    """The page with every fenced code block's lines emptied (line numbers kept)."""
    lines = markdown.split("\n")
    for fence in iter_fences(lines):
        last = len(lines) - 1 if fence.end is None else fence.end
        lines[fence.start : last + 1] = [""] * (last + 1 - fence.start)
    return "\n".join(lines)


def open_fences(lines: list[str]) -> list[OpenFence]:
    """Fences left open: never closed, or running into the opening of another fence.

    Python-Markdown shows an unclosed fence as text, or closes it at the next
    fence's closing line, swallowing everything between. A line inside a fence
    that opens a fence of the same kind (same indent and character, at least as
    long, with an info string such as `mermaid`) is taken as that mistake: to
    show a fence inside a fence, the outer one must be longer."""
    found: list[OpenFence] = []
    resume = 0  # the first line after the last fence, or the opening it ran into
    for index, line in enumerate(lines):
        if index < resume or not (opening := FENCE_OPEN.match(line)):
            continue
        end = runs_to(lines, index, opening)
        closed = end is not None and closing_fence(opening["indent"], opening["fence"]).match(lines[end])
        if not closed:
            found.append(OpenFence(index, opening["fence"], end))
        if end is None:
            return found
        resume = end + 1 if closed else end  # the fence it ran into is checked in its turn
    return found


def runs_to(lines: list[str], start: int, opening: re.Match[str]) -> int | None:
    """Where the fence opened at START stops: its closing line, the opening line of
    a fence of the same kind, or None at the end of the page."""
    indent, fence = opening["indent"], opening["fence"]
    closing = closing_fence(indent, fence)
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index
        inner = FENCE_OPEN.match(lines[index])
        if (
            inner
            and inner["info"].strip()
            and inner["indent"] == indent
            and inner["fence"][0] == fence[0]
            and len(inner["fence"]) >= len(fence)
        ):
            return index
    return None
