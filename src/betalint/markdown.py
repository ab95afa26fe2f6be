"""Markdown (as kramdown reads it) into the element model, with real file positions.

markdown-it-py does the tokenising: it is fast, CommonMark-exact and gives line maps.
kramdown differs from CommonMark in ways that change what a page contains, so three
kramdown behaviours are applied around it:

* **Block HTML.** A line starting (up to 3 spaces) with a non-span HTML start tag opens a
  raw HTML block that runs to the *matching end tag*, blank lines included, and its content
  is not Markdown unless the tag carries ``markdown="1"`` (or ``block``/``span``). Those
  regions are found first, blanked in the text given to markdown-it, and fed to the HTML
  parser at their real offsets.
* **IALs and extensions.** ``{: .class #id key="v"}`` on its own line applies to the block
  before it (or after it, past a blank line); right after a link or image it applies to
  that element. ``{::options … /}``, ``{::comment}``/``{::nomarkdown}`` are understood.
* **Headings.** ``## Title {#id}`` sets an explicit id; an ATX heading indented by 1–3
  spaces is a paragraph in kramdown.

Inline positions: markdown-it only maps block lines, so the inline rules that create
elements (links, images, autolinks, inline HTML, code) are wrapped to record where in the
inline text they matched, which is then mapped back to a file line and column.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from betalint.elements import Builder, Document, Heading
from betalint.htmlparse import HtmlFeeder
from betalint.liquid import SENTINELS

# --- kramdown block HTML -------------------------------------------------------------------

# kramdown's span-level elements: at the start of a line they begin a paragraph, not a block.
SPAN_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "big",
        "bdo",
        "br",
        "button",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "option",
        "q",
        "rb",
        "rbc",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "samp",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "textarea",
        "tt",
        "var",
    ]
)
NO_BODY = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "command",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_NAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
# kramdown only recognises tags whose attribute values are quoted. Matched piecewise by
# _match_tag: one regex with `(["']).*?\3` backtracks exponentially on a tag that is never
# closed (22 attributes: seconds) and rescans the file for every unclosed quote.
_TAG_OPEN = re.compile(rf"<({_NAME})")
_TAG_ATTR = re.compile(rf"""\s+{_NAME}\s*=\s*(["'])""")
_TAG_END = re.compile(r"\s*(/)?>")
_CLOSE = re.compile(rf"</({_NAME})\s*>")
_BLOCK_START = re.compile(rf"^ {{0,3}}<(?:({_NAME})|!--|/({_NAME}))", re.M)
_RAW_NEXT = re.compile(rf"<(?:{_NAME}|/|!--)")
_MARKDOWN_ATTR = re.compile(r"""\smarkdown\s*=\s*(["'])(.*?)\1""", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

# --- IALs -------------------------------------------------------------------------------

_BLOCK_IAL = re.compile(r"^ {0,3}\{:(?!:)(?:(\w[\w-]*):)?([^}\n]*)\}[ \t]*$", re.M)
_EXTENSION = re.compile(r"\{::(\w+)([^}]*?)(/)?\}")
_IAL_TOKEN = re.compile(
    r"""\.([^\s.#{}=]+)|#([A-Za-z][\w:-]*)|([\w-]+)=(?:"([^"]*)"|'([^']*)')|(\S+)"""
)
_SPAN_IAL = re.compile(r"^\{:(?!:)([^}\n]*)\}")
# An ATX heading line without text: the opening #s, then maybe a closing-like run of #s.
_EMPTY_ATX = re.compile(r"(#{1,6})(?:[ \t]+(#+))?[ \t]*$")
# The lookbehind makes a run of blanks be tried once, not from each of its characters.
_HEADER_ID = re.compile(r"(?<![ \t])[ \t]+\{#([A-Za-z_:][\w.:\u00b7\u00c0-\uffff-]*)\}[ \t]*$")


def parse_ial(text: str) -> dict[str, Any]:
    """Parse the inside of ``{: …}``: classes, id and attributes (``ref`` names ignored)."""
    classes: list[str] = []
    attrs: dict[str, str] = {}
    for m in _IAL_TOKEN.finditer(text):
        if m.group(1):
            classes.append(m.group(1))
        elif m.group(2):
            attrs["id"] = m.group(2)
        elif m.group(3):
            attrs[m.group(3)] = m.group(4) if m.group(4) is not None else (m.group(5) or "")
    return {"classes": classes, "attrs": attrs}


def _apply_ial(el, ial: dict[str, Any]) -> None:
    for k, v in ial["attrs"].items():
        if k == "class":
            ial["classes"].extend(v.split())
        else:
            el.attrs[k] = v
    if ial["classes"]:
        existing = el.attrs.get("class", "")
        el.attrs["class"] = (existing + " " + " ".join(ial["classes"])).strip()
    el.data = dict(el.data or {})
    el.data["ial"] = True
    if "at" in ial:
        el.data["ial_at"] = ial["at"]  # offset of a block IAL's `{:` in the file


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans replaced by spaces (newlines kept, so lines stay true)."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def find_html_blocks(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of `text` (from `start`) that kramdown reads as block-level HTML.

    For a ``markdown="1"`` element only its start tag and its end tag are spans: what lies
    between is Markdown.
    """
    spans: list[tuple[int, int]] = []
    open_md: list[str] = []  # tags of markdown="1" elements still open
    quotes: dict[str, tuple[int, int]] = {}  # see _match_tag
    pos = start
    n = len(text)
    fence: str | None = None
    while pos < n:
        line_end = text.find("\n", pos)
        line_end = n if line_end == -1 else line_end
        line = text[pos:line_end]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            pos = line_end + 1
            continue
        fm = _FENCE.match(line)
        if fm:
            fence = fm.group(1)
            pos = line_end + 1
            continue
        m = _BLOCK_START.match(text, pos)
        if m is None or m.start() != pos:
            pos = line_end + 1
            continue
        tag_at = text.index("<", pos)
        if text.startswith("<!--", tag_at):
            close = text.find("-->", tag_at + 4)
            end = n if close == -1 else close + 3
            end = _line_end(text, end)
            spans.append((tag_at, end))
            pos = end + 1
            continue
        if m.group(2):  # a closing tag at line start
            name = m.group(2).lower()
            cm = _CLOSE.match(text, tag_at)
            if cm and open_md and open_md[-1] == name:
                open_md.pop()
                end = _line_end(text, cm.end())
                spans.append((tag_at, end))
                pos = end + 1
                continue
            pos = line_end + 1
            continue
        name = m.group(1)
        if name.lower() in SPAN_ELEMENTS:
            pos = line_end + 1
            continue
        tm = _match_tag(text, tag_at, quotes)
        if tm is None:
            pos = line_end + 1
            continue
        lname = name.lower()
        closed = tm.self_closing or lname in NO_BODY
        mdm = _MARKDOWN_ATTR.search(tm.attrs)
        model = mdm.group(2) if mdm else None
        if not closed and model in ("1", "block", "span"):
            end = tm.end
            spans.append((tag_at, end))
            open_md.append(lname)
            pos = end
            # the rest of the line after the start tag is Markdown (kramdown skips blanks)
            if text[pos:line_end].strip() == "":
                pos = line_end + 1
            continue
        if closed:
            end = _line_end(text, tm.end)
            spans.append((tag_at, end))
            pos = end + 1
            continue
        end = _raw_html_end(text, tm.end, lname, quotes)
        end = _line_end(text, end)
        spans.append((tag_at, end))
        pos = end + 1
    return spans


class _StartTag(NamedTuple):
    name: str
    attrs: str  # the attributes as written
    self_closing: bool
    end: int


def _match_tag(text: str, pos: int, quotes: dict[str, tuple[int, int]]) -> _StartTag | None:
    """The start tag at `pos` as kramdown reads it (quoted values only), or None.

    `quotes` remembers where the next quote of each kind was found, so that a file with
    thousands of unclosed quotes is searched once, not once per tag.
    """
    m = _TAG_OPEN.match(text, pos)
    if m is None:
        return None
    i = m.end()
    while (a := _TAG_ATTR.match(text, i)) is not None:
        q = a.group(1)
        frm, at = quotes.get(q, (-1, 0))
        if frm == -1 or a.end() < frm or (at != -1 and at < a.end()):
            at = text.find(q, a.end())
            quotes[q] = (a.end(), at)
        if at == -1:
            return None
        i = at + 1
    e = _TAG_END.match(text, i)
    if e is None:
        return None
    return _StartTag(m.group(1), text[m.end() : i], bool(e.group(1)), e.end())


def _line_end(text: str, pos: int) -> int:
    """Extend a span over trailing blanks to the end of its line (kramdown's TRAILING_WHITESPACE)."""
    nl = text.find("\n", pos)
    nl = len(text) if nl == -1 else nl
    return nl if not text[pos:nl].strip() else pos


def _raw_html_end(
    text: str, pos: int, name: str, quotes: dict[str, tuple[int, int]] | None = None
) -> int:
    """Offset after the end tag matching an open raw HTML element (kramdown's stack rules)."""
    quotes = {} if quotes is None else quotes
    stack = [name]
    n = len(text)
    if name == "script":
        close = re.compile(r"</script\s*>", re.I).search(text, pos)
        return n if close is None else close.end()
    while stack:
        m = _RAW_NEXT.search(text, pos)
        if m is None:
            return n  # no end tag: kramdown auto-closes at the end of the document
        at = m.start()
        if text.startswith("<!--", at):
            close = text.find("-->", at + 4)
            pos = n if close == -1 else close + 3
            continue
        cm = _CLOSE.match(text, at)
        if cm:
            if cm.group(1).lower() == stack[-1]:
                stack.pop()
            pos = cm.end()
            continue
        tm = _match_tag(text, at, quotes)
        if tm:
            tname = tm.name.lower()
            if tname == "script":
                close = re.compile(r"</script\s*>", re.I).search(text, tm.end)
                pos = n if close is None else close.end()
                continue
            if not tm.self_closing and tname not in NO_BODY:
                stack.append(tname)
            pos = tm.end
            continue
        pos = at + 1
    return pos


# --- markdown-it setup --------------------------------------------------------------------

_POSITIONED = frozenset(("link_open", "image", "html_inline", "code_inline", "footnote_ref"))


#: The character each wrapped inline rule starts with: each rule returns False anywhere
#: else, making no token, so the wrapper need not call it (it is tried at every Markdown
#: marker of every paragraph). (footnote_ref first notes in the parse's env that there
#: are no footnotes: the footnote tail gives the same tokens without that note.)
_TRIGGERS = {
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "backticks": "`",
    "footnote_ref": "[",
}


def _positioned(fn, trigger: str):
    """Wrap an inline rule so tokens it creates remember where they matched."""

    def rule(state, silent):
        if state.src[state.pos : state.pos + 1] != trigger:
            return False
        if silent:
            return fn(state, silent)
        start = state.pos
        first = len(state.tokens)
        if not fn(state, silent):
            return False
        end = state.pos
        for tok in state.tokens[first:]:
            if tok.type in _POSITIONED and (tok.meta is None or "pos" not in tok.meta):
                meta = dict(tok.meta) if tok.meta else {}
                meta["pos"] = (start, end)
                tok.meta = meta
        return True

    rule.__wrapped__ = fn  # type: ignore[attr-defined]  # (the tests compare with it)
    return rule


#: Syntaxes whose rules run only for a document that may use them: each test is true of
#: any text holding the syntax, and a parser without the rules gives a text without it the
#: same tokens, quicker (a block rule is tried at every line, an inline one at every
#: marker). Deflist markers follow only blanks or blockquote markers: a definition sits
#: in the container of its term, which a list marker on the same line would end.
#: (Each test first looks for a character the syntax needs, which is quick: a test is made
#: on every document, and most hold none of these syntaxes. A definition marker is at the
#: start of the text or of a line: the line's search starts at its newline, found as
#: quickly.)
_DEFLIST_FIRST = re.compile(r"[ \t>]*[:~]")
_DEFLIST_LINE = re.compile(r"\n[ \t>]*[:~]")
_OPTIONAL: tuple[tuple[str, Any], ...] = (
    ("table", lambda text: "|" in text),
    ("strikethrough", lambda text: "~" in text and "~~" in text),
    ("footnote", lambda text: "^" in text and ("[^" in text or "^[" in text)),
    (
        "deflist",
        lambda text: (
            ("~" in text or ":" in text)
            and (_DEFLIST_FIRST.match(text) or _DEFLIST_LINE.search(text)) is not None
        ),
    ),
)
_ALL = frozenset(name for name, _ in _OPTIONAL)


def _make_parser(features: frozenset[str] = _ALL) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.enable([name for name in ("table", "strikethrough") if name in features])
    md.disable("html_block")  # kramdown's block HTML is handled before markdown-it runs
    if "footnote" in features:
        md.use(footnote_plugin)
    if "deflist" in features:
        md.use(deflist_plugin)
    for rule in md.inline.ruler.__rules__:
        if rule.name in _TRIGGERS:
            md.inline.ruler.at(rule.name, _positioned(rule.fn, _TRIGGERS[rule.name]))
    # Keep destinations exactly as written (no percent-encoding, no scheme filtering):
    # the link rules decide what is internal, and Liquid sentinels must survive.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_PARSERS: dict[frozenset[str], MarkdownIt] = {}


def parser(text: str | None = None) -> MarkdownIt:
    """The parser for `text`: with the rules of the optional syntaxes it may hold (all of
    them when no text is given). One per set of syntaxes, made when first needed."""
    features = _ALL if text is None else frozenset(n for n, test in _OPTIONAL if test(text))
    md = _PARSERS.get(features)
    if md is None:
        md = _PARSERS[features] = _make_parser(features)
    return md


# --- building ------------------------------------------------------------------------

_BLOCK_TAGS = {
    "paragraph_open": "p",
    "bullet_list_open": "ul",
    "ordered_list_open": "ol",
    "list_item_open": "li",
    "blockquote_open": "blockquote",
    "table_open": "table",
    "thead_open": "thead",
    "tbody_open": "tbody",
    "tr_open": "tr",
    "th_open": "th",
    "td_open": "td",
    "dl_open": "dl",
    "dt_open": "dt",
    "dd_open": "dd",
    "footnote_block_open": "section",
    "footnote_open": "li",
}


_BLOCK_CLOSE = frozenset(k[:-5] + "_close" for k in _BLOCK_TAGS)


class _InlineMap:
    """Maps offsets in an inline token's content to file offsets."""

    __slots__ = ("content", "line_bases", "starts")

    def __init__(self, content: str, first_line: int, doc_text: str, line_starts: list[int]):
        self.content = content
        starts = [0]
        i = content.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = content.find("\n", i + 1)
        self.starts = starts
        bases = []
        nlines = len(line_starts)
        for k, s in enumerate(starts):
            e = starts[k + 1] - 1 if k + 1 < len(starts) else len(content)
            cline = content[s:e].rstrip()
            li = first_line + k
            if li >= nlines:
                bases.append(len(doc_text))
                continue
            ls = line_starts[li]
            le = line_starts[li + 1] - 1 if li + 1 < nlines else len(doc_text)
            sline = doc_text[ls:le].rstrip()
            if cline and sline.endswith(cline):
                bases.append(ls + len(sline) - len(cline))
            else:
                f = sline.find(cline[:40]) if cline else -1
                bases.append(ls + max(f, len(sline) - len(sline.lstrip())))
        self.line_bases = bases

    def file_offset(self, pos: int) -> int:
        k = bisect_right(self.starts, pos) - 1
        return self.line_bases[k] + pos - self.starts[k]


def _unescape_md(s: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)


#: What CommonMark counts as blank (spaces, tabs, line ends); Python's own ``strip``
#: would also remove characters that markdown-it makes a paragraph of (NBSP, form feed…).
_BLANK = " \t\r\n"


def parse_markdown(doc: Document) -> None:
    """Fill `doc.elements` and `doc.headings` from its masked Markdown body."""
    masked = doc.masked
    body_start = doc.body_offset
    if not masked[body_start:].strip(_BLANK):
        # Nothing after the front matter (half the files of beta.gouv.fr: data-only
        # documents): markdown-it would make no token of it, so nothing to set up.
        return
    blanks: list[tuple[int, int]] = []  # spans of `masked` markdown-it must not see

    # kramdown extensions and block IALs
    block_ials: dict[int, dict[str, Any]] = {}  # line index (0-based) -> ial
    if "{:" in masked:
        # Past the last `}` no extension can close: stop there rather than let every
        # unclosed `{::` scan to the end of the file.
        last_brace = masked.rfind("}") + 1
        blanked = 0  # end of the last comment blanked: what lies inside is not an extension
        for m in _EXTENSION.finditer(masked, body_start, max(body_start, last_brace)):
            if m.start() < blanked:
                continue
            name = m.group(1)
            if name == "options":
                for k, v in re.findall(r"""(\w+)=["']([^"']*)["']""", m.group(2)):
                    doc.options[k] = v
                blanks.append((m.start(), m.end()))
            elif name in ("comment", "nomarkdown") and not m.group(3):
                close = masked.find("{:/" + name + "}", m.end())
                if close == -1:
                    close = masked.find("{:/}", m.end())
                stop = len(masked) if close == -1 else masked.find("}", close) + 1
                blanks.append((m.start(), stop))
                blanked = stop
            else:
                blanks.append((m.start(), m.end()))
        line, counted = 0, 0  # newlines counted up to `counted`, incrementally
        for m in _BLOCK_IAL.finditer(masked, body_start):
            line += masked.count("\n", counted, m.start())
            counted = m.start()
            blanks.append((m.start(), m.end()))
            if m.group(1):  # attribute list definition {:name: …}
                continue
            content = m.group(2).strip()
            if content == "toc" or content.startswith("toc "):
                doc.options["toc"] = True
            else:
                block_ials[line] = parse_ial(content)
                block_ials[line]["at"] = m.start()  # where the IAL is written

    text = _blanked(masked, blanks) if blanks else masked
    spans = find_html_blocks(text, body_start) if "<" in masked else []
    if spans:
        text = _blanked(text, spans)
    # Only the body goes to markdown-it (front matter is most of many files); token line
    # maps are shifted back to file lines below.
    md_text = text[body_start:]
    line_shift = masked.count("\n", 0, body_start)

    tokens = parser(md_text).parse(md_text, {})
    if line_shift:
        for tok in tokens:
            if tok.map is not None:
                tok.map = [tok.map[0] + line_shift, tok.map[1] + line_shift]
    builder = Builder()
    feeder = HtmlFeeder(builder, doc.text, masked, doc.line_starts)
    line_starts = doc.line_starts
    span_i = 0
    open_md: list[int] = []
    block_elems: list[tuple[int, int, int]] = []  # (start line, end line, element index)
    html_block_depth = 0

    def flush(upto_line: int | None) -> None:
        nonlocal span_i, html_block_depth
        while span_i < len(spans):
            s, e = spans[span_i]
            if upto_line is not None and _line_of(line_starts, s) >= upto_line:
                return
            depth_before = len(builder.stack)
            feeder.feed(s, e)
            html_block_depth += len(builder.stack) - depth_before
            span_i += 1

    n_spans = len(spans)
    for ti, tok in enumerate(tokens):
        if span_i < n_spans and tok.map is not None and tok.nesting >= 0:
            flush(tok.map[0])
        t = tok.type
        if t == "inline":
            _inline(doc, builder, feeder, tok, masked, line_starts)
            continue
        if t == "heading_open":
            line0 = tok.map[0]
            ls = line_starts[line0]
            le = line_starts[line0 + 1] - 1 if line0 + 1 < len(line_starts) else len(masked)
            src_line = masked[ls:le]
            indent = len(src_line) - len(src_line.lstrip(" "))
            tag = tok.tag
            empty_atx = None
            if tok.markup.startswith("#"):
                if indent > 0:
                    tag = "p"  # kramdown: an indented ATX heading is a paragraph
                nxt = tokens[ti + 1] if ti + 1 < len(tokens) else None
                if nxt is not None and nxt.type == "inline" and not nxt.content.strip():
                    em = _EMPTY_ATX.search(src_line)
                    if em and not em.group(2):
                        # kramdown needs text after the #s: `##` alone is a paragraph "##"
                        tag = "p"
                        empty_atx = em.group(1)
                    elif em:
                        # `## #`: kramdown keeps the trailing #s as the heading's text
                        empty_atx = em.group(2)
            el = builder.start(tag, {}, line0 + 1, indent + 1, "md", void=False)
            el.data = {"map": tuple(tok.map)}
            if empty_atx:
                builder.text(empty_atx)
            open_md.append(el.index)
            block_elems.append((tok.map[0], tok.map[1], el.index))
            continue
        if t == "heading_close":
            idx = open_md.pop() if open_md else None
            if idx is not None:
                builder.close(idx)
            continue
        if t in _BLOCK_TAGS:
            attrs = {}
            if t == "ordered_list_open" and tok.attrs.get("start"):
                attrs["start"] = str(tok.attrs["start"])
            if t == "footnote_open":
                label = tok.meta.get("label") if tok.meta else None
                if label is not None:
                    attrs["id"] = f"fn:{label}"
            line = tok.map[0] + 1 if tok.map else _last_line(builder)
            col = _indent_col(masked, line_starts, line) if tok.map else 1
            el = builder.start(_BLOCK_TAGS[t], attrs, line, col, "md", void=False)
            if tok.map:
                el.data = {"map": tuple(tok.map)}
                block_elems.append((tok.map[0], tok.map[1], el.index))
            if html_block_depth:
                el.data = dict(el.data or {})
                el.data["in_html"] = True
            open_md.append(el.index)
            continue
        if t in _BLOCK_CLOSE:
            idx = open_md.pop() if open_md else None
            if idx is not None:
                builder.close(idx)
            continue
        if t in ("fence", "code_block"):
            line = tok.map[0] + 1
            el = builder.start(
                "pre", {}, line, _indent_col(masked, line_starts, line), "md", void=False
            )
            code = builder.start("code", {}, line, el.col, "md", void=False)
            info = tok.info.split()  # markdown-it keeps the blanks: "``` " gives " "
            if info:
                code.attrs["class"] = "language-" + info[0]
            builder.text(tok.content)
            builder.close(el.index)
            continue
        if t == "hr":
            line = tok.map[0] + 1
            builder.start("hr", {}, line, _indent_col(masked, line_starts, line), "md")
            continue
    flush(None)
    feeder.close()

    doc.elements = builder.elements
    doc.top = builder.top

    # headings: explicit ids, sources for kramdown ids
    for el in doc.elements:
        if el.origin == "md" and el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and el.data:
            src = el.data.pop("source", "")
            explicit = None
            hm = _HEADER_ID.search(src)
            if hm:
                explicit = hm.group(1)
                src = src[: hm.start()]
                el.attrs["id"] = explicit
                _strip_header_id(doc, el)
            in_html = any(a.origin == "html" for a in doc.ancestors(el))
            doc.headings.append(
                Heading(
                    element=el.index,
                    level=int(el.tag[1]),
                    source=src,
                    explicit_id=explicit,
                    in_html_block=in_html,
                    dynamic=any(c in src for c in SENTINELS),
                )
            )

    # Block IALs (kramdown): an IAL line right after a block applies to it (the outermost
    # block ending there); otherwise to the block starting on the next line.
    by_end: dict[int, list[tuple[int, int]]] = {}
    by_start: dict[int, list[tuple[int, int]]] = {}
    if block_ials:
        for s, e, idx in block_elems:
            by_end.setdefault(e, []).append((s, idx))
            by_start.setdefault(s, []).append((s, idx))
    for line, ial in sorted(block_ials.items()):
        ending = by_end.get(line, [])
        starting = by_start.get(line + 1, [])
        chosen = min(ending) if ending else (min(starting) if starting else None)
        if chosen is None:
            continue
        el = doc.elements[chosen[1]]
        _apply_ial(el, ial)
        if "id" in ial["attrs"]:
            for h in doc.headings:
                if h.element == el.index:
                    h.explicit_id = ial["attrs"]["id"]


def _strip_header_id(doc: Document, el) -> None:
    """Remove the ``{#id}`` text from the heading's content pieces."""
    for i in range(len(el.content) - 1, -1, -1):
        c = el.content[i]
        if isinstance(c, str):
            el.content[i] = _HEADER_ID.sub("", c)
            break


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset) - 1


def _indent_col(text: str, line_starts: list[int], line: int) -> int:
    if line - 1 >= len(line_starts):
        return 1
    s = line_starts[line - 1]
    e = text.find("\n", s)
    e = len(text) if e == -1 else e
    seg = text[s:e]
    stripped = seg.lstrip(" \t>")
    # skip list markers so a paragraph in a list item points at its text
    return len(seg) - len(stripped) + 1


def _last_line(builder: Builder) -> int:
    return builder.elements[-1].line if builder.elements else 1


def _inline(
    doc: Document, builder: Builder, feeder: HtmlFeeder, tok: Token, masked: str, line_starts
) -> None:
    parent = builder.elements[builder.stack[-1]] if builder.stack else None
    if (
        parent is not None
        and parent.origin == "md"
        and parent.tag[:1] == "h"
        and parent.tag[1:].isdigit()
    ):
        parent.data = dict(parent.data or {})
        parent.data["source"] = tok.content
    children = tok.children or []
    if not children:
        return
    imap: _InlineMap | None = None

    def pos_of(child: Token) -> tuple[int, int, int]:
        nonlocal imap
        if imap is None:
            imap = _InlineMap(tok.content, tok.map[0] if tok.map else 0, masked, line_starts)
        start = child.meta["pos"][0] if child.meta and "pos" in child.meta else 0
        off = imap.file_offset(start)
        line, col = doc.position(off)
        return off, line, col

    open_links: list[int] = []
    last_el = None
    i = 0
    n = len(children)
    while i < n:
        c = children[i]
        t = c.type
        if t == "text":
            content = c.content
            if last_el is not None and content.startswith("{:"):
                m = _SPAN_IAL.match(content)
                if m:
                    _apply_ial(last_el, parse_ial(m.group(1)))
                    content = content[m.end() :]
            builder.text(content)
            last_el = None
        elif t == "link_open":
            off, line, col = pos_of(c)
            attrs = {k: str(v) for k, v in c.attrs.items()}
            raw = _raw_for(attrs, ("href", "title"), masked, doc.text, off)
            el = builder.start("a", attrs, line, col, "md", raw=raw, void=False)
            if c.markup == "autolink":
                el.data = {"autolink": True}
            open_links.append(el.index)
            last_el = None
        elif t == "link_close":
            if open_links:
                idx = open_links.pop()
                builder.close(idx)
                last_el = builder.elements[idx]
        elif t == "image":
            off, line, col = pos_of(c)
            attrs = {k: str(v) for k, v in c.attrs.items()}
            # kramdown writes the alt with backslash escapes removed and character references
            # kept, so the browser decodes them: `![L&#39;équipe](x)` is alt "L'équipe".
            attrs["alt"] = html.unescape(_unescape_md(c.content))
            raw = _raw_for(attrs, ("src", "title", "alt"), masked, doc.text, off)
            el = builder.start("img", attrs, line, col, "md", raw=raw)
            last_el = el
        elif t == "html_inline":
            off, _line, _col = pos_of(c)
            feeder.feed(off, off + len(c.content))
            last_el = None
        elif t == "code_inline":
            off, line, col = pos_of(c)
            el = builder.start("code", {}, line, col, "md", void=False)
            builder.text(c.content)
            builder.close(el.index)
            last_el = None
        elif t in ("softbreak",) or t == "hardbreak":
            builder.text("\n")
        elif t == "footnote_ref":
            off, line, col = pos_of(c)
            label = c.meta.get("label") if c.meta else None
            sub = c.meta.get("subId", 0) if c.meta else 0
            ref_id = f"fnref:{label}" + (f":{sub}" if sub else "")
            el = builder.start("sup", {"id": ref_id}, line, col, "md", void=False)
            a = builder.start(
                "a", {"href": f"#fn:{label}", "class": "footnote"}, line, col, "md", void=False
            )
            builder.text(str((c.meta or {}).get("id", 0) + 1))
            builder.close(a.index)
            builder.close(el.index)
        i += 1
    # inline elements left open inside this inline token are closed with it
    for idx in open_links:
        builder.close(idx)


def _raw_for(
    attrs: dict[str, str], names, masked: str, text: str, near: int
) -> dict[str, str] | None:
    """Original text (with Liquid) of masked attribute values, found at the same offsets."""
    raw = None
    for name in names:
        value = attrs.get(name)
        if not value or not any(s in value for s in SENTINELS):
            continue
        at = masked.find(value, near)
        if at == -1:
            at = masked.find(value)
        if at != -1:
            raw = raw or {}
            raw[name] = text[at : at + len(value)]
    return raw
