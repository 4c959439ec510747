"""[tool.check_links]: the one place the checker's defaults live, and the Settings made from them.

The project's pyproject.toml holds every key. A --config FILE holds only what it
changes: its table is laid over the project's. Options override both.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkcheck.model import UsageError

ROOT = Path(__file__).resolve().parent.parent.parent
PYPROJECT = ROOT / "pyproject.toml"
FORMATS = ("text", "json", "markdown", "github")

# Each key of [tool.check_links] and the type its value must have.
KEYS: dict[str, type] = {
    "timeout": float,
    "per-host": int,
    "interval": float,
    "retries": int,
    "backoff": float,
    "retry-after-max": float,
    "max-bytes": int,
    "cache-hours": float,
    "cache-file": str,
    "exclude": list,
    "script-anchor-hosts": list,
    "soft-404-titles": list,
    "notice-patterns": list,
    "site-url": str,
    "format": str,
}


@dataclass(frozen=True)
class Settings:
    timeout: float
    per_host: int
    interval: float
    retries: int
    backoff: float
    retry_after_max: float
    max_bytes: int
    cache_hours: float
    cache_file: Path
    no_cache: bool
    exclude: tuple[str, ...]
    script_anchor_hosts: tuple[str, ...]
    soft_404_titles: tuple[str, ...]
    notice_patterns: tuple[str, ...]
    site_url: str
    format: str

    @property
    def caching(self) -> bool:
        """Whether the cache is read and written: --no-cache or cache-hours 0 turn it off."""
        return not (self.no_cache or self.cache_hours == 0)


def read_table(path: Path) -> dict[str, Any]:
    """The [tool.check_links] table of a pyproject.toml, its keys and types checked (empty if absent)."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from exc
    table = data.get("tool", {}).get("check_links", {})
    for key, value in table.items():
        expected = KEYS.get(key)
        if expected is None:
            raise UsageError(f"{path}: unknown key [tool.check_links] {key!r}")
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise UsageError(f"{path}: [tool.check_links] {key} must be a {expected.__name__}")
    return table


def project_defaults(path: Path = PYPROJECT) -> dict[str, Any]:
    """Every default, from the project's [tool.check_links]: a missing key is an error, not a guess."""
    table = read_table(path)
    missing = [key for key in KEYS if key not in table]
    if missing:
        raise UsageError(f"{path}: [tool.check_links] lacks {', '.join(missing)}: it holds every default")
    return table


def make_settings(options: dict[str, Any], config: Path, no_cache: bool = False) -> Settings:
    """Settings from the project's defaults, CONFIG's table over them, then OPTIONS (None: not given)."""
    defaults = project_defaults()
    overlay = read_table(config) if config.resolve() != PYPROJECT.resolve() else {}
    table = {**defaults, **overlay}
    table.update({key: value for key, value in options.items() if value is not None and key != "exclude"})
    base = config.parent if "cache-file" in overlay else PYPROJECT.parent
    settings = Settings(
        timeout=float(table["timeout"]),
        per_host=table["per-host"],
        interval=float(table["interval"]),
        retries=table["retries"],
        backoff=float(table["backoff"]),
        retry_after_max=float(table["retry-after-max"]),
        max_bytes=table["max-bytes"],
        cache_hours=float(table["cache-hours"]),
        cache_file=base / table["cache-file"],
        no_cache=no_cache,
        exclude=(*table["exclude"], *(options.get("exclude") or ())),
        script_anchor_hosts=tuple(table["script-anchor-hosts"]),
        soft_404_titles=tuple(table["soft-404-titles"]),
        notice_patterns=tuple(table["notice-patterns"]),
        site_url=table["site-url"],
        format=table["format"],
    )
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    finite = math.isfinite
    checks = [
        (
            finite(settings.timeout) and settings.timeout > 0,
            "--timeout must be a finite number of seconds, more than 0",
        ),
        (settings.per_host >= 1, "--per-host must be at least 1"),
        (
            finite(settings.interval) and settings.interval >= 0,
            "--interval must be a finite number of seconds, 0 or more",
        ),
        (settings.retries >= 0, "retries must be 0 or more"),
        (finite(settings.backoff) and settings.backoff >= 0, "backoff must be 0 or more seconds"),
        (
            finite(settings.retry_after_max) and settings.retry_after_max >= 0,
            "retry-after-max must be 0 or more seconds",
        ),
        (settings.max_bytes >= 1024, "max-bytes must be at least 1024"),
        (settings.cache_hours >= 0, "cache-hours must be 0 or more"),
        (settings.format in FORMATS, f"format must be one of {', '.join(FORMATS)}"),
    ]
    for ok, message in checks:
        if not ok:
            raise UsageError(message)
    for pattern in (*settings.exclude, *settings.soft_404_titles, *settings.notice_patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"bad regular expression {pattern!r}: {exc}") from exc
