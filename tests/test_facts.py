"""What a review against AWS's pages found wrong on the site stays fixed.

The facts are ../shared/facts/aws-ml-2026.md's, corrected on 2026-12-02 and 2026-12-06.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_nav import nav_pages, sessions
from site_tools import CONFIG, built_page
from source_notes import article_text

# Each session's pages by folder (session-01), from the nav.
SESSIONS = {urls[0].split("/")[0]: urls for urls in sessions(CONFIG).values()}


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


# Pins of the review against the fact sheet corrected on 2026-12-06 (issue 26). Each says what the
# page says now and what it must no longer say; each failed on the site as it was before the fix.


def page_texts(built_site: Path) -> dict[str, str]:
    """Each nav page's article text (quizzes, captions and supplements included), by URL path."""
    return {
        page.url: article_text((built_site / page.url / "index.html").read_text(encoding="utf-8"))
        for page in nav_pages()
    }


def pages_saying(built_site: Path, words: str) -> dict[str, str]:
    return {url: text for url, text in page_texts(built_site).items() if words in text}


# Wording that read as translated or said the opposite, and what replaced it (old, new).
REWORDED = [
    ("と先に回した話題", "と後回しにした話題"),
    ("AIの統合プラットフォームの名前です", "AIの統合プラットフォームを指す名前になりました"),
    ("このページの機能は", "このページで扱う機能は、いまの"),
    (
        "から、ノートのStudioは Studio Classic です",
        "ノートのStudioは、2023年11月30日から Studio Classic と呼ばれています",
    ),
    ("最近のAWSの資料は", "のページが案内されています"),
    ("課金され、ジョブが終われば止まります", "課金されます。ジョブが終わるとインスタンスが止まり"),
    (
        "インスタンスで動くリアルタイムエンドポイント（インスタンスベース）",
        "インスタンスベースのリアルタイムエンドポイント",
    ),
    ("それに、いまは新規受付を終了しています", "また、現在は新規受付を終了しています"),
    ("までするので、MLサービスを使うことになります", "までを行うため、MLサービスを使います"),
    ("見出しのすぐ下にあるとき以外は1枚を使います", "見出しの直後にある場合を除き、それぞれ1枚のスライドになります"),
]


@pytest.mark.parametrize(("old", "new"), REWORDED, ids=[new[:12] for _, new in REWORDED])
def test_a_reworded_sentence_reads_as_rewritten(built_site: Path, old: str, new: str) -> None:
    texts = {url: re.sub(r"\s", "", text) for url, text in page_texts(built_site).items()}  # **bold** adds spaces
    old, new = re.sub(r"\s", "", old), re.sub(r"\s", "", new)
    assert not [url for url, text in texts.items() if old in text], f"still says {old!r}"
    assert [url for url, text in texts.items() if new in text], f"no page says {new!r}"


def test_browser_is_spelt_one_way(built_site: Path) -> None:
    """ブラウザー everywhere (prh.yml enforces it in the added text), the quiz's own labels included."""
    quiz_labels = (built_site / "assets" / "javascripts" / "mkdocs-quiz.js").read_text(encoding="utf-8")
    found = [
        (url, m)
        for url, text in [*page_texts(built_site).items(), ("mkdocs-quiz.js", quiz_labels)]
        for m in re.findall(r".{0,12}ブラウザ(?!ー).{0,8}", text)
    ]
    assert not found, found
    assert pages_saying(built_site, "ブラウザー"), "the word is used, spelt ブラウザー"


def test_studio_classic_apps_can_no_longer_be_created(built_site: Path) -> None:
    """Not only "new domains get the new Studio": new Studio Classic apps cannot be created."""
    new_domains = pages_saying(built_site, "新しいStudioを使います")
    assert new_domains, "the move to the new Studio is said"
    for url, text in new_domains.items():
        assert "Studio Classicのアプリはもう新しく作れず" in text, (
            f"{url} says only that new domains use the new Studio"
        )


