"""Links and includes that need no URL model: LNK006 link-text-generic, LNK007 link-empty,
LNK008 link-new-window, LNK009 insecure-resource, LNK010 include-missing.

LNK006–LNK009 look at one document's elements (Markdown links and HTML alike). LNK010 is a
site check: whether ``{% include %}`` and ``{% link %}`` name existing files needs the
site's file list, and a layout's ``{% include {{ page.sidebar }} %}`` can only be checked
with the front matter of each page that uses the layout.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml

from betalint.catalogue import rules_dir
from betalint.charsets import common, common_chars
from betalint.checks import CheckContext, Finding, document_check, site_check
from betalint.elements import Document, Element
from betalint.liquid import SENTINELS, resolve
from betalint.source import SafeLoader
from betalint.templates import Scope, Templates, render_name, valid_include_name

# --- accessible name -----------------------------------------------------------------------

_SKIP_TAGS = frozenset(("script", "style", "template", "noscript"))


_END = object()


def link_text(doc: Document, el: Element) -> tuple[str, bool]:
    """The text a link's content gives its accessible name, and whether Liquid is in it.

    Descendants hidden from assistive technologies (``aria-hidden="true"``, ``hidden``)
    contribute nothing; images contribute their ``alt``; ``fr-sr-only`` text counts (it is
    read out). Whitespace is folded.
    """
    parts: list[str] = []
    dynamic = False
    # depth first, in document order, with an explicit stack (no recursive closure: it
    # would make a reference cycle per link, and runs go without the cyclic collector)
    stack = [iter(el.content)]
    while stack:
        c = next(stack[-1], _END)
        if c is _END:
            stack.pop()
            continue
        if isinstance(c, str):
            if any(s in c for s in SENTINELS):
                dynamic = True
            parts.append(c)
            continue
        child = doc.elements[c]
        if child.tag in _SKIP_TAGS or child.has("hidden"):
            continue
        if child.get("aria-hidden") == "true":
            continue
        if child.is_dynamic("aria-hidden"):
            dynamic = True
            continue
        if child.tag in ("img", "area", "input"):
            if child.is_dynamic("alt"):
                dynamic = True
            alt = child.get("alt") or ""
            parts.append(f" {alt} ")
            continue
        label = child.get("aria-label")
        if child.is_dynamic("aria-label"):
            dynamic = True
        if label and child.tag in ("svg", "span", "i", "em", "strong"):
            parts.append(f" {label} ")
            continue
        if child.tag in ("br", "p", "div", "li"):
            parts.append(" ")
        stack.append(iter(child.content))
    return " ".join("".join(parts).split()), dynamic


def _has_visual(doc: Document, el: Element) -> bool:
    """A link whose content is an image or an icon: ALT007/ALT010/DS005 speak for it."""
    if _icon_classes(el):
        return True
    for d in doc.descendants(el):
        if d.tag in ("img", "svg", "picture", "object", "canvas", "input", "area"):
            return True
        if _icon_classes(d):
            return True
    return False


def _icon_classes(el: Element) -> bool:
    return any(c.startswith(("fr-icon-", "fr-fi-", "ri-")) for c in el.classes)


# --- LNK006 --------------------------------------------------------------------------------


@functools.cache
def _edges() -> Any:
    """Punctuation and symbols at the ends of a link text: PyPI's ``regex`` (``re`` has no
    Unicode letter and number classes), imported on first use (see :func:`normalise`)."""
    import regex

    return regex.compile(r"^[^\p{L}\p{N}+]+|[^\p{L}\p{N}+]+$")


#: The common characters (see betalint.charsets) :func:`_edges` trims: neither letters nor
#: numbers by their general category, nor ``+``.
_COMMON_EDGES = "".join(
    c for c in common_chars() if c != "+" and unicodedata.category(c)[0] not in "LN"
)


_NEW_WINDOW = re.compile(
    r"nouvel(?:le)?\s+(?:fen[eê]tre|onglet)|new\s+(?:window|tab)", re.IGNORECASE
)
_NEW_WINDOW_SUFFIX = re.compile(
    r"[\s\-–—,(]*(?:\(?\s*(?:ouvre\s+(?:dans\s+)?une\s+|s'ouvre\s+dans\s+une\s+|opens?\s+in\s+a\s+)?"
    r"(?:nouvel(?:le)?\s+(?:fen[eê]tre|onglet)|new\s+(?:window|tab))\s*\)?)\s*$",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Lowercase, apostrophes and spaces folded, punctuation and symbols trimmed at the ends."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").lower()
    text = " ".join(text.split())
    if common(text):
        return text.strip(_COMMON_EDGES)  # (most texts: no need of ``regex``)
    return _edges().sub("", text)


def _load_vocabulary(ctx: CheckContext | None = None) -> frozenset[str]:
    path = rules_dir() / "vocab" / "link-text-generic.yml"
    # (libyaml's safe loader, as for the other vocabularies: PyYAML's own, in Python, took
    # 2 ms of every run that checks a link text)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader) or {}
    words: set[str] = set()
    for values in data.values():
        words.update(normalise(str(v)) for v in values or ())
    words.discard("")
    return frozenset(words)


def is_generic(text: str, vocabulary: frozenset[str]) -> bool:
    """Whether a link text says nothing on its own (a vocabulary phrase, or only symbols)."""
    if not text.strip():
        return False
    norm = normalise(text)
    return norm in vocabulary or not norm


@document_check("LNK006")
def link_text_generic(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    vocabulary = ctx.resource("link-text-generic", _load_vocabulary)
    for el in doc.elements:
        if el.tag != "a" or not el.has("href"):
            continue
        text, dynamic = link_text(doc, el)
        if dynamic or not is_generic(text, vocabulary):
            continue
        if el.is_dynamic("aria-label") or el.is_dynamic("title") or el.has("aria-labelledby"):
            continue
        label = el.get("aria-label")
        if label and label.strip() and not is_generic(label, vocabulary):
            continue  # the accessible name is explicit
        title = el.get("title")
        if title:
            title = _NEW_WINDOW_SUFFIX.sub("", title)
            if title.strip() and not is_generic(title, vocabulary):
                continue  # the title completes the text (RGAA 6.1 accepts it)
        yield Finding("LNK006", el.line, el.col, {"text": text})


# --- LNK007 --------------------------------------------------------------------------------


@document_check("LNK007")
def link_empty(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if el.tag != "a" or not el.has("href"):
            continue
        is_button = el.get("role") == "button"
        href = el.get("href")
        if href is not None and not is_button:
            stripped = href.strip()
            if stripped == "":
                yield Finding("LNK007", el.line, el.col, {}, variant="empty-href")
                continue
            if stripped == "#":
                yield Finding("LNK007", el.line, el.col, {}, variant="hash-href")
                continue
        text, dynamic = link_text(doc, el)
        if text or dynamic:
            continue
        if any(el.is_dynamic(a) for a in ("aria-label", "title", "aria-labelledby")):
            continue
        if (el.get("aria-label") or "").strip() or (el.get("title") or "").strip():
            continue
        if el.has("aria-labelledby"):
            continue
        if _has_visual(doc, el):
            continue  # an image or icon link: the ALT and DSFR rules say what it lacks
        yield Finding("LNK007", el.line, el.col, {})


# --- LNK008 --------------------------------------------------------------------------------

_NEW_TARGETS = frozenset(("_blank", "blank", "_new", "new"))


@document_check("LNK008")
def link_new_window(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in doc.elements:
        if el.tag != "a" or not el.has("href"):
            continue
        target = el.get("target")
        if target is None or target.strip().lower() not in _NEW_TARGETS:
            continue
        text, dynamic = link_text(doc, el)
        raw_title = el.attrs.get("title")
        label = el.attrs.get("aria-label")
        # static parts of Liquid values still count ("{{ x }} - nouvelle fenêtre")
        if any(v and _NEW_WINDOW.search(v) for v in (text, raw_title, label)):
            continue
        if dynamic or el.is_dynamic("title") or el.is_dynamic("aria-label"):
            continue
        shown = text or (label or "").strip() or "…"
        if raw_title:
            yield Finding(
                "LNK008",
                el.line,
                el.col,
                {"title": raw_title.strip(), "text": shown},
                variant="title",
            )
        else:
            yield Finding("LNK008", el.line, el.col, {"text": shown})


# --- LNK009 --------------------------------------------------------------------------------

#: element → (attributes holding a resource URL, message variant)
_RESOURCES: dict[str, tuple[tuple[str, ...], str]] = {
    "img": (("src", "srcset"), "image"),
    "source": (("src", "srcset"), "media"),
    "video": (("src", "poster"), "media"),
    "audio": (("src",), "media"),
    "track": (("src",), "media"),
    "embed": (("src",), "media"),
    "object": (("data",), "media"),
    "script": (("src",), "script"),
    "iframe": (("src",), "frame"),
    "frame": (("src",), "frame"),
    "input": (("src",), "image"),
}
_LINK_RESOURCE_RELS = frozenset(
    ("stylesheet", "icon", "apple-touch-icon", "mask-icon", "preload", "modulepreload", "manifest")
)
_HTTP = re.compile(r"^\s*http://([^/\s?#]*)", re.IGNORECASE)
_LOCAL_HOSTS = re.compile(
    r"^(?:localhost|127(?:\.\d+){3}|\[::1\]|[^:]*\.localhost)(?::\d+)?$", re.I
)
_STYLE_URL = re.compile(r"""url\(\s*['"]?(http://[^'")\s]+)""", re.IGNORECASE)


def _insecure(url: str) -> bool:
    m = _HTTP.match(url)
    return bool(m) and not _LOCAL_HOSTS.match(m.group(1))


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    return [value]


@document_check("LNK009")
def insecure_resource(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    site_vars = ctx.site.site_vars
    for el in doc.elements:
        spec = _RESOURCES.get(el.tag)
        if el.tag == "link":
            rels = set((el.get("rel") or "").lower().split())
            if not rels & _LINK_RESOURCE_RELS:
                continue
            spec = (("href",), "stylesheet" if "stylesheet" in rels else "image")
        elif el.tag == "input" and (el.get("type") or "").lower() != "image":
            spec = None
        if spec is not None:
            names, variant = spec
            for name in names:
                value = el.attrs.get(name)
                if not value:
                    continue
                if el.is_dynamic(name):
                    resolved = resolve(el.liquid_source(name) or "", site_vars)
                    if not isinstance(resolved, str):
                        continue
                    value = resolved
                for url in _urls(name, value):
                    if _insecure(url):
                        yield Finding(
                            "LNK009",
                            el.line,
                            el.col,
                            {"url": url.strip(), "https": "https://" + url.strip()[7:]},
                            variant=variant,
                        )
                        break
        style = el.get("style")
        if style and "http://" in style.lower():
            for m in _STYLE_URL.finditer(style):
                if _insecure(m.group(1)):
                    url = m.group(1)
                    yield Finding(
                        "LNK009",
                        el.line,
                        el.col,
                        {"url": url, "https": "https://" + url[7:]},
                        variant="image",
                    )
                    break


# --- LNK010 --------------------------------------------------------------------------------

_LIQUID_KINDS = frozenset(("page", "document", "layout", "include"))
_POST = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")


class _LinkIndex:
    """What ``{% link %}`` and ``{% post_url %}`` can name (specs §4), built once."""

    def __init__(self, site: Any) -> None:
        s = site.site
        self.cdir = str(s.config.get("collections_dir") or "").strip("/")
        collections = s.collections
        self.targets: dict[str, str] = {}  # accepted argument → "ok" | "not-output" | …
        self.posts: set[str] = set()
        docs = site.documents
        for sf in s.files:
            r = docs.get(sf.rel)
            kind = r.kind if r is not None and r.kind != "skipped" else "static"
            fm = (r.summary.get("front_matter") if r is not None else None) or {}
            unpublished = isinstance(fm, dict) and fm.get("published") is False
            if sf.role == "page":
                if kind == "static":
                    self._add(sf.rel, "ok")
                    self._add("/" + sf.rel, "ok")
                else:
                    self._add(sf.rel, "not-published" if unpublished else "ok")
            elif sf.role in ("collection", "post") and sf.rel_collection:
                output = bool(collections.get(sf.collection or "", {}).get("output"))
                if sf.role == "post":
                    self.posts.add(os.path.splitext(os.path.basename(sf.rel))[0])
                state = "ok" if output else "not-output"
                if kind == "static":
                    self._add(sf.rel_collection, state)
                    self._add("/" + sf.rel_collection, state)
                else:
                    self._add(sf.rel_collection, "not-published" if unpublished else state)

    def _add(self, key: str, state: str) -> None:
        if self.targets.get(key) != "ok":
            self.targets[key] = state

    def link(self, target: str) -> tuple[str, str | None]:
        """(variant, suggestion): variant None when the tag resolves."""
        state = self.targets.get(target)
        if state == "ok":
            return "", None
        if state is not None:
            return state, None
        bare = target.lstrip("/")
        if bare.startswith("./"):
            bare = bare[2:]
        if bare != target and self.targets.get(bare) == "ok":
            return "leading-slash", bare
        if self.cdir and bare.startswith(self.cdir + "/"):
            inner = bare[len(self.cdir) + 1 :]
            if self.targets.get(inner) == "ok":
                return "collections-dir", inner
        return "missing", None

    def post(self, target: str) -> str | None:
        m = _POST.match(target.lstrip("/"))
        if m is None:
            return "post-invalid"
        return None if f"{m.group(2)}-{m.group(3)}" in self.posts else "post-missing"


class _DynamicNames:
    """Whether putting a page together can meet an include whose name is written with
    ``{{ }}`` (the only ones LNK010 judges per page): most pages of a site meet none, and
    are then not put together at all. Conservative: a name or layout it cannot follow
    statically (``{{ }}``, ``include_relative``, a loop of includes) counts as one."""

    def __init__(self, templates: Templates, outline: dict[str, Any]) -> None:
        self.templates = templates
        self.outline = outline
        self._memo: dict[str, bool] = {}

    def page(self, path: str) -> bool:
        if self.file(path):
            return True
        current, chain = path, []
        while len(chain) < 10:
            rel, known = self.templates.layout_of(current)
            if not known:
                return True
            if rel is None or rel in chain:
                return False
            if self.file(rel):
                return True
            chain.append(rel)
            current = rel
        return True

    def file(self, rel: str, stack: tuple[str, ...] = ()) -> bool:
        if rel in self._memo:
            return self._memo[rel]
        if rel in stack:
            return True
        info = self.outline.get(rel)
        found = False
        for ev in info["events"] if info else ():
            if ev[0] != "inc":
                continue
            relative, written = ev[1], ev[2]
            if relative or "{" in written:
                found = True
                break
            target = self.templates.include_path(written.strip())
            if target is not None and self.file(target, (*stack, rel)):
                found = True
                break
        self._memo[rel] = found
        return found


@site_check("LNK010", collect=("outline",))
def include_missing(site: Any) -> Iterator[Finding]:
    if site.site.mode != "jekyll":
        return
    templates: Templates = site.get("templates", Templates)
    outline = site.collected.get("outline", {})
    folder = templates.includes_dir
    skip = getattr(site, "skip", None)
    for path in outline:
        r = site.documents.get(path)
        if r is None or r.kind not in _LIQUID_KINDS:
            continue
        if skip is not None and skip(path):
            continue  # a page whose findings the run does not report
        info = outline[path]
        data = templates.page_data(path) if r.kind in ("page", "document") else {}
        if data.get("render_with_liquid") is False:
            continue
        for ev in info["events"]:
            if ev[0] == "inc":
                yield from _static_include(path, r.kind, ev, templates, folder)
            elif ev[0] == "link":
                # (built on first use: it reads the front matter of every file)
                index: _LinkIndex = site.get("link-index", _LinkIndex)
                yield from _link_tag(path, r.kind, ev, templates, index)
    # names written with {{ page.x }} in layouts and includes: per page that uses them
    seen: set[tuple[str, int, int, str]] = set()
    may_name = _DynamicNames(templates, outline)
    for path, r in site.documents.items():
        if r.kind not in ("page", "document") or not r.checked:
            continue
        if skip is not None and skip(path):
            continue  # findings of pages not reported (the run names some files only)
        if not may_name.page(path):
            continue  # nothing it renders names an include with {{ }}: nothing to report
        rendered = templates.render(path)
        fm_lines = outline.get(path, {}).get("fm_lines", {})
        for use in rendered.includes:
            if "{{" not in use.written or use.name is None or not use.certain:
                continue
            if use.relative:
                continue
            if use.name and valid_include_name(use.name) and use.resolved is not None:
                continue
            if templates.has_theme and use.name and valid_include_name(use.name):
                continue
            key = next((k for k in use.keys if k in fm_lines), None)
            where = path
            if use.path == path:
                pos = (use.line, use.col)  # the page's own tag
            elif key is not None:
                pos = (fm_lines[key], 1)  # the front-matter value that names the file
            elif use.page_pos is not None:
                pos = use.page_pos  # the include the page wrote
            elif not use.keys:
                # named from include parameters in the layout: the same for every page,
                # reported once at the tag
                where, pos = use.path, (use.line, use.col)
            else:
                pos = (1, 1)  # from a `defaults` value: the page is where it applies
            mark = (where, pos[0], pos[1], use.name)
            if mark in seen:
                continue
            seen.add(mark)
            args = {
                "written": use.written,
                "name": use.name,
                "source": use.path,
                "folder": folder,
            }
            variant = "variable-missing" if use.name else "variable-empty"
            if use.name and not valid_include_name(use.name):
                variant = "variable-invalid"
            yield Finding("LNK010", pos[0], pos[1], args, variant=variant, path=where)


def _static_include(
    path: str, kind: str, ev: tuple[Any, ...], templates: Templates, folder: str
) -> Iterator[Finding]:
    _k, relative, written, _params, params_ok, line, col, _g = ev
    tag = "include_relative" if relative else "include"
    if not params_ok:
        yield Finding(
            "LNK010", line, col, {"tag": tag, "name": written}, variant="params", path=path
        )
        return
    if "{{" in written or "{%" in written:
        return  # depends on the page (and the include's caller): checked per page
    if not valid_include_name(written):
        yield Finding(
            "LNK010", line, col, {"tag": tag, "name": written}, variant="invalid-name", path=path
        )
        return
    if relative:
        if kind not in ("page", "document"):
            return  # relative to each page that uses the layout
        if templates.relative_path(path, written) is None:
            target = os.path.normpath(os.path.join(os.path.dirname(path), written))
            yield Finding(
                "LNK010",
                line,
                col,
                {"name": written, "target": target.replace(os.sep, "/")},
                variant="relative",
                path=path,
            )
        return
    if templates.include_path(written) is None and not templates.has_theme:
        yield Finding("LNK010", line, col, {"name": written, "folder": folder}, path=path)


def _page_scope(templates: Templates, path: str) -> Scope:
    return Scope(
        page=templates.page_data(path),
        site=templates.site_vars,
        page_title_computed=templates.summary(path).get("kind") == "document",
    )


def _link_tag(
    path: str, kind: str, ev: tuple[Any, ...], templates: Templates, index: _LinkIndex
) -> Iterator[Finding]:
    _k, tag, target, line, col, _g = ev
    if "{{" in target or "{%" in target:
        if kind not in ("page", "document") or tag == "post_url":
            return
        rendered, _keys = render_name(target, _page_scope(templates, path))
        if rendered is None:
            return
        target = rendered
    target = target.strip()
    if not target:
        return
    if tag == "post_url":
        variant = index.post(target)
        if variant:
            yield Finding("LNK010", line, col, {"target": target}, variant=variant, path=path)
        return
    variant, suggestion = index.link(target)
    if not variant:
        return
    args = {"target": target, "suggestion": suggestion or ""}
    yield Finding("LNK010", line, col, args, variant=f"link-{variant}", path=path)
