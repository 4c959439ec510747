"""Markdown sources that would publish broken: every problem of every page, with FILE:LINE and the fix.

Python-Markdown and MkDocs let these through without a word, even under
--strict, and the reader gets the damage. Read from every page's source when
the file list is known (on_files, before the other hooks see a page):

- a page that is not UTF-8 (a Shift_JIS file): MkDocs would stop with a
  traceback that names no file;
- a code fence (``` or ~~~) that is never closed, or that runs into the next
  fence: the text after it is shown as code, or as stray backticks;
- front matter that is not valid YAML (MkDocs drops it silently and publishes it
  as text), that lacks `title:` or `description:` (search, link previews and
  the handout use them), or whose `talk_minutes:` is no whole number of minutes,
  or is on a page other than its deck's first (checked once the nav is known):
  the presenter's countdown would silently not appear;
- a supplement (`!!! note supplement`) without a dated title: with none,
  Material writes an English 「Note」; a dated title without the class
  `supplement` is not shown as a note in the presenter view; an admonition
  whose text is not indented (an empty box, the text after it);
- a misspelt slide mark (`<!-- Slide -->`, `<!-- slides -->`);
- a page so large that its text would push the search index past what the
  service worker keeps offline;
- a raw <img> whose file is not in the site: a broken image (Markdown images
  are checked by MkDocs itself).

These fail the build once, listing each problem, so that one build shows them
all. What only the rendered page shows is checked there (on_page_content, once
mkdocs-quiz has drawn the quizzes) and reported for every page at once before
anything is written (on_env):

- a `<!-- slide -->` that presentation mode cannot see, because it is inside a
  list item, an admonition, a quiz, a paragraph or an HTML block (or indented
  into a code block). To know each mark's line, on_page_markdown tags it with
  its line before anything renders, and on_page_content puts it back as it was;
- two elements with one id (two headings with the same `{#id}`): links and the
  table of contents go to the first, and presentation mode gets two slides
  with one key;
- a `javascript:`, `vbscript:` or `file:` link or image.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from lib import order
from lib.fences import blank_code_fences, open_fences

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure import StructureItem
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

FRONT_MATTER_START = re.compile(r"^-{3}[ \t]*\n")
INLINE_CODE = re.compile(r"(`+).+?\1")
RAW_IMG = re.compile(
    r"<img\b[^>]*?\ssrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))",
    re.IGNORECASE,
)
REQUIRED = {
    "title": "the page's name in the nav, the tab and search",
    "description": "one sentence on what the page is about, for search results and link previews",
}
# The largest page, in bytes of Markdown: ten times 第1回's longest. The search index holds every page's
# text, and it must stay under what the service worker keeps (scripts/make_service_worker.mjs).
PAGE_LIMIT = 500_000

# An admonition's first line: `!!! note supplement "title"` (or ??? / ???+ for a collapsible one).
ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+(?P<classes>[^"\n]*?)[ \t]*(?:"(?P<title>.*)")?[ \t]*$')
DATE = r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
SUPPLEMENT_TITLE = re.compile(rf"^{DATE}の補足：\S")
QUIZ_EXPLANATION_TITLE = re.compile(rf"^解説（{DATE}の補足）$")  # a quiz's explanation
SUPPLEMENT_FORM = '`!!! note supplement "2026年12月2日の補足：何についてか"`'
QUIZ_TAG = re.compile(r"</?quiz>")

# A slide mark as presentation mode reads it (slides.py), and the same tagged with its source line.
SLIDE_MARK = re.compile(r"<!--\s*slide\s*-->")
TAGGED_MARK = re.compile(r"<!-- slide L(\d+) -->")
TAGGED_MARK_AS_TEXT = re.compile(r"&lt;!-- slide L\d+ --&gt;")
NEAR_SLIDE_MARK = re.compile(r"<!--\s*(?P<word>slides?)\s*-->", re.IGNORECASE)
# Link schemes that a site's page never needs, and what they would do.
UNSAFE_SCHEMES = {
    "javascript": "runs a script in the reader's page",
    "vbscript": "runs a script in the reader's page",
    "file": "points into the reader's own computer and opens nothing of this site",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def decoding_problem(data: bytes, path: str) -> str | None:
    """A page that is not UTF-8, at the line of its first byte that is not."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return (
            f"{path}:{line}: the page is not UTF-8 (byte 0x{data[error.start]:02x} cannot be read; "
            "Shift_JIS perhaps): save it as UTF-8 in your editor"
        )
    return None


