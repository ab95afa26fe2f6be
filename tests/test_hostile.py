"""The hostile site (issue 9): every accident a content repository holds, linted at once.

The site is ``fixtures/hostile-site/`` plus what its ``generate.py`` makes (binary and
non-UTF-8 pages, line endings, a 20 MB page, symlinks, permissions, awkward names). The
tests state exactly what betalint reports for each file, that every other file is still
linted, and that nothing outside the site is read, nothing is written, nothing is run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, run_cli

GENERATOR = REPO / "fixtures" / "hostile-site" / "generate.py"

# What betalint reports with --select FM001,BL001,BL002, per file: (rule, line, column,
# a piece of the English message). Paths are relative to the site root.
EXPECTED: dict[str, tuple[str, int, int, str]] = {
    "binary.md": ("BL001", 6, 1, "contains binary data"),
    "invalid-utf8.md": ("BL001", 5, 36, "byte 0xFF at this position"),
    "latin1.md": ("BL001", 2, 8, "byte 0xC9 at this position"),
    "utf16.md": ("BL001", 1, 1, "encoded in UTF-16"),
    "nul.md": ("BL001", 2006, 1, "contains binary data"),
    "huge.md": ("BL001", 1, 1, "more than the limit of 5242880 (`max-file-size`)"),
    "bom.md": ("FM001", 1, 1, "byte-order mark (BOM)"),
    "lone-cr.md": ("FM001", 1, 1, "ends its lines with CR alone"),
    "lone-cr-mixed.md": ("FM001", 3, 1, "The key `title` is written twice (first on line 2)"),
    "crlf.md": ("FM001", 3, 1, "The key `title` is written twice (first on line 2)"),
    "crlf-yaml.md": ("FM001", 2, 19, "A value contains `: `"),
    "fm-unclosed.md": ("FM001", 1, 1, "is never closed"),
    "fm-list.md": ("FM001", 2, 1, "but it is a list"),
    "fm-scalar.md": ("FM001", 2, 1, "but it is a scalar"),
    "fm-python-tag.md": ("FM001", 2, 8, "python/object/apply:os.system"),
    "fm-alias-bomb.md": ("FM001", 2, 1, "expands to more than 100000 values"),
    "loop": ("BL001", 1, 1, "forms a loop or points nowhere"),
    "cycle-a.md": ("BL001", 1, 1, "forms a loop or points nowhere"),
    "cycle-b.md": ("BL001", 1, 1, "forms a loop or points nowhere"),
    "dangling.md": ("BL001", 1, 1, "forms a loop or points nowhere"),
    "outside.md": ("BL001", 1, 1, "points outside the site"),
    "outside-dir": ("BL001", 1, 1, "points outside the site"),
    # ordinary pages, each with a repeated key so that its front matter visibly was read
    "index.md": ("FM001", 3, 1, "The key `title` is written twice"),
    "pages/normal.md": ("FM001", 4, 1, "The key `permalink` is written twice"),
    "pages/alias.md": ("FM001", 4, 1, "The key `permalink` is written twice"),
    "pages/about.html": ("FM001", 3, 1, "The key `title` is written twice"),
    "name with spaces.md": ("FM001", 3, 1, "The key `title` is written twice"),
    "été à Noël.md": ("FM001", 3, 1, "The key `title` is written twice"),
    "line\nbreak.md": ("FM001", 3, 1, "The key `title` is written twice"),
}
UNREADABLE: dict[str, tuple[str, int, int, str]] = {
    "unreadable.md": ("BL001", 1, 1, "cannot be read (Permission denied)"),
    "unreadable-dir": ("BL001", 1, 1, "cannot be read (Permission denied)"),
}
# Files that reach the checks (parsed and checked); the others are reported above.
LINTED = {
    "index.md",
    "pages/normal.md",
    "pages/about.html",
    "pages/alias.md",
    "_layouts/default.html",
    "_includes/header.html",
    "fm-unclosed.md",
    "fm-list.md",
    "fm-scalar.md",
    "fm-python-tag.md",
    "fm-alias-bomb.md",
    "crlf.md",
    "crlf-yaml.md",
    "lone-cr-mixed.md",
    "unclosed-tags.md",
    "liquid-unterminated.md",
    "raw-unterminated.md",
    "liquid-include-outside.md",
    "deep.html",
    "deep.md",
    "table.md",
    "name with spaces.md",
    "été à Noël.md",
    "line\nbreak.md",
}
# Markdown files Jekyll copies as they are (front matter hidden): reported, not parsed.
STATIC = {"bom.md", "lone-cr.md"}


def _generator():
    spec = importlib.util.spec_from_file_location("hostile_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(site root, folder outside the site) of a freshly generated hostile site."""
    gen = _generator()
    out = tmp_path_factory.mktemp("hostile")
    site = gen.build(out)
    yield site, out / "outside"
    gen._make_writable(site)  # let pytest remove it


