"""Japanese search finds the right page, and never shows diagram source."""

from __future__ import annotations

import pytest

from site_tools import type_query

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def search(page, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    page.goto("session-01/")
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    type_query(page, query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    return page.locator(".md-search-result__link").evaluate_all(
        "links => links.map(a => ({ href: a.getAttribute('href'), text: a.innerText }))"
    )


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("ホスティング", "session-01/sagemaker/"),
        ("トレーニング", "session-01/sagemaker/"),
        ("ラベリング", "session-01/sagemaker/"),
        ("料金", "session-01/infrastructure/"),
        ("レコメンデーション", "session-01/which-service/"),
        ("AIサービス", "session-01/ml-services/"),  # Latin letters next to kana
        ("MLサービス", "session-01/ml-services/"),
    ],
)
def test_japanese_words_find_their_page(page, query: str, expected_page: str) -> None:  # type: ignore[no-untyped-def]
    results = search(page, query)
    assert any(expected_page in r["href"] for r in results[:5]), (query, results[:5])


NO_RESULTS = "何も見つかりませんでした"


@pytest.mark.parametrize("query", ["flowchart", "accTitle", "classDef"])
def test_search_shows_no_mermaid_source(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("session-01/")
    page.keyboard.press("/")
    type_query(page, query)
    # Material's "search.result.none" (partials/languages/ja.html): shown only once the
    # search worker has answered the query, which type_query enters at once.
    expect(page.locator(".md-search-result__meta")).to_have_text(NO_RESULTS)
    assert page.locator(".md-search-result__item").count() == 0, page.locator(".md-search-result").inner_text()
