"""The audit report of the real beta.gouv.fr source: produced in under twice the time of
`check` and under 10 MB (issue acceptance).

The suite's one corpus run (``corpus_result``, shared with the other corpus tests) serves
both sides: `check` is that run plus its JSON output, `report` is that run plus building
and rendering the HTML report. The run itself is the same code path for both commands.
"""

from __future__ import annotations

import time

import pytest

from betalint import report
from betalint.formats import get
from conftest import CORPUS

pytestmark = pytest.mark.corpus


def test_corpus_report_is_fast_and_small(corpus_result, tmp_path):
    result, run = corpus_result.result, corpus_result.seconds

    start = time.perf_counter()
    get("json")(result, cwd=CORPUS)
    check_output = time.perf_counter() - start

    start = time.perf_counter()
    data = report.build(result, corpus_result.config)
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
    assert data.total == len(result.violations) > 100
    assert data.files_checked == result.files_checked > 4000
    assert data.site_name == "beta.gouv.fr"
    assert data.dsfr_version  # beta.gouv.fr's package.json names its DSFR version
    with_url = [p for p in data.pages if p.url]
    assert with_url and all(p.url.startswith("https://beta.gouv.fr/") for p in with_url)
    # only templates have no address of their own
    assert all(p.kind in ("layout", "include") for p in data.pages if not p.url)
