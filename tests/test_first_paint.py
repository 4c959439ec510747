"""The first paint has the colours the page keeps: Material's script, when it starts, recolours nothing.

Material's script gives the body its colour scheme when it starts, after the
page has been parsed and painted. A change there shows as a flash of the
other accent colour, and restyles every element of the page (the colours are
custom properties set on the body) in the script's first, long task. So the
automatic palette, the first in mkdocs.yml, is built with the light scheme's
colours, and this test checks that the script leaves them as they were when
the body began (in the light scheme; in the dark one, it has to change them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_tools import page_paths

pytestmark = pytest.mark.browser

# The body's colours as soon as the body exists, before any script of the page's own.
SNAPSHOT = """
window.__state = () => Object.fromEntries([...document.body.attributes]
  .filter((a) => ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"].includes(a.name))
  .map((a) => [a.name, a.value]));
new MutationObserver((records, observer) => {
  if (document.body) {
    window.__atFirstBody = window.__state();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def test_material_script_keeps_the_colours_of_the_first_paint(browser, built_site: Path, site_url: str) -> None:  # type: ignore[no-untyped-def]
    changed = {}
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.add_init_script(SNAPSHOT)
    for path in page_paths(built_site):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        page.wait_for_function("document.body.hasAttribute('data-md-color-media')")  # the palette has started
        before, after = page.evaluate("[window.__atFirstBody, window.__state()]")
        if before != after:
            changed[path or "/"] = {"parsed": before, "after Material's script": after}
    context.close()
    assert not changed, changed
