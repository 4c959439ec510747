"""A broken quiz fails `mkdocs build --strict`, naming the page and the line.

Each case builds a one-page MkDocs project in a temp dir with the real hook
(overrides/hooks/quiz_check.py) and the real plugin, from a fixture in
tests/data/quiz/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from site_tools import ROOT, mkdocs_build

HOOK = ROOT / "overrides" / "hooks" / "quiz_check.py"
FIXTURES = Path(__file__).resolve().parent / "data" / "quiz"

CONFIG = f"""\
site_name: quiz build test
theme:
  name: material
strict: true
hooks:
  - {HOOK}
plugins:
  - mkdocs_quiz:
      enabled_by_default: false
markdown_extensions:
  - admonition
"""


def build(tmp_path: Path, fixture: str) -> subprocess.CompletedProcess[str]:
    """Build a project whose only page is the fixture, as docs/page.md."""
    (tmp_path / "docs").mkdir()
    shutil.copy(FIXTURES / fixture, tmp_path / "docs" / "page.md")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return mkdocs_build(tmp_path, tmp_path / "site", timeout=120)


def test_valid_quizzes_build(tmp_path: Path) -> None:
    result = build(tmp_path, "valid-quizzes.md")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "page" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="quiz"') == 2, "both quizzes rendered"
    assert "&lt;quiz&gt;" in html, "the fenced example stays code"


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("unclosed-quiz.md", 14, "<quiz> is never closed"),
        ("no-correct-answer.md", 10, "quiz has no correct answer"),
        ("stray-closing-tag.md", 12, "</quiz> without an opening <quiz>"),
        ("nested-quiz.md", 11, "<quiz> inside the quiz opened at line 8"),
        ("bad-checkbox.md", 11, "unknown checkbox [y]"),
        ("quiz-not-enabled.md", 7, "page has quizzes, but its front matter does not enable them"),
    ],
)
def test_broken_quiz_fails_with_page_and_line(tmp_path: Path, fixture: str, line: int, message: str) -> None:
    result = build(tmp_path, fixture)
    assert result.returncode != 0, f"{fixture} built:\n{result.stderr}"
    assert f"page.md:{line}: {message}" in result.stderr, result.stderr


def test_quizzes_that_teach_nothing_fail_with_each_line(tmp_path: Path) -> None:
    """Every answer correct, and an answer without feedback: both reported in one build."""
    result = build(tmp_path, "every-answer-correct-no-feedback.md")
    assert result.returncode != 0, result.stderr
    assert "page.md:8: every answer of the quiz is correct" in result.stderr, result.stderr
    no_feedback = "page.md:20: answer has no feedback; add a `> ...` line after it"
    assert no_feedback in result.stderr, result.stderr


def test_enabled_page_without_quiz_fails(tmp_path: Path) -> None:
    result = build(tmp_path, "enabled-without-quiz.md")
    assert result.returncode != 0, result.stderr
    assert "page.md: front matter enables quizzes, but the page has none" in result.stderr, result.stderr


def test_quiz_options_that_differ_between_pages_fail_the_build(tmp_path: Path) -> None:
    """overrides/hooks/quiz_markup.py ships one set of quiz labels and options, in the cached script."""
    (tmp_path / "docs").mkdir()
    valid = (FIXTURES / "valid-quizzes.md").read_text(encoding="utf-8")
    (tmp_path / "docs" / "a.md").write_text(valid, encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text(
        valid.replace("  enabled: true\n", "  enabled: true\n  show_progress: false\n", 1), encoding="utf-8"
    )
    assets = ROOT / "overrides" / "hooks" / "quiz_markup.py"
    (tmp_path / "mkdocs.yml").write_text(
        CONFIG.replace(f"  - {HOOK}\n", f"  - {HOOK}\n  - {assets}\n"), encoding="utf-8"
    )
    result = mkdocs_build(tmp_path, tmp_path / "site", timeout=120)
    assert result.returncode != 0, result.stderr
    assert "b.md: its quiz options or language differ from a.md's" in result.stderr, result.stderr


def test_quizzes_that_mkdocs_quiz_would_misread_fail_with_each_line(tmp_path: Path) -> None:
    """Answers it would take for text, feedback it would drop, answers it could not tell apart, a fill-in-the-blank
    it would make of a choice quiz, and `-->` while the plugin keeps each quiz's source in an HTML comment (its
    default, embed_source): every one named by its line, in one build."""
    lines = (FIXTURES / "misread-quizzes.md").read_text(encoding="utf-8").split("\n")

    def line(text: str, after: int = 0) -> int:
        return next(n for n, content in enumerate(lines, start=1) if n > after and content.startswith(text))

    result = build(tmp_path, "misread-quizzes.md")

    assert result.returncode != 0, result.stderr
    same = line("- [x] Same")
    blank = line("A [[blank]]")
    arrow = line("An arrow -->")
    expected = [
        f"page.md:{line('  - [ ] Indented')}: answer indented by 2 spaces; mkdocs-quiz reads it as part of the explanation",
        f"page.md:{line('-[ ]')}: mkdocs-quiz reads '-[ ] No space after the dash' as part of the explanation",
        f"page.md:{line('+ [ ]')}: mkdocs-quiz reads '+ [ ] A plus bullet' as part of the explanation",
        f"page.md:{line('- [ ] Wrong', after=line('An answer after'))}: answer has no feedback",
        f"page.md:{line('> No.', after=line('An answer after'))}: feedback set apart from its answer by a blank line",
        f"page.md:{line('- [ ] Too late')}: answer after the explanation that starts at line {line('The explanation')}",
        f"page.md:{line('- [x] A quiz with no question') - 1}: quiz has no question",
        f"page.md:{line('- [ ] Same')}: this answer reads the same as line {same}'s",
        f"page.md:{blank + 1}: this quiz has [[...]], so mkdocs-quiz makes it fill-in-the-blank and drops this answer",
        f"page.md:{blank + 3}: this quiz has [[...]]",
        f"page.md:{arrow}: `-->` ends the HTML comment in which mkdocs-quiz keeps the quiz's source",
        f"page.md:{arrow + 1}: `-->` ends the HTML comment",
    ]
    missing = [message for message in expected if message not in result.stderr]
    assert not missing, f"not reported: {missing}\n{result.stderr}"
    named = re.findall(r"page\.md:(\d+): ", result.stderr)
    assert len(named) == len(expected), f"reported more than expected (`->` is no comment's end):\n{result.stderr}"


# Builds the project in this process after changing what mkdocs-quiz draws: its "#" link gets another class,
# as a new release might give it.
CHANGED_PLUGIN_BUILD = """
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_quiz.plugin import MkDocsQuizPlugin

