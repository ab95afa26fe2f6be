"""The pre-commit hook, installed by the real ``pre-commit`` tool from this working tree
(offline from GitHub: the hook repository is a local git snapshot, betalint's dependencies
come from the package index), refuses a commit with a broken page and accepts it fixed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import JEKYLL_CONFIG, REPO

pytestmark = pytest.mark.slow

SNAPSHOT = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "src", "rules")
BROKEN = "---\ntitle: Nos startups: bilan\nlayout: page\n---\nTexte.\n"
FIXED = '---\ntitle: "Nos startups : bilan"\nlayout: page\n---\nTexte.\n'
LEGACY = "---\ntitle: Ancienne: page\n---\nTexte.\n"


def run(cmd, cwd, env):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def ok(cmd, cwd, env):
    proc = run(cmd, cwd, env)
    assert proc.returncode == 0, f"{cmd}: {proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture
def env(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    e = dict(os.environ)
    e.update(
        GIT_AUTHOR_NAME="Rédaction",
        GIT_AUTHOR_EMAIL="redaction@example.org",
        GIT_COMMITTER_NAME="Rédaction",
        GIT_COMMITTER_EMAIL="redaction@example.org",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
    )
    e.pop("BETALINT_LANG", None)
    return e


def snapshot_betalint(dest, env) -> str:
    """This working tree (committed or not) as a git repository; returns its commit."""
    dest.mkdir()
    for name in SNAPSHOT:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    ok(["git", "init", "-q", "-b", "main"], dest, env)
    ok(["git", "add", "."], dest, env)
    ok(["git", "commit", "-qm", "snapshot"], dest, env)
    return ok(["git", "rev-parse", "HEAD"], dest, env).stdout.strip()


def test_hook_refuses_a_broken_page_then_accepts_it_fixed(tmp_path, env):
    hook_repo = tmp_path / "betalint"
    rev = snapshot_betalint(hook_repo, env)

    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    (site / "index.md").write_text("---\ntitle: Accueil\n---\nBonjour.\n", encoding="utf-8")
    (site / "_layouts").mkdir()
    (site / "_layouts" / "page.html").write_text("<main>{{ content }}</main>\n", encoding="utf-8")
    (site / "ancienne.md").write_text(LEGACY, encoding="utf-8")  # legacy, never touched
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_uri()}\n    rev: {rev}\n"
        "    hooks:\n      - id: betalint\n",
        encoding="utf-8",
    )
    ok(["git", "init", "-q", "-b", "main"], site, env)
    ok(["git", "add", "."], site, env)
    ok(["git", "commit", "-qm", "site", "--no-verify"], site, env)
    ok([sys.executable, "-m", "pre_commit", "install"], site, env)
    # builds the hook's environment (pip install of the snapshot) once, outside the commit
    ok([sys.executable, "-m", "pre_commit", "install-hooks"], site, env)

    (site / "startups.md").write_text(BROKEN, encoding="utf-8")
    ok(["git", "add", "startups.md"], site, env)
    refused = run(["git", "commit", "-m", "Nouvelle page"], site, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "betalint" in output and "Failed" in output
    # betalint's own message, in the site's language (lang: fr), at file:line:column
    assert "startups.md:2:" in output and "FM001" in output
    assert "deux-points" in output
    assert "ancienne.md" not in output  # only the committed files are reported
    log = ok(["git", "log", "--oneline"], site, env).stdout
    assert "Nouvelle page" not in log

    (site / "startups.md").write_text(FIXED, encoding="utf-8")
    ok(["git", "add", "startups.md"], site, env)
    accepted = run(["git", "commit", "-m", "Nouvelle page"], site, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    said = accepted.stdout + accepted.stderr
    assert "betalint" in said and "Passed" in said
    assert "Nouvelle page" in ok(["git", "log", "--oneline"], site, env).stdout
