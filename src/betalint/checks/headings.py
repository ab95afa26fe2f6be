"""Headings and ids: HD001 heading-skip, HD002 heading-empty, HD003 id-duplicate,
HD004 heading-multiple-h1.

A page's headings are those of its content *and* of its layouts and includes (a layout
often prints the page title as the ``h1``), so HD001, HD003 and HD004 are site checks over
the page as :class:`betalint.templates.Templates` puts it together. Only what is certainly
rendered counts: a heading in a Liquid branch betalint cannot decide, or an include it
cannot resolve, never leads to a finding. Findings are reported where the editor can act:
in the page (or at the include tag the page wrote), never on a shared layout for the sake
of one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from betalint.anchors import anchors_places, collect_anchors, placeless_anchors
from betalint.checks import CheckContext, Finding, collector, document_check, site_check
from betalint.elements import HEADINGS, Document
from betalint.liquid import SENTINELS
from betalint.templates import (
    Rendered,
    RenderedHeading,
    RenderedPart,
    Templates,
    collect_outline,
    evaluate_guard,
    is_page,
    outline_places,
    placeless_outline,
)


@collector("outline", placeless=placeless_outline, places=outline_places)
def outline_collector(doc: Document, ctx: CheckContext) -> dict[str, Any]:
    return collect_outline(doc)


@collector("anchors", placeless=placeless_anchors, places=anchors_places)
def anchors_collector(doc: Document, ctx: CheckContext) -> dict[str, Any]:
    return collect_anchors(doc, ctx.site.config)


def _pages(site: Any) -> Iterator[str]:
    """Files that are rendered as pages of their own (not layouts, includes, data docs)."""
    collections = site.site.collections
    for path, r in site.documents.items():
        if is_page(r, collections):
            yield path


def _skip(site: Any, path: str) -> bool:
    """A page whose findings the run does not report (see ``SiteContext.skip``)."""
    skip = getattr(site, "skip", None)
    return skip is not None and skip(path)


def _name(path: str | None) -> str:
    return path or "?"


# --- HD001 --------------------------------------------------------------------------------


@site_check("HD001", collect=("outline",))
def heading_skip(site: Any) -> Iterator[Finding]:
    strict = bool(site.options("HD001").get("strict"))
    templates: Templates = site.get("templates", Templates)
    for path in _pages(site):
        if _skip(site, path):
            continue
        rendered = templates.render(path)
        if rendered.content_shown is False:
            continue
        yield from _skips(path, rendered, strict)


def _skips(path: str, rendered: Rendered, strict: bool) -> Iterator[Finding]:
    # Levels the page's own content uses (its text and the includes it calls): coherence is
    # judged on what the editor wrote, not on the layout's navigation headings.
    used = {h.level for h in rendered.headings if h.certain and h.page_pos is not None}
    possible: set[int | None] = {None}  # levels the previous heading may have; None: unknown
    last: RenderedHeading | None = None
    for item in rendered.items:
        if isinstance(item, RenderedPart):
            if item.path is None:
                possible.add(None)
            continue
        h = item
        if not h.certain:
            possible.add(h.level)
            continue
        if (
            h.via is None
            and h.path == path
            and None not in possible
            and all(h.level > p + 1 for p in possible)  # type: ignore[operator]
        ):
            prev = max(p for p in possible if p is not None)
            between = [lv for lv in range(prev + 1, h.level) if lv in used]
            coherent = not between
            if strict or not coherent:
                expected = prev + 1
                args: dict[str, Any] = {
                    "level": h.level,
                    "previous": prev,
                    "expected": expected,
                    "hashes": "#" * expected,
                }
                if between:
                    args["between"] = between[0]
                variant = "strict" if coherent else None
                if (
                    last is not None
                    and possible == {last.level}
                    and last.via is not None
                    and last.page_pos is None  # printed by the layout chain
                ):
                    variant = "layout-strict" if coherent else "layout"
                    args["source"] = _name(last.via)
                yield Finding("HD001", h.line, h.col, args, variant=variant, path=path)
        possible = {h.level}
        last = h


# --- HD002 --------------------------------------------------------------------------------


def _has_liquid(doc: Document, el: Any) -> bool:
    for c in el.content:
        if isinstance(c, int):
            child = doc.elements[c]
            if any(any(s in v for s in SENTINELS) for v in child.attrs.values()):
                return True
            if _has_liquid(doc, child):
                return True
        elif any(s in c for s in SENTINELS):
            return True
    return False


@document_check("HD002")
def heading_empty(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if el.tag not in HEADINGS:
            continue
        if doc.text_of(el, alt=True).strip():
            continue
        if _has_liquid(doc, el):
            continue  # filled in by Liquid
        if (el.get("aria-label") or "").strip() or el.has("aria-labelledby"):
            continue
        if el.is_dynamic("aria-label"):
            continue
        yield Finding("HD002", el.line, el.col, {"level": el.tag[1]})


# --- HD003 --------------------------------------------------------------------------------


@site_check("HD003", collect=("outline", "anchors"))
def id_duplicate(site: Any) -> Iterator[Finding]:
    templates: Templates = site.get("templates", Templates)
    anchors = site.collected.get("anchors", {})
    pages = [p for p in _pages(site) if not _skip(site, p)]
    for path in pages:
        yield from _page_duplicates(path, templates.render(path), anchors)
    # Layouts and includes: an id written twice in the same branch is a duplicate on every
    # page that uses them; report it once, in the file.
    for path, r in site.documents.items():
        if r.kind not in ("layout", "include") or path not in anchors:
            continue
        seen: dict[tuple[str, tuple], tuple[int, int]] = {}
        for value, line, col, _kind, g in anchors[path]["ids"]:
            if any(not markup for markup, _w in g):
                continue  # in a loop or case: how often it renders is unknown
            key = (value, g)
            if key in seen:
                yield Finding("HD003", line, col, {"id": value, "first": seen[key][0]}, path=path)
            else:
                seen[key] = (line, col)


def _page_duplicates(path: str, rendered: Rendered, anchors: dict[str, Any]) -> Iterator[Finding]:
    if rendered.content_shown is False:
        return
    # every id certainly rendered, in rendering order: (id, origin, line, col, page_pos, kind)
    occurrences: dict[str, list[tuple[str, int, int, tuple[int, int] | None, str]]] = {}
    for part in rendered.parts:
        if part.path is None or not part.certain or part.path not in anchors:
            continue
        own = part.path == path and part.kind == "page"
        for value, line, col, kind, g in anchors[part.path]["ids"]:
            if g and (part.scope is None or evaluate_guard(g, part.scope) is not True):
                continue
            if any(not markup for markup, _w in g):
                continue
            pos = (line, col) if own else part.page_pos
            occurrences.setdefault(value, []).append((part.path, line, col, pos, kind))
    for value, occ in occurrences.items():
        if len(occ) < 2:
            continue
        in_page = [o for o in occ if o[3] is not None]
        if not in_page:
            continue  # the layout's own problem, reported on the layout
        outside = [o for o in occ if o[3] is None]
        if outside:
            todo, first = in_page, outside[0]
        else:
            todo, first = in_page[1:], in_page[0]
        reported: set[tuple[int, int]] = set()
        for origin, _line, _col, pos, kind in todo:
            if pos in reported:
                continue
            reported.add(pos)
            args: dict[str, Any] = {"id": value}
            if outside:
                variant = "layout"
                args.update(first=first[1], source=first[0])
            elif origin != path:
                variant = "include"
                args.update(first=first[3][0], source=origin)
            else:
                variant = "generated" if kind == "generated" else None
                args["first"] = first[3][0]
            yield Finding("HD003", pos[0], pos[1], args, variant=variant, path=path)


# --- HD004 --------------------------------------------------------------------------------


@site_check("HD004", collect=("outline",))
def multiple_h1(site: Any) -> Iterator[Finding]:
    templates: Templates = site.get("templates", Templates)
    for path in _pages(site):
        if _skip(site, path):
            continue
        rendered = templates.render(path)
        if rendered.content_shown is False:
            continue
        h1s = [h for h in rendered.headings if h.level == 1 and h.certain]
        if len(h1s) < 2:
            continue
        from_layout = [h for h in h1s if h.page_pos is None]
        in_page = [h for h in h1s if h.page_pos is not None]
        # against the layout's h1 every h1 of the page is one too many, wherever it sits
        todo = in_page if from_layout else in_page[1:]
        reported: set[tuple[int, int]] = set()
        for h in todo:
            pos = h.page_pos
            if pos is None or pos in reported:
                continue
            reported.add(pos)
            if from_layout:
                args = {"count": len(h1s), "source": _name(from_layout[0].via)}
                yield Finding("HD004", *pos, args, variant="layout", path=path)
            else:
                args = {"count": len(h1s), "first": in_page[0].page_pos[0]}  # type: ignore[index]
                yield Finding("HD004", *pos, args, path=path)
