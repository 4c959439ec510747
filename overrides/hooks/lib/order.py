"""When the hooks' events run: the one place that says it.

MkDocs runs an event's handlers from the highest priority down. The plugins
(search, mkdocs-quiz, print-site) run at 0, in mkdocs.yml's order, and a hook
at 0 runs after them, in the order of mkdocs.yml's `hooks:` block. A hook's
event runs at 0 unless it is listed here; a listed one is decorated with
`@order.run_at("hook.event")`, which takes its priority from this table
(tests/test_hook_modules.py checks that the table and the decorators agree).

Read down a column to see one event's sequence:

on_files (every page's source, before any is read)
    100  source_check    fails the build on an open fence, bad front matter, a missing image
      0  diagrams (checks each diagram is drawn and parses), quiz_markup (adds the quiz files),
         talking_points (checks each 発表メモ comment)

on_page_markdown (the page's Markdown, before it is rendered)
     60  source_check    tags each `<!-- slide -->` with its line, before any other hook or plugin moves it
     50  quiz_check      checks each <quiz> before mkdocs-quiz (0) turns it into a placeholder
      0  mkdocs-quiz, then talking_points (発表メモ out of the Markdown), diagrams (checks each diagram fence)

on_page_content (the page's HTML)
     60  glossary_links  links each glossary term's first use, before drawings and quizzes come in
     50  diagrams        puts each drawing into the page
     50  tables          wraps tables as Material's script would
     50  qr_code         draws the participants' QR code
     45  diagram_size    after diagrams: sizes the drawings it put in
      0  mkdocs-quiz draws the quizzes; print-site keeps a copy of the page; then source_check
         checks the slide marks, ids and links of the rendered page; link_sources notes the links;
         slides_download links a session's slides PDF (in an <aside>, which no slide holds)
    -60  quiz_markup     every change to the quizzes' markup, and their files linked: once they are drawn
    -60  slides          where each slide starts, once the page is complete
   -200  handout         the page as every hook left it goes into the handout

on_env, on_post_page (the files and pages, before they are written)
      0  source_check    fails the build on every page's slide marks, ids and links at once (on_env)
      0  quiz_markup     completes mkdocs-quiz.js (on_env); then, on_post_page in mkdocs.yml's order:
                         talking_points puts 発表メモ back, slides writes data-deck-* on the article,
                         share_cards adds og:image and twitter:card, nav_labels labels every nav
                         section, offline gives the offline page its <base>
   -100  minify          minifies what every other hook has finished

on_post_build (the site is written)
      0  search (the index), then search_variants (adds folded forms and synonyms to it), slides (decks.json),
         link_sources (link-sources.json), handout (rewrites /print/)
   -300  offline         the service worker, from every file as the others left it
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from mkdocs.plugins import event_priority

PRIORITY: dict[str, int] = {
    "source_check.on_files": 100,
    "source_check.on_page_markdown": 60,
    "quiz_check.on_page_markdown": 50,
    "glossary_links.on_page_content": 60,
    "diagrams.on_page_content": 50,
    "tables.on_page_content": 50,
    "qr_code.on_page_content": 50,
    "diagram_size.on_page_content": 45,
    "quiz_markup.on_page_content": -60,
    "slides.on_page_content": -60,
    "handout.on_page_content": -200,
    "minify.on_env": -100,
    "minify.on_post_page": -100,
    "offline.on_post_build": -300,
}

Handler = TypeVar("Handler", bound=Callable[..., object])


def run_at(event: str) -> Callable[[Handler], Handler]:
    """The decorator that gives the hook's EVENT ("hook.on_event") its priority from PRIORITY."""
    return event_priority(PRIORITY[event])
