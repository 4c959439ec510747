"""Broken Markdown never reaches a reader: the real strict build of a copy of the site fails,
naming each broken input by its file and line.

Each test copies the site (docs/, overrides/, locales/, mkdocs.yml), injects
several broken inputs into the pages, builds once and checks that every one is
named. Line numbers are found in the copy, not written down, so that the
pages' own edits do not break the tests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from site_tools import append, built_page, mkdocs_build, site_copy


def insert(page: Path, before: int, text: str) -> int:
    """Put TEXT's lines in PAGE before its 1-based line BEFORE; returns that line number."""
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[before - 1 : before - 1] = text.split("\n")
    page.write_text("\n".join(lines), encoding="utf-8")
    return before


def line_of(page: Path, text: str) -> int:
    """The 1-based line of PAGE that starts with TEXT."""
    lines = page.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(text))


def build(project: Path) -> subprocess.CompletedProcess[str]:
    result = mkdocs_build(project, project / "site", timeout=180)
    assert result.returncode != 0, f"the broken copy built:\n{result.stderr}"
    return result


def test_open_fences_bad_front_matter_and_missing_images_are_all_named(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    docs = project / "docs"
    sagemaker = docs / "session-01/sagemaker.md"
    first_diagram = line_of(sagemaker, "```mermaid")
    swallowing = "```mermaid\nflowchart LR\n    a --> b\n\nこの文はコードになってしまう。\n"
    left_open = insert(sagemaker, first_diagram, swallowing)
    runs_into = first_diagram + swallowing.count("\n") + 1  # the diagram that was there
    tilde = append(docs / "session-01/infrastructure.md", "~~~python\nprint('never closed')")
    quiz_page = insert(docs / "session-01/which-service.md", 2, "broken: a: b")
    plain_page = insert(docs / "index.md", 3, "broken: a: b")
    image = append(
        docs / "session-01/ml-services.md",
        '<img src="../assets/missing.png" alt="ない画像">\n\n`<img src="shown-as-code.png">`',
    )

    stderr = build(project).stderr

    bad_yaml = "front matter is not valid YAML: mapping values are not allowed here"
    expected = [
        (
            f"session-01/sagemaker.md:{left_open}: the ``` fence is never closed "
            f"before the fence at line {runs_into} opens"
        ),
        f"session-01/infrastructure.md:{tilde}: the ~~~ fence is never closed (add a line of ~~~)",
        f"session-01/which-service.md:{quiz_page}: {bad_yaml}",
        f"index.md:{plain_page}: {bad_yaml}",
        (
            f'session-01/ml-services.md:{image}: <img src="../assets/missing.png"> '
            "is /session-01/assets/missing.png, which is not in the site"
        ),
    ]
    missing = [message for message in expected if message not in stderr]
    assert not missing, f"not reported: {missing}\n{stderr}"
    assert "shown-as-code.png" not in stderr, "an <img> shown as code is not an image"
    assert "quiz" not in stderr.lower(), "the quiz page's error blames the YAML, not the quiz"


def test_undrawn_and_unparsable_diagrams_are_named_each_by_its_fence(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    docs = project / "docs"
    diagram = "flowchart LR\n    accTitle: {title}\n    accDescr: テスト用の図です。\n    {body}"
    undrawn = append(
        docs / "session-01/ml-services.md",
        "```mermaid\n" + diagram.format(title="まだ描いていない図", body="a --> b") + "\n```",
    )
    unparsable = append(
        docs / "session-01/sagemaker.md",
        "```mermaid\n" + diagram.format(title="書き損じた図", body="a -->>> b") + "\n```",
    )

    stderr = build(project).stderr

    assert f"session-01/ml-services.md:{undrawn}: the diagram has no drawing yet; run `make diagrams`" in stderr, stderr
    assert f"session-01/sagemaker.md:{unparsable}: Mermaid cannot parse the diagram:" in stderr, stderr
    assert "Parse error on line 4" in stderr, "Mermaid's own message"
    named = set(re.findall(r"[\w/-]+\.md:\d+", stderr))
    assert named == {
        f"session-01/ml-services.md:{undrawn}",
        f"session-01/sagemaker.md:{unparsable}",
    }, stderr


def test_quizzes_that_teach_nothing_are_named_on_the_site(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    page = project / "docs" / "session-01/which-service.md"
    text = page.read_text(encoding="utf-8")
    first_quiz = line_of(page, "<quiz>")
    start = text.index("<quiz>")
    end = text.index("</quiz>", start)
    text = text[:start] + text[start:end].replace("- [ ] ", "- [x] ") + text[end:]
    second = text.index("<quiz>", end)
    feedback = text.index("\n> ", second)
    answer_line = text.count("\n", 0, feedback) + 1
    page.write_text(text[:feedback] + text[text.index("\n", feedback + 1) :], encoding="utf-8")

    stderr = build(project).stderr

    assert f"session-01/which-service.md:{first_quiz}: every answer of the quiz is correct" in stderr, stderr
    assert f"session-01/which-service.md:{answer_line}: answer has no feedback" in stderr, stderr


def test_a_broken_search_synonym_list_is_named_by_its_line(tmp_path: Path) -> None:
    project = site_copy(tmp_path)
    synonyms = project / "locales/search-synonyms.ja.yml"
    line = append(synonyms, "ベッドロック:")  # a word with no list of typed words
    stderr = build(project).stderr
    assert f"locales/search-synonyms.ja.yml:{line}: 'ベッドロック' needs a list of words" in stderr, stderr


def set_front_matter(page: Path, key: str, value: str | None) -> int:
    """Set (or with None, remove) KEY in PAGE's front matter; returns the line it is on (1 when removed)."""
    lines = page.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    at = next((n for n in range(1, end) if lines[n].startswith(f"{key}:")), None)
    if value is None:
        assert at is not None, f"{page} has no {key}:"
        del lines[at]
        number = 1
    elif at is None:
        lines.insert(end, f"{key}: {value}")
        number = end + 1
    else:
        lines[at] = f"{key}: {value}"
        number = at + 1
    page.write_text("\n".join(lines), encoding="utf-8")
    return number


def test_pages_written_wrong_are_all_named_before_anything_renders(tmp_path: Path) -> None:
    """The source-level mistakes of the organiser's README, each on its own page and line, in one build."""
    project = site_copy(tmp_path)
    docs = project / "docs"
    # A page saved as Shift_JIS: its first Japanese byte is on the title line.
    glossary = docs / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_bytes(text.encode("shift_jis"))
    first_japanese = next(n for n, line in enumerate(text.split("\n"), start=1) if not line.isascii())
    no_description = docs / "session-01/summary.md"
    set_front_matter(no_description, "description", None)
    sixty = set_front_matter(docs / "session-01/index.md", "talk_minutes", "sixty")
    sagemaker = docs / "session-01/sagemaker.md"
    untitled = append(sagemaker, "!!! note supplement\n\n    日付も題もない補足です。")
    undated = append(sagemaker, '!!! note supplement "補足：日付がありません"\n\n    本文です。')
    no_class = append(sagemaker, '??? note "2026年12月2日の補足：クラスがありません"\n\n    本文です。')
    no_such_day = append(sagemaker, '!!! note supplement "2026年2月30日の補足：ない日付"\n\n    本文です。')
    capital = append(sagemaker, "<!-- Slide -->")
    unindented = append(
        sagemaker, '!!! note supplement "2026年12月2日の補足：字下げなし"\n\n本文が字下げされていません。'
    )
    huge = docs / "session-01/next.md"
    huge.write_text(
        huge.read_text(encoding="utf-8") + "\n" + "とても長いページです。" * 18_000 + "\n", encoding="utf-8"
    )

    stderr = build(project).stderr

    expected = [
        f"glossary.md:{first_japanese}: the page is not UTF-8 (byte 0x",
        "Shift_JIS perhaps): save it as UTF-8 in your editor",
        "session-01/summary.md:1: front matter has no `description:` (or an empty one); add description:",
        f"session-01/index.md:{sixty}: talk_minutes: 'sixty' is not a whole number of minutes; write digits",
        f"session-01/sagemaker.md:{untitled}: the supplement has no title, so Material heads it with an English 「Note」",
        f"session-01/sagemaker.md:{undated}: the supplement's title '補足：日付がありません' is not 「YYYY年M月D日の補足：…」",
        (
            f"session-01/sagemaker.md:{no_class}: '2026年12月2日の補足：クラスがありません' is dated like a supplement "
            "but lacks the class `supplement`"
        ),
        f"session-01/sagemaker.md:{no_such_day}: the supplement's title '2026年2月30日の補足：ない日付' has no such date",
        f"session-01/sagemaker.md:{capital}: '<!-- Slide -->' is no slide mark; write `<!-- slide -->`",
        f"session-01/sagemaker.md:{unindented}: the admonition has no body: Material draws an empty box",
        (
            "session-01/next.md:1: the page is 0.6 MB of Markdown, more than the 500 KB a page may have: its text "
            "would push the search index past what the service worker keeps offline"
        ),
    ]
    missing = [message for message in expected if message not in stderr]
    assert not missing, f"not reported: {missing}\n{stderr}"
    assert "Traceback" not in stderr, stderr


def test_what_the_rendered_page_shows_wrong_is_named_by_its_source_line(tmp_path: Path) -> None:
    """Slide marks presentation mode cannot see, one id on two headings, links that run scripts or open local files,
    a countdown on a page that is not its deck's first: all named, in one build, by the line the author wrote."""
    project = site_copy(tmp_path)
    page = project / "docs" / "session-01/infrastructure.md"
    in_list = append(page, "- 項目その1\n\n    <!-- slide -->\n\n    続きの段落です。")
    in_admonition = append(
        page,
        '!!! note supplement "2026年12月2日の補足：中で区切る"\n\n    前半です。\n\n    <!-- slide -->\n\n    後半です。',
    )
    in_admonition += 4
    in_list += 2
    first_key = append(page, "## 同じ見出しキー {#same-key}\n\n本文です。")
    second_key = append(page, "## もう一つの見出し {#same-key}\n\n本文です。")
    script = append(page, "[押してください](javascript:alert(1))")
    local = append(page, '<a href="file:///C:/Users/me/notes.txt">手元のメモ</a>')
    reference = append(page, "[参照の形][local]\n\n[local]: FILE:///etc/hosts")
    as_code = append(page, "段落です。\n\n    <!-- slide -->") + 2
    text = page.read_text(encoding="utf-8")
    explanation = text.index("\nもう一度読む：[料金](#cost)\n")  # the first quiz's explanation
    in_quiz = text.count("\n", 0, explanation) + 2
    page.write_text(text[:explanation] + "\n<!-- slide -->\n" + text[explanation:], encoding="utf-8")
    shifted = 2  # lines put in above everything appended: the mistakes below the quiz move down
    in_list, in_admonition, first_key, second_key, script, local, reference, as_code = (
        n + shifted for n in (in_list, in_admonition, first_key, second_key, script, local, reference, as_code)
    )
    not_first = set_front_matter(project / "docs" / "session-01/sagemaker.md", "talk_minutes", "60")
    # What is fine: slide marks between blocks (Python-Markdown ends a paragraph at one), and each mistake as code.
    append(
        page,
        "段落のすぐ後の区切りです。\n<!-- slide -->\n\n`[x](javascript:void(0))` と `<!-- slide -->` はコードです。",
    )

    stderr = build(project).stderr

    where = "session-01/infrastructure.md"
    expected = [
        f"{where}:{in_list}: `<!-- slide -->` inside a list item: presentation mode only splits at a mark",
        f"{where}:{in_admonition}: `<!-- slide -->` inside an admonition",
        f"{where}:{in_quiz}: `<!-- slide -->` inside a quiz",
        f"{where}:{as_code}: `<!-- slide -->` is indented, so Markdown shows it as code",
        f"{where}:{second_key}: the id 'same-key' is also that of the <h2> at line {first_key}",
        f"{where}:{script}: a javascript: link ('javascript:alert(1)') runs a script in the reader's page",
        f"{where}:{local}: a file: link ('file:///C:/Users/me/notes.txt') points into the reader's own computer",
        f"{where}:{reference + 2}: a file: link ('FILE:///etc/hosts')",
        (
            f"session-01/sagemaker.md:{not_first}: talk_minutes: is read only from the first page of a deck "
            "(session-01/index.md for 第1回"
        ),
    ]
    missing = [message for message in expected if message not in stderr]
    assert not missing, f"not reported: {missing}\n{stderr}"
    named = re.findall(r"[\w/-]+\.md:(\d+): ", stderr)
    assert len(named) == len(expected), f"something fine was reported too:\n{stderr}"


def test_arrows_in_a_quiz_render_as_written_and_near_misses_build(tmp_path: Path) -> None:
    """`-->` in a question and an option shows as text, with no quiz source above the quiz (mkdocs.yml turns off
    mkdocs-quiz's embed_source); what only looks like a mistake builds: `->` in feedback, a slide mark in a code
    fence and in inline code, `javascript:` as code."""
    project = site_copy(tmp_path)
    page = project / "docs" / "session-01/which-service.md"
    text = page.read_text(encoding="utf-8")
    question = text.index("<quiz>\n") + len("<quiz>\n")
    text = text[:question] + "学習データ --> モデル、の流れで考えます。" + text[question:]
    text = text.replace("- [x] Amazon Rekognition\n", "- [x] Amazon Rekognition --> ラベル\n", 1)
    text = text.replace("> 正解。画像を渡すと", "> 正解。画像 -> ラベル。画像を渡すと", 1)
    page.write_text(text, encoding="utf-8")
    append(
        project / "docs" / "session-01/infrastructure.md",
        "```markdown\n<!-- slide -->\n- [x](javascript:void(0))\n```\n\n`<!-- slide -->` と `javascript:` はコードです。",
    )

    result = mkdocs_build(project, project / "site", timeout=180)

    assert result.returncode == 0, result.stderr
    built = built_page(project / "site", "session-01/which-service/")
    question = built.css_first(".quiz .quiz-question").text()
    assert "学習データ --> モデル" in question, question
    labels = [label.text() for label in built.css(".quiz label")]
    assert "Amazon Rekognition --> ラベル" in labels, labels
    article = built.css_first("article").text()
    assert "[x] Amazon" not in article and "[ ] Amazon" not in article, "the quiz's source shows on the page"


def test_diagrams_without_the_readmes_caption_are_named(tmp_path: Path) -> None:
    """A diagram says right below it what in the notes it stands in for, in the README's words."""
    project = site_copy(tmp_path)
    page = project / "docs" / "session-01/sagemaker.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    captions = [n for n, line in enumerate(lines) if line.startswith('<p class="diagram-caption added">')]
    fences = [n for n, line in enumerate(lines) if line.startswith("```mermaid")]
    lines[captions[0]] = ""  # no caption (the line kept, so that no diagram moves)
    lines[captions[1]] = '<p class="diagram-caption added">SageMakerの図です。</p>'
    page.write_text("\n".join(lines), encoding="utf-8")

    stderr = build(project).stderr

    last_fence = max(n for n in fences if n < captions[0])  # a diagram drawn twice: its second copy
    no_caption = f"session-01/sagemaker.md:{last_fence + 1}: the diagram has no caption right after it; add <p class="
    wording = f"session-01/sagemaker.md:{captions[1] + 1}: the diagram's caption does not say what in the notes"
    assert no_caption in stderr and wording in stderr, stderr
