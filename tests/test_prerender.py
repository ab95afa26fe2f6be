"""Pages put together while the workers lint (betalint.prerender) are the pages the site
checks would put together at the end, and a rendering is used only while everything it
read is still what the run holds."""

from __future__ import annotations

import shutil

import pytest

from betalint import engine, prerender
from betalint.config import build_config
from betalint.site import discover
from betalint.templates import Templates, is_page
from conftest import DEMO, check_context


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("prerender") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".betalint_cache"))
    site = discover(root)
    config = build_config({}, {})
    ctx = check_context(site, config)
    files = engine.lintable(site, config)
    results = {sf.rel: engine.lint_file(sf, ctx) for sf in files}
    templates = [sf.rel for sf in files if sf.role in engine.TEMPLATE_ROLES]
    pages = [p for p, r in results.items() if is_page(r, site.collections)]
    assert len(templates) >= 3 and len(pages) >= 10
    return site, config, results, templates, pages


def _sctx(site, config, results, early=None):
    sctx = engine.SiteContext(
        site=site,
        config=config,
        documents=dict(results),
        collected={
            "outline": {p: r.collected["outline"] for p, r in results.items() if r.collected}
        },
    )
    sctx.prerendered = early
    return sctx


def _arrive(site, results, templates):
    """A Prerender told of every result, the templates first (as the engine sends them)."""
    early = prerender.Prerender(site, templates)
    for path in templates + [p for p in results if p not in templates]:
        early.add(results[path])
    return early


def test_pages_arriving_before_the_templates_wait_for_them(demo):
    site, _config, results, templates, pages = demo
    order = [p for p in results if p not in templates] + templates  # templates last
    early = prerender.Prerender(site, templates)
    for path in order[: -len(templates)]:
        early.add(results[path])
    assert early.done == {}  # nothing rendered while a template is missing
    for path in templates:
        early.add(results[path])
    assert set(early.done) == set(pages)


def test_early_renderings_are_the_late_ones(demo):
    site, config, results, templates, pages = demo
    early = _arrive(site, results, templates)
    late = Templates(_sctx(site, config, results))
    adopted = early.valid_for(_sctx(site, config, results).documents, late.outline)
    assert set(adopted) == set(pages)
    for path in pages:
        assert adopted[path] == late.render(path), path
    # and the Templates of a run adopts them as they are
    seeded = Templates(_sctx(site, config, results, early))
    assert all(seeded.render(p) is adopted[p] for p in pages)


def test_a_rendering_is_dropped_when_a_file_it_read_changed(demo):
    site, config, results, templates, pages = demo
    early = _arrive(site, results, templates)
    # the layout every demo page uses, linted again: a new result object
    layout = next(t for t in templates if t.endswith("default.html"))
    replaced = dict(results)
    replaced[layout] = engine.lint_file(
        next(sf for sf in site.files if sf.rel == layout), check_context(site, config)
    )
    sctx = _sctx(site, config, replaced, early)
    users = {p for p, (_r, docs, _o) in early.done.items() if layout in docs}
    assert users  # some page reads that layout
    seeded = Templates(sctx)
    fresh = Templates(_sctx(site, config, replaced))
    for path in pages:
        rendered = seeded.render(path)
        assert rendered == fresh.render(path)
        assert (rendered is early.done[path][0]) == (path not in users), path


def test_a_page_missing_from_the_run_is_not_adopted(demo):
    site, config, results, templates, pages = demo
    early = _arrive(site, results, templates)
    gone = pages[0]
    fewer = {p: r for p, r in results.items() if p != gone}
    adopted = early.valid_for(_sctx(site, config, fewer).documents, {})
    assert gone not in adopted


def test_a_rendering_that_fails_is_left_to_the_end(demo, monkeypatch):
    site, _config, results, templates, pages = demo
    broken = pages[0]
    render = Templates.render

    def failing(self, path):
        if path == broken:
            raise RuntimeError("odd input")
        return render(self, path)

    monkeypatch.setattr(Templates, "render", failing)
    early = _arrive(site, results, templates)
    assert set(early.done) == set(pages) - {broken}


def test_a_parallel_run_adopts_every_page_and_finds_the_same(tmp_path, monkeypatch):
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".betalint_cache"))
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    adopted: list[int] = []
    valid_for = prerender.Prerender.valid_for

    def counting(self, documents, outline):
        out = valid_for(self, documents, outline)
        adopted.append(len(out))
        return out

    monkeypatch.setattr(prerender.Prerender, "valid_for", counting)
    config = build_config({}, {"lang": "en"})
    parallel = engine.run([root], config, cwd=root, jobs=2)
    assert adopted and adopted[0] >= 10
    serial = engine.run([root], config, cwd=root, jobs=1)
    assert len(adopted) == 1  # (a run in one process renders at the end, as before)
    assert [v.as_json() for v in parallel.violations] == [v.as_json() for v in serial.violations]


def test_chunks_hold_every_file_once_biggest_first():
    files = list(range(4485))  # (positions in the run's list of files)
    chunks = engine._chunks(files, 2)
    flat = [f for c in chunks for f in c]
    assert len(flat) == len(files) and set(flat) == set(files)
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > 8 * engine.MIN_CHUNK and min(sizes[:-1]) == engine.MIN_CHUNK
    assert engine._chunks(files[:5], 2) == [files[:5]]
