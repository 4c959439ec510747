"""Put the handout (/print/, drawn by mkdocs-print-site-plugin) in the nav, after the organiser's guide.

mkdocs.yml cannot name the page in `nav:` (it is not a Markdown file, and strict
mode rejects the unknown path), and the plugin's own `add_to_navigation` would
add it at the top level, as a page that instant navigation loads without the
plugin's start-up script. A plain link avoids both: the browser loads the page.

The plugin's stylesheets and script serve /print/ alone, yet it adds them to
every page, where the stylesheets block the first paint. With `include_css:
false` in mkdocs.yml, this hook takes the script off the other pages;
overrides/main.html links the script and the two stylesheets on the page marked
`handout` in its meta, and after the build this hook puts the stylesheets' text
in place of their links (2 KB: two fewer requests before the first paint).

The handout is made in one pass. The plugin keeps a copy of each page's HTML
at the point where it runs (on_page_content, at 0); this hook replaces that
copy with the page as every other hook left it (lib/order.py: it runs last),
its links to files (the quiz script and stylesheet) pointed from /print/ in
place of the page's own folder. After the build, it reads /print/ once, makes
every change below in one parse, keeps one of each such link (the stylesheets
in <head>), and minifies the page as overrides/hooks/minify.py does the others.

The plugin's script fills the handout's table of contents as the page loads,
with a copy of the first list in Material's table-of-contents sidebar. But
mkdocs-quiz moves its progress box to the top of that sidebar, in the next
animation frame: whichever runs first wins, and in about one load in three the
handout's 目次 was a copy of the progress box. This hook writes the table of
contents into the page at build time instead, from Material's list, and takes
the script's call out: it is there without JavaScript, in print, every time.
Likewise it leaves out the organiser's section (its pages are excluded, so it
would be an empty heading), numbers the quizzes (問1, 問2, ... through the
session, in place of the number a question gives itself on its page) and adds
their answers, with each explanation, in a key at the end under the same numbers.

The plugin prints each link's address after it (`add_full_urls`) with a CSS
rule on a[href^="http"]. Once Material's script runs, instant navigation has
made every href absolute, so every heading's ¶ would grow the page's own
address and push the text down as the page loads. After the build, this hook
marks the links within the site `data-handout-internal`, and handout.css
keeps their address off, from the first paint.
"""

from __future__ import annotations

import posixpath
import re
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

import htmlmin
import mkdocs_print_site_plugin
import rcssmin
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Link, Section
from mkdocs.utils import get_relative_url
from selectolax.lexbor import LexborHTMLParser, LexborNode

from lib import order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

GUIDE = "guide/presenting.md"
TITLE = "配布資料（印刷用）"
SESSION_NUMBER = re.compile(r"^第\d+回")  # a session's nav section: 「第1回 …」, 「第2回 …」


def description(site_name: str, nav: Navigation) -> str:
    """The handout's own description: one handout for every session, each a chapter of it."""
    numbers = [m.group() for item in nav.items if item.is_section and (m := SESSION_NUMBER.match(item.title or ""))]
    sessions = f"（{'・'.join(numbers)}）" if numbers else ""
    return f"{site_name}{sessions}の全ページを回ごとの章にまとめた、印刷・PDF用の配布資料です。"


PLUGIN_DIR = Path(mkdocs_print_site_plugin.__file__).parent
PLUGIN_CSS = (
    "css/print-site.css",
    "css/print-site-material.css",
)  # as overrides/main.html links them, from the site root
PLUGIN_JS = "js/print-site.js"


