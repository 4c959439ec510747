"""The platform kept open: ProperDocs (MkDocs 1.x's continuation) builds the same site as MkDocs.

The suite's MkDocs build (`built_site`) and a strict `properdocs build` of the same project, with the
same site_url, must hold the same files with the same bytes: every page, decks.json, the handout,
the search index; and the service worker the same precache list (its minified code names variables
by the whole file, revisions included). Only what must differ is set aside, each after a check:
the generator meta tag (it names the builder) and, in sw.js, the revision of each page that carries
it (Workbox's MD5 of the file, checked against the file). ARCHITECTURE.md ("Platform") says why.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_tools import CONFIG, PROJECT

GENERATOR = re.compile(rb'<meta name="?generator"? content="?([^">]*)"?>')
PRECACHE_ENTRY = re.compile(rb'\{url:"(?P<url>[^"]+)",revision:"(?P<revision>[0-9a-f]{32})"\}')


@pytest.fixture(scope="module")
def properdocs_site(served_site: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("properdocs-site")
    _, url = served_site
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", str(CONFIG)]
    result = subprocess.run(
        [*command, "--site-dir", str(site_dir)],
        cwd=PROJECT,
        env={**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site_dir


def files(site_dir: Path) -> set[str]:
    return {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}


def without_generator(content: bytes, builder: str, where: str) -> bytes:
    """CONTENT with its generator tag set aside, once it is checked to name BUILDER."""
    for name in GENERATOR.findall(content):
        assert builder.encode() in name, f"{where}: the generator tag says {name!r}, not {builder}"
    return GENERATOR.sub(b"<meta name=generator>", content)


def worker_without_page_revisions(site_dir: Path) -> bytes:
    """sw.js's precache list, with the revision of each page that carries a generator tag set aside, once checked."""
    worker = (site_dir / "sw.js").read_bytes()

    def entry(match: re.Match[bytes]) -> bytes:
        content = (site_dir / match["url"].decode()).read_bytes()
        if not GENERATOR.search(content):
            return match.group()
        assert match["revision"].decode() == hashlib.md5(content).hexdigest(), f"sw.js: {match['url']!r}'s revision"
        return b'{url:"' + match["url"] + b'",revision:"(this build\'s page)"}'

    normalised = [entry(match) for match in PRECACHE_ENTRY.finditer(worker)]
    assert len(normalised) > 10, f"sw.js precaches {len(normalised)} files: is it Workbox's?"
    # The precache list, not the code around it: Workbox's minifier names the runtime's variables by how
    # often each character occurs in the whole file, so the pages' other revisions rename them.
    return b"\n".join(normalised)


def test_properdocs_builds_the_same_site_as_mkdocs(built_site: Path, properdocs_site: Path) -> None:
    mkdocs_files, properdocs_files = files(built_site), files(properdocs_site)
    assert mkdocs_files == properdocs_files, (
        f"only MkDocs made {sorted(mkdocs_files - properdocs_files)}, "
        f"only ProperDocs made {sorted(properdocs_files - mkdocs_files)}"
    )
    for needed in ("index.html", "print/index.html", "assets/presentation/decks.json", "sw.js"):
        assert needed in mkdocs_files, f"the build made no {needed}"
    different = []
    for name in sorted(mkdocs_files):
        ours, theirs = (built_site / name).read_bytes(), (properdocs_site / name).read_bytes()
        if name.endswith(".html"):
            ours = without_generator(ours, "mkdocs-1.6", f"MkDocs {name}")
            theirs = without_generator(theirs, "ProperDocs", f"ProperDocs {name}")
        elif name == "sw.js":
            ours, theirs = worker_without_page_revisions(built_site), worker_without_page_revisions(properdocs_site)
        if ours != theirs:
            at = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), len(min(ours, theirs)))
            different.append(f"{name} at byte {at}: {ours[at - 60 : at + 60]!r} != {theirs[at - 60 : at + 60]!r}")
    assert not different, "ProperDocs built a different site:\n" + "\n".join(different[:10])
