"""Page weight: what a phone downloads on first load, with gzip, stays within budget.

Budgets from the study-site issues: 150 KB for every page, one with Mermaid
diagrams too, which come drawn (1 KB = 1,000 bytes, encoded bytes of every
response, empty cache). benchmarks/page_weight.py measures; this test holds the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from page_weight import PageWeight, measure
from site_tools import page_paths

pytestmark = pytest.mark.browser


def test_every_page_is_within_its_budget(browser, built_site: Path, site_url: str) -> None:  # type: ignore[no-untyped-def]
    weights: list[PageWeight] = [measure(browser, site_url, path) for path in page_paths(built_site)]
    assert len(weights) >= 6, weights
    assert any(w.has_diagram for w in weights), "no page with a diagram was measured"
    over = [
        f"{w.path}: {w.transferred / 1000:.1f} KB > {w.budget // 1000} KB ({w.requests} requests)"
        for w in weights
        if not w.within_budget
    ]
    assert not over, over
