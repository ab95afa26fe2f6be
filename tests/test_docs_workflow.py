"""The GitHub Actions workflow of docs/github-actions.md is valid YAML and its betalint
commands work as written (on a small git repository standing for a pull request)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess

import yaml

from conftest import REPO, run_cli

DOC = REPO / "docs" / "github-actions.md"
BROKEN = "---\ntitle: Nos startups: bilan\n---\n"


def workflow() -> dict:
    text = DOC.read_text(encoding="utf-8")
    (block,) = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return yaml.safe_load(block)


def test_workflow_uses_github_format_and_uploads_sarif(make_site, tmp_path):
    wf = workflow()
    steps = wf["jobs"]["betalint"]["steps"]
    commands = [s["run"] for s in steps if str(s.get("run", "")).startswith("betalint ")]
    assert any("--format github" in c for c in commands)
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    sarif_file = upload["with"]["sarif_file"]
    assert wf["permissions"]["security-events"] == "write"

    site = make_site({"ok.md": "---\ntitle: ok\n---\n"})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=site, check=True)
    subprocess.run([*git, "add", "."], cwd=site, check=True)
    subprocess.run([*git, "commit", "-qm", "init"], cwd=site, check=True)
    subprocess.run([*git, "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=site, check=True)
    (site / "new.md").write_text(BROKEN, encoding="utf-8")
    for command in commands:
        command = command.replace("${{ github.base_ref }}", "main")
        args = shlex.split(command)[1:]
        code, out, err = run_cli(args, cwd=site)
        assert code in (0, 1), err
        if "--format github" in command:
            assert code == 1 and out.startswith("::error file=new.md,line=2,")
    data = json.loads((site / sarif_file).read_text(encoding="utf-8"))
    assert data["runs"][0]["results"][0]["ruleId"] == "FM001"
