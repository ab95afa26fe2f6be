"""`betalint report`: the audit report (HTML, Markdown, JSON, CSV).

The numbers of the report must be those of `check --format json` on the same site; every
rule and RGAA criterion of the catalogue must be shown with its title; the HTML must be
self-contained, safe with hostile sources, and accessible itself (the browser test in
test_report_browser.py renders it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from betalint.catalogue import catalogue
from betalint.report.model import criterion_key, excerpt, families, rgaa
from conftest import DEMO, lint, run_cli

# Criteria the rules being written in parallel (links, headings, front matter) will cite.
PLANNED = ("1.1", "1.2", "1.3", "1.9", "6.1", "6.2", "8.2", "8.5", "8.6", "9.1", "13.2")


def report(path: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    return run_cli(["report", str(path), "--jobs", "1", *args], cwd=cwd)


def report_json(path: Path, *args: str) -> dict:
    code, out, err = report(path, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def demo_html() -> str:
    code, out, err = run_cli(["report", str(DEMO), "--jobs", "1"])
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def demo_check() -> dict:
    return lint(DEMO)


# --- reference data ------------------------------------------------------------------


def test_every_rgaa_criterion_of_the_catalogue_has_its_titles():
    ref = rgaa()
    cited = {n for r in catalogue().values() for n in r.rgaa}
    missing = sorted((cited | set(PLANNED)) - set(ref.criteria), key=criterion_key)
    assert not missing, f"add these criteria to rules/rgaa.yml: {missing}"
    for num, c in ref.criteria.items():
        assert re.fullmatch(r"\d{1,2}\.\d{1,2}", num), num
        assert c.level in ("A", "AA"), num
        assert c.title["fr"].endswith(" ?"), num  # RGAA criteria are questions
        assert c.title["en"].endswith("?") and not c.title["en"].endswith(" ?"), num
        assert num.split(".")[0] in ref.themes, num
    assert ref.version == "4.1.2"


def test_every_family_of_the_catalogue_has_a_name():
    names = families()
    for r in catalogue().values():
        assert r.family in names, f"add the family {r.family!r} to rules/families.yml"
        assert names[r.family]["fr"] and names[r.family]["en"]


# --- the numbers are those of check --------------------------------------------------


def test_json_summary_matches_check(demo_check):
    data = report_json(DEMO)
    assert data["files_checked"] == demo_check["files_checked"]
    for key in ("errors", "warnings", "infos", "by_rule"):
        assert data["summary"][key] == demo_check["summary"][key], key
    strip = [{k: v[k] for k in demo_check["violations"][0]} for v in data["violations"]]
    assert strip == demo_check["violations"]
    # every criterion a rule cites, with the findings of the rules citing it
    cat = catalogue()
    expected = Counter(n for v in demo_check["violations"] for n in cat[v["rule"]].rgaa)
    rows = {c["number"]: c for c in data["criteria"]}
    assert set(rows) == {n for r in cat.values() if r.default for n in r.rgaa}
    for num, row in rows.items():
        assert row["findings"] == expected.get(num, 0), num
        assert row["title"] == rgaa().criteria[num].title["fr"]  # the demo site is French
    assert sum(f["findings"] for f in data["families"]) == len(demo_check["violations"])
    pages = {v["path"] for v in demo_check["violations"]}
    assert {p["path"] for p in data["pages"]} == pages
    assert data["summary"]["pages_with_findings"] == len(pages)
    assert (
        data["top_pages"][0]
        == Counter(v["path"] for v in demo_check["violations"]).most_common(1)[0][0]
    )


def test_csv_has_one_row_per_finding(demo_check):
    code, out, _ = report(DEMO, "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == len(demo_check["violations"])
    for row, v in zip(rows, demo_check["violations"], strict=True):
        assert (row["path"], int(row["line"]), row["rule"]) == (v["path"], v["line"], v["rule"])
        assert row["rgaa"] == " ".join(v["rgaa"])
        assert row["family"] == catalogue()[v["rule"]].family
        assert row["message"].lstrip("'") == v["message"]


def test_csv_cells_are_never_formulas(make_site):
    site = make_site({"p.md": "---\ntitle: P\n---\n- ![image](/a.png)\n", "a.png": b""})
    _, out, _ = report(site, "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert row["rule"] == "ALT003"
    assert row["source"] == "'- ![image](/a.png)"


def test_html_summary_numbers_match_check(demo_html, demo_check):
    values = dict(re.findall(r'id="([\w-]+)" data-value="(\d+)"', demo_html))
    assert int(values["files-checked"]) == demo_check["files_checked"]
    assert int(values["fig-total"]) == len(demo_check["violations"])
    assert int(values["fig-error"]) == demo_check["summary"]["errors"]
    assert int(values["fig-warning"]) == demo_check["summary"]["warnings"]
    per_rule = dict(
        re.findall(r'<tr id="rule-(\w+)".*?data-value="(\d+)">\d+</td></tr>', demo_html)
    )
    assert {k: int(v) for k, v in per_rule.items() if int(v)} == demo_check["summary"]["by_rule"]


# --- contents ------------------------------------------------------------------------


class Outline(HTMLParser):
    """Headings, ids, table headers and external resources of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.th_without_scope = 0
        self.external: list[str] = []
        self.lang = None
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "th" and a.get("scope") not in ("col", "row"):
            self.th_without_scope += 1
        for attr in ("src", "href"):
            value = a.get(attr) or ""
            if tag in ("link", "script", "img", "iframe", "source") and value:
                self.external.append(value)
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])


