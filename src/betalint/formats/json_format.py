"""The JSON contract of design.md §3: fields may be added, never renamed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from betalint import __version__
from betalint.formats import formatter, summary_counts


@formatter("json")
def render(result, *, cwd: Path, **_: object) -> str:
    try:
        root = Path(os.path.relpath(result.root, cwd)).as_posix()
    except ValueError:
        root = result.root.as_posix()
    data = {
        "tool": "betalint",
        "version": __version__,
        "root": root,
        "files_checked": result.files_checked,
        "violations": [v.as_json() for v in result.violations],
        "summary": summary_counts(result.violations),
    }
    if result.baseline:
        data["baseline"] = result.baseline
    if result.notes:
        data["notes"] = result.notes
    if result.errors:
        data["errors"] = result.errors
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
