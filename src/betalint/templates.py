"""Liquid templates, statically: what a rendered page is made of.

Heading and id rules need to see a page as a visitor gets it: the page's content inside its
layout chain, with the includes the layouts and the content call. Jekyll is never run;
instead each file's *template events* (headings, includes, ``{{ content }}``, ``{% link %}``
tags) are collected per file (:func:`collect_outline`, in the worker processes) and the page
is put together in the main process (:class:`Templates`).

Liquid control flow is followed as far as it can be known without running Jekyll: each
event carries its **guard**, the conditions of the ``if``/``elsif``/``else``/``unless``
branches around it. Guards are evaluated against the page's front matter (with the site's
``defaults``), the include parameters and the site configuration, in Liquid's three-valued
way: true, false, or unknown (anything assigned, looped, or computed by Jekyll). Loops,
``case`` and ``capture`` make their content unknown. Unknown never produces a finding: rules
use only what is certainly rendered.

Reference: ``../shared/specs/jekyll.md`` §4 (include and link tags).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from betalint.elements import HEADINGS, Document
from betalint.site import Site
from betalint.source import fm_matches

# --- guards ---------------------------------------------------------------------------

Cond = tuple[str, bool]  # (Liquid condition, wanted truth); "" = unknowable
Guard = tuple[Cond, ...]
_UNKNOWN_COND: Cond = ("", True)
_OPENERS = frozenset(("if", "unless", "case", "for", "tablerow", "capture"))


class GuardIndex:
    """The guard in force at any offset of a document, from its Liquid block tags."""

    __slots__ = ("guards", "starts")

    def __init__(self, tags: list[Any]) -> None:
        self.starts: list[int] = [0]
        self.guards: list[Guard] = [()]
        stack: list[list[Any]] = []  # [kind, negations of earlier branches, current branch]
        for tag in tags:
            name = tag.name
            if name in ("if", "unless"):
                positive = name == "if"
                stack.append([name, [(tag.markup, not positive)], ((tag.markup, positive),)])
            elif name == "elsif" and stack and stack[-1][0] in ("if", "unless"):
                frame = stack[-1]
                frame[2] = (*frame[1], (tag.markup, True))
                frame[1].append((tag.markup, False))
            elif name == "else" and stack:
                frame = stack[-1]
                frame[2] = tuple(frame[1]) if frame[0] in ("if", "unless") else (_UNKNOWN_COND,)
            elif name == "when" and stack and stack[-1][0] == "case":
                stack[-1][2] = (_UNKNOWN_COND,)
            elif name in _OPENERS:
                stack.append([name, [], (_UNKNOWN_COND,)])
            elif name.startswith("end") and name[3:] in _OPENERS:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == name[3:]:
                        del stack[k:]
                        break
                else:
                    continue
            else:
                continue
            guard: list[Cond] = []
            for frame in stack:
                for cond in frame[2]:
                    if cond not in guard:
                        guard.append(cond)
            self.starts.append(tag.end)
            self.guards.append(tuple(guard))

    def at(self, offset: int) -> Guard:
        return self.guards[bisect_right(self.starts, offset) - 1]


# --- Liquid conditions, three-valued ----------------------------------------------------


class _Unknown:
    """A value betalint cannot know before Jekyll runs."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
_EMPTY = object()  # Liquid's `empty` literal
_BLANK = object()  # Liquid's `blank` literal

#: Page variables Jekyll computes when the front matter does not set them.
PAGE_COMPUTED = frozenset(
    (
        "url",
        "path",
        "id",
        "date",
        "content",
        "excerpt",
        "collection",
        "slug",
        "name",
        "dir",
        "output",
        "relative_path",
        "categories",
        "tags",
        "ext",
        "next",
        "previous",
        "draft",
    )
)
_TOKEN = re.compile(r""""[^"]*"|'[^']*'|[^\s"']+""")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PATH = re.compile(r"""^[A-Za-z_][\w-]*(?:\.[\w-]+|\[(?:"[^"]*"|'[^']*'|\d+)\])*$""")
_SEGMENT = re.compile(r"""\.([\w-]+)|\[(?:"([^"]*)"|'([^']*)'|(\d+))\]""")


