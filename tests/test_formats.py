"""Output formats: text (ruff-like excerpt), concise, github, sarif, junit, --output and
--statistics. Formats are checked the way their consumers read them: GitHub workflow
commands line by line, SARIF against the official 2.1.0 schema, JUnit with junitparser."""

from __future__ import annotations

import json
import re

import pytest

from betalint.formats.github import escape_data, escape_property
from betalint.formats.text import caret_line
from conftest import SHARED, run_cli

BROKEN = """\
---
title: Nos startups: bilan
layout: page
---
Texte.
"""
DUPLICATE_KEY = """\
---
title: Une page
title: Encore
---
Texte, avec: une virgule, et 100 %.
"""
CLEAN = "---\ntitle: Propre\n---\nTexte.\n"


@pytest.fixture
def site(make_site):
    return make_site(
        {"pages/cassee.md": BROKEN, "pages/doublon.md": DUPLICATE_KEY, "pages/ok.md": CLEAN}
    )


def check(site, *args):
    return run_cli(["check", ".", "--jobs", "1", "--lang", "en", *args], cwd=site)


# --- github ---------------------------------------------------------------------------

GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^,:]+)"
    r"::(?P<message>.+)$"
)


def unescape_data(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def test_github_one_workflow_command_per_violation(site):
    code, out, _ = check(site, "--format", "github")
    assert code == 1
    _, js, _ = check(site, "--format", "json")
    violations = json.loads(js)["violations"]
    lines = out.splitlines()
    assert len(lines) == len(violations) == 2
    for line, v in zip(lines, violations, strict=True):
        m = GITHUB_LINE.match(line)
        assert m, line
        assert m["level"] == {"error": "error", "warning": "warning"}[v["severity"]]
        assert m["file"] == v["path"]
        assert (int(m["line"]), int(m["col"])) == (v["line"], v["column"])
        assert m["title"] == f"{v['rule']} {v['name']}"
        message = unescape_data(m["message"])
        assert message.split("\n")[0] == v["message"]
        assert "\n" in message  # the fix hint, on a second line of the annotation
    assert lines[0].startswith("::error file=pages/cassee.md,line=2,col=")
    assert lines[1].startswith("::warning file=pages/doublon.md,line=3,col=1,")


def test_github_escaping():
    assert escape_data("50 %\nnext\r") == "50 %25%0Anext%0D"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_info_is_a_notice(make_site):
    site = make_site(
        {
            "page.md": "---\ntitle: a\n---\n<!-- betalint-disable-next-line FM001 -->\nTexte.\n",
            ".betalint.toml": '[severity]\nBL002 = "info"\n',
        }
    )
    code, out, _ = check(site, "--format", "github")
    assert out.startswith("::notice file=page.md,line=4,col=1,title=BL002 suppression-unused::")
    assert len(out.splitlines()) == 1
    assert code == 0


# --- sarif ----------------------------------------------------------------------------

SCHEMA = SHARED / "specs" / "sarif-schema-2.1.0.json"


def sarif_of(site, *args):
    code, out, err = check(site, "--format", "sarif", *args)
    assert code == 1, err
    return json.loads(out)


def test_sarif_validates_against_the_official_schema(site):
    if not SCHEMA.is_file():
        pytest.skip("../shared/specs/sarif-schema-2.1.0.json is not available")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = sarif_of(site)
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    # and a deliberately broken document does not validate (the check has teeth)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    assert list(jsonschema.Draft4Validator(schema).iter_errors(doc))


def test_sarif_content(site, tmp_path):
    from betalint.catalogue import catalogue

    doc = sarif_of(site)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(catalogue())
    fm1 = next(r for r in rules if r["id"] == "FM001")
    assert fm1["name"] == "front-matter-invalid"
    assert fm1["help"]["text"] and "Why it matters" in fm1["help"]["markdown"]
    assert "front-matter" in fm1["properties"]["tags"]
    results = run["results"]
    assert len(results) == 2
    first = results[0]
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "pages/cassee.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 2
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "FM001"
    assert first["level"] == "error" and results[1]["level"] == "warning"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    fps = [r["partialFingerprints"]["betalint/v1"] for r in results]
    assert len(set(fps)) == 2


def test_sarif_tags_carry_rgaa_and_wcag():
    from betalint.catalogue import Rule
    from betalint.formats.sarif import descriptor

    rule = Rule(
        code="ALT999",
        name="alt-test",
        family="alt",
        severity="warning",
        summary={"en": "s", "fr": "s"},
        message={"en": "m", "fr": "m"},
        variants={},
        hint={"en": "h", "fr": "h"},
        rgaa=("1.1",),
        wcag=("1.1.1",),
    )
    d = descriptor(rule, "fr")
    assert d["properties"]["tags"] == ["alt", "accessibility", "RGAA-1.1", "WCAG-1.1.1"]
    assert d["defaultConfiguration"] == {"level": "warning", "enabled": True}


def test_sarif_uri_is_relative_and_encoded(make_site):
    site = make_site({"pages/été 2024.md": BROKEN})
    doc = sarif_of(site)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "pages/%C3%A9t%C3%A9%202024.md"


def test_sarif_fingerprint_ignores_line_numbers(site):
    before = sarif_of(site)["runs"][0]["results"]
    path = site / "pages" / "doublon.md"
    path.write_text(
        DUPLICATE_KEY.replace("---\n", "---\ndescription: Doublon\n", 1), encoding="utf-8"
    )
    after = sarif_of(site)["runs"][0]["results"]
    assert after[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]


# --- junit ----------------------------------------------------------------------------


def test_junit_read_by_junitparser(site, tmp_path):
    from junitparser import Failure, JUnitXml

    report = tmp_path / "report.xml"
    code, out, _ = check(site, "--format", "junit", "--output", str(report))
    assert code == 1 and out == ""
    xml = JUnitXml.fromfile(str(report))
    suites = list(xml)
    assert len(suites) == 1
    cases = {case.name: case for case in suites[0]}
    assert set(cases) == {"pages/cassee.md", "pages/doublon.md", "pages/ok.md"}
    broken = cases["pages/cassee.md"]
    assert not broken.is_passed
    (failure,) = broken.result
    assert isinstance(failure, Failure)
    assert failure.type == "FM001"
    assert failure.text.startswith("2:")
    # the duplicate key is a warning: below --fail-on error, the case passes
    assert cases["pages/doublon.md"].is_passed
    assert "FM001 (warning)" in cases["pages/doublon.md"].system_out
    assert cases["pages/ok.md"].is_passed
    assert suites[0].tests == 3 and suites[0].failures == 1
    # with --fail-on warning, the warning fails its case too
    check(site, "--format", "junit", "--output", str(report), "--fail-on", "warning")
    cases = {c.name: c for c in next(iter(JUnitXml.fromfile(str(report))))}
    assert not cases["pages/doublon.md"].is_passed


def test_junit_removes_characters_xml_forbids(make_site, tmp_path):
    from junitparser import JUnitXml

    site = make_site({"pages/x.md": "---\ntitle: a\x01b: c\n---\n"})
    report = tmp_path / "r.xml"
    check(site, "--format", "junit", "--output", str(report))
    assert list(next(iter(JUnitXml.fromfile(str(report)))))


# --- --output, --statistics -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif", "junit"])
def test_output_file_for_every_format(site, tmp_path, fmt):
    target = tmp_path / "out" / f"report.{fmt}"
    code, out, _ = check(site, "--format", fmt, "--output", str(target))
    assert code == 1
    assert out == ""
    _, direct, _ = check(site, "--format", fmt)
    assert target.read_text(encoding="utf-8") == direct
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_statistics(site):
    _, out, _ = check(site, "--statistics", "--format", "concise")
    assert out.splitlines()[-2:] == [
        "Findings per rule:",
        "      2  FM001   front-matter-invalid",
    ]
    # machine formats keep stdout parseable: statistics go to stderr
    _, out, err = check(site, "--statistics", "--format", "json")
    json.loads(out)
    assert "2  FM001" in err
    _code, out, _ = check(site, "--statistics", "--lang", "fr", "--format", "concise")
    assert "Signalements par règle :" in out


# --- text -----------------------------------------------------------------------------


def test_text_shows_source_caret_code_and_hint(site):
    _code, out, _ = check(site)
    lines = out.splitlines()
    i = lines.index(next(x for x in lines if x.startswith("pages/cassee.md:2:")))
    assert lines[i + 1] == "  |"
    assert lines[i + 2] == "2 | title: Nos startups: bilan"
    col = int(lines[i].split(":")[2])
    caret = lines[i + 3]
    assert caret.index("^") - len("  | ") == col - 1
    assert caret.endswith("^ FM001")
    assert lines[i + 5].startswith("  = help: ")
    assert lines[-1].startswith("2 problems (1 error, 1 warning) in 3 files checked")


def test_concise_is_one_line_per_finding(site):
    _code, out, _ = check(site, "--format", "concise")
    lines = out.splitlines()
    assert [x.split(" ")[1] for x in lines[:2]] == ["FM001", "FM001"]
    assert re.match(r"^pages/cassee\.md:2:\d+: FM001 ", lines[0])
    assert len(lines) == 3


def test_caret_under_the_right_letter():
    # decomposed accents take no column; tabs go to the next multiple of 4
    decomposed = "e\u0301te\u0301 : x"
    shown, offset = caret_line(decomposed, decomposed.index(":") + 1)
    assert offset == 4
    shown, offset = caret_line("\tab", 3)
    assert shown == "    ab" and offset == 5
    wide = "日本: x"
    assert caret_line(wide, 3)[1] == 4


def test_caret_on_a_very_long_line():
    line = "x" * 500 + "ERR" + "y" * 500
    shown, offset = caret_line(line, 501)
    assert len(shown) < 170
    assert shown[offset : offset + 3] == "ERR"
    assert shown.startswith("…") and shown.endswith("…")


def test_colour_only_when_asked(site):
    _, plain, _ = check(site)
    assert "\x1b[" not in plain
    _, coloured, _ = check(site, "--color")
    assert "\x1b[31mFM001\x1b[0m" in coloured
