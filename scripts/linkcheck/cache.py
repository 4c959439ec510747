"""Ok results kept between runs (24 hours by default), safely shared by concurrent runs.

A save takes a lock (cache-file + ".lock", flock), reads what is on disk then,
lays this run's results over it and replaces the file atomically: two runs that
share the cache lose none of each other's entries, and a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from linkcheck.config import Settings
from linkcheck.messages import display_path, has_credentials, redact, warn
from linkcheck.model import Result, Verdict

CACHED = "cached"  # the reason of a result taken from the cache


def load(settings: Settings, now: float) -> dict[str, dict[str, Any]]:
    """Cached ok results younger than cache-hours, keyed by URL.

    A file that is not such a cache is set aside (renamed *.bad, so nothing is
    lost) with a warning, and every link is checked."""
    if not settings.caching:
        return {}
    path = settings.cache_file
    try:
        entries = cache_entries(json.loads(path.read_bytes().decode("utf-8")))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        warn(f"cannot read the cache {display_path(path)}: {exc.strerror or exc}; checking every link")
        return {}
    except (TypeError, ValueError) as exc:  # bad shape; bad JSON or UTF-8
        set_aside(path, str(exc))
        return {}
    return fresh(entries, settings, now)


def fresh(entries: dict[str, dict[str, Any]], settings: Settings, now: float) -> dict[str, dict[str, Any]]:
    max_age = settings.cache_hours * 3600
    return {url: entry for url, entry in entries.items() if now - entry["checked_at"] < max_age}


def cache_entries(data: Any) -> dict[str, dict[str, Any]]:
    """The entries of a parsed cache file; TypeError says what is wrong with its shape."""
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise TypeError('not a JSON object with an "entries" object')
    for url, entry in entries.items():
        checked_at = entry.get("checked_at") if isinstance(entry, dict) else None
        if not isinstance(checked_at, (int, float)) or isinstance(checked_at, bool):
            raise TypeError(f"entry {redact(url)!r} has no numeric checked_at")
    return entries


def set_aside(path: Path, why: str) -> None:
    """Rename an unusable cache to *.bad and say so: the next save starts a new one."""
    bad = path.with_name(path.name + ".bad")
    try:
        os.replace(path, bad)
    except OSError as exc:
        warn(
            f"{display_path(path)}: not a link cache ({why}); could not set it aside: "
            f"{exc.strerror or exc}; checking every link"
        )
        return
    warn(f"{display_path(path)}: not a link cache ({why}); set aside as {display_path(bad)}, checking every link")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """PATH's lock (a PATH.lock beside it), held by one run at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def save(settings: Settings, results: Iterable[Result], now: float) -> None:
    """Keep ok results only (a failure must be checked again next time), merged with what is on disk.

    URLs with credentials are never written. Raises OSError if the file cannot be written."""
    if not settings.caching:
        return
    path = settings.cache_file
    with locked(path):
        try:
            entries = fresh(cache_entries(json.loads(path.read_bytes().decode("utf-8"))), settings, now)
        except (FileNotFoundError, TypeError, ValueError):
            entries = {}  # none yet, or set aside by load(): this run starts it again
        for result in results:
            if has_credentials(result.url) or result.reason == CACHED:
                continue
            if result.verdict is Verdict.OK:
                entry = {"checked_at": now, "status": result.status, "final_url": result.final_url}
                entries[result.url] = entry | ({"notice": result.notice} if result.notice else {})
            else:
                entries.pop(result.url, None)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
        ) as tmp:
            json.dump({"version": 1, "entries": entries}, tmp, indent=0, ensure_ascii=False)
        os.replace(tmp.name, path)


def cached_result(url: str, entry: dict[str, Any]) -> Result:
    return Result(url, Verdict.OK, entry.get("status"), entry.get("final_url"), CACHED, notice=entry.get("notice"))
