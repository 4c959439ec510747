"""Talking points (発表メモ): the organiser's own notes for a slide, for the presenter view alone.

An organiser writes them in the page, where the slide is, as an HTML comment
that opens with 発表メモ:

    <!-- 発表メモ
    - 会場に「SageMakerを触ったことがある人」を聞く
    - 手が少なければ 2-1 は短めに
    -->

or on one line, `<!-- 発表メモ 会場に質問する -->`. The body is Markdown. The
comment starts a line of its own, outside lists, admonitions and code fences,
and belongs to the slide it stands in. Talking points are not the speaker's
source notes (講師のノート, the text the pages are checked against, kept per
session in `docs/<session>/source-notes.md`): they are the organiser's, for the talk.

A comment hides them from any Markdown preview. In the build, the page's
Markdown keeps a placeholder comment on the comment's first line (the other
lines stay, blank, so that every later line keeps its number), which the
search index and the handout (taken before this hook puts anything back)
never show, and minify.py drops. Just before the page is minified, each
placeholder becomes `<template class="slide-note talking-points">` holding the
rendered Markdown: a template is never displayed, read aloud or printed, so the
reading page does not change, and presentation.js gives its content to the
presenter view's notes, first (DECK.md contract 3: `.slide-note`).

A comment that is never closed, empty, indented, or followed by text after its
`-->` fails the build with FILE:LINE, every one of every page in one build
(on_files, before any page is built, as source_check.py does).
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

import markdown as python_markdown  # type: ignore[import-untyped]  # MkDocs' own Markdown; no stubs pinned
from mkdocs.exceptions import PluginError

from lib.fences import iter_fences

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

KEYWORD = "発表メモ"
OPENING = re.compile(rf"^(?P<indent>[ \t]*)<!--[ \t]*{KEYWORD}[:：]?(?P<rest>.*)$")
PLACEHOLDER = "<!-- talking-points {} -->"
PLACEHOLDER_RE = re.compile(r"<!-- talking-points (\d+) -->")
TEMPLATE = '<template class="slide-note talking-points">{}</template>'

# Per build: each page's talking points, rendered, in the order of their placeholders.
_rendered: dict[str, list[str]] = {}


def on_pre_build(*, config: MkDocsConfig) -> None:
    _rendered.clear()


def find(lines: list[str], where: str, first_line: int) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The talking points in LINES as (first index, last index, Markdown body), and every mistake as FILE:LINE.

    FIRST_LINE is the file's line number of LINES[0]."""
    fenced = {n for fence in iter_fences(lines) for n in range(fence.start, (fence.end or len(lines) - 1) + 1)}
    found: list[tuple[int, int, str]] = []
    errors: list[str] = []
    index = 0
    while index < len(lines):
        opening = OPENING.match(lines[index]) if index not in fenced else None
        if opening is None:
            index += 1
            continue
        at = f"{where}:{first_line + index}"
        if opening["indent"]:
            errors.append(
                f"{at}: a {KEYWORD} comment must start its line, outside lists and admonitions: "
                "move `<!-- 発表メモ` to the start of the line, under the slide's heading"
            )
        body: list[str] = []
        rest = opening["rest"]
        end = index
        while "-->" not in rest:
            body.append(rest)
            end += 1
            if end == len(lines) or "<!--" in lines[end]:
                what = "the page ends" if end == len(lines) else f"line {first_line + end} opens another comment"
                errors.append(f"{at}: {KEYWORD} is never closed ({what}): end it with a line `-->`")
                return found, errors
            rest = lines[end]
        text, _, after = rest.partition("-->")
        body.append(text)
        if after.strip():
            errors.append(
                f"{where}:{first_line + end}: text after the `-->` that closes {KEYWORD}: "
                "put it on the next line, or inside the comment"
            )
        markdown_body = "\n".join(line.rstrip() for line in body).strip("\n")
        if not markdown_body.strip():
            errors.append(f"{at}: {KEYWORD} is empty: write the talking point inside it, or remove the comment")
        found.append((index, end, markdown_body))
        index = end + 1
    return found, errors


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Every mistake of every page at once, before any page is built."""
    errors = []
    for file in files.documentation_pages():
        if KEYWORD in file.content_string:
            errors += find(file.content_string.split("\n"), file.src_uri, 1)[1]
    if errors:
        raise PluginError("\n".join(errors))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if KEYWORD not in markdown:
        return markdown
    lines = markdown.split("\n")
    found, _ = find(lines, page.file.src_uri, 1)  # on_files has found no mistake
    rendered = []
    for number, (start, end, body) in enumerate(found):
        html = python_markdown.markdown(
            textwrap.dedent(body), extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )
        rendered.append(html)
        # One line for the comment, the rest left blank: every later line keeps its number.
        lines[start : end + 1] = [PLACEHOLDER.format(number)] + [""] * (end - start)
    _rendered[page.file.src_uri] = rendered
    return "\n".join(lines)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    rendered = _rendered.get(page.file.src_uri)
    if not rendered:
        return output
    return PLACEHOLDER_RE.sub(lambda m: TEMPLATE.format(rendered[int(m[1])]), output)
