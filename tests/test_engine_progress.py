"""The engine's progress hook and run metadata, used by `betalint report`."""

from __future__ import annotations

from pathlib import Path

import pytest

from betalint import engine
from betalint.checks import SITE_CHECKS
from betalint.config import build_config


def _site(make_site, n: int) -> Path:
    return make_site({f"p{i:03d}.md": f"---\ntitle: p{i}\n---\n# P{i}\n" for i in range(n)})


@pytest.mark.parametrize(("n", "jobs"), [(5, 1), (80, 2)])
def test_progress_counts_every_file_once_up_to_the_total(make_site, n, jobs):
    site = _site(make_site, n)
    calls: list[tuple[int, int]] = []
    result = engine.run(
        [site], build_config({}, {}), jobs=jobs, progress=lambda d, t: calls.append((d, t))
    )
    total = calls[-1][1]
    assert calls[-1] == (total, total)
    assert total >= n  # the pages, plus any other file the site has
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    if jobs == 1:
        assert done == list(range(1, total + 1))  # serial runs report every file
    assert result.files_checked == n


def test_site_checks_can_leave_facts_for_reports(make_site, monkeypatch):
    site = _site(make_site, 2)

    def fact(sctx):
        sctx.shared.setdefault("meta", {})["dsfr_version"] = "1.11.0"
        return iter(())

    # any enabled code will do to have the function run as a site check
    monkeypatch.setitem(SITE_CHECKS, "BL002", (fact, ()))
    result = engine.run([site], build_config({}, {}), jobs=1)
    assert result.meta == {"dsfr_version": "1.11.0"}


def test_no_facts_by_default(make_site):
    assert engine.run([_site(make_site, 1)], build_config({}, {}), jobs=1).meta == {}
