"""On a 375 px phone no heading or note title ends on a line of one character (「…ざっく／り」):
site.css balances their lines (text-wrap: balance)."""

from __future__ import annotations

import pytest

import site_nav
from site_tools import CONFIG

pytestmark = pytest.mark.browser

SESSION_PAGES = {urls[0].split("/")[0]: urls for urls in site_nav.sessions(CONFIG).values()}
TITLES = ".md-content :is(h1, h2, h3, h4, .admonition-title, details > summary)"
# Each visible title whose last line holds one character, with that line's text.
ONE_CHARACTER_LAST_LINES = """(selector) => [...document.querySelectorAll(selector)].filter((e) => e.checkVisibility()).map((e) => {
  const chars = [];
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('.headerlink')) continue;
    for (let i = 0; i < node.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect) chars.push([(rect.top + rect.bottom) / 2, node.data[i]]);
    }
  }
  const middles = chars.map(([middle]) => middle);
  const last = Math.max(...middles), first = Math.min(...middles);
  if (!chars.length || last - first < 4) return null;  // one line
  const onLast = chars.filter(([middle]) => last - middle < 4).map(([, c]) => c).join('');
  return onLast.length === 1 ? `${e.textContent.trim()} (last line: ${onLast})` : null;
}).filter(Boolean)"""


@pytest.mark.every_session
@pytest.mark.parametrize("session", sorted(SESSION_PAGES))
def test_no_title_ends_on_a_one_character_line(page, session: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 740})
    found = {}
    for path in SESSION_PAGES[session]:
        page.goto(path)
        if lonely := page.evaluate(ONE_CHARACTER_LAST_LINES, TITLES):
            found[path] = lonely
    assert not found, f"titles ending on a line of one character: {found}"