@dataclass(slots=True)
class Scope:
    """The variables a template sees: the page, the include parameters, the site."""

    page: dict[str, Any] | None = None  # None: unknown page (template read on its own)
    include: dict[str, Any] | None = None  # None: unknown (or not inside an include)
    layout: dict[str, Any] | None = None
    site: dict[str, Any] = field(default_factory=dict)
    in_include: bool = False
    page_title_computed: bool = False  # documents get a title from their file name

    def lookup(self, path: str) -> Any:
        parsed = _parse_path(path)
        if parsed is None:
            return UNKNOWN
        root, segments = parsed
        if root == "page":
            obj: Any = self.page if self.page is not None else UNKNOWN
        elif root == "include":
            obj = (
                self.include if self.include is not None else (UNKNOWN if self.in_include else None)
            )
        elif root == "layout":
            obj = self.layout if self.layout is not None else UNKNOWN
        elif root == "site":
            if not segments or not isinstance(segments[0], str) or segments[0] not in self.site:
                return UNKNOWN
            obj = self.site
        else:
            return UNKNOWN  # assigned, captured, loop variables…
        for depth, seg in enumerate(segments):
            if obj is UNKNOWN:
                return UNKNOWN
            if obj is None:
                return None
            if isinstance(obj, dict):
                if seg in obj:
                    obj = obj[seg]
                elif seg == "size":
                    obj = len(obj)
                elif (
                    root == "page"
                    and depth == 0
                    and (seg in PAGE_COMPUTED or (seg == "title" and self.page_title_computed))
                ):
                    return UNKNOWN
                else:
                    obj = None
            elif isinstance(obj, list | str):
                if seg == "size":
                    obj = len(obj)
                elif isinstance(obj, list) and seg in ("first", "last"):
                    obj = (obj[0] if seg == "first" else obj[-1]) if obj else None
                elif isinstance(obj, list) and isinstance(seg, int):
                    obj = obj[seg] if -len(obj) <= seg < len(obj) else None
                else:
                    obj = None
            else:
                return UNKNOWN
        return obj


_PATHS: dict[str, tuple[str, tuple[str | int, ...]] | None] = {}


def _parse_path(path: str) -> tuple[str, tuple[str | int, ...]] | None:
    """``page.a[0]["b"]`` → ("page", ("a", 0, "b")); None when not a variable path.
    Memoised: a site's templates test the same few paths on every page."""
    try:
        return _PATHS[path]
    except KeyError:
        pass
    parsed: tuple[str, tuple[str | int, ...]] | None = None
    if _PATH.match(path):
        root_end = re.match(r"[A-Za-z_][\w-]*", path).end()  # type: ignore[union-attr]
        segments: list[str | int] = []
        for m in _SEGMENT.finditer(path, root_end):
            if m.group(1) is not None:
                segments.append(m.group(1))
            elif m.group(4) is not None:
                segments.append(int(m.group(4)))
            else:
                segments.append(m.group(2) if m.group(2) is not None else m.group(3))
        parsed = (path[:root_end], tuple(segments))
    if len(_PATHS) < 100_000:
        _PATHS[path] = parsed
    return parsed


_NO_CONSTANT = object()
_CONSTANTS: dict[str, Any] = {}


def _constant(token: str) -> Any:
    """The value of a literal token (string, number, true, nil, empty…), else
    _NO_CONSTANT (a variable). Memoised."""
    try:
        return _CONSTANTS[token]
    except KeyError:
        pass
    value: Any = _NO_CONSTANT
    if token[:1] in ("'", '"') and token[-1:] == token[:1] and len(token) >= 2:
        value = token[1:-1]
    elif _NUMBER.match(token):
        value = float(token) if "." in token else int(token)
    elif token == "true":
        value = True
    elif token == "false":
        value = False
    elif token in ("nil", "null"):
        value = None
    elif token == "empty":
        value = _EMPTY
    elif token == "blank":
        value = _BLANK
    if len(_CONSTANTS) < 100_000:
        _CONSTANTS[token] = value
    return value


