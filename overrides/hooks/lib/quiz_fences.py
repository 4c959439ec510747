"""The <quiz> blocks of a Markdown source, with their lines, for the hooks that check pages.

A plain module (see lib/__init__.py): quiz_check.py checks each quiz,
quiz_markup.py counts what mkdocs-quiz will draw of it, diagrams.py keeps
diagrams out of them.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.exceptions import PluginError
from mkdocs_quiz.parsing import CHECKBOX_REGEX, FILL_BLANK_REGEX

from lib.fences import blank_code_fences

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

TAG = re.compile(r"</?quiz>")


class Quiz(NamedTuple):
    line: int  # 1-based line of the opening <quiz> in the page's source file
    body: str  # the text between <quiz> and </quiz>

    def lines(self) -> list[str]:
        """The body's lines as mkdocs-quiz reads them: dedented as a whole (line numbers kept).

        The body's first line is the rest of the <quiz> line, so that `self.line + index` is a line's number."""
        return textwrap.dedent(self.body).split("\n")

    def is_fill_blank(self) -> bool:
        """mkdocs-quiz's rule: any [[answer]] makes the whole quiz fill-in-the-blank."""
        return re.search(FILL_BLANK_REGEX, self.body) is not None

    def answers(self) -> list[int]:
        """The indexes (into lines()) of the lines mkdocs-quiz reads as answers."""
        if self.is_fill_blank():
            return []
        return [index for index, text in enumerate(self.lines()) if CHECKBOX_REGEX.match(text)]

    def correct(self) -> int:
        """How many of the answers are marked right."""
        lines = self.lines()
        return sum(CHECKBOX_REGEX.match(lines[index]).group(1) in ("x", "X") for index in self.answers())


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


def quiz_enabled(page: Page, config: MkDocsConfig) -> bool:
    """Whether mkdocs-quiz will render quizzes on this page (its own rule)."""
    plugin = config.plugins.get("mkdocs_quiz")
    if plugin is None:
        return False
    default = plugin.config.get("enabled_by_default", True)
    meta = page.meta.get("quiz")
    if meta is not None and not isinstance(meta, dict):
        raise PluginError(
            f"{page.file.src_uri}: front matter `quiz:` must be a mapping, e.g. `quiz: {{enabled: true}}`, not {meta!r}"
        )
    return bool((meta or {}).get("enabled", default))
