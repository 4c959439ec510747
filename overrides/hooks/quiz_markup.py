"""Quizzes: two changes to mkdocs-quiz's markup that a reader notices.

- Each quiz's "#" link (a link to the quiz, shown on hover) is no Tab stop: a
  keyboard reader would pass it before every question, and the heading above
  the quiz has its own link.
- Each option's label is followed by a space, so that the search index (built
  from this HTML) keeps the options apart: without it, a snippet read
  「Amazon SageMaker AIAmazon SageMaker Unified Studio…」. The options sit in
  a grid, where a space between elements is not drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lib import order

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

HEADER_LINK = 'class="quiz-header-link"'


@order.run_at("quiz_markup.on_page_content")
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if HEADER_LINK not in html:
        return html
    html = html.replace(HEADER_LINK, f'{HEADER_LINK} tabindex="-1"')
    return html.replace('</label><div class="answer-feedback', '</label> <div class="answer-feedback')
