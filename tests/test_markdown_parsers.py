"""The per-document parsers: one without the rules of syntaxes a text cannot hold gives
it the same tokens as the parser with every rule (they only save time)."""

import re
from pathlib import Path

import pytest

from betalint.markdown import _OPTIONAL, parser

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "beta.gouv.fr"

TEXTS = [
    "# Titre\n\nUn paragraphe, sans rien de plus.\n",
    "Un ~ seul, un | seul, et [un lien](/a/) ![image](/i.png) <span>x</span>\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Du ~~barré~~ et du ~simple~.\n",
    "Une note[^1] et une note en ligne^[ici].\n\n[^1]: La note.\n",
    "Terme\n: Définition\n\nAutre\n~ Autre définition\n",
    "- Terme dans une liste\n  : sa définition\n",
    "> Terme cité\n> : sa définition\n",
    "> - Terme\n>   : définition imbriquée\n",
    "Texte\n:: pas une définition ?\n\n~~~\ncode\n~~~\n",
    "1. un\n2. deux\n\n    code indenté | avec une barre\n",
]


def _tokens(md, text):
    return [t.as_dict() for t in md.parse(text, {})]


def _same(text: str) -> None:
    assert _tokens(parser(text), text) == _tokens(parser(), text), text


@pytest.mark.parametrize("text", TEXTS)
def test_variant_gives_the_tokens_of_the_full_parser(text):
    _same(text)


@pytest.mark.parametrize(
    "text",
    [
        *TEXTS,
        ": une définition dès le début",
        " >: cité dès le début",
        "a:b et c~d, sans marque en début de ligne",
        "texte\r: après un retour chariot seul",
        "texte\u2028: après un séparateur de ligne",
        "~",
        "^ seul, [ seul",
        "",
    ],
)
def test_syntax_tests_say_what_their_plain_definitions_say(text):
    # (each test first looks for one character, for speed; the answer is the same)
    plain = {
        "table": "|" in text,
        "strikethrough": "~~" in text,
        "footnote": "[^" in text or "^[" in text,
        "deflist": re.search(r"^[ \t>]*[:~]", text, re.M) is not None,
    }
    assert {name: bool(test(text)) for name, test in _OPTIONAL} == plain


def test_variant_drops_rules_a_text_cannot_use():
    plain = parser("Un paragraphe.\n")
    rules = {r.name for r in plain.block.ruler.__rules__ if r.enabled}
    rules |= {r.name for r in plain.inline.ruler.__rules__ if r.enabled}
    assert not rules & {"table", "strikethrough", "footnote_def", "footnote_ref", "deflist"}
    full = parser()
    rules = {r.name for r in full.block.ruler.__rules__ if r.enabled}
    assert {"table", "footnote_def", "deflist"} <= rules
    assert parser("| a |\n|---|\n") is parser("x | y")  # one parser per set of syntaxes


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus absent")
def test_variants_on_the_corpus():
    files = sorted(CORPUS.rglob("*.md"))
    assert files
    for path in files[::7]:
        _same(path.read_text(encoding="utf-8", errors="replace"))


def _md_doc(text: str):
    from betalint.engine import build_document
    from betalint.site import SiteFile
    from betalint.source import load_source

    src, _ = load_source(text.encode())
    return build_document(SiteFile("p.md", "page"), src, "page", "markdown")


@pytest.mark.parametrize("body", ["", "\n", " \t\n\n   \r\n", "\r\r\n"])
def test_blank_body_has_no_elements_as_markdown_it_makes_no_token(body):
    # parse_markdown returns early on such bodies: markdown-it must agree they are empty
    assert _tokens(parser(), body) == []
    doc = _md_doc("---\ntitle: t\n---\n" + body)
    assert doc.elements == [] and doc.headings == [] and doc.top == []


@pytest.mark.parametrize("char", ["\u00a0", "\x0c", "\x0b", "\u2003"])
def test_body_of_other_spaces_is_a_paragraph(char):
    # Python's str.strip() would call these blank; CommonMark and kramdown do not
    doc = _md_doc("---\ntitle: t\n---\n" + char + "\n")
    assert [e.tag for e in doc.elements] == ["p"]


def _plain_parser():
    """betalint's parser with every syntax, its inline rules unwrapped: markdown-it's own."""
    from betalint.markdown import _make_parser

    md = _make_parser()
    for rule in md.inline.ruler.__rules__:
        fn = getattr(rule.fn, "__wrapped__", None)
        if fn is not None:
            md.inline.ruler.at(rule.name, fn)
    return md


def _shape(tokens):
    out = []
    for t in tokens:
        d = t.as_dict(children=False)
        d.pop("children", None)
        if d.get("meta"):
            d["meta"] = {k: v for k, v in d["meta"].items() if k != "pos"}
        out.append((d, _shape(t.children or [])))
    return out


MARKERS = [
    *TEXTS,
    'Un [lien](/a/ "titre") puis ![img](/i.png) et <https://x.fr> et `code` [^n].\n\n[^n]: note\n',
    "! [pas un lien] <pas une balise `pas fermé [x]: y\n",
    '<span class="a">x</span> <!-- c --> [a][b] [b]\n\n[b]: /c\n',
    "Voir ![i](/i.png) fin, puis ! seul, [^1] et `a` <b> <",
]


@pytest.mark.parametrize("text", MARKERS)
def test_wrapped_inline_rules_give_markdown_its_tokens(text):
    # the wrappers skip a rule where its first character is not: same tokens as without
    assert _shape(parser().parse(text, {})) == _shape(_plain_parser().parse(text, {}))
