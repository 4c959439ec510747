"""What a review against AWS's pages found wrong on the site stays fixed.

The facts are ../shared/facts/aws-ml-2026.md's, corrected on 2026-12-02.
"""

from __future__ import annotations

import re
from pathlib import Path

from site_nav import nav_pages
from site_tools import built_page
from source_notes import article_text


def sentences(built_site: Path) -> list[tuple[str, str]]:
    """(page, sentence) for every sentence of every page in the nav, quizzes included."""
    found = []
    for page in nav_pages():
        html = (built_site / page.url / "index.html").read_text(encoding="utf-8")
        found += [(page.url, s) for s in re.split(r"(?<=[。．！？])", article_text(html)) if s.strip()]
    return found


def test_no_page_says_people_pathing_is_the_only_rekognition_change(built_site: Path) -> None:
    pathing = [(url, s) for url, s in sentences(built_site) if "People Pathing" in s]
    assert pathing, "the Rekognition explanation names People Pathing"
    assert not [s for _, s in pathing if re.search(r"だけ|のみ|唯一", s)], pathing
    text = "".join(s for url, s in sentences(built_site) if url == pathing[0][0])
    assert "Streaming Video" in text and "Bulk Image Analysis" in text and "2026年4月30日" in text, (
        "the 2026-04-30 closure of Streaming Video and Bulk Image Analysis is named"
    )


def test_personalize_got_one_new_recipe_in_2025_not_two(built_site: Path) -> None:
    for url, sentence in sentences(built_site):
        if "レシピ" in sentence and "2025年4月" in sentence:
            assert re.search(r"2025年4月\d*日?に[^。]*設定", sentence), f"{url}: {sentence}"


def test_the_endpoint_billing_quiz_is_about_instance_backed_endpoints(built_site: Path) -> None:
    tree = built_page(built_site, "session-01/infrastructure/")
    quizzes = [q for q in tree.css(".quiz") if "エンドポイント" in q.css_first(".quiz-question").text()]
    assert quizzes, "the endpoint billing quiz is on section 4's page"
    for quiz in quizzes:
        question = quiz.css_first(".quiz-question").text()
        correct = quiz.css_first("input[data-correct]").attributes["id"]
        key = quiz.css_first(f"label[for='{correct}']").text()
        assert "インスタンスベース" in question, question
        assert "インスタンス" in key, f"the key must say the instances are what is billed: {key!r}"
    cost = article_text(tree.html)
    assert "0台" in cost and "推論コンポーネント" in cost, "scale-to-zero of inference components is said"
