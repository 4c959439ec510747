"""make lint: what scripts/lint_prose.py hands textlint, and the site's own wording rules firing."""

from __future__ import annotations

import json
import subprocess
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
