"""Site checks run beside the others in a forked copy (betalint.forked): the copy's
result comes back whole, and a copy that fails leaves its work to the parent — the
output is the same either way. Files are linted by forked workers (forked.run_tasks): every
task's result comes back once, and a worker that dies loses only the task it was on."""

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


@pytest.fixture
def forks(monkeypatch):
    """The processes forked during the test: none is left unreaped (a zombie) at its end."""
    pids: list[int] = []
    real = os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    yield pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _collect(jobs, count, work, init=lambda: None):
    got: dict[int, object] = {}

    def take(k, result):
        assert k not in got  # each result comes once
        got[k] = result

    lost = forked.run_tasks(jobs, count, init, work, take)
    return got, lost


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_workers_do_every_task_once(jobs, forks):
    # 3,000 tasks: more task numbers than one write to the task pipe carries (PIPE_BUF)
    got, lost = _collect(jobs, 3000, lambda k: (k, os.getpid()))
    assert lost == set()
    assert sorted(got) == list(range(3000)) and all(got[k][0] == k for k in got)
    assert {pid for _k, pid in got.values()} <= set(forks)  # done in the workers
    assert len(forks) == jobs


def test_no_more_workers_than_tasks(forks):
    got, lost = _collect(4, 2, lambda k: k)
    assert (got, lost) == ({0: 0, 1: 1}, set()) and len(forks) == 2
    assert _collect(4, 0, lambda k: k) == ({}, set()) and len(forks) == 2


def test_a_result_bigger_than_the_pipe_comes_back_whole(forks):
    big = "é" * (3 << 20)  # 6 MB pickled: many reads of a pipe of 1 MB
    got, lost = _collect(2, 4, lambda k: (k, big if k == 2 else k))
    assert lost == set() and got[2] == (2, big) and got[3] == (3, 3)


def test_a_worker_that_dies_loses_only_its_task(forks):
    def work(k):
        if k == 7:
            os._exit(9)  # a crash in C code, say
        return k

    got, lost = _collect(2, 40, work)
    assert lost == {7}
    assert sorted(got) == [k for k in range(40) if k != 7]


def test_a_task_that_raises_or_gives_the_unpicklable_is_lost_alone(forks):
    def work(k):
        if k == 3:
            raise RuntimeError("broken")
        if k == 5:
            return lambda: None
        return k

    got, lost = _collect(3, 30, work)
    assert lost == {3, 5}
    assert sorted(got) == [k for k in range(30) if k not in (3, 5)]


def test_workers_that_cannot_start_lose_everything(forks):
    got, lost = _collect(2, 10, lambda k: k, init=_raises)
    assert got == {} and lost == set(range(10))


def test_an_error_in_the_parent_stops_and_reaps_the_workers(forks):
    def take(k, result):
        raise KeyboardInterrupt  # ^C while results come in

    with pytest.raises(KeyboardInterrupt):
        forked.run_tasks(2, 100, lambda: None, lambda k: k, take)


def test_no_fork_to_be_had_is_said(monkeypatch):
    def refuse():
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert forked.run_tasks(2, 5, lambda: None, lambda k: k, lambda k, r: None) is None


def test_linting_with_no_fork_to_be_had_lints_in_this_process(demo, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    serial = _json(demo, "--jobs", "1")
    monkeypatch.setattr(forked, "run_tasks", lambda *a: None)
    monkeypatch.setattr(forked, "start", lambda fn: None)
    assert _json(demo, "--jobs", "2") == serial
