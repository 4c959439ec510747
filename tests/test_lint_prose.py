"""make lint: what scripts/lint_prose.py hands textlint, and the site's own wording rules firing."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

import lint_prose

SESSION_PAGE = """# 1. AWSのML系サービスおさらい

これを見てくれ

<p class="diagram-caption added">ノートの表をもとに、このサイトで描いた図です。</p>

このページの内容から出題しています。
{: .added }
"""


def test_only_the_additions_of_a_session_page_are_linted() -> None:
    lines = lint_prose.added_text(SESSION_PAGE).splitlines()
    assert lines[2] == "", "the speaker's line is not linted"
    assert lines[4] == "ノートの表をもとに、このサイトで描いた図です。", "a caption, without its tags"
    assert lines[6] == "このページの内容から出題しています。", "a paragraph marked {: .added }"


def test_a_page_whose_h1_is_marked_added_is_linted_whole() -> None:
    assert lint_prose.is_whole_page("glossary.md", "---\ntitle: 用語集\n---\n\n# 用語集 {.added}\n")
    assert not lint_prose.is_whole_page("session-01/sagemaker.md", SESSION_PAGE)


@pytest.mark.skipif(not lint_prose.TEXTLINT.exists(), reason="textlint is not installed (npm ci)")
def test_the_wording_and_spacing_rules_fire(tmp_path: Path) -> None:
    """The rules as .textlintrc.json sets them, alone (the full presets load in ~9 s)."""
    rules = json.loads(lint_prose.CONFIG.read_text(encoding="utf-8"))["rules"]
    prh = {"rulePaths": [str(lint_prose.ROOT / path) for path in rules["prh"]["rulePaths"]]}
    config = tmp_path / "textlintrc.json"
    spacing = rules["preset-ja-spacing"]
    config.write_text(json.dumps({"rules": {"prh": prh, "preset-ja-spacing": spacing}}))
    page = tmp_path / "page.md"
    page.write_text(
        "# 見出し\n\nForecastは新規のお客様には提供されていません。\n\nAWS のサービスです。\n\nブラウザで開きます。\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(lint_prose.TEXTLINT), "--config", str(config), "--format", "unix", "page.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "=> 新規受付を終了" in result.stdout, result.stdout + result.stderr
    assert "ブラウザ => ブラウザー" in result.stdout, "one spelling of browser: " + result.stdout
    assert "ja-space-between-half-and-full-width" in result.stdout, result.stdout
    assert result.returncode == 1, result.returncode


def test_both_spellings_of_the_added_mark_are_linted_and_the_mark_is_not() -> None:
    """The README writes `{ .added }`, the pages `{: .added }`: attr_list reads both, and so does the lint."""
    page = "これを見てくれ\n\n追加した段落です\n{ .added }\n\nもう一つの段落です\n{: .added }\n\n## 追加した見出し {#new .added}\n"
    lines = lint_prose.added_text(page).splitlines()
    assert lines[2] == "追加した段落です", "a paragraph marked the README's way"
    assert lines[5] == "もう一つの段落です", "a paragraph marked the pages' way"
    assert lines[3] == lines[6] == "", "the marks themselves are no text"
    assert lines[8] == "## 追加した見出し", "an added heading, without its attribute list"


def test_admonition_titles_are_headings_and_bodies_paragraphs_in_whole_pages() -> None:
    page = '---\ntitle: t\n---\n\n# まとめ {.added}\n\n!!! note supplement "2026年12月2日の補足：題"\n\n    本文です。\n\n段落です。\n{ .added }\n'
    lines = lint_prose.whole_page_text(page).splitlines()
    assert lines[4] == "# まとめ", lines
    assert lines[6] == "#### 2026年12月2日の補足：題", "a title is a heading: it ends with no 。"
    assert lines[8] == "本文です。", "the body is a paragraph, not indented code"
    assert lines[11] == "", "the mark is no sentence"


def readme_example(start: str) -> str:
    """The README's fenced Markdown example (in a list item or not) that starts with START."""
    readme = (lint_prose.ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^( *)```markdown\n(.*?)^\1```", readme, re.DOTALL | re.MULTILINE)
    return next(text for text in (textwrap.dedent(block) for _, block in blocks) if text.startswith(start))


@pytest.mark.skipif(not lint_prose.TEXTLINT.exists(), reason="textlint is not installed (npm ci)")
def test_the_readmes_examples_pass_the_lint_on_a_page_written_for_the_site(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The README's quiz and added paragraph, on a page whose H1 is added (linted whole) and on a session page."""
    body = readme_example("## 理解度チェック") + "\n" + readme_example("ノートにはない")
    pages = {
        "whole.md": f"---\ntitle: t\ndescription: d\n---\n\n# 追加したページ {{ .added }}\n\n{body}",
        "session.md": f"---\ntitle: t\ndescription: d\n---\n\n# 話者の見出し\n\n話者の文\n\n{body}",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / name) for name in pages]
    code = lint_prose.main(["--docs", str(tmp_path), *files])
    assert code == 0, capsys.readouterr().out
