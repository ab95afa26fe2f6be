"""The audit report of the real beta.gouv.fr source: produced in under twice the time of
`check` and under 10 MB (issue acceptance).

One engine run serves both sides (the suite must stay fast): `check` is that run plus its
JSON output, `report` is that run plus building and rendering the HTML report. The run
itself is the same code path for both commands.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from betalint import engine, report
from betalint.cli import load_run_config
from betalint.formats import get

pytestmark = pytest.mark.corpus


def test_corpus_report_is_fast_and_small(corpus, tmp_path):
    site, config = load_run_config([corpus], None, {})
    start = time.perf_counter()
    result = engine.run([corpus], config, site=site)
    run = time.perf_counter() - start

    start = time.perf_counter()
    get("json")(result, cwd=Path.cwd())
    check_output = time.perf_counter() - start

    start = time.perf_counter()
    data = report.build(result, config)
    html = report.render(data, "html")
    (tmp_path / "rapport.html").write_text(html, encoding="utf-8")
    report_output = time.perf_counter() - start

    size = len(html.encode("utf-8"))
    print(
        f"corpus: run {run:.2f}s, check output {check_output:.3f}s, "
        f"report {report_output:.3f}s, {size / 1e6:.2f} MB, {data.total} findings"
    )
    assert run + report_output < 2 * (run + check_output)
    assert size < 10_000_000
    assert data.total == len(result.violations)
    assert data.files_checked == result.files_checked > 4000
    assert data.lang == "fr" and '<html lang="fr">' in html  # beta.gouv.fr is French
    assert data.site_name == "beta.gouv.fr"
