"""Baselines: record today's findings, then report only new ones; matching by rule, file
and offending text (never line numbers); fixed findings counted; partial runs neither
prune nor count what they did not look at."""

from __future__ import annotations

import json
from types import SimpleNamespace

from betalint import baseline as bl
from betalint.fingerprint import element_text
from conftest import lint, run_cli

PAGE = """\
---
title: Une page
title: Encore
---
Texte.
"""
OTHER = """\
---
title: Autre
layout: page
layout: page
---
Texte.
"""


def v(rule="FM001", path="a.md", text="title: x"):
    return SimpleNamespace(rule=rule, path=path, site_path=path, fingerprint=text)


# --- the module -------------------------------------------------------------------------


def test_matching_ignores_whitespace_and_counts_repeats():
    base = bl.Baseline.from_violations([v(text="  title:   x "), v(text="title: x")])
    assert base.total == 2 and len(base.entries) == 1
    scope = bl.Scope(targets=None, enabled={"FM001"})
    out = bl.apply(base, [v(), v(), v()], scope)
    assert (len(out.new), out.matched, out.fixed) == (1, 2, 0)
    out = bl.apply(base, [v()], scope)
    assert (len(out.new), out.matched, out.fixed) == (0, 1, 1)
    # another rule, file or text is another finding
    for other in (v(rule="FM009"), v(path="b.md"), v(text="title: y")):
        assert bl.apply(base, [other], bl.Scope(None, {"FM001", "FM009"})).new == [other]


def test_fixed_counts_only_what_the_run_looked_at():
    base = bl.Baseline.from_violations([v(path="a.md"), v(path="dir/b.md"), v(rule="FM009")])
    only_a = bl.Scope(targets=["a.md"], enabled={"FM001", "FM009"})
    assert bl.apply(base, [], only_a).fixed == 2  # a.md's FM001 and FM009
    only_dir = bl.Scope(targets=["dir"], enabled={"FM001"})
    assert bl.apply(base, [], only_dir).fixed == 1
    not_fm009 = bl.Scope(targets=None, enabled={"FM001"})
    assert bl.apply(base, [], not_fm009).fixed == 2


def test_rewrite_keeps_entries_outside_the_scope():
    old = bl.Baseline.from_violations([v(path="a.md"), v(path="b.md"), v(path="c.md")])
    new = bl.rewrite(old, [], bl.Scope(targets=["a.md", "b.md"], enabled={"FM001"}))
    assert sorted(e.path for e in new.entries.values()) == ["c.md"]


