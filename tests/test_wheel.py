"""A wheel built from the repository works in a fresh virtual environment, catalogue included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import DEMO, REPO

pytestmark = pytest.mark.slow


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def test_wheel_installs_and_runs_from_a_clean_venv(tmp_path):
    dist = tmp_path / "dist"
    build = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("betalint-*.whl")

    env_dir = tmp_path / "venv"
    # a fresh environment without pip of its own (seeding pip takes seconds): this pip
    # installs into it, dependencies resolved from the package index as for any user
    venv.create(env_dir, with_pip=False)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    install = run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", str(wheel)]
    )
    assert install.returncode == 0, install.stderr

    # run from an unrelated folder so nothing of the repository can be picked up
    work = tmp_path / "elsewhere"
    work.mkdir()
    site = work / "demo-site"
    shutil.copytree(DEMO, site)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}

    rules = run([str(bindir / "betalint"), "rules", "--format", "json"], cwd=work, env=env)
    assert rules.returncode == 0, rules.stderr
    codes = {r["code"] for r in json.loads(rules.stdout)}
    assert {"FM001", "BL001", "BL002"} <= codes

    where = run(
        [str(py), "-c", "import betalint.catalogue as c; print(c.rules_dir())"], cwd=work, env=env
    )
    assert str(env_dir) in where.stdout, "the catalogue must come from the installed package"

    check = run(
        [str(bindir / "betalint"), "check", "demo-site", "--format", "json"], cwd=work, env=env
    )
    assert check.returncode == 1, check.stderr
    data = json.loads(check.stdout)
    assert data["files_checked"] > 5 and data["violations"]
    assert Path(site).is_dir()

    # the audit report's templates and RGAA data ship in the wheel
    report = run(
        [str(bindir / "betalint"), "report", "demo-site", "-o", "rapport.html"], cwd=work, env=env
    )
    assert report.returncode == 0, report.stderr
    html = (work / "rapport.html").read_text(encoding="utf-8")
    assert "<style>" in html and "<svg" in html
    assert "Chaque image porteuse d’information a-t-elle une alternative textuelle ?" in html
