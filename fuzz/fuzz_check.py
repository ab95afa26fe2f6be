"""Coverage-guided fuzzing of betalint's whole ``check`` on a one-file site (atheris).

Not part of the test run; see fuzz/README.md. Each input is one file: its first byte picks
where it goes (a page, an HTML page, an include, a layout, a collection document, a plain
folder without ``_config.yml``, or the ``_config.yml`` itself), the rest is its content.
The whole run happens as ``betalint check`` does it (discovery, configuration, every rule,
site checks, JSON and text output), in-process. An input is a crash when:

* anything raises out of the run (a ``_config.yml`` the configuration refuses is fine: that
  is betalint's usage error, exit 2);
* the run reports an internal error (``result.errors``);
* a finding lies outside the file (line past its end, column below 1);
* two runs on the same input disagree (checked on one input in eight);
* one input takes longer than libFuzzer's ``-timeout`` (a denial of service).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

import atheris

# Coverage of betalint's own code guides the search (instrumenting markdown-it and
# html.parser as well finds little more and runs three times slower).
with atheris.instrument_imports(include=["betalint"]):
    from betalint import checks, engine, formats
    from betalint.config import build_config
    from betalint.site import ConfigError, discover

CONFIG = """\
title: Fuzz
url: https://fuzz.example
baseurl: /base
lang: fr
collections:
  startups:
    output: true
"""
TARGETS = [
    ("jekyll", "page.md"),
    ("jekyll", "page.html"),
    ("jekyll", "_includes/part.html"),
    ("jekyll", "_layouts/default.html"),
    ("jekyll", "_startups/s.md"),
    ("plain", "page.md"),
    ("plain", "page.html"),
    ("config", "_config.yml"),
]
ROOT = Path(tempfile.mkdtemp(prefix="betalint-fuzz-"))
checks.load_all()
CONFIG_ALL = build_config({"select": ["ALL"]}, {})
RENDER = [formats.get("json"), formats.get("text")]


def _lint(site_dir: Path):
    result = engine.run([site_dir], CONFIG_ALL, jobs=1, cwd=site_dir)
    for render in RENDER:
        render(result, cwd=site_dir, colour=False)
    return result


def one_input(data: bytes) -> None:
    if not data:
        return
    mode, rel = TARGETS[data[0] % len(TARGETS)]
    content = data[1:]
    site_dir = ROOT / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir()
    if mode == "config":
        (site_dir / "_config.yml").write_bytes(content)
        (site_dir / "page.md").write_text("---\ntitle: t\n---\n[a](/b)\n")
    else:
        if mode == "jekyll":
            (site_dir / "_config.yml").write_text(CONFIG)
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    try:
        discover(site_dir)
    except ConfigError:
        assert mode == "config"  # only the fuzzed _config.yml may be refused
        return
    result = _lint(site_dir)
    if result.errors:
        raise RuntimeError("internal error: " + "\n".join(result.errors))
    if mode != "config":
        limit = content.count(b"\n") + content.count(b"\r") + 1
        for v in result.violations:
            assert 1 <= v.line <= limit and v.column >= 1, (v.rule, v.line, v.column)
    if zlib.crc32(data) % 8 == 0:  # determinism, on one input in eight (a second run costs)
        again = _lint(site_dir)
        assert [v.as_json() for v in again.violations] == [v.as_json() for v in result.violations]


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
