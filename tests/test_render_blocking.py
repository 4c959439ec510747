"""Little blocks the first paint: every script is deferred, and the handout's styles stay on /print/.

benchmarks/lighthouse.py measures the effect (make audit); this test holds the
line on the built HTML, so that a theme upgrade that renames Material's bundle
(overrides/main.html adds `defer` to it) or a plugin option that comes back
shows up in `make test`.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from site_tools import built_page, page_paths

HANDOUT_SCRIPT = "js/print-site.js"
# A rule from each of the plugin's stylesheets, which hooks/handout.py inlines into /print/.
HANDOUT_STYLES = (
    'div.print-site-add-full-url section.print-page a[href^="http"]::after',
    "#print-site-page ul.toc-section-line-border",
)


def pages(built_site: Path) -> dict[str, LexborHTMLParser]:
    return {path or "/": built_page(built_site, path) for path in page_paths(built_site)}


def test_no_script_blocks_the_parser(built_site: Path) -> None:
    blocking = [
        f"{path}: {script.html}"
        for path, tree in pages(built_site).items()
        for script in tree.css("script[src]")
        if not {"defer", "async"} & script.attributes.keys() and script.attributes.get("type") != "module"
    ]
    assert not blocking, blocking


def test_the_handout_styles_and_script_are_on_print_only(built_site: Path) -> None:
    for path, tree in pages(built_site).items():
        inline_css = "".join(style.text() for style in tree.css("style"))
        styles = [style for style in HANDOUT_STYLES if style in inline_css]
        script = bool(tree.css(f'script[src$="{HANDOUT_SCRIPT}"]'))
        if path == "print/":
            assert styles == list(HANDOUT_STYLES) and script, f"{path}: styles {styles}, script {script}"
            assert not tree.css('link[href*="css/print-site"]'), "the handout's styles are inline, not fetched"
        else:
            assert not styles and not script, f"{path} has the handout's styles {styles} or script"
    assert (built_site / HANDOUT_SCRIPT).is_file(), f"{HANDOUT_SCRIPT} is not in the build"


def test_a_first_paint_that_waits_for_an_element_waits_for_one_near_the_top(built_site: Path) -> None:
    """The handout's first paint waits until its first page is parsed (<link rel=expect>, main.html). An element
    that is missing, or far down, would hold the first paint until the whole long page is parsed."""
    for path, tree in pages(built_site).items():
        html = tree.html or ""
        for link in tree.css('link[rel="expect"]'):
            target = (link.attributes.get("href") or "").removeprefix("#")
            element = tree.css_first(f'[id="{target}"]')
            assert element is not None, f"{path}: nothing has the id {target!r}"
            at = html.find(f'id="{target}"')  # as selectolax writes it out
            assert 0 < at < len(html) / 4, f"{path}: #{target} is {at} of {len(html)} characters into the page"
