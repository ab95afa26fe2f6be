"""HTML parsing never raises on odd markup (html.parser has a few asserting paths)."""

from __future__ import annotations

from betalint.engine import build_document
from betalint.site import SiteFile
from betalint.source import load_source


def test_marked_section_without_name_does_not_raise():
    text = '---\ntitle: t\n---\n<p>a <![< b</p>\n<a href="/x">lien</a>\n'
    src, _ = load_source(text.encode())
    doc = build_document(SiteFile("p.html", "page"), src, "page", "html")
    link = next(e for e in doc.elements if e.tag == "a")
    assert (link.line, link.col) == (5, 1)