drawn = MkDocsQuizPlugin._process_quiz
MkDocsQuizPlugin._process_quiz = lambda *a, **k: drawn(*a, **k).replace("quiz-header-link", "quiz-anchor")
logging.getLogger("mkdocs").addHandler(logging.StreamHandler())  # the build's errors, on stderr
build(load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=True))
"""


def test_a_change_in_mkdocs_quiz_markup_fails_the_build_naming_its_version(tmp_path: Path) -> None:
    """quiz_markup.py fixes the plugin's HTML by exact replacement; one that finds nothing is no silent no-op."""
    (tmp_path / "docs").mkdir()
    shutil.copy(FIXTURES / "valid-quizzes.md", tmp_path / "docs" / "page.md")
    markup = ROOT / "overrides" / "hooks" / "quiz_markup.py"
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.replace(f"  - {HOOK}\n", f"  - {HOOK}\n  - {markup}\n"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", CHANGED_PLUGIN_BUILD, str(config), str(tmp_path / "site")],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0, result.stderr
    expected = (
        f"overrides/hooks/quiz_markup.py: page.md: mkdocs-quiz {version('mkdocs-quiz')} drew 0 of "
        "'class=\"quiz-header-link\">' where 2 were expected"
    )
    assert expected in result.stderr, result.stderr
