"""Files placed in the URL index while the workers lint (index.Placer) give the index the
same items as placing them at the end, and a placement is reused only for the summary it
was made from."""

from __future__ import annotations

import datetime as _dt
import shutil

import pytest

from betalint import engine
from betalint import index as site_index
from betalint.config import build_config
from betalint.site import discover
from betalint.source import load_source
from conftest import DEMO, age, write_site
from test_urls import A_FILES

NOW = _dt.datetime(2026, 8, 1)


def _summaries(site):
    out = {}
    for sf in site.files:
        if sf.role not in site_index.PLACED_ROLES:
            continue
        src, _problem = load_source((site.root / sf.rel).read_bytes())
        if src is None:
            continue
        out[sf.rel] = {
            "kind": "document" if src.has_front_matter else "static",
            "front_matter": src.front_matter,
            "has_front_matter": src.has_front_matter,
        }
    return out


def _view(idx):
    return (
        idx.items,
        [(r.source_url, r.target, r.declared_in, r.destination) for r in idx.redirects],
        idx.destinations(),
    )


@pytest.fixture(scope="module")
def site_a(tmp_path_factory):
    return discover(write_site(tmp_path_factory.mktemp("placer") / "site", A_FILES))


def test_placed_early_gives_the_same_index(site_a):
    summaries = _summaries(site_a)
    assert len(summaries) > 30
    placer = site_index.Placer(site_a, NOW)
    for rel, summary in summaries.items():
        placer.add(rel, summary)
    calls = []
    place = placer.place
    placer.place = lambda sf, summary: calls.append(sf.rel) or place(sf, summary)
    early = site_index.build(site_a, summaries, placer=placer)
    late = site_index.build(site_a, summaries, now=NOW)
    assert _view(early) == _view(late)
    # only the files without a summary (read by the index itself) are placed at the end
    assert calls and not set(calls) & set(summaries)


def test_a_placement_serves_only_its_own_summary(site_a):
    summaries = _summaries(site_a)
    rel = "content/_startups/auxAJ.md"
    placer = site_index.Placer(site_a, NOW)
    placer.add(rel, summaries[rel])
    edited = dict(summaries)
    edited[rel] = {**summaries[rel], "front_matter": {"permalink": "/ailleurs/"}}
    idx = site_index.build(site_a, edited, placer=placer)
    assert idx.by_source(rel).url == "/ailleurs/"


def test_a_file_that_fails_to_place_is_placed_at_the_end(site_a, monkeypatch):
    summaries = _summaries(site_a)
    placer = site_index.Placer(site_a, NOW)

    def broken(*args, **kwargs):
        raise RuntimeError("placing broke")

    with monkeypatch.context() as m:
        m.setattr(site_index, "_document", broken)
        for rel, summary in summaries.items():
            placer.add(rel, summary)  # never raises
    idx = site_index.build(site_a, summaries, placer=placer)
    assert _view(idx) == _view(site_index.build(site_a, summaries, now=NOW))


def test_a_run_places_each_file_once(tmp_path, monkeypatch):
    site = tmp_path / "demo-site"
    shutil.copytree(DEMO, site, ignore=shutil.ignore_patterns(".betalint_cache"))
    age(site)
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    seen: list[str] = []
    place = site_index.Placer.place

    def counting(self, sf, summary):
        seen.append(sf.rel)
        return place(self, sf, summary)

    monkeypatch.setattr(site_index.Placer, "place", counting)
    config = build_config({}, {"lang": "en"})
    parallel = engine.run([site], config, cwd=site, jobs=2)
    assert seen and len(seen) == len(set(seen))
    serial = engine.run([site], build_config({}, {"lang": "en"}), cwd=site, jobs=1)
    assert parallel.violations == serial.violations


def test_the_index_comes_back_whole_from_the_cache(site_a):
    import pickle

    idx = site_index.build(site_a, _summaries(site_a), now=NOW)
    back = pickle.loads(pickle.dumps(idx, pickle.HIGHEST_PROTOCOL))
    assert _view(back) == _view(idx)
    assert [(r.source_url, r.pattern, r.status, r.force) for r in back.rules] == [
        (r.source_url, r.pattern, r.status, r.force) for r in idx.rules
    ]
    assert (
        back.by_source("content/_startups/auxAJ.md")
        is back.items[back.items.index(idx.by_source("content/_startups/auxAJ.md"))]
    )
