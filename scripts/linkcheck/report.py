"""The reports: text, JSON, Markdown and GitHub annotations.

Every string that comes from the web (a title, a Location, a notice, a reason
quoting one) is escaped for the format it goes into:

- Markdown (filed as a GitHub issue): inside a code span, so no HTML, link,
  emphasis, autolink or @mention survives; | escaped for the table, no control bytes.
  Only the link's own URL, which the organiser wrote in docs/, is an autolink.
- text and annotations: control bytes (C0, DEL, C1, bidirectional overrides) shown
  as \\xNN / \\uNNNN, so none reaches a terminal or the workflow log.
- JSON: json's own escaping.
"""

from __future__ import annotations

import json
import re
import sys

from linkcheck.judge import split_fragment
from linkcheck.model import PageRef, Result, Verdict

ORDER = [Verdict.BROKEN, Verdict.UNVERIFIED, Verdict.REDIRECTED, Verdict.EXCLUDED, Verdict.OK]
NOTICES = "お知らせ"  # the heading the links workflow looks for (.github/workflows/links.yml)
NOTICES_INTRO = (
    "AWS pages that announce a change (closed to new customers, end of support): check what the site says about them."
)
AUTOLINKABLE = re.compile(r"https?://[^\s<>`|\\\x00-\x1f\x7f-\x9f]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """TEXT with every control character written out (\\x1b), safe for a terminal or a log."""
    return CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def code(text: str) -> str:
    """TEXT as a Markdown code span for a table cell: nothing in it is markup."""
    text = plain(text).replace("|", "\\|")
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"  # the spaces keep a leading or trailing ` apart; Markdown drops them


def link(url: str) -> str:
    """A link's own URL (written in docs/, not from the web) as an autolink, or a code span if it could not be one."""
    return f"<{url}>" if AUTOLINKABLE.fullmatch(url) else code(url)


def summary(results: list[Result]) -> dict[str, int]:
    counts = {verdict.value: 0 for verdict in Verdict}
    for result in results:
        counts[result.verdict.value] += 1
    return {"total": len(results), **counts, "notices": sum(1 for r in results if r.notice)}


def where(ref: PageRef) -> str:
    if ref.file:
        return f"{ref.file}:{ref.line}" if ref.line else ref.file
    return ref.page


def moved_to(result: Result) -> str | None:
    """Where a doubtful link ended, if elsewhere (from the web: a Location)."""
    shown = result.final_url and result.final_url != split_fragment(result.url)[0]
    return result.final_url if shown and result.verdict is not Verdict.OK else None


def detail(result: Result) -> str:
    """The reason and where the link ended, unescaped: each format escapes it."""
    parts = [result.reason or (f"HTTP {result.status}" if result.status else "")]
    if (final := moved_to(result)) is not None:
        parts.append(f"→ {final}")
    return " ".join(p for p in parts if p)


def report_json(results: list[Result]) -> str:
    """One link a line: readable, and written by json's C encoder (indent= would force Python's)."""
    lines = []
    for result in results:
        # vars(), not asdict(): the fields are flat, and asdict deep-copies each one.
        item = {
            **vars(result),
            "verdict": result.verdict.value,
            "pages": [{k: v for k, v in vars(ref).items() if v is not None} for ref in result.pages],
        }
        lines.append(json.dumps(item, ensure_ascii=False))
    links = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    return f'{{"links": {links},\n"summary": {json.dumps(summary(results))}}}'


def report_markdown(results: list[Result]) -> str:
    """The report as GitHub Markdown: 「お知らせ」 first, then the doubtful links by verdict."""
    counts = summary(results)
    lines = ["# Link check report", ""]
    noticed = [r for r in results if r.notice]
    if noticed:
        lines += [f"## {NOTICES}", "", NOTICES_INTRO, "", "| Page | Cited at | Notice |", "|---|---|---|"]
        for r in noticed:
            cited = "<br>".join(code(where(ref)) for ref in r.pages)
            lines.append(f"| {link(r.url)} | {cited} | {code(r.notice or '')} |")
        lines.append("")
    lines += [" | ".join(f"{k}: {v}" for k, v in counts.items()), ""]
    headings = {
        Verdict.BROKEN: "Broken links (fix these)",
        Verdict.UNVERIFIED: "Unverified links (open them in a browser)",
        Verdict.REDIRECTED: "Redirected links (update to the final URL)",
    }
    for verdict, heading in headings.items():
        rows = [r for r in results if r.verdict is verdict]
        if not rows:
            continue
        lines += [f"## {heading}", "", "| URL | Status | Detail | Pages |", "|---|---|---|---|"]
        for r in rows:
            pages = "<br>".join(code(where(ref)) for ref in r.pages)
            final = moved_to(r)
            cell = code(r.reason or (f"HTTP {r.status}" if r.status else "")) + (f" → {code(final)}" if final else "")
            lines.append(f"| {link(r.url)} | {r.status or ''} | {cell} | {pages} |")
        lines.append("")
    if counts["broken"] == 0:
        lines.append("No broken links.")
    return "\n".join(lines).rstrip() + "\n"


def escape_data(text: str) -> str:
    return plain(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(results: list[Result]) -> str:
    """Workflow commands: an ::error per broken use, a ::warning per doubtful one, a ::notice per notice."""
    levels = {Verdict.BROKEN: "error", Verdict.UNVERIFIED: "warning", Verdict.REDIRECTED: "warning"}
    lines = []
    for result in results:
        for ref in result.pages:
            props = [f"file={escape_property(ref.file)}"] if ref.file else []
            if ref.file and ref.line:
                props.append(f"line={ref.line}")
            where_text = "" if ref.file else f" (on {ref.page})"
            level = levels.get(result.verdict)
            if level is not None:
                title = [f"title={escape_property(f'{result.verdict.value} link')}"]
                message = f"{result.url}: {detail(result)}{where_text}"
                lines.append(f"::{level} {','.join(props + title)}::{escape_data(message)}")
            if result.notice:
                title = [f"title={escape_property(NOTICES)}"]
                message = f"{result.url}: {result.notice}{where_text}"
                lines.append(f"::notice {','.join(props + title)}::{escape_data(message)}")
    counts = summary(results)
    lines.append(" ".join(f"{k}={v}" for k, v in counts.items()))
    return "\n".join(lines) + "\n"


def report_text(results: list[Result], tty: bool) -> str | None:
    """Plain lines off a TTY; on a TTY, print rich tables and return None."""
    shown = sorted((r for r in results if r.verdict is not Verdict.OK), key=lambda r: ORDER.index(r.verdict))
    noticed = [r for r in results if r.notice]
    counts = summary(results)
    footer = ", ".join(f"{v} {k}" for k, v in counts.items())
    if not tty:
        lines = []
        if noticed:
            lines.append(f"{NOTICES}: {NOTICES_INTRO}")
            for r in noticed:
                lines.append(f"  {plain(r.url)}  [{'; '.join(where(p) for p in r.pages)}]")
                lines.append(f"    {plain(r.notice or '')}")
        lines += [
            f"{r.verdict.value.upper():<10}  {plain(r.url)}  {plain(detail(r))}  [{'; '.join(where(p) for p in r.pages)}]"
            for r in shown
        ]
        return "\n".join([*lines, footer]) + "\n"
    print_tables(shown, noticed, footer)
    return None


def print_tables(shown: list[Result], noticed: list[Result], footer: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # Text, not str: rich would read [brackets] from the web as markup

    console = Console()
    if noticed:
        table = Table(title=f"{NOTICES}: {NOTICES_INTRO}")
        for column in ("Page", "Cited at", "Notice"):
            table.add_column(column, overflow="fold")
        for r in noticed:
            table.add_row(Text(plain(r.url)), "\n".join(where(p) for p in r.pages), Text(plain(r.notice or "")))
        console.print(table)
    colours = {Verdict.BROKEN: "red", Verdict.UNVERIFIED: "yellow", Verdict.REDIRECTED: "cyan", Verdict.EXCLUDED: "dim"}
    table = Table(title="External links that need a look", show_lines=False)
    for column in ("Verdict", "URL", "Detail", "Pages"):
        table.add_column(column, overflow="fold")
    for r in shown:
        table.add_row(
            Text(r.verdict.value, style=colours[r.verdict]),
            Text(plain(r.url)),
            Text(plain(detail(r))),
            "\n".join(where(p) for p in r.pages),
        )
    if shown:
        console.print(table)
    console.print(Text(footer))


def render(results: list[Result], report_format: str) -> None:
    if report_format == "json":
        print(report_json(results))
    elif report_format == "markdown":
        print(report_markdown(results), end="")
    elif report_format == "github":
        print(report_github(results), end="")
    else:
        text = report_text(results, sys.stdout.isatty())
        if text is not None:
            print(text, end="")
