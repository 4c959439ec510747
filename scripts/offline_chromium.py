"""How the project starts Chromium: kept on loopback, whoever starts it.

Tests (tests/conftest.py), benchmarks (page_weight.py, lighthouse.py) and
screenshots/take_screenshots.py all start the same browser with the same flags:

- CHROMIUM is Debian's /usr/bin/chromium, or CHROME_PATH when set (as for
  Lighthouse); when it is missing, launch() lets Playwright start its own.
- ARGS keep it on this machine: no host name resolves but localhost and
  127.0.0.1, no background calls (component updates, sync, first-run pages),
  and every other request, even to an IP literal, goes to a dead proxy on
  127.0.0.1:9. Chromium never sends loopback requests through a proxy, so
  the locally served site still loads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("CHROME_PATH") or "/usr/bin/chromium")

ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
]


def launch(playwright: Any, **kwargs: Any) -> Any:
    """Launch Chromium from a sync Playwright instance with ARGS; returns the Browser.

    Extra keyword arguments go to `playwright.chromium.launch`."""
    executable = str(CHROMIUM) if CHROMIUM.exists() else None
    return playwright.chromium.launch(executable_path=executable, args=ARGS, **kwargs)
