"""Files changed since a git reference, for ``check --changed-since REF``.

A pull request is judged on what it touches: the whole site is still linted (links resolve
against every page), but only files changed since the point where the branch left ``REF``
are reported. "Changed" means what GitHub shows in a pull request, plus the work not yet
committed:

* the diff between the *merge base* of ``REF`` and ``HEAD`` and the working tree (so
  commits made on ``main`` after the branch started are not counted as the branch's),
* untracked files that git does not ignore (a page being written),
* deleted files excluded (there is nothing left to lint).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, or the reference is unknown."""

    def __init__(self, key: str, **args: str) -> None:
        super().__init__(f"{key}: {args}")
        self.key, self.params = key, args


def _git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        check=False,
    )
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, args, proc.stdout, proc.stderr)
    return proc.stdout


def changed_files(folder: Path, ref: str) -> list[Path]:
    """Absolute paths of the files changed since ``ref`` in the repository holding
    ``folder`` (existing files only), sorted."""
    if shutil.which("git") is None:
        raise GitError("git-missing")
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    except subprocess.CalledProcessError:
        raise GitError("git-not-repo", path=str(folder)) from None
    try:
        base = _git(top, "merge-base", ref, "HEAD").strip()
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise GitError(
            "git-bad-ref", ref=ref, detail=detail[-1] if detail else "no merge base"
        ) from None
    diff = _git(top, "diff", "--name-only", "-z", "--no-ext-diff", "--diff-filter=d", base, "--")
    untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard")
    names = {n for n in (diff + untracked).split("\0") if n}
    out = []
    for name in sorted(names):
        path = top / name
        if path.is_file():
            out.append(path)
    return out
