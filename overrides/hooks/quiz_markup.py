"""mkdocs-quiz's HTML as this site serves it: every change to the plugin's markup, checked against what it drew.

The plugin's HTML is changed here, and only here, by exact string replacement
(mkdocs-quiz has no options for these):

- Search: the quiz UI (intro, results, progress panels, the "#" link, the
  回答する button) is marked `data-search-exclude`, and so are the per-answer
  feedback and the explanations, which would give the answers away; search
  shows the questions and their options, never a button label. Each option's
  label is followed by a space, so that the index keeps the options apart
  (not 「Amazon SageMaker AIAmazon SageMaker Unified Studio…」); the options sit
  in a grid, where a space between elements is not drawn.
- Keyboard: each quiz's "#" link is no Tab stop: a keyboard reader would pass it
  before every question, and the heading above the quiz has its own link.
- Phone: the progress bar is sticky under the header, but the plugin appends it
  after the last paragraph, where it would only show once the reader is done;
  it goes to the start of the page.
- Assets: the plugin puts its quiz.js (44 KB, 9 KB gzipped) and quiz.css (10 KB)
  inline into each page with a quiz, with its labels and options as two more
  inline scripts, and its <style> after the page's text (a browser that paints
  early lays the quizzes out unstyled, then moves everything: layout shift).
  They become two cached files, assets/javascripts/mkdocs-quiz.js (a deferred
  <script src> where the inline copy was: it still runs before Material's
  bundle, and again on each instant navigation) and
  assets/stylesheets/mkdocs-quiz.css (a <link> at the very start of the page's
  content, part of what instant navigation swaps in). The labels and options,
  the same on every quiz page, go at the head of the script; a page whose quiz
  options differ fails the build. The handout (/print/) gets each page as this
  hook left it (handout.py keeps one of each tag).

A new mkdocs-quiz release may draw its HTML differently. Each replacement
knows how often it must apply on a page, counted from the page's quizzes
(lib/quiz_fences.py): once a page, once a quiz, once an answer. A replacement
that finds another number fails the build, naming the plugin's version and
the markup it looked for, never passes silently. What the plugin should do
itself, to be reported upstream, is in ARCHITECTURE.md (Quizzes).
"""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs_quiz import plugin as quiz_plugin

from lib import order
from lib.quiz_fences import find_quizzes, quiz_enabled

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

HOOK = "overrides/hooks/quiz_markup.py"
PLUGIN = f"mkdocs-quiz {version('mkdocs-quiz')}"
SCRIPT = "assets/javascripts/mkdocs-quiz.js"
STYLES = "assets/stylesheets/mkdocs-quiz.css"
INLINE_SCRIPT = re.compile(r'<script type="text/javascript">(.*?)</script>', re.DOTALL)
INTRO = "<!-- mkdocs-quiz intro -->"  # where an author asks for the intro and the results panel
RESULTS = "<!-- mkdocs-quiz results -->"


class Counts(NamedTuple):
    """How often a piece of the plugin's markup must be on a page: what its replacement expects."""

    page: int  # 1: the page has quizzes (the progress panels, the assets)
    quizzes: int
    buttons: int  # 回答する buttons: the plugin leaves them out where a choice submits itself (auto_submit)
    answers: int  # answers of multiple-choice quizzes: each has its feedback (quiz_check.py)
    intro: int  # 1 when the page asks for the intro
    results: int  # 1 when the page asks for the results panel


class Fix(NamedTuple):
    old: str  # the plugin's markup, exactly (a regular expression when `pattern`)
    new: str
    expected: str  # the Counts field saying how often `old` is on a page
    why: str
    pattern: bool = False


# Material's search parser matches excluded elements by tag name, so an excluded <div> stops being
# excluded at its first nested </div>: wrap those in an element that does not nest.
FIXES = (
    Fix(
        r'<div id="quiz-results" class="quiz-results">.*?\n</div>',
        r"<aside data-search-exclude>\g<0></aside>",
        "results",
        "the results panel out of search",
        pattern=True,
    ),
    Fix(
        r'<div id="quiz-progress-sidebar".*?\n</div>(?=\s*<nav id="quiz-progress-mobile")',
        r"<aside data-search-exclude>\g<0></aside>",
        "page",
        "the progress panel out of search",
        pattern=True,
    ),
    Fix('<div class="quiz-intro">', '<div class="quiz-intro" data-search-exclude>', "intro", "the intro out of search"),
    Fix(
        '<nav id="quiz-progress-mobile"',
        '<nav id="quiz-progress-mobile" data-search-exclude',
        "page",
        "the phone's progress bar out of search",
    ),
    Fix(
        'class="quiz-header-link">',
        'class="quiz-header-link" tabindex="-1" data-search-exclude>',
        "quizzes",
        'each quiz\'s "#" link out of search and of the Tab order',
    ),
    Fix(
        '<button type="submit" class="quiz-button">',
        '<button type="submit" class="quiz-button" data-search-exclude>',
        "buttons",
        "the 回答する button out of search",
    ),
    Fix(
        '</label><div class="answer-feedback hidden">',
        '</label> <div class="answer-feedback hidden" data-search-exclude>',
        "answers",
        "each answer's feedback out of search, its option apart from the next",
    ),
    Fix(
        '<section class="content hidden">',
        '<section class="content hidden" data-search-exclude>',
        "quizzes",
        "each explanation out of search",
    ),
)
MOBILE_PROGRESS = re.compile(r'<nav id="quiz-progress-mobile".*?</nav>', re.DOTALL)

