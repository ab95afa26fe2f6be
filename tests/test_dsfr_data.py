"""The shipped DSFR class data agrees with the reference lists of ../shared/specs/dsfr-data
(extracted independently: tinycss2 over the npm tarballs, deprecated-only classes by
compiling DSFR's sources with and without its deprecated modules)."""

from __future__ import annotations

import pytest

from betalint import dsfr
from conftest import SHARED

REFERENCE = SHARED / "specs" / "dsfr-data"
TABLE = dsfr.table()


def _reference(name: str) -> set[str]:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return set(path.read_text(encoding="utf-8").split())


def test_shipped_versions_are_the_newest_patch_of_each_minor_from_1_9():
    minors = [dsfr.vkey(v)[:2] for v in TABLE.shipped]
    assert minors == sorted(set(minors)) and minors[0] == (1, 9) and len(minors) >= 7
    for v in TABLE.shipped:
        same_minor = [p for p in TABLE.published if dsfr.vkey(p)[:2] == dsfr.vkey(v)[:2]]
        assert v == max(same_minor, key=dsfr.vkey)


@pytest.mark.parametrize("version", TABLE.shipped)
def test_classes_equal_reference(version):
    assert TABLE.known(version) == _reference(f"classes-{version}.txt")


@pytest.mark.parametrize("version", TABLE.shipped)
def test_deprecated_equal_reference(version):
    assert TABLE.deprecated(version) == _reference(f"deprecated-{version}.txt")


def test_history_columns_equal_reference():
    path = REFERENCE / "class-history.tsv"
    if not path.is_file():
        pytest.skip("class-history.tsv is not available")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].lstrip("# ").split("\t")
    versions = header[1:-2]
    common = [v for v in versions if v in TABLE.columns]
    assert len(common) == len(versions)
    for line in lines[1:]:
        parts = line.split("\t")
        cls, flags = parts[0], dict(zip(versions, parts[1:-2], strict=True))
        mine = TABLE.flags.get(cls)
        assert mine is not None, cls
        for v in common:
            present = mine[TABLE.column(v)] != "-"
            assert present == (flags[v] != "-"), (cls, v)


def test_curated_targets_exist():
    """Every typo fix and replacement names classes that exist in the newest version."""
    cur = dsfr.curated()
    newest = TABLE.known(TABLE.shipped[-1]) | cur.allow
    for target in cur.typos.values():
        assert target in newest, target
    # allow-listed markers are documented classes that no CSS defines
    assert not cur.allow & TABLE.known(TABLE.shipped[-1])