def front_matter_problems(source: str, path: str) -> list[str]:
    """Front matter as MkDocs reads it (mkdocs.utils.meta), with the YAML's own error and line; the keys it needs."""
    if not FRONT_MATTER_START.match(source):
        return [f"{path}:1: the page has no front matter; start it with lines ---, title: …, description: …, ---"]
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
    lines = block.group(1).split("\n")

    def line_of(key: str) -> int:
        return next((n + 2 for n, text in enumerate(lines) if re.match(rf"{key}\s*:", text)), 1)

    problems = [
        f"{path}:{line_of(key)}: front matter has no `{key}:` (or an empty one); add {key}: and {why}"
        for key, why in REQUIRED.items()
        if not isinstance(data.get(key), str) or not data[key].strip()
    ]
    minutes = data.get("talk_minutes")
    if "talk_minutes" in data and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0):
        problems.append(
            f"{path}:{line_of('talk_minutes')}: talk_minutes: {minutes!r} is not a whole number of minutes; "
            "write digits, e.g. `talk_minutes: 60` (the presenter's countdown)"
        )
    return problems


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


def supplement_problems(source: str, path: str) -> list[str]:
    """Supplements without a dated title, and dated titles without the class `supplement`."""
    problems = []
    in_quiz = False
    lines = blank_code_fences(source).split("\n")
    for number, line in enumerate(lines, start=1):
        for tag in QUIZ_TAG.findall(line):
            in_quiz = tag == "<quiz>"
        admonition = ADMONITION.match(line)
        if not admonition:
            continue
        where, title = f"{path}:{number}", admonition["title"]
        indent = len(line) - len(line.lstrip())
        body = next((text for text in lines[number:] if text.strip()), "")
        if len(body) - len(body.lstrip()) < indent + 4:
            problems.append(
                f"{where}: the admonition has no body: Material draws an empty box and the text after it "
                "as ordinary text; indent its text by 4 spaces, after a blank line"
            )
        if "supplement" not in admonition["classes"].split():
            if title and "の補足" in title:
                problems.append(
                    f"{where}: {title!r} is dated like a supplement but lacks the class `supplement` "
                    f"(the presenter view shows supplements as notes): write {SUPPLEMENT_FORM}"
                )
            continue
        if not title or not title.strip():
            problems.append(
                f"{where}: the supplement has no title, so Material heads it with an English 「Note」: "
                f"write {SUPPLEMENT_FORM}"
            )
            continue
        date = SUPPLEMENT_TITLE.match(title) or (QUIZ_EXPLANATION_TITLE.match(title) if in_quiz else None)
        if date is None:
            form = "「YYYY年M月D日の補足：…」 (the day it was written, then what it is about)"
            if in_quiz:
                form += " or, for a quiz's explanation, 「解説（YYYY年M月D日の補足）」"
            problems.append(f"{where}: the supplement's title {title!r} is not {form}: write {SUPPLEMENT_FORM}")
            continue
        try:
            datetime.date(int(date["year"]), int(date["month"]), int(date["day"]))
        except ValueError:
            problems.append(f"{where}: the supplement's title {title!r} has no such date")
    return problems


def slide_mark_spelling_problems(source: str, path: str) -> list[str]:
    """Comments meant as slide marks that presentation mode would not read as one."""
    return [
        f"{path}:{number}: {match.group()!r} is no slide mark; write `<!-- slide -->` (lower case, one word)"
        for number, line in enumerate(blank_code_fences(source).split("\n"), start=1)
        for match in NEAR_SLIDE_MARK.finditer(INLINE_CODE.sub(lambda m: " " * len(m[0]), line))
        if match["word"] != "slide"
    ]


