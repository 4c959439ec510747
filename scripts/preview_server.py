"""The server behind `make serve`: MkDocs' live-reload preview, with build errors shown in the browser
and a page edit rebuilding that page only.

Usage: python scripts/preview_server.py --port PORT [--config-file FILE]

scripts/serve.py runs it (and runs it again when a hook changes). It is `mkdocs serve` (MkDocs 1.6's
LiveReloadServer and build), watching docs/, mkdocs.yml and overrides/, with these differences:

- A build that fails answers every page with an error page that names each file and line the build
  complained about (the messages the terminal shows) and says what to do; the page reloads by itself
  once a build passes. `mkdocs serve` leaves the browser waiting, and says it in the terminal only.
- When only Markdown files in docs/ changed since the last build, only those pages are rebuilt
  (MkDocs' dirty build, whose one warning strict mode would otherwise count). Anything else (mkdocs.yml,
  overrides/, an image, a page added or removed) rebuilds the whole site, and so does the first build
  after a whole one failed. A dirty rebuild that moves slides between pages (a heading added or
  removed) is followed at once by a whole one: every page of a deck carries its place in it.
- A dirty rebuild leaves the handout (/print/) as the last whole build made it, skipping the two steps
  that would rewrite it from the edited pages alone (print-site's and handout.py's on_post_build),
  and 404.html and sitemap.xml, which no page's text changes.
- Templates are compiled once (Jinja's bytecode cache checks each template's source), and the theme's
  static files are listed once per whole build (a dirty rebuild follows an edit in docs/ only).

ARCHITECTURE.md ("make serve") says what a dirty rebuild leaves stale, and why that is safe.

Exit codes: 0 after Ctrl-C or SIGTERM; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.__main__ import State
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from mkdocs_site import add_config_file_option

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

HOST = "127.0.0.1"
POLL = 0.1  # seconds between looks at the watched files (mkdocs serve: 0.5)
DECKS_JSON = "assets/presentation/decks.json"  # overrides/hooks/slides.py writes it
# The steps that write the handout from the pages rendered in this build: a dirty rebuild skips them.
HANDOUT_STEPS = ("print-site", "overrides/hooks/handout.py")
# The theme's pages a dirty rebuild leaves as the last whole build wrote them.
UNCHANGED_BY_A_PAGE = {"404.html", "sitemap.xml"}
DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs says it on every dirty build
WHERE = re.compile(r"(?:docs/)?[\w./-]+\.md:\d+")  # a FILE:LINE in a message
log = logging.getLogger("mkdocs.preview")


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between builds; Jinja checks each against its source."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Problems(logging.Handler):
    """The warnings and errors a build logs (strict mode fails the build on any of them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name != log.name and DIRTY_WARNING not in message:
            self.messages.append(message)


class NoDirtyWarning(logging.Filter):
    """Drops MkDocs' warning on every dirty build, which strict mode would count as a failure."""

    def filter(self, record: logging.LogRecord) -> bool:
        return DIRTY_WARNING not in record.getMessage()


def look(roots: Iterable[Path]) -> dict[Path, int]:
    """Every watched file and when it last changed."""
    files: dict[Path, int] = {}
    for root in roots:
        paths = [root] if root.is_file() else root.rglob("*")
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                files[path] = path.stat().st_mtime_ns
    return files


def pages_only(before: dict[Path, int], after: dict[Path, int], docs_dir: Path) -> bool:
    """Whether the only changes between two looks are edits to Markdown files in DOCS_DIR."""
    if before.keys() != after.keys():
        return False
    changed = [path for path, mtime in after.items() if before[path] != mtime]
    return all(path.suffix == ".md" and path.is_relative_to(docs_dir) for path in changed)


def deck_layout(site_dir: Path) -> list[list[str]] | None:
    """Each deck's slides as their pages' URLs: what every page's place in its deck is computed from."""
    try:
        decks = json.loads((site_dir / DECKS_JSON).read_text(encoding="utf-8"))["decks"]
    except (OSError, ValueError, KeyError):
        return None
    return [[slide["url"] for slide in deck["slides"]] for deck in decks]


def error_page(messages: list[str], error: BaseException) -> bytes:
    """The page every address answers while the build fails: each problem, its FILE:LINE first."""
    problems = messages or [str(error) or type(error).__name__]
    found = {match.group() for message in problems for match in WHERE.finditer(message)}
    places = sorted(place if place.startswith("docs/") else f"docs/{place}" for place in found)
    title = f"ビルドエラー: {places[0]}" if places else "ビルドエラー"
    items = "".join(f"<li><pre>{html.escape(message)}</pre></li>" for message in problems)
    where = "".join(f"<li><code>{html.escape(place)}</code></li>" for place in places)
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font: 16px/1.6 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
pre {{ white-space: pre-wrap; background: #fff4f4; border-left: 4px solid #b00020; padding: .75rem; margin: 0; }}
ol.problems {{ padding: 0; list-style: none; display: grid; gap: 1rem; }}
@media (prefers-color-scheme: dark) {{
  body {{ background: #121212; color: #e8e8e8; }}
  h1 {{ color: #ff8a80; }}
  pre {{ background: #2a1d1d; border-color: #ff8a80; }}
}}
</style></head>
<body><main>
<h1>ビルドできませんでした（make serve）</h1>
{f'<p>直すところ:</p><ul class="places">{where}</ul>' if where else ""}
<p>次のとおり直して保存してください。ビルドが通ると、このページは自動で再読み込みされます。ターミナルにも同じメッセージが出ています。</p>
<ol class="problems">{items}</ol>
</main></body></html>
""".encode()


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, which answers with the error page while the last build failed."""

    failure: bytes | None = None

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        page = path.endswith(("/", ".html"))
        if self.failure is None or not page or path.startswith("/livereload/"):
            return super().serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        body = self._inject_js_into_html(self.failure, epoch)  # reloads once a build passes
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")])
        return [body]


class Preview:
    """The builds: whole or dirty, their failures shown by the server."""

    def __init__(self, config_file: Path, port: int) -> None:
        self.config_file = config_file
        self.port = port
        self.url = f"http://{HOST}:{port}/"
        self.site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))
        self.templates = TemplateCache()
        self.theme_files: list[str] | None = None
        self.seen: dict[Path, int] = {}
        self.whole_built = False  # the site in site_dir is whole: the last whole build passed
        self.server: PreviewServer | None = None
        self.watched: list[Path] = []

    def config(self, *, dirty: bool) -> MkDocsConfig:
        config = load_config(
            config_file=str(self.config_file), site_dir=str(self.site_dir), dev_addr=f"{HOST}:{self.port}"
        )
        config.site_url = self.url
        theme_env = config.theme.get_env

        def get_env() -> jinja2.Environment:
            env = theme_env()
            env.bytecode_cache = self.templates
            list_templates = env.list_templates

            def theme_files(*args: Any, **kwargs: Any) -> list[str]:
                # MkDocs lists the theme's static files (walking Material's icons) once per build, the one caller.
                if not dirty or self.theme_files is None:
                    self.theme_files = list_templates(*args, **kwargs)
                return self.theme_files

            env.list_templates = theme_files  # type: ignore[method-assign]
            return env

        config.theme.get_env = get_env  # type: ignore[method-assign]
        if dirty:
            # Nothing in them comes from a page's text (the nav, a new page, rebuild the whole site).
            config.theme.static_templates.difference_update(UNCHANGED_BY_A_PAGE)
            post_build = config.plugins.events["post_build"]
            config.plugins.events["post_build"] = [step for step in post_build if self.owner(config, step) is None]
        return config

    @staticmethod
    def owner(config: MkDocsConfig, step: Callable[..., Any]) -> str | None:
        """HANDOUT_STEPS' name of the plugin or hook that STEP belongs to, or None."""
        for name in HANDOUT_STEPS:
            plugin = config.plugins.get(name)
            if plugin is not None and (getattr(step, "__self__", None) is plugin or step.__module__ == name):
                return name
        return None

    def build(self, *, dirty: bool) -> None:
        config = self.config(dirty=dirty)
        log.info("Building documentation..." + (" (the edited pages only)" if dirty else ""))
        build(config, serve_url=self.url, dirty=dirty)

    def rebuild(self) -> None:
        """One rebuild after a change (LiveReloadServer's builder): dirty if it may be, whole otherwise."""
        now = look(self.watched)
        docs_dir = self.watched[0]
        dirty = self.whole_built and pages_only(self.seen, now, docs_dir)
        self.seen = now
        problems = Problems()
        logging.getLogger("mkdocs").addHandler(problems)
        start = time.monotonic()
        try:
            if dirty:
                layout = deck_layout(self.site_dir)
                self.build(dirty=True)
                if deck_layout(self.site_dir) != layout:
                    log.info("Slides moved between pages: building the whole site for every page's place in its deck")
                    dirty = False
            if not dirty:
                self.whole_built = False
                self.build(dirty=False)
                self.whole_built = True
        except Exception as error:  # noqa: BLE001 (MkDocs' Abort, a hook's PluginError, whatever a page makes a plugin raise: all go to the browser)
            log.error(f"The build failed: the browser shows the error page until a build passes. {error}")
            self.fail(error_page(problems.messages, error))
        else:
            self.fail(None)
            log.info(f"Rebuilt in {time.monotonic() - start:.2f} s")
        finally:
            logging.getLogger("mkdocs").removeHandler(problems)

    def fail(self, page: bytes | None) -> None:
        if self.server is not None:
            self.server.failure = page

    def serve(self) -> None:
        config = self.config(dirty=False)
        config.plugins.on_startup(command="serve", dirty=True)
        self.watched = [Path(config.docs_dir), self.config_file, self.config_file.parent / "overrides"]
        server = PreviewServer(
            builder=self.rebuild, host=HOST, port=self.port, root=str(self.site_dir), polling_interval=POLL
        )
        self.server = server
        try:
            self.rebuild()
            for path in self.watched:
                server.watch(str(path))
            config.plugins.on_serve(server, config=config, builder=self.rebuild)
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
            shutil.rmtree(self.site_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="preview_server.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, required=True, help="the port on 127.0.0.1")
    add_config_file_option(parser)
    args = parser.parse_args(argv)
    state = State()  # MkDocs' own log format, on stderr
    logging.getLogger("mkdocs.commands.build").addFilter(NoDirtyWarning())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        Preview(args.config_file.resolve(), args.port).serve()
    except KeyboardInterrupt:
        pass
    del state
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
