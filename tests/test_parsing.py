"""Markdown and HTML into one element list, at real file positions (front matter included)."""

from __future__ import annotations

from betalint.engine import build_document
from betalint.site import SiteFile
from betalint.source import load_source


def parse(text: str, path: str = "page.md", kind: str = "page"):
    src, problem = load_source(text.encode("utf-8"))
    assert problem is None
    language = "html" if path.endswith(".html") else "markdown"
    return build_document(SiteFile(path, "page"), src, kind, language)


def first(doc, tag):
    return next(e for e in doc.elements if e.tag == tag)


def at(doc, el):
    """The real file text at an element's position."""
    return doc.line_text(el.line)[el.col - 1 :]


FM = "---\ntitle: T\n---\n"


def test_markdown_link_and_image_positions():
    doc = parse(FM + 'Intro\nvoir [le lien](/a) et ![alt](/i.png "t").\n')
    a, img = first(doc, "a"), first(doc, "img")
    assert (a.line, a.col) == (5, 6) and at(doc, a).startswith("[le lien]")
    assert (img.line, img.col) == (5, 23) and at(doc, img).startswith("![alt]")
    assert a.attrs == {"href": "/a"} and doc.text_of(a) == "le lien"
    assert img.attrs == {"src": "/i.png", "alt": "alt", "title": "t"}
    assert a.origin == img.origin == "md"


def test_positions_in_lists_blockquotes_and_tables():
    doc = parse(FM + "- item [a](/a)\n\n> quote [b](/b)\n\n| x | y |\n|---|---|\n| [c](/c) | d |\n")
    links = [e for e in doc.elements if e.tag == "a"]
    assert [(e.line, e.col) for e in links] == [(4, 8), (6, 9), (10, 3)]
    assert [at(doc, e)[:3] for e in links] == ["[a]", "[b]", "[c]"]


def test_inline_html_positions_and_nesting():
    doc = parse(FM + 'Texte <a href="/x" class="fr-link">un <img src="/i.png" alt="i"></a> fin\n')
    a, img = first(doc, "a"), first(doc, "img")
    assert (a.line, a.col) == (4, 7) and a.origin == "html"
    assert img.parent == a.index and at(doc, img).startswith("<img")
    assert a.classes == ["fr-link"]
    assert doc.text_of(a, alt=True) == "un i"


def test_html_file_positions():
    doc = parse(
        '---\nlayout: x\n---\n<div class="a">\n  <p>Un <a href="/b">b</a></p>\n</div>\n', "p.html"
    )
    div, p, a = first(doc, "div"), first(doc, "p"), first(doc, "a")
    assert (div.line, div.col) == (4, 1) and (p.line, p.col) == (5, 3) and (a.line, a.col) == (5, 9)
    assert a.parent == p.index and p.parent == div.index


def test_reference_links_and_autolinks():
    doc = parse(FM + 'Voir [ref] et <https://beta.gouv.fr>.\n\n[ref]: /reference "T"\n')
    links = [e for e in doc.elements if e.tag == "a"]
    assert [e.attrs["href"] for e in links] == ["/reference", "https://beta.gouv.fr"]
    assert links[1].data == {"autolink": True}


def test_liquid_in_attributes_is_dynamic_and_recoverable():
    doc = parse(FM + '[x]({{ site.baseurl }}/foo) <a href="{{ page.url }}">y</a>\n')
    md_a, html_a = [e for e in doc.elements if e.tag == "a"]
    assert md_a.get("href") is None and md_a.is_dynamic("href")
    assert md_a.liquid_source("href") == "{{ site.baseurl }}/foo"
    assert html_a.liquid_source("href") == "{{ page.url }}"


def test_liquid_class_tokens():
    doc = parse(
        '<a class="fr-btn {% if x %}fr-btn--lg{% endif %} fr-icon-{{ i }}-fill">z</a>',
        "p.html",
        "include",
    )
    a = first(doc, "a")
    assert a.classes == ["fr-btn", "fr-btn--lg"]
    assert a.has_dynamic_class


def test_kramdown_block_html_is_raw_without_markdown_attribute():
    doc = parse(
        FM + '<div class="x">\n\n## Pas un titre\n\n[pas un lien](/n)\n\n</div>\n\n## Titre\n'
    )
    assert [e.tag for e in doc.elements] == ["div", "h2"]
    assert doc.elements[1].line == 12 and len(doc.headings) == 1


def test_kramdown_block_html_with_markdown_attribute():
    doc = parse(FM + '<div markdown="1" class="x">\n## Titre\n[lien](/l)\n</div>\nAprès\n')
    div, h2, a = first(doc, "div"), first(doc, "h2"), first(doc, "a")
    assert h2.parent == div.index and doc.ancestors(a).__next__().tag == "p"
    assert doc.headings[0].in_html_block
    assert [e.line for e in doc.elements if e.tag == "p"] == [6, 8]


def test_span_elements_at_line_start_are_paragraphs():
    doc = parse(FM + '<span class="x">texte</span> suite [l](/l)\n')
    p = first(doc, "p")
    assert first(doc, "span").parent == p.index and first(doc, "a").parent == p.index


def test_header_ids_and_ials():
    doc = parse(FM + "## Titre {#mon-id}\n\nPara\n{: .fr-text--lead #p1}\n\n[b](/b){: .fr-btn}\n")
    h2 = first(doc, "h2")
    assert h2.attrs["id"] == "mon-id" and doc.headings[0].explicit_id == "mon-id"
    assert doc.text_of(h2) == "Titre"
    p = first(doc, "p")
    assert p.attrs["class"] == "fr-text--lead" and p.attrs["id"] == "p1"
    assert first(doc, "a").classes == ["fr-btn"]


def test_ial_before_a_block():
    doc = parse(FM + "{: .fr-callout}\nTexte\n")
    assert first(doc, "p").classes == ["fr-callout"]


def test_indented_atx_heading_is_a_paragraph_in_kramdown():
    doc = parse(FM + "   ### indenté\n\n# vrai\n")
    assert [e.tag for e in doc.elements] == ["p", "h1"]


def test_kramdown_options_and_comments():
    doc = parse(
        FM + '{::options auto_ids="false" /}\n{::comment}\n[x](/hidden)\n{:/comment}\n## T\n'
    )
    assert doc.options["auto_ids"] == "false"
    assert not [e for e in doc.elements if e.tag == "a"]


def test_code_contains_no_links():
    doc = parse(FM + "```\n[x](/a) <img src=b>\n```\n\n`[y](/b)`\n")
    assert not [e for e in doc.elements if e.tag in ("a", "img")]


def test_setext_heading_and_front_matter_offsets():
    doc = parse(FM + "\nTitre\n=====\n")
    h1 = first(doc, "h1")
    assert (h1.line, h1.col) == (5, 1)


def test_footnotes():
    doc = parse(FM + "Texte[^1].\n\n[^1]: La note.\n")
    ids = {e.attrs.get("id") for e in doc.elements}
    assert {"fnref:1", "fn:1"} <= ids


def test_unclosed_raw_html_block_runs_to_the_end():
    doc = parse(FM + "<div>\n\n## Pas un titre\n")
    assert [e.tag for e in doc.elements] == ["div"]


def test_crlf_positions():
    doc = parse("---\r\ntitle: T\r\n---\r\nA [b](/b)\r\n")
    a = first(doc, "a")
    assert (a.line, a.col) == (4, 3)
