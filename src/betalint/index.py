"""The site index: every item Jekyll would publish, with its URL and output file.

Built once per run from the per-document summaries (front matter already read by the
workers) and the site's file list (:class:`betalint.site.Site`); files the workers did not
read (other extensions, excluded from linting) are peeked at for front matter. URLs and
destinations come from :mod:`betalint.urls`, so they are Jekyll's (specs/jekyll.md §1–2).

Site checks get it with ``site.get("index", build_index)``. The API, for link checks:

* :meth:`SiteIndex.lookup` ``(path)`` — a **decoded** URL path (no baseurl, no query, no
  fragment: see :func:`clean_path`) → :class:`Match` (the :class:`Item` written there and
  how the path reached it: ``exact``, ``html`` = ``path + ".html"``, ``index`` =
  ``path + "/index.html"``), or None. Which of these a host serves is the caller's choice
  (specs §2.12). Items never written (``published: false``, ``output: false``
  collections) are found with :meth:`SiteIndex.unwritten` so a message can say why.
* :meth:`SiteIndex.written` ``(destination)`` — the item that ends up in a file of
  ``_site`` (Jekyll's write order: pages, redirect pages, static files, documents).
* :meth:`SiteIndex.redirect` ``(path)`` — the :class:`Redirect` a path hits: a
  jekyll-redirect-from page (``redirect_from``), an item whose output became a redirect
  (``redirect_to``) or a rule of the root ``_redirects`` file (first match wins, splats
  and ``:placeholders`` substituted into the target). :meth:`SiteIndex.follow` walks a
  chain (with a hop limit; loops detected). Redirect sources are kept apart from real
  pages: ``items`` never holds a ``_redirects`` rule.
* :meth:`SiteIndex.served_at` ``(destination)`` — what one file of ``_site`` holds (item,
  redirect) and :meth:`SiteIndex.destinations` — every file written, for callers that
  apply a host's own lookup order (:mod:`betalint.hosts`).
* :meth:`SiteIndex.generated_at` ``(destination)`` — the plugin that writes a file without
  a source (jekyll-redirect-from's ``redirects.json``) when that file is what ``_site``
  ends up holding; :attr:`SiteIndex.generated` lists every such file, won or lost.
* :meth:`SiteIndex.by_source` ``(rel)`` — the item made from a source file.
* :meth:`SiteIndex.link_target` ``(argument)`` — the item ``{% link argument %}`` names
  (page paths from the site root, documents from ``collections_dir``, static files with
  or without a leading ``/``), or None (Jekyll stops the build).
* :meth:`SiteIndex.post_url_target` ``(argument)`` — the post ``{% post_url %}`` names.
* :meth:`SiteIndex.extra` ``(path)`` — whether a path is covered by the configured
  ``extra-published-paths`` (files written by plugins or hooks betalint cannot see).

All paths handed to or returned by the index are POSIX strings; destinations have no
leading ``/``; URLs are as Jekyll computes them (compare them with :func:`urls.decode`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from betalint import urls
from betalint.config import glob_match
from betalint.site import Site, SiteFile, normalise_collections
from betalint.source import load_source

#: Extensions never worth opening to look for front matter (binary media, fonts, archives).
BINARY_EXTS = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".pdf",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".mp3",
        ".mp4",
        ".m4a",
        ".webm",
        ".ogg",
        ".ogv",
        ".wav",
        ".mov",
        ".avi",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".psd",
        ".ai",
        ".eps",
        ".sketch",
        ".fig",
        ".heic",
        ".jar",
        ".exe",
        ".dll",
        ".so",
        ".dylib",
        ".class",
        ".pyc",
    ]
)
REDIRECT_PLUGIN = "jekyll-redirect-from"
#: The map of every redirection jekyll-redirect-from writes at the root (specs §5.1, R8).
REDIRECTS_JSON = "redirects.json"


@dataclass(slots=True)
class Item:
    """Something Jekyll writes (or would write) into ``_site``."""

    source: str  # site-relative path of the source file
    kind: str  # page | document | static
    url: str  # page.url, as Jekyll computes it (may be percent-encoded)
    destination: str  # file under _site, percent-decoded, no leading "/"
    published: bool  # written to _site
    collection: str | None = None
    rel_collection: str | None = None  # path from collections_dir (documents)
    output_ext: str = ""
    #: explicit permalink (own front matter or defaults) and where it came from:
    #: "front-matter" | "defaults" | None (collection template, style or file path)
    permalink: str | None = None
    permalink_origin: str | None = None
    layout: Any = None  # effective `layout` value (front matter, else defaults)
    layout_origin: str | None = None  # "front-matter" | "defaults" | None
    title: Any = None  # effective `title` (documents: front matter or defaults)
    redirect_to: str | None = None  # the item's output is a redirect page to this
    unpublished_reason: str | None = None  # published-false | output-false | future
    error: str | None = None  # urls.UrlError reason when Jekyll would stop the build
    error_detail: str = ""

    @property
    def decoded_url(self) -> str:
        return urls.decode(self.url)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as its fields, rebuilt by __init__: twice as quick to unpickle as a
        # slotted object's default state, and most cached runs unpickle the whole index.
        return Item, tuple([getattr(self, name) for name in _ITEM_FIELDS])


@dataclass(slots=True)
class Redirect:
    """A redirect source: a path the site answers with a redirect rather than a page."""

    origin: str  # "redirect_from" | "redirect_to" | "_redirects"
    source_url: str  # path as declared (redirect_from: leading "/" ensured)
    target: str  # as declared (may be absolute, may hold :splat for _redirects)
    declared_in: str  # site-relative file declaring it
    line: int = 1  # line of the declaration when known (_redirects), else 1
    destination: str | None = None  # file a redirect page is written to (not _redirects)
    status: int = 301  # HTTP status (_redirects; jekyll-redirect-from pages are 200 + refresh)
    force: bool = False  # _redirects "!": applies even when a file exists
    pattern: re.Pattern[str] | None = None  # _redirects: compiled `from`
    index: int = 0  # position among _redirects rules / redirect_from values

    def matches(self, path: str) -> dict[str, str] | None:
        """The placeholders captured when `path` (decoded) hits this redirect, else None."""
        if self.pattern is None:
            src = urls.decode(self.source_url)
            return {} if path == src else None
        m = self.pattern.fullmatch(path)
        return None if m is None else {k: v or "" for k, v in m.groupdict().items()}

    def target_for(self, captured: Mapping[str, str]) -> str:
        out = self.target
        for name, value in captured.items():
            out = out.replace(f":{name}", value)
        return out

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Redirect, tuple([getattr(self, name) for name in _REDIRECT_FIELDS])


_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_REDIRECT_FIELDS = tuple(f.name for f in fields(Redirect))


@dataclass(slots=True)
class Match:
    item: Item
    destination: str
    how: str  # exact | html | index


@dataclass
class SiteIndex:
    root: Path
    config: dict[str, Any]
    items: list[Item] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)  # redirect_from / redirect_to
    rules: list[Redirect] = field(default_factory=list)  # _redirects, in file order
    extra_patterns: list[str] = field(default_factory=list)
    _by_source: dict[str, Item] = field(default_factory=dict)
    _written: dict[str, Item] = field(default_factory=dict)
    _redirect_pages: dict[str, Redirect] = field(default_factory=dict)
    _by_dest_all: dict[str, list[Item]] = field(default_factory=dict)
    _by_url_unwritten: dict[str, list[Item]] = field(default_factory=dict)
    _link_paths: dict[str, Item] = field(default_factory=dict)
    _real_wins: set[str] = field(default_factory=set)  # redirect pages a real file beats
    _redirect_to: dict[str, Redirect] = field(default_factory=dict)  # by source file
    #: files a plugin writes without a source file: destination → plugin name
    generated: dict[str, str] = field(default_factory=dict)
    _generated_lost: set[str] = field(default_factory=set)  # generated files a real one beats

    # -- lookups ------------------------------------------------------------------------
    def by_source(self, rel: str) -> Item | None:
        return self._by_source.get(rel)

    def written(self, destination: str) -> Item | None:
        """The real item ending up in `destination` (redirect pages aside)."""
        return self._written.get(destination.lstrip("/"))

    def items_at(self, destination: str) -> list[Item]:
        """Every item (written or not) whose destination is `destination`."""
        return list(self._by_dest_all.get(destination.lstrip("/"), ()))

    def redirect_page(self, destination: str) -> Redirect | None:
        """The jekyll-redirect-from page written at `destination`, if any."""
        return self._redirect_pages.get(destination.lstrip("/"))

    def generated_at(self, destination: str) -> str | None:
        """The plugin whose generated file (no source) ``_site`` holds at `destination`."""
        dest = destination.lstrip("/")
        if dest in self.generated and dest not in self._generated_lost:
            return self.generated[dest]
        return None

    def served_at(self, destination: str) -> tuple[Item | None, Redirect | None]:
        """What a file of ``_site`` holds: (real item, None), (item, its ``redirect_to``),
        (None, the jekyll-redirect-from page written there) or (None, None) — nothing, or
        a file a plugin generates (:meth:`generated_at` tells them apart).

        For link checks that pick the candidate files themselves (host profiles)."""
        dest = destination.lstrip("/")
        item = self._written.get(dest)
        if item is not None:
            return item, self._redirect_to.get(item.source)
        if self.generated_at(dest) is not None:
            return None, None
        if dest in self._redirect_pages and dest not in self._real_wins:
            return None, self._redirect_pages[dest]
        return None, None

    def destinations(self) -> list[str]:
        """Every file written to ``_site`` (real items, redirect pages, generated files)."""
        out = dict.fromkeys(self._written)
        out.update(dict.fromkeys(self._redirect_pages))
        out.update(dict.fromkeys(self.generated))
        return list(out)

    def lookup(self, path: str) -> Match | None:
        """The item served for a decoded URL path, trying exact, ``.html`` and index files."""
        path = path or "/"
        for dest, how in _candidates(path):
            item = self._written.get(dest)
            if item is not None:
                return Match(item, dest, how)
        return None

    def unwritten(self, path: str) -> list[Item]:
        """Items whose URL is `path` (decoded) but which Jekyll does not write."""
        return list(self._by_url_unwritten.get(path, ()))

    def redirect(self, path: str) -> tuple[Redirect, str] | None:
        """The redirect `path` (decoded) hits and its target, redirect pages first.

        A jekyll-redirect-from page is a file, so it is found like any file. ``_redirects``
        rules come next, in file order; without ``!`` a rule is shadowed by an existing
        file (Netlify serves the file). ``/x`` and ``/x/`` are the same for rules.
        """
        for dest, _how in _candidates(path):
            if self.generated_at(dest) is not None:
                break  # a plugin's own file, not a redirection
            red = self._redirect_pages.get(dest)
            if red is not None and dest not in self._real_wins:
                return red, red.target
            item = self._written.get(dest)
            if item is not None:
                red = self._redirect_to.get(item.source)
                if red is not None:
                    return red, red.target
                break
        exists = self.lookup(path) is not None
        alt = path[:-1] if path.endswith("/") and path != "/" else path + "/"
        for rule in self.rules:
            captured = rule.matches(path)
            if captured is None:
                captured = rule.matches(alt)
            if captured is None:
                continue
            if exists and not rule.force:
                return None
            return rule, rule.target_for(captured)
        return None

    def follow(self, path: str, limit: int = 5) -> tuple[list[str], str | None]:
        """Follow redirects from `path`: (chain of targets, problem) where problem is
        ``"loop"``, ``"too-long"`` or None."""
        chain: list[str] = []
        seen = {path}
        current = path
        for _ in range(limit):
            hit = self.redirect(current)
            if hit is None:
                return chain, None
            target = hit[1]
            chain.append(target)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                return chain, None
            current = clean_path(target)
            if current in seen:
                return chain, "loop"
            seen.add(current)
        return chain, "too-long"

    def link_target(self, argument: str) -> Item | None:
        """The item ``{% link argument %}`` resolves to (exact relative path)."""
        return self._link_paths.get(argument)

    def post_url_target(self, argument: str) -> Item | None:
        """The post ``{% post_url argument %}`` names (``[folders/]YYYY-MM-DD-slug``):
        ``_posts/<folders><name>.<ext>`` or ``<folders>_posts/<name>.<ext>``."""
        argument = argument.strip()
        folders, _, name = argument.rpartition("/")
        wanted = {f"_posts/{argument}", f"{folders}/_posts/{name}" if folders else ""}
        for item in self.items:
            if item.collection != "posts" or not item.rel_collection or not item.published:
                continue
            stem = urls.split_ext(item.rel_collection)[0]
            if stem in wanted:
                return item
        return None

    def extra(self, path: str) -> bool:
        """Whether a decoded path is declared in ``extra-published-paths``."""
        if not self.extra_patterns:
            return False
        rel = path.lstrip("/")
        return glob_match(rel, self.extra_patterns) or (
            path.endswith("/") and glob_match(rel + "index.html", self.extra_patterns)
        )


def candidates(path: str) -> list[tuple[str, str]]:
    """Files a decoded URL path may be served from, most exact first: (destination, how)."""
    return _candidates(path)


def _candidates(path: str) -> list[tuple[str, str]]:
    rel = path.lstrip("/")
    if not rel or path.endswith("/"):
        return [(rel + "index.html", "index")]
    return [(rel, "exact"), (rel + ".html", "html"), (rel + "/index.html", "index")]


def clean_path(url: str) -> str:
    """A URL's path, percent-decoded, without query and fragment (for lookups)."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return urls.decode(path) or "/"


