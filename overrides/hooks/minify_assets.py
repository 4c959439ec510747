"""Ship the site's own scripts and stylesheets minified; their sources stay readable.

Material's bundle and the vendored Mermaid come minified; the site's own files
and mkdocs-quiz's (which quiz_assets.py ships as files) do not. A phone fetches
every one of them while the page first loads, so their size adds to the time
until the text is there (Lighthouse counts them against the largest contentful
paint). rJSmin and rCSSmin take about 40 % off them, gzipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import rcssmin
import rjsmin
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

# Destination paths, from docs/, overrides/ or quiz_assets.py.
ASSETS: dict[str, Callable[[str], str]] = {
    "assets/javascripts/mermaid-loader.js": rjsmin.jsmin,
    "assets/javascripts/presentation.js": rjsmin.jsmin,
    "assets/javascripts/mkdocs-quiz.js": rjsmin.jsmin,
    "assets/stylesheets/site.css": rcssmin.cssmin,
    "assets/stylesheets/presentation.css": rcssmin.cssmin,
    "assets/stylesheets/mkdocs-quiz.css": rcssmin.cssmin,
}


@event_priority(-100)  # after the other hooks have added their files
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for path, minify in ASSETS.items():
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"overrides/hooks/minify_assets.py: {path} is not in the site (renamed?)")
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=minify(file.content_string)))
    return files