def test_html_is_self_contained_and_well_structured(demo_html):
    page = Outline()
    page.feed(demo_html)
    assert page.lang == "fr"  # the demo site's _config.yml says lang: fr
    assert page.external == []  # no style sheet, script or image to fetch
    assert "http" not in "".join(re.findall(r"<style>.*?</style>", demo_html, re.S))
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, page.headings
    assert len(page.ids) == len(set(page.ids)), Counter(page.ids).most_common(3)
    assert not set(page.hrefs) - set(page.ids)
    assert page.th_without_scope == 0
    # three charts, each named and followed by its table
    charts = re.findall(r'<svg class="chart" role="img" aria-labelledby="([\w-]+)"', demo_html)
    assert len(charts) == 3
    for chart in charts:
        assert re.search(rf'<title id="{chart}">[^<]{{10,80}}</title>', demo_html)
    for table in ("severity-table", "families-table", "top-table"):
        assert f'id="{table}"' in demo_html


def test_html_names_site_versions_criteria_and_pages(demo_html, demo_check):
    assert "Démo betalint" in demo_html
    assert "betalint 0." in demo_html
    assert "RGAA 4.1.2" in demo_html
    assert "Chaque image porteuse d’information a-t-elle une alternative textuelle ?" in demo_html
    assert '<dd id="dsfr-version">1.11.0</dd>' in demo_html  # the demo's package.json
    for v in demo_check["violations"]:
        assert f"<code>{v['path']}</code>" in demo_html
    assert "gabarit" in demo_html or "fragment (include" in demo_html  # kinds are named
    assert "Comment corriger" in demo_html
    assert "Ce que ce rapport ne peut pas dire" in demo_html


def test_betalint_finds_nothing_in_its_own_report(demo_html, tmp_path):
    folder = tmp_path / "audit"  # no _config.yml: plain mode, the report alone
    folder.mkdir()
    (folder / "rapport.html").write_text(demo_html, encoding="utf-8")
    data = lint(folder, "--select", "ALL")
    assert data["files_checked"] == 1
    assert [v for v in data["violations"] if v["rule"].startswith(("ALT", "LNK", "HD"))] == []
    assert data["violations"] == []


def test_english_on_request(demo_check):
    code, out, _ = report(DEMO, "--lang", "en")
    assert code == 0
    assert '<html lang="en">' in out
    assert "Accessibility report — Démo betalint" in out
    assert "Does each information-carrying image have a text alternative?" in out
    assert "What this report cannot tell" in out
    # the pages' titles stay French, and say so (RGAA 8.7)
    assert re.search(r'<h3 id="page-\d+-title" lang="fr">Démonstration', out)
    _, fr, _ = report(DEMO)
    assert not re.search(r'<h3 id="page-\d+-title" lang=', fr)


