"""The handout: every session as one printable page at /print/, a chapter for each nav section.

Every page and section of the nav is on it (but the organiser's guide), diagrams are drawn, each quiz
has its answer in a key at the end, and in print the navigation is gone, link
addresses are shown and the paper is A4.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

import handout_pdf
from site_nav import nav_pages, session_list
from site_tools import CONFIG, built_page, drawn_diagrams, navigate

pytestmark = pytest.mark.browser

# The participants' pages, from mkdocs.yml's nav; the organiser's guide/ is left out on purpose.
SESSION = [p.url for p in nav_pages(CONFIG) if p.section != "主催者向け"]
# Each one's anchor in the handout, as the print-site plugin names it: "session-01/ml-services/" -> "session-01-ml-services"
ANCHORS = [p.url.strip("/").replace("/", "-") or "index" for p in nav_pages(CONFIG) if p.section != "主催者向け"]
SESSIONS = {session.folder: [page.url for page in session.pages] for session in session_list(CONFIG)}


def headings(built_site: Path, page: str) -> list[str]:
    """The page's H1 and H2 titles, less their ¶ links."""
    found = []
    for heading in built_page(built_site, page).css("h1[id], h2[id]"):
        for link in heading.css("a.headerlink"):
            link.decompose()
        found.append(heading.text().strip())
    return found


def open_handout(page, width: int = 1280, height: int = 900) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": height})
    page.goto("print/")
    page.wait_for_selector("#print-site-page")