def _value(token: str, scope: Scope) -> Any:
    value = _constant(token)
    return scope.lookup(token) if value is _NO_CONSTANT else value


def _truthy(value: Any) -> bool | None:
    if value is UNKNOWN or value is _EMPTY or value is _BLANK:
        return None
    return value is not None and value is not False


def _equal(a: Any, b: Any) -> bool | None:
    if a is UNKNOWN or b is UNKNOWN or a is _BLANK or b is _BLANK:
        return None
    if a is _EMPTY or b is _EMPTY:
        other = b if a is _EMPTY else a
        if other is _EMPTY:
            return True
        # Liquid asks the other value `empty?`: nil and numbers do not answer (→ false)
        return other in ("", [], {}) if isinstance(other, str | list | dict) else False
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, int | float) != isinstance(b, int | float):
        return False
    try:
        return bool(a == b)
    except Exception:
        return None


def _compare(left: Any, op: str, right: Any) -> bool | None:
    if op == "==":
        return _equal(left, right)
    if op in ("!=", "<>"):
        eq = _equal(left, right)
        return None if eq is None else not eq
    if any(v is UNKNOWN or v is _EMPTY or v is _BLANK for v in (left, right)):
        return None
    if op == "contains":
        if isinstance(left, str) and isinstance(right, str):
            return right in left
        if isinstance(left, list):
            return right in left
        return None if left is not None else False
    if isinstance(left, int | float) and isinstance(right, int | float):
        return {
            "<": left < right,
            ">": left > right,
            "<=": left <= right,
            ">=": left >= right,
        }.get(op)
    return None


_CONDITIONS: dict[str, tuple[list[list[str]], list[str]]] = {}


def _parse_condition(markup: str) -> tuple[list[list[str]], list[str]]:
    """A condition split into atoms (operand, or operand operator operand) and the
    ``and``/``or`` between them; memoised per markup."""
    atoms: list[list[str]] = [[]]
    ops: list[str] = []
    for tok in _TOKEN.findall(markup):
        if tok in ("and", "or"):
            ops.append(tok)
            atoms.append([])
        else:
            atoms[-1].append(tok)
    if len(_CONDITIONS) < 100_000:
        _CONDITIONS[markup] = (atoms, ops)
    return atoms, ops


def evaluate_condition(markup: str, scope: Scope) -> bool | None:
    """Truth of a Liquid ``if`` condition: True, False, or None when it cannot be known.

    ``and``/``or`` group from the right, as Liquid does (``a and b or c`` is
    ``a and (b or c)``).
    """
    if not markup:
        return None
    parsed = _CONDITIONS.get(markup)
    if parsed is None:
        parsed = _parse_condition(markup)
    atoms, ops = parsed
    results: list[bool | None] = []
    for atom in atoms:
        if len(atom) == 1:
            results.append(_truthy(_value(atom[0], scope)))
        elif len(atom) == 3:
            results.append(_compare(_value(atom[0], scope), atom[1], _value(atom[2], scope)))
        else:
            return None
    result = results[-1]
    for i in range(len(ops) - 1, -1, -1):
        left = results[i]
        if ops[i] == "and":
            result = (
                False if left is False or result is False else (True if left and result else None)
            )
        else:
            result = (
                True
                if left is True or result is True
                else (False if left is False and result is False else None)
            )
    return result


def evaluate_guard(guard: Guard, scope: Scope) -> bool | None:
    """True when every condition holds, False when one fails, else None."""
    certain = True
    for markup, wanted in guard:
        value = evaluate_condition(markup, scope)
        if value is None:
            certain = False
        elif value != wanted:
            return False
    return True if certain else None


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return True if a and b else None


