"""DSFR rules (DS001–DS008): classes the site's DSFR version does not define or has
deprecated, and markup DSFR's CSS, JavaScript and accessibility docs rely on.

Classes are read as the browser reads them: a ``class`` attribute is split on whitespace
only (``fr-tile--vertical@md`` is one class). A token written with Liquid output
(``fr-icon-{{ item.icon }}-fill``) or glued to a Liquid tag is dynamic and never
reported. Classes given to an include (``{% include button.html class="fr-fi-mail-line" %}``)
are checked at the include tag when the include puts that parameter in a class attribute.
Facts and evidence: ``../shared/specs/dsfr.md`` (§3 classes, §4 structure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from betalint import dsfr
from betalint.checks import CheckContext, Finding, document_check, prepare
from betalint.config import ConfigError
from betalint.elements import Document, Element
from betalint.liquid import OUTPUT, TAG, parse_include

CODES = ("DS001", "DS002", "DS003", "DS004", "DS005", "DS006", "DS007", "DS008")

# --- the site's profile ---------------------------------------------------------------


def _profile(ctx: CheckContext) -> dsfr.Profile:
    return ctx.resource("dsfr", _build_profile)


def _build_profile(ctx: CheckContext, files: list[Any] | None = None) -> dsfr.Profile:
    setting = ctx.config.settings.get("dsfr-version")
    try:
        return dsfr.build_profile(Path(ctx.site.root), setting, files)
    except dsfr.VersionError:
        raise ConfigError(
            f"`dsfr-version`: {setting!r} is not a version (expected X.Y or X.Y.Z, e.g. 1.11.0)"
        ) from None


#: Files the version is read from (``dsfr.resolve_version``, ``dsfr.build_profile``).
_VERSION_FILES = (
    "node_modules/@gouvfr/dsfr/package.json",
    "node_modules/@gouvfr/dsfr/dist/dsfr.css",
    "node_modules/@gouvfr/dsfr/dist/utility/utility.css",
    "package-lock.json",
    "package.json",
)


@prepare(*CODES)
def prepare_dsfr(ctx: CheckContext, site: Any, lang: str) -> list[str]:
    """Resolve the version and read the site's CSS once, before workers start."""
    profile = ctx.resource("dsfr", lambda c: _build_profile(c, site.files))
    # what it was made from, so that the cache reuses it while they are unchanged
    for rel in _VERSION_FILES:
        ctx.depends_on(rel)
    for sf in site.files:
        if sf.role in ("page", "sass") and sf.rel.lower().endswith(dsfr.STYLE_EXTS):
            ctx.depends_on(sf.rel)
    if profile.source != "default":  # the site's own version, for the audit report
        ctx.meta["dsfr_version"] = profile.version
    if profile.source == "default" and not _mentions_dsfr(ctx, site):
        return []  # not a DSFR site: the assumed version is nobody's concern
    text = dsfr.note_text(profile, lang)
    return [text] if text else []


def _mentions_dsfr(ctx: CheckContext, site: Any) -> bool:
    """Whether the site's layouts, includes or pages write any `fr-` class (a DSFR site does).

    Collection documents are not read: a DSFR site shows it in its templates or pages."""
    for sf in site.files:
        if sf.role not in ("layout", "include", "page") or site.language_of(sf.rel) is None:
            continue
        ctx.depends_on(sf.rel)
        try:
            if "fr-" in (site.root / sf.rel).read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False


# --- class tokens with positions -------------------------------------------------------


@dataclass(slots=True)
class Token:
    value: str
    line: int
    col: int
    sep: str  # the character just before the token in the attribute ("" at the start)
    offset: int | None = None  # where the token is written in the file text, when known


_ATTR = re.compile(
    r"""(?P<name>[^\s/>=][^\s/>=]*)\s*(?:=\s*(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|(?P<uq>[^\s>]*)))?"""
)
_TAG_NAME = re.compile(r"<[^\s/>]+")
_PIECE = re.compile(f"[^{TAG}]+")


