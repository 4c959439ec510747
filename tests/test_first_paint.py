"""The first paint is what the page keeps: Material's script, when it starts, restyles nothing.

Material's script gives <html> its classes and the body its colour scheme when
it starts, after the page has been parsed and painted. A change there then
restyles every element of the page in one long task (Lighthouse counts it as
blocking time on the handout), and a colour change shows as a flash. So the
page is built with the classes and the light scheme's colours the script
settles on (overrides/main.html, the first palette in mkdocs.yml), and this
test checks that the script leaves them as they were when the body began.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_tools import page_paths

pytestmark = pytest.mark.browser

# What the body and <html> look like as soon as the body exists, before any script of the page's own.
SNAPSHOT = """
window.__state = () => ({
  html: document.documentElement.className,
  body: Object.fromEntries([...document.body.attributes]
    .filter((a) => ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"].includes(a.name))
    .map((a) => [a.name, a.value])),
});
new MutationObserver((records, observer) => {
  if (document.body) {
    window.__atFirstBody = window.__state();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def test_material_script_changes_neither_classes_nor_colours(browser, built_site: Path, site_url: str) -> None:  # type: ignore[no-untyped-def]
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
