"""The element model: the one thing checks look at.

Markdown and HTML (and HTML inside Markdown) are all turned into a flat list of
:class:`Element`, in document order, each with its tag, attributes, classes, parent, and
the line and column where it is written in the real file. Text is kept as ordered
content pieces so a check can compute a link's or heading's text without re-parsing.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from betalint.liquid import OUTPUT, TAG, has_liquid

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Elements whose start implicitly closes an open <p> (HTML parsing rules, simplified).
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
_PLUS_ONE = (1).__add__

HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


@dataclass(slots=True)
class Element:
    """One element of a page, wherever and however it was written."""

    tag: str
    index: int
    parent: int  # index of the parent element, -1 at top level
    line: int  # 1-based line in the real file
    col: int  # 1-based column in the real file
    attrs: dict[str, str]  # as written (entities decoded); Liquid shows as sentinel chars
    origin: str = "html"  # "html" or "md" (written in Markdown syntax)
    content: list[Any] = field(default_factory=list)  # str pieces and child indices (int)
    raw: dict[str, str] | None = None  # original text (with Liquid) of attributes that have some
    data: dict[str, Any] | None = None  # extras: heading source, IAL, end position…

    # -- attributes -----------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.attrs

    def get(self, name: str, default: str | None = None) -> str | None:
        """Static value of an attribute, or `default` when absent. Dynamic values → None."""
        value = self.attrs.get(name)
        if value is None:
            return default
        if has_liquid(value):
            return None
        return value

    def is_dynamic(self, name: str) -> bool:
        value = self.attrs.get(name)
        return value is not None and has_liquid(value)

    def liquid_source(self, name: str) -> str | None:
        """The attribute value as written, Liquid included (for static resolution)."""
        if self.raw and name in self.raw:
            return self.raw[name]
        return self.attrs.get(name)

    @property
    def classes(self) -> list[str]:
        """Static class tokens (whitespace separated; Liquid tags act as separators).

        Tokens holding a ``{{ }}`` output are dynamic and left out: see :attr:`has_dynamic_class`.
        """
        value = self.attrs.get("class")
        if not value:
            return []
        if TAG in value:
            value = value.replace(TAG, " ")
        return [t for t in value.split() if OUTPUT not in t]

    @property
    def has_dynamic_class(self) -> bool:
        value = self.attrs.get("class")
        return bool(value) and OUTPUT in value

    def has_class(self, name: str) -> bool:
        return name in self.classes


@dataclass(slots=True)
class Heading:
    """A Markdown heading, with what kramdown needs to compute its id."""

    element: int  # index in Document.elements
    level: int
    source: str  # raw inline Markdown of the heading text (Liquid masked)
    explicit_id: str | None
    in_html_block: bool  # inside a markdown="1" HTML block (kramdown generator)
    dynamic: bool  # holds Liquid: id unknown


class Builder:
    """Builds the element list from start/end/text events, with simplified HTML nesting."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.stack: list[int] = []
        self.top: list[Any] = []  # top-level content

    def _content(self) -> list[Any]:
        return self.elements[self.stack[-1]].content if self.stack else self.top

    def start(
        self,
        tag: str,
        attrs: dict[str, str],
        line: int,
        col: int,
        origin: str = "html",
        raw: dict[str, str] | None = None,
        void: bool | None = None,
    ) -> Element:
        if origin == "html":
            self._implied_close(tag)
        elements, stack = self.elements, self.stack
        index = len(elements)
        # (positional: a page makes thousands of elements, and keywords cost a third more)
        el = Element(tag, index, stack[-1] if stack else -1, line, col, attrs, origin, [], raw)
        (elements[stack[-1]].content if stack else self.top).append(index)
        elements.append(el)
        if not (tag in VOID if void is None else void):
            stack.append(index)
        return el

    def _implied_close(self, tag: str) -> None:
        if not self.stack:
            return
        top = self.elements[self.stack[-1]]
        if top.origin != "html":
            return
        if (
            (top.tag == "p" and tag in _CLOSES_P)
            or (tag == "li" and top.tag == "li")
            or (tag in ("dt", "dd") and top.tag in ("dt", "dd"))
        ):
            self.stack.pop()
        elif tag in ("tr",) and top.tag in ("td", "th"):
            self.stack.pop()
            if self.stack and self.elements[self.stack[-1]].tag == "tr":
                self.stack.pop()
        elif (tag in ("td", "th") and top.tag in ("td", "th")) or (
            tag == "option" and top.tag == "option"
        ):
            self.stack.pop()

    def end(self, tag: str) -> None:
        """An HTML end tag closes the nearest open element of that name, if any."""
        for pos in range(len(self.stack) - 1, -1, -1):
            el = self.elements[self.stack[pos]]
            if el.tag == tag:
                del self.stack[pos:]
                return
            if el.origin == "md" and el.tag in ("li", "blockquote"):
                # never let a stray HTML end tag escape a Markdown container
                return

    def close(self, index: int) -> None:
        """Close a given element (Markdown closing tokens know which one they close)."""
        if index in self.stack:
            del self.stack[self.stack.index(index) :]

    def text(self, data: str) -> None:
        if data:
            self._content().append(data)