def _plugin(config: MkDocsConfig):  # type: ignore[no-untyped-def]
    plugin = config.plugins.get("print-site")
    if plugin is None:
        raise PluginError("mkdocs.yml: overrides/hooks/handout.py needs the print-site plugin")
    return plugin


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks run after the plugins, so the plugin has added its script by now.
    if _plugin(config).config["include_css"]:
        raise PluginError("mkdocs.yml: print-site needs `include_css: false` (overrides/hooks/handout.py adds its CSS)")
    config.extra_javascript = [script for script in config.extra_javascript if str(script) != PLUGIN_JS]
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    plugin = _plugin(config)
    plugin.print_page.meta["handout"] = True  # overrides/main.html adds the plugin's CSS and JS
    plugin.print_page.meta["description"] = description(config.site_name, nav)  # its own, not the site-wide one
    # The plugin's script hides the navigation once the page is parsed, which moved the text on a wide
    # screen: Material leaves it out from the first paint.
    plugin.print_page.meta["hide"] = ["navigation"]
    for page in nav.pages:
        if page.file.src_uri == GUIDE:
            break
    else:
        raise PluginError(f"mkdocs.yml: nav has no {GUIDE}, after which the handout link goes")
    section = page.parent
    if not isinstance(section, Section):
        raise PluginError(f"mkdocs.yml: {GUIDE} must sit in a nav section (主催者向け)")
    link = Link(TITLE, plugin.print_file.url)  # "print/", relative to the site root
    link.parent = section
    section.children.insert(section.children.index(page) + 1, link)
    return nav


# A <link href> or <script src> that points into the site, relative to the page it is on.
FILE_LINK = re.compile(r'(?P<before><(?:link|script)\s[^>]*?\b(?:href|src)=")(?P<url>(?![a-z][a-z0-9+.-]*:|/|#)[^"]+)')
# The plugin's script's call that would fill the table of contents as the page loads.
TOC_SCRIPT_CALL = "generate_toc();"
# An <a> whose href (as built: relative, or #anchor) does not leave the site.
INTERNAL_LINK = re.compile(r"""<a(?=\s)(?=[^>]*\shref=["'](?![a-z][a-z0-9+.-]*:|//))""")


