"""The share cards: every page names a 1200x630 og:image, its session's or the series'; a stale card fails the build."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import site_nav
from site_tools import CONFIG, PROJECT, mkdocs_build, site_copy

PAGES = site_nav.nav_pages(CONFIG)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def meta(tree: LexborHTMLParser, attribute: str, name: str) -> str | None:
    node = tree.css_first(f'meta[{attribute}="{name}"]')
    return node.attributes.get("content") if node is not None else None


@pytest.mark.every_session
@pytest.mark.parametrize("nav_page", PAGES, ids=[p.url or "home" for p in PAGES])
def test_the_page_names_its_share_card(built_site: Path, site_url: str, nav_page: site_nav.NavPage) -> None:
    tree = LexborHTMLParser((built_site / nav_page.url / "index.html").read_text(encoding="utf-8"))
    assert meta(tree, "name", "twitter:card") == "summary_large_image"
    image = meta(tree, "property", "og:image") or ""
    assert image.startswith(site_url), f"og:image is not an absolute address on the site: {image!r}"
    assert (meta(tree, "property", "og:image:width"), meta(tree, "property", "og:image:height")) == ("1200", "630")
    card = built_site / image.removeprefix(site_url)
    assert card.is_file(), f"{image}: no such file in the built site"
    assert png_size(card.read_bytes()) == (1200, 630), card
    drawn = json.loads((PROJECT / "docs/assets/cards/index.json").read_text(encoding="utf-8"))[card.stem]
    if nav_page.section.startswith("第"):  # a session's page: the session's card, with its title
        assert card.stem == nav_page.src.split("/", 1)[0], f"{nav_page.src} shows {card.name}"
        assert drawn["title"] == nav_page.section, drawn
    else:
        assert card.stem == "series", f"{nav_page.src}, outside every session, shows {card.name}"
    assert meta(tree, "property", "og:title") and meta(tree, "property", "og:description")


def test_a_changed_date_or_a_missing_card_fails_the_build_and_asks_for_make_cards(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    first = next(p for p in PAGES if p.section.startswith("第"))
    source = project / "docs" / first.src
    lines = source.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---", f"{first.src} has no front matter"
    end = lines.index("---", 1)
    dated = [n for n in range(1, end) if lines[n].startswith("date:")]
    line = dated[0] if dated else 1
    lines[line : line + bool(dated)] = ["date: 2031-04-05"]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "docs/assets/cards/series.png").unlink()
    result = mkdocs_build(project, tmp_path / "site", SITE_URL="https://example.github.io/study/")
    assert result.returncode != 0, "the build passed with a stale and a missing card"
    assert f"docs/{first.src}:{line + 1}: the share card" in result.stderr, result.stderr
    assert "date is '2031年4月5日（土）' but the card shows" in result.stderr, result.stderr
    assert "mkdocs.yml: the share card docs/assets/cards/series.png is missing; run `make cards`" in result.stderr
    assert result.stderr.count("run `make cards`") == 2, result.stderr


def test_the_cards_and_the_slides_pdfs_are_not_kept_offline(built_site: Path) -> None:
    """They are for other sites and for downloading (docs/offline.md says so), not for reading offline."""
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert "assets/cards/" not in worker and ".pdf" not in worker
    assert "スライドのPDF" in (built_site / "offline" / "index.html").read_text(encoding="utf-8")