# --- include tags -----------------------------------------------------------------------

_PARAM = r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
_PARAM_RE = re.compile(_PARAM)
_FULL_PARAMS = re.compile(rf"\A\s*(?:{_PARAM}(?=\s|\Z)\s*)*\Z")
_VARIABLE_SYNTAX = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S
)
_VALID_FILENAME = re.compile(r"^[\w/.\-()+~#@]+$", re.A)
_INVALID_SEQUENCES = re.compile(r"[./]{2,}")
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


@dataclass(frozen=True, slots=True)
class IncludeSpec:
    """A parsed ``{% include %}``/``{% include_relative %}`` markup, as Jekyll parses it."""

    file: str  # as written; may hold ``{{ … }}``
    params: tuple[tuple[str, str, str], ...]  # (name, "str"|"expr", value)
    params_ok: bool  # Jekyll refuses the tag when the parameters do not parse


def parse_include_markup(markup: str) -> IncludeSpec:
    markup = markup.strip()
    m = _VARIABLE_SYNTAX.match(markup)
    if m:
        file, rest = m.group("variable").strip(), m.group("params").strip()
        first = file.split(None, 1)[0] if file else ""
        if first != file and "{{" not in first:
            # `a.html title={{ page.title }}`: Jekyll reads it all as one Liquid file name,
            # whose rendered value it then refuses: parameters cannot hold {{ }}.
            return IncludeSpec(first, (), False)
    else:
        parts = markup.split(None, 1)
        file = parts[0] if parts else ""
        rest = parts[1] if len(parts) > 1 else ""
    params: list[tuple[str, str, str]] = []
    ok = True
    if rest:
        ok = bool(_FULL_PARAMS.match(rest))
        for pm in _PARAM_RE.finditer(rest):
            if pm.group(2) is not None:
                params.append((pm.group(1), "str", pm.group(2).replace('\\"', '"')))
            elif pm.group(3) is not None:
                params.append((pm.group(1), "str", pm.group(3).replace("\\'", "'")))
            else:
                params.append((pm.group(1), "expr", pm.group(4)))
    return IncludeSpec(file, tuple(params), ok)


def valid_include_name(name: str) -> bool:
    """Jekyll's file name check for include tags (a build error otherwise)."""
    return bool(_VALID_FILENAME.match(name)) and not _INVALID_SEQUENCES.search(name)


def render_name(expr: str, scope: Scope) -> tuple[str | None, tuple[str, ...]]:
    """Render the ``{{ var }}`` pieces of an include file name or link target.

    Returns (name, page keys used); name is None when a piece cannot be known.
    """
    if "{" not in expr:
        return expr, ()  # a plain name: nothing to render
    keys: list[str] = []
    failed = False

    def sub(m: re.Match[str]) -> str:
        nonlocal failed
        inner = m.group(1).strip()
        if "|" in inner:
            failed = True
            return ""
        if inner.startswith("page."):
            keys.append(re.split(r"[.\[]", inner[5:], maxsplit=1)[0])
        value = _value(inner, scope)
        if value is UNKNOWN or value is _EMPTY or value is _BLANK:
            failed = True
            return ""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list | dict):
            failed = True
            return ""
        return str(value)

    out = _OUTPUT.sub(sub, expr)
    if failed or "{%" in out or "{{" in out:
        return None, tuple(keys)
    return out, tuple(keys)


# --- per-document events (collector side) -----------------------------------------------

_CONTENT = re.compile(r"\{\{-?\s*content\s*-?\}\}")
_FM_KEY = re.compile(r"^([^\s#:'\"\-][^:\n]*?)\s*:(?:\s|$)", re.M)


