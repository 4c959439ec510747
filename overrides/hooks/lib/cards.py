"""The share cards (og:image): which cards the site has, what each shows, its key, where it is kept.

A plain module (see lib/__init__.py) for the two sides of one format:
share_cards.py (a hook) checks that each card is drawn and current and puts
the meta tags into every page; scripts/make_cards.py (`make cards`) draws the
cards in Chromium and writes the index.

A card is docs/assets/cards/NAME.png, 1200x630: one per session (NAME is its
folder, e.g. session-01: the session's title, the series name, the date when
the session's first page sets `date:`) and the series' own (NAME `series`,
for every page outside a session). docs/assets/cards/index.json keeps, for
each NAME, the KEY it was drawn from and what it shows. KEY hashes everything
that shapes the picture (the texts, the template, the font), so a change to
any of them makes the build ask for `make cards`.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.utils.meta import get_data

CARDS = Path("assets") / "cards"  # in docs_dir: published (the pages' og:image)
INDEX = "index.json"  # kept out of the site by exclude_docs in mkdocs.yml
WIDTH, HEIGHT = 1200, 630
FONT = "Noto Sans CJK JP"  # Debian's fonts-noto-cjk, as the diagrams'; nothing is fetched
SERIES = "series"
SESSION = re.compile(r"^第\d+回")
WEEKDAYS = "月火水木金土日"

# The card, as Chromium draws it at WIDTH x HEIGHT: the series name above, the
# title in the middle (up to three lines), the date below.
TEMPLATE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {width}px; height: {height}px; }}
body {{
  box-sizing: border-box; display: flex; flex-direction: column; justify-content: space-between;
  padding: 64px 80px 56px; background: #fff; color: #1b1b1f; border-top: 24px solid #4051b5;
  font-family: "{font}"; font-kerning: normal;
}}
.series {{ margin: 0; font-size: 40px; font-weight: 700; color: #4051b5; }}
.title {{
  margin: 0; font-size: {title_size}px; font-weight: 700; line-height: 1.3;
  word-break: auto-phrase; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3;
  overflow: hidden;
}}
.date {{ margin: 0; font-size: 36px; color: #44464f; border-left: 8px solid #ff9100; padding-left: 20px; }}
.date:empty, .series:empty {{ visibility: hidden; }}
</style></head><body>
<p class="series">{series}</p>
<p class="title">{title}</p>
<p class="date">{date}</p>
</body></html>
"""


class Card(NamedTuple):
    name: str  # the file's stem: the session's folder, or SERIES
    title: str  # the session's nav title, or the site name on the series card
    series: str  # the site name
    date: str  # "2026年12月2日（水）", or "" when the session sets none
    where: str  # where its texts are written, for an error: "docs/session-01/index.md" or "mkdocs.yml"

    def key(self) -> str:
        shown = [self.title, self.series, self.date, TEMPLATE, FONT, WIDTH, HEIGHT]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:20]

    def html(self) -> str:
        series_card = self.name == SERIES
        return TEMPLATE.format(
            width=WIDTH,
            height=HEIGHT,
            font=FONT,
            title_size=88 if series_card else 64,
            series="" if series_card else html.escape(self.series),
            title=html.escape(self.title),
            date=html.escape(self.date),
        )


def date_text(value: object) -> str:
    """Front matter's `date:` (YAML reads 2026-12-02 as a date) as a Japanese date; "" when unset."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):  # as the cover slide writes it (hooks/slides.py)
        return f"{value.year}年{value.month}月{value.day}日（{WEEKDAYS[value.weekday()]}）"
    if value is None or value == "":
        return ""
    try:
        return date_text(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return ""  # not a date: hooks/slides.py fails the build on it, with its line and the fix


def _first_page(entries: list[Any]) -> str | None:
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, str) and value.endswith(".md"):
            return value
        if isinstance(value, list) and (found := _first_page(value)):
            return found
    return None


def expected(site_name: str, nav: list[Any], docs_dir: Path) -> list[Card]:
    """The series card, then each session's (a top-level nav section titled 「第N回…」), from mkdocs.yml's nav."""
    cards = [Card(SERIES, site_name, site_name, "", "mkdocs.yml")]
    for entry in nav or []:
        if not isinstance(entry, dict):
            continue
        for title, value in entry.items():
            first = _first_page(value) if isinstance(value, list) else None
            if not SESSION.match(str(title)) or first is None:
                continue
            _, meta = get_data((docs_dir / first).read_text(encoding="utf-8-sig"))
            folder = first.split("/", 1)[0] if "/" in first else Path(first).stem
            cards.append(Card(folder, str(title), site_name, date_text(meta.get("date")), f"docs/{first}"))
    return cards


def read_index(docs_dir: Path) -> dict[str, dict[str, str]]:
    path = docs_dir / CARDS / INDEX
    if not path.is_file():
        return {}
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def index_entry(card: Card) -> dict[str, str]:
    return {"key": card.key(), "title": card.title, "series": card.series, "date": card.date}


def problems(cards: list[Card], docs_dir: Path) -> list[str]:
    """One message for each card that is missing or does not show what the site says now."""
    index = read_index(docs_dir)
    found = []
    for card in cards:
        png = f"docs/{(CARDS / card.name).as_posix()}.png"
        drawn = index.get(card.name)
        if drawn is None or not (docs_dir / CARDS / f"{card.name}.png").is_file():
            found.append(f"{card.where}: the share card {png} is missing; run `make cards`")
        elif drawn.get("key") != card.key():
            changed = [
                f"{field} is {new!r} but the card shows {drawn.get(field, '')!r}"
                for field, new in (("title", card.title), ("series", card.series), ("date", card.date))
                if drawn.get(field, "") != new
            ] or ["its template or font changed"]
            found.append(
                f"{_line(card, docs_dir)}: the share card {png} is stale ({'; '.join(changed)}); run `make cards`"
            )
    return found


def _line(card: Card, docs_dir: Path) -> str:
    """The card's source with the line of its date (a session's first page) when it sets one."""
    if card.where == "mkdocs.yml":
        return card.where
    lines = (docs_dir.parent / card.where).read_text(encoding="utf-8-sig").splitlines()
    line = next((n for n, text in enumerate(lines, start=1) if text.startswith("date:")), None)
    return f"{card.where}:{line}" if line else card.where