def test_hostile_sources_stay_text(make_site):
    site = make_site(
        {
            "p.md": (
                "---\ntitle: '<script>alert(1)</script>'\n---\n"
                '<img src="a.png" alt="a.png"><script>alert(2)</script>{% include nope.html %}\n'
                "![Image]({{ site.baseurl }}/a.png) {{ page.title }}\n"
            )
        }
    )
    code, out, _ = report(site)
    assert code == 0
    assert "<script>alert" not in out
    assert "&lt;script&gt;alert(2)" in out
    # no Liquid left for a Liquid-aware tool to run: braces are character references
    assert "{{" not in out and "{%" not in out
    assert "&#123;% include nope.html %&#125;" in out


def test_markdown_report(demo_check):
    code, out, _ = report(DEMO, "--format", "md")
    assert code == 0
    assert out.startswith("# Rapport d'accessibilité — Démo betalint\n")
    assert (
        "| [1.1](https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#1.1) |" in out
    )
    for v in demo_check["violations"]:
        assert f"`{v['path']}`" in out
    # every table row has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", out, re.M):
        rows = block.splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows[:3]


def test_clean_site(make_site):
    site = make_site({"p.md": "---\ntitle: Propre\n---\nTexte.\n"})
    code, out, _ = report(site)
    assert code == 0
    assert "Aucun signalement" in out
    assert "<script>" not in out  # nothing to filter, no script
    assert 'id="fig-total" data-value="0"' in out