def _readable(path: Path) -> bool:
    """Whether this process can read `path` despite mode 000 (true for root)."""
    try:
        if path.is_dir():
            os.listdir(path)
        else:
            path.open("rb").close()
        return True
    except OSError:
        return False


def _unreadable_is_readable(site: Path) -> bool:
    return all(_readable(site / rel) for rel in UNREADABLE)


# --- recording what betalint touches --------------------------------------------------
# Audit hooks cannot be removed: this one records only while a test switches it on.
_AUDIT: dict = {"on": False, "events": []}
_WATCHED = ("open", "os.rename", "os.remove", "os.unlink", "os.mkdir", "os.chmod", "os.utime")
_FORBIDDEN = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.fork")


def _hook(event: str, args: tuple) -> None:
    if _AUDIT["on"] and (event in _WATCHED or event.startswith(_FORBIDDEN)):
        _AUDIT["events"].append((event, args))


sys.addaudithook(_hook)


def _recording(fn, *args, **kw):
    _AUDIT["events"] = []
    _AUDIT["on"] = True
    try:
        return fn(*args, **kw)
    finally:
        _AUDIT["on"] = False


#: betalint's own cache folder (design.md: on unless --no-cache) is not content: writes
#: there are allowed, everything else in the site must stay untouched.
CACHE = ".betalint_cache"


def _writes(events) -> list[tuple[str, str]]:
    """(event, path) of every event that writes or changes a file (outside the cache)."""
    out = []
    for event, args in events:
        if event == "open":
            path, mode, flags = args
            writing = (mode is not None and any(c in str(mode) for c in "wax+")) or (
                mode is None and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
            )
            if writing:
                out.append((event, str(path)))
        elif event != "open" and event in _WATCHED:
            out.append((event, str(args[0])))
    return [(e, p) for e, p in out if CACHE not in Path(p).parts]


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under `root` (not followed): type, mode, size, mtime, content hash."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if d != CACHE]
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            digest = None
            if stat.S_ISREG(st.st_mode) and _readable(path):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            snap[str(path.relative_to(root))] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return snap


def _check(site: Path, *args: str) -> tuple[int, dict, str]:
    code, out, err = run_cli(
        ["check", ".", "--format", "json", "--jobs", "1", "--lang", "en", *args], cwd=site
    )
    return code, json.loads(out), err


# --- the tests ------------------------------------------------------------------------


def test_hostile_site_reports_exactly_what_each_file_deserves(hostile, monkeypatch):
    from betalint.checks import DOCUMENT_CHECKS

    site, _outside = hostile
    seen: list[str] = []

    def record(doc, ctx):  # a check that only notes which files reach the checks
        seen.append(doc.path)
        return iter(())

    monkeypatch.setitem(DOCUMENT_CHECKS, "BL002", record)
    started = time.perf_counter()
    code, data, err = _check(site, "--select", "FM001,BL001,BL002")
    elapsed = time.perf_counter() - started

    expected = dict(EXPECTED)
    linted = set(LINTED)
    if _unreadable_is_readable(site):
        linted |= {"unreadable.md", "unreadable-dir/page.md"}  # root reads them anyway
    else:
        expected |= UNREADABLE
    got = {v["path"]: (v["rule"], v["line"], v["column"], v["message"]) for v in data["violations"]}
    assert len(got) == len(data["violations"]), "one finding per file"
    assert {p: g[:3] for p, g in got.items()} == {p: e[:3] for p, e in expected.items()}
    for path, (_rule, _line, _col, fragment) in expected.items():
        assert fragment in got[path][3], path
    assert code == 1 and "errors" not in data and err == ""
    assert sorted(seen) == sorted(linted)  # every other file is still linted
    assert data["files_checked"] == len(linted) + len(STATIC)
    assert elapsed < 30