# The labels and options, as the first quiz page of this build had them: (src_uri, each script's code).
_settings: tuple[str, tuple[str, ...]] | None = None


def script_tag(page_url: str) -> str:
    return f'<script src="{get_relative_url(SCRIPT, page_url)}" defer></script>'


def styles_tag(page_url: str) -> str:
    return f'<link rel="stylesheet" href="{get_relative_url(STYLES, page_url)}">'


def changed(where: str, found: int, expected: int, markup: str, why: str) -> str:
    return (
        f"{HOOK}: {where}: {PLUGIN} drew {found} of {markup!r} where {expected} were expected ({why}); "
        "the plugin's HTML has changed: update the fix in quiz_markup.py, or pin the version that it was written for"
    )


def page_counts(page: Page, config: MkDocsConfig) -> Counts:
    source = page.file.content_string
    quizzes = find_quizzes(source, page.file.src_uri)
    plugin = config.plugins["mkdocs_quiz"]
    meta = page.meta.get("quiz")
    auto_submit = (meta if isinstance(meta, dict) else {}).get("auto_submit", plugin.config.get("auto_submit", True))
    return Counts(
        page=1,
        quizzes=len(quizzes),
        # The plugin's rule: a button unless the quiz submits on a choice (auto_submit, a single right answer).
        buttons=sum(quiz.is_fill_blank() or not auto_submit or quiz.correct() > 1 for quiz in quizzes),
        answers=sum(len(quiz.answers()) for quiz in quizzes),
        intro=int(INTRO in source),
        results=int(RESULTS in source),
    )


def fix_markup(html: str, counts: Counts, where: str) -> str:
    """The page's HTML with every fix made; PluginError when any fix found its markup a number of times other than
    the page's quizzes say."""
    problems = []
    for fix in FIXES:
        expected = getattr(counts, fix.expected)
        if fix.pattern:
            html, found = re.subn(fix.old, fix.new, html, flags=re.DOTALL)
        else:
            found = html.count(fix.old)
            html = html.replace(fix.old, fix.new)
        if found != expected:
            problems.append(changed(where, found, expected, fix.old, fix.why))
    mobile = list(MOBILE_PROGRESS.finditer(html))
    if len(mobile) != 1:
        problems.append(changed(where, len(mobile), 1, MOBILE_PROGRESS.pattern, "the phone's progress bar on top"))
    else:
        html = mobile[0].group() + html[: mobile[0].start()] + html[mobile[0].end() :]
    for markup, what in ((quiz_plugin.style, "its inline quiz.css"), (quiz_plugin.js_script, "its inline quiz.js")):
        if (found := html.count(markup)) != 1:
            problems.append(changed(where, found, 1, markup[:40] + "…", f"{what}, shipped as a cached file"))
    if problems:
        raise PluginError("\n".join(problems))
    return html


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    _settings = None  # `mkdocs serve` keeps this module loaded between builds
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if not quiz_plugin.js_script or not quiz_plugin.style:
        raise PluginError(f"{HOOK}: {PLUGIN} loaded no quiz.js or quiz.css")
    files.append(File.generated(config, SCRIPT, content=quiz_plugin.js_content))
    files.append(File.generated(config, STYLES, content=quiz_plugin.style_content))
    return files


@order.run_at("quiz_markup.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not quiz_enabled(page, config):
        return html
    html = fix_markup(html, page_counts(page, config), page.file.src_uri)
    html = _settings_into_script(html, page.file.src_uri)
    html = html.replace(quiz_plugin.js_script, script_tag(page.url))
    return styles_tag(page.url) + html.replace(quiz_plugin.style, "")


def _settings_into_script(html: str, src_uri: str) -> str:
    """The page less the labels and options; they are noted for on_env, which puts them into the script file."""
    global _settings
    start = html.rindex(quiz_plugin.style) + len(quiz_plugin.style)
    end, scripts = _settings_after(html, start, src_uri)
    if _settings is None:
        _settings = (src_uri, scripts)
    elif _settings[1] != scripts:
        raise PluginError(
            f"{src_uri}: its quiz options or language differ from {_settings[0]}'s; "
            f"{HOOK} ships one set of quiz labels and options for the whole site"
        )
    return html[:start] + html[end:]


def _settings_after(html: str, start: int, where: str) -> tuple[int, tuple[str, ...]]:
    """The labels and options the plugin put between its styles (which end at `start`) and
    its script: where they end, and each inline script's code."""
    end = html.index(quiz_plugin.js_script, start)
    inline = html[start:end]
    if INLINE_SCRIPT.sub("", inline).strip():
        raise PluginError(f"{HOOK}: {where}: {PLUGIN} put unexpected markup between its styles and its script")
    return end, tuple(body.strip() for body in INLINE_SCRIPT.findall(inline))


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page's content is rendered by now, and no file is written yet.
    if _settings is not None:
        script = files.get_file_from_path(SCRIPT)
        if script is None:
            raise PluginError(f"{HOOK}: {SCRIPT} is gone from the site")
        script.content_string = "\n".join(_settings[1]) + "\n" + script.content_string
    return env
