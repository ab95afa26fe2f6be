"""The demo site's HTML report in a real browser (headless Chromium, Debian's `chromium`
package, driven over the DevTools protocol: see chromium.py).

One browser, one page load: the report loads without console errors, its summary numbers
are those of `check --format json`, it is accessible as far as a machine can tell
(headings, table headers, chart names, text contrast, working in-page links), the optional
filter works, and a full-page screenshot is saved for people to look at.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter

import pytest

from betalint.catalogue import catalogue
from chromium import Chromium, find_chromium
from conftest import DEMO, lint, run_cli

# Text contrast as WCAG 2.1 (1.4.3) computes it, on every element holding text.
CONTRAST = r"""
(() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => c.match(/[\d.]+/g).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.data.trim() || seen.has(el) || !el.getClientRects().length) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[hidden], .visually-hidden")) continue;
    const inSvg = el.closest("svg");
    const fg = parse(inSvg ? style.fill : style.color).slice(0, 3);
    const bg = background(inSvg ? inSvg.parentElement : el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.push([node.data.trim().slice(0, 40), ratio.toFixed(2)]);
  }
  return out;
})()
"""

FACTS = r"""
(() => {
  const value = (id) => { const e = document.getElementById(id); return e ? Number(e.dataset.value) : null; };
  const rules = {};
  document.querySelectorAll("#rules-table tbody tr").forEach((tr) => {
    rules[tr.id.replace("rule-", "")] = Number(tr.querySelector("[data-value]").dataset.value);
  });
  const criteria = {};
  document.querySelectorAll("#criteria-table tbody tr").forEach((tr) => {
    criteria[tr.querySelector("th").textContent.trim()] = Number(tr.querySelector("[data-value]").dataset.value);
  });
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  return {
    lang: document.documentElement.lang,
    title: document.title,
    h1: document.querySelectorAll("h1").length,
    headings: [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])),
    thWithoutScope: [...document.querySelectorAll("th")].filter((th) => !["col", "row"].includes(th.getAttribute("scope"))).length,
    tablesWithoutCaption: [...document.querySelectorAll("table")].filter((t) => !t.caption || !t.caption.textContent.trim()).length,
    charts: [...document.querySelectorAll("svg")].map((svg) => ({
      role: svg.getAttribute("role"),
      name: (document.getElementById(svg.getAttribute("aria-labelledby")) || {}).textContent || "",
      table: !!svg.closest("figure").nextElementSibling.querySelector("table, caption")
        || svg.closest("figure").nextElementSibling.tagName === "TABLE",
    })),
    duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
    brokenAnchors: [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute("href").slice(1)).filter((id) => !document.getElementById(id)),
    files: value("files-checked"),
    total: value("fig-total"),
    errors: value("fig-error"),
    warnings: value("fig-warning"),
    infos: value("fig-info"),
    pagesWithFindings: value("fig-pages"),
    pageSections: document.querySelectorAll("section.page").length,
    rules, criteria,
    filterShown: !document.getElementById("filter").hidden,
    external: [...document.querySelectorAll("[src], link[href]")].length,
  };
})()
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = find_chromium()
    if exe is None:
        pytest.skip(
            "no Chromium to render the report: install Debian's `chromium` package "
            "(apt-get install -y chromium; .ci/run does it when missing)"
        )
    with Chromium(exe, tmp_path_factory.mktemp("chromium-profile")) as b:
        yield b


def test_demo_report_in_chromium(browser, tmp_path):
    page = tmp_path / "report.html"
    code, _, err = run_cli(["report", str(DEMO), "--jobs", "1", "-o", str(page)])
    assert code == 0, err
    checked = lint(DEMO)

    tab = browser.open(page.as_uri())
    facts = tab.evaluate(FACTS)
    try:
        # the numbers are those of check --format json
        assert facts["files"] == checked["files_checked"]
        assert facts["total"] == len(checked["violations"])
        assert facts["errors"] == checked["summary"]["errors"]
        assert facts["warnings"] == checked["summary"]["warnings"]
        assert facts["infos"] in (None, checked["summary"]["infos"])
        assert {k: v for k, v in facts["rules"].items() if v} == checked["summary"]["by_rule"]
        cat = catalogue()
        by_criterion = Counter(n for v in checked["violations"] for n in cat[v["rule"]].rgaa)
        assert facts["criteria"] == {n: by_criterion.get(n, 0) for n in facts["criteria"]}
        assert by_criterion.keys() <= facts["criteria"].keys()
        paths = {v["path"] for v in checked["violations"]}
        assert facts["pagesWithFindings"] == facts["pageSections"] == len(paths)

        # accessible as far as a machine can tell
        assert facts["lang"] == "fr"
        assert facts["title"] == "Rapport d'accessibilité — Démo betalint"
        assert facts["h1"] == 1 and facts["headings"][0] == 1
        levels = facts["headings"]
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        assert facts["thWithoutScope"] == 0
        assert facts["tablesWithoutCaption"] == 0
        assert len(facts["charts"]) == 3
        for chart in facts["charts"]:
            assert chart["role"] == "img" and 10 <= len(chart["name"]) <= 80, chart
            assert chart["table"], chart
        assert facts["duplicateIds"] == []
        assert facts["brokenAnchors"] == []
        assert facts["external"] == 0
        assert tab.evaluate(CONTRAST) == []

        # the optional filter: shown by its script, narrows the pages
        assert facts["filterShown"]
        shown = tab.evaluate(
            """new Promise((done) => {
              const box = document.getElementById("filter-text");
              box.value = "demo-alt.md";
              box.dispatchEvent(new Event("input"));
              setTimeout(() => done([
                [...document.querySelectorAll("section.page")].filter((s) => !s.hidden).length,
                document.getElementById("filter-status").textContent,
              ]), 400);
            })"""
        )
        assert shown == [1, f"1 page affichée sur {len(paths)}."]

        assert tab.problems() == []  # no console error, no exception, no failed load
    finally:
        shot = tmp_path / "report.png"
        tab.screenshot(shot)
        print(f"screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(shot) > 10_000
