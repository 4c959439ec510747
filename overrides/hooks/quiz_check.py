"""Quizzes: check every <quiz> block at build time, as mkdocs-quiz will read it.

mkdocs-quiz rejects some malformed blocks, but much of what it misreads renders
as something else even under --strict, and its own errors give a line of the
rendered HTML. This hook runs before the plugin and fails the build with the
page and the Markdown line for:

- a <quiz> that is never closed, a </quiz> that was never opened, nested quizzes;
- a quiz with no question, no answers, no correct answer, or every answer
  correct (nothing to get wrong), or with a checkbox other than [x] / [ ];
- a line that looks like an answer but that mkdocs-quiz reads as question text or
  explanation: indented (`  - [x] …`), spaced differently (`-[x]`, `- [x]…`),
  another bullet (`+ [x]`, `1. [x]`), or after the explanation has started;
- an answer without its feedback line (`> ...` right after it), or a feedback
  line set apart from its answer by a blank line;
- two answers with the same text (the plugin tells answers apart by their text:
  a wrong one reading like a right one would count as right);
- `[[...]]` in a quiz with answers (the plugin then makes it fill-in-the-blank
  and drops the answers);
- `-->` in a quiz while the plugin keeps each quiz's source in an HTML comment
  (its `embed_source`, off in this site's mkdocs.yml): it would end the comment
  and show the source, answers included;
- a page with quizzes whose front matter does not enable them (they would show as
  raw text), or a page that enables quizzes but has none (it would load the quiz
  CSS/JS and the hidden progress panel for nothing).

The fixes to the HTML the plugin makes are quiz_markup.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs_quiz.parsing import CHECKBOX_REGEX, FEEDBACK_REGEX, collect_feedback

from lib import order
from lib.quiz_fences import Quiz, find_quizzes, quiz_enabled

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Anything an author may mean as an answer: any bullet, any spacing, any indent, up to 3 characters in the box.
LOOKS_LIKE_ANSWER = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]*\[(?P<box>[^\]\n]{0,3})\]")
# What ends the HTML comment that holds the quiz's source (the HTML standard's two endings).
COMMENT_END = re.compile(r"--!?>")
ANSWER_FORM = "write answers as `- [x] right` / `- [ ] wrong`, at the start of the line"


def check_quiz(quiz: Quiz, path: str, *, embed_source: bool) -> list[str]:
    """What is wrong with the quiz, one message a problem, each with its line."""
    problems = [
        f"{path}:{quiz.line + index}: `{match.group()}` ends the HTML comment in which mkdocs-quiz keeps the "
        "quiz's source (embed_source), and the quiz's source, answers included, would show above it; "
        "write → instead, or set `embed_source: false`"
        for index, text in enumerate(quiz.body.split("\n"))
        if embed_source and (match := COMMENT_END.search(text))
    ]
    if quiz.is_fill_blank():
        problems += [
            f"{where}: this quiz has [[...]], so mkdocs-quiz makes it fill-in-the-blank and drops this answer; "
            "write the brackets as \\[[ or in `code`, or remove the answers"
            for where in _looks_like_answers(quiz, path)
        ]
        return problems  # fill-in-the-blank: the blanks are the answers
    return problems + _choice_problems(quiz, path)


def _looks_like_answers(quiz: Quiz, path: str) -> Iterator[str]:
    for index, text in enumerate(quiz.lines()):
        if LOOKS_LIKE_ANSWER.match(text):
            yield f"{path}:{quiz.line + index}"


def _choice_problems(quiz: Quiz, path: str) -> list[str]:
    """A multiple-choice quiz read line by line as mkdocs-quiz's parser reads it."""
    problems: list[str] = []
    lines = quiz.lines()
    part = "question"  # then "answers", then "explanation" (whatever follows the answers)
    question = explanation = 0  # lines of question text; where the explanation starts
    texts: dict[str, int] = {}  # answer text -> its line
    correct = answers = 0
    attached = False  # the line before was an answer or its feedback
    for index, text in enumerate(lines):
        where = f"{path}:{quiz.line + index}"
        strict, loose = CHECKBOX_REGEX.match(text), LOOKS_LIKE_ANSWER.match(text)
        if strict and part != "explanation":
            part, attached = "answers", True
            box, answer = strict.group(1), strict.group(2).strip()
            if box not in ("x", "X", " ", ""):
                problems.append(f"{where}: unknown checkbox [{box}]; use [x] or [ ]")
            elif collect_feedback(lines, index + 1)[0] is None:
                problems.append(f"{where}: answer has no feedback; add a `> ...` line after it")
            if answer in texts:
                problems.append(
                    f"{where}: this answer reads the same as line {texts[answer]}'s; mkdocs-quiz tells answers "
                    "apart by their text (a wrong one would count as right): word them differently"
                )
            texts.setdefault(answer, quiz.line + index)
            answers += 1
            correct += box in ("x", "X")
        elif loose:
            reads_as = "question text" if part == "question" else "part of the explanation"
            if strict:
                problems.append(
                    f"{where}: answer after the explanation that starts at line {quiz.line + explanation}; "
                    "mkdocs-quiz shows it as text: keep the answers together, each with its `> ...` line, "
                    "and the explanation after them"
                )
            elif loose.group("indent"):
                problems.append(
                    f"{where}: answer indented by {len(loose.group('indent'))} spaces; mkdocs-quiz reads it as "
                    f"{reads_as}: {ANSWER_FORM}"
                )
            else:
                problems.append(f"{where}: mkdocs-quiz reads {text.strip()!r} as {reads_as}: {ANSWER_FORM}")
            if part == "answers":
                part, explanation = "explanation", index
        elif part == "question":
            question += bool(text.strip())
        elif part == "answers" and FEEDBACK_REGEX.match(text):
            if not attached:
                problems.append(
                    f"{where}: feedback set apart from its answer by a blank line; "
                    "mkdocs-quiz needs it right after the answer: remove the blank line"
                )
        elif part == "answers" and text.strip():
            part, explanation = "explanation", index
        attached = attached and bool(text.strip())
    where = f"{path}:{quiz.line}"
    if not answers:
        problems.append(f"{where}: quiz has no answers (- [x] right / - [ ] wrong)")
    elif not question:
        problems.append(f"{where}: quiz has no question; write it on the lines before the first answer")
    elif not correct:
        problems.append(f"{where}: quiz has no correct answer (mark one with - [x])")
    elif correct == answers:
        problems.append(f"{where}: every answer of the quiz is correct; mark the wrong ones with - [ ]")
    return problems


@order.run_at("quiz_check.on_page_markdown")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    path = page.file.src_uri
    plugin = config.plugins.get("mkdocs_quiz")
    embed_source = bool(plugin and plugin.config.get("embed_source", True))
    # The file as written, front matter included, so that line numbers match the editor's.
    quizzes = find_quizzes(page.file.content_string, path)
    if problems := [problem for quiz in quizzes for problem in check_quiz(quiz, path, embed_source=embed_source)]:
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
