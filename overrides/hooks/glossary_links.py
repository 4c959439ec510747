"""Each glossary term's first use on a page links to its entry, so that no author has to.

The terms are docs/glossary.md's H3 headings, each with an explicit id
(`### AWS SSO / IAM Identity Center {#iam-identity-center}`: 「A / B」 names two
spellings of one entry, and the first use of either is linked). On every other
page the first use of each entry in the text becomes a link to it. A use inside a
longer term belongs to the longer one (IAM in IAMロール), and a Latin term must
stand apart from other Latin letters (API is not linked inside "APIs").

Passed over, as a reader would expect: headings, links (a use inside a link to the
entry counts as linked), code, admonition titles and <summary>, diagrams, and the
quizzes (at this point still mkdocs-quiz's placeholders). The handout takes the
pages as they come out of here, links included.

A glossary heading without an id fails the build with its line: the id is the
link's target and must not change when the heading's wording does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from lib import order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

GLOSSARY = "glossary.md"
ENTRY = re.compile(r"^###\s+(?P<terms>.+?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$")
SKIP_TAGS = {"a", "code", "pre", "script", "style", "summary", "template", "svg", "h1", "h2", "h3", "h4", "h5", "h6"}
SKIP_CLASSES = {"mermaid", "admonition-title", "headerlink", "md-source-file", "quiz"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

_terms: dict[str, str] = {}  # spelling -> entry id, from docs/glossary.md
_pattern: re.Pattern[str] | None = None


class Text(NamedTuple):
    start: int  # offset of the text in the page's HTML
    text: str
    link: str  # the href of the link the text is in, or ""


def glossary_entries(markdown: str, where: str) -> dict[str, str]:
    """Each spelling of each entry in the glossary's Markdown, with the entry's id."""
    terms: dict[str, str] = {}
    for number, line in enumerate(markdown.splitlines(), 1):
        match = ENTRY.match(line)
        if not match:
            continue
        anchor = re.search(r"#([\w-]+)", match["attrs"] or "")
        if anchor is None:
            raise PluginError(
                f"{where}:{number}: the glossary entry {match['terms']!r} has no id: "
                f"write it as `### {match['terms']} {{#an-id}}` (pages link to the id)"
            )
        for term in match["terms"].split(" / "):
            terms[term.strip()] = anchor[1]
    return terms


def term_pattern(terms: dict[str, str]) -> re.Pattern[str]:
    """Longest spelling first; a spelling that starts or ends with a Latin letter or digit stands apart."""
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        before = r"(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", term) else ""
        after = r"(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", term) else ""
        parts.append(before + re.escape(term) + after)
    return re.compile("|".join(parts))


class _TextFinder(HTMLParser):
    """The page's text nodes that a link may go into, with their offsets in the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipped, href of the link it is)
        self.texts: list[Text] = []

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skipped = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or any(c.startswith("quiz") for c in classes)
        href = (attributes.get("href") or "") if tag == "a" else ""
        self.stack.append((tag, skipped, href))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        links = [href for _, _, href in self.stack if href]
        if any(skipped for _, skipped, _ in self.stack):
            if links:  # a use inside a link still counts, as linked to that link's target
                self.texts.append(Text(self.position(), data, links[-1]))
            return
        self.texts.append(Text(self.position(), data, ""))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _pattern
    _terms.clear()
    _pattern = None
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _pattern
    glossary = files.get_file_from_path(GLOSSARY)
    if glossary is not None:
        _terms.update(glossary_entries(glossary.content_string, f"docs/{GLOSSARY}"))
        _pattern = term_pattern(_terms) if _terms else None
    return files


@order.run_at("glossary_links.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _pattern is None or page.file.src_uri == GLOSSARY or (page.meta or {}).get("handout"):
        return html
    glossary_url = get_relative_url(files.get_file_from_path(GLOSSARY).url, page.url)  # type: ignore[union-attr]
    finder = _TextFinder(html)
    finder.feed(html)
    finder.close()
    done: set[str] = set()  # entries whose first use has been seen
    links: list[tuple[int, int, str]] = []
    for piece in finder.texts:
        for match in _pattern.finditer(piece.text):
            entry = _terms[match[0]]
            if entry in done:
                continue
            if piece.link:  # inside a link: fine if it is the entry's, else the next use gets the link
                if piece.link.endswith(f"#{entry}") and "glossary" in piece.link:
                    done.add(entry)
                continue
            done.add(entry)
            links.append((piece.start + match.start(), piece.start + match.end(), entry))
    for start, end, entry in reversed(links):
        html = f'{html[:start]}<a href="{glossary_url}#{entry}">{html[start:end]}</a>{html[end:]}'
    return html
