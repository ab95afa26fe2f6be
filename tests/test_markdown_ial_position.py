"""A block IAL records where it is written, so findings about its classes point at it."""

from __future__ import annotations

from betalint.elements import Document
from betalint.liquid import mask
from betalint.markdown import parse_markdown


def test_block_ial_offset_is_kept():
    text = "Un paragraphe.\n{: .fr-text--lead #intro}\n"
    doc = Document("p.md", "page", "markdown", text, mask(text).text, None, 0)
    parse_markdown(doc)
    (p,) = doc.elements
    assert p.attrs["class"] == "fr-text--lead" and p.attrs["id"] == "intro"
    assert p.data["ial_at"] == text.index("{:")
    assert doc.position(p.data["ial_at"]) == (2, 1)