@dataclass
class Document:
    """A parsed source file: its elements and what rules need besides."""

    path: str  # POSIX, relative to the site root
    kind: str  # page | document | layout | include | static | plain
    language: str  # "markdown" or "html"
    text: str  # the real file text (BOM removed)
    masked: str  # same length, Liquid masked
    front_matter: dict[str, Any] | None
    body_offset: int
    elements: list[Element] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    liquid_tags: list[Any] = field(default_factory=list)  # LiquidTag with line/col
    options: dict[str, Any] = field(default_factory=dict)  # kramdown {::options}
    collection: str | None = None
    source: Any = None  # betalint.source.Source
    _line_starts: list[int] | None = field(default=None, repr=False)
    top: list[Any] = field(default_factory=list)

    # -- positions -------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            # each line starts one past the end of the one before (C loops, not a Python one)
            lines = self.text.split("\n")
            lines.pop()
            self._line_starts = list(accumulate(map(_PLUS_ONE, map(len, lines)), initial=0))
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the file."""
        starts = self.line_starts
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def offset(self, line: int, col: int) -> int:
        starts = self.line_starts
        if line - 1 >= len(starts):
            return len(self.text)
        return starts[line - 1] + col - 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    # -- tree helpers ----------------------------------------------------------------------
    def children(self, el: Element) -> list[Element]:
        return [self.elements[c] for c in el.content if isinstance(c, int)]

    def ancestors(self, el: Element):
        """Parents of `el`, nearest first."""
        p = el.parent
        while p != -1:
            parent = self.elements[p]
            yield parent
            p = parent.parent

    def descendants(self, el: Element):
        """Elements inside `el`, in document order (iterative: depth is not bounded by
        Python's recursion limit)."""
        stack = [iter(el.content)]
        while stack:
            for c in stack[-1]:
                if isinstance(c, int):
                    child = self.elements[c]
                    yield child
                    stack.append(iter(child.content))
                    break
            else:
                stack.pop()

    def text_of(self, el: Element, *, alt: bool = False) -> str:
        """Text content of `el` (descendants included), whitespace folded.

        With ``alt=True``, images contribute their alt text, as they do to an accessible name.
        """
        parts: list[str] = []
        self._collect_text(el, parts, alt)
        return " ".join("".join(parts).split())

    def _collect_text(self, el: Element, parts: list[str], alt: bool) -> None:
        # Iterative, like descendants(): a deep tree must not overflow the stack.
        stack = [iter(el.content)] if self._text_enters(el, parts, alt) else []
        while stack:
            for c in stack[-1]:
                if isinstance(c, int):
                    child = self.elements[c]
                    if child.tag in ("br", "hr", "p", "div", "li"):
                        parts.append(" ")
                    if self._text_enters(child, parts, alt):
                        stack.append(iter(child.content))
                        break
                else:
                    parts.append(c)
            else:
                stack.pop()

    @staticmethod
    def _text_enters(el: Element, parts: list[str], alt: bool) -> bool:
        """Whether the text of `el` comes from its content (an image gives its alt)."""
        if alt and el.tag == "img":
            value = el.attrs.get("alt")
            if value:
                parts.append(f" {value} ")
            return False
        return el.tag not in ("script", "style", "template")

    def by_tag(self, *tags: str) -> list[Element]:
        want = set(tags)
        return [e for e in self.elements if e.tag in want]
