"""Quizzes: check every <quiz> block at build time, keep the quiz UI out of search.

mkdocs-quiz rejects some malformed blocks, but an unclosed <quiz> renders as raw
text even under --strict, and its own errors give a line of the rendered HTML.
This hook runs before the plugin and fails the build with the page and the
Markdown line for:

- a <quiz> that is never closed, a </quiz> that was never opened, nested quizzes;
- a quiz with no answers, with no correct answer, or with a checkbox other than
  [x] / [ ];
- a page with quizzes whose front matter does not enable them (they would show as
  raw text), or a page that enables quizzes but has none (it would load the quiz
  CSS/JS and the hidden progress panel for nothing).

After the plugin has rendered the page, the quiz UI (intro, results, progress
panels, the "#" anchor) is marked `data-search-exclude`, and so are the
per-answer feedback and the explanations, which would give the answers away:
search shows the questions and their options, never a button label.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from markdown_fences import iter_fences  # overrides/hooks/, on sys.path while MkDocs imports hooks
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_quiz.parsing import CHECKBOX_REGEX, FILL_BLANK_REGEX

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

TAG = re.compile(r"</?quiz>")
# Any bracketed list item, so that "- [y] ..." is reported instead of read as text.
ANY_CHECKBOX = re.compile(r"^[ \t]*[-*] \[(.?)\] ")


class Quiz(NamedTuple):
    line: int  # 1-based line of the opening <quiz> in the page's source file
    body: str  # the text between <quiz> and </quiz>


def quiz_enabled(page: Page, config: MkDocsConfig) -> bool:
    """Whether mkdocs-quiz will render quizzes on this page (its own rule)."""
    plugin = config.plugins.get("mkdocs_quiz")
    if plugin is None:
        return False
    default = plugin.config.get("enabled_by_default", True)
    meta = page.meta.get("quiz")
    if meta is not None and not isinstance(meta, dict):
        raise PluginError(
            f"{page.file.src_uri}: front matter `quiz:` must be a mapping, "
            f"e.g. `quiz: {{enabled: true}}`, not {meta!r}"
        )
    return bool((meta or {}).get("enabled", default))


def blank_code_fences(markdown: str) -> str:
    """The page with every fenced code block's lines emptied (line numbers kept)."""
    lines = markdown.split("\n")
    for fence in iter_fences(lines):
        last = len(lines) - 1 if fence.end is None else fence.end
        lines[fence.start : last + 1] = [""] * (last + 1 - fence.start)
    return "\n".join(lines)


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


def check_quiz(quiz: Quiz, path: str) -> None:
    """Raise unless the quiz has answers and at least one of them is correct."""
    if re.search(FILL_BLANK_REGEX, quiz.body):
        return  # fill-in-the-blank: the blanks are the answers
    answers = 0
    correct = 0
    for number, text in enumerate(quiz.body.splitlines()):
        checkbox = ANY_CHECKBOX.match(text)
        if not checkbox:
            continue
        where = f"{path}:{quiz.line + number}"
        if checkbox.group(1) not in ("x", "X", " ", ""):
            raise PluginError(f"{where}: unknown checkbox [{checkbox.group(1)}]; use [x] or [ ]")
        if not CHECKBOX_REGEX.match(text.lstrip()):
            raise PluginError(f"{where}: answer is not a plain list item: {text.strip()!r}")
        answers += 1
        correct += checkbox.group(1) in ("x", "X")
    where = f"{path}:{quiz.line}"
    if not answers:
        raise PluginError(f"{where}: quiz has no answers (- [x] right / - [ ] wrong)")
    if not correct:
        raise PluginError(f"{where}: quiz has no correct answer (mark one with - [x])")


@event_priority(50)  # before mkdocs-quiz turns the blocks into placeholders
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    path = page.file.src_uri
    # The file as written, front matter included, so that line numbers match the editor's.
    quizzes = find_quizzes(page.file.content_string, path)
    for quiz in quizzes:
        check_quiz(quiz, path)
    enabled = quiz_enabled(page, config)
    if quizzes and not enabled:
        raise PluginError(
            f"{path}:{quizzes[0].line}: page has quizzes, but its front matter does not "
            f"enable them; add `quiz:` / `  enabled: true`"
        )
    if enabled and not quizzes:
        raise PluginError(f"{path}: front matter enables quizzes, but the page has none")
    return markdown


# The quiz UI, as mkdocs-quiz renders it. Material's search parser matches
# excluded elements by tag name, so an excluded <div> stops being excluded at its
# first nested </div>: wrap those in an element that does not nest.
SEARCH_WRAP = (
    re.compile(r'<div id="quiz-results" class="quiz-results">.*?\n</div>', re.S),
    re.compile(r'<div id="quiz-progress-sidebar".*?\n</div>(?=\s*<nav id="quiz-progress-mobile")', re.S),
)
SEARCH_MARK = (
    ('<div class="quiz-intro">', '<div class="quiz-intro" data-search-exclude>'),
    ('<nav id="quiz-progress-mobile"', '<nav id="quiz-progress-mobile" data-search-exclude'),
    ('class="quiz-header-link">', 'class="quiz-header-link" data-search-exclude>'),
    ('<button type="submit" class="quiz-button">', '<button type="submit" class="quiz-button" data-search-exclude>'),
    # Feedback and explanations would give the answers away in search results.
    ('<div class="answer-feedback hidden">', '<div class="answer-feedback hidden" data-search-exclude>'),
    ('<section class="content hidden">', '<section class="content hidden" data-search-exclude>'),
)


# The phone progress bar is sticky under the header, but mkdocs-quiz appends it
# after the last paragraph, where it only shows once the reader is done.
MOBILE_PROGRESS = re.compile(r'<nav id="quiz-progress-mobile".*?</nav>', re.S)


@event_priority(-50)  # after mkdocs-quiz has rendered the quizzes
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not quiz_enabled(page, config):
        return html
    for pattern in SEARCH_WRAP:
        html = pattern.sub(lambda m: f"<aside data-search-exclude>{m.group()}</aside>", html)
    for old, new in SEARCH_MARK:
        html = html.replace(old, new)
    mobile = MOBILE_PROGRESS.search(html)
    if mobile:
        html = mobile.group() + html[: mobile.start()] + html[mobile.end() :]
    return html
