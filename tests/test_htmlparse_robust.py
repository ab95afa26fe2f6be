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


def test_textarea_and_title_hold_text_not_elements():
    text = (
        "---\n---\n<title>a <b>b</b></title>\n"
        '<textarea><div class="fr-x"></div></textarea>\n<p class="after">x</p>\n'
    )
    src, _ = load_source(text.encode())
    doc = build_document(SiteFile("p.html", "page"), src, "page", "html")
    assert [e.tag for e in doc.elements] == ["title", "textarea", "p"]
    p = doc.elements[-1]
    assert (p.line, p.col, p.parent) == (5, 1, -1)
    assert doc.text_of(doc.elements[1]) == '<div class="fr-x"></div>'
