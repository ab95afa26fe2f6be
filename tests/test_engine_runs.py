"""Several runs in one process (tests, editors, watch modes) see the files as they are now."""

from __future__ import annotations

import json

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
    import multiprocessing

    pages = {f"p{i:02d}.md": f"---\ntitle: p\n---\n[lien](/p{i + 1:02d}/)\n" for i in range(70)}
    site = make_site({**pages, "_layouts/default.html": "<main>{{ content }}</main>\n"})
    forked = run_cli(["check", str(site), "--format", "json", "--jobs", "2", "--no-cache"])
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned = run_cli(["check", str(site), "--format", "json", "--jobs", "2", "--no-cache"])
    assert spawned == forked
    data = json.loads(forked[1])
    assert data["files_checked"] == 71 and data["violations"]