def test_unreadable_file_and_folder_are_reported(hostile):
    site, _outside = hostile
    if _unreadable_is_readable(site):
        pytest.skip(
            "running as root: chmod 000 does not stop root from reading, so the 'unreadable' "
            "file and folder are readable here (they are linted as ordinary pages instead)"
        )
    _code, data, _err = _check(site, "--select", "BL001")
    got = {v["path"]: (v["rule"], v["line"], v["column"]) for v in data["violations"]}
    for path, (rule, line, col, _fragment) in UNREADABLE.items():
        assert got[path] == (rule, line, col)


def test_hostile_site_with_every_rule_has_no_internal_error(hostile):
    site, _outside = hostile
    code, data, err = _check(site)
    assert code == 1 and "errors" not in data and err == ""
    engine_rules = {(v["path"], v["rule"], v["line"]) for v in data["violations"]}
    for path, (rule, line, _col, _fragment) in EXPECTED.items():
        assert (path, rule, line) in engine_rules


def test_nothing_outside_is_read_nothing_is_written_nothing_is_run(hostile):
    site, outside = hostile
    before = _snapshot(site)
    # without the cache (which writes in its own folders: tests/test_cache.py), nothing at
    # all may be written
    code, data, _err = _recording(_check, site, "--no-cache")
    events = list(_AUDIT["events"])
    assert code == 1 and "errors" not in data

    outside_real = os.path.realpath(outside)
    opened = [str(args[0]) for event, args in events if event == "open"]
    assert not [p for p in opened if os.path.realpath(p).startswith(outside_real)]
    assert _writes(events) == []  # content opened read-only, nothing created or changed
    assert [e for e, _a in events if e.startswith(_FORBIDDEN)] == []  # no network, no process
    assert not (site / "hostile-pwned").exists()  # the !!python/object tag did not run
    assert _snapshot(site) == before


def test_report_is_written_atomically_and_only_where_asked(hostile, tmp_path, monkeypatch):
    site, _outside = hostile
    report = tmp_path / "reports" / "hostile.json"
    code, out, _err = _recording(
        run_cli,
        ["check", ".", "--format", "json", "--jobs", "1", "--no-cache", "-o", str(report)],
        cwd=site,
    )
    events = list(_AUDIT["events"])
    assert code == 1 and out == ""
    assert json.loads(report.read_text())["files_checked"] > 0
    # the folder asked for, one temporary file beside the report (opened by name, then by
    # descriptor, given the permissions open() would give), renamed over the report;
    # nothing else written
    writes = [(e, p) for e, p in _writes(events) if not p.isdigit()]
    assert [e for e, _p in writes] == ["os.mkdir", "open", "os.chmod", "os.rename"], writes
    assert writes[0][1] == str(report.parent)
    assert writes[2][1] == writes[1][1]  # the chmod is on the temporary file
    tmp = Path(writes[1][1])
    assert tmp.parent == report.parent and tmp.name.startswith(".hostile.json.")
    [rename] = [a for e, a in events if e == "os.rename"]
    assert (str(rename[0]), str(rename[1])) == (str(tmp), str(report))
    assert list(report.parent.iterdir()) == [report]

    # a failure while writing leaves the previous report whole, and no temporary file
    previous = report.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, _out, err = run_cli(
        ["check", ".", "--format", "json", "--jobs", "1", "-o", str(report)], cwd=site
    )
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert report.read_bytes() == previous
    assert list(report.parent.iterdir()) == [report]
