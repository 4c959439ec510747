"""Japanese prose lint of the text added to the notes, with textlint.

Usage: python scripts/lint_prose.py [--docs DIR] [FILE ...]

The speaker's own sentences are kept exactly as written (casual voice and
all), so they are not linted. What is linted is the text added for the site:
  - whole pages that are not the speaker's notes: docs/index.md, docs/guide/,
    and every page whose H1 carries the class `added` (用語集, まとめ, 次回予告);
  - in the session pages (docs/session-*/): the bodies of admonitions
    (`!!! note supplement "2026年12月2日の補足：…"`, quiz 解説), the quiz answers'
    explanations (`> ` lines inside <quiz>), headings and paragraphs marked
    `{ .added }` (or `{: .added }`, the same to attr_list), the blocks inside
    `<div class="added" markdown>`, the words in `<span class="added">` (as a
    heading: a table cell is no sentence) and HTML lines with the class `added`
    (diagram captions), tags removed.
Admonition titles are linted as headings (a title needs no 。), attribute
lists (`{ .added }`, `{#id}`) are left out, and admonition bodies are dedented
so Markdown sees paragraphs, not code, in whole pages as in session pages.
The rules include the site's chosen wording (prh.yml: 「新規受付を終了」) and no
space between Latin and Japanese text (ja-space-between-half-and-full-width).
Each file is copied to a temporary tree with everything else blanked out
(line numbers stay the same), then textlint runs once with .textlintrc.json.
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

ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]+\w[^"\n]*?(?:"(?P<title>.*)")?[ \t]*$')
ADDED_H1 = re.compile(r"^# .*\{[^}]*\.added\b", re.MULTILINE)
ADDED_HTML = re.compile(r"^<\w+ [^>]*class=\"[^\"]*\badded\b")
ADDED_BLOCK = re.compile(r'^<div class="added" markdown(?:="1")?>$')  # several blocks, until </div>
ADDED_SPAN = re.compile(r'<span class="added">(.*?)</span>')  # part of a line, such as a table cell
# `{ .added }` and `{: .added }` alike: attr_list reads both.
ADDED_PARAGRAPH = re.compile(r"^\{:?\s*\.added\s*\}$")
ATTR_LIST_LINE = re.compile(r"^[ \t]*\{:?[^}\n]*\}[ \t]*$")
HEADING = re.compile(r"^(?P<text>#{1,6}[ \t].*?)(?:[ \t]*\{:?(?P<attrs>[^}\n]*)\})?[ \t]*$")


def is_whole_page(relative: str, markdown: str) -> bool:
    """A page written wholly for the site: named in WHOLE_PAGES, or its H1 marked `added`."""
    named = any(relative == p or relative.startswith(p) for p in WHOLE_PAGES)
    return named or bool(ADDED_H1.search(markdown))


def title_as_heading(line: str) -> str:
    """An admonition's first line as a heading holding its title (a title ends with no 。), or nothing."""
    match = ADMONITION.match(line)
    return f"#### {match['title']}" if match and match["title"] else ""


def marked_paragraphs(lines: list[str], out: list[str]) -> None:
    """Copy into OUT the headings and paragraphs marked `.added` and the HTML lines with class `added`."""
    block = False  # inside <div class="added" markdown>
    for i, line in enumerate(lines):
        heading = HEADING.match(line)
        if block:
            block = line.strip() != "</div>"
            out[i] = line if block else ""
        elif ADDED_BLOCK.match(line.strip()):
            block = True
        elif ADDED_HTML.match(line):
            out[i] = re.sub(r"<[^>]+>", "", line)
        elif spans := ADDED_SPAN.findall(line):
            out[i] = "#### " + "、".join(re.sub(r"<[^>]+>", "", span) for span in spans)  # words, not sentences
        elif heading and heading["attrs"] and re.search(r"\.added\b", heading["attrs"]):
            out[i] = heading["text"]
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
            out[i] = title_as_heading(line)
        elif line.strip() == "<quiz>":
            in_quiz = True
        elif line.strip() == "</quiz>":
            in_quiz = False
        elif in_quiz and line.startswith("> "):
            out[i] = line[2:]  # an answer's explanation, as a paragraph
    marked_paragraphs(lines, out)
    return "\n".join(out) + "\n"


def whole_page_text(markdown: str) -> str:
    """A page written for the site, all of it, less its front matter and markup: admonition bodies dedented,
    titles as headings, attribute lists left out."""
    out = []
    in_admonition = False
    for line in front_matter_blanked(markdown).splitlines():
        if in_admonition and (line.startswith("    ") or not line.strip()):
            out.append(line[4:])
            continue
        in_admonition = bool(ADMONITION.match(line))
        heading = HEADING.match(line)
        if in_admonition:
            out.append(title_as_heading(line))
        elif ATTR_LIST_LINE.match(line):
            out.append("")
        elif heading:
            out.append(heading["text"])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def front_matter_blanked(markdown: str) -> str:
    lines = markdown.splitlines()
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        lines[: end + 1] = [""] * (end + 1)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="Markdown pages (default: every page under --docs)")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the folder the pages are in (default: docs/)")
    args = parser.parse_args(argv)
    docs = args.docs.resolve()
    if not TEXTLINT.exists():
        print(f"{TEXTLINT} is missing: run `npm ci` first", file=sys.stderr)
        return 2
    # Each session's source-notes.md is the speaker's own text, never linted.
    files = [f.resolve() for f in args.files] or sorted(f for f in docs.rglob("*.md") if f.name != "source-notes.md")
    with tempfile.TemporaryDirectory() as tmp:
        for source in files:
            relative = source.relative_to(docs).as_posix()
            text = source.read_text(encoding="utf-8")
            whole = is_whole_page(relative, text)
            masked = whole_page_text(text) if whole else added_text(text)
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
