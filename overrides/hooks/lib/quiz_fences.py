"""The <quiz> blocks of a Markdown source, with their lines, for the hooks that check pages.

A plain module (see lib/__init__.py): quiz_check.py checks each quiz,
diagrams.py keeps diagrams out of them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mkdocs.exceptions import PluginError

from lib.fences import blank_code_fences

TAG = re.compile(r"</?quiz>")


class Quiz(NamedTuple):
    line: int  # 1-based line of the opening <quiz> in the page's source file
    body: str  # the text between <quiz> and </quiz>


def find_quizzes(markdown: str, path: str) -> list[Quiz]:
    """Every <quiz> block outside code fences; raise on unbalanced tags."""
    masked = blank_code_fences(markdown)

    quizzes: list[Quiz] = []
    opened: tuple[int, int] | None = None  # (line, end of the <quiz> tag)
    for match in TAG.finditer(masked):
        line = masked.count("\n", 0, match.start()) + 1
        if match.group() == "<quiz>":
            if opened:
                raise PluginError(
                    f"{path}:{line}: <quiz> inside the quiz opened at line {opened[0]}; "
                    f"close that one with </quiz> first"
                )
            opened = (line, match.end())
        else:
            if not opened:
                raise PluginError(f"{path}:{line}: </quiz> without an opening <quiz>")
            quizzes.append(Quiz(opened[0], masked[opened[1] : match.start()]))
            opened = None
    if opened:
        raise PluginError(f"{path}:{opened[0]}: <quiz> is never closed (add </quiz>)")
    return quizzes
