"""Japanese prose lint of the text added to the notes, with textlint.

Usage: python scripts/lint_prose.py [--fix-hint] [FILE ...]

The speaker's own sentences are kept exactly as written (casual voice and
all), so they are not linted. What is linted is the text added for the site:
  - whole pages that are not the speaker's notes: docs/index.md, docs/guide/,
    and every page whose H1 carries the class `added` (用語集, まとめ, 次回予告);
  - in the session pages (docs/session-*/): the bodies of admonitions
    (`!!! note supplement "2026年12月2日の補足：…"`, quiz 解説), the quiz answers'
    explanations (`> ` lines inside <quiz>), paragraphs marked `{: .added }` and
    HTML lines with the class `added` (diagram captions), tags removed.
The rules include the site's chosen wording (prh.yml: 「新規受付を終了」) and no
space between Latin and Japanese text (ja-space-between-half-and-full-width).
Each file is copied to a temporary tree with everything else blanked out
(line numbers stay the same, admonition bodies are dedented so Markdown sees
paragraphs, not code), then textlint runs once with .textlintrc.json.
Reports name the real file and line.

Exit codes: 0 when textlint finds nothing, 1 when it finds something, 2 when
textlint is not installed (run `npm ci`).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
CONFIG = ROOT / ".textlintrc.json"
# Pages written for the site rather than taken from the speaker's notes.
WHOLE_PAGES = ("index.md", "guide/")

ADMONITION = re.compile(r"^(!!!|\?\?\?\+?)\s+\w+")
ADDED_H1 = re.compile(r"^# .*\{[^}]*\.added\b", re.MULTILINE)
ADDED_HTML = re.compile(r"^<\w+ [^>]*class=\"[^\"]*\badded\b")
ADDED_PARAGRAPH = re.compile(r"^\{:\s*\.added\s*\}$")


def is_whole_page(relative: str, markdown: str) -> bool:
    """A page written wholly for the site: named in WHOLE_PAGES, or its H1 marked `added`."""
    named = any(relative == p or relative.startswith(p) for p in WHOLE_PAGES)
    return named or bool(ADDED_H1.search(markdown))


def marked_paragraphs(lines: list[str], out: list[str]) -> None:
    """Copy into OUT the paragraphs marked `{: .added }` and the HTML lines with class `added`."""
    for i, line in enumerate(lines):
        if ADDED_HTML.match(line):
            out[i] = re.sub(r"<[^>]+>", "", line)
        elif ADDED_PARAGRAPH.match(line.strip()):
            j = i - 1
            while j >= 0 and lines[j].strip():
                out[j] = lines[j]
                j -= 1


def added_text(markdown: str) -> str:
    """The session page with only its additions left, on their original lines."""
    lines = markdown.splitlines()
    out = [""] * len(lines)
    in_quiz = in_admonition = False
    for i, line in enumerate(lines):
        if in_admonition:
            if line.startswith("    ") or not line.strip():
                out[i] = line[4:]
                continue
            in_admonition = False
        if ADMONITION.match(line):
            in_admonition = True
        elif line.strip() == "<quiz>":
            in_quiz = True
        elif line.strip() == "</quiz>":
            in_quiz = False
        elif in_quiz and line.startswith("> "):
            out[i] = line[2:]  # an answer's explanation, as a paragraph
    marked_paragraphs(lines, out)
    return "\n".join(out) + "\n"


def front_matter_blanked(markdown: str) -> str:
    lines = markdown.splitlines()
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        lines[: end + 1] = [""] * (end + 1)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="Markdown pages (default: every page under docs/)")
    args = parser.parse_args(argv)
    if not TEXTLINT.exists():
        print(f"{TEXTLINT} is missing: run `npm ci` first", file=sys.stderr)
        return 2
    # Each session's source-notes.md is the speaker's own text, never linted.
    files = [f.resolve() for f in args.files] or sorted(f for f in DOCS.rglob("*.md") if f.name != "source-notes.md")
    with tempfile.TemporaryDirectory() as tmp:
        for source in files:
            relative = source.relative_to(DOCS).as_posix()
            text = source.read_text(encoding="utf-8")
            whole = is_whole_page(relative, text)
            masked = front_matter_blanked(text) if whole else added_text(text)
            target = Path(tmp) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(masked, encoding="utf-8")
        result = subprocess.run(
            [str(TEXTLINT), "--config", str(CONFIG), "--format", "unix", "--no-color", "."],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        report = result.stdout.replace(tmp + "/", "docs/")
    print(report.strip() or f"textlint: no problems in the additions of {len(files)} pages")
    if result.returncode not in (0, 1):
        print(result.stderr, file=sys.stderr)
        return 2
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