def _in_dialog(doc: Document, el: Any) -> bool:
    """Headings of a modal dialog title the dialog, not the page (DSFR modal titles are h1)."""
    for a in doc.ancestors(el):
        if a.tag == "dialog" or a.get("role") in ("dialog", "alertdialog"):
            return True
        if "fr-modal" in a.classes:
            return True
    return False


def collect_outline(doc: Document) -> dict[str, Any]:
    """The template events of one file, in document order (small and picklable).

    ``events`` holds tuples:

    * ``("h", level, line, col, guard)`` — a heading (Markdown or HTML), except the titles
      of modal dialogs, which belong to the dialog's own outline;
    * ``("inc", relative, file, params, params_ok, line, col, guard)`` — an include tag
      (``relative`` for ``include_relative``; ``file`` as written, maybe with ``{{ }}``;
      ``params`` as :attr:`IncludeSpec.params`);
    * ``("content", guard)`` — where a layout prints the page (``{{ content }}``);
    * ``("link", kind, target, line, col, guard)`` — a ``{% link %}``/``{% post_url %}`` tag.

    ``fm_lines`` maps top-level front-matter keys to their file line, so site checks can point
    at the key that chose a missing include.
    """
    index = GuardIndex(doc.liquid_tags) if doc.liquid_tags else None

    def guard(offset: int) -> Guard:
        return index.at(offset) if index is not None else ()

    items: list[tuple[int, tuple[Any, ...]]] = []
    for el in doc.elements:
        if el.tag in HEADINGS and not _in_dialog(doc, el):
            off = doc.offset(el.line, el.col)
            items.append((off, ("h", int(el.tag[1]), el.line, el.col, guard(off))))
    for tag in doc.liquid_tags:
        if tag.name in ("include", "include_relative"):
            spec = parse_include_markup(tag.markup)
            line, col = doc.position(tag.start)
            items.append(
                (
                    tag.start,
                    (
                        "inc",
                        tag.name == "include_relative",
                        spec.file,
                        spec.params,
                        spec.params_ok,
                        line,
                        col,
                        guard(tag.start),
                    ),
                )
            )
        elif tag.name in ("link", "post_url"):
            line, col = doc.position(tag.start)
            items.append(
                (tag.start, ("link", tag.name, tag.markup.strip(), line, col, guard(tag.start)))
            )
    if doc.kind == "layout" and "content" in doc.text:
        for m in _CONTENT.finditer(doc.text, doc.body_offset):
            items.append((m.start(), ("content", guard(m.start()))))
    items.sort(key=lambda it: it[0])
    fm_lines: dict[str, int] = {}
    src = doc.source
    if src is not None and getattr(src, "fm_text", ""):
        known = getattr(src, "fm_key_lines", None)
        if known is not None:
            fm_lines = dict(known)  # as the YAML loader saw them
        else:  # front matter PyYAML refused or read its own way: the lines that look like keys
            for m, line in fm_matches(src, _FM_KEY):
                key = m.group(1).strip()
                if key not in fm_lines:
                    fm_lines[key] = line
    return {"events": [it[1] for it in items], "fm_lines": fm_lines}


#: Where each event of :func:`collect_outline` keeps its line and column.
_EVENT_PLACES = {"h": (2, 4), "inc": (5, 7), "link": (3, 5)}


def placeless_outline(outline: dict[str, Any]) -> Any:
    """:func:`collect_outline`'s data without lines and columns (see ``checks.collector``)."""
    events = []
    for ev in outline["events"]:
        cut = _EVENT_PLACES.get(ev[0])
        events.append(ev if cut is None else (*ev[: cut[0]], *ev[cut[1] :]))
    return events, list(outline["fm_lines"])


def outline_places(outline: dict[str, Any]) -> list[tuple[int, int | None]]:
    """The positions :func:`placeless_outline` leaves out, in order."""
    out: list[tuple[int, int | None]] = []
    for ev in outline["events"]:
        cut = _EVENT_PLACES.get(ev[0])
        if cut is not None:
            out.append((ev[cut[0]], ev[cut[0] + 1]))
    out.extend((line, None) for line in outline["fm_lines"].values())
    return out