def size_problem(data: bytes, path: str) -> str | None:
    if len(data) <= PAGE_LIMIT:
        return None
    return (
        f"{path}:1: the page is {len(data) / 1e6:.1f} MB of Markdown, more than the {PAGE_LIMIT // 1000} KB a page "
        "may have: its text would push the search index past what the service worker keeps offline; "
        "split it into pages, or move data out of it"
    )


@order.run_at("source_check.on_files")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    urls = {file.url for file in files}
    problems: list[str] = []
    for file in files.documentation_pages():
        data = file.content_bytes
        if undecodable := decoding_problem(data, file.src_uri):
            problems.append(undecodable)
            continue
        source = file.content_string
        problems += front_matter_problems(source, file.src_uri)
        problems += fence_problems(source, file.src_uri)
        problems += supplement_problems(source, file.src_uri)
        problems += slide_mark_spelling_problems(source, file.src_uri)
        problems += [too_large] if (too_large := size_problem(data, file.src_uri)) else []
        problems += image_problems(source, file, urls)
    if problems:
        raise PluginError("\n".join(problems))
    return files


# What the nav and the rendered pages showed, reported for all pages at once in on_env.
_late_problems: list[str] = []


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """`talk_minutes:` counts only on a deck's first page (slides.py: a deck is a top-level nav section)."""
    problems: list[str] = []
    for item in nav.items:
        pages = _pages_of(item)
        for page in pages[1:]:
            front = YAML_RE.match(page.file.content_string)
            lines = front.group(1).split("\n") if front else []
            line = next((n + 2 for n, text in enumerate(lines) if re.match(r"talk_minutes\s*:", text)), None)
            if line is not None:
                problems.append(
                    f"{page.file.src_uri}:{line}: talk_minutes: is read only from the first page of a deck "
                    f"({pages[0].file.src_uri} for {item.title}); move it there"
                )
    _late_problems.extend(problems)  # with the rendered pages' problems, in on_env
    return nav


def _pages_of(item: StructureItem) -> list[Page]:
    if isinstance(item, Section):
        return [page for child in item.children for page in _pages_of(child)]
    return [item] if isinstance(item, Page) else []


def on_pre_build(*, config: MkDocsConfig) -> None:
    _late_problems.clear()  # `mkdocs serve` keeps this module loaded between builds


@order.run_at("source_check.on_page_markdown")
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Each `<!-- slide -->` outside code, tagged with its line in the page's file (on_page_content removes the tag)."""
    source = page.file.content_string
    if not source.endswith(markdown):
        return markdown  # nothing has changed the page before this hook; if something did, lines are unknown
    first = source[: len(source) - len(markdown)].count("\n") + 1  # the file's line of the Markdown's first line
    lines = markdown.split("\n")
    for index, masked in enumerate(blank_code_fences(markdown).split("\n")):
        masked = INLINE_CODE.sub(lambda m: " " * len(m[0]), masked)
        for match in reversed(list(SLIDE_MARK.finditer(masked))):
            line = lines[index]
            lines[index] = f"{line[: match.start()]}<!-- slide L{first + index} -->{line[match.end() :]}"
    return "\n".join(lines)


class Element(NamedTuple):
    tag: str
    classes: list[str]


