"""Internal links resolved as the host serves them: LNK001 link-broken, LNK002
anchor-missing, LNK003 asset-missing, LNK004 link-own-domain, LNK005 link-to-redirect.

The ``links`` collector (in the workers) lists every URL a file writes — ``href`` of links,
``src``/``srcset``/``poster``/``data`` of images and media, resource ``<link>``s, ``url()``
in ``style`` — with the Liquid pieces betalint can evaluate already evaluated
(:func:`betalint.liquid.resolve`). The site checks then resolve each one against the site
index and the host profile (:mod:`betalint.hosts`) once, in the main process, and each rule
takes its share of the outcome.

What is never reported: values built with Liquid betalint cannot evaluate (counted, and
said in a note), relative links in layouts and includes (they depend on each page),
external links, ``mailto:``/``tel:``/``data:``/``javascript:``, and anchors of pages whose
ids cannot all be known (ids built by Liquid or scripts).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from betalint.anchors import PageAnchors, page_anchors
from betalint.checks import CheckContext, Finding, collector, site_check
from betalint.elements import Document
from betalint.i18n import normalise as normalise_lang
from betalint.i18n import t
from betalint.liquid import LinkTag, resolve
from betalint.source import UTF8_BOM
from betalint.templates import GuardIndex, Templates, evaluate_guard
from betalint.urls import URL_SCHEME

if TYPE_CHECKING:
    from betalint.hosts import Resolver, Served
    from betalint.index import Item, SiteIndex

CODES = ("LNK001", "LNK002", "LNK003", "LNK004", "LNK005")

# --- collector -----------------------------------------------------------------------------

#: element → attributes holding a URL, and what it loads: "asset" (a file the page needs)
#: or "either" (navigation: a page, or a file such as a PDF, told apart by its extension).
_URL_ATTRS: dict[str, tuple[tuple[str, ...], str]] = {
    "a": (("href",), "either"),
    "area": (("href",), "either"),
    "iframe": (("src",), "either"),
    "frame": (("src",), "either"),
    "img": (("src", "srcset"), "asset"),
    "source": (("src", "srcset"), "asset"),
    "video": (("src", "poster"), "asset"),
    "audio": (("src",), "asset"),
    "track": (("src",), "asset"),
    "embed": (("src",), "asset"),
    "object": (("data",), "asset"),
    "script": (("src",), "asset"),
    "use": (("href", "xlink:href"), "asset"),
    "image": (("href", "xlink:href"), "asset"),
}
_ASSET_RELS = frozenset(
    (
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "manifest",
    )
)
_PAGE_RELS = frozenset(("canonical", "alternate", "prev", "next", "help", "license", "search"))
#: Tags whose absolute self-links LNK004 reports (not ``<link rel="canonical">``, where an
#: absolute URL is the rule).
_OWN_DOMAIN_TAGS = frozenset(("a", "area", "img", "source", "video", "audio", "iframe"))
_STYLE_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""", re.IGNORECASE)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (HTML's parsing: a URL, then descriptors up to a comma)."""
    out = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while pos < n and value[pos] != ",":
                pos += 1  # descriptors
        if url:
            out.append(url)
    return out


def _placeless_links(links: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(*link[:5], *link[7:]) for link in links]  # without line and col


# Links of a page are resolved for that page's findings only; the links of layouts and
# includes (checked for the pages using them) are not private: see engine._placeless_digest.
def _link_places(links: list[tuple[Any, ...]]) -> list[tuple[int, int | None]]:
    return [(link[5], link[6]) for link in links]


@collector("links", placeless=_placeless_links, private=True, places=_link_places)
def collect_links(doc: Document, ctx: CheckContext) -> list[tuple[Any, ...]]:
    """``(role, tag, attr, value, shown, line, col, literal, guard)`` for every URL of the file.

    ``value`` is the URL (Liquid evaluated), a ``(tag, target, suffix)`` tuple for
    ``{% link %}``/``{% post_url %}``, or None when it is dynamic. ``shown`` is the value
    as written when it holds Liquid. ``literal``: written without any Liquid. ``guard``:
    the Liquid conditions around it, in layouts and includes (evaluated per page)."""
    site_vars = ctx.site.site_vars
    guards = (
        GuardIndex(doc.liquid_tags)
        if doc.kind in ("layout", "include") and doc.liquid_tags
        else None
    )
    out: list[tuple[Any, ...]] = []
    for el in doc.elements:
        spec = _URL_ATTRS.get(el.tag)
        if el.tag == "link":
            rels = set((el.get("rel") or "").lower().split())
            if rels & _ASSET_RELS:
                spec = (("href",), "asset")
            elif rels & _PAGE_RELS:
                spec = (("href",), "either")
            else:
                spec = None
        elif el.tag == "input":
            spec = (("src",), "asset") if (el.get("type") or "").lower() == "image" else None
        style = el.attrs.get("style")
        if spec is None and not (style and "url(" in style.lower()):
            continue
        guard = guards.at(doc.offset(el.line, el.col)) if guards is not None else ()
        if spec is not None:
            names, role = spec
            for name in names:
                raw = el.attrs.get(name)
                if raw is None:
                    continue
                literal = not el.is_dynamic(name)
                shown = ""
                value: Any = raw
                if not literal:
                    shown = el.liquid_source(name) or ""
                    resolved = resolve(shown, site_vars)
                    if isinstance(resolved, LinkTag):
                        value = (resolved.kind, resolved.target, resolved.suffix)
                    else:
                        value = resolved
                base = (role, el.tag, name)
                if name == "srcset" and isinstance(value, str):
                    for url in srcset_urls(value):
                        out.append((*base, url, shown, el.line, el.col, literal, guard))
                    continue
                out.append((*base, value, shown, el.line, el.col, literal, guard))
        if style and "url(" in style.lower() and not el.is_dynamic("style"):
            for m in _STYLE_URL.finditer(style):
                out.append(("asset", el.tag, "style", m.group(2), "", el.line, el.col, True, guard))
    return out


# --- the shared resolution -------------------------------------------------------------------


#: Files well-known plugins write without a source file (when the plugin is enabled).
#: jekyll-redirect-from's ``redirects.json`` is not here: the URL index knows when the
#: plugin writes it (:attr:`betalint.index.SiteIndex.generated`), so links and FM003 agree.
_PLUGIN_FILES = {
    "jekyll-feed": ("feed.xml", "feed"),
    "jekyll-sitemap": ("sitemap.xml", "robots.txt"),
}


def plugin_paths(site: Any) -> list[str]:
    """Paths written by the site's plugins (jekyll-feed, jekyll-sitemap, jekyll-paginate),
    to count as published."""
    config = site.config
    names: set[str] = set()
    for key in ("plugins", "gems"):
        value = config.get(key)
        if isinstance(value, list):
            names.update(str(v) for v in value)
    try:
        gemfile = (site.root / "Gemfile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        gemfile = ""
    if "github-pages" in gemfile:
        names.update(("jekyll-feed", "jekyll-sitemap"))
    for name in _PLUGIN_FILES:
        if re.search(rf"""gem\s+['"]{name}['"]""", gemfile):
            names.add(name)
    out: list[str] = []
    for name, paths in _PLUGIN_FILES.items():
        if name in names:
            out.extend(paths)
    feed = config.get("feed")
    if "jekyll-feed" in names and isinstance(feed, dict) and isinstance(feed.get("path"), str):
        out.append(feed["path"])
    if {"jekyll-paginate", "jekyll-paginate-v2"} & names or config.get("paginate"):
        pattern = str(config.get("paginate_path") or "/page:num/")
        out.append(pattern.replace(":num", "*").strip("/"))
    return [p.strip("/") for p in out if p.strip("/")]


def build_resolver(site: Any) -> Resolver:
    """``site.get("resolver", build_resolver)``: the host profile of this run."""
    # (the URL index and host profiles are site-check machinery, imported when first used:
    # a run whose site results are reused lints its changed files without them)
    from betalint.hosts import Resolver, detect_host, server_redirects
    from betalint.index import build_index

    index: SiteIndex = site.get("index", build_index)
    settings = getattr(site.config, "settings", {}) or {}
    host = settings.get("host") or detect_host(site.site.root)
    config = site.site.config
    site_url = str(config.get("url") or "") if site.site.mode == "jekyll" else ""
    if site_url and not _valid_site_url(site_url):
        # Jekyll does not check `url` either; the links are still checked, but those
        # written with the site's full address can no longer be recognised as internal.
        lang = site.config.lang or normalise_lang(site.site.lang) or "en"
        site.shared.setdefault("notes", []).append(t("site-url-invalid", lang, url=site_url))
        site_url = ""
    return Resolver(
        index,
        host=host,
        site_url=site_url,
        baseurl=str(config.get("baseurl") or "") if site.site.mode == "jekyll" else "",
        redirects=server_redirects(settings.get("server-redirects") or []),
        exact_paths=list(settings.get("server-exact-paths") or []),
        kept=[
            *(str(k) for k in (config.get("keep_files") or []) if isinstance(k, str)),
            *plugin_paths(site.site),
        ]
        if site.site.mode == "jekyll"
        else [],
    )


def _valid_site_url(url: str) -> bool:
    """Whether `url` (``_config.yml``'s ``url``) can be read as a web address at all:
    ``https://x[y`` makes the URL parser fail (an unclosed IPv6 bracket)."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port
    except ValueError:
        return False
    return True


_PAGE_KINDS = frozenset(("page", "document", "static", "plain"))
_TEMPLATE_KINDS = frozenset(("layout", "include"))
#: Problems found for one link: (code, message variant, message arguments).
Problem = tuple[str, str | None, dict[str, Any]]
_OUTPUT = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)
_PAGE_VAR = re.compile(r"(?<![\w.])(include|page)\.([A-Za-z_][\w-]*)\b")


def _per_page_value(shown: str, scope: Any, site_vars: dict[str, Any]) -> tuple[str, str] | None:
    """A value written with ``{{ include.x }}`` or ``{{ page.x }}`` (filters on them
    allowed when betalint knows them) as one page renders it, and the variable's root
    (``include`` or ``page``); None when anything else is dynamic."""
    roots: set[tuple[str, str]] = set()

    def literal(m: re.Match[str]) -> str:
        value = scope.lookup(f"{m.group(1)}.{m.group(2)}")
        if not isinstance(value, str) or '"' in value:
            raise LookupError
        roots.add((m.group(1), m.group(2)))
        return '"' + value + '"'

    def output(m: re.Match[str]) -> str:
        return "{{" + _PAGE_VAR.sub(literal, m.group(1)) + "}}"

    try:
        text = _OUTPUT.sub(output, shown)
    except LookupError:
        return None
    if len({r for r, _k in roots}) != 1:
        return None
    value = resolve(text, site_vars)
    if not isinstance(value, str):
        return None
    root, key = next(iter(roots))
    return value, (key if root == "page" else "")


class _Run:
    """One pass over every collected link; findings per rule."""

    def __init__(self, site: Any) -> None:
        self.site = site
        from betalint.index import build_index

        self.index: SiteIndex = site.get("index", build_index)
        self.resolver: Resolver = site.get("resolver", build_resolver)
        self.enabled = site.config.enabled
        self.findings: dict[str, list[Finding]] = {c: [] for c in CODES}
        self._parses: dict[tuple[str, str | None], Any] = {}
        #: links that could not be checked, per file holding them (reported files only):
        #: the engine sums them over the files a run reports (see ``betalint.engine``)
        self.unchecked: dict[str, int] = {}
        self._counting: str | None = None  # the reported file the link being checked is in
        wants = getattr(site, "wants", None)
        skip = getattr(site, "skip", None)
        self.wants = wants if wants is not None else (lambda path: True)
        self.skip = skip if skip is not None else (lambda path: False)
        self._anchors: dict[str, PageAnchors | None] = {}
        self._served: dict[str, Served] = {}
        self._missing: dict[tuple[str, bool], tuple[str | None, dict[str, str]]] = {}
        self._seen: set[tuple[Any, ...]] = set()
        self._texts: dict[str, str] = {}  # file texts read for LNK004's corrections
        self.root = site.site.root
        self.can_anchor = "anchors" in site.collected and "outline" in site.collected

    def run(self, own: bool = True, per_page: bool = True) -> None:
        """Check every link: `own`, the links of each file that do not depend on the page
        rendering them; `per_page`, the links of layouts and includes that do, on each
        page using them. The two halves are independent (see :func:`join_halves`)."""
        deferred: list[tuple[str, tuple[Any, ...]]] = []
        links_of = self.site.collected.get("links", {})
        for path in sorted(links_of):
            r = self.site.documents.get(path)
            if r is None:
                continue
            skipped = self.skip(path)  # a page whose findings the run does not report
            if skipped and r.kind not in _TEMPLATE_KINDS:
                continue  # (its links are not even read: see betalint.halves)
            links = links_of[path]
            self._counting = path if self.wants(path) else None
            item = self.index.by_source(path) if r.kind in _PAGE_KINDS else None
            base = self.resolver.base_of(item) if item is not None else None
            own_ids = self._unguarded_ids(path) if r.kind in _TEMPLATE_KINDS else frozenset()
            for link in links:
                if r.kind in _TEMPLATE_KINDS and _depends_on_page(link):
                    value = link[3]
                    if isinstance(value, str) and value.startswith("#") and value[1:] in own_ids:
                        continue  # a skip link to an id of the same file: there on every page
                    deferred.append((path, link))
                    continue
                if skipped or not own:
                    continue
                if link[3] is None:
                    self._uncheck()
                    continue
                _role, _tag, _attr, _v, _s, line, col, _lit, _g = link
                for code, variant, args in self._safe_check(link, link[3], item, base, True):
                    self._add(code, path, line, col, args, variant)
        if deferred and per_page:
            self._per_page(deferred)

    def _parse(self, value: str, base: str | None) -> Any:
        """``resolver.parse``, once per link value and page address (a layout's links are
        checked for every page using it). A root-relative value names the same path
        from any page: its page address does not count."""
        key = (value, None if value[:1] == "/" and value[1:2] not in ("/", "\\") else base)
        parsed = self._parses.get(key)
        if parsed is None:
            parsed = self._parses[key] = self.resolver.parse(value, base)
        return parsed

    def _uncheck(self) -> None:
        """Count a link that could not be checked, if it is in a reported file."""
        if self._counting is not None:
            self.unchecked[self._counting] = self.unchecked.get(self._counting, 0) + 1

    def _unguarded_ids(self, path: str) -> frozenset[str]:
        """Ids a layout or include always prints with itself (no Liquid condition)."""
        info = self.site.collected.get("anchors", {}).get(path)
        if not info:
            return frozenset()
        return frozenset(i[0] for i in info["ids"] if not i[4])

    def _per_page(self, deferred: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Links of layouts and includes that depend on the page (relative links, same-page
        anchors, ``{{ include.x }}``/``{{ page.x }}``), checked on every page rendering them.

        Same-page and relative problems are reported once, at the link in the layout or
        include; a value that comes from a page (its front matter, or the parameters of an
        include it calls) is reported in that page, where it can be corrected."""
        if "outline" not in self.site.collected:
            for path, _link in deferred:
                self._counting = path if self.wants(path) else None
                self._uncheck()
            return
        users = self._users()
        site_vars = self.site.site.site_vars
        fm_lines_of = self.site.collected["outline"]
        for path, link in deferred:
            self._counting = path if self.wants(path) else None
            _role, _tag, _attr, value, shown, line, col, _lit, guard = link
            pages = users.get(path, [])
            checked = False
            for page, part in pages:
                if guard and (part.scope is None or evaluate_guard(guard, part.scope) is not True):
                    continue
                where: tuple[str, int, int] = (path, line, col)
                v, this = value, link
                if v is None:
                    if part.scope is None:
                        continue
                    found = _per_page_value(shown, part.scope, site_vars)
                    if found is None:
                        continue
                    v, key = found
                    if key:  # a front-matter value of the page
                        fm_line = fm_lines_of.get(page, {}).get("fm_lines", {}).get(key)
                        if fm_line is None:
                            continue
                        where = (page, fm_line, 1)
                    elif part.page_pos is not None:  # an include parameter the page gave
                        where = (page, *part.page_pos)
                    else:
                        continue
                    this = (*link[:4], "", *link[5:])  # messages show the page's value
                checked = True
                item = self.index.by_source(page)
                base = self.resolver.base_of(item) if item is not None else None
                same = where[0] == page
                for code, variant, args in self._safe_check(this, v, item, base, same):
                    self._add(code, *where, args, variant)
            if not checked:
                self._uncheck()

    def _users(self) -> dict[str, list[tuple[str, Any]]]:
        """Layout or include → the pages certainly rendering it, with the part's scope."""
        templates: Templates = self.site.get("templates", Templates)
        users: dict[str, list[tuple[str, Any]]] = {}
        for page, r in sorted(self.site.documents.items()):
            if r.kind not in ("page", "document") or not r.checked:
                continue
            if self.skip(page):
                continue  # not reported: its renderings of layouts and includes are not needed
            item = self.index.by_source(page)
            if item is None or not item.published:
                continue
            for part in templates.render(page).parts:
                if part.path and part.kind in _TEMPLATE_KINDS and part.certain:
                    users.setdefault(part.path, []).append((page, part))
        return users

    # -- one link ------------------------------------------------------------------------
    def _safe_check(
        self, link: tuple[Any, ...], value: Any, item: Item | None, base: str | None, same: bool
    ) -> list[Problem]:
        try:
            return self._check(link, value, item, base, same)
        except Exception:  # odd input must not stop the other links
            self._uncheck()
            return []

    def _check(
        self, link: tuple[Any, ...], value: Any, item: Item | None, base: str | None, same: bool
    ) -> list[Problem]:
        """What is wrong with one link (`value`) written in the page `item` served at
        `base`; `same`: the finding is placed in that page (else in a layout or include,
        and messages name the page)."""
        role, tag, _attr, _v, shown, _line, _col, literal, _g = link
        if isinstance(value, tuple):
            kind, target, suffix = value
            found = (
                self.index.link_target(target)
                if kind == "link"
                else self.index.post_url_target(target)
            )
            if found is None or not found.url:
                return []  # LNK010 reports the tag
            value = self.resolver.prefix + found.url + suffix
        written = (shown or value).strip()
        parsed = self._parse(value, base)
        if isinstance(parsed, str):
            if parsed == "relative":
                self._uncheck()
            return []
        out: list[Problem] = []
        if parsed.problem == "scheme":
            return [("LNK001", "scheme", {"url": written})]
        if parsed.problem == "baseurl":
            suggestion = self.resolver.prefix + parsed.path
            args = {"url": written, "baseurl": self.resolver.prefix, "suggestion": suggestion}
            return [("LNK001", "baseurl", args)]
        if parsed.own_domain and literal and tag in _OWN_DOMAIN_TAGS:
            rel = parsed.raw_path + (f"?{parsed.query}" if parsed.query else "")
            if parsed.fragment is not None:
                rel += "#" + parsed.fragment
            out.append(("LNK004", None, {"url": written, "suggestion": rel}))
        if parsed.same_document:
            if parsed.fragment and item is not None:
                out.extend(self._fragment(written, item, parsed.fragment, same))
            return out
        served = self._serve(parsed.path)
        if served.status == "redirect":
            out.extend(self._redirected(written, served))
            return out
        if served.found:
            if parsed.fragment and served.item is not None:
                here = same and item is not None and served.item is item
                out.extend(self._fragment(written, served.item, parsed.fragment, here))
            return out
        from betalint.hosts import is_file_path  # (a missing target: rare)

        asset = role == "asset" or is_file_path(parsed.path)
        variant, args = self._why_missing(served, asset)
        out.append(("LNK003" if asset else "LNK001", variant, {"url": written, **args}))
        return out

    def _serve(self, path: str) -> Served:
        served = self._served.get(path)
        if served is None:
            served = self._served[path] = self.resolver.serve(path)
        return served

    def _redirected(self, written: str, served: Served) -> list[Problem]:
        res = self.resolver
        chain = " → ".join([written, *served.chain])
        if served.problem is not None:
            return [("LNK001", "redirect-loop", {"url": written, "chain": chain})]
        if served.external is not None:
            args = {"url": written, "target": served.external, "chain": chain}
            return [("LNK005", "external", args)]
        final = served.final
        if final is None:
            return []
        args = {"url": written, "target": res.public_url(final.url or final.path), "chain": chain}
        if not final.found:
            return [("LNK001", "redirect-broken", args)]
        return [("LNK005", "chain" if len(served.chain) > 1 else None, args)]

    def _why_missing(self, served: Served, asset: bool) -> tuple[str | None, dict[str, str]]:
        """The message variant and its arguments for a path nothing serves."""
        key = (served.path, asset)
        if key not in self._missing:
            self._missing[key] = self._explain(served, asset)
        return self._missing[key]

    def _explain(self, served: Served, asset: bool) -> tuple[str | None, dict[str, str]]:
        res = self.resolver
        path = served.path
        host = res.host
        form = res.other_form(path)
        if form is not None:
            variant = "forbidden-page" if served.status == "forbidden" else "form"
            return variant, {"suggestion": res.public_url(form), "host": host}
        if served.status == "forbidden":
            return "forbidden", {"host": host}
        for finder, variant in ((res.unicode_variant, "unicode"), (res.case_variant, "case")):
            found = finder(path)
            if found is not None:
                return variant, {"suggestion": res.public_url(found)}
        for cand in (path, path.rstrip("/") or "/", path + "/", path.removesuffix(".html")):
            for it in self.index.unwritten(cand):
                reason = it.unpublished_reason or "published-false"
                args = {"source": it.source, "collection": it.collection or ""}
                return f"unwritten-{reason}", args
        source = self._source_on_disk(path)
        if source is not None:
            return "excluded", {"source": source}
        near = res.closest(path, asset)
        if near is not None:
            served_near = res.serve(near)
            if served_near.status == "redirect":  # an old address: name where it leads
                final = served_near.final
                if final is not None and final.found:
                    near = final.url or final.path
                elif served_near.external is None:
                    return None, {}
                else:
                    return "suggest", {"suggestion": served_near.external}
            return "suggest", {"suggestion": res.public_url(near)}
        return None, {}

    def _source_on_disk(self, path: str) -> str | None:
        """A source file that would be published at `path` if Jekyll read it (excluded by
        `exclude`, a prefix match, or an ignored `_`/`.` name — specs §6.12)."""
        site = self.site.site
        rel = path.strip("/")
        if not rel or site.mode != "jekyll":
            return None
        stem = rel.removesuffix(".html")
        cands = [rel]
        cands += [stem + ext for ext in (*sorted(site.markdown_exts), ".html")]
        cands += [f"{rel}/index{ext}" for ext in (".md", ".markdown", ".html")]
        for cand in cands:
            if os.path.isfile(os.path.join(site.root, cand)) and self.index.by_source(cand) is None:
                return cand
        return None

    # -- anchors --------------------------------------------------------------------------
    def _anchors_of(self, item: Item) -> PageAnchors | None:
        source = item.source
        if source not in self._anchors:
            pa = None
            html = item.destination.endswith((".html", ".htm", ".xhtml"))
            if (
                self.can_anchor
                and html
                and source in self.site.collected["anchors"]
                and source in self.site.collected["outline"]
            ):
                pa = page_anchors(self.site, source)
            self._anchors[source] = pa
        return self._anchors[source]

    def _fragment(self, written: str, item: Item, fragment: str, same: bool) -> list[Problem]:
        if "LNK002" not in self.enabled:
            return []
        fragment = fragment.split(":~:", 1)[0]  # text fragments are not ids
        if not fragment or fragment.lower() == "top":
            return []  # the top of the page, for every browser
        anchors = self._anchors_of(item)
        if anchors is None:
            return []
        answers = [anchors.has(fragment)]
        decoded = unquote(fragment)
        if decoded != fragment:
            answers.append(anchors.has(decoded))
        if True in answers or None in answers:
            return []
        import difflib  # (with the site checks' machinery: see build_resolver)

        near = difflib.get_close_matches(decoded, list(anchors.ids), n=1, cutoff=0.7)
        args = {
            "fragment": decoded,
            "url": written,
            "page": self.resolver.public_url(item.decoded_url),
            "suggestion": near[0] if near else "",
        }
        variant = ("same" if same else "other") + ("-suggest" if near else "")
        return [("LNK002", variant, args)]

    def _add(
        self,
        code: str,
        path: str,
        line: int,
        col: int,
        args: dict[str, Any],
        variant: str | None = None,
    ) -> None:
        key = (code, path, line, col, args.get("url"), args.get("fragment"))
        if key in self._seen:
            return  # a layout's link, already reported for another page
        self._seen.add(key)
        fix = None
        if code == "LNK004" and args.get("suggestion"):
            fix = self._own_domain_fix(path, line, col, args["url"], args["suggestion"])
        self.findings[code].append(
            Finding(code, line, col, args, variant=variant, path=path, fix=fix)
        )

    def _own_domain_fix(
        self, path: str, line: int, col: int, url: str, suggestion: str
    ) -> tuple[int, int, str, str] | None:
        """Where the absolute URL is written, for `check --fix` (None when it cannot be found
        as written, e.g. behind character references: then nothing is changed)."""
        text = self._texts.get(path)
        if text is None:
            try:
                data = (self.root / path).read_bytes()
                text = data.removeprefix(UTF8_BOM).decode("utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._texts[path] = text
        if not text:
            return None
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
            if start == 0:
                return None
        start += col - 1
        at = text.find(url, start, start + 4000)
        if at == -1:
            return None
        return (at, at + len(url), url, suggestion)


def _depends_on_page(link: tuple[Any, ...]) -> bool:
    """A layout's or include's link whose target depends on the page rendering it."""
    value, shown = link[3], link[4]
    if value is None:
        return bool(shown) and _PAGE_VAR.search(shown) is not None
    if not isinstance(value, str):
        return False
    v = value.strip()
    return bool(v) and not v.startswith(("/", "\\")) and not URL_SCHEME.match(v)


def _results(site: Any) -> _Run:
    def build(s: Any) -> _Run:
        run = _Run(s)
        run.run()
        _count_unchecked(s, run.unchecked)
        return run

    return site.get("link-resolution", build)


def _count_unchecked(site: Any, unchecked: dict[str, int]) -> None:
    # a count per file rather than a sentence: a run served from the site memo says it
    # for the files it reports (see betalint.engine.count_notes)
    counts = site.shared.setdefault("counts", {}).setdefault("links-unchecked", {})
    for path, n in unchecked.items():
        counts[path] = counts.get(path, 0) + n


# --- the resolution in two halves ---------------------------------------------------------
# A whole-site run with several jobs checks the files' own links in a forked copy of the
# process and the per-page links of layouts and includes in the main one, at the same time
# (see betalint.engine: LINKS). A half is its findings per rule and its unchecked counts.

Half = tuple[dict[str, list[Finding]], dict[str, int]]


def own_half(site: Any) -> Half:
    """The links of each file that do not depend on the page rendering them."""
    run = _Run(site)
    run.run(per_page=False)
    return run.findings, run.unchecked


def per_page_half(site: Any) -> Half:
    """The links of layouts and includes checked on every page rendering them."""
    run = _Run(site)
    run.run(own=False)
    return run.findings, run.unchecked


def _key(f: Finding) -> tuple[Any, ...]:
    return (f.code, f.path, f.line, f.col, f.args.get("url"), f.args.get("fragment"))


def join_halves(site: Any, own: Half, per_page: Half) -> None:
    """The resolution of every link from its two halves, as one pass gives it (it checks
    the own links first, and reports a problem once per place: a per-page finding at a
    place the own half reported already is dropped), for the LNK checks to read."""
    run = _Run(site)
    seen = {_key(f) for found in own[0].values() for f in found}
    for code in CODES:
        run.findings[code] = own[0].get(code, []) + [
            f for f in per_page[0].get(code, []) if _key(f) not in seen
        ]
    run.unchecked = dict(own[1])
    for path, n in per_page[1].items():
        run.unchecked[path] = run.unchecked.get(path, 0) + n
    _count_unchecked(site, run.unchecked)
    site.shared["link-resolution"] = run


def _report(site: Any, code: str) -> Iterator[Finding]:
    if site.site.mode not in ("jekyll", "plain"):
        return
    yield from _results(site).findings[code]


@site_check("LNK001", collect=("links", "outline"))
def link_broken(site: Any) -> Iterator[Finding]:
    yield from _report(site, "LNK001")


@site_check("LNK002", collect=("links", "outline", "anchors"))
def anchor_missing(site: Any) -> Iterator[Finding]:
    yield from _report(site, "LNK002")


@site_check("LNK003", collect=("links", "outline"))
def asset_missing(site: Any) -> Iterator[Finding]:
    yield from _report(site, "LNK003")


@site_check("LNK004", collect=("links", "outline"))
def link_own_domain(site: Any) -> Iterator[Finding]:
    yield from _report(site, "LNK004")


@site_check("LNK005", collect=("links", "outline"))
def link_to_redirect(site: Any) -> Iterator[Finding]:
    yield from _report(site, "LNK005")


__all__ = ["CODES", "build_resolver", "collect_links", "srcset_urls"]
