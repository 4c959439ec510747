"""Broken Markdown never reaches a reader: the real strict build of a copy of the site fails,
naming each broken input by its file and line.

Each test copies the site (docs/, overrides/, locales/, mkdocs.yml), injects
several broken inputs into the pages, builds once and checks that every one is
named. Line numbers are found in the copy, not written down, so that the
pages' own edits do not break the tests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from site_tools import append, mkdocs_build, site_copy


def insert(page: Path, before: int, text: str) -> int:
    """Put TEXT's lines in PAGE before its 1-based line BEFORE; returns that line number."""
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[before - 1 : before - 1] = text.split("\n")
    page.write_text("\n".join(lines), encoding="utf-8")
    return before


def line_of(page: Path, text: str) -> int:
    """The 1-based line of PAGE that starts with TEXT."""
    lines = page.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(text))


def build(project: Path) -> subprocess.CompletedProcess[str]:
    result = mkdocs_build(project, project / "site", timeout=180)
    assert result.returncode != 0, f"the broken copy built:\n{result.stderr}"
    return result


def test_open_fences_bad_front_matter_and_missing_images_are_all_named(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    docs = project / "docs"
    sagemaker = docs / "session-01/sagemaker.md"
    first_diagram = line_of(sagemaker, "```mermaid")
    swallowing = "```mermaid\nflowchart LR\n    a --> b\n\nこの文はコードになってしまう。\n"
    left_open = insert(sagemaker, first_diagram, swallowing)
    runs_into = first_diagram + swallowing.count("\n") + 1  # the diagram that was there
    tilde = append(docs / "session-01/infrastructure.md", "~~~python\nprint('never closed')")
    quiz_page = insert(docs / "session-01/which-service.md", 2, "broken: a: b")
    plain_page = insert(docs / "index.md", 3, "broken: a: b")
    image = append(
        docs / "session-01/ml-services.md",
        '<img src="../assets/missing.png" alt="ない画像">\n\n`<img src="shown-as-code.png">`',
    )

    stderr = build(project).stderr

    bad_yaml = "front matter is not valid YAML: mapping values are not allowed here"
    expected = [
        (
            f"session-01/sagemaker.md:{left_open}: the ``` fence is never closed "
            f"before the fence at line {runs_into} opens"
        ),
        f"session-01/infrastructure.md:{tilde}: the ~~~ fence is never closed (add a line of ~~~)",
        f"session-01/which-service.md:{quiz_page}: {bad_yaml}",
        f"index.md:{plain_page}: {bad_yaml}",
        (
            f'session-01/ml-services.md:{image}: <img src="../assets/missing.png"> '
            "is /session-01/assets/missing.png, which is not in the site"
        ),
    ]
    missing = [message for message in expected if message not in stderr]
    assert not missing, f"not reported: {missing}\n{stderr}"
    assert "shown-as-code.png" not in stderr, "an <img> shown as code is not an image"
    assert "quiz" not in stderr.lower(), "the quiz page's error blames the YAML, not the quiz"


def test_undrawn_and_unparsable_diagrams_are_named_each_by_its_fence(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    docs = project / "docs"
    diagram = "flowchart LR\n    accTitle: {title}\n    accDescr: テスト用の図です。\n    {body}"
    undrawn = append(
        docs / "session-01/ml-services.md",
        "```mermaid\n" + diagram.format(title="まだ描いていない図", body="a --> b") + "\n```",
    )
    unparsable = append(
        docs / "session-01/sagemaker.md",
        "```mermaid\n" + diagram.format(title="書き損じた図", body="a -->>> b") + "\n```",
    )

    stderr = build(project).stderr

    assert f"session-01/ml-services.md:{undrawn}: the diagram has no drawing yet; run `make diagrams`" in stderr, stderr
    assert f"session-01/sagemaker.md:{unparsable}: Mermaid cannot parse the diagram:" in stderr, stderr
    assert "Parse error on line 4" in stderr, "Mermaid's own message"
    named = set(re.findall(r"[\w/-]+\.md:\d+", stderr))
    assert named == {
        f"session-01/ml-services.md:{undrawn}",
        f"session-01/sagemaker.md:{unparsable}",
    }, stderr


def test_quizzes_that_teach_nothing_are_named_on_the_site(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    page = project / "docs" / "session-01/which-service.md"
    text = page.read_text(encoding="utf-8")
    first_quiz = line_of(page, "<quiz>")
    start = text.index("<quiz>")
    end = text.index("</quiz>", start)
    text = text[:start] + text[start:end].replace("- [ ] ", "- [x] ") + text[end:]
    second = text.index("<quiz>", end)
    feedback = text.index("\n> ", second)
    answer_line = text.count("\n", 0, feedback) + 1
    page.write_text(text[:feedback] + text[text.index("\n", feedback + 1) :], encoding="utf-8")

    stderr = build(project).stderr

    assert f"session-01/which-service.md:{first_quiz}: every answer of the quiz is correct" in stderr, stderr
    assert f"session-01/which-service.md:{answer_line}: answer has no feedback" in stderr, stderr


def test_a_broken_search_synonym_list_is_named_by_its_line(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    synonyms = project / "locales/search-synonyms.ja.yml"
    line = append(synonyms, "ベッドロック:")  # a word with no list of typed words
    stderr = build(project).stderr
    assert f"locales/search-synonyms.ja.yml:{line}: 'ベッドロック' needs a list of words" in stderr, stderr
