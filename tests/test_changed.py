"""Reporting on part of a site: explicit files (pre-commit) and --changed-since REF (pull
requests). The whole site is always linted; only the chosen files are reported."""

from __future__ import annotations

import subprocess

import pytest

from conftest import lint, run_cli

BROKEN = "---\ntitle: Nos startups: bilan\n---\nTexte.\n"
CLEAN = "---\ntitle: Propre\n---\nTexte.\n"


def git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(make_site):
    site = make_site({"old-broken.md": BROKEN, "a.md": CLEAN, "b.md": CLEAN})
    git(site, "init", "-q", "-b", "main")
    git(site, "add", ".")
    git(site, "commit", "-qm", "init")
    return site


def paths(data):
    return sorted({v["path"].rsplit("/", 1)[-1] for v in data["violations"]})


def test_explicit_files_are_the_only_ones_reported(make_site):
    site = make_site({"a.md": BROKEN, "b.md": BROKEN, "c.md": CLEAN})
    data = lint(site / "a.md", str(site / "c.md"))
    assert paths(data) == ["a.md"]
    assert data["files_checked"] == 2


def test_changed_since_reports_only_changed_files(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "a.md").write_text(BROKEN, encoding="utf-8")  # modified, committed
    git(repo, "commit", "-qam", "break a")
    (repo / "b.md").write_text(BROKEN, encoding="utf-8")  # modified, not committed
    (repo / "new.md").write_text(BROKEN, encoding="utf-8")  # untracked
    data = lint(repo, "--changed-since", "main", "--lang", "en", cwd=repo)
    assert paths(data) == ["a.md", "b.md", "new.md"]
    assert data["files_checked"] == 3
    assert "Only the 3 files changed since main are reported." in data["notes"]
    # a PATH narrows the set further
    data = lint(repo / "new.md", "--changed-since", "main", cwd=repo)
    assert paths(data) == ["new.md"]


def test_changed_since_uses_the_merge_base(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "a.md").write_text(BROKEN, encoding="utf-8")
    git(repo, "commit", "-qam", "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "b.md").write_text(BROKEN, encoding="utf-8")
    git(repo, "commit", "-qam", "main moved on")
    git(repo, "checkout", "-q", "feature")
    # b.md differs from main, but the branch did not touch it
    data = lint(repo, "--changed-since", "main", cwd=repo)
    assert paths(data) == ["a.md"]


def test_nothing_changed(repo):
    data = lint(repo, "--changed-since", "HEAD", "--lang", "fr", cwd=repo)
    assert data["violations"] == [] and data["files_checked"] == 0
    assert "Aucun fichier Markdown ou HTML du site n'a changé depuis HEAD." in data["notes"]


def test_deleted_files_are_not_linted(repo):
    (repo / "old-broken.md").unlink()
    data = lint(repo, "--changed-since", "HEAD", cwd=repo)
    assert data["violations"] == [] and data["files_checked"] == 0


def test_unknown_ref_and_no_repository_are_usage_errors(repo, make_site, tmp_path):
    code, _, err = run_cli(["check", str(repo), "--changed-since", "nope"], cwd=repo)
    assert code == 2 and "nope" in err and "fetch-depth" in err
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "x.md").write_text(BROKEN, encoding="utf-8")
    code, _, err = run_cli(["check", str(lone), "--changed-since", "main"], cwd=lone)
    assert code == 2 and "not in a git repository" in err
