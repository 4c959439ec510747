"""Print each session's deck as a 16:9 slides PDF and a notes edition.

Usage: python scripts/make_slides.py [--site-dir DIR] [--out DIR] [--no-notes] [--session FOLDER ...]

Reads the built site's assets/presentation/decks.json, serves the site on a
loopback port and, for each session's deck (a nav section whose title starts
「第N回」), opens every slide in Chromium as presentation mode shows it to the
room (`?present&print` and the slide's key as the hash), waits until it is
laid out and still, and prints it with Chromium's own PDF printer (vector
text and diagrams, the light scheme). It writes

  OUT/<session folder>.pdf        one 1280x720 page per slide, in deck order
  OUT/<session folder>-notes.pdf  A4 portrait, a page per slide: the slide above its
                                  notes (talking points, supplements, the quiz's answer)

OUT is the site's slides/ folder unless --out says otherwise: the published
site serves them there. `make slides SITE_URL=...` builds the site first.
Nothing is fetched from anywhere but the loopback server.

Exit codes:
  0  the PDFs written for every session asked for
  1  a slide never became ready, or a PDF came out wrong
  2  usage error: no built site, or no such session
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from pypdf import PdfReader, PdfWriter, Transformation

import offline_chromium
import serve_site

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
DECKS_JSON = "assets/presentation/decks.json"
OUT_DIR = "slides"
SESSION = re.compile(r"^第\d+回")

# The room's screen: every slide is laid out and printed at this size (16:9).
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
# The notes edition: A4 portrait, the slide (as printed, scaled) in a box at the top.
A4_WIDTH_PT, A4_HEIGHT_PT = 595.28, 841.89
NOTES_MARGIN_PT = 36.0
SLIDE_BOX_WIDTH_PT = A4_WIDTH_PT - 2 * NOTES_MARGIN_PT
SLIDE_BOX_HEIGHT_PT = SLIDE_BOX_WIDTH_PT * SLIDE_HEIGHT / SLIDE_WIDTH
TIMEOUT_MS = 20_000

# Until the deck honours `print` itself (DECK.md, contract 5: no controls, the
# slide filling the viewport), the script hides the bar and gives the slide the
# whole viewport; only where the deck does not, so that it never changes one that does.
FALLBACK_NEEDED_JS = """
() => {
  const bar = document.querySelector(".presentation-bar");
  const slide = window.presentation?.state?.()?.element
    ?? document.querySelector(".presentation-slide[aria-current='step']");
  const box = slide?.getBoundingClientRect();
  return Boolean(bar?.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    || (box && (box.width < innerWidth - 1 || box.height < innerHeight - 1)));
}
"""
FALLBACK_CSS = """
.presentation-bar { display: none !important; }
[data-presentation] .presentation-slide { inset: 0 !important; }
"""
# A slide's page: the screen's size, no margins (presentation.css asks for A4 portrait with margins).
PAGE_CSS = f"@page {{ size: {SLIDE_WIDTH}px {SLIDE_HEIGHT}px; margin: 0 !important; }}"

# True once the requested slide is shown and still. A deck that sets
# data-presentation-ready says so itself; the deck before it is still when its
# current slide is the one asked for, the fonts are in and no animation runs.
READY_JS = """
(key) => {
  const root = document.documentElement;
  const current = document.querySelector(".presentation-slide[aria-current='step']");
  if (current && current.dataset.key !== key) return false;
  if (root.dataset.presentationReady !== undefined) return root.dataset.presentationReady === "true";
  return !!current && document.fonts.status === "loaded"
    && document.getAnimations().every((a) => a.playState !== "running");
}
"""

# The current slide's notes, for the notes edition: presentation.js's own
# notesOf (the organiser's talking points, a <template class="slide-note
# talking-points">, first; then the slide's other `.slide-note` elements and
# supplements), or before it has one the slide's supplements; and each quiz's
# answer with its feedback and explanation, which the slide does not show.
NOTES_JS = """
() => {
  const slide = window.presentation?.state?.()?.element
    ?? document.querySelector(".presentation-slide[aria-current='step']");
  if (!slide) return null;
  const copy = (el) => {
    if (el.matches("template")) return `<div class="slides-notes__talking"><p class="slides-notes__label">発表メモ</p>${el.innerHTML}</div>`;
    const c = el.cloneNode(true);
    c.classList.remove("hidden", "slide-note");
    for (const d of [c, ...c.querySelectorAll("details")]) if (d.matches("details")) d.open = true;
    for (const x of [c, ...c.querySelectorAll("[id]")]) x.removeAttribute("id");
    return c.outerHTML;
  };
  const found = window.presentation?.notesOf?.(slide) ?? [...slide.querySelectorAll(".slide-note, .supplement")];
  const notes = found.filter((el, i) => found.indexOf(el) === i && !el.closest(".quiz")
    && !found.some((other) => other !== el && !other.matches("template") && other.contains(el)));
  const quizzes = [...slide.querySelectorAll(".quiz")].map((quiz) => {
    const right = [...quiz.querySelectorAll("input[data-correct='true']")].map((input) => {
      const label = quiz.querySelector(`label[for="${CSS.escape(input.id)}"]`) ?? input.closest("label");
      const why = input.parentElement.querySelector(".answer-feedback");
      return { answer: label?.textContent.trim() ?? "", why: why?.textContent.trim() ?? "" };
    });
    const more = [...quiz.querySelectorAll("section.content > *")].map(copy);
    return { right, more };
  });
  const heading = slide.querySelector("h1, h2, h3");
  return {
    heading: heading ? heading.textContent.replace(/¶$/, "").trim() : "",
    html: notes.map(copy),
    quizzes,
  };
}
"""

# The notes edition, in one document printed once: the site's styles
# (admonitions as on the reading page), nothing of the page shown but one
# A4 sheet per slide, each a box where the slide will be laid and its notes
# below, shrunk to fit the sheet if they are long.
NOTES_JS_PAGE = """
([css, sheets, height]) => {
  document.documentElement.removeAttribute("data-presentation");
  for (const el of document.querySelectorAll("style[data-make-slides]")) el.remove();
  for (const el of document.body.children) el.style.display = "none";
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    e.className = className;
    if (text) e.textContent = text;
    return e;
  };
  const main = el("main", "slides-notes md-typeset");
  document.body.append(main);
  for (const [header, notes] of sheets) {
    const sheet = el("section", "slides-notes__sheet");
    const body = el("div", "slides-notes__body");
    sheet.append(el("div", "slides-notes__slide"), el("p", "slides-notes__header", header), body);
    for (const quiz of notes.quizzes) {
      for (const { answer, why } of quiz.right) {
        body.append(el("p", "slides-notes__answer", `答え：${answer}`));
        if (why) body.append(el("p", "slides-notes__why", why));
      }
      body.insertAdjacentHTML("beforeend", quiz.more.join(""));
    }
    body.insertAdjacentHTML("beforeend", notes.html.join(""));
    if (!body.children.length) body.append(el("p", "slides-notes__none", "（このスライドにノートはありません）"));
    main.append(sheet);
    const room = height - (body.getBoundingClientRect().top - sheet.getBoundingClientRect().top);
    const need = body.getBoundingClientRect().height;
    if (need > room) body.style.zoom = String(room / need);
  }
}
"""

NOTES_CSS = f"""
@page {{ size: A4 portrait; margin: {NOTES_MARGIN_PT}pt; }}
html, body {{ background: #fff !important; }}
.slides-notes {{ width: {A4_WIDTH_PT - 2 * NOTES_MARGIN_PT}pt; font-size: 10.5pt; line-height: 1.6; color: #000; }}
.slides-notes__sheet {{
  height: {A4_HEIGHT_PT - 2 * NOTES_MARGIN_PT - 1}pt; overflow: hidden; display: flow-root;
}}
.slides-notes__sheet + .slides-notes__sheet {{ break-before: page; }}
.slides-notes__slide {{
  box-sizing: border-box; width: 100%; height: {SLIDE_BOX_HEIGHT_PT}pt; border: 0.75pt solid #999;
}}
.slides-notes__header {{ margin: 12pt 0 6pt; font-weight: 700; font-size: 11pt; }}
.slides-notes__answer {{ margin-bottom: 0; font-weight: 700; }}
.slides-notes__none {{ color: #555; }}
.slides-notes__talking {{ margin: 0 0 8pt; padding: 4pt 8pt; border-left: 3pt solid #ff9100; background: #fff8e1; }}
.slides-notes__label {{ margin: 0; font-weight: 700; font-size: 9pt; color: #6d4c00; }}
.slides-notes .admonition, .slides-notes details {{ font-size: 10pt; }}
"""


@dataclass(frozen=True)
class SlideEntry:
    url: str  # the page's URL path, as in decks.json ("session-01/sagemaker/")
    key: str  # the slide's key ("" for a page's first slide)
    title: str


@dataclass(frozen=True)
class Deck:
    folder: str  # the session's folder under docs/ ("session-01"), which names its PDFs
    title: str
    slides: tuple[SlideEntry, ...]


@dataclass(frozen=True)
class Printed:
    slide: bytes  # a one-page PDF, SLIDE_WIDTH x SLIDE_HEIGHT
    notes: dict[str, Any]  # what NOTES_JS read from the slide


class PrintError(Exception):
    """A slide that never became ready, or a PDF that came out wrong."""


def session_decks(site_dir: Path) -> list[Deck]:
    """The session decks of the built site's decks.json, in nav order."""
    data = json.loads((site_dir / DECKS_JSON).read_text(encoding="utf-8"))
    decks = []
    for deck in data["decks"]:
        if not SESSION.match(deck["title"]) or not deck["slides"]:
            continue
        slides = tuple(SlideEntry(s["url"], s["key"], s["title"]) for s in deck["slides"])
        decks.append(Deck(slides[0].url.split("/", 1)[0], deck["title"], slides))
    return decks


def slide_address(base: str, slide: SlideEntry) -> str:
    """The slide alone, as the room sees it, ready to print (DECK.md, contract 5)."""
    address = urljoin(base, slide.url) + "?present&print"
    return address + (f"#{quote(slide.key, safe='')}" if slide.key else "")


def add_style(page: Any, css: str) -> None:
    """A stylesheet of this script's, which the notes page removes again."""
    page.evaluate(
        "(css) => { const s = document.createElement('style'); s.dataset.makeSlides = '';"
        " s.textContent = css; document.head.append(s); }",
        css,
    )


def show(page: Any, base: str, slide: SlideEntry) -> None:
    """Open the slide and wait until it is laid out and still.

    A slide of the page already open is reached by its hash, as a presenter's
    link would; another page is loaded."""
    page.goto(slide_address(base, slide), wait_until="load")
    try:
        page.wait_for_function(READY_JS, arg=slide.key, timeout=TIMEOUT_MS, polling=50)
    except Exception as exc:  # Playwright's TimeoutError
        raise PrintError(f"{slide.url}#{slide.key}: the slide was not ready in {TIMEOUT_MS / 1000:.0f} s") from exc
    if page.evaluate("!document.querySelector('style[data-make-slides]')"):
        add_style(page, PAGE_CSS)
    if page.evaluate(FALLBACK_NEEDED_JS):
        add_style(page, FALLBACK_CSS)
        page.evaluate("dispatchEvent(new Event('resize'))")  # presentation.js fits the diagrams again
        page.wait_for_function(READY_JS, arg=slide.key, timeout=TIMEOUT_MS, polling=50)


def print_slides(page: Any, base: str, deck: Deck) -> list[Printed]:
    printed = []
    for slide in deck.slides:
        show(page, base, slide)
        pdf = page.pdf(print_background=True, prefer_css_page_size=True, page_ranges="1")
        notes = page.evaluate(NOTES_JS)
        if notes is None:
            raise PrintError(f"{slide.url}#{slide.key}: no slide on screen")
        printed.append(Printed(pdf, notes))
    return printed


def print_notes(page: Any, base: str, deck: Deck, printed: list[Printed]) -> bytes:
    """The notes edition without its slides: one A4 page per slide, an empty box at its top."""
    page.goto(urljoin(base, deck.slides[0].url), wait_until="load")
    sheets = [
        [f"スライド {n} / {len(deck.slides)}：{one.notes['heading'] or slide.title}", one.notes]
        for n, (slide, one) in enumerate(zip(deck.slides, printed, strict=True), start=1)
    ]
    height_px = (A4_HEIGHT_PT - 2 * NOTES_MARGIN_PT - 1) * 96 / 72
    page.evaluate(NOTES_JS_PAGE, [NOTES_CSS, sheets, height_px])
    pdf: bytes = page.pdf(print_background=True, prefer_css_page_size=True)
    return pdf


def join_slides(printed: list[Printed]) -> PdfWriter:
    writer = PdfWriter()
    for one in printed:
        writer.append(PdfReader(io.BytesIO(one.slide)))
    return writer


def join_notes(printed: list[Printed], notes_pdf: bytes) -> PdfWriter:
    """Each slide laid into the box at the top of its notes page."""
    writer = PdfWriter(clone_from=io.BytesIO(notes_pdf))
    if len(writer.pages) != len(printed):
        raise PrintError(f"the notes came out on {len(writer.pages)} pages for {len(printed)} slides")
    for one, first in zip(printed, writer.pages, strict=True):
        slide = PdfReader(io.BytesIO(one.slide)).pages[0]
        scale = SLIDE_BOX_WIDTH_PT / float(slide.mediabox.width)
        top = float(first.mediabox.height) - NOTES_MARGIN_PT
        first.merge_transformed_page(
            slide, Transformation().scale(scale).translate(NOTES_MARGIN_PT, top - float(slide.mediabox.height) * scale)
        )
    return writer


def write(writer: PdfWriter, target: Path, title: str) -> None:
    writer.add_metadata({"/Title": title})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as stream:
        writer.write(stream)


def print_deck(browser: Any, base: str, deck: Deck, out_dir: Path, *, notes: bool = True) -> list[Path]:
    context = browser.new_context(
        viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT},
        color_scheme="light",
        reduced_motion="reduce",
        locale="ja-JP",
    )
    try:
        page = context.new_page()
        page.emulate_media(media="screen")  # the slides as the room sees them, not the page's print styles
        printed = print_slides(page, base, deck)
        notes_pdf = print_notes(page, base, deck, printed) if notes else None
    finally:
        context.close()
    slides_path, notes_path = out_dir / f"{deck.folder}.pdf", out_dir / f"{deck.folder}-notes.pdf"
    write(join_slides(printed), slides_path, deck.title)
    if notes_pdf is None:
        return [slides_path]
    write(join_notes(printed, notes_pdf), notes_path, f"{deck.title}（ノート付き）")
    return [slides_path, notes_path]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make_slides.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--site-dir", type=Path, default=SITE_DIR, metavar="DIR", help="the built site (default: site/)"
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the PDFs (default: the site's slides/ folder)"
    )
    parser.add_argument(
        "--no-notes",
        action="store_true",
        help="the slides PDF only: the notes edition holds the organiser's talking points (the Pages workflow)",
    )
    parser.add_argument(
        "--session",
        action="append",
        metavar="FOLDER",
        help="only this session (its folder, e.g. session-01); repeat for more (default: every session)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    site_dir: Path = args.site_dir
    if not (site_dir / DECKS_JSON).is_file():
        print(
            f"make_slides.py: error: {site_dir / DECKS_JSON}: no built site; run "
            "`make slides SITE_URL=https://<owner>.github.io/<repo>/` (or LOCAL=1) to build it first",
            file=sys.stderr,
        )
        return 2
    decks = session_decks(site_dir)
    if args.session:
        unknown = sorted(set(args.session) - {d.folder for d in decks})
        if unknown:
            known = ", ".join(d.folder for d in decks) or "none"
            print(f"make_slides.py: error: no session {', '.join(unknown)} (sessions: {known})", file=sys.stderr)
            return 2
        decks = [d for d in decks if d.folder in args.session]
    from playwright.sync_api import sync_playwright  # here: --help needs no browser

    with serve_site.serve(site_dir) as base, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        try:
            for deck in decks:
                try:
                    written = print_deck(browser, base, deck, args.out or site_dir / OUT_DIR, notes=not args.no_notes)
                except PrintError as exc:
                    print(f"make_slides.py: error: {exc}", file=sys.stderr)
                    return 1
                for path in written:
                    size = path.stat().st_size / 1_000_000
                    print(f"make_slides.py: {path} ({len(deck.slides)} slides, {size:.1f} MB)", file=sys.stderr)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
