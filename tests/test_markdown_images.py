"""Markdown images as kramdown writes them: the alt attribute a browser ends up with."""

from __future__ import annotations

from betalint.engine import build_document
from betalint.site import SiteFile
from betalint.source import load_source


def images(body: str) -> list[dict[str, str]]:
    src, _ = load_source(("---\ntitle: t\n---\n" + body).encode())
    assert src is not None
    doc = build_document(SiteFile("page.md", "page"), src, "page", "markdown")
    return [el.attrs for el in doc.elements if el.tag == "img"]


def test_character_references_in_alt_are_decoded():
    # kramdown keeps entity references in attributes as written; the browser decodes them
    [img] = images("![L&#39;équipe &amp; ses &laquo;&nbsp;outils&nbsp;&raquo;](/img/a.png)\n")
    assert img["alt"] == "L'équipe & ses «\xa0outils\xa0»"


def test_backslash_escapes_in_alt_are_removed():
    [img] = images(r"![Le \*seul\* \[vrai\] logo](/img/a.png)" + "\n")
    assert img["alt"] == "Le *seul* [vrai] logo"


def test_empty_alt_stays_empty():
    [img] = images("![](/img/a.png)\n")
    assert img["alt"] == ""
