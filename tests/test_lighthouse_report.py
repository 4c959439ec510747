"""benchmarks/lighthouse.py: which run of a page it reports, and how it reads a report (no Lighthouse run)."""

from __future__ import annotations

import pytest

import lighthouse


def run(performance: int, offsite: tuple[str, ...] = (), seo: int = 100) -> lighthouse.PageScores:
    scores = {category: 100 for category in lighthouse.CATEGORIES} | {"performance": performance, "seo": seo}
    return lighthouse.PageScores("session-01/", scores, (f"run scoring {performance}",), offsite)


def test_the_median_run_is_reported_with_every_runs_score() -> None:
    median = lighthouse.median_run([run(99), run(100, seo=92), run(97, ("http://example.com/x",))])
    assert median.scores["performance"] == 99
    assert median.scores["seo"] == 92, "a lower score in any run is not hidden"
    assert median.losses == ("run scoring 99",)
    assert median.performance_runs == (99, 100, 97)
    assert median.offsite == ("http://example.com/x",), "an off-site request in any run is reported"
    assert not median.perfect


def test_a_report_gives_scores_losses_and_off_site_requests() -> None:
    report = {
        "categories": {
            category: {
                "score": 1.0,
                "auditRefs": [{"id": "first-contentful-paint", "weight": 10 if category == "performance" else 0}],
            }
            for category in lighthouse.CATEGORIES
        },
        "audits": {
            "first-contentful-paint": {"score": 0.97, "displayValue": "1.4 s"},
            "network-requests": {
                "details": {"items": [{"url": "http://127.0.0.1:8000/"}, {"url": "https://unpkg.com/x.js"}]}
            },
        },
    }
    report["categories"]["performance"]["score"] = 0.99
    scores = lighthouse.parse_report("", report)
    assert scores.path == "/" and scores.scores["performance"] == 99 and scores.scores["seo"] == 100
    assert scores.losses == ("first-contentful-paint (1.4 s)",)
    assert scores.offsite == ("https://unpkg.com/x.js",)


def test_fewer_than_one_run_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        lighthouse.main(["--runs", "0"])
    assert exit_info.value.code == 2
    assert "--runs must be at least 1" in capsys.readouterr().err
