"""The GitHub Actions workflows: Pages publishes only a commit whose tests passed; actions pinned by commit;
each job with the permissions it needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def needs(job: dict) -> set[str]:
    value = job.get("needs", [])
    return {value} if isinstance(value, str) else set(value)


def ancestors(jobs: dict, name: str) -> set[str]:
    seen: set[str] = set()
    todo = list(needs(jobs[name]))
    while todo:
        job = todo.pop()
        if job not in seen:
            seen.add(job)
            todo.extend(needs(jobs[job]))
    return seen


def test_every_pages_job_that_publishes_waits_for_the_test_suite() -> None:
    jobs = load("pages.yml")["jobs"]
    tests = [name for name, job in jobs.items() if job.get("uses") == "./.github/workflows/ci.yml"]
    assert tests, f"pages.yml calls no ci.yml job: {sorted(jobs)}"
    publishing = [
        name
        for name, job in jobs.items()
        if any(
            "pages-artifact" in str(s.get("uses", "")) or "deploy-pages" in str(s.get("uses", ""))
            for s in job.get("steps", [])
        )
    ]
    assert publishing, "pages.yml has no upload or deploy step"
    for name in publishing:
        assert set(tests) & ancestors(jobs, name), f"{name} does not need the test job {tests}"
        assert "if" not in jobs[name] or "always()" not in str(jobs[name]["if"]), f"{name} runs on failure"


def test_the_called_suite_is_the_ci_entry_point() -> None:
    ci = load("ci.yml")
    assert "workflow_call" in ci["on"], ci["on"]
    steps = [step for job in ci["jobs"].values() for step in job.get("steps", [])]
    assert any("bash .ci/run" in str(step.get("run", "")) for step in steps), steps


def test_main_is_tested_once_not_twice() -> None:
    push = load("ci.yml")["on"]["push"]
    assert "main" in push.get("branches-ignore", []), push
    assert load("pages.yml")["on"]["push"]["branches"] == ["main"]


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>\S+)\s*(?P<comment>#.*)?$")
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
TAG = re.compile(r"#\s*v\d+(\.\d+)*\b")


def workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files, f"no workflows in {WORKFLOWS}"
    return files


@pytest.mark.parametrize("workflow", workflow_files(), ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_with_its_tag_beside_it(workflow: Path) -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which release it is."""
    lines = workflow.read_text(encoding="utf-8").splitlines()
    uses = [(number, match) for number, line in enumerate(lines, 1) if (match := USES.match(line))]
    assert uses, f"{workflow.name} uses no action"
    for number, match in uses:
        action = match["action"].strip("'\"")
        if action.startswith("./"):
            continue  # a workflow of this repository
        where = f"{workflow.name}:{number}: {lines[number - 1].strip()}"
        assert PINNED.fullmatch(action), f"{where}: pin the action by its 40-hex commit SHA"
        assert TAG.search(match["comment"] or ""), f"{where}: put the release tag in a comment (# vX.Y.Z)"


@pytest.mark.parametrize("workflow", workflow_files(), ids=lambda path: path.name)
def test_every_job_gets_only_the_permissions_it_names(workflow: Path) -> None:
    """GitHub grants permissions per job: nothing to write at the top, each job its own (a called workflow's too)."""
    data = load(workflow.name)
    top = data.get("permissions")
    assert isinstance(top, dict), f"{workflow.name}: say `permissions:` at the top (`{{}}`), not {top!r}"
    assert "write" not in top.values(), f"{workflow.name}: the top grants {top} to every job"
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"{workflow.name}: job {name} must say which permissions it needs"
        granted = job["permissions"] or {}
        assert granted != "write-all" and "write-all" not in str(granted), f"{workflow.name}: job {name}: {granted}"


def test_the_published_site_holds_the_slides_pdfs() -> None:
    """The job that uploads the site prints the slides into it first (scripts/make_slides.py), with a Japanese font."""
    for name, job in load("pages.yml")["jobs"].items():
        steps = job.get("steps", [])
        upload = next((i for i, s in enumerate(steps) if "upload-pages-artifact" in str(s.get("uses", ""))), None)
        if upload is None:
            continue
        site = steps[upload]["with"]["path"]
        runs = [str(s.get("run", "")) for s in steps[:upload]]
        assert any(f"make_slides.py --site-dir {site}" in run for run in runs), f"{name} uploads {site} without slides"
        assert any("fonts-noto-cjk" in run for run in runs), f"{name} prints the slides with no Japanese font"
        return
    raise AssertionError("pages.yml uploads no site")