# --- building ---------------------------------------------------------------------------


def build_index(sctx: Any) -> SiteIndex:
    """``site.get("index", build_index)``: the index of the site a run is checking."""
    summaries = {path: r.summary for path, r in sctx.documents.items() if r.summary}
    settings = getattr(sctx.config, "settings", {}) or {}
    return build(
        sctx.site,
        summaries,
        extra_published=list(settings.get("extra-published-paths") or []),
        placer=getattr(sctx, "placer", None),
    )


def build(
    site: Site,
    summaries: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    extra_published: Iterable[str] = (),
    now: _dt.datetime | None = None,
    placer: Placer | None = None,
) -> SiteIndex:
    """Compute every item of `site`. `summaries` are the workers' per-file summaries
    (path → dict with ``kind`` and ``front_matter``); files without one are read here.
    `placer` may hold files already placed from those very summaries (see :class:`Placer`)."""
    summaries = summaries or {}
    config = site.config
    index = SiteIndex(root=site.root, config=config)
    index.extra_patterns = [p.lstrip("/") for p in extra_published]
    if site.mode == "plain":
        statics = [urls_static(sf.rel) for sf in site.files]
        for item in statics:
            _add(index, item)
        _write_order(index, [], statics, [])
        _finish(index)
        return index

    if placer is None or placer.site is not site or (now is not None and placer.now != now):
        placer = Placer(site, now)
    buckets: dict[str, list[Item]] = {"page": [], "static": [], "document": []}
    redirect_sources: list[tuple[Item, dict[str, Any]]] = []
    for sf in site.files:
        if sf.role not in PLACED_ROLES:
            continue
        bucket, item, data = placer.placed_from(sf, summaries.get(sf.rel))
        buckets[bucket].append(item)
        if data is not None and item.published:
            redirect_sources.append((item, data))
    pages, statics, documents = buckets["page"], buckets["static"], buckets["document"]
    for item in pages + statics + documents:
        _add(index, item)

    if _redirect_plugin_enabled(site):
        for item, data in redirect_sources:
            _redirects_of(index, item, data)
        if _redirects_json_enabled(site):
            index.generated[REDIRECTS_JSON] = REDIRECT_PLUGIN
    _redirects_file(index, site)
    _write_order(index, pages, statics, documents)
    _finish(index)
    return index


