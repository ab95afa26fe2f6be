"""The anchors (fragment targets) a file defines, and those of a whole rendered page.

Per file, :func:`collect_anchors` (run by the ``anchors`` collector in the workers)
returns a small picklable mapping::

    {
      "ids": [(id, line, col, kind, guard), ...],   # document order
      "names": [(name, line, col, guard), ...],     # legacy <a name="…">
      "patterns": [(regex, line, col, guard), ...], # ids built by Liquid: `menu-{{ x }}`
      "complete": bool,                             # False: some ids cannot be known
      "unknown": [(reason, line), ...],             # why not complete
    }

``kind`` is ``"generated"`` (kramdown auto id of a Markdown heading), ``"explicit"``
(``{#id}`` or IAL id on a Markdown heading), ``"html"`` (any other ``id`` attribute,
IAL ids included), ``"footnote"`` (``fn:…``/``fnref:…``) or ``"toc"`` (``{:toc}`` list).
``guard`` is the Liquid branch the id sits in (see :mod:`betalint.templates`).
An ``id`` or ``name`` written with Liquid (``id="menu-{{ item.label | slugify }}"``) becomes
a *pattern* (``menu-.*``, a Python regex matched against the whole fragment): a fragment it
matches may exist, so it must not be reported. A file is *incomplete* when a heading holds
Liquid (``liquid-heading``: its id and the suffixes of later duplicates are unknown), when
it runs a script that may create ids (``script``), or when a Markdown file includes
Markdown whose headings shift kramdown's duplicate counter (``markdown-include``).

For a page as visitors get it (content + layouts + includes), :func:`page_anchors` puts
the files together with :class:`betalint.templates.Templates`; a site check using it must
declare ``collect=("anchors", "outline")``. LNK002 (anchor-missing) is meant to use it:
report a missing ``#fragment`` only when ``complete`` is true.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from betalint.elements import HEADINGS, Document
from betalint.kramdown_ids import UNKNOWN as UNKNOWN_ID
from betalint.kramdown_ids import heading_ids
from betalint.liquid import SENTINELS
from betalint.templates import GuardIndex, Templates, evaluate_guard, parse_include_markup


def _toc_levels(value: Any) -> range:
    """kramdown's ``toc_levels`` (``1..6``, ``2..3`` or a list); default all levels."""
    if isinstance(value, list):
        levels = [int(v) for v in value if str(v).isdigit()]
        return range(min(levels), max(levels) + 1) if levels else range(1, 7)
    text = str(value or "1..6")
    if ".." in text:
        a, _, b = text.partition("..")
        if a.strip().isdigit() and b.strip().isdigit():
            return range(int(a), int(b) + 1)
    return range(1, 7)


def collect_anchors(doc: Document, site_config: dict[str, Any]) -> dict[str, Any]:
    """The ids a file defines (see the module docstring for the shape)."""
    index = GuardIndex(doc.liquid_tags) if doc.liquid_tags else None

    def guard(line: int, col: int) -> tuple:
        return index.at(doc.offset(line, col)) if index is not None else ()

    ids: list[tuple[str, int, int, str, tuple]] = []
    names: list[tuple[str, int, int, tuple]] = []
    patterns: list[tuple[str, int, int, tuple]] = []
    unknown: list[tuple[str, int]] = []
    kramdown = site_config.get("kramdown") if isinstance(site_config, dict) else None

    generated: dict[int, str | None] = {}
    if doc.headings:
        for h, value in zip(doc.headings, heading_ids(doc, kramdown), strict=True):
            if h.explicit_id:
                continue
            el = doc.elements[h.element]
            if value == UNKNOWN_ID:
                unknown.append(("liquid-heading", el.line))
            elif value is not None:
                generated[h.element] = value

    toc_ids: list[str] = []
    toc = bool(doc.options.get("toc"))
    levels = (
        _toc_levels(doc.options.get("toc_levels") or (kramdown or {}).get("toc_levels"))
        if toc
        else range(0)
    )
    for el in doc.elements:
        if el.index in generated:
            value = generated[el.index]
            ids.append((value, el.line, el.col, "generated", guard(el.line, el.col)))
        raw_id = el.attrs.get("id")
        if raw_id is not None:
            if any(s in raw_id for s in SENTINELS):
                patterns.append((_pattern(raw_id), el.line, el.col, guard(el.line, el.col)))
            elif raw_id:
                if el.origin == "md" and el.tag in HEADINGS:
                    kind = "explicit"
                elif el.origin == "md" and raw_id.startswith(("fn:", "fnref:")):
                    kind = "footnote"
                else:
                    kind = "html"
                ids.append((raw_id, el.line, el.col, kind, guard(el.line, el.col)))
        if el.tag == "a":
            name = el.attrs.get("name")
            if name is not None:
                if any(s in name for s in SENTINELS):
                    patterns.append((_pattern(name), el.line, el.col, guard(el.line, el.col)))
                elif name:
                    names.append((name, el.line, el.col, guard(el.line, el.col)))
        if el.tag == "script" and doc.kind in ("page", "document", "plain"):
            unknown.append(("script", el.line))
        if (
            toc
            and el.origin == "md"
            and el.tag in HEADINGS
            and int(el.tag[1]) in levels
            and not el.has_class("no_toc")
        ):
            hid = generated.get(el.index) or el.get("id")
            if hid:
                toc_ids.append(hid)
    if doc.options.get("toc"):
        ids.append(("markdown-toc", 1, 1, "toc", ()))
        ids.extend((f"markdown-toc-{hid}", 1, 1, "toc", ()) for hid in toc_ids)
    if doc.language == "markdown":
        for tag in doc.liquid_tags:
            if tag.name in ("include", "include_relative"):
                file = parse_include_markup(tag.markup).file
                ext = os.path.splitext(file)[1].lower()
                if "{" in file or ext in (".md", ".markdown", ".mkd", ".mkdn", ".mdown"):
                    unknown.append(("markdown-include", doc.position(tag.start)[0]))
    return {
        "ids": ids,
        "names": names,
        "patterns": patterns,
        "complete": not unknown,
        "unknown": unknown,
    }


