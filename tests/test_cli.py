"""The command line contract: exit codes, JSON schema, configuration errors, suppressions."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import DEMO, REPO, codes, findings, lint, run_cli, write_site

SCHEMA = json.loads((REPO / "docs" / "output.schema.json").read_text())
BROKEN = "---\ntitle: a: b\n---\nTexte\n"
GOOD = "---\ntitle: Bien\n---\nTexte\n"


def test_exit_codes(make_site):
    root = make_site({"ok.md": GOOD})
    assert run_cli(["check", str(root)])[0] == 0
    root = make_site({"bad.md": BROKEN})
    code, out, _ = run_cli(["check", str(root)])
    assert code == 1 and "FM001" in out
    assert run_cli(["check", str(root), "--exit-zero"])[0] == 0
    assert run_cli(["check", str(root), "--ignore", "FM001"])[0] == 0


def test_fail_on_threshold(make_site):
    # BL002 is a warning: not failing by default, failing with --fail-on warning
    root = make_site({"p.md": GOOD + "<!-- betalint-disable-next-line FM001 -->\nx\n"})
    assert run_cli(["check", str(root)])[0] == 0
    assert run_cli(["check", str(root), "--fail-on", "warning"])[0] == 1


def test_usage_errors_exit_2_without_traceback(make_site, tmp_path):
    code, _, err = run_cli(["check", str(tmp_path / "nope")])
    assert code == 2 and "no such file" in err and "Traceback" not in err
    code, _, err = run_cli(["check", str(tmp_path), "--select", "XYZ999"])
    assert code == 2 and "unknown rule" in err
    code, _, err = run_cli(["check", str(tmp_path), "--format", "xml"])
    assert code == 2


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("selct = ['FM']", "unknown setting `selct`"),
        ("select = 'FM001'\nfail-on = 'never'", "`fail-on` must be one of"),
        ("ignore = ['NOPE']", "unknown rule or prefix 'NOPE'"),
        ("[rules.FM001]\nfoo = 1", "unknown option `foo`"),
        ("[severity]\nFM001 = 'fatal'", "must be one of"),
        ("select = [", "invalid TOML"),
        ("[per-file-ignores]\n'a/**' = ['XX1']", "unknown rule"),
    ],
)
def test_configuration_errors(make_site, toml, message):
    root = make_site({".betalint.toml": toml, "p.md": GOOD})
    code, _, err = run_cli(["check", str(root)])
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_configuration_file_and_cli_precedence(make_site):
    root = make_site({".betalint.toml": "ignore = ['FM001']\n", "bad.md": BROKEN})
    assert run_cli(["check", str(root)])[0] == 0
    # the command line wins over the file
    assert run_cli(["check", str(root), "--select", "FM001"])[0] == 1


def test_pyproject_table(make_site):
    root = make_site({"pyproject.toml": "[tool.betalint]\nignore = ['FM']\n", "bad.md": BROKEN})
    assert run_cli(["check", str(root)])[0] == 0


def test_per_file_ignores_and_severity(make_site):
    root = make_site(
        {
            ".betalint.toml": "[per-file-ignores]\n'old/**' = ['front-matter-invalid']\n"
            "[severity]\nFM001 = 'warning'\n",
            "old/a.md": BROKEN,
            "new/b.md": BROKEN,
        }
    )
    data = lint(root, cwd=root)
    assert [(v["path"], v["severity"]) for v in data["violations"]] == [("new/b.md", "warning")]
    assert data["exit_code"] == 0


def test_json_output_matches_the_schema(make_site):
    root = make_site({"bad.md": BROKEN, "ok.md": GOOD})
    data = lint(root, cwd=root)
    data.pop("exit_code")
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["by_rule"] == {"FM001": 1}
    (v,) = data["violations"]
    assert (v["path"], v["line"], v["column"]) == ("bad.md", 2, 9)


def test_demo_site_output_matches_the_schema():
    data = lint(DEMO, cwd=DEMO.parent)
    data.pop("exit_code")
    jsonschema.validate(data, SCHEMA)
    assert data["files_checked"] > 5
    assert {"FM001", "BL001", "BL002"} <= set(codes(data))
    assert all(v["path"].startswith("demo-site/") for v in data["violations"])


def test_output_is_sorted_and_deterministic(make_site):
    root = make_site({f"p{i}.md": BROKEN for i in range(5)})
    a = lint(root, cwd=root)
    b = lint(root, cwd=root)
    assert a == b
    keys = [(v["path"], v["line"], v["column"], v["rule"]) for v in a["violations"]]
    assert keys == sorted(keys)


SUPPRESS = """---
title: T
---
<!-- betalint-disable-file FM001 -->
<!-- betalint-disable-next-line BL001 -->
x
<!-- betalint-disable FM001 -->
<!-- betalint-disable NOTARULE -->
"""


def test_suppression_used_and_unused(make_site):
    root = make_site(
        {
            "bad.md": BROKEN.replace("Texte", "<!-- betalint-disable-file FM001 -->"),
            "s.md": SUPPRESS,
        }
    )
    data = lint(root, cwd=root)
    assert not findings(data, "FM001")  # suppressed by the used comment in bad.md
    unused = [(v["path"], v["line"], v["message"]) for v in findings(data, "BL002")]
    # in s.md: the file-level FM001 (nothing to hide), BL001 next-line, the range FM001,
    # and the unknown code
    assert [u[1] for u in unused if u[0] == "s.md"] == [4, 5, 7, 8]
    assert "NOTARULE" in unused[-1][2]
    assert not [u for u in unused if u[0] == "bad.md"]


def test_suppression_next_line_and_ranges(make_site):
    page = "---\ntitle: T\n---\n<!-- betalint-disable-next-line FM001 -->\n"
    root = make_site({"p.md": page})
    data = lint(root)
    # nothing to suppress on line 5: reported as unused
    assert [v["line"] for v in findings(data, "BL002")] == [4]


def test_suppression_by_name_and_prefix(make_site):
    text = BROKEN.replace("Texte", "<!-- betalint-disable-file front-matter-invalid -->")
    assert lint(make_site({"a.md": text}))["violations"] == []
    text = BROKEN.replace("Texte", "<!-- betalint-disable-file FM -->")
    assert lint(make_site({"b.md": text}))["violations"] == []


def test_python_dash_m_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "betalint", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("betalint, version ")


def test_text_output_has_source_line_caret_and_summary(make_site):
    root = make_site({"bad.md": BROKEN})
    code, out, _ = run_cli(["check", str(root), "--lang", "en"], cwd=root)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("bad.md:2:9: FM001 ")
    assert lines[2] == "2 | title: a: b"
    assert lines[3] == "  |         ^ FM001"
    assert lines[5].startswith("  = help: ")
    assert lines[-1].startswith("1 problem (1 error")
    _code, out, _ = run_cli(["check", str(root), "--format", "concise", "--lang", "fr"], cwd=root)
    assert out.splitlines()[0].startswith("bad.md:2:9: FM001 Une valeur contient")
    assert len(out.splitlines()) == 2


def test_parallel_and_serial_runs_agree(make_site):
    files = {f"p{i:03d}.md": (BROKEN if i % 7 == 0 else GOOD) for i in range(150)}
    root = make_site(files)
    code1, out1, _ = run_cli(["check", str(root), "--format", "json", "--jobs", "1"], cwd=root)
    code2, out2, _ = run_cli(["check", str(root), "--format", "json", "--jobs", "2"], cwd=root)
    assert code1 == code2 == 1 and out1 == out2


def test_a_failing_file_does_not_stop_the_others(make_site):
    root = make_site({"a.md": BROKEN, "b.bin.md": b"\x00\x01\x02", "c.md": BROKEN})
    data = lint(root, cwd=root)
    assert [(v["path"], v["rule"]) for v in data["violations"]] == [
        ("a.md", "FM001"),
        ("b.bin.md", "BL001"),
        ("c.md", "FM001"),
    ]


def test_bad_file_still_has_its_body_linted(make_site):
    # FM001 on the front matter does not stop the body from being parsed
    root = make_site({"a.md": BROKEN + "<!-- betalint-disable-next-line BL001 -->\n"})
    data = lint(root, cwd=root)
    assert sorted(codes(data)) == ["BL002", "FM001"]


def test_files_checked_ignores_non_pages(tmp_path):
    root = write_site(
        tmp_path,
        {
            "_config.yml": "exclude: [README.md]\n",
            "README.md": "# excluded\n",
            "index.md": GOOD,
            "static.md": "no front matter: copied as is\n",
            "_layouts/default.html": "<main>{{ content }}</main>",
            "_includes/x.html": "<p>x</p>",
            "img/a.png": "",
            "_data/x.yml": "a: 1\n",
        },
    )
    data = lint(root)
    assert data["files_checked"] == 3  # index.md, the layout, the include


def test_configured_severity_wins_over_a_findings_own_severity(make_site):
    # a duplicated key is FM001's milder (warning) case; [severity] still decides
    page = "---\ntitle: A\ntitle: B\n---\n"
    root = make_site({"p.md": page})
    assert [v["severity"] for v in lint(root)["violations"]] == ["warning"]
    root = make_site({"p.md": page, ".betalint.toml": "[severity]\nFM001 = 'info'\n"})
    assert [v["severity"] for v in lint(root)["violations"]] == ["info"]
