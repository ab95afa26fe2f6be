"""Site checks run beside the others in a forked copy (betalint.forked): the copy's
result comes back whole, and a copy that fails leaves its work to the parent — the
output is the same either way."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from betalint import engine, forked
from betalint.config import build_config
from conftest import DEMO, age, run_cli

pytestmark = pytest.mark.skipif(not forked.available(), reason="no fork on this system")


def test_the_copy_returns_its_value():
    copy = forked.start(lambda: {"found": [1, 2, 3], "text": "é" * 200_000})
    assert copy is not None
    assert copy.result() == {"found": [1, 2, 3], "text": "é" * 200_000}


def _raises():
    raise RuntimeError("broken check")


def _dies():
    os._exit(3)


def _unpicklable():
    return lambda: None


@pytest.mark.parametrize("fn", [_raises, _dies, _unpicklable])
def test_a_copy_that_fails_gives_none(fn):
    copy = forked.start(fn)
    assert copy is not None
    assert copy.result() is None


@pytest.fixture
def demo(tmp_path):
    site = tmp_path / "demo-site"
    shutil.copytree(DEMO, site, ignore=shutil.ignore_patterns(".betalint_cache"))
    age(site)
    return site


def _json(site, *args):
    return run_cli(["check", str(site), "--format", "json", "--no-cache", *args], cwd=site)


def test_checks_run_beside_in_a_whole_site_run_with_jobs(demo, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    config = build_config({}, {"lang": "en"})
    parallel = engine.run([demo], config, cwd=demo, jobs=2)
    serial = engine.run([demo], config, cwd=demo, jobs=1)
    beside = {k for k in parallel.timings if k.endswith("(beside)")}
    assert beside == {f"site {c} (beside)" for c in engine.BESIDE} | {"site links own (beside)"}
    assert "site links per page" in parallel.timings
    assert not any(k.endswith("(beside)") for k in serial.timings)
    assert [v.as_json() for v in parallel.violations] == [v.as_json() for v in serial.violations]
    rules = {v.rule for v in serial.violations}
    assert rules & set(engine.BESIDE) and rules & set(engine.LINKS)  # the demo has some


@pytest.mark.parametrize("half", ["own_half", "per_page_half"])
def test_a_half_of_the_links_that_fails_is_made_whole_by_the_parent(demo, monkeypatch, half):
    from betalint.checks import resolve

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    serial = _json(demo, "--jobs", "1")
    monkeypatch.setattr(resolve, half, lambda site: _raises())
    joined = []
    monkeypatch.setattr(resolve, "join_halves", lambda *a: joined.append(a))
    assert _json(demo, "--jobs", "2") == serial
    assert joined == []  # nothing to join: LNK001 made the whole resolution


def test_what_the_host_profile_says_is_said_once_in_a_split_run(demo, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    config = demo / "_config.yml"
    config.write_text(
        config.read_text().replace("url: https://demo.betalint.example", "url: https://x[y")
    )
    serial = _json(demo, "--jobs", "1")
    assert serial == _json(demo, "--jobs", "2")
    notes = json.loads(serial[1])["notes"]
    assert sum("x[y" in n for n in notes) == 1


def test_a_failed_copy_leaves_its_checks_to_the_parent(demo, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    serial = _json(demo, "--jobs", "1")
    started = []
    real_start = forked.start

    def failing(fn):
        started.append(fn)
        return real_start(_raises)

    monkeypatch.setattr(forked, "start", failing)
    assert _json(demo, "--jobs", "2") == serial
    assert started  # the copy was tried
