"""Code blocks (a Python and a shell one) pass axe in both colour schemes.

The site has no code block of its own yet, so a copy of the site gets the page
tests/data/pages/code-blocks.md in its nav and is built once for this module.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import serve_site
from site_tools import mkdocs_build, site_copy
from test_accessibility import SCHEMES, load, violations

pytestmark = pytest.mark.browser

PAGE = Path(__file__).resolve().parent / "data" / "pages" / "code-blocks.md"


@pytest.fixture(scope="module")
def code_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with the code-block page, built and served; yields its base URL."""
    project = site_copy(tmp_path_factory.mktemp("code-blocks"))
    shutil.copy(PAGE, project / "docs" / "code-blocks.md")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("  - コードの例: code-blocks.md\n")  # nav is the config's last key
    site_dir = project / "site"
    with serve_site.serve(site_dir) as url:
        result = mkdocs_build(project, site_dir, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        yield url


@pytest.fixture(scope="module")
def axe():  # type: ignore[no-untyped-def]
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_code_blocks_have_no_axe_violations(browser, code_site: str, axe, scheme: str) -> None:  # type: ignore[no-untyped-def]
    # A phone: the lines run wider than the screen, so each block scrolls (and takes focus).
    context = browser.new_context(base_url=code_site, locale="ja-JP", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        load(page, "code-blocks/", scheme)
        blocks = page.locator(".md-typeset pre > code")
        assert blocks.count() == 2, "the Python and the shell block"
        assert page.locator(".md-typeset .highlight .c1").count() == 3, "highlighted: the three comments"
        assert blocks.evaluate_all("(codes) => codes.every((c) => c.scrollWidth > c.clientWidth)"), "they scroll"
        assert not (found := violations(axe, page)), found
    finally:
        context.close()
