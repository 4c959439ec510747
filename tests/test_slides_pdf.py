"""The slides PDF and its notes edition (scripts/make_slides.py), read as a participant would: pdfinfo, pdftotext.

The PDFs are made once per test session, from the session's build, into a folder of their own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import make_slides
import site_nav
from site_tools import CONFIG, ROOT

MAKE_SLIDES = ROOT / "scripts" / "make_slides.py"

pytestmark = pytest.mark.browser

# A session's folder under docs/ (its first page's), which names its PDFs.
SESSIONS = [urls[0].split("/", 1)[0] for urls in site_nav.sessions(CONFIG).values()]
# What decks.json adds to a heading's title for a slide that continues its section.
SUFFIX = re.compile(r"（(?:図|表|続き|問\d+)）$")


def squeeze(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines where the slide wrapped them."""
    return re.sub(r"\s+", "", text)


def pages_text(pdf: Path) -> list[str]:
    """Each page's text (pdftotext separates pages with a form feed)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def pdfinfo(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdfinfo", *args, str(pdf)], capture_output=True, text=True, check=True).stdout


def shown_titles(site: Path, slides: list[dict]) -> list[str]:
    """What each slide shows as its title: its heading, or for a slide that is one whole section (the cover,
    the closing) its first heading or line; a slide that continues a section shows the section's title, which
    is decks.json's title without the suffix it adds."""
    titles, trees = [], {}
    for slide in slides:
        tree = trees.setdefault(slide["url"], LexborHTMLParser((site / slide["url"] / "index.html").read_bytes()))
        start = tree.css_first(f'article [data-slide="{slide["key"]}"]')
        if start is not None and start.tag in ("h1", "h2", "h3"):
            titles.append(start.text().removesuffix("¶"))
        elif start is not None and start.tag == "section" and (line := start.css_first("h1, h2, h3, p")):
            titles.append(line.text())
        else:
            titles.append(SUFFIX.sub("", slide["title"]))
    return titles


def deck_of(site: Path, folder: str) -> dict:
    decks = json.loads((site / make_slides.DECKS_JSON).read_text(encoding="utf-8"))["decks"]
    return next(d for d in decks if d["slides"][0]["url"].split("/", 1)[0] == folder)


@pytest.fixture(scope="session")
def printed(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A session's two PDFs, printed once from the suite's build when a test first asks for them.

    make_slides.py runs as a process of its own: its Playwright cannot start inside the suite's."""
    out = tmp_path_factory.mktemp("slides")
    done: set[str] = set()

    def slides_of(folder: str) -> Path:
        if folder not in done:
            command = [sys.executable, str(MAKE_SLIDES), "--site-dir", str(built_site), "--out", str(out)]
            result = subprocess.run(
                [*command, "--session", folder], capture_output=True, text=True, timeout=800, check=False
            )
            assert result.returncode == 0, result.stderr
            done.add(folder)
        return out

    return slides_of


@pytest.mark.timeout(900)  # the first test of the module waits for every PDF to be printed
@pytest.mark.every_session
@pytest.mark.parametrize("folder", SESSIONS)
def test_one_16_9_page_per_slide_of_the_deck_light_and_vector(
    printed: Callable[[str], Path], built_site: Path, folder: str, tmp_path: Path
) -> None:
    pdf = printed(folder) / f"{folder}.pdf"
    slides = deck_of(built_site, folder)["slides"]
    info = pdfinfo(pdf, "-f", "1", "-l", str(len(slides)))
    pages = re.search(r"^Pages: +(\d+)$", info, re.MULTILINE)
    assert pages and int(pages[1]) == len(slides), f"{len(slides)} slides in decks.json; pdfinfo says:\n{info}"
    sizes = re.findall(r"Page +(\d+) size: +([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) == len(slides), info
    for number, width, height in sizes:
        assert abs(float(width) / float(height) - 16 / 9) < 0.01, f"page {number} is {width} x {height} pts"
    assert pdf.stat().st_size < 20_000_000, f"{pdf.name}: {pdf.stat().st_size} bytes"
    # Diagrams, icons and text as vectors: not one raster image in the file.
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) == 2, f"raster images in {pdf.name}:\n{images}"
    # The light scheme: the first slide's corner is white.
    subprocess.run(
        ["pdftoppm", "-r", "10", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / "p")], check=True
    )
    ppm = (tmp_path / "p.ppm").read_bytes()
    assert ppm.split(b"\n", 3)[3][:3] == b"\xff\xff\xff", "the first slide is not on white"


