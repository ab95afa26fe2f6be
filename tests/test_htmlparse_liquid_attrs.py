"""Attributes written inside a Liquid tag keep their name (they exist, conditionally)."""

from __future__ import annotations

from betalint.elements import Builder
from betalint.htmlparse import HtmlFeeder
from betalint.liquid import mask


def _elements(text: str):
    m = mask(text)
    builder = Builder()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    HtmlFeeder(builder, text, m.text, starts).feed(0, len(text))
    return builder.elements


def test_conditional_attribute_keeps_its_name():
    (a,) = _elements('<a href="/x" {% if forloop.last %}aria-current="page"{% endif %}>X</a>')
    assert a.attrs["aria-current"] == "page"
    assert a.get("href") == "/x"


def test_attribute_made_only_of_liquid_is_dropped():
    (div,) = _elements('<div {{ include.attrs }} class="fr-card">x</div>')
    assert set(div.attrs) == {"class"}