#: Roles of the files that become items of the index through :class:`Placer`.
PLACED_ROLES = ("page", "collection", "post")
#: What placing one file gives: its bucket (page, static or document: the write order),
#: its item, and its data (front matter with defaults) when it may declare redirects.
Placement = tuple[str, Item, "dict[str, Any] | None"]


class Placer:
    """Places a site's pages, documents and collection files one at a time: what
    :func:`build` does for each file, apart so that a run can place files while its
    workers are still linting others (the index is then only assembled at the end).

    One clock for the run (``now``: documents without a date, ``future``). A file placed
    from a summary is reused only for that same summary object."""

    def __init__(self, site: Site, now: _dt.datetime | None = None) -> None:
        self.site = site
        self.now = now or _dt.datetime.now()
        self._collections = normalise_collections(site.config.get("collections"))
        self._style = urls.style_of(site.config)
        self._mdexts = site.markdown_exts
        self._files: dict[str, SiteFile] | None = None
        self._done: dict[str, tuple[Mapping[str, Any], Placement]] = {}

    def add(self, rel: str, summary: Mapping[str, Any] | None) -> None:
        """Place `rel` now from its summary (a file the site does not list is left)."""
        if not summary:
            return
        if self._files is None:
            self._files = {sf.rel: sf for sf in self.site.files if sf.role in PLACED_ROLES}
        sf = self._files.get(rel)
        if sf is None:
            return
        try:
            self._done[rel] = (summary, self.place(sf, summary))
        except Exception:
            # left to :func:`build`, whose error the site check using it reports
            return

    def placed_from(self, sf: SiteFile, summary: Mapping[str, Any] | None) -> Placement:
        done = self._done.get(sf.rel)
        if done is not None and summary is not None and done[0] is summary:
            return done[1]
        return self.place(sf, summary)

    def place(self, sf: SiteFile, summary: Mapping[str, Any] | None) -> Placement:
        site, config = self.site, self.site.config
        fm = _front_matter(site, sf, summary)
        if sf.role == "page":
            if fm is None:
                item = urls_static(sf.rel)
                defaults = site.defaults_for(item.url, "")
                if defaults.get("published") is False and not config.get("unpublished"):
                    item.published = False
                    item.unpublished_reason = "published-false"
                return "static", item, None
            item, data = _page(site, sf, fm, self._mdexts)
            return "page", item, data
        # collection documents and their static files
        label = sf.collection or "posts"
        meta = self._collections.get(label, {})
        template = urls.collection_template(label, meta, self._style)
        rel_c = sf.rel_collection or sf.rel
        output = bool(meta.get("output"))
        if fm is None:
            placed = urls.collection_static_url(rel_c, label, template)
            item = Item(
                sf.rel,
                "static",
                placed.url,
                placed.destination,
                output,
                collection=label,
                rel_collection=rel_c,
                output_ext=placed.output_ext,
                unpublished_reason=None if output else "output-false",
            )
            defaults = site.defaults_for(item.url, label)
            if output and defaults.get("published") is False and not config.get("unpublished"):
                item.published, item.unpublished_reason = False, "published-false"
            return "static", item, None
        item, data = _document(site, sf, fm, label, template, output, self._mdexts, self.now)
        return "document", item, data


