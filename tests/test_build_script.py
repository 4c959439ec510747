"""scripts/build.py as a user runs it: a subprocess, with exit codes and output."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_http import Server, servers, status
from site_tools import built_page

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "scripts" / "build.py"


def build(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """scripts/build.py as `make build` runs it: SITE_URL only when ENV gives it."""
    environ = {name: value for name, value in os.environ.items() if name != "SITE_URL"} | env
    return subprocess.run(
        [sys.executable, str(BUILD), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=environ,
        check=False,
    )


@pytest.fixture()
def gone_server() -> Iterator[Server]:
    """A loopback server whose /gone-410 is 410 Gone; it counts every request."""
    with servers() as start:
        yield start({"/gone-410": status(410)})


def build_project(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """scripts/build.py on a tiny_project: its mkdocs.yml, site/ and checker config."""
    files = ("--config-file", str(project / "mkdocs.yml"), "--site-dir", str(project / "site"))
    return build(*files, "--config", str(project / "pyproject.toml"), *args)


def tiny_project(tmp_path: Path, link: str) -> Path:
    """A one-page MkDocs project linking to LINK, with a checker config."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(f"# テスト\n\n[gone-410]({link})\n", encoding="utf-8")
    hook = ROOT / "overrides" / "hooks" / "link_sources.py"  # records where the link was written
    (tmp_path / "mkdocs.yml").write_text(f"site_name: tiny\ntheme: mkdocs\nhooks: ['{hook}']\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.check_links]\ninterval = 0\nretries = 0\ncache-file = "cache.json"\n',
        encoding="utf-8",
    )
    return tmp_path


def test_offline_builds_the_real_site_and_exits_0(tmp_path):
    site = tmp_path / "site"
    result = build("--offline", "--site-dir", str(site), SITE_URL="https://example.org/study/")
    assert result.returncode == 0, result.stderr
    canonical = built_page(site, "").css_first("link[rel=canonical]").attributes["href"]
    assert canonical == "https://example.org/study/", "the published address"
    assert result.stdout == "", "stdout is kept for the link report"


def test_a_loopback_site_url_is_refused_unless_local(tmp_path):
    site = tmp_path / "site"
    result = build("--offline", "--site-dir", str(site))  # mkdocs.yml's default: http://127.0.0.1:8000/
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, f"one line: {result.stderr}"
    assert "site_url is http://127.0.0.1:8000/" in result.stderr, result.stderr
    assert "Set SITE_URL" in result.stderr, result.stderr
    assert "--local" in result.stderr, "says how to build a local copy anyway"
    assert not site.exists(), "nothing was built"
    (tmp_path / "tiny").mkdir()
    project = tiny_project(tmp_path / "tiny", "https://example.org/")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "site_url: http://localhost:8000/\n", encoding="utf-8")
    result = build(
        "--offline", "--local", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(project / "site")
    )
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file(), result.stderr


def test_online_build_reports_a_broken_link_and_exits_1(tmp_path, gone_server):
    gone = gone_server.url("/gone-410")
    project = tiny_project(tmp_path, gone)
    result = build_project(project, "--format", "markdown")
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("# Link check report"), result.stdout
    assert f"<{gone}> | 410 |" in result.stdout, result.stdout
    assert "docs/index.md:3" in result.stdout, result.stdout
    assert "Building documentation" in result.stderr, "the build log goes to stderr"
    assert gone_server.hits.total() == 1


def test_offline_makes_no_request(tmp_path, gone_server):
    project = tiny_project(tmp_path, gone_server.url("/gone-410"))
    result = build_project(project, "--offline")
    assert (result.returncode, gone_server.hits.total()) == (0, 0), result.stderr


def test_an_unwritable_cache_keeps_the_report_and_its_exit_code(tmp_path, gone_server):
    project = tiny_project(tmp_path, gone_server.url("/gone-410"))
    (project / "cache.json").mkdir()  # the checker cannot write its cache over a directory
    result = build_project(project)
    assert result.returncode == 1, result.stderr
    assert "gone-410" in result.stdout, result.stdout
    assert "check_links.py: warning: could not write the cache" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_a_crash_in_the_link_check_exits_2_not_1(tmp_path, gone_server, monkeypatch, capfd):
    # Exit 1 opens the links workflow's "broken links" issue; a crash must not look like that.
    spec = importlib.util.spec_from_file_location("build_script", BUILD)
    build_script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_script)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(build_script.check_links, "check", crash)
    project = tiny_project(tmp_path, gone_server.url("/gone-410"))
    code = build_script.main(
        [
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(project / "site"),
            "--config",
            str(project / "pyproject.toml"),
        ]
    )
    err = capfd.readouterr().err
    assert code == 2, err
    assert "check_links.py: error: RuntimeError: something unforeseen" in err, err
    assert "Traceback" not in err, err


def test_failed_strict_build_exits_2(tmp_path):
    project = tiny_project(tmp_path, "missing-page.md")  # strict: a link to no page fails
    result = build("--offline", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(project / "site"))
    assert result.returncode == 2, result.stderr
    assert "mkdocs build --strict failed" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "-1"], "--timeout must be a finite number of seconds, more than 0"),
        (["--format", "xml"], "invalid choice"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_bad_option_exits_2_before_building(tmp_path, args, message):
    result = build("--site-dir", str(tmp_path / "site"), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not (tmp_path / "site").exists(), "nothing was built"