def test_studio_billing_names_studio_classic_and_idle_shutdown(built_site: Path) -> None:
    """The "billed until stopped" page is Studio Classic's; the new Studio's apps can stop when idle."""
    for url in (page.url for page in nav_pages()):
        page = built_page(built_site, url)
        hrefs = [a.attributes.get("href") or "" for a in page.css("article a[href]")]
        if not any("notebooks-usage-metering" in h for h in hrefs):
            continue
        assert any("studio-updated-idle-shutdown" in h for h in hrefs), f"{url}: no idle shutdown page cited"
        text = article_text(page.html)
        assert "Studio Classic" in text and "アイドルシャットダウン" in text, url


def test_scale_to_zero_is_told_endpoint_by_endpoint(built_site: Path) -> None:
    cost = article_text(built_page(built_site, "session-01/infrastructure/").html)
    said = {
        "instance-backed endpoints bill while their instances run": "インスタンスベースのリアルタイムエンドポイントは、リクエストがなくても",
        "inference components take minutes to come back from zero": "インスタンスが戻るまで数分かかります",
        "asynchronous endpoints also scale to zero": "非同期エンドポイントも0台まで減らせます",
        "serverless has no idle instance": "サーバーレス推論には待機中のインスタンスがなく",
    }
    missing = [what for what, words in said.items() if words not in cost]
    assert not missing, missing


def test_training_billing_names_warm_pools(built_site: Path) -> None:
    """Wherever billing is said to stop with the job, warm pools (which keep billing) are named."""
    stops = [(url, s) for url, s in sentences(built_site) if "ジョブが終わ" in s and "課金" in s and "止ま" in s]
    assert stops, "training billing is explained"
    for url, _ in stops:
        assert "ウォームプール" in page_texts(built_site)[url], f"{url}: warm pools keep billing after the job"


def test_lookout_for_vision_way_forward_is_aws_s(built_site: Path) -> None:
    """AWS names SageMaker AI (with JumpStart) and Bedrock; Custom Labels is only another option."""
    forward = [s for _, s in sentences(built_site) if "移行先" in s and "Lookout for Vision" in s]
    assert any("SageMaker AI" in s and "JumpStart" in s and "Bedrock" in s for s in forward), forward
    for url, sentence in sentences(built_site):
        if "Custom Labels" in sentence and "Lookout" in page_texts(built_site)[url]:
            assert "移行先ではありません" in sentence or "選択肢" in sentence, f"{url}: {sentence}"


def test_the_notes_hedge_on_sagemaker_being_the_only_ml_service(built_site: Path) -> None:
    """The speaker wrote 「いまのところSageMakerだけらしい」; no added sentence drops the らしい."""
    for url, sentence in sentences(built_site):
        if re.search(r"SageMakerだけ(?!で完結)", sentence):  # not the notes' heading 「SageMakerだけで完結する…」
            assert "らしい" in sentence, f"{url}: {sentence}"


def test_no_page_gives_the_notes_answers_they_do_not_have(built_site: Path) -> None:
    texts = page_texts(built_site)
    assert not [url for url, text in texts.items() if "定番" in text], "the notes give no answers to section 3"
    assert "答えは書かれていません" in texts["session-01/which-service/"]


def test_the_empty_third_question_of_the_notes_is_said(built_site: Path) -> None:
    text = page_texts(built_site)["session-01/which-service/"]
    assert "中身のない行" in text and "空の3問目" in text, "the notes' empty 「3. 」 is named on the page"


def test_hosting_a_model_trained_elsewhere_needs_files_the_container_reads(built_site: Path) -> None:
    elsewhere = [(url, s) for url, s in sentences(built_site) if "トレーニングしたモデル" in s and "使えます" in s]
    assert not [s for _, s in elsewhere if "どこで" in s], elsewhere
    for url, _ in elsewhere:
        assert "コンテナが読み込める形" in page_texts(built_site)[url], url


def test_the_summary_agrees_with_the_quiz_on_personalize(built_site: Path) -> None:
    """Quiz 2's feedback: Personalize is an AI service that takes your own data."""
    summary = page_texts(built_site)["session-01/summary/"]
    assert "APIを呼ぶだけ" not in summary and "自分のデータで独自のモデルが要るならMLサービス" not in summary
    assert "自社のデータを渡すPersonalize" in summary, summary[:400]


