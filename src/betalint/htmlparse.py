"""HTML tokenising with exact positions, into the element builder.

Python's own :mod:`html.parser` is used rather than lxml because it reports the line *and
column* of every start tag (lxml only knows lines), copes with any broken markup without
raising, and streams events straight into :class:`~betalint.elements.Builder` without
building a tree we would walk again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html.parser import HTMLParser

from betalint.elements import Builder
from betalint.liquid import SENTINELS

# Attribute syntax as html.parser accepts it; used only to map a masked attribute value
# back to the original text (same offsets) when it holds Liquid.
_ATTR = re.compile(
    r"""(?P<name>[^\s/>=][^\s/>=]*)\s*(?:=\s*(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|(?P<uq>[^\s>]*)))?"""
)
_BAD_MARKED_SECTION = re.compile(r"<!\[(?![A-Za-z])")
#: Deepest element nesting kept; deeper start tags are parsed but attached at this depth
#: so pathological input (10,000 nested divs) cannot make later walks recursive-deep.
MAX_DEPTH = 256


class _Parser(HTMLParser):
    def __init__(self, feeder: HtmlFeeder) -> None:
        super().__init__(convert_charrefs=True)
        self.feeder = feeder

    def handle_starttag(self, tag, attrs):
        self.feeder._start(self, tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self.feeder._start(self, tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        self.feeder.builder.end(tag)

    def handle_data(self, data):
        self.feeder.builder.text(data)


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
        if "<![" in chunk:
            # html.parser raises on `<![` not followed by a name (CPython's _markupbase
            # asserts); browsers read it as a bogus comment. Same length keeps positions.
            chunk = _BAD_MARKED_SECTION.sub(" ![", chunk)
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
            p.close()
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