# --- the site side: pages put together ---------------------------------------------------


@dataclass(slots=True)
class RenderedHeading:
    level: int
    certain: bool  # False: maybe rendered (unknown guard)
    path: str  # the file the heading is written in
    line: int
    col: int
    page_pos: tuple[int, int] | None  # position in the page responsible for it, if any
    via: str | None  # the layout or include it comes from (None: the page itself)


@dataclass(slots=True)
class RenderedPart:
    """A file rendered into the page (the page itself, a layout, an include)."""

    path: str | None  # None: an include or layout betalint could not resolve
    certain: bool
    page_pos: tuple[int, int] | None
    kind: str  # "page" | "layout" | "include"
    scope: Scope | None = None  # the variables it is rendered with


@dataclass(slots=True)
class IncludeUse:
    """An include tag met while putting a page together (for LNK010)."""

    path: str  # file holding the tag
    line: int
    col: int
    relative: bool
    written: str  # the name as written
    name: str | None  # rendered name (None: unknown)
    resolved: str | None  # site-relative path of the file it names, if it exists
    keys: tuple[str, ...]  # page front-matter keys used to render the name
    certain: bool
    page_pos: tuple[int, int] | None


@dataclass(slots=True)
class Rendered:
    """A page as betalint can see it once put together.

    ``items`` holds, in rendering order, the headings (:class:`RenderedHeading`) and the
    files rendered (:class:`RenderedPart`, placed where they start; ``path=None`` for an
    include or layout betalint could not resolve, which may hold anything).
    """

    path: str
    items: list[RenderedHeading | RenderedPart] = field(default_factory=list)
    includes: list[IncludeUse] = field(default_factory=list)
    content_shown: bool | None = True  # does the layout chain print the page's content?
    layouts: list[str] = field(default_factory=list)  # layout files, innermost first

    @property
    def headings(self) -> list[RenderedHeading]:
        return [i for i in self.items if isinstance(i, RenderedHeading)]

    @property
    def parts(self) -> list[RenderedPart]:
        return [i for i in self.items if isinstance(i, RenderedPart)]