def urls_static(rel: str) -> Item:
    placed = urls.static_url(rel)
    return Item(rel, "static", placed.url, placed.destination, True, output_ext=placed.output_ext)


def _front_matter(
    site: Site, sf: SiteFile, summary: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The file's own front matter, {} when present but unusable, None for static files."""
    if summary:
        if summary.get("kind") == "static" or not summary.get("has_front_matter", True):
            return None
        fm = summary.get("front_matter")
        return dict(fm) if isinstance(fm, dict) else {}
    if sf.suffix in BINARY_EXTS:
        return None
    path = site.root / sf.rel
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if not head.startswith(b"---"):
                return None
            data = head + fh.read()
    except OSError:
        return None
    src, _problem = load_source(data)
    if src is None or not src.has_front_matter:
        return None
    return dict(src.front_matter) if isinstance(src.front_matter, dict) else {}


def _page(
    site: Site, sf: SiteFile, fm: dict[str, Any], mdexts: frozenset[str]
) -> tuple[Item, dict[str, Any]]:
    config = site.config
    defaults = site.defaults_for(sf.rel, "pages")
    # Pages read defaults through a fallback (Hash#default_proc): any key missing from the
    # front matter comes from defaults, except `published`, read with Hash#fetch.
    data = {**defaults, **fm}
    permalink, origin = _permalink(fm, defaults)
    placed = urls.page_url(sf.rel, permalink, config, mdexts)
    published = urls.is_published(fm, config)
    item = Item(
        sf.rel,
        "page",
        placed.url,
        placed.destination,
        published,
        output_ext=placed.output_ext,
        permalink=permalink if isinstance(permalink, str) else None,
        permalink_origin=origin,
        unpublished_reason=None if published else "published-false",
    )
    _layout_title(item, fm, defaults)
    if isinstance(permalink, str) and not permalink:
        item.error = "empty-permalink"
    item.redirect_to = _redirect_to(data)
    return item, data


def _document(
    site: Site,
    sf: SiteFile,
    fm: dict[str, Any],
    label: str,
    template: str,
    output: bool,
    mdexts: frozenset[str],
    now: _dt.datetime,
) -> tuple[Item, dict[str, Any]]:
    config = site.config
    rel_c = sf.rel_collection or sf.rel
    defaults = site.defaults_for(rel_c, label)
    data = _deep_merge(defaults, fm)
    permalink, origin = _permalink(fm, defaults)
    error = detail = None
    try:
        placed = urls.document_url(rel_c, label, data, template, mdexts, now=now)
    except urls.UrlError as exc:
        error, detail = exc.reason, exc.detail
        placed = urls.Placed("", "", "")
    published = urls.is_published(data, config)
    reason = None if published else "published-false"
    if published:
        # Any dated document in the future is not written unless `future: true` (the
        # publisher checks every document, not only posts; undated ones date from now).
        drop_date = urls.parse_date(data.get("date")) or urls.parse_date(
            urls.filename_slug(rel_c)[1]
        )
        if urls.is_future(drop_date, config, now):
            published, reason = False, "future"
    if published and not output:
        published, reason = False, "output-false"
    item = Item(
        sf.rel,
        "document",
        placed.url,
        placed.destination,
        published and error is None,
        collection=label,
        rel_collection=rel_c,
        output_ext=placed.output_ext,
        permalink=permalink if isinstance(permalink, str) else None,
        permalink_origin=origin,
        unpublished_reason=reason,
        error=error,
        error_detail=detail or "",
    )
    _layout_title(item, fm, defaults)
    item.title = data.get("title")
    item.redirect_to = _redirect_to(data)
    return item, data


def _permalink(fm: Mapping[str, Any], defaults: Mapping[str, Any]) -> tuple[Any, str | None]:
    if "permalink" in fm and fm["permalink"] is not None:
        return fm["permalink"], "front-matter"
    if defaults.get("permalink") is not None:
        return defaults["permalink"], "defaults"
    return None, None


def _layout_title(item: Item, fm: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    if "layout" in fm:
        item.layout, item.layout_origin = fm["layout"], "front-matter"
    elif "layout" in defaults:
        item.layout, item.layout_origin = defaults["layout"], "defaults"
    item.title = fm.get("title", defaults.get("title"))


def _redirect_to(data: Mapping[str, Any]) -> str | None:
    value = data.get("redirect_to")
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    return str(value) if value not in (None, "") else None


def _deep_merge(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def _add(index: SiteIndex, item: Item) -> None:
    index.items.append(item)
    index._by_source[item.source] = item
    if item.destination:
        index._by_dest_all.setdefault(item.destination, []).append(item)
    if not item.published and item.url:
        index._by_url_unwritten.setdefault(item.decoded_url, []).append(item)


def _write_order(
    index: SiteIndex, pages: list[Item], statics: list[Item], documents: list[Item]
) -> None:
    """Who ends up in each file: pages, then the pages jekyll-redirect-from adds (redirect
    pages, then ``redirects.json``: both replace pages), then static files, then documents
    (both win over the plugin's pages). Specs §2.10 and §5.1."""
    written: dict[str, Item] = {}
    for item in pages:
        if item.published and item.destination:
            written[item.destination] = item
    real_wins: set[str] = set()
    generated_lost: set[str] = set()
    for dest in [*index._redirect_pages, *index.generated]:
        written.pop(dest, None)  # the plugin's page silently replaces the page
    for item in statics + documents:
        if item.published and item.destination:
            written[item.destination] = item
            if item.destination in index._redirect_pages:
                real_wins.add(item.destination)
            if item.destination in index.generated:
                generated_lost.add(item.destination)
    index._written = written
    index._real_wins = real_wins
    index._generated_lost = generated_lost


def _finish(index: SiteIndex) -> None:
    for item in index.items:
        if not item.published:
            continue
        if item.kind == "page":
            index._link_paths.setdefault(item.source, item)
        elif item.kind == "document" or (item.kind == "static" and item.collection):
            index._link_paths.setdefault(item.rel_collection or item.source, item)
        else:
            index._link_paths.setdefault(item.source, item)
            index._link_paths.setdefault("/" + item.source, item)


# --- redirects --------------------------------------------------------------------------


def _redirect_plugin_enabled(site: Site) -> bool:
    """jekyll-redirect-from runs when listed in `plugins` (or the old `gems`), or when the
    Gemfile loads it in the `jekyll_plugins` group or through `github-pages`."""
    config = site.config
    for key in ("plugins", "gems"):
        value = config.get(key)
        if isinstance(value, list) and REDIRECT_PLUGIN in [str(v) for v in value]:
            return True
    try:
        gemfile = (site.root / "Gemfile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"""gem\s+['"](jekyll-redirect-from|github-pages)['"]""", gemfile))


def _redirects_json_enabled(site: Site) -> bool:
    """jekyll-redirect-from writes ``/redirects.json`` unless ``redirect_from: {json:
    false}`` or a ``redirects.json`` exists at the source root — whether Jekyll reads that
    file or not (the plugin tests the disk: beta.gouv.fr *excludes* the name, and still
    gets the generated map)."""
    options = site.config.get("redirect_from")
    if isinstance(options, dict) and options.get("json") is False:
        return False
    return not (site.root / REDIRECTS_JSON).exists()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in _flat(value) if v is not None]
    return [value]


def _flat(values: list[Any]) -> Iterable[Any]:
    for v in values:
        if isinstance(v, list):
            yield from _flat(v)
        else:
            yield v


def _redirects_of(index: SiteIndex, item: Item, data: Mapping[str, Any]) -> None:
    target = item.url
    for i, value in enumerate(_as_list(data.get("redirect_from"))):
        source = str(value)
        if not source:
            continue
        if not source.startswith("/"):
            source = "/" + source
        url = urls.sanitize(source)
        oext = urls.extname(url) if not url.endswith("/") else ""
        dest = urls.page_destination(url, oext or ".html")
        red = Redirect(
            "redirect_from",
            source,
            target,
            item.source,
            destination=dest,
            status=200,
            index=i,
        )
        index.redirects.append(red)
        index._redirect_pages.setdefault(dest, red)
    if item.redirect_to:
        red = Redirect(
            "redirect_to",
            item.url,
            item.redirect_to,
            item.source,
            destination=item.destination,
            status=200,
        )
        index.redirects.append(red)
        index._redirect_to[item.source] = red


_RULE_PLACEHOLDER = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")


def parse_redirects_file(text: str, declared_in: str = "_redirects") -> list[Redirect]:
    """Rules of a Netlify ``_redirects`` file (specs §5.2), with their line numbers."""
    rules: list[Redirect] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) < 2:
            continue
        source = fields[0]
        rest = fields[1:]
        # query conditions (key=value) may sit between `from` and `to`
        while len(rest) > 1 and "=" in rest[0] and not rest[0].startswith(("/", "http")):
            rest = rest[1:]
        target = rest[0]
        status, force = 301, False
        if len(rest) > 1:
            m = re.fullmatch(r"(\d{3})(!?)", rest[1])
            if m:
                status, force = int(m.group(1)), bool(m.group(2))
        rules.append(
            Redirect(
                "_redirects",
                source,
                target,
                declared_in,
                line=lineno,
                status=status,
                force=force,
                pattern=_rule_pattern(source),
                index=len(rules),
            )
        )
    return rules


def _rule_pattern(source: str) -> re.Pattern[str]:
    parts = urlsplit(source)
    path = urls.decode(parts.path if (parts.scheme or parts.netloc) else source)
    out = []
    pos = 0
    splat = path.endswith("*")
    body = path[:-1] if splat else path
    for m in _RULE_PLACEHOLDER.finditer(body):
        out.append(re.escape(body[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>[^/]+)")
        pos = m.end()
    out.append(re.escape(body[pos:]))
    if splat:
        out.append("(?P<splat>.*)")
    return re.compile("".join(out))


def _redirects_file(index: SiteIndex, site: Site) -> None:
    rel = "_redirects"
    if not any(sf.rel == rel for sf in site.files):
        return
    try:
        text = (site.root / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    index.rules = parse_redirects_file(text, rel)