@pytest.mark.every_session
@pytest.mark.parametrize("folder", SESSIONS)
def test_each_page_shows_its_slide_and_no_controls_or_answers(
    printed: Callable[[str], Path], built_site: Path, folder: str
) -> None:
    slides = deck_of(built_site, folder)["slides"]
    texts = pages_text(printed(folder) / f"{folder}.pdf")
    assert len(texts) == len(slides)
    titles = shown_titles(built_site, slides)
    for number, (slide, title, text) in enumerate(zip(slides, titles, texts, strict=True), start=1):
        heading = squeeze(title)
        page = squeeze(text)
        where = f"page {number} ({slide['url']}#{slide['key']})"
        assert heading in page, f"{where}: {heading!r} is not in its text:\n{text}"
        assert f"{number}/{len(slides)}" not in page, f"{where}: the presenter's counter is printed"
        assert "正解。" not in page, f"{where}: a quiz's answer is printed:\n{text}"


def supplements(site: Path, urls: list[str]) -> list[str]:
    """The start of each supplement's text (what a slide shows only as a one-line title)."""
    found = []
    for url in urls:
        tree = LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))
        for box in tree.css("article .supplement"):
            body = [p.text() for p in box.css("p") if "admonition-title" not in (p.attributes.get("class") or "")]
            if body and squeeze(body[0]):
                found.append(squeeze(body[0])[:30])
    return found


@pytest.mark.every_session
@pytest.mark.parametrize("folder", SESSIONS)
def test_the_notes_edition_holds_the_supplements_and_the_answers(
    printed: Callable[[str], Path], built_site: Path, folder: str
) -> None:
    deck = deck_of(built_site, folder)
    notes = printed(folder) / f"{folder}-notes.pdf"
    texts = [squeeze(t) for t in pages_text(notes)]
    assert len(texts) == len(deck["slides"]), f"{len(texts)} notes pages for {len(deck['slides'])} slides"
    whole = "".join(texts)
    urls = list(dict.fromkeys(s["url"] for s in deck["slides"]))
    wanted = supplements(built_site, urls)
    assert wanted, f"no supplement found on {urls}: the test reads the wrong markup"
    slides_text = squeeze("".join(pages_text(printed(folder) / f"{folder}.pdf")))
    for start in wanted:
        assert start in whole, f"the notes edition lacks the supplement that starts {start!r}"
        assert start not in slides_text, f"the slides show the supplement's text {start!r}, not only its title"
    for number, (slide, text) in enumerate(zip(deck["slides"], texts, strict=True), start=1):
        header = f"スライド{number}/{len(deck['slides'])}："  # 「スライド 12 / 50：…」 above the notes
        assert header in text, f"notes page {number} is not the notes of slide {number}:\n{text}"
        if "（問" in slide["title"]:
            assert "答え：" in text and "正解。" in text, f"notes page {number} ({slide['title']}) has no answer"


@pytest.mark.every_session
@pytest.mark.parametrize("folder", SESSIONS)
def test_the_sessions_first_page_links_its_slides_pdf_outside_every_slide(built_site: Path, folder: str) -> None:
    first = next(urls[0] for urls in site_nav.sessions(CONFIG).values() if urls[0].split("/", 1)[0] == folder)
    tree = LexborHTMLParser((built_site / first / "index.html").read_text(encoding="utf-8"))
    links = [a for a in tree.css("article a[href$='.pdf']")]
    assert links, f"{first}: no link to a PDF"
    target = (built_site / first / links[0].attributes["href"]).resolve()
    assert target == (built_site / make_slides.OUT_DIR / f"{folder}.pdf").resolve(), target
    assert links[0].text().strip() == "この回のスライド（PDF）"
    # In an <aside>, which no slide holds (hooks/slides.py): for readers of the page, not for the room.
    assert links[0].parent is not None and links[0].parent.parent is not None
    assert links[0].parent.parent.tag == "aside" and links[0].parent.parent.parent.tag == "article"