_MAX_DEPTH = 12
_TEMPLATE_EXTS = frozenset(
    (".html", ".htm", ".xhtml", ".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".liquid")
)
_MAX_ITEMS = 20000  # a page expanding to more than this is not followed further


def is_page(r: Any, collections: dict[str, Any]) -> bool:
    """Whether the file of result `r` is rendered as a page of its own (not a layout, an
    include, a data document or a document of an ``output: false`` collection)."""
    if not r.checked or r.kind not in ("page", "document", "plain"):
        return False
    label = r.summary.get("collection")
    return not label or bool(collections.get(label, {}).get("output"))


class Templates:
    """Layouts, includes and page data of a site, to put pages together (built once).

    Site checks get the shared instance with ``site.get("templates", Templates)``; it reads
    the ``outline`` collector, so they must declare ``collect=("outline", …)``.
    """

    def __init__(self, sctx: Any) -> None:
        self.sctx = sctx
        site: Site = sctx.site
        self.site = site
        self.outline: dict[str, dict[str, Any]] = sctx.collected.get("outline", {})
        config = site.config
        self.includes_dir = str(config.get("includes_dir") or "_includes").strip("/")
        self.layouts_dir = str(config.get("layouts_dir") or "_layouts").strip("/")
        self.layouts: dict[str, str] = {}
        for sf in site.files:
            if sf.role == "layout":
                name = os.path.splitext(sf.rel[len(self.layouts_dir) + 1 :])[0]
                self.layouts.setdefault(name, sf.rel)
        self.has_theme = bool(config.get("theme") or config.get("remote_theme"))
        self.site_vars = {k: v for k, v in config.items() if isinstance(k, str)}
        self._data: dict[str, dict[str, Any]] = {}
        self._rendered: dict[str, Rendered] = {}
        self._exists: dict[str, bool] = {}
        self._include_paths: dict[str, str | None] = {}
        early = getattr(sctx, "prerendered", None)
        if early is not None:
            self._rendered.update(early.valid_for(sctx.documents, self.outline))

    # -- data -----------------------------------------------------------------------------
    def summary(self, path: str) -> dict[str, Any]:
        r = self.sctx.documents.get(path)
        return r.summary if r is not None else {}

    def page_data(self, path: str) -> dict[str, Any]:
        """Front matter merged over the site's ``defaults`` (what ``page.*`` reads)."""
        if path in self._data:
            return self._data[path]
        s = self.summary(path)
        fm = s.get("front_matter")
        data: dict[str, Any] = {}
        if s.get("kind") in ("page", "document"):
            if s.get("collection"):
                data = dict(
                    self.site.defaults_for(s.get("rel_collection") or path, s["collection"])
                )
            else:
                data = dict(self.site.defaults_for(path, "pages"))
        if isinstance(fm, dict):
            data.update(fm)
        self._data[path] = data
        return data

    def layout_of(self, path: str) -> tuple[str | None, bool]:
        """(layout file, known) of a page or layout; (None, True) when it has none."""
        s = self.summary(path)
        if s.get("kind") == "layout":
            fm = s.get("front_matter")
            data = fm if isinstance(fm, dict) else {}
        else:
            data = self.page_data(path)
        name = data.get("layout")
        if name is None or name is False or str(name).strip().lower() in ("", "none", "null"):
            return None, True
        name = str(name)
        if "{" in name:
            return None, False
        rel = self.layouts.get(name)
        return rel, rel is not None

    def exists(self, rel: str) -> bool:
        if rel not in self._exists:
            self._exists[rel] = os.path.isfile(os.path.join(self.site.root, rel))
        return self._exists[rel]

    def include_path(self, name: str) -> str | None:
        """The file ``{% include name %}`` reads, if it exists (once per name: every page
        renders the same includes of its layouts)."""
        try:
            return self._include_paths[name]
        except KeyError:
            pass
        rel: str | None = None
        if valid_include_name(name):
            rel = f"{self.includes_dir}/{name}" if self.includes_dir else name
            rel = rel if self.exists(rel) else None
        self._include_paths[name] = rel
        return rel

    def relative_path(self, page: str, name: str) -> str | None:
        """The file ``{% include_relative name %}`` reads when rendering `page`, if it exists."""
        if not valid_include_name(name):
            return None
        rel = os.path.normpath(os.path.join(os.path.dirname(page), name)).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return None
        return rel if self.exists(rel) else None

    # -- putting a page together ------------------------------------------------------------
    def render(self, path: str) -> Rendered:
        """The page at `path` inside its layout chain, includes expanded (cached)."""
        cached = self._rendered.get(path)
        if cached is not None:
            return cached
        out = Rendered(path)
        page = self.page_data(path)
        title_computed = self.summary(path).get("kind") == "document"
        liquid = page.get("render_with_liquid") is not False
        chain: list[str] = []
        current = path
        while len(chain) < 10:
            rel, known = self.layout_of(current)
            if not known:
                out.items.append(RenderedPart(None, True, None, "layout"))
                break
            if rel is None or rel in chain:
                break
            chain.append(rel)
            current = rel
        out.layouts = chain

        def scope_for(layout: str | None) -> Scope:
            fm = self.summary(layout).get("front_matter") if layout else None
            return Scope(
                page=page,
                layout=fm if isinstance(fm, dict) else None,
                site=self.site_vars,
                page_title_computed=title_computed,
            )

        def emit(i: int, certain: bool | None) -> None:
            if i < 0:
                scope = scope_for(None)
                out.items.append(RenderedPart(path, certain is True, None, "page", scope))
                self._walk(path, out, scope, certain, None, None, 0, liquid, path)
                return
            rel = chain[i]
            if rel not in self.outline:
                # a layout betalint did not read (excluded from linting, unreadable): its
                # own headings are unknown, the content is assumed shown
                out.items.append(RenderedPart(None, certain is True, None, "layout"))
                emit(i - 1, certain)
                return
            scope = scope_for(rel)
            out.items.append(RenderedPart(rel, certain is True, None, "layout", scope))
            shown = self._walk(
                rel,
                out,
                scope,
                certain,
                None,
                rel,
                0,
                True,
                path,
                lambda here: emit(i - 1, here),
            )
            if shown is not True and out.content_shown is not False:
                out.content_shown = shown

        emit(len(chain) - 1, True)
        self._rendered[path] = out
        return out

    def _walk(
        self,
        rel: str,
        out: Rendered,
        scope: Scope,
        certain: bool | None,
        page_pos: tuple[int, int] | None,
        via: str | None,
        depth: int,
        liquid: bool,
        page_path: str,
        content: Any = None,
        stack: tuple[str, ...] = (),
    ) -> bool | None:
        """Emit the events of file `rel`; returns whether it printed ``{{ content }}``."""
        info = self.outline.get(rel)
        if info is None:
            return None
        shown: bool | None = False
        is_page = rel == page_path
        for ev in info["events"]:
            kind = ev[0]
            g = ev[-1] if liquid else ()
            here = _and(certain, evaluate_guard(g, scope)) if g else certain
            if here is False:
                continue
            if kind == "h":
                _k, level, line, col, _g = ev
                out.items.append(
                    RenderedHeading(
                        level,
                        here is True,
                        rel,
                        line,
                        col,
                        (line, col) if is_page else page_pos,
                        None if is_page else via,
                    )
                )
            elif kind == "content":
                if content is not None:
                    content(here)
                    shown = True if here is True else (shown or None)
            elif kind == "inc" and liquid:
                self._include(
                    ev, here, rel, out, scope, page_pos, via, depth, page_path, is_page, stack
                )
        return shown

    def _include(
        self,
        ev: tuple[Any, ...],
        here: bool | None,
        rel: str,
        out: Rendered,
        scope: Scope,
        page_pos: tuple[int, int] | None,
        via: str | None,
        depth: int,
        page_path: str,
        is_page: bool,
        stack: tuple[str, ...],
    ) -> None:
        _k, relative, written, params, _ok, line, col, _g = ev
        name, keys = render_name(written, scope)
        target = None
        if name is not None:
            target = self.relative_path(page_path, name) if relative else self.include_path(name)
        pos = (line, col) if is_page else page_pos
        out.includes.append(
            IncludeUse(rel, line, col, relative, written, name, target, keys, here is True, pos)
        )
        if target is not None and target not in self.outline:
            ext = os.path.splitext(target)[1].lower()
            if ext in _TEMPLATE_EXTS:
                target = None  # a template betalint did not read: unknown content
            else:
                # an SVG, a text file…: inserted as is, no heading to find in it
                out.items.append(RenderedPart(target, here is True, pos, "include"))
                return
        too_far = depth >= _MAX_DEPTH or len(out.items) > _MAX_ITEMS
        if target is None or too_far or target in stack:
            # unknown, too deep, or including itself (Jekyll fails with "stack level too deep")
            out.items.append(RenderedPart(None, here is True, pos, "include"))
            return
        values: dict[str, Any] = {}
        for pname, pkind, pvalue in params:
            values[pname] = pvalue if pkind == "str" else _value(pvalue, scope)
        # (positional: some twelve includes per page, for every page)
        inner = Scope(scope.page, values, scope.layout, scope.site, True, scope.page_title_computed)
        out.items.append(RenderedPart(target, here is True, pos, "include", inner))
        self._walk(
            target,
            out,
            inner,
            here,
            pos,
            via or target,
            depth + 1,
            True,
            page_path,
            stack=(*stack, target),
        )
