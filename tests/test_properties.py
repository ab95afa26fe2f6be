"""Property tests of the parsing pipeline (issue 9), with Hypothesis.

For any text: Liquid masking keeps length and newlines; decoding, front matter, Markdown
and HTML parsing never raise; every position reported (elements, headings, Liquid tags,
findings of every registered rule) lies inside the file; the result is deterministic.

Texts are drawn from pieces of the syntaxes involved (front matter fences, Liquid,
kramdown, HTML, odd characters) so that the generator reaches the parsers' corners, not
only plain prose. The fuzz harness in ``fuzz/`` runs the same checks on many more inputs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from betalint.liquid import OUTPUT, TAG, mask
from betalint.source import load_source

PIECES = [
    "---\n", "---\r\n", "...\n", "title: x\n", "a: &a [1]\n", "b: *a\n", "- x\n", ": ",
    "{{ x }}", "{{", "}}", "{% if a %}", "{% endif %}", "{%", "%}", "{% raw %}",
    "{% endraw %}", "{% comment %}", "{% endcomment %}", "{% include a.html k=\"v\" %}",
    "<div>", "</div>", '<div markdown="1">', "<p>", "</p>", '<a href="/x">', "</a>",
    '<img src="i.png" alt="a">', "<!--", "-->", "<![CDATA[", "]]>", "<script>",
    "</script>", "<", ">", '"', "'", "=", "&amp;", "&#", "\n", "\n\n", "\r", "\r\n", "\t",
    "    ", "# ", "## Titre {#id}", "> ", "* ", "1. ", "```\n", "```", "~~~ ", "`", "*", "_", "[", "]",
    "(", ")", "![", "[a]: /b\n", "|", "|---|\n", "{: .c}\n", "{::comment}", "{:/comment}",
    "{::options toc_levels=\"2\" /}", "\\", "\x00", "\x0b", "\x1b", "\x85", "\u2028",
    "\ufeff", OUTPUT, TAG, "é", "😀", "x", "mot ",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=200),
)
# 300 examples per test in the default run (a few seconds); more with, for instance,
# BETALINT_PROPERTY_EXAMPLES=20000 (see fuzz/README.md).
SETTINGS = settings(
    max_examples=int(os.environ.get("BETALINT_PROPERTY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _line_lengths(text: str) -> list[int]:
    return [len(line) for line in text.split("\n")]


def _inside(lengths: list[int], line: int, col: int) -> bool:
    """A 1-based position inside the text (a column may point just past the line end)."""
    return 1 <= line <= len(lengths) and 1 <= col <= lengths[line - 1] + 1


@SETTINGS
@given(texts)
def test_mask_keeps_length_and_newlines_and_only_blanks_liquid(text):
    m = mask(text)
    assert len(m.text) == len(text)
    for original, masked in zip(text, m.text, strict=True):
        assert (original == "\n") == (masked == "\n")
        assert masked == original or masked in (" ", OUTPUT, TAG)
    for tag in m.tags:
        assert 0 <= tag.start < tag.end <= len(text)
        assert text.startswith("{%", tag.start) and text.endswith("%}", 0, tag.end)
    assert mask(text) == m


def _parse(data: bytes, path: str):
    from betalint.engine import build_document, document_kind
    from betalint.site import SiteFile
    from betalint.source import load_source

    src, problem = load_source(data)
    if src is None:
        return None, problem
    sf = SiteFile(path, "include" if path.startswith("_includes/") else "page")
    kind = document_kind(sf, src, "jekyll")
    language = "html" if path.endswith(".html") else "markdown"
    return build_document(sf, src, kind, language), None


def _positions(doc) -> list[tuple[str, int, int]]:
    out = [(f"<{e.tag}>", e.line, e.col) for e in doc.elements]
    for tag in doc.liquid_tags:
        out.append(("liquid", *doc.position(tag.start)))
    for h in doc.headings:
        assert 0 <= h.element < len(doc.elements)
    return out


@SETTINGS
@given(texts, st.sampled_from(["page.md", "page.html", "_includes/part.html"]))
def test_parsing_never_raises_and_positions_lie_inside_the_file(text, path):
    data = text.encode("utf-8", "surrogatepass")
    doc, problem = _parse(data, path)
    if doc is None:
        lines = data.split(b"\n")
        assert 1 <= problem.line <= len(lines) and problem.column >= 1
        return
    lengths = _line_lengths(doc.text)
    assert len(doc.masked) == len(doc.text)
    src = doc.source
    if src.fm_problem is not None:
        assert _inside(lengths, src.fm_problem.line, src.fm_problem.column)
    assert 1 <= src.body_line <= len(lengths)
    for what, line, col in _positions(doc):
        assert _inside(lengths, line, col), (what, line, col)
    for el in doc.elements:
        assert -1 <= el.parent < el.index
        doc.text_of(el, alt=True)  # walks never raise either
        list(doc.descendants(el))
    again, _ = _parse(data, path)
    assert [(e.tag, e.attrs, e.line, e.col, e.parent) for e in again.elements] == [
        (e.tag, e.attrs, e.line, e.col, e.parent) for e in doc.elements
    ]


_SITE = tempfile.TemporaryDirectory(prefix="betalint-properties-")


def _lint(data: bytes, path: str):
    """Every registered rule on a one-file Jekyll site (in-process, as a worker does)."""
    from betalint import checks, engine
    from betalint.checks import CheckContext
    from betalint.config import build_config
    from betalint.site import SiteFile

    checks.load_all()
    root = Path(_SITE.name)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    config = build_config({"select": ["ALL"]}, {})
    info = engine.SiteInfo(
        root=str(root),
        mode="jekyll",
        config={},
        site_vars={"baseurl": "", "url": ""},
        markdown_exts=frozenset([".md"]),
    )
    ctx = CheckContext(site=info, config=config)
    ctx.site_collectors = ()  # type: ignore[attr-defined]
    role = "include" if path.startswith("_includes/") else "page"
    return engine.lint_file(SiteFile(path, role), ctx)


@SETTINGS
@given(texts, st.sampled_from(["page.md", "page.html", "_includes/part.html"]))
def test_every_rule_reports_inside_the_file_and_deterministically(text, path):
    data = text.encode("utf-8", "surrogatepass")
    result = _lint(data, path)
    assert result.errors == []
    src, _problem = load_source(data)
    if src is not None:  # the file decoded: every finding lies inside its text
        lengths = _line_lengths(src.text)
        for f in result.findings:
            assert _inside(lengths, f.line, f.col), f
    else:
        for f in result.findings:
            assert f.code == "BL001" and 1 <= f.line <= data.count(b"\n") + 1
    again = _lint(data, path)
    assert [(f.code, f.line, f.col, f.args, f.variant) for f in again.findings] == [
        (f.code, f.line, f.col, f.args, f.variant) for f in result.findings
    ]


@SETTINGS
@given(texts)
def test_line_starts_are_the_offsets_after_each_newline(text):
    from betalint.elements import Document

    doc = Document("p.md", "page", "markdown", text, text, None, 0)
    assert doc.line_starts == [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for offset in range(len(text) + 1):
        line, col = doc.position(offset)
        assert doc.offset(line, col) == offset
