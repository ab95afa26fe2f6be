"""Shared test helpers: build a small site in a temporary folder, run betalint on it.

Tests talk to betalint the way users do (the ``check`` command and its JSON output),
except where they test a parsing unit directly.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

# The interface language follows the locale; tests read English help and errors whatever
# the machine's locale (set before betalint.cli reads it at import).
os.environ["BETALINT_LANG"] = "en"
# The cache's signing key lives in the user's cache folder: tests use their own (so a
# session starts with every cache of a previous one foreign, hence cold).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="betalint-tests-")

from betalint.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "beta.gouv.fr"
DEMO = REPO / "fixtures" / "demo-site"

JEKYLL_CONFIG = """\
title: Test site
url: https://example.gouv.fr
baseurl: ""
lang: fr
collections_dir: content
collections:
  startups:
    output: true
    permalink: /startups/:title.html
  authors:
"""


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (path → text or bytes) under `root`; returns `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def check_context(site: Any, config: Any) -> Any:
    """What the engine's workers lint with: every check loaded, the collectors of every
    site check, the preparers run (as ``engine.run`` does before linting)."""
    from betalint import checks, engine
    from betalint.checks import COLLECTORS, PREPARERS, SITE_CHECKS, CheckContext

    checks.load_all()
    ctx = CheckContext(site=engine.SiteInfo.of(site), config=config)
    ctx.site_collectors = tuple(  # type: ignore[attr-defined]
        sorted({n for _fn, coll in SITE_CHECKS.values() for n in coll} & set(COLLECTORS))
    )
    for _codes, prepare in PREPARERS:
        list(prepare(ctx, site, "fr"))
    return ctx


@pytest.fixture
def make_site(tmp_path):
    """make_site({"page.md": "…"}, jekyll=True) → site folder (a _config.yml is added)."""

    def make(files: dict[str, str | bytes], jekyll: bool = True) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        if jekyll and "_config.yml" not in files:
            files = {"_config.yml": JEKYLL_CONFIG, **files}
        return write_site(root, files)

    return make


def run_cli(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def lint(path: Path, *args: str, cwd: Path | None = None) -> dict:
    """``betalint check PATH --format json ARGS``, parsed; asserts the exit code is 0 or 1."""
    code, out, err = run_cli(
        ["check", str(path), "--format", "json", "--jobs", "1", *args], cwd=cwd
    )
    assert code in (0, 1), f"exit {code}: {err}"
    data = json.loads(out)
    data["exit_code"] = code
    return data


def codes(data: dict) -> list[str]:
    return [v["rule"] for v in data["violations"]]


def findings(data: dict, rule: str) -> list[dict]:
    return [v for v in data["violations"] if v["rule"] == rule]


@pytest.fixture
def corpus() -> Path:
    """The real beta.gouv.fr source tree; the test is skipped when ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/beta.gouv.fr is not available")
    return CORPUS


@dataclass
class CorpusRun:
    result: Any  # betalint.engine.RunResult
    config: Any  # betalint.config.Config
    seconds: float  # the engine run alone


@pytest.fixture(scope="session")
def corpus_result() -> CorpusRun:
    """One full run of the real corpus (all rules, English, paths relative to its root),
    timed, shared by every test that reads corpus findings or reports on them: a full run
    costs seconds, so tests use this one instead of running their own. Treat it as read
    only."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/beta.gouv.fr is not available")
    from betalint import engine
    from betalint.cli import load_run_config

    site, config = load_run_config([CORPUS], None, {"lang": "en"})
    start = time.perf_counter()
    result = engine.run([CORPUS], config, site=site, cwd=CORPUS)
    return CorpusRun(result, config, time.perf_counter() - start)


@pytest.fixture(scope="session")
def corpus_run(corpus_result) -> dict:
    """``check . --format json --lang en`` of the corpus, from :func:`corpus_result`."""
    from betalint.formats import get

    return json.loads(get("json")(corpus_result.result, cwd=CORPUS))


@pytest.fixture(scope="session")
def corpus_preset_run() -> dict:
    """``check . --select FM003,FM005,FM006,FM007 --preset beta.gouv.fr --lang en`` of the
    corpus, once for the session (the front-matter tests of the preset share it)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/beta.gouv.fr is not available")
    return lint(
        CORPUS,
        "--select",
        "FM003,FM005,FM006,FM007",
        "--preset",
        "beta.gouv.fr",
        "--lang",
        "en",
        "--jobs",
        "2",
        cwd=CORPUS,
    )


def age(root: Path, seconds: int = 3600) -> None:
    """Date every file of `root` an hour back: sizes and times are then trusted (a file
    written within two seconds of a run is always read again, see cache.RACY_NS)."""
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def rewrite_aged(path: Path, text: str) -> None:
    """Write `path` dated an hour back (the other files keep their times)."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 3600 * 10**9))
