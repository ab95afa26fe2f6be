"""Linting a file leaves no reference cycles: the engine runs with Python's cyclic garbage
collector off (it cost a quarter of a run), so any cycle made per file would pile up."""

from __future__ import annotations

import gc
import shutil

from betalint import checks, engine
from betalint.checks import COLLECTORS, PREPARERS, SITE_CHECKS, CheckContext
from betalint.config import build_config
from betalint.site import discover
from conftest import DEMO


def test_linting_every_demo_file_makes_no_garbage_cycles(tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".betalint_cache"))
    checks.load_all()
    site = discover(root)
    config = build_config({}, {})
    info = engine.SiteInfo(
        root=str(site.root),
        mode=site.mode,
        config=site.config,
        site_vars=site.site_vars,
        markdown_exts=site.markdown_exts,
        lang=site.lang,
    )
    ctx = CheckContext(site=info, config=config)
    ctx.site_collectors = tuple(  # type: ignore[attr-defined]
        sorted({n for _fn, coll in SITE_CHECKS.values() for n in coll} & set(COLLECTORS))
    )
    for _codes, prepare in PREPARERS:
        list(prepare(ctx, site, "fr"))
    files = engine.lintable(site, config)
    assert len(files) > 20
    for sf in files:  # warm up: caches filled once per process are not garbage
        engine.pack(engine.lint_file(sf, ctx))
    gc.collect()
    was = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for sf in files:
            engine.pack(engine.lint_file(sf, ctx))
        gc.collect()
        cycles = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(was)
        gc.garbage.clear()
    assert cycles == []