@order.run_at("handout.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    plugin = _plugin(config)
    if page is not plugin.print_page:
        # The plugin copied the page at 0 (its `page.html`); the handout takes it as it is now.
        page.html = rebased(html, page.url, plugin.print_file.url)  # type: ignore[attr-defined]
    return html


def rebased(html: str, page_url: str, handout_url: str) -> str:
    """HTML from the page at PAGE_URL, its links to files pointed from HANDOUT_URL instead."""

    def point(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(page_url, match["url"]))
        return match["before"] + get_relative_url(target, handout_url)

    return FILE_LINK.sub(point, html)


def on_post_build(*, config: MkDocsConfig) -> None:
    # Hooks run after the plugins: the plugin has written /print/ by now. This is
    # the one place that rewrites it.
    path = Path(_plugin(config).print_file.abs_dest_path)
    html = path.read_text(encoding="utf-8")
    for css in PLUGIN_CSS:
        link = f'<link rel="stylesheet" href="../{css}">'
        if link not in html:
            raise PluginError(f"overrides/hooks/handout.py: /print/ does not link {css} (overrides/main.html)")
        html = html.replace(link, f"<style>{rcssmin.cssmin((PLUGIN_DIR / css).read_text(encoding='utf-8'))}</style>")
    html = INTERNAL_LINK.sub("<a data-handout-internal", prepared(html))
    path.write_text(htmlmin.minify(html), encoding="utf-8")  # as minify.py does every other page


def prepared(html: str) -> str:
    """The handout as a reader gets it, written at build time: its table of contents filled in;
    sections whose pages are all excluded (主催者向け) gone, with their entries; each quiz numbered,
    and the answers, with each quiz's explanation, in a key at the end; no header buttons for the
    search and navigation that the plugin's script hides."""
    if html.count(TOC_SCRIPT_CALL) != 1:
        raise PluginError(
            "overrides/hooks/handout.py: /print/ has no call to the plugin's generate_toc() (print-site changed?)"
        )
    tree = LexborHTMLParser(html.replace(TOC_SCRIPT_CALL, ""))
    handout = tree.css_first("#print-site-page")
    toc = tree.css_first(".md-sidebar--secondary nav.md-nav--secondary > ul")
    title = tree.css_first("#print-page-toc nav h1")
    if handout is None or toc is None or title is None:
        raise PluginError(
            "overrides/hooks/handout.py: /print/ has no table of contents to fill (print-site or Material changed?)"
        )
    copy = fragment(toc.html or "")
    del copy.attrs["data-md-component"]  # as the script did: Material's script leaves the copy alone
    title.insert_after(copy)
    for section in handout.css("section.md-section"):
        # (Lexbor's css() matches the section itself too.)
        if all(page.mem_id == section.mem_id for page in section.css("section.print-page")):
            for link in tree.css(f'a[href$="#{section.id}"]'):
                item = link.parent
                while item is not None and item.tag != "li":
                    item = item.parent
                if item is not None:
                    item.decompose()
            section.decompose()
    _number_quizzes(handout)
    # Lexbor drops a <template>'s content when it moves the node to another place: each drawing the
    # next step moves (a diagram right after its heading) is put back into the HTML by its key.
    drawings = {
        node.attributes.get("data-diagram") or "": template.html or ""
        for node in handout.css("div.mermaid[data-diagram]")
        if (template := node.css_first("template")) is not None
    }
    _keep_headings_with_what_follows(handout)
    _one_of_each_file_link(tree, handout)
    # The plugin's script hides the search and the navigation: their header buttons would open nothing
    # (and, on a phone, lock the page's scrolling until tapped again).
    for button in tree.css('.md-header label[for="__search"], .md-header label[for="__drawer"]'):
        button.decompose()
    return EMPTY_DRAWING.sub(lambda m: m[1] + drawings.get(m[2], m[3]), tree.html or "")


def _one_of_each_file_link(tree: LexborHTMLParser, handout: LexborNode) -> None:
    """Each page brought its links to the files it needs (the quiz script and stylesheet): one of
    each stays, a stylesheet in <head>, after the page's own, as on the pages."""
    head = tree.head
    if head is None:
        raise PluginError("overrides/hooks/handout.py: /print/ has no <head>")
    seen = {node.attributes.get("href") or node.attributes.get("src") for node in head.css("link, script")}
    for node in handout.css('link[rel="stylesheet"][href], script[src]'):
        url = node.attributes.get("href") or node.attributes.get("src")
        if url in seen:
            node.decompose()
            continue
        seen.add(url)
        if node.tag == "link":
            head.insert_child(fragment_head(node.html or ""))
            node.decompose()


def fragment_head(html: str) -> LexborNode:
    """A <head> element to insert, from its HTML."""
    return _only_child(LexborHTMLParser(html).head, html)


# A question's own number (「**問2** ……」), which counts from 1 on each page of the site.
OWN_NUMBER = re.compile(r"問(\d+)")
SESSION_OF_CHAPTER = re.compile(r"^第\d+回")


def _own_number(quiz: LexborNode) -> int | None:
    """The number a question gives itself on its page (「**問2** …」), taken off the question: the
    handout shows it as a label, as it shows the number of a question without one."""
    first = quiz.css_first(".quiz-question > p > strong:first-child")
    if first is None or first.parent is None:
        return None
    own = OWN_NUMBER.fullmatch(first.text(strip=True))
    if own is None or not first.parent.text(strip=True).startswith(first.text(strip=True)):
        return None
    first.decompose()
    return int(own[1])


def _heading_text(heading: LexborNode | None) -> str:
    if heading is None:
        return ""
    return re.sub(r"\s*¶$", "", heading.text(strip=True))


def _page_of(quiz: LexborNode) -> LexborNode | None:
    """The handout section of the site page the quiz is on (the innermost section.print-page)."""
    node = quiz.parent
    while node is not None and not (node.tag == "section" and "print-page" in (node.attributes.get("class") or "")):
        node = node.parent
    return node


def _page_title(page: LexborNode) -> str:
    """「第1回　2. SageMakerおさらい」: the page's H1, after its session's number when it is in one."""
    title = _heading_text(page.css_first("h1"))
    chapter = page.parent
    while chapter is not None and "md-section" not in (chapter.attributes.get("class") or ""):
        chapter = chapter.parent
    session = SESSION_OF_CHAPTER.match(_heading_text(chapter.css_first("h1"))) if chapter is not None else None
    return f"{session[0]}　{title}" if session else title


def _number_quizzes(handout: LexborNode) -> None:
    """Number each quiz as on its web page (問1, 問2, … from 1 on each page: its own number, or its
    place on the page), and put the answers, with each explanation, in a key at the end, under the
    name of each quiz page."""
    pages: dict[int, tuple[str, list[str]]] = {}
    for quiz in handout.css(".quiz"):
        page = _page_of(quiz)
        if page is None:
            raise PluginError("overrides/hooks/handout.py: a quiz on /print/ outside any page (print-site changed?)")
        items = pages.setdefault(page.mem_id, (_page_title(page), []))[1]
        number = _own_number(quiz) or len(items) + 1
        labels = {label.attributes.get("for"): label.inner_html or "" for label in quiz.css("label[for]")}
        correct = [labels.get(answer.id, "") for answer in quiz.css('input[data-correct="true"]')]
        explanation = quiz.css_first("section.content")
        items.append(
            f"<li><p><strong>問{number}</strong>：{'、'.join(correct)}</p>"
            f"{explanation.inner_html if explanation else ''}</li>"
        )
        label = fragment(f'<p class="handout-quiz-number">問{number}</p>')
        if quiz.first_child is not None:
            quiz.first_child.insert_before(label)
        else:
            quiz.insert_child(label)
    if pages:
        key = "".join(
            f'<h2 class="handout-key-page">{html_escape(title)}</h2><ol>{"".join(items)}</ol>'
            for title, items in pages.values()
        )
        handout.insert_child(
            fragment(
                '<section class="print-page handout-answer-key" id="handout-answer-key">'
                f'<h1 id="handout-answer-key-title">クイズの解答</h1>{key}</section>'
            )
        )


# What a printed sheet leaves out, between a heading and what it introduces (handout.css, presentation.css).
UNPRINTED = ("quiz-intro", "quiz-progress-mobile", "quiz-results", "screen-only")
INTRO_LINE = 60  # characters: a paragraph this short after a heading leads into the block after it


# A diagram whose drawing lost its content: (its opening tag, its key, the empty template).
EMPTY_DRAWING = re.compile(r'(<div [^>]*data-diagram="(\w+)"[^>]*>)(<template shadowrootmode="open"></template>)')


def _keep_headings_with_what_follows(handout: LexborNode) -> None:
    """Each H2 and H3 goes in one unbreakable block with the first printed block after it, and a one-line
    lead with the block after that (handout.css):
    `break-after: avoid` alone lost to a quiz's `break-inside: avoid`, and left 理解度チェック alone at
    the foot of a sheet."""
    for heading in handout.css("section.print-page h2, section.print-page h3"):
        kept = [heading]
        node = heading.next
        while node is not None:
            classes = (node.attributes.get("class") or "").split() if node.tag != "-text" else []
            if node.tag == "-comment" or (node.tag == "-text" and not (node.text_content or "").strip()):
                node = node.next
                continue
            kept.append(node)
            printed = node.tag in ("section", "-text") or not any(c in UNPRINTED for c in classes)
            # A one-line lead (「このページの内容から出題しています。」) stays with what it leads to.
            on_paper = len(node.text(strip=True)) - sum(len(n.text(strip=True)) for n in node.css(".screen-only"))
            lead = node.tag == "p" and on_paper < INTRO_LINE
            if printed and not lead:
                break
            node = node.next
        last = kept[-1]
        if len(kept) < 2 or last.tag == "section" or last.tag == "-text":
            continue
        block = fragment(f'<div class="handout-keep">{"".join(n.html or "" for n in kept)}</div>')
        heading.insert_before(block)
        for n in kept:
            n.decompose()


def fragment(html: str) -> LexborNode:
    """An element to insert, from its HTML."""
    return _only_child(LexborHTMLParser(html).body, html)


def _only_child(parent: LexborNode | None, html: str) -> LexborNode:
    if parent is None or parent.child is None:
        raise PluginError(f"overrides/hooks/handout.py: no element in {html[:80]!r}")
    return parent.child
