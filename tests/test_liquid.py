"""Liquid masking keeps every offset; static resolution only where it is certain."""

from __future__ import annotations

import pytest

from betalint.liquid import OUTPUT, TAG, LinkTag, mask, parse_include, resolve

SITE = {"baseurl": "/sub", "url": "https://beta.gouv.fr"}


def check_shape(text: str, masked: str) -> None:
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(text) if c == "\n"] == [
        i for i, c in enumerate(masked) if c == "\n"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a {{ page.title }} b",
        "a {%- if x -%} b {%- endif -%} c",
        "{% raw %}{{ kept }}{% endraw %}",
        "x {% comment %}\n{{ y }}\n{% endcomment %} z",
        "{{ unterminated\nnext",
        "{% if x\nnext",
        "{% raw %} never closed {{ x }}",
        "é {{ 'ü' }} ß",
        "",
    ],
)
def test_masking_keeps_length_and_newlines(text):
    check_shape(text, mask(text).text)


def test_output_becomes_output_sentinels():
    m = mask('<a href="{{ site.baseurl }}/x">')
    assert m.text == '<a href="' + OUTPUT * 18 + '/x">'


def test_inline_tag_becomes_tag_sentinels_and_is_recorded():
    text = 'class="fr-btn {% if x %}fr-btn--lg{% endif %}"'
    m = mask(text)
    assert TAG in m.text and "fr-btn--lg" in m.text
    assert [t.name for t in m.tags] == ["if", "endif"]
    assert text[m.tags[0].start : m.tags[0].end] == "{% if x %}"


def test_tag_alone_on_its_line_is_blank():
    m = mask("para\n  {% if x %}\nnext\n")
    assert m.text == "para\n" + " " * 12 + "\nnext\n"


def test_whitespace_control_tags():
    m = mask("a\n{%- include x.html -%}\nb")
    check_shape("a\n{%- include x.html -%}\nb", m.text)
    assert m.tags[0].name == "include" and m.tags[0].markup == "x.html"


def test_raw_content_is_kept_literally():
    m = mask("{% raw %}{{ x }}{% endraw %}")
    assert m.text.strip() == "{{ x }}"
    assert m.tags == []


def test_comment_is_blanked():
    m = mask("a {% comment %}<img src=x>{% endcomment %} b")
    assert "<img" not in m.text and m.text.startswith("a ") and m.text.endswith(" b")


def test_unterminated_is_reported():
    assert mask("x {{ y").unterminated == [2]
    assert mask("{% raw %}x").unterminated == [0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/plain", "/plain"),
        ("{{ site.baseurl }}/x", "/sub/x"),
        ("{{site.url}}/x", "https://beta.gouv.fr/x"),
        ("{{ '/x' | relative_url }}", "/sub/x"),
        ('{{ "/x" | absolute_url }}', "https://beta.gouv.fr/sub/x"),
        ("{{ '/x' | prepend: site.baseurl }}", "/sub/x"),
        ("{{ 'https://a.fr/' | relative_url }}", "https://a.fr/"),
        ("{{ page.url }}", None),
        ("{{ site.title }}", None),
        ("{{ '/x' | upcase }}", None),
        ("{% if a %}/x{% endif %}", None),
    ],
)
def test_resolve(value, expected):
    assert resolve(value, SITE) == expected


def test_resolve_link_tags():
    assert resolve("{% link _pages/a.md %}#ancre", SITE) == LinkTag("link", "_pages/a.md", "#ancre")
    assert resolve("{% post_url 2024-01-01-x %}", SITE) == LinkTag("post_url", "2024-01-01-x", "")
    assert resolve("{% link {{ page.target }} %}", SITE) is None


def test_parse_include():
    call = parse_include("hero.html image=\"/img/a.png\" title=page.title n='x'")
    assert call.file == "hero.html"
    assert call.params == {"image": "/img/a.png", "title": None, "n": "x"}
    assert parse_include("{{ page.sidebar }}").file is None


@pytest.mark.parametrize(
    "tag",
    [
        "{% include size.html %}",
        "{% cycle 'sm', 'lg' %}",
        "{% increment n %}",
        "{% link _pages/a.md %}",
        "{% t key %}",  # a plugin's tag: it may write anything
    ],
)
def test_inline_tag_that_writes_text_is_output_not_a_separator(tag):
    text = f'class="fr-col-{tag}"'
    m = mask(text)
    check_shape(text, m.text)
    assert m.text == 'class="fr-col-' + OUTPUT * len(tag) + '"'
    assert TAG not in m.text and len(m.tags) == 1


def test_control_flow_tags_stay_separators():
    for tag in ("{% if x %}", "{% else %}", "{% endunless %}", "{% assign a = 1 %}"):
        assert set(mask(f"a {tag} b").text[2:-2]) == {TAG}


def test_highlight_block_is_output_whole():
    text = 'a\n{% highlight html %}\n<div class="x">\n# not a heading\n{% endhighlight %}\nb'
    m = mask(text)
    check_shape(text, m.text)
    assert m.text.startswith("a\n") and m.text.endswith("\nb")
    assert set(m.text[2:-2]) == {OUTPUT, "\n"}  # no markup, no Markdown left inside
    assert [t.name for t in m.tags] == ["highlight"]


def test_unterminated_highlight_runs_to_the_end():
    m = mask("a {% highlight %}\n<p>x</p>")
    assert m.unterminated == [2] and "<p>" not in m.text
