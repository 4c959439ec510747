"""Draw the share cards (og:image) that are missing or stale into docs/assets/cards/.

Usage: python scripts/make_cards.py [--config-file mkdocs.yml] [--all]

One 1200x630 PNG per session (its title, the series name, its date) and one
for the series, drawn in Chromium from overrides/hooks/lib/cards.py's
template in Noto Sans CJK JP (Debian's fonts-noto-cjk; nothing is fetched).
Writes docs/assets/cards/NAME.png and index.json (NAME -> the key and texts
it was drawn from), and removes cards no session has any more. `mkdocs
build` fails until the cards match the site (hooks/share_cards.py).

Exit codes:
  0  every card is current
  2  usage error, or the font is not installed
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))  # lib/: what the build's share_cards hook knows too

import offline_chromium
from lib import cards
from mkdocs_site import add_config_file_option


def font_installed() -> bool:
    found = subprocess.run(["fc-list", f":family={cards.FONT}"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def load(config_file: Path) -> tuple[list[cards.Card], Path]:
    from mkdocs.config import load_config

    with open(config_file, "rb") as stream:
        config = load_config(stream)
    docs_dir = Path(config.docs_dir)
    return cards.expected(config.site_name, config.nav or [], docs_dir), docs_dir


def draw(todo: list[cards.Card], folder: Path) -> None:
    """Each card's PNG, as Chromium lays out its HTML."""
    from playwright.sync_api import sync_playwright  # here: --help needs no browser

    with sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            page = browser.new_page(viewport={"width": cards.WIDTH, "height": cards.HEIGHT}, device_scale_factor=1)
            for card in todo:
                page.set_content(card.html())
                page.evaluate("document.fonts.ready")
                page.screenshot(path=str(folder / f"{card.name}.png"))
                print(f"make_cards.py: drew {folder / card.name}.png", file=sys.stderr)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make_cards.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_config_file_option(parser)
    parser.add_argument("--all", action="store_true", help="draw every card, not only the missing and stale ones")
    args = parser.parse_args(argv)
    if not font_installed():
        print(f"make_cards.py: error: the font {cards.FONT} is not installed (Debian: fonts-noto-cjk)", file=sys.stderr)
        return 2
    wanted, docs_dir = load(args.config_file)
    folder = docs_dir / cards.CARDS
    folder.mkdir(parents=True, exist_ok=True)
    index = cards.read_index(docs_dir)
    todo = [
        c
        for c in wanted
        if args.all or index.get(c.name, {}).get("key") != c.key() or not (folder / f"{c.name}.png").is_file()
    ]
    if todo:
        draw(todo, folder)
    names = {c.name for c in wanted}
    for old in folder.glob("*.png"):
        if old.stem not in names:
            old.unlink()
            print(f"make_cards.py: removed {old}, which no session has", file=sys.stderr)
    index = {c.name: cards.index_entry(c) for c in wanted}
    (folder / cards.INDEX).write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"make_cards.py: {len(todo)} drawn, {len(wanted) - len(todo)} current", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