def _class_offset(doc: Document, el: Element, value: str) -> int | None:
    """Offset in the file of the first character of an HTML element's class value."""
    if el.origin != "html":
        return None
    start = doc.offset(el.line, el.col)
    masked = doc.masked
    m0 = _TAG_NAME.match(masked, start)
    if m0 is None:
        return None
    pos = m0.end()
    while True:
        while pos < len(masked) and masked[pos] in " \t\r\n\f/":
            pos += 1
        if pos >= len(masked) or masked[pos] == ">":
            return None
        m = _ATTR.match(masked, pos)
        if m is None or m.end() == pos:
            return None
        if m.group("name").lower() == "class":
            for g in ("dq", "sq", "uq"):
                if m.group(g) is not None:
                    s = m.start(g)
                    return s if masked[s : s + len(value)] == value else None
            return None
        pos = m.end()


#: The class tokens of the elements of the last document asked about: DS001, DS002 and
#: DS008 each read them all, one document after the other.
_TOKENS: dict[str, Any] = {"doc": None, "by_element": {}}


def class_tokens(doc: Document, el: Element) -> tuple[Token, ...]:
    """Static class tokens of an element with their file positions (shared by the checks
    of the same document).

    A whitespace-separated token holding ``{{ }}`` output, or several pieces glued by
    ``{% %}`` tags (``fr-btn{% if x %}--lg{% endif %}``), is dynamic and left out.
    """
    if _TOKENS["doc"] is not doc:
        _TOKENS["doc"], _TOKENS["by_element"] = doc, {}
    by_element = _TOKENS["by_element"]
    found = by_element.get(el.index)
    if found is None:
        found = by_element[el.index] = tuple(_class_tokens(doc, el))
    return found


def _class_tokens(doc: Document, el: Element) -> list[Token]:
    value = el.attrs.get("class")
    if not value:
        return []
    base = _class_offset(doc, el, value)
    ial_at = el.data.get("ial_at") if el.origin == "md" and el.data else None
    out: list[Token] = []
    for m in re.finditer(r"\S+", value):
        tok = m.group()
        if OUTPUT in tok:
            continue
        start = m.start()
        if TAG in tok:
            pieces = list(_PIECE.finditer(tok))
            if len(pieces) != 1:
                continue
            start += pieces[0].start()
            tok = pieces[0].group()
        sep = value[start - 1] if start > 0 else ""
        offset = None
        if ial_at is not None:
            # a class from `{: .name}`: point at it in the IAL
            end = doc.text.find("\n", ial_at)
            at = doc.text.find("." + tok, ial_at, len(doc.text) if end == -1 else end)
            offset = at + 1 if at != -1 else None
            line, col = doc.position(offset if offset is not None else ial_at)
            sep = " "  # IAL classes are joined with spaces
        elif base is None:
            line, col = el.line, el.col
        else:
            offset = base + start
            line, col = doc.position(offset)
        out.append(Token(tok, line, col, sep, offset))
    return out