def test_output_file_and_message(make_site, tmp_path):
    site = make_site({"p.md": "---\ntitle: P\n---\n![image](/a.png)\n", "a.png": b""})
    target = tmp_path / "out" / "rapport.html"
    code, out, err = report(site, "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"Rapport écrit dans {target} : 1 signalement dans 1 page." in err


def test_selection_and_configuration_work_as_for_check(make_site):
    site = make_site(
        {
            "p.md": "---\ntitle: P\n---\n![image](/a.png)\n<img src=b.png>\n",
            "a.png": b"",
            "b.png": b"",
            ".betalint.toml": 'ignore = ["ALT001"]\n',
        }
    )
    data = report_json(site)
    assert data["summary"]["by_rule"] == {"ALT003": 1}
    assert "ALT001" not in [r["code"] for r in data["rules"]]
    assert report_json(site, "--select", "ALT001")["summary"]["by_rule"] == {"ALT001": 1}
    code, _, err = report(site, "--select", "NOPE")
    assert code == 2 and "NOPE" in err


# --- baseline: "new since the last audit" --------------------------------------------


def test_baseline_marks_new_findings(make_site, tmp_path):
    site = make_site({"a.md": "---\ntitle: A\n---\n![image](/a.png)\n", "a.png": b"", "b.png": b""})
    base = tmp_path / "audit-2024.json"
    code, _, _ = run_cli(["check", str(site), "--jobs", "1", "--write-baseline", str(base)])
    assert code == 0
    (site / "b.md").write_text("---\ntitle: B\n---\n<img src=b.png>\n", encoding="utf-8")
    data = report_json(site, "--baseline", str(base))
    assert [(v["rule"], v["new"]) for v in data["violations"]] == [
        ("ALT003", False),
        ("ALT001", True),
    ]
    assert data["baseline"] == {
        "file": str(base),
        "new": 1,
        "known": 1,
        "fixed": 0,
        "only_new": False,
    }
    only = report_json(site, "--baseline", str(base), "--only-new")
    assert [v["rule"] for v in only["violations"]] == ["ALT001"]
    code, out, _ = report(site, "--baseline", str(base))
    assert 'id="fig-new" data-value="1"' in out
    assert "1 nouveaux, 1 déjà connus, 0 corrigés depuis" in out
    code, _, err = report(site, "--only-new")
    assert code == 2 and "--only-new" in err


# --- page addresses and DSFR version (optional sources) --------------------------------


def test_page_urls_come_from_the_site_index(make_site, monkeypatch):
    from betalint import index

    site = make_site(
        {
            "p.md": "---\ntitle: P\npermalink: /une-page/\n---\n![image](/a.png)\n",
            "données.md": "---\ntitle: D\n---\n![image](/b.png)\n",
            "_includes/bloc.html": '<img src="/c.png" alt="image">\n',
        }
    )
    data = report_json(site)
    urls = {p["path"].split("/site/")[-1]: p["url"] for p in data["pages"]}
    assert urls == {
        "_includes/bloc.html": None,  # an include has no address of its own
        "données.md": "https://example.gouv.fr/donn%C3%A9es.html",
        "p.md": "https://example.gouv.fr/une-page/",
    }
    assert {v["url"] for v in data["violations"]} == set(urls.values())
    _, out, _ = report(site)
    assert (
        '<a href="https://example.gouv.fr/donn%C3%A9es.html">https://example.gouv.fr/données.html</a>'
        in out
    )

    def broken(*args, **kwargs):
        raise RuntimeError("index bug")

    # ALT rules alone: no site check built the index, the report builds its own
    assert report_json(site, "--select", "ALT")["pages"][1]["url"].endswith("/donn%C3%A9es.html")
    monkeypatch.setattr(index, "build", broken)
    pages = report_json(site, "--select", "ALT")["pages"]
    assert {p["url"] for p in pages} == {None}  # never fails a report


def test_dsfr_version_left_out_when_the_site_does_not_say_it(make_site):
    site = make_site({"p.md": '---\ntitle: P\n---\n<p class="fr-text--lead">Texte.</p>\n'})
    data = report_json(site)
    assert data["report"]["dsfr_version"] is None  # assumed for the checks, not reported
    _, out, _ = report(site)
    assert 'id="dsfr-version"' not in out
    site_with = make_site({"package.json": '{"dependencies": {"@gouvfr/dsfr": "1.12.1"}}'})
    assert report_json(site_with)["report"]["dsfr_version"] == "1.12.1"


def test_dsfr_version_from_the_run_metadata(make_site, monkeypatch):
    from betalint.checks import SITE_CHECKS

    site = make_site({"p.md": "---\ntitle: P\n---\nTexte.\n"})

    def fact(sctx):
        sctx.shared.setdefault("meta", {})["dsfr_version"] = "1.11.2"
        return iter(())

    monkeypatch.setitem(SITE_CHECKS, "BL002", (fact, ()))
    assert report_json(site)["report"]["dsfr_version"] == "1.11.2"
    _, out, _ = report(site)
    assert '<dd id="dsfr-version">1.11.2</dd>' in out


# --- units ---------------------------------------------------------------------------


def test_excerpt_cuts_long_lines_around_the_column():
    assert excerpt("    <img src=a.png>", 5) == "<img src=a.png>"
    long = "x" * 300 + "<img>" + "y" * 300
    cut = excerpt(long, 301)
    assert "<img>" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 182


def test_progress_waits_a_second_then_rewrites_one_line():
    from betalint.cli import Progress

    class Stream(io.StringIO):
        def isatty(self):
            return True

    stream = Stream()
    p = Progress(stream, "fr", delay=1.0)
    now = [0.0]
    p.clock = lambda: now[0]
    p.start = 1.0
    p(10, 100)  # before one second: nothing
    assert stream.getvalue() == ""
    now[0] = 1.5
    p(50, 100)
    now[0] = 1.55
    p(60, 100)  # too soon after the last update
    p(100, 100)  # but the last one is always shown
    p.close()
    assert stream.getvalue() == (
        "\rVérification des fichiers : 50/100\rVérification des fichiers : 100/100\r\x1b[K"
    )


def test_no_progress_when_stderr_is_not_a_terminal(make_site):
    site = make_site({f"p{i}.md": "---\ntitle: P\n---\nTexte.\n" for i in range(3)})
    code, _, err = report(site, "--format", "json")
    assert code == 0 and err == ""
    code, _, err = report(site, "--format", "json", "--progress")
    assert "3/3" not in err  # the run took less than a second: still nothing


def test_excerpt_shows_a_tag_written_over_several_lines(make_site):
    site = make_site(
        {
            "p.html": (
                "---\ntitle: P\n---\n<p>Texte.</p>\n<img\n    class='x'\n"
                '    src="/a.png"\n  >\n<p>Suite.</p>\n'
            ),
            "a.png": b"",
        }
    )
    data = report_json(site)
    (v,) = data["violations"]
    assert v["rule"] == "ALT001" and v["line"] == 5
    assert v["source"] == "<img\n    class='x'\n    src=\"/a.png\"\n  >"
