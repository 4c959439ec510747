"""Reading on a phone and a laptop: diagram labels, type sizes, table line breaks, the footer, the title.

Sizes are measured as painted: a diagram's label is its font size times the
scale its <svg> is drawn at (drawn width over viewBox width).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_tools import built_page, page_paths

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
SMALLEST_LABEL = 12  # px, as painted
SMALLEST_ADMONITION = 14  # px, on a phone
SMALLEST_CODE = 12  # px, inline code in an admonition

# Each shown diagram's labels (a slide's variant of a diagram is not shown on a page): text, painted
# font size (px), box; each edge's sampled points.
DIAGRAMS = r"""() => [...document.querySelectorAll('article div.mermaid')]
  .filter((host) => host.checkVisibility()).map((host) => {
  const svg = host.shadowRoot.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('foreignObject span, text')]
    .filter((e) => e.textContent.trim())
    .map((e) => {
      const r = e.getBoundingClientRect();
      let opaque = false;  // a background that hides the line under the text
      for (let n = e; n && n.tagName !== 'foreignObject'; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor.match(/[\d.]+/g);
        opaque ||= !!c && (c.length === 3 || parseFloat(c[3]) === 1);
      }
      return {text: e.textContent.trim(), size: parseFloat(getComputedStyle(e).fontSize) * scale,
              box: [r.left, r.top, r.right, r.bottom], opaque};
    });
  const edges = [...svg.querySelectorAll('path.flowchart-link')].map((path) => {
    const m = path.getScreenCTM(), length = path.getTotalLength(), points = [];
    for (let at = 0; at <= length; at += 2) {
      const p = path.getPointAtLength(at);
      points.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
    }
    return points;
  });
  return {title: svg.querySelector('title')?.textContent, labels, edges};
})"""


def on_an_edge(label: dict, edges: list[list[list[float]]]) -> bool:
    """Whether a line runs through the label's text: any edge, where the label has no opaque
    background; or a bend of one, where it does (the text then hides part of a curve and seems
    to sit on it). A straight line broken by its own label, Mermaid's usual look, is fine."""
    left, top, right, bottom = label["box"]
    for edge in edges:
        inside = [(x, y) for x, y in edge if left < x < right and top < y < bottom]
        if not inside:
            continue
        xs, ys = [x for x, _ in inside], [y for _, y in inside]
        if not label["opaque"] or (max(xs) - min(xs) > 2 and max(ys) - min(ys) > 2):
            return True
    return False


def diagram_pages(built_site: Path) -> list[str]:
    return [p for p in page_paths(built_site) if p != "print/" and built_page(built_site, p).css_first("div.mermaid")]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_diagram_label_is_readable_and_off_the_edges(page, built_site: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    pages = diagram_pages(built_site)
    assert pages, "no page with a diagram"
    problems = []
    for path in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        for diagram in page.evaluate(DIAGRAMS):
            for label in diagram["labels"]:
                if label["size"] < SMALLEST_LABEL:
                    problems.append(f"{path} {diagram['title']}: 「{label['text']}」 at {label['size']:.1f} px")
                if on_an_edge(label, diagram["edges"]):
                    problems.append(f"{path} {diagram['title']}: 「{label['text']}」 sits on an edge")
    assert not problems, f"at {width} px: {problems}"


def test_a_diagram_wider_than_a_phone_scrolls_in_its_own_box(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 812})
    for path in diagram_pages(built_site):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{path} scrolls sideways"
        for host in page.locator("article div.mermaid").all():
            if host.evaluate("h => h.scrollWidth > h.clientWidth"):
                assert host.get_attribute("tabindex") == "0", f"{path}: a scrolling diagram the keyboard cannot scroll"


def test_admonition_text_and_its_code_are_readable_on_a_phone(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 812})
    small = []
    for path in page_paths(built_site):
        if path == "print/" or not built_page(built_site, path).css_first("article .admonition"):
            continue
        page.goto(path)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('article :is(.admonition, details) :is(p, li)')].map((e) => {
                 const code = e.querySelector(':scope > code');
                 return [e.textContent.slice(0, 20), parseFloat(getComputedStyle(e).fontSize),
                         code ? parseFloat(getComputedStyle(code).fontSize) : null];
               })"""
        )
        assert sizes, path
        for text, size, code in sizes:
            if size < SMALLEST_ADMONITION or (code is not None and code < SMALLEST_CODE):
                small.append(f"{path} 「{text}」: text {size} px, code {code} px")
    assert not small, small


# Where the table's text breaks onto a new line inside a word, as Chromium's own Japanese
# word segmenter (ICU) sees words: between two katakana, two kanji or two Latin letters of one
# word (「MLサービ/ス」). A break where the script changes (「もう/一度」) is a phrase boundary.
WORD_BREAKS = r"""() => {
  const words = new Intl.Segmenter('ja', {granularity: 'word'});
  const scripts = [/\p{Script=Katakana}|ー/u, /\p{Script=Han}/u, /[A-Za-z0-9]/];
  const sameScript = (a, b) => scripts.some((s) => s.test(a) && s.test(b));
  const found = [];
  for (const cell of document.querySelectorAll('article table :is(td, th)')) {
    let text = '';
    const tops = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        text += node.data[i];
        tops.push(range.getClientRects()[0]?.top ?? null);
      }
    }
    for (const word of words.segment(text)) {
      for (let i = word.index + 1; i < word.index + word.segment.length; i++) {
        if (tops[i] !== null && tops[i - 1] !== null && tops[i] > tops[i - 1] + 2
            && sameScript(text[i - 1], text[i])) found.push(word.segment);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", (375, 1280, 1920))
def test_no_table_breaks_a_japanese_word(page, built_site: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    tables = [
        p for p in page_paths(built_site) if p != "print/" and built_page(built_site, p).css_first("article table")
    ]
    assert tables, "no page with a table"
    broken = {}
    for path in tables:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if words := page.evaluate(WORD_BREAKS):
            broken[path] = words
        if width == 375:
            wide = page.evaluate(
                "[...document.querySelectorAll('article .md-typeset__scrollwrap')]"
                ".filter(w => w.scrollWidth > w.clientWidth).length"
            )
            assert not wide, f"{path}: a table scrolls sideways on a phone"
    assert not broken, f"words broken across lines at {width} px: {broken}"


def test_the_footer_is_in_japanese(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("")
    footer = page.locator(".md-copyright").inner_text()
    assert "Made with" not in footer and "で作成しています" in footer, footer


def test_on_a_phone_the_page_title_has_no_line_of_its_own_for_its_link(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 812})
    taller = []
    for path in page_paths(built_site):
        page.goto(path)
        heights = page.evaluate(
            """() => {
                 const h1 = document.querySelector('article h1');
                 const link = h1?.querySelector('.headerlink');
                 if (!link) return null;
                 const before = h1.getBoundingClientRect().height;
                 link.remove();
                 return [before, h1.getBoundingClientRect().height];
               }"""
        )
        if heights and heights[0] > heights[1] + 1:
            taller.append(f"{path}: {heights[0]} px with its ¶, {heights[1]} px without")
    assert not taller, taller
