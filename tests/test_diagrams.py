"""Every Mermaid diagram is checked at build time, parses in the self-hosted Mermaid, and draws."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from page_weight import draw_diagrams  # noqa: E402
from site_tools import load_hook, mkdocs_build  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "diagrams"


def site_diagrams() -> list[tuple[str, int, str]]:
    """(Markdown page, line of the fence, diagram source) for every diagram of the site."""
    hook = load_hook("diagrams")
    found = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        src = md.relative_to(ROOT / "docs").as_posix()
        found += [(src, d.line, d.source) for d in hook.find_diagrams(md.read_text(encoding="utf-8"), src)]
    return found


def page_url(src: str) -> str:
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def build_fixture(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    """Build a one-page project that uses the site's real diagrams hook."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text((DATA / page).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: fixture\nstrict: true\n"
        f"hooks:\n  - {ROOT / 'overrides' / 'hooks' / 'diagrams.py'}\n"
        "markdown_extensions:\n  - pymdownx.superfences\n",
        encoding="utf-8",
    )
    return mkdocs_build(tmp_path, tmp_path / "site", timeout=120)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("unclosed-fence.md", "index.md:5: mermaid fence is never closed"),
        ("missing-acctitle.md", "index.md:3: mermaid diagram needs a non-empty accTitle:"),
        ("unknown-diagram-type.md", "index.md:3: unknown mermaid diagram type"),
        ("missing-accdescr-after-front-matter.md", "index.md:8: mermaid diagram needs a non-empty accDescr:"),
    ],
)
def test_a_bad_diagram_fails_the_build_with_page_and_line(tmp_path: Path, page: str, message: str) -> None:
    result = build_fixture(tmp_path, page)
    assert result.returncode != 0, result.stderr
    assert message in result.stderr, result.stderr


def test_valid_mermaid_in_other_forms_builds(tmp_path: Path) -> None:
    """%% comments, an accDescr { } block, and a mermaid example shown inside a longer fence."""
    result = build_fixture(tmp_path, "valid-other-forms.md")
    assert result.returncode == 0, result.stderr


def test_the_site_has_the_diagrams_the_notes_need() -> None:
    titles = {src: [] for src, _, _ in site_diagrams()}
    for src, _, source in site_diagrams():
        titles[src] += [line.split(":", 1)[1].strip() for line in source.splitlines() if "accTitle:" in line]
    assert len(titles["session-01/sagemaker.md"]) >= 4, titles  # [画像01], [画像2], [画像3], 2-3
    assert titles["session-01/ml-services.md"] and titles["session-01/infrastructure.md"], titles


@pytest.mark.browser
def test_every_diagram_parses_in_the_self_hosted_mermaid(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("")
    errors = []
    for src, line, source in site_diagrams():
        error = page.evaluate(
            "async (text) => { try { await window.mermaid.parse(text); return null; }"
            " catch (e) { return String(e.message || e); } }",
            source,
        )
        if error:
            first = source.strip().splitlines()[0]
            errors.append(f"docs/{src}:{line}: {first!r}: {error}")
    assert not errors, "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("src", sorted({src for src, _, _ in site_diagrams()}))
def test_every_diagram_draws_a_visible_titled_svg(open_shadow_roots, src: str) -> None:  # type: ignore[no-untyped-def]
    page = open_shadow_roots
    expected = sum(1 for s, _, _ in site_diagrams() if s == src)
    page.goto(page_url(src))
    draw_diagrams(page)  # each is drawn as the reader comes near it
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('div.mermaid')].filter(d => d.shadowRoot?.querySelector('svg')).length === n",
        arg=expected,
    )
    for box in page.locator("div.mermaid").all():
        box.scroll_into_view_if_needed()
        svg = box.evaluate(
            "d => { const s = d.shadowRoot.querySelector('svg'); const r = s.getBoundingClientRect();"
            " return { w: r.width, h: r.height, title: s.querySelector('title')?.textContent,"
            " desc: s.querySelector('desc')?.textContent, labelled: s.getAttribute('aria-labelledby') } }"
        )
        assert svg["w"] > 100 and svg["h"] > 50, svg
        assert svg["title"] and svg["desc"] and svg["labelled"], svg
