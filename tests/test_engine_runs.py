"""Several runs in one process (tests, editors, watch modes) see the files as they are now."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

PAGE = "---\ntitle: a\n---\n<!-- betalint-disable-next-line FM001 -->\n"


def _region(site):
    # worker processes (64 files or more): the main process rereads lines from disk
    _, out, _ = run_cli(["check", str(site), "--format", "sarif", "--jobs", "2"])
    (result,) = json.loads(out)["runs"][0]["results"]
    return result["locations"][0]["physicalLocation"]["region"]


def test_source_lines_are_reread_between_runs(make_site):
    site = make_site({"a.md": PAGE, **{f"p{i}.md": "---\ntitle: p\n---\n" for i in range(70)}})
    assert _region(site)["startLine"] == 4
    (site / "a.md").write_text(PAGE.replace("---\n<", "---\n\n\n<"), encoding="utf-8")
    region = _region(site)
    assert region["startLine"] == 6
    assert region["snippet"]["text"] == "<!-- betalint-disable-next-line FM001 -->"


def test_spawned_and_forked_workers_lint_alike(make_site, monkeypatch):
    # workers are given the run's files once (a forked one shares them) and sent positions
    # in them; spawned ones (no fork: Windows, or macOS's default) get them pickled: both
    # lint every file alike
    from betalint import forked as forking

    pages = {f"p{i:02d}.md": f"---\ntitle: p\n---\n[lien](/p{i + 1:02d}/)\n" for i in range(70)}
    site = make_site({**pages, "_layouts/default.html": "<main>{{ content }}</main>\n"})
    args = ["check", str(site), "--format", "json", "--no-cache"]
    alone = run_cli([*args, "--jobs", "1"])  # (in this process: no positions)
    forked = run_cli([*args, "--jobs", "2"])
    monkeypatch.setattr(forking, "available", lambda: False)
    spawned = run_cli([*args, "--jobs", "2"])
    assert spawned == forked == alone
    data = json.loads(forked[1])
    assert data["files_checked"] == 71
    # the one broken link, in the last page: every file was linted, each as itself
    broken = [v["path"] for v in data["violations"] if v["rule"] == "LNK001"]
    assert len(broken) == 1 and broken[0].endswith("/p69.md")


def test_forked_workers_need_no_multiprocessing(make_site):
    # importing multiprocessing and concurrent.futures cost a cold run some 17 ms before
    # the first file was linted (logging, sockets, subprocess…); fork and pipes do the job
    import subprocess
    import sys

    from betalint import forked

    if not forked.available():
        pytest.skip("no fork on this system")
    site = make_site({f"p{i:02d}.md": "---\ntitle: p\n---\ntexte\n" for i in range(70)})
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from betalint import engine\n"
        "from betalint.config import build_config\n"
        f"r = engine.run([Path({str(site)!r})], build_config({{}}, {{}}), jobs=2)\n"
        "assert r.files_checked == 70, r.files_checked\n"
        "assert 'lint files' in r.timings\n"
        "away = [m for m in ('multiprocessing', 'concurrent.futures') if m in sys.modules]\n"
        "assert not away, away\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_loading_the_checks_leaves_site_machinery_out():
    # a run whose site results are reused (one page edited, the pre-commit hook) lints its
    # files without the URL index, host profiles, baselines, TOML, tinycss2 or PyPI's regex:
    # loading the command and the checks imports none of them (together some 15 ms)
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import betalint.cli\n"
        "from betalint import checks, engine\n"
        "checks.load_all()\n"
        "engine._parsing()\n"
        "away = ('betalint.index', 'betalint.hosts', 'betalint.baseline', 'tomllib',\n"
        "        'tinycss2', 'regex', 'difflib')\n"
        "loaded = [m for m in away if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