def _include_class_params(ctx: CheckContext, name: str) -> frozenset[str]:
    """Parameters an include file writes inside a class attribute (read once per process)."""
    cache: dict[str, frozenset[str]] = ctx.resource("dsfr-includes", lambda c: {})
    folder = str(ctx.site.config.get("includes_dir") or "_includes").strip("/")
    ctx.depends_on(f"{folder}/{name}" if folder else name)
    if name not in cache:
        params: set[str] = set()
        root = Path(ctx.site.root)
        path = root / folder / name
        try:
            inside = path.resolve().is_relative_to(root.resolve())
            text = path.read_text(encoding="utf-8", errors="replace") if inside else ""
        except OSError:
            text = ""
        for m in re.finditer(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", text, re.I):
            params.update(re.findall(r"\binclude\.([\w-]+)", m.group(1) or m.group(2) or ""))
        cache[name] = frozenset(params)
    return cache[name]


def include_tokens(doc: Document, ctx: CheckContext) -> Iterator[Token]:
    """Class tokens passed to includes that put the parameter in a class attribute."""
    for tag in doc.liquid_tags:
        if tag.name != "include":
            continue
        call = parse_include(tag.markup)
        if not call.file or not call.params:
            continue
        wanted = _include_class_params(ctx, call.file)
        if not wanted:
            continue
        text = doc.text[tag.start : tag.end]
        for param, value in call.params.items():
            if param not in wanted or not value or "{" in value:
                continue
            pm = re.search(rf"""(?<![\w-]){re.escape(param)}\s*=\s*(["'])""", text)
            if pm is None:
                continue
            base = tag.start + pm.end()
            if doc.text[base : base + len(value)] != value:
                continue  # escaped quotes or the like: positions would be wrong
            for m in re.finditer(r"\S+", value):
                line, col = doc.position(base + m.start())
                sep = value[m.start() - 1] if m.start() else ""
                yield Token(m.group(), line, col, sep, base + m.start())


def all_tokens(doc: Document, ctx: CheckContext) -> Iterator[tuple[Element | None, Token]]:
    for el in doc.elements:
        if "class" in el.attrs:
            for tok in class_tokens(doc, el):
                yield el, tok
    for tok in include_tokens(doc, ctx):
        yield None, tok


# --- DS001 / DS002 --------------------------------------------------------------------


@document_check("DS001")
def unknown_class(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    profile = _profile(ctx)
    known = profile.known
    for _el, tok in all_tokens(doc, ctx):
        cls = tok.value
        if not cls.startswith("fr-") or cls in known or cls in profile.site_classes:
            continue
        verdict = dsfr.judge_unknown(cls, profile)
        yield Finding(
            "DS001",
            tok.line,
            tok.col,
            {
                "cls": cls,
                "version": profile.version,
                "suggestion": verdict.suggestion,
                "first": verdict.first,
                "last": verdict.last,
            },
            variant=verdict.variant,
        )


@document_check("DS002")
def deprecated_class(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    profile = _profile(ctx)
    deprecated = profile.deprecated
    if not deprecated:
        return
    for el, tok in all_tokens(doc, ctx):
        cls = tok.value
        if cls not in deprecated:
            continue
        use, severity = dsfr.replacement(cls, profile)
        variant = None if use else ("drop" if use == "" else "unknown")
        fix = None
        # Safe to rewrite: a one-for-one class rename the docs agree on, not already there.
        if (
            use
            and " " not in use
            and not severity
            and tok.offset is not None
            and (el is None or use not in el.classes)
        ):
            fix = (tok.offset, tok.offset + len(cls), cls, use)
        yield Finding(
            "DS002",
            tok.line,
            tok.col,
            {"cls": cls, "version": profile.version, "use": use or ""},
            variant=variant,
            severity=severity or None,
            fix=fix,
        )


# --- DS003 grid -------------------------------------------------------------------------


def _is_grid_col(cls: str) -> bool:
    return cls == "fr-col" or (cls.startswith("fr-col-") and not cls.startswith("fr-col--"))


def _opaque(doc: Document, el: Element) -> bool:
    """Whether part of the element's content comes from Liquid (an include, ``{{ html }}``)."""
    for e in (el, *doc.descendants(el)):
        if e.tag in (
            "div",
            "section",
            "article",
            "li",
            "ul",
            "ol",
            "nav",
            "header",
            "footer",
            "main",
        ):
            for c in e.content:
                if isinstance(c, str) and OUTPUT in c:
                    return True
    start = doc.offset(el.line, el.col)
    last = el.index
    for d in doc.descendants(el):
        last = max(last, d.index)
    nxt = doc.elements[last + 1] if last + 1 < len(doc.elements) else None
    end = doc.offset(nxt.line, nxt.col) if nxt is not None else len(doc.text)
    return any(
        t.name in ("include", "include_relative", "render") and start <= t.start < end
        for t in doc.liquid_tags
    )


@document_check("DS003")
def grid_structure(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    profile = None
    for el in doc.elements:
        if "class" not in el.attrs:
            continue
        classes = el.classes
        if "fr-grid-row" in classes and el.tag in ("ul", "ol"):
            profile = profile or _profile(ctx)
            if profile.minor < (1, 15):
                yield Finding(
                    "DS003",
                    el.line,
                    el.col,
                    {"tag": el.tag, "version": profile.version},
                    variant="list",
                    severity="info",
                )
        col = next((c for c in classes if _is_grid_col(c)), None)
        if col is None or el.parent == -1:
            continue
        parent = doc.elements[el.parent]
        if "fr-grid-row" in parent.classes:
            continue
        if parent.has_dynamic_class or parent.is_dynamic("class"):
            continue
        yield Finding("DS003", el.line, el.col, {"cls": col, "tag": el.tag, "parent": parent.tag})


# --- DS004 buttons ----------------------------------------------------------------------


def _disabled_link(el: Element) -> bool:
    """DSFR's disabled link: no href, role="link" and aria-disabled="true" (link docs)."""
    return (el.get("aria-disabled") or "").strip() == "true" or el.is_dynamic("aria-disabled")


@document_check("DS004")
def button_element(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if "class" not in el.attrs or "fr-btn" not in el.classes:
            continue
        tag = el.tag
        if tag == "button":
            if "type" not in el.attrs:
                yield Finding(
                    "DS004", el.line, el.col, {"tag": tag}, variant="no-type", severity="warning"
                )
            continue
        if tag == "a":
            if "href" not in el.attrs and not _disabled_link(el):
                yield Finding("DS004", el.line, el.col, {"tag": tag}, variant="no-href")
            continue
        if "-" in tag:
            continue  # a custom element (<router-link>…) renders markup betalint cannot see
        if tag == "input":
            kind = el.get("type")
            if kind is None and el.is_dynamic("type"):
                continue
            if (kind or "text").strip().lower() in ("button", "submit", "reset"):
                continue
            yield Finding("DS004", el.line, el.col, {"tag": f"input type={kind or 'text'}"})
            continue
        yield Finding("DS004", el.line, el.col, {"tag": tag})


# --- DS005 / DS006 icons ----------------------------------------------------------------


def _glyph(classes: list[str]) -> str | None:
    """The icon glyph class of an element (``fr-icon-x``, ``fr-fi-x``; not size modifiers)."""
    for c in classes:
        if (c.startswith("fr-icon-") or c.startswith("fr-fi-")) and not re.fullmatch(
            r"fr-(icon|fi)--\w+", c
        ):
            return c
    return None


def _accessible_name(doc: Document, el: Element) -> bool | None:
    """Whether the element has an accessible name (None: unknown, Liquid decides)."""
    for attr in ("aria-label", "aria-labelledby"):
        if el.is_dynamic(attr):
            return None
        if (el.get(attr) or "").strip():
            return True
    if el.tag == "input":
        if el.is_dynamic("value"):
            return None
        if (el.get("value") or "").strip():
            return True
    text = doc.text_of(el, alt=True)
    if text.strip():
        return True
    if el.is_dynamic("title"):
        return None
    return bool((el.get("title") or "").strip())


#: Containers whose CSS shows the label of icon buttons (dsfr.css: groups with an icon
#: position, the header's tool links and menu links).
_SHOWS_LABEL = ("fr-btns-group--icon-", "fr-header__tools-links", "fr-header__menu-links")


def _label_shown_by_context(doc: Document, el: Element) -> bool:
    for anc in doc.ancestors(el):
        if anc.has_dynamic_class:
            return True
        if any(c.startswith(_SHOWS_LABEL) for c in anc.classes):
            return True
    return False


@document_check("DS005")
def icon_only_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if "class" not in el.attrs:
            continue
        classes = el.classes
        kind = "fr-btn" if "fr-btn" in classes else ("fr-link" if "fr-link" in classes else None)
        if kind is None:
            continue
        icon = _glyph(classes)
        if icon is None or any(c.startswith(f"{kind}--icon-") for c in classes):
            continue
        if el.has_dynamic_class:
            continue  # an --icon-left|right class may come from Liquid
        if kind == "fr-btn" and _label_shown_by_context(doc, el):
            continue
        named = _accessible_name(doc, el)
        if named is None:
            continue
        if not named:
            variant = "link" if kind == "fr-link" else None
            yield Finding("DS005", el.line, el.col, {"icon": icon}, variant=variant)
        elif kind == "fr-btn" and "title" not in el.attrs:
            # (a fr-link keeps its label visible: DSFR's CSS drops the icon instead)
            yield Finding(
                "DS005", el.line, el.col, {"icon": icon}, variant="no-title", severity="warning"
            )


@document_check("DS006")
def icon_hidden(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if el.tag not in ("span", "i") or "class" not in el.attrs:
            continue
        icon = _glyph(el.classes)
        if icon is None:
            continue
        if any(c.startswith(("fr-btn", "fr-link", "fr-tag", "fr-badge")) for c in el.classes):
            continue
        if el.is_dynamic("aria-hidden") or (el.get("aria-hidden") or "").strip() == "true":
            continue
        # an icon given a name is meant to be read (role="img" + aria-label), not hidden
        if any(a in el.attrs for a in ("aria-label", "aria-labelledby", "role", "title")):
            continue
        if doc.text_of(el, alt=True).strip():
            continue
        yield Finding("DS006", el.line, el.col, {"tag": el.tag, "icon": icon})


# --- DS007 component structure ----------------------------------------------------------

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_INTERACTIVE = ("a", "button", "input", "select", "textarea")


def _find(doc: Document, el: Element, cls: str) -> Element | None:
    for d in doc.descendants(el):
        if cls in d.classes:
            return d
    return None


def _in_list_item(doc: Document, el: Element, tags: tuple[str, ...] = ("p", "li")) -> bool:
    return el.parent != -1 and doc.elements[el.parent].tag in tags


def _component(doc: Document, el: Element, name: str) -> Iterator[Finding]:
    """Card or tile (same anatomy): body, content, title, enlarged link."""
    opaque = _opaque(doc, el)
    body = _find(doc, el, f"{name}__body")
    if body is None:
        if not opaque:
            yield _ds7(el, None, component=name, part=f"{name}__body")
        return
    content = _find(doc, body, f"{name}__content")
    title = _find(doc, el, f"{name}__title")
    if content is None and name == "fr-card" and not opaque:
        yield _ds7(body, None, component=name, part=f"{name}__content")
    if title is None:
        if not opaque:
            yield _ds7(el, None, component=name, part=f"{name}__title")
        return
    if title.tag not in _HEADINGS and title.tag != "h1":
        yield _ds7(title, "title-tag", component=name, tag=title.tag)
    if name == "fr-card":
        frame = _find(doc, el, "fr-card__img")
        for img in doc.descendants(frame) if frame is not None else ():
            if (
                img.tag == "img"
                and "fr-responsive-img" not in img.classes
                and not img.has_dynamic_class
            ):
                yield _ds7(img, "card-img")
    classes = el.classes
    if f"{name}--download" in classes and not {"fr-enlarge-link", "fr-enlarge-button"} & set(
        classes
    ):
        yield _ds7(el, "download-enlarge", component=name)
    if "fr-enlarge-link" in classes:
        links = [d for d in doc.descendants(title) if d.tag == "a"]
        if not links and not opaque and not title.has_dynamic_class:
            yield _ds7(title, "enlarge-no-link", component=name)
        in_title = {d.index for d in doc.descendants(title)}
        others = [
            d
            for d in doc.descendants(el)
            if d.tag in _INTERACTIVE and d.index not in in_title and d.get("type") != "hidden"
        ]
        if others:
            yield _ds7(others[0], "enlarge-other", component=name, tag=others[0].tag)


def _ds7(el: Element, variant: str | None, **args: str) -> Finding:
    return Finding("DS007", el.line, el.col, args, variant=variant)


@document_check("DS007")
def component_structure(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if "class" not in el.attrs:
            continue
        classes = el.classes
        if not classes:
            continue
        cset = set(classes)
        if "fr-card" in cset:
            yield from _component(doc, el, "fr-card")
        if "fr-tile" in cset:
            yield from _component(doc, el, "fr-tile")
        # `.fr-enlarge-link a::before` works on any container (DSFR's header and footer
        # brands use it too), but never on the link or button itself.
        if "fr-enlarge-link" in cset and ("fr-btn" in cset or el.tag in ("a", "button")):
            yield _ds7(el, "enlarge-button", tag=el.tag)
        for group in ("fr-btns-group", "fr-tags-group", "fr-badges-group", "fr-links-group"):
            if group in cset and el.tag not in ("ul", "ol"):
                yield _ds7(el, "group-list", group=group, tag=el.tag)
        if "fr-tag" in cset:
            ok = (
                el.tag == "p"
                or (el.tag == "span" and _in_list_item(doc, el))
                or (el.tag == "a" and ("href" in el.attrs or _disabled_link(el)))
                or el.tag in ("button", "input")
            )
            if not ok:
                yield _ds7(el, "tag-element", tag=el.tag)
            elif (
                el.tag == "button"
                and "fr-tag--dismiss" in cset
                and not (el.attrs.get("aria-label") or "").strip()
            ):
                yield _ds7(el, "tag-dismiss")
        if "fr-badge" in cset and not (
            el.tag == "p" or (el.tag == "span" and _in_list_item(doc, el))
        ):
            yield _ds7(el, "badge-element", tag=el.tag)
        if "fr-breadcrumb" in cset:
            yield from _breadcrumb(doc, el)


def _breadcrumb(doc: Document, el: Element) -> Iterator[Finding]:
    if el.tag != "nav":
        yield _ds7(el, "breadcrumb-nav", tag=el.tag)
    if "aria-label" not in el.attrs:
        yield _ds7(el, "breadcrumb-label")
    if _opaque(doc, el):
        return
    button = _find(doc, el, "fr-breadcrumb__button")
    collapse = _find(doc, el, "fr-collapse")
    items = _find(doc, el, "fr-breadcrumb__list")
    if items is None:
        yield _ds7(el, None, component="fr-breadcrumb", part="fr-breadcrumb__list")
        return
    if button is not None:
        target = button.get("aria-controls")
        if collapse is None or (target is not None and target != collapse.get("id")):
            yield _ds7(button, "breadcrumb-controls")
    links = [d for d in doc.descendants(items) if "fr-breadcrumb__link" in d.classes]
    if links and not any("aria-current" in d.attrs for d in links):
        yield _ds7(links[-1], "breadcrumb-current")


# --- DS008 separators and custom classes --------------------------------------------------

#: Families DSFR styles through ``[class^=x]`` and ``[class*=" x"]`` (dsfr.css): only a
#: plain space before the class makes the second selector match.
PREFIX_FAMILIES = (
    "fr-icon-",
    "fr-fi-",
    "fr-col-",
    "fr-btn--icon-",
    "fr-btns-group--icon-",
    "fr-ratio",
    "fr-responsive-img",
    "fr-responsive-vid",
)
_SEPARATORS = {"\n": None, "\r": None, "\t": "tab", "\f": "tab"}  # separator -> variant


@document_check("DS008")
def class_separator(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    custom = ctx.options("DS008").get("custom-classes", True)
    profile = _profile(ctx) if custom else None
    for el in doc.elements:
        if "class" not in el.attrs:
            continue
        for tok in class_tokens(doc, el):
            cls = tok.value
            if (
                tok.sep in _SEPARATORS
                and cls.startswith(PREFIX_FAMILIES)
                and not cls.startswith("fr-col--")
            ):
                family = next(p for p in PREFIX_FAMILIES if cls.startswith(p))
                yield Finding(
                    "DS008",
                    tok.line,
                    tok.col,
                    {"cls": cls, "family": family},
                    variant=_SEPARATORS[tok.sep],
                )
            elif (
                profile is not None
                and cls.startswith("fr-")
                and cls not in profile.known
                and cls in profile.site_classes
            ):
                yield Finding(
                    "DS008",
                    tok.line,
                    tok.col,
                    {"cls": cls, "file": profile.site_classes[cls]},
                    variant="custom",
                    severity="info",
                )
