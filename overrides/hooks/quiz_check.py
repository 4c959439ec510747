"""Quizzes: check every <quiz> block at build time, keep the quiz UI out of search.

mkdocs-quiz rejects some malformed blocks, but an unclosed <quiz> renders as raw
text even under --strict, and its own errors give a line of the rendered HTML.
This hook runs before the plugin and fails the build with the page and the
Markdown line for:

- a <quiz> that is never closed, a </quiz> that was never opened, nested quizzes;
- a quiz with no answers, with no correct answer, with every answer correct
  (nothing to get wrong), or with a checkbox other than [x] / [ ];
- an answer without its feedback line (`> ...` right after it): the reader who
  picks it is told why it is right or wrong;
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
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs_quiz.parsing import CHECKBOX_REGEX, FILL_BLANK_REGEX, collect_feedback

from lib import order
from lib.quiz_fences import Quiz, find_quizzes

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Any bracketed list item, so that "- [y] ..." is reported instead of read as text.
ANY_CHECKBOX = re.compile(r"^[ \t]*[-*] \[(.?)\] ")


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


def check_quiz(quiz: Quiz, path: str) -> list[str]:
    """What is wrong with the quiz, one message a problem, each with its line.

    A reader must be able to choose wrong (so not every option is correct), and
    every option explains itself after the answer (a `> ...` feedback line)."""
    if re.search(FILL_BLANK_REGEX, quiz.body):
        return []  # fill-in-the-blank: the blanks are the answers
    problems: list[str] = []
    answers = correct = 0
    lines = quiz.body.split("\n")
    for number, text in enumerate(lines):
        checkbox = ANY_CHECKBOX.match(text)
        if not checkbox:
            continue
        where = f"{path}:{quiz.line + number}"
        if checkbox.group(1) not in ("x", "X", " ", ""):
            problems.append(f"{where}: unknown checkbox [{checkbox.group(1)}]; use [x] or [ ]")
        elif not CHECKBOX_REGEX.match(text.lstrip()):
            problems.append(f"{where}: answer is not a plain list item: {text.strip()!r}")
        elif collect_feedback(lines, number + 1)[0] is None:
            problems.append(f"{where}: answer has no feedback; add a `> ...` line after it")
        answers += 1
        correct += checkbox.group(1) in ("x", "X")
    where = f"{path}:{quiz.line}"
    if not answers:
        problems.append(f"{where}: quiz has no answers (- [x] right / - [ ] wrong)")
    elif not correct:
        problems.append(f"{where}: quiz has no correct answer (mark one with - [x])")
    elif correct == answers:
        problems.append(f"{where}: every answer of the quiz is correct; mark the wrong ones with - [ ]")
    return problems


@order.run_at("quiz_check.on_page_markdown")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    path = page.file.src_uri
    # The file as written, front matter included, so that line numbers match the editor's.
    quizzes = find_quizzes(page.file.content_string, path)
    if problems := [problem for quiz in quizzes for problem in check_quiz(quiz, path)]:
        raise PluginError("\n".join(problems))
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
    re.compile(r'<div id="quiz-results" class="quiz-results">.*?\n</div>', re.DOTALL),
    re.compile(r'<div id="quiz-progress-sidebar".*?\n</div>(?=\s*<nav id="quiz-progress-mobile")', re.DOTALL),
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
MOBILE_PROGRESS = re.compile(r'<nav id="quiz-progress-mobile".*?</nav>', re.DOTALL)


@order.run_at("quiz_check.on_page_content")
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