def placeless_anchors(anchors: dict[str, Any]) -> Any:
    """:func:`collect_anchors`'s data without lines and columns (see ``checks.collector``)."""
    return (
        [(value, kind, guard) for value, _l, _c, kind, guard in anchors["ids"]],
        [(name, guard) for name, _l, _c, guard in anchors["names"]],
        [(pattern, guard) for pattern, _l, _c, guard in anchors["patterns"]],
        anchors["complete"],
        [reason for reason, _line in anchors["unknown"]],
    )


def anchors_places(anchors: dict[str, Any]) -> list[tuple[int, int | None]]:
    """The positions :func:`placeless_anchors` leaves out, in order."""
    out: list[tuple[int, int | None]] = [(line, col) for _v, line, col, _k, _g in anchors["ids"]]
    out.extend((line, col) for _n, line, col, _g in anchors["names"])
    out.extend((line, col) for _p, line, col, _g in anchors["patterns"])
    out.extend((line, None) for _reason, line in anchors["unknown"])
    return out


_LIQUID_RUN = re.compile(f"[{SENTINELS}]+")


def _pattern(masked: str) -> str:
    """Regex for an id written with Liquid: static parts literal, Liquid parts anything."""
    parts = _LIQUID_RUN.split(masked.strip())
    return ".*".join(re.escape(p) for p in parts)


@dataclass
class PageAnchors:
    """Every fragment target of a rendered page."""

    ids: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # id → where
    patterns: list[re.Pattern[str]] = field(default_factory=list)  # ids built by Liquid
    complete: bool = True

    def has(self, fragment: str) -> bool | None:
        """True: the page has this id; None: it may (Liquid, or ids not all known); False."""
        if fragment in self.ids:
            return True
        if any(p.fullmatch(fragment) for p in self.patterns):
            return None
        return False if self.complete else None


def page_anchors(sctx: Any, path: str) -> PageAnchors:
    """Anchors of the page at `path` with its layouts and includes (``name`` included).

    Ids of files rendered only maybe (unknown Liquid branch) are counted as present; an
    include or layout betalint cannot resolve, or an incomplete file, makes the result
    incomplete.
    """
    templates: Templates = sctx.get("templates", Templates)
    collected = sctx.collected.get("anchors", {})
    out = PageAnchors()
    for part in templates.render(path).parts:
        if part.path is None:
            out.complete = False
            continue
        info = collected.get(part.path)
        if info is None:
            continue
        if not info["complete"]:
            out.complete = False

        def live(g: tuple, part: Any = part) -> bool:
            return not g or part.scope is None or evaluate_guard(g, part.scope) is not False

        for value, line, col, _kind, g in info["ids"]:
            if live(g):
                out.ids.setdefault(value, (part.path, line, col))
        for value, line, col, g in info["names"]:
            if live(g):
                out.ids.setdefault(value, (part.path, line, col))
        for regex, _line, _col, g in info["patterns"]:
            if live(g):
                out.patterns.append(re.compile(regex, re.S))
    return out
