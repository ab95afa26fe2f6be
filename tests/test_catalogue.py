"""The catalogue is data: every entry is complete, bilingual, registered, and its Bad/Good
examples do what they say when betalint runs on them."""

from __future__ import annotations

import pytest

from betalint.catalogue import (
    LANGS,
    CatalogueError,
    catalogue,
    load_rule,
    placeholders,
    resolve_selector,
)
from betalint.checks import registered_codes
from conftest import codes, lint, run_cli, write_site

RULES = catalogue()


def test_catalogue_and_registry_agree():
    # A rule in the catalogue must be implemented; an implemented rule must be documented.
    assert set(RULES) == registered_codes()


@pytest.mark.parametrize("code", sorted(RULES))
def test_entry_is_complete_and_bilingual(code):
    rule = RULES[code]
    assert rule.code == code
    assert rule.name and rule.name == rule.name.lower()
    tables = [rule.message, rule.summary, rule.hint, *rule.variants.values()]
    for table in [*tables, *rule.variant_hints.values()]:
        for lang in LANGS:
            assert table[lang].strip(), f"{code}: empty {lang} text"
    # the same placeholders in both languages, for every message
    for table in [rule.message, *rule.variants.values(), *rule.variant_hints.values()]:
        assert placeholders(table["en"]) == placeholders(table["fr"]), code
    # a variant's own hint belongs to a variant that exists (the loader refuses others)
    assert set(rule.variant_hints) <= set(rule.variants), code
    kinds = {ex.kind for ex in rule.examples}
    assert kinds == {"bad", "good"}, f"{code}: needs Bad and Good examples"
    assert "## Why" in rule.body or "## Pourquoi" in rule.body


def test_a_hint_for_an_unknown_variant_is_refused(tmp_path):
    entry = tmp_path / "XX001.md"
    entry.write_text(
        "---\ncode: XX001\nname: x\nfamily: x\nseverity: error\n"
        "summary: {en: s, fr: s}\nmessage: {en: m, fr: m}\n"
        "variants:\n  a: {en: a, fr: a}\nhints:\n  b: {en: h, fr: h}\n---\nbody\n"
    )
    with pytest.raises(CatalogueError, match="unknown variants: b"):
        load_rule(entry)


def test_names_are_unique():
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))


def test_selectors():
    assert resolve_selector("FM001") == ["FM001"]
    assert resolve_selector("front-matter-invalid") == ["FM001"]
    assert "BL001" in resolve_selector("BL")
    with pytest.raises(KeyError):
        resolve_selector("NOPE999")


EXAMPLES = [(code, i, ex) for code, rule in RULES.items() for i, ex in enumerate(rule.examples)]


@pytest.mark.parametrize(
    ("code", "index", "example"), EXAMPLES, ids=[f"{c}-{i}-{e.kind}" for c, i, e in EXAMPLES]
)
def test_example(tmp_path, code, index, example):
    """Each Bad example triggers exactly its rule; each Good example triggers nothing."""
    files = {path: content.encode(encoding) for path, content, encoding in example.files}
    root = write_site(tmp_path / "site", files)
    data = lint(root)
    found = codes(data)
    if example.kind == "bad":
        assert found, f"{code} bad example {index} triggers nothing"
        assert set(found) == {code}, f"{code} bad example {index} triggers {found}"
    else:
        assert found == [], f"{code} good example {index} triggers {found}"


def test_rules_and_explain_commands():
    code, out, _ = run_cli(["rules"])
    assert code == 0
    for rcode in RULES:
        assert rcode in out
    code, out, _ = run_cli(["explain", "FM001", "--lang", "fr"])
    assert code == 0 and "front-matter-invalid" in out and "YAML" in out
    code, _, err = run_cli(["explain", "XX999"])
    assert code == 2 and "unknown rule" in err


@pytest.mark.parametrize("code", [c for c, r in RULES.items() if r.options])
def test_option_descriptions_are_bilingual(code):
    for name, spec in RULES[code].options.items():
        description = spec.get("description")
        assert isinstance(description, dict), f"{code}.{name}: description per language"
        assert all(str(description.get(lang, "")).strip() for lang in LANGS), f"{code}.{name}"


def test_explain_in_french_says_everything_in_french():
    code, out, _ = run_cli(["explain", "HD001", "--lang", "fr"])
    assert code == 0
    head, options = out.splitlines()[0], out.split("Options :", 1)[1]
    assert head == "HD001 heading-skip (avertissement, famille headings)"
    # the default as written in .betalint.toml, the description in French
    assert "strict (boolean, par défaut false) : Signale chaque niveau sauté." in options
    code, out, _ = run_cli(["explain", "HD001", "--lang", "en"])
    assert out.splitlines()[0] == "HD001 heading-skip (warning, family headings)"
    assert "strict (boolean, default false): Report every skipped level." in out


def test_output_cut_short_by_its_reader_is_not_an_internal_error():
    """`betalint rules | head -1`: the reader closes the pipe; no traceback, no
    "internal error" message."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "betalint", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # before the rest of the listing is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "internal error" not in err and "Traceback" not in err