def test_every_glossary_entry_cites_an_aws_page(built_site: Path) -> None:
    article = built_page(built_site, next(p.url for p in nav_pages() if p.title == "用語集")).css_first("article")
    entry, uncited = None, []
    cited: dict[str, bool] = {}
    for node in article.css("h2, h3, p, li"):
        if node.tag in ("h2", "h3"):
            entry = node.attributes.get("id") if node.tag == "h3" else None
            if entry:
                cited[entry] = False
        elif entry and any(
            (a.attributes.get("href") or "").startswith(("https://docs.aws.amazon.com/", "https://aws.amazon.com/"))
            for a in node.css("a[href]")
        ):
            cited[entry] = True
    uncited = [e for e, ok in cited.items() if not ok]
    assert cited and not uncited, f"glossary entries without an AWS source: {uncited}"


def test_the_map_marks_what_ended_and_sources_every_box(built_site: Path) -> None:
    """The 2026 map on section 1's page: its boxes (from the drawing), closed services marked, each named
    in the supplement below it with a link."""
    page = built_page(built_site, "session-01/ml-services/")
    heading = page.css_first("article h2#map-2026")
    assert heading is not None, "the map has its section"
    node, drawing, supplement = heading.next, None, None
    while node is not None and node.tag not in ("h2",):
        if node.tag == "div" and "mermaid" in (node.attributes.get("class") or ""):
            drawing = node
        if node.tag == "div" and "supplement" in (node.attributes.get("class") or ""):
            supplement = node
        node = node.next
    assert drawing is not None and supplement is not None, "a drawing, and a supplement after it"
    # The boxes' labels: the drawing's text without its accessible title and description, which name them all.
    svg = re.sub(r"<(title|desc|style)\b.*?</\1>", "", drawing.html or "", flags=re.DOTALL)
    labels = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", svg))
    for box in (
        "Rekognition",
        "Personalize",
        "Amazon Bedrock",
        "SageMaker AI",
        "Canvas",
        "JumpStart",
        "SageMaker Unified Studio",
        "次世代のAmazon SageMaker",
    ):
        assert box in labels, f"the map has no {box} box: {labels}"
    assert "Forecast（新規受付終了）" in labels and "Lookout for Vision（終了）" in labels, labels
    sources = supplement.text()
    for named in (
        "Rekognition",
        "Personalize",
        "Forecast",
        "Lookout for Vision",
        "Unified Studio",
        "Bedrock",
        "SageMaker AI",
        "Canvas",
        "JumpStart",
    ):
        assert named in sources, f"the map's supplement does not source {named}"
    assert len(supplement.css("a[href^='https://']")) >= 8, "a link for each group of boxes"


@pytest.mark.every_session
@pytest.mark.parametrize("session", sorted(SESSIONS))
def test_the_summary_answers_each_aim_in_one_paragraph(built_site: Path, session: str) -> None:
    """まとめ: an H3 for each aim on the session's first page (its 目的), each answered in one paragraph."""
    titles = {page.url: page.title for page in nav_pages(CONFIG)}
    summaries = [url for url in SESSIONS[session] if titles.get(url) == "まとめ"]
    if not summaries:
        pytest.skip(f"{session} has no まとめ page")
    aims_list = built_page(built_site, SESSIONS[session][0]).css("#aims ~ ul")
    assert aims_list, f"{session}: its first page lists its aims under #aims"
    aims = [li.text().strip() for li in aims_list[0].css("li")]
    answers: dict[str, list[str]] = {}
    current = None
    for node in built_page(built_site, summaries[0]).css_first("article").css("h2, h3, p"):
        if node.tag == "h3":
            current = node.text().replace("¶", "").strip()
            answers[current] = []
        elif node.tag == "h2":
            current = None
        elif current is not None:
            answers[current].append(node.text())
    assert list(answers) == aims, (list(answers), aims)
    assert all(len(paragraphs) == 1 for paragraphs in answers.values()), answers
