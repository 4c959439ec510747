"""`make serve` (scripts/serve.py) as an author uses it: the port, the reload, undrawn diagrams, errors in the browser.

The server is the real `mkdocs serve` on a copy of the site, on a free loopback
port; each test stops the process it started, within a bounded time.
"""

from __future__ import annotations

import json
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_nav import session_pages
from site_tools import ROOT, append, site_copy, stop

SERVE = ROOT / "scripts" / "serve.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_taken_port_is_said_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(SERVE), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"port {port} on 127.0.0.1 is taken" in result.stderr, result.stderr
    assert f"make serve PORT={port + 1}" in result.stderr, "says how to choose another"


class Log:
    """The server's log lines as they come, read on a thread."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            self._new.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 90) -> str:
        """The first line from now on that contains TEXT; fails after TIMEOUT seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._new.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.lines.append(line)
            if text in line:
                return line
        pytest.fail(f"no {text!r} in the log within {timeout} s:\n" + "\n".join(self.lines))


@pytest.fixture()
def served_copy(tmp_path: Path) -> Iterator[tuple[Path, int, Log, int]]:
    """`make serve` on a copy of the site with one diagram not drawn yet (its line is yielded)."""
    project = site_copy(tmp_path)
    line = append(
        project / "docs/session-01/ml-services.md",
        "```mermaid\nflowchart LR\n    accTitle: 編集中の図\n    accDescr: テスト用の図です。\n    a --> b\n```\n\n"
        '<p class="diagram-caption added">ノートの表をもとに、このサイトで描いた図です。</p>',
    )
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(SERVE),
            "--port",
            str(port),
            "--config-file",
            str(project / "mkdocs.yml"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = Log(process.stdout)
    try:
        yield project, port, log, line
    finally:
        stop(process)
        log.reader.join(timeout=10)  # the log ends with the process
        process.stdout.close()


def test_serve_draws_undrawn_diagrams_warns_and_reloads_overrides_and_hooks(
    served_copy,
) -> None:  # type: ignore[no-untyped-def]
    project, port, log, line = served_copy
    warning = log.wait_for("the diagram has no drawing yet")
    assert warning.startswith("WARNING"), warning
    assert f"session-01/ml-services.md:{line}: the diagram has no drawing yet" in warning, warning
    assert "the browser draws it meanwhile" in warning, warning
    log.wait_for(f"Serving on http://127.0.0.1:{port}/")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/session-01/ml-services/", timeout=30) as response:
        html = response.read().decode()
    assert "a --&gt; b" in html, "the undrawn diagram is in the page for the browser to draw"

    main = project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")
    log.wait_for("Detected file changes")
    log.wait_for("Building documentation")

    hook = project / "overrides" / "hooks" / "source_check.py"
    hook.write_text(hook.read_text(encoding="utf-8") + '\nprint("edited hook loaded", flush=True)\n')
    log.wait_for("a hook changed; starting the server again")
    log.wait_for("edited hook loaded")
    log.wait_for(f"Serving on http://127.0.0.1:{port}/")


@pytest.mark.browser
def test_make_serve_registers_no_service_worker(served_copy, browser) -> None:  # type: ignore[no-untyped-def]
    """An author's preview is never answered from a cache: no worker, no registration script (hooks/offline.py)."""
    _, port, log, _ = served_copy
    log.wait_for(f"Serving on http://127.0.0.1:{port}/")
    context = browser.new_context(base_url=f"http://127.0.0.1:{port}/", locale="ja-JP")
    try:
        page = context.new_page()
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        page.goto(session_pages()[0].url, wait_until="load")
        page.wait_for_timeout(4500)  # past load, idle and the 3 s fallback
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        assert not [r for r in requested if r.endswith(("/sw.js", "/offline.js", ".prod.mjs"))], requested
        assert page.locator("[data-offline-status]").count() == 0
    finally:
        context.close()


def deck_place(html: str) -> tuple[int, int]:
    """(data-deck-first, data-deck-total) of a served page's <article>."""
    article = LexborHTMLParser(html).css_first("article[data-deck-first]")
    assert article is not None, "the page carries no place in a deck"
    return int(article.attributes["data-deck-first"] or 0), int(article.attributes["data-deck-total"] or 0)


def place_in_decks(decks: dict, url: str) -> tuple[int, int]:  # type: ignore[type-arg]
    """Where decks.json puts URL's first slide, and its deck's slide count: what the counter must say."""
    for deck in decks["decks"]:
        urls = [slide["url"] for slide in deck["slides"]]
        if url in urls:
            return urls.index(url) + 1, len(urls)
    raise AssertionError(f"{url} is in no deck of decks.json")


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.browser
def test_edits_reach_the_browser_errors_show_there_and_the_deck_stays_whole(served_copy, browser) -> None:  # type: ignore[no-untyped-def]
    """A text edit reloads the open page (rebuilding that page only); a heading added moves the later pages'
    place in the deck; a build error answers the browser with FILE:LINE and goes when fixed."""
    project, port, log, _ = served_copy
    pages = session_pages(config=project / "mkdocs.yml")
    edited, later = pages[1], pages[-1]
    markdown = project / "docs" / edited.src
    log.wait_for(f"Serving on http://127.0.0.1:{port}/")
    context = browser.new_context(base_url=f"http://127.0.0.1:{port}/", locale="ja-JP")
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        page.goto(edited.url, wait_until="load")

        append(markdown, "保存するとすぐに見える一文です。")
        page.get_by_text("保存するとすぐに見える一文です。").wait_for()
        log.wait_for("Building documentation... (the edited pages only)", timeout=5)  # the page alone was rebuilt
        decks = json.loads(fetch(port, "assets/presentation/decks.json")[1])
        assert deck_place(page.content()) == place_in_decks(decks, edited.url), "the edited page's counter"
        assert deck_place(fetch(port, later.url)[1]) == place_in_decks(decks, later.url), "a page not rebuilt"
        total = place_in_decks(decks, later.url)[1]

        append(markdown, "## 保存して足した見出し\n\n見出しの下の一文です。")
        page.get_by_text("見出しの下の一文です。").wait_for()
        decks = json.loads(fetch(port, "assets/presentation/decks.json")[1])
        assert place_in_decks(decks, later.url)[1] == total + 1, "the new heading is a slide of the deck"
        assert deck_place(fetch(port, later.url)[1]) == place_in_decks(decks, later.url), (
            "a later page's place moved with the new slide"
        )

        good = markdown.read_text(encoding="utf-8")
        line = append(markdown, "```python\nprint('閉じていないコードブロック')")
        page.get_by_role("heading", name="ビルドできませんでした").wait_for()
        status, error_page = fetch(port, edited.url)
        assert status == 500, status
        where = f"{edited.src}:{line}"
        assert where in page.locator("main").inner_text(), page.locator("main").inner_text()
        assert where in page.title(), page.title()
        assert "保存してください" in error_page, "says what to do"
        axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found = axe.run(page).response["violations"]
            assert not found, [f"{scheme}: {v['id']}: {[n['html'][:120] for n in v['nodes'][:3]]}" for v in found]

        markdown.write_text(good, encoding="utf-8")
        page.get_by_text("見出しの下の一文です。").wait_for()  # reloaded by itself once the build passed
        assert fetch(port, edited.url)[0] == 200
    finally:
        context.close()
