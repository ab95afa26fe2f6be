"""Class names defined by a style sheet, read with a real CSS parser (tinycss2).

Used twice: by ``scripts/dsfr_data.py`` to extract DSFR's class sets from its npm package,
and at run time for a site's own style sheets (``assets/**/*.css``, ``_sass/**``) and for a
site's installed ``node_modules/@gouvfr/dsfr``. A regular expression over CSS text would
also "find" classes in comments, strings, URLs (``url(a.b.png)``) and numbers (``.5em``);
tokenising first avoids all of them, and tinycss2 resolves escapes (``fr-tile--vertical\\@md``
is the class ``fr-tile--vertical@md`` as written in HTML).

SCSS is not CSS, but its nesting is close enough to CSS nesting for tinycss2's block parser;
BEM suffixes written ``&__title`` or ``&--sm`` under a single-class parent are joined to the
parent's class, which is how such sheets define most of their classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import tinycss2
from tinycss2 import ast

#: At-rules whose content holds rules with selectors (others hold declarations or frames).
_GROUPING = frozenset(("media", "supports", "-moz-document", "layer", "container", "document"))
#: Pseudo-class functions whose arguments are selectors.
_SELECTOR_FUNCTIONS = frozenset(("not", "is", "where", "has", "matches", "-moz-any", "-webkit-any"))


def _prelude_classes(tokens: Iterable[ast.Node]) -> Iterator[str]:
    """Class names in a selector prelude: ``.`` directly followed by an identifier."""
    prev_dot = False
    for tok in tokens:
        if prev_dot and tok.type == "ident":
            yield tok.value
        prev_dot = tok.type == "literal" and tok.value == "."
        if tok.type == "function" and tok.lower_name in _SELECTOR_FUNCTIONS:
            yield from _prelude_classes(tok.arguments)


def _single_class(prelude: list[ast.Node]) -> str | None:
    """The class of a prelude that is exactly ``.name`` (SCSS parent of ``&__x`` rules)."""
    toks = [t for t in prelude if t.type not in ("whitespace", "comment")]
    if (
        len(toks) == 2
        and toks[0].type == "literal"
        and toks[0].value == "."
        and toks[1].type == "ident"
    ):
        return toks[1].value
    return None


def _scss_suffixes(prelude: list[ast.Node], parent: str | None) -> Iterator[str]:
    """``&__title``, ``&--sm`` (and ``&-x``) joined to a single-class parent."""
    if parent is None:
        return
    toks = list(prelude)
    for i, tok in enumerate(toks):
        if tok.type == "literal" and tok.value == "&" and i + 1 < len(toks):
            nxt = toks[i + 1]
            if nxt.type == "ident":
                yield parent + nxt.value


def _walk(rules: Iterable[ast.Node], out: set[str], parent: str | None, nested: bool) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            classes = set(_prelude_classes(rule.prelude))
            out |= classes
            if nested:
                out.update(_scss_suffixes(rule.prelude, parent))
            own = _single_class(rule.prelude)
            if nested and own is None and parent is not None:
                # `&__a` as a parent of deeper `&--b`: the joined name is the new parent
                joined = list(_scss_suffixes(rule.prelude, parent))
                own = joined[0] if len(joined) == 1 else None
            if nested or any(t.type == "{} block" for t in rule.content):
                inner = tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                _walk(inner, out, own, nested)
        elif rule.type == "at-rule" and rule.content is not None:
            if rule.lower_at_keyword in _GROUPING or (
                nested and rule.lower_at_keyword == "at-root"
            ):
                inner = (
                    tinycss2.parse_blocks_contents(
                        rule.content, skip_comments=True, skip_whitespace=True
                    )
                    if nested
                    else tinycss2.parse_rule_list(
                        rule.content, skip_comments=True, skip_whitespace=True
                    )
                )
                _walk(inner, out, parent, nested)
            elif nested and rule.lower_at_keyword in (
                "mixin",
                "include",
                "if",
                "else",
                "each",
                "for",
            ):
                inner = tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                _walk(inner, out, parent, nested)


def classes_in_css(text: str, *, scss: bool = False) -> set[str]:
    """Every class name a style sheet's selectors mention (``@keyframes`` and
    ``@font-face`` are skipped: they have no selectors). Never raises on bad input."""
    out: set[str] = set()
    try:
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        _walk(rules, out, None, scss)
    except (RecursionError, ValueError, TypeError, AttributeError):
        pass
    return out
