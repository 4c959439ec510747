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


# Search that forgives (overrides/hooks/search_variants.py, docs/assets/javascripts/search-query.js).
@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("ﾎｽﾃｨﾝｸﾞ", "session-01/sagemaker/"),  # half-width kana, as the page's ホスティング
        ("ＳａｇｅＭａｋｅｒ", "session-01/sagemaker/"),  # full-width Latin letters
        ("レコメンド", "session-01/which-service/"),  # a synonym: the page says レコメンデーション
        ("セージメーカー", "session-01/sagemaker/"),  # a synonym: SageMaker in katakana
        ("エンドポント", "glossary/"),  # a letter left out of エンドポイント
        ("ホスティンク", "session-01/sagemaker/"),  # a letter changed in ホスティング
        ("sagemakr", "session-01/sagemaker/"),  # a letter left out of a Latin word
    ],
)
def test_search_forgives_width_synonyms_and_one_letter_slips(page, query: str, expected_page: str) -> None:  # type: ignore[no-untyped-def]
    results = search(page, query)
    assert any(expected_page in r["href"] for r in results[:10]), (query, results[:10])


def scores(page, query: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Each result's location and Material's score for it."""
    search(page, query)
    return page.locator(".md-search-result__link").evaluate_all(
        "links => Object.fromEntries(links.map(a => [a.getAttribute('href').replace(/\\?h=[^#]*/, ''),"
        " parseFloat(a.querySelector('[data-md-score]').dataset.mdScore)]))"
    )


def test_a_one_letter_slip_ranks_below_the_exact_word(page) -> None:  # type: ignore[no-untyped-def]
    """The same sections, found by the word and by the word with a letter left out: each scores lower
    when found by the slip, so a section the slip alone finds ranks below the exact matches."""
    exact, slip = scores(page, "エンドポイント"), scores(page, "エンドポント")
    # (Material lists a matched section's page too, with score 0, if the page itself did not match.)
    common = {location for location in set(exact) & set(slip) if exact[location] > 0}
    assert common, (exact, slip)
    assert all(slip[location] < exact[location] for location in common), {k: (exact[k], slip[k]) for k in common}