class _Rendered(HTMLParser):
    """What a rendered page's HTML holds that its author may have got wrong, outside declarative shadow roots
    (each drawing has its own ids there)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[Element] = []
        self.template = 0  # depth inside <template> elements
        self.marks: list[tuple[int, Element | None]] = []  # each tagged slide mark's line, and its top-level container
        self.marks_as_text: list[int] = []
        self.ids: list[tuple[str, str]] = []  # (id, tag)
        self.links: list[str] = []  # href and src values

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.template == 0:
            for name, value in attrs:
                if name == "id" and value:
                    self.ids.append((value, tag))
                elif name in ("href", "src", "xlink:href") and value:
                    self.links.append(value)
        self.template += tag == "template"
        if tag not in VOID:
            classes = next((value or "" for name, value in attrs if name == "class"), "").split()
            self.stack.append(Element(tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.stack):
            while self.stack and self.stack.pop().tag != tag:
                pass
            self.template -= tag == "template" and self.template > 0

    def handle_comment(self, data: str) -> None:
        if (tagged := TAGGED_MARK.fullmatch(f"<!--{data}-->")) and self.template == 0:
            self.marks.append((int(tagged.group(1)), self.stack[0] if self.stack else None))

    def handle_data(self, data: str) -> None:
        self.marks_as_text += [int(m.group(1)) for m in TAGGED_MARK.finditer(data)]


def container(element: Element) -> str:
    """What an author calls the block a slide mark is in."""
    if element.tag in ("ul", "ol"):
        return "a list item"
    if "admonition" in element.classes or element.tag == "details":
        return "an admonition"
    if "quiz" in element.classes:
        return "a quiz"
    if element.tag == "p":
        return "a paragraph (put a blank line before and after it)"
    return f"a <{element.tag}> block"


def rendered_problems(html: str, source: str, path: str) -> list[str]:
    """Misplaced slide marks, ids used twice, links with an unsafe scheme, in the rendered page."""
    page = _Rendered()
    page.feed(html)
    page.close()
    problems = [
        f"{path}:{line}: `<!-- slide -->` inside {container(element)}: presentation mode only splits at a mark "
        "on a line of its own between blocks; move it out of the block, or split the block in two"
        for line, element in page.marks
        if element is not None
    ]
    problems += [
        f"{path}:{line}: `<!-- slide -->` is indented, so Markdown shows it as code: start it at the line's beginning"
        for line in page.marks_as_text
    ]
    problems += id_problems(page.ids, source, path)
    problems += link_problems(page.links, source, path)
    return problems


def id_problems(ids: list[tuple[str, str]], source: str, path: str) -> list[str]:
    problems = []
    seen: dict[str, str] = {}
    for value, tag in ids:
        if value not in seen:
            seen[value] = tag
            continue
        written = re.compile(rf"\{{[^}}\n]*#{re.escape(value)}(?=[\s}}])|\bid\s*=\s*[\"']{re.escape(value)}[\"']")
        lines = [n for n, line in enumerate(source.split("\n"), start=1) if written.search(line)]
        first, second = (lines[0], lines[1]) if len(lines) > 1 else (None, lines[0] if lines else 1)
        also = f"the <{seen[value]}> at line {first}" if first else f"a <{seen[value]}> of the page"
        problems.append(
            f"{path}:{second}: the id {value!r} is also that of {also}; links, the table of contents and "
            "presentation mode's slides go by ids, so each must be used once: change one `{#...}`"
        )
    return problems


def link_problems(links: list[str], source: str, path: str) -> list[str]:
    problems = []
    lines = source.split("\n")
    for value in links:
        address = re.sub(r"[\x00-\x20]", "", value).lower()
        scheme = next((name for name in UNSAFE_SCHEMES if address.startswith(f"{name}:")), None)
        if scheme is None:
            continue
        line = next(
            (n for n, text in enumerate(lines, start=1) if value in text),
            next((n for n, text in enumerate(lines, start=1) if f"{scheme}:" in text.lower()), 1),
        )
        problems.append(
            f"{path}:{line}: a {scheme}: link ({value[:60]!r}) {UNSAFE_SCHEMES[scheme]}; "
            "link to an https:// page or to a page of this site instead"
        )
    return problems


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.abs_src_path is not None and not page.meta.get("handout"):  # a page an author wrote
        _late_problems.extend(rendered_problems(html, page.file.content_string, page.file.src_uri))
    html = TAGGED_MARK.sub("<!-- slide -->", html)
    return TAGGED_MARK_AS_TEXT.sub("&lt;!-- slide --&gt;", html)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    if _late_problems:
        raise PluginError("\n".join(_late_problems))
    return env