def test_every_page_and_section_of_the_session_is_on_it(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    open_handout(page)
    on_print = page.evaluate(
        """[...document.querySelectorAll('#print-site-page h1, #print-site-page h2')]
             .map(h => h.textContent.replace(/¶$/, '').trim())"""
    )
    for source in SESSION:
        expected = headings(built_site, source)
        assert expected, f"no headings found in /{source}"
        missing = [h for h in expected if h not in on_print]
        assert not missing, f"/{source}: not on /print/: {missing}"
    guide = headings(built_site, "guide/presenting/")
    assert guide[0] not in on_print, "the organiser's guide is in the participants' handout"
    assert "主催者向け" not in on_print, "an empty nav section is in the handout"


@pytest.mark.every_session
@pytest.mark.parametrize("folder", list(SESSIONS))
def test_every_page_of_a_session_and_its_answers_are_in_the_handout_as_built(built_site: Path, folder: str) -> None:
    handout = built_page(built_site, "print/")
    key = handout.css_first("#handout-answer-key")
    assert key is not None, "no answer key at the end of /print/"
    for path in SESSIONS[folder]:
        section = handout.css_first(f"#{path.strip('/').replace('/', '-')}")
        assert section is not None, f"/{path} has no chapter section in /print/"
        printed = section.text()
        missing = [h for h in headings(built_site, path) if h not in printed]
        assert not missing, f"/{path}: headings not in its /print/ section: {missing}"
        for quiz in section.css(".quiz"):
            for correct in quiz.css('input[data-correct="true"]'):
                label = quiz.css_first(f'label[for="{correct.attributes.get("id")}"]').text(strip=True)
                assert label in key.text(), f"/{path}: the answer key lacks {label!r}"


def test_diagrams_are_drawn(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    # A diagram drawn twice shows its reading drawing on paper, not the slides' (.diagram-wide).
    expected = sum(
        len(built_page(built_site, p).css(":not(.diagram-wide) > div.mermaid[data-diagram]")) for p in SESSION
    )
    assert expected >= 4
    open_handout(page)
    # Drawn at build time: there the moment the page is, as Ctrl+P needs them.
    drawn = page.evaluate(drawn_diagrams("#print-site-page"))
    assert drawn == expected


def test_each_quiz_has_its_answer_in_the_key_at_the_end(page) -> None:  # type: ignore[no-untyped-def]
    open_handout(page)
    quizzes = page.locator("#print-site-page .quiz")
    answers = page.locator("#handout-answer-key ol > li")
    assert quizzes.count() > 0, "no quiz on the handout"
    assert answers.count() == quizzes.count()
    assert page.evaluate("document.querySelector('#print-site-page > section:last-of-type').id") == "handout-answer-key"
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        # A page far from the reader is drawn as the reader nears it (content-visibility).
        quiz.scroll_into_view_if_needed()
        number = (quiz.locator(".handout-quiz-number").text_content() or "").strip()
        assert answers.nth(i).inner_text().startswith(f"{number}："), (number, answers.nth(i).inner_text()[:40])
        for correct in quiz.locator('input[data-correct="true"]').all():
            label = quiz.locator(f'label[for="{correct.get_attribute("id")}"]').inner_text().strip()
            assert label in answers.nth(i).inner_text(), f"{number}: the key lacks {label!r}"


def test_in_print_the_navigation_is_gone_and_links_show_their_address(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_handout(page)
    page.emulate_media(media="print")
    for selector in [
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-top",
        ".quiz-button",
    ]:
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.locator("#print-page-toc").is_visible(), "the handout has no table of contents"
    shot = page.screenshot(path=tmp_path / "handout-print.png")
    assert len(shot) > 10_000
    top = page.locator("#print-site-page").bounding_box()
    assert top and top["y"] < 40, f"something is printed above the handout: {top}"

    after = "(a) => getComputedStyle(a, '::after').content"
    external = page.locator('#print-site-page section.print-page a[href^="https://docs.aws.amazon.com"]').first
    assert external.get_attribute("href") in external.evaluate(after)
    assert page.locator("#print-site-page a[data-handout-internal]").count() > 20
    for internal in [
        page.locator("#print-site-page section.print-page a.headerlink").first,  # a heading's ¶
        page.locator(
            '#print-site-page section.print-page a[href*="#session-01-"]:not(.headerlink)'
        ).first,  # another page
    ]:
        assert internal.evaluate(after) in ("none", "normal"), internal.evaluate("(a) => a.outerHTML")


def test_it_prints_on_a4(page) -> None:  # type: ignore[no-untyped-def]
    open_handout(page)
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes, "no pages in the PDF"
    width, height = (float(v) for v in boxes[0])
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5, f"page is {width}×{height} pt, not A4"
    assert len(boxes) > 5, f"only {len(boxes)} pages for the whole session"


def test_on_a_phone_it_shows_no_quiz_progress(page) -> None:  # type: ignore[no-untyped-def]
    """Neither the phone progress bars nor the results boxes ("0 / 0 問に回答済み") of the joined quiz pages."""
    open_handout(page, 375, 812)
    page.evaluate("delete document.documentElement.dataset.handoutLazy")  # every page drawn, to be seen
    progress = page.locator("#print-site-page :is(.quiz-progress-mobile, .quiz-results)")
    assert progress.count() >= 6, "the handout has no quiz pages"
    assert not any(box.is_visible() for box in progress.all())


@pytest.mark.parametrize("width", [375, 1920])
def test_a_link_to_a_page_of_the_handout_lands_on_it(page, width: int) -> None:  # type: ignore[no-untyped-def]
    """The handout's table of contents and its links between pages are anchors in one long page."""
    page.set_viewport_size({"width": width, "height": 800})
    for target in ["session-01-sagemaker", "session-01-infrastructure"]:
        page.goto(f"print/#{target}")
        page.wait_for_selector("#print-site-page")
        page.wait_for_timeout(300)
        top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
        assert 0 <= top < 150, f"#{target} is {top:.0f} px from the top of the window"


def test_the_table_of_contents_is_in_the_page_as_built(built_site: Path) -> None:
    """Written at build time (hooks/handout.py): the plugin's script filled it as the page loaded, and
    in about one load in three copied mkdocs-quiz's progress box in its place."""
    toc = built_page(built_site, "print/").css_first("#print-page-toc nav")
    targets = [a.attributes.get("href") for a in toc.css("ul a")]
    for anchor in ANCHORS:
        assert f"#{anchor}" in targets, f"目次 lacks #{anchor}: {targets}"
    assert not toc.css("#quiz-progress-sidebar, [data-md-component]"), toc.html[:300]


def quiz_numbers_by_page(built_site: Path) -> dict[str, list[str]]:
    """Each quiz page's title (its H1) and the number each of its quizzes shows on the web: the
    question's own 「問N」, or its place on the page."""
    found = {}
    for path in SESSION:
        page = built_page(built_site, path)
        quizzes = page.css(".quiz")
        if not quizzes:
            continue
        numbers = []
        for place, quiz in enumerate(quizzes, start=1):
            own = re.match(r"問(\d+)", quiz.css_first(".quiz-question").text(strip=True))
            numbers.append(f"問{own[1] if own else place}")
        title = page.css_first("article h1")
        for link in title.css("a.headerlink"):
            link.decompose()
        found[title.text(strip=True)] = numbers
    return found


def test_the_answer_key_and_quiz_numbers_are_in_the_page_as_built(built_site: Path) -> None:
    """Prepared at build time (hooks/handout.py), as a print without JavaScript needs them: each quiz
    numbered as on its web page, and the key's answers under the name of each quiz page."""
    handout = built_page(built_site, "print/").css_first("#print-site-page")
    quizzes = handout.css(".quiz")
    expected = quiz_numbers_by_page(built_site)
    numbers = [quiz.css_first(".handout-quiz-number").text() for quiz in quizzes]
    assert numbers == [n for page in expected.values() for n in page] and len(quizzes) >= 10, numbers
    key = handout.css_first("#handout-answer-key")
    titles = [h2.text(strip=True) for h2 in key.css("h2.handout-key-page")]
    assert [t.split("\u3000", 1)[-1] for t in titles] == list(expected), titles
    assert all(re.match(r"第\d+回\u3000", t) for t in titles), f"the key does not name each page's session: {titles}"
    for title, ol in zip(titles, key.css("h2.handout-key-page + ol")):
        got = [re.match(r"問\d+", li.text(strip=True))[0] for li in ol.iter() if li.tag == "li"]
        assert got == expected[title.split("\u3000", 1)[-1]], (title, got)
    own = [q.css_first(".quiz-question").text(strip=True)[:3] for q in quizzes]
    assert not [o for o in own if re.match(r"問\d", o)], f"questions show their number twice: {own}"
    assert "主催者向け" not in [h1.text(strip=True) for h1 in handout.css("h1")], "the organiser's empty section"


@pytest.mark.parametrize("width", [375, 1920])
def test_it_shows_one_table_of_contents_with_every_page(page, width: int) -> None:  # type: ignore[no-untyped-def]
    """On a phone its own 目次, at the top; on a wide screen Material's, in the sidebar."""
    open_handout(page, width, 800)
    toc = page.locator("#print-page-toc" if width < 1220 else "nav.md-nav--secondary")
    other = page.locator("nav.md-nav--secondary" if width < 1220 else "#print-page-toc")
    expect(toc).to_be_visible()
    assert not other.is_visible()
    targets = [a.get_attribute("href").rsplit("#", 1)[-1] for a in toc.locator("a").all()]
    for anchor in ANCHORS:
        assert anchor in targets, targets


def test_its_header_offers_only_what_it_has(built_site: Path) -> None:
    """The plugin's script hides the navigation and the search: Material leaves the navigation out from the
    first paint (it moved the text when the script ran), and their header buttons are gone (on a phone, the
    search button opened nothing and locked the page's scrolling)."""
    handout = built_page(built_site, "print/")
    assert handout.css_first(".md-sidebar--primary[hidden]") is not None, "the navigation is drawn, then hidden"
    buttons = [label.attributes.get("for") for label in handout.css(".md-header label[for]")]
    assert "__search" not in buttons and "__drawer" not in buttons, buttons
    assert built_page(built_site, "").css_first('.md-header label[for="__search"]') is not None, "other pages keep it"


def test_on_a_plain_visit_the_far_pages_wait_until_the_reader_nears_them(page) -> None:  # type: ignore[no-untyped-def]
    """Material's script restyles the whole document as it starts; the handout's far pages skip that
    (handout.css)."""
    open_handout(page, 375, 812)
    far = page.locator("#session-01-infrastructure-cost")  # a heading in one of the handout's far pages
    # After the load each far page is drawn for one frame to measure it (main.html); judge after that pass.
    page.wait_for_function("document.documentElement.dataset.handoutLazy === 'measured'")
    assert not far.evaluate("el => el.checkVisibility({ contentVisibilityAuto: true })"), "drawn while far away"
    far.scroll_into_view_if_needed()
    page.wait_for_function("el => el.checkVisibility({ contentVisibilityAuto: true })", arg=far.element_handle())


@pytest.mark.parametrize("width", [375, 1920])
def test_once_loaded_each_far_page_keeps_the_place_it_will_take(page, width: int) -> None:  # type: ignore[no-untyped-def]
    """Each far page is drawn once after the load (main.html), so that its placeholder is as tall as the page:
    a scroll offset then means the same before and after the reader gets there."""
    open_handout(page, width, 800)
    page.wait_for_selector("html[data-handout-lazy='measured']")
    pages = "[...document.querySelectorAll('#print-site-page section.print-page section.print-page')]"
    placeholders = page.evaluate(f"{pages}.map((s) => s.getBoundingClientRect().height)")
    page.evaluate("delete document.documentElement.dataset.handoutLazy")  # every page drawn
    drawn = page.evaluate(f"{pages}.map((s) => s.getBoundingClientRect().height)")
    assert len(drawn) >= 5 and all(abs(a - b) < 1 for a, b in zip(placeholders, drawn)), (placeholders, drawn)


@pytest.mark.parametrize("width", [375, 1920])
def test_a_reload_puts_the_reader_back_where_they_were(page, width: int) -> None:  # type: ignore[no-untyped-def]
    """The browser puts back the scroll offset: far pages left undrawn with placeholder heights would shift it."""
    heading = "document.getElementById('session-01-infrastructure-cost')"  # in the handout's last page
    open_handout(page, width, 800)
    page.wait_for_selector("html[data-handout-lazy='measured']")  # read a moment: every far page drawn once
    page.evaluate(f"{heading}.scrollIntoView()")
    page.wait_for_timeout(300)
    where = page.evaluate(f"{heading}.getBoundingClientRect().top")
    page.reload()
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert abs(page.evaluate(f"{heading}.getBoundingClientRect().top") - where) < 100


# --- the handout as printed to PDF (issue 14) -----------------------------------

NEAR_EMPTY = 0.4  # a sheet whose text ends above this share of its height


@pytest.fixture(scope="module")
def printed(browser, site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """The handout printed once, as a reader with a dark-scheme OS prints it with background graphics on."""
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (poppler-utils) is not installed")
    context = browser.new_context(base_url=site_url, locale="ja-JP", color_scheme="dark")
    page = context.new_page()
    page.goto("print/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", "the dark scheme was not drawn"
    pdf = tmp_path_factory.mktemp("handout") / "handout.pdf"
    page.pdf(path=pdf, prefer_css_page_size=True, print_background=True)
    context.close()
    return pdf


def pdf_text(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_the_printed_quizzes_and_their_answers_share_one_numbering(printed: Path, built_site: Path) -> None:
    """The web's numbering, 問1 again on each page, on paper and in the key, which names each page."""
    expected = quiz_numbers_by_page(built_site)
    body, found, key = pdf_text(printed).partition("クイズの解答")
    assert found, "no answer key in the printed handout"
    in_order = [int(n[1:]) for page in expected.values() for n in page]
    assert [int(n) for n in re.findall(r"問(\d+)", body)] == in_order, "each quiz numbered once, as on its page"
    assert [int(n) for n in re.findall(r"問(\d+)", key)] == in_order, "the key numbers its answers as the quizzes are"
    flat = re.sub(r"\s", "", key)
    places = [flat.find(re.sub(r"\s", "", title)) for title in expected]
    assert -1 not in places and places == sorted(places), f"the key does not name each quiz page in order: {places}"


def test_no_printed_heading_is_left_alone_at_the_foot_of_a_sheet(printed: Path, built_site: Path) -> None:
    """The last lines of each sheet: neither a heading, nor a heading and its one short line (理解度チェック and
    「このページの内容から出題しています。」 without a quiz). A heading is a line with a heading's text,
    printed larger than the text."""
    handout = built_page(built_site, "print/").css_first("#print-site-page")
    for link in handout.css("a.headerlink"):
        link.decompose()
    headings = {re.sub(r"\s|^追加", "", h.text()) for h in handout.css("h1, h2, h3")}
    sheets = re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', pdf_text(printed, "-bbox"), re.DOTALL)
    heights = [
        float(b) - float(a)
        for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', "".join(w for _, w in sheets))
    ]
    text_height = statistics.median(heights)
    alone = []
    for number, (height, words) in enumerate(sheets, start=1):
        found = [
            (float(top), float(bottom), word)
            for top, bottom, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', words)
            if float(bottom) < float(height) - 60  # above the page number
        ]
        lines: list[list[tuple[float, float, str]]] = []
        for word in sorted(found, key=lambda w: (w[0] + w[1]) / 2):  # a line: words whose middles are close
            if lines and (word[0] + word[1]) / 2 - (lines[-1][-1][0] + lines[-1][-1][1]) / 2 < 6:
                lines[-1].append(word)
            else:
                lines.append([word])
        last = lines[-2:]
        # (The 「追加」 badge prints as a word of its own, beside or before the heading.)
        as_text = ["".join(w for _, _, w in line if w != "追加") for line in last]
        is_heading = [
            text in headings and max(b - t for t, b, _ in line) > text_height * 1.1 for text, line in zip(as_text, last)
        ]
        if is_heading[-1:] == [True] or (is_heading[:1] == [True] and len(as_text) == 2 and len(as_text[1]) <= 30):
            alone.append((number, as_text))
    assert not alone, f"headings at the foot of their sheet: {alone}"


# Words of kana and kanji (with full-width punctuation, which prints 1 em wide outside headings):
# printed without proportional spacing, each character is 1 em wide, so a word's width over its
# length is its font size in points.
CJK_WORD = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff、。（）「」：]{3,}$")
PDF_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>')


def test_printed_captions_are_no_larger_than_the_text_and_diagram_labels_at_least_8_pt(
    printed: Path, built_site: Path
) -> None:
    sizes = [
        ((float(right) - float(left)) / len(word), word)
        for left, right, word in PDF_WORD.findall(pdf_text(printed, "-bbox"))
        if CJK_WORD.match(word)
    ]
    body = statistics.median(size for size, _ in sizes)  # most of what is printed is the text
    handout_html = (built_site / "print" / "index.html").read_text(encoding="utf-8")
    handout = built_page(built_site, "print/").css_first("#print-site-page")
    captions = [node.text() for node in handout.css(".diagram-caption")]
    assert captions, "no diagram caption on the handout"
    for node in handout.css(".diagram-caption, div.mermaid"):
        node.decompose()
    elsewhere = handout.text()
    caption_sizes = [s for s, w in sizes if len(w) >= 6 and any(w in c for c in captions) and w not in elsewhere]
    assert caption_sizes, "no caption found in the PDF"
    assert max(caption_sizes) <= body + 0.05, f"captions print at {max(caption_sizes):.1f} pt, the text at {body:.1f}"
    # Each diagram label's lines, as drawn (Mermaid's <p> in each node).
    label_lines = {
        line.strip()
        for label in re.findall(r"<span class=\"?nodeLabel\"?[^>]*><p>(.*?)</p>", handout_html)
        for line in re.split(r"<br\s*/?>", label)
    }
    label_sizes = [(round(s, 2), w) for s, w in sizes if w in label_lines]
    assert len(label_sizes) >= 5, f"too few diagram labels found in the PDF: {label_sizes}"
    assert min(label_sizes)[0] >= 8.0, f"diagram labels under 8 pt: {sorted(label_sizes)[:5]}"


def test_the_printed_handout_has_no_screen_text_and_japanese_page_numbers(printed: Path) -> None:
    text = pdf_text(printed)
    assert "「回答する」を押すと" not in text, "a sentence about the screen is printed"
    pages = len(re.findall(r"^\d+ / \d+ ページ$", text, re.MULTILINE))
    assert pages > 5 and not re.search(r"\bPage \d+", text), text[-300:]


def test_no_printed_sheet_but_the_last_is_almost_empty(printed: Path) -> None:
    sheets = re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', pdf_text(printed, "-bbox"), re.DOTALL)
    fill = []
    for height, words in sheets:
        # The lowest word of the text, above the page number in the bottom margin.
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', words) if float(y) < float(height) - 60]
        fill.append(max(bottoms, default=0) / float(height))
    # The answer key starts a sheet of its own (to hand out apart): the sheet before it may end early.
    key = next(i for i, (_, words) in enumerate(sheets) if "クイズの解答" in re.sub(r"<[^>]+>|\s", "", words))
    empty = [number for number, share in enumerate(fill[:-1], start=1) if share < NEAR_EMPTY and number != key]
    assert len(fill) > 5 and not empty, f"sheets {empty} are almost empty: {[round(f, 2) for f in fill]}"


def test_printed_sheets_stay_white_under_a_dark_scheme(printed: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "10", "-gray", "-f", "1", "-l", "3", str(printed), str(tmp_path / "sheet")],
        check=True,
        timeout=60,
    )
    for image in sorted(tmp_path.glob("sheet*.pgm")):
        _, _, pixels = image.read_bytes().partition(b"\n255\n")
        dark = sum(1 for value in pixels if value < 128) / len(pixels)
        assert pixels[0] > 240 and pixels[-1] > 240, f"{image.name}: the sheet's margin is not white"
        assert dark < 0.1, f"{image.name}: {dark:.0%} of the sheet is dark"


@pytest.mark.parametrize("width", [375, 1024])
def test_on_a_narrow_screen_its_header_leads_back_to_the_site(page, width: int) -> None:  # type: ignore[no-untyped-def]
    """It has no menu or search button there: the logo, a link to the home page, is the way back."""
    open_handout(page, width, 800)
    logo = page.locator(".md-header a.md-logo")
    expect(logo).to_be_visible()
    navigate(page, logo, "")
    expect(page.locator("article h1").first).to_have_text(re.compile(r"^新SageMaker勉強会"))
    assert page.locator("#print-site-page").count() == 0, "still the handout"


def test_the_pdf_script_gives_each_read_again_link_its_target_page(page, site_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """scripts/handout_pdf.py (make handout): 「もう一度読む：料金（p. 16）」, and 料金 is on sheet 16."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "handout.pdf"
    pages = handout_pdf.print_handout(page, site_url, pdf)
    assert pages, "no 「もう一度読む」 link in the answer key"
    sheets = handout_pdf.sheets_of(pdf)
    key = "".join(sheets).split("クイズの解答", 1)[1]
    for title, number in pages.items():
        assert f"{title}（p. {number}）" in key.replace("\n", ""), f"the key does not give {title!r} its page"
        lines = {re.sub(r"\s|追加|QQ\d+QQ", "", line) for line in sheets[number - 1].splitlines()}
        assert re.sub(r"\s", "", title) in lines, f"{title!r} is not a line of sheet {number}"