def test_file_round_trip_is_stable(tmp_path):
    base = bl.Baseline.from_violations([v(path="b.md"), v(path="a.md", text="é" * 300)])
    path = tmp_path / "baseline.json"
    base.write(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert [e["path"] for e in data["findings"]] == ["a.md", "b.md"]
    assert len(data["findings"][0]["text"]) == bl.EXCERPT
    assert "line" not in data["findings"][0]
    again = bl.load(path)
    assert again.entries.keys() == base.entries.keys()
    again.write(path)
    assert path.read_text(encoding="utf-8") == text


def test_fingerprints_are_unique_and_line_free():
    one = bl.fingerprints([v(), v(), v(text="other")])
    assert len(set(one)) == 3
    assert bl.fingerprints([v(), v()]) == one[:2]


def test_element_text_is_what_the_column_points_at():
    line = (
        'Voir <a href="/x/">x</a>, [la page](/y/ "titre (beau)"), ![](/img/a.png) '
        "et https://beta.gouv.fr/z."
    )
    at = lambda s: element_text(line, line.index(s) + 1)  # noqa: E731
    assert at("<a") == '<a href="/x/">'
    assert at("[la") == '[la page](/y/ "titre (beau)")'
    assert at("![") == "![](/img/a.png)"
    assert at("https") == "https://beta.gouv.fr/z."
    # a whole-line finding, or a column the line does not have: the line itself
    assert element_text("  ## Titre  ", 1) == "## Titre"
    assert element_text("court", 40) == "court"


def test_editing_a_line_elsewhere_keeps_its_findings_known(make_site, tmp_path):
    """Adding a link to a paragraph that already has accepted findings must report the new
    link only, not the paragraph's older findings again (they are matched by the element
    at their column, not by the whole line)."""
    config = "title: Site\nurl: https://site.example.gouv.fr\n"
    line = "Voir [A](https://site.example.gouv.fr/a/) et [B](https://site.example.gouv.fr/b/)."
    site = make_site(
        {
            "_config.yml": config,
            "a/index.md": "---\ntitle: A\n---\nA.\n",
            "b/index.md": "---\ntitle: B\n---\nB.\n",
            "index.md": f"---\ntitle: Accueil\n---\n{line}\n",
        }
    )
    base = tmp_path / "baseline.json"
    assert run_cli(["check", str(site), "--write-baseline", str(base)])[0] == 0
    assert [x["rule"] for x in lint(site)["violations"]] == ["LNK004", "LNK004"]
    (site / "index.md").write_text(
        f"---\ntitle: Accueil\n---\n{line} Puis [C](/c-inexistante/).\n", encoding="utf-8"
    )
    data = lint(site, "--baseline", str(base))
    assert [(x["rule"], x["line"]) for x in data["violations"]] == [("LNK001", 4)]
    assert data["baseline"]["matched"] == 2


# --- the command line -------------------------------------------------------------------


def test_write_then_check_reports_nothing_then_only_the_new(make_site, tmp_path):
    site = make_site({"_layouts/page.html": "{{ content }}", "a.md": PAGE, "b.md": OTHER})
    base = tmp_path / "baseline.json"
    code, out, _ = run_cli(["check", str(site), "--write-baseline", str(base), "--lang", "en"])
    assert code == 0
    assert out.strip() == f"Baseline written to {base}: 2 findings in 2 files."
    data = lint(site, "--baseline", str(base))
    assert data["violations"] == [] and data["exit_code"] == 0
    assert data["baseline"]["matched"] == 2 and data["baseline"]["fixed"] == 0

    # ten blank lines above the findings: still known
    (site / "a.md").write_text("---\n" + "\n" * 10 + PAGE[4:], encoding="utf-8")
    (site / "b.md").write_text("---\n" + "# note\n" * 10 + OTHER[4:], encoding="utf-8")
    data = lint(site, "--baseline", str(base))
    assert data["violations"] == [] and data["baseline"]["matched"] == 2
    assert lint(site)["violations"][0]["line"] == 13  # the findings did move

    # a new finding elsewhere: exactly that one
    (site / "c.md").write_text("---\ntitle: Nos startups: bilan\n---\n", encoding="utf-8")
    data = lint(site, "--baseline", str(base))
    assert [(x["path"].rsplit("/", 1)[-1], x["rule"]) for x in data["violations"]] == [
        ("c.md", "FM001")
    ]
    assert data["exit_code"] == 1


def test_fixed_findings_are_reported_and_pruned(make_site, tmp_path):
    site = make_site({"_layouts/page.html": "{{ content }}", "a.md": PAGE, "b.md": OTHER})
    base = tmp_path / "baseline.json"
    run_cli(["check", str(site), "--write-baseline", str(base)])
    (site / "a.md").write_text("---\ntitle: Une page\n---\nTexte.\n", encoding="utf-8")
    code, out, _ = run_cli(["check", str(site), "--baseline", str(base), "--lang", "en"])
    assert code == 0
    assert f"1 baselined finding is fixed; run --write-baseline {base} to prune it." in out
    code, out, _ = run_cli(["check", str(site), "--baseline", str(base), "--lang", "fr"])
    assert "1 signalement de la référence est corrigé" in out
    run_cli(["check", str(site), "--write-baseline", str(base)])
    assert [e["path"] for e in json.loads(base.read_text())["findings"]] == ["b.md"]


def test_explicit_files_do_not_prune_or_count_the_rest(make_site, tmp_path):
    site = make_site({"_layouts/page.html": "{{ content }}", "a.md": PAGE, "b.md": OTHER})
    base = tmp_path / "baseline.json"
    run_cli(["check", str(site), "--write-baseline", str(base)])
    data = lint(site / "a.md", "--baseline", str(base))
    assert data["baseline"] == {"file": str(base), "matched": 1, "fixed": 0}
    run_cli(["check", str(site / "a.md"), "--write-baseline", str(base)])
    assert len(json.loads(base.read_text())["findings"]) == 2


def test_baseline_setting_is_relative_to_the_site_root(make_site, tmp_path):
    site = make_site({"a.md": PAGE, ".betalint.toml": 'baseline = "legacy.json"\n'})
    code, _, _ = run_cli(["check", ".", "--write-baseline", "legacy.json"], cwd=site)
    assert code == 0 and (site / "legacy.json").is_file()
    data = lint(site, cwd=tmp_path)
    assert data["violations"] == [] and data["baseline"]["matched"] == 1


def test_missing_or_invalid_baseline_is_a_usage_error(make_site, tmp_path):
    site = make_site({"a.md": PAGE})
    code, _, err = run_cli(["check", str(site), "--baseline", str(tmp_path / "nope.json")])
    assert code == 2
    assert "baseline file not found" in err or "introuvable" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"findings": []}', encoding="utf-8")
    code, _, err = run_cli(["check", str(site), "--baseline", str(bad)])
    assert code == 2 and "Traceback" not in err


def test_machine_formats_say_what_the_baseline_hid_on_stderr(make_site, tmp_path):
    site = make_site({"a.md": PAGE})
    base = tmp_path / "b.json"
    run_cli(["check", str(site), "--write-baseline", str(base)])
    code, out, err = run_cli(
        ["check", str(site), "--baseline", str(base), "--format", "github", "--lang", "en"]
    )
    assert code == 0 and out == ""
    assert "1 known finding is in the baseline" in err
