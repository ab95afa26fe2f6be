"""Atomic writes keep the permissions a plain open() would give."""

from __future__ import annotations

import os
import stat

import pytest

from betalint.atomic import write_text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_file_gets_the_umask_permissions_not_mkstemps_private_ones(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "report.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "baseline.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temporary left
