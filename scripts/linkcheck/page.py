"""What a fetched HTML page says: its charset, title, anchors, meta refresh and notice (no I/O)."""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterator, Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Charset labels whose Python codec is narrower than what browsers decode.
CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-jp": "euc_jis_2004",
}
# content="0; url=/new" (quotes and "url=" optional); a bare delay reloads the page itself.
META_REFRESH = re.compile(r"""^\s*\d*\.?\d*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s][^"']*)""", re.IGNORECASE)

# A notice is looked for in the first NOTICE_WINDOW characters of text of the page's
# <main> (or role=main), and of its <body>: AWS puts its banners above the page's title.
NOTICE_WINDOW = 4000
NOTICE_LENGTH = 300  # a notice longer than this is cut, with "…"
MAIN_SELECTOR = "main, [role=main]"
# Elements whose text is no part of the page's content.
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "footer", "svg", "button", "select"})
# Elements that start a block of text of their own; custom elements (awsdocs-...) too.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


def charset_of(content_type: str, head: bytes) -> str:
    """The Python codec for a page: the header's charset, else <meta>, else UTF-8."""
    label = ""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        label = match.group(1)
    else:
        meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", head[:4096], re.IGNORECASE)
        if meta:
            label = meta.group(1).decode("ascii", "replace")
    label = label.lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name if label else "utf-8"
    except LookupError:
        return "utf-8"


def page_anchors(tree: LexborHTMLParser) -> frozenset[str]:
    """Every id, and every <a name>, of a parsed page."""
    anchors = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    anchors |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    anchors.discard("")
    return frozenset(anchors)


def page_title(tree: LexborHTMLParser) -> str | None:
    # tags(), not css_first(): the same first <title>, without compiling a selector.
    nodes = tree.tags("title")
    return " ".join(nodes[0].text().split()) if nodes else None


def meta_refresh_target(tree: LexborHTMLParser) -> str | None:
    """Where a <meta http-equiv="refresh"> sends the reader (None: it only reloads, or none)."""
    for node in tree.tags("meta"):  # tags(), not css(): no selector to compile per page
        if (node.attributes.get("http-equiv") or "").strip().lower() == "refresh":
            match = META_REFRESH.match(node.attributes.get("content") or "")
            return match.group(1).strip() if match else None
    return None


def text_blocks(node: LexborNode) -> Iterator[str]:
    """The text of NODE block by block, in reading order, whitespace collapsed.

    Inline elements (<b>, <a>, <span>) stay within their block, so a banner
    "<p><b>End of support notice:</b> On ...</p>" is one block."""
    pending: list[str] = []

    def flush() -> Iterator[str]:
        text = " ".join("".join(pending).split())
        pending.clear()
        if text:
            yield text

    child = node.child
    while child is not None:
        tag = child.tag or ""
        if tag == "-text":
            pending.append(child.text_content or "")
        elif tag in SKIPPED_TAGS or tag.startswith("-"):
            pass
        elif tag in BLOCK_TAGS or "-" in tag:
            yield from flush()
            yield from text_blocks(child)
        else:
            pending.append(child.text(deep=True, separator=""))
        child = child.next
    yield from flush()


@functools.lru_cache(maxsize=8)
def compiled(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(pattern) for pattern in patterns]


def page_notice(tree: LexborHTMLParser, patterns: Sequence[str]) -> str | None:
    """The availability or end-of-support notice near the top of the page's content, trimmed; or None.

    A block of text is a notice when a pattern matches in it: "Amazon Forecast is no
    longer available to new customers." A page that only speaks of new customers
    further down (a pricing page's free tier) has none."""
    bodies = tree.tags("body")  # tags(), not .body: a twentieth of the cost
    if not patterns or not bodies:
        return None
    body = bodies[0]
    regexes = compiled(tuple(patterns))
    # Most pages have none: one search over the whole text rules them out before any walk.
    text = " ".join(body.text(separator=" ").split())
    if not any(regex.search(text) for regex in regexes):
        return None
    main = tree.css_first(MAIN_SELECTOR)
    for root in (body,) if main is None else (main, body):
        seen = 0
        for block in text_blocks(root):
            if any(regex.search(block) for regex in regexes):
                return block if len(block) <= NOTICE_LENGTH else block[: NOTICE_LENGTH - 1].rstrip() + "…"
            seen += len(block)
            if seen >= NOTICE_WINDOW:
                break
    return None
