"""Markdown sources that would publish broken: every problem of every page, before any is built.

Python-Markdown and MkDocs let these through without a word, even under
--strict, and the reader gets the damage:

- a code fence (``` or ~~~) that is never closed, or that runs into the next
  fence: the text after it is shown as code, or as stray backticks;
- front matter that is not valid YAML: MkDocs drops it silently and publishes
  it as text (and a quiz page then looks as if it did not enable quizzes);
- a raw <img> whose file is not in the site: a broken image (Markdown images
  are checked by MkDocs itself).

This hook reads every page's source when the file list is known (on_files,
before the other hooks see a page) and fails the build once, listing each
problem as FILE:LINE: what is wrong, so that one build shows them all.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE

from lib import order
from lib.fences import blank_code_fences, open_fences

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

FRONT_MATTER_START = re.compile(r"^-{3}[ \t]*\n")
INLINE_CODE = re.compile(r"(`+).+?\1")
RAW_IMG = re.compile(
    r"<img\b[^>]*?\ssrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))",
    re.IGNORECASE,
)


def front_matter_problems(source: str, path: str) -> list[str]:
    """Front matter as MkDocs reads it (mkdocs.utils.meta), with the YAML's own error and line."""
    if not FRONT_MATTER_START.match(source):
        return []
    block = YAML_RE.match(source)
    if block is None:
        return [f"{path}:1: front matter is never closed (end it with a line of ---)"]
    try:
        data = yaml.load(block.group(1), yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1 for the opening ---, +1 as lines count from 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return [f"{path}:{line}: front matter is not valid YAML: {problem}"]
    if not isinstance(data, dict):
        return [f"{path}:2: front matter must be key: value lines, not a {type(data).__name__}"]
    return []


def fence_problems(source: str, path: str) -> list[str]:
    """One message for each fence left open, at its opening line."""
    lines = source.split("\n")
    problems = []
    for fence in open_fences(lines):
        where = f"{path}:{fence.start + 1}: the {fence.marker} fence is never closed"
        if fence.before is None:
            problems.append(f"{where} (add a line of {fence.marker})")
        else:
            problems.append(
                f"{where} before the fence at line {fence.before + 1} opens (add a line of "
                f"{fence.marker} before it; to show a fence inside a fence, make the outer one "
                "longer)"
            )
    return problems


def image_problems(source: str, file: File, urls: set[str]) -> list[str]:
    """Raw <img> elements (outside code) whose address, read from the page's URL, is no file."""
    problems = []
    text = blank_code_fences(source)
    for number, line in enumerate(text.split("\n"), start=1):
        for match in RAW_IMG.finditer(INLINE_CODE.sub(lambda m: " " * len(m[0]), line)):
            src = match["dq"] if match["dq"] is not None else match["sq"] or match["bare"]
            target = image_target(src, file.url)
            if target is not None and target not in urls:
                problems.append(
                    f'{file.src_uri}:{number}: <img src="{src}"> is /{target}, '
                    "which is not in the site "
                    f"(the address is read from the page's URL, /{file.url})"
                )
    return problems


def image_target(src: str, page_url: str) -> str | None:
    """The site path SRC points to from the page at PAGE_URL; None for another site or data."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), unquote(parts.path))).lstrip("/")


@order.run_at("source_check.on_files")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    urls = {file.url for file in files}
    problems: list[str] = []
    for file in files.documentation_pages():
        source = file.content_string
        problems += front_matter_problems(source, file.src_uri)
        problems += fence_problems(source, file.src_uri)
        problems += image_problems(source, file, urls)
    if problems:
        raise PluginError("\n".join(problems))
    return files
