"""French and English: every interface text exists in both languages with the same
placeholders; French follows French typography; the interface language follows the
locale; `check --lang fr` on the demo site speaks French for every rule."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys

import pytest

from betalint.catalogue import catalogue
from betalint.i18n import LANGS, TEXTS, normalise, placeholders, t, ui_lang
from conftest import DEMO, lint


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_interface_text_is_bilingual(key):
    table = TEXTS[key]
    assert set(table) == set(LANGS), key
    for lang in LANGS:
        forms = table[lang] if isinstance(table[lang], tuple) else (table[lang],)
        assert all(f.strip() for f in forms), f"{key}: empty {lang} text"
        assert isinstance(table[lang], tuple) == isinstance(table["en"], tuple), key
    assert placeholders(table["en"]) == placeholders(table["fr"]), key


# A letter (or closing quote/bracket) glued to : ; ? ! — wrong in French, where they take
# a space before. URLs, `code`, times, `fetch-depth: 0` and `{x!r}` are left out.
_GLUED = re.compile(r"[\w»)]([;?!]|:(?=\s|$))")


def _prose(text: str) -> str:
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\{[^}]*\}", "x", text)
    return text.replace("fetch-depth: 0", "")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_french_typography(key):
    fr = TEXTS[key]["fr"]
    for form in fr if isinstance(fr, tuple) else (fr,):
        assert not _GLUED.search(_prose(form)), f"{key}: {form!r}"


def test_plural_forms_follow_each_language():
    assert t("n-errors", "en", n=0) == "0 errors"
    assert t("n-errors", "fr", n=0) == "0 erreur"
    assert t("n-errors", "fr", n=1) == "1 erreur"
    assert t("n-errors", "fr", n=2) == "2 erreurs"
    assert t("n-errors", "en", n=1) == "1 error"


def test_language_tags():
    assert normalise("fr-FR") == normalise("fr_FR.UTF-8") == normalise("FR") == "fr"
    assert normalise("de") is None and normalise(None) is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "de:fr", "LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANGUAGE": "fr", "LANG": "C"}, "en"),  # gettext ignores LANGUAGE under C
        ({"BETALINT_LANG": "en", "LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_interface_language_from_the_locale(env, expected):
    assert ui_lang(env) == expected


def _help(lang_env: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "BETALINT"))}
    env["LANG"] = lang_env
    proc = subprocess.run(
        [sys.executable, "-m", "betalint", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return " ".join(proc.stdout.split())  # help lines are wrapped to the terminal width


def test_help_in_french_for_a_french_locale():
    out = _help("fr_FR.UTF-8", "check")
    assert out.startswith("Utilisation : betalint check")
    assert "Options :" in out
    assert "Ne signaler que les problèmes absents de ce fichier de référence." in out
    assert "Afficher cette aide et quitter." in out
    out = _help("en_US.UTF-8", "check")
    assert out.startswith("Usage: betalint check")
    assert "Report only findings not recorded in this baseline file." in out


def _matches_a_template(message: str, code: str, lang: str) -> bool:
    rule = catalogue()[code]
    for table in (rule.message, *rule.variants.values()):
        # literal pieces and fields as str.format sees them (`{{` is a literal brace)
        pattern = "".join(
            re.escape(literal) + (".*" if field is not None else "")
            for literal, field, _spec, _conv in string.Formatter().parse(table[lang])
        )
        if re.fullmatch(pattern, message, re.S):
            return True
    return False


def test_demo_site_in_french_for_every_rule():
    fr = lint(DEMO, "--lang", "fr")["violations"]
    en = lint(DEMO, "--lang", "en")["violations"]
    assert fr and len(fr) == len(en)
    for f, e in zip(fr, en, strict=True):
        assert (f["rule"], f["line"]) == (e["rule"], e["line"])
        assert _matches_a_template(f["message"], f["rule"], "fr"), f["message"]
        assert _matches_a_template(e["message"], e["rule"], "en"), e["message"]
        assert f["message"] != e["message"]


def test_default_message_language_comes_from_the_site(make_site):
    fr_site = make_site({"a.md": "---\ntitle: a: b\n---\n"})  # lang: fr
    (msg,) = [v["message"] for v in lint(fr_site)["violations"]]
    assert _matches_a_template(msg, "FM001", "fr")
    cfg = fr_site / "_config.yml"
    cfg.write_text(cfg.read_text().replace("lang: fr", "lang: fr-FR"), encoding="utf-8")
    (msg,) = [v["message"] for v in lint(fr_site)["violations"]]
    assert _matches_a_template(msg, "FM001", "fr")
    cfg.write_text(cfg.read_text().replace("lang: fr-FR", "lang: de"), encoding="utf-8")
    (msg,) = [v["message"] for v in lint(fr_site)["violations"]]
    assert _matches_a_template(msg, "FM001", "en")
