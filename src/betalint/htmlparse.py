"""HTML tokenising with exact positions, into the element builder.

Python's own :mod:`html.parser` is used rather than lxml because it reports the line *and
column* of every start tag (lxml only knows lines), copes with any broken markup without
raising, and streams events straight into :class:`~betalint.elements.Builder` without
building a tree we would walk again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import unescape
from html.parser import HTMLParser

from betalint.elements import Builder
from betalint.liquid import SENTINELS

# Attribute syntax as html.parser accepts it; used only to map a masked attribute value
# back to the original text (same offsets) when it holds Liquid.
_ATTR = re.compile(
    r"""(?P<name>[^\s/>=][^\s/>=]*)\s*(?:=\s*(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|(?P<uq>[^\s>]*)))?"""
)
#: Deepest element nesting kept; deeper start tags are parsed but attached at this depth
#: so pathological input (10,000 nested divs) cannot make later walks recursive-deep.
MAX_DEPTH = 256
#: Elements whose content is text, not markup (HTML "escapable raw text" elements);
#: html.parser itself only knows <script> and <style>.
_RCDATA = frozenset(("textarea", "title"))


class _Parser(HTMLParser):
    def __init__(self, feeder: HtmlFeeder) -> None:
        super().__init__(convert_charrefs=True)
        self.feeder = feeder

    def handle_starttag(self, tag, attrs):
        self.feeder._start(self, tag, attrs, self_closing=False)
        if tag in _RCDATA and self.cdata_elem is None:
            # Browsers read what a <textarea> or <title> holds as text up to its end tag:
            # `<textarea><div class="x"></textarea>` shows markup, it makes no element.
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag, attrs):
        self.feeder._start(self, tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        self.feeder.builder.end(tag)

    def handle_data(self, data):
        self.feeder.builder.text(data)

    def parse_marked_section(self, i, report=1):
        # html.parser raises AssertionError on `<![ x>` or an unknown keyword (`<![foo[`);
        # browsers read any `<![…` in HTML content as a bogus comment up to `>`.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            gt = self.rawdata.find(">", i + 3)
            return -1 if gt == -1 else gt + 1


def _finish(p: HTMLParser) -> None:
    """End of input: what ``HTMLParser.close()`` does with the unparsed tail, in linear time.

    ``feed()`` stops at the first construct it cannot complete (a tag without ``>``, a
    comment without ``-->``…) and keeps the rest. ``close()`` then turns that construct into
    text up to the next ``>`` and parses on, but first searches the whole rest of the input
    for the construct's end, once per unclosed construct: 20,000 lines of ``<a `` took
    minutes (CPython's html.parser before its 2025 fixes). Here the search is not repeated:
    a tail with no ``>`` left holds no tag, so it is text; a comment never closed runs to
    the end of the input, as in browsers; an unclosed ``<script>`` or ``<style>`` keeps its
    content out of the text, as ``close()`` does.
    """
    while p.rawdata:
        tail = p.rawdata
        if p.cdata_elem or tail.startswith("<!--"):
            break
        gt = tail.find(">")
        if gt == -1:
            p.handle_data(unescape(tail))
            break
        p.handle_data(unescape(tail[: gt + 1]))
        p.updatepos(0, gt + 1)
        rest = tail[gt + 1 :]
        if tail.startswith("<!["):
            # No `]>` closes a marked section from here on: later ones are bogus comments
            # up to `>` (as in browsers), not a search of the rest of the input each.
            rest = rest.replace("<![", "<!x")
        p.rawdata = rest
        p.goahead(False)
    p.rawdata = ""


class HtmlFeeder:
    """Feeds slices of a (masked) document to one reusable parser, positions kept absolute."""

    def __init__(self, builder: Builder, text: str, masked: str, line_starts: list[int]) -> None:
        self.builder = builder
        self.text = text
        self.masked = masked
        self.line_starts = line_starts
        self.parser = _Parser(self)
        self._base = 0
        self._base_line = 1
        self._base_col = 0
        self._chunk_starts: list[int] = [0]

    def close(self) -> None:
        """Drop the parser (it points back at this feeder): without this cycle, what a
        document built is freed as soon as it is done with, no garbage collection needed."""
        self.parser.feeder = None  # type: ignore[assignment]

    def feed(self, start: int, end: int) -> None:
        """Parse ``masked[start:end]``; tags left open stay open in the builder."""
        if start >= end:
            return
        self._base = start
        line = bisect_right(self.line_starts, start)
        self._base_line = line
        self._base_col = start - self.line_starts[line - 1]
        chunk = self.masked[start:end]
        starts = [0]
        i = chunk.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = chunk.find("\n", i + 1)
        self._chunk_starts = starts
        p = self.parser
        p.reset()
        try:
            p.feed(chunk)
            _finish(p)
        except AssertionError:
            # any other input html.parser cannot cope with: keep what was parsed
            p.reset()

    def _start(self, p: _Parser, tag: str, attrs, self_closing: bool) -> None:
        cline, ccol = p.getpos()
        line = self._base_line + cline - 1
        col = ccol + (self._base_col if cline == 1 else 0) + 1
        values: dict[str, str] = {}
        liquid = False
        for name, value in attrs:
            if any(s in name for s in SENTINELS):
                # `{% if x %}aria-current="page"{% endif %}`: the attribute is written,
                # only conditionally; a name that is all Liquid (`{{ attrs }}`) is unknown.
                name = name.strip(SENTINELS)
                if not name or any(s in name for s in SENTINELS):
                    continue
            if value is None:
                value = ""
            elif not liquid and any(s in value for s in SENTINELS):
                liquid = True
            if name not in values:  # first one wins, as in browsers
                values[name] = value
        raw = None
        if liquid:
            offset = self._base + self._chunk_starts[cline - 1] + ccol
            raw = self._raw_attrs(offset, p.get_starttag_text() or "")
        b = self.builder
        # Past MAX_DEPTH the element is kept but not nested deeper.
        void = True if self_closing or len(b.stack) >= MAX_DEPTH else None
        b.start(tag, values, line, col, "html", raw, void=void)

    def _raw_attrs(self, offset: int, tag_text: str) -> dict[str, str]:
        """Original (unmasked) text of the attribute values of the tag at `offset`."""
        original = self.text[offset : offset + len(tag_text)]
        raw: dict[str, str] = {}
        m0 = re.match(r"<[^\s/>]+", tag_text)
        pos = m0.end() if m0 else 0
        for m in _ATTR.finditer(tag_text, pos):
            name = m.group("name").lower()
            for g in ("dq", "sq", "uq"):
                if m.group(g) is not None:
                    s, e = m.span(g)
                    if name not in raw and any(c in tag_text[s:e] for c in SENTINELS):
                        raw[name] = original[s:e]
                    break
        return raw
