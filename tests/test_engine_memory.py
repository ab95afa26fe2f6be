"""Linting a file leaves no reference cycles: the engine runs with Python's cyclic garbage
collector off (it cost a quarter of a run), so any cycle made per file would pile up."""

from __future__ import annotations

import gc
import shutil

from betalint import engine
from betalint.config import build_config
from betalint.site import discover
from conftest import DEMO, check_context


def test_linting_every_demo_file_makes_no_garbage_cycles(tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".betalint_cache"))
    site = discover(root)
    config = build_config({}, {})
    ctx = check_context(site, config)
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
