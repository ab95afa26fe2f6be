"""Markdown parsing details that decide what is a heading (kramdown, not CommonMark)."""

from __future__ import annotations

from betalint.engine import build_document
from betalint.site import SiteFile
from betalint.source import load_source


def parse(body: str):
    src, _ = load_source(("---\ntitle: t\n---\n" + body).encode("utf-8"))
    return build_document(SiteFile("page.md", "page"), src, "page", "markdown")


def test_atx_marker_without_text_is_a_paragraph():
    # kramdown-parser-gfm needs text after the #s ("return false if text.empty?"):
    # `##` or `### ` alone renders as a paragraph showing the #s, not as an empty heading.
    doc = parse("Texte\n\n##\n\n### \n\n> ##\n\n## Vrai titre\n")
    assert [h.level for h in doc.headings] == [2]
    paragraphs = [doc.text_of(e) for e in doc.elements if e.tag == "p"]
    assert paragraphs == ["Texte", "##", "###", "##"]


def test_atx_heading_with_closing_hashes_only_stays_a_heading():
    doc = parse("## #\n")
    assert [e.tag for e in doc.elements] == ["h2"]
    assert doc.text_of(doc.elements[0]) == "#"
