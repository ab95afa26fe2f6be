"""What a link of the site answers, on the host that serves it.

Link rules (LNK001–LNK005) ask two questions about every internal link, answered here
without building the site (reference: ``../shared/specs/jekyll.md`` §2.11–2.12, §5, §6):

1. **Which path of the site does it name?** :meth:`Resolver.parse` does what a browser does:
   the link is resolved against the URL the page is *served* at (relative links, ``..``,
   ``//host/x``), a link to the site's own host (``site.url``, with or without ``www.``,
   ``http`` or ``https``) is internal, the query is dropped, the fragment kept apart,
   ``baseurl`` is required and stripped, and the path is percent-decoded (URLs are
   compared decoded: Jekyll writes ``/fast/déroulement`` and ``/fast/d%C3%A9roulement``
   for the same file).
2. **What does the host answer for that path?** :meth:`Resolver.serve`: a page or file, a
   redirect (followed to its end, loops detected), a folder without index (403), or nothing
   (404). What a path answers to depends on the server, so a **host profile** decides:

   ============ ===============================================================================
   ``jekyll``   ``jekyll serve`` (WEBrick + Jekyll's servlet): ``/a`` → ``a``, ``a.html``;
                a folder ``/a`` → 301 ``/a/`` → ``a/index.html`` or ``a.html``;
                ``/a/`` also serves ``a.html`` (more lenient than production).
   ``nginx``    ``try_files $uri $uri.html $uri/index.html $uri/``: no redirect, a folder
                without ``index.html`` is 403, ``/a/`` does not serve ``a.html``.
   ``netlify``  Netlify with pretty URLs: ``/a`` → ``a.html``, ``/a`` → ``/a/`` for
                folders, and the root ``_redirects`` file (first match wins, a file
                shadows a rule unless it is forced with ``!``).
   ``static``   a strict static host: exact files only, ``/a/`` → ``a/index.html``,
                ``/a`` → 301 ``/a/`` for folders.
   ============ ===============================================================================

   Only the ``netlify`` profile reads ``_redirects`` (nginx copies it without reading it).
   jekyll-redirect-from pages and ``redirect_to`` are files: every host serves them.
   Rules a server applies that no source file shows come from the settings
   ``server-redirects`` (regex redirects, checked before files as nginx checks its regex
   ``location`` blocks first) and ``server-exact-paths`` (folders whose ``location`` has
   no ``.html`` fallback, such as beta.gouv.fr's ``/assets/``).

The default profile is the one the site's files point to (:func:`detect_host`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from betalint import urls
from betalint.config import glob_match
from betalint.index import Item, Redirect, SiteIndex

HOSTS = ("jekyll", "nginx", "netlify", "static")

#: Files that say which server publishes a site (first match wins).
_NGINX_FILES = ("servers.conf.erb", "servers.conf", "nginx.conf", "nginx.conf.erb")

#: A fake origin for sites without ``url``: relative links resolve against it.
_NO_ORIGIN = "site.invalid"


def guess_host(root: Path) -> str | None:
    """The server a site's own files *name*: an nginx configuration (Scalingo's
    ``servers.conf.erb``…) → ``nginx``, ``netlify.toml`` → ``netlify``; else None.

    A ``_redirects`` file alone is no proof: it is Netlify's format, but other hosts read
    it too and a site may keep one that its server ignores (beta.gouv.fr's nginx). Messages
    that depend on the server stay neutral then (FM008)."""
    for name in _NGINX_FILES:
        if (root / name).is_file():
            return "nginx"
    if (root / "netlify.toml").is_file():
        return "netlify"
    return None


def detect_host(root: Path) -> str:
    """The host profile a site's own files point to: :func:`guess_host`, else ``netlify``
    when there is a ``_redirects`` file, otherwise ``jekyll`` (what ``jekyll serve`` shows
    its authors). Link checks need one profile; this is the likeliest."""
    host = guess_host(root)
    if host is not None:
        return host
    if (root / "_redirects").is_file():
        return "netlify"
    return "jekyll"


# --- server rules from the settings --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServerRedirect:
    """A redirect the server applies before looking for files (``server-redirects``).

    ``pattern`` is a regular expression matched against the whole decoded path (as nginx's
    ``location ~`` or ``rewrite``); ``target`` may use ``$1``… for its groups."""

    pattern: re.Pattern[str]
    target: str
    status: int = 301
    origin: str = "server-redirects"

    def apply(self, path: str) -> str | None:
        m = self.pattern.search(path)
        if m is None:
            return None

        def group(g: re.Match[str]) -> str:
            n = int(g.group(1))
            return (m.group(n) or "") if n <= self.pattern.groups else ""

        return re.sub(r"\$(\d)", group, self.target)


def server_redirects(entries: Iterable[Mapping[str, Any]]) -> list[ServerRedirect]:
    """Compile the ``server-redirects`` setting (already validated by :mod:`betalint.config`)."""
    out = []
    for entry in entries:
        out.append(
            ServerRedirect(
                re.compile(str(entry["from"])), str(entry["to"]), int(entry.get("status", 301))
            )
        )
    return out


# --- results ------------------------------------------------------------------------------


@dataclass(slots=True)
class Parsed:
    """An internal link, as the site's path it names."""

    written: str  # the value as written (or resolved from Liquid)
    path: str  # decoded, without baseurl, starting with "/"
    raw_path: str  # the URL's path as written after resolution (not decoded, with baseurl)
    query: str = ""
    fragment: str | None = None  # as written, not decoded; None when there is no "#"
    own_domain: bool = False  # written as an absolute URL to the site's own host
    same_document: bool = False  # only a fragment or a query: the page itself
    problem: str | None = None  # "baseurl" (path lacks baseurl) | "scheme" (http typo)


@dataclass(slots=True)
class Served:
    """What the host answers for a path."""

    status: str  # ok | extra | redirect | forbidden | missing
    path: str  # the path asked (decoded, no baseurl)
    item: Item | None = None
    destination: str | None = None
    url: str = ""  # the path the browser ends on (a folder redirect adds "/")
    redirect: Redirect | ServerRedirect | None = None  # the first redirect hit
    chain: list[str] = field(default_factory=list)  # targets followed, as declared
    final: Served | None = None  # where an internal chain ends
    external: str | None = None  # the chain ends outside the site
    problem: str | None = None  # "loop" | "too-long"

    @property
    def found(self) -> bool:
        return self.status in ("ok", "extra")


# --- the resolver ---------------------------------------------------------------------------


class Resolver:
    """Links → paths → what the chosen host serves. Built once per run (O(files))."""

    def __init__(
        self,
        index: SiteIndex,
        *,
        host: str = "jekyll",
        site_url: str = "",
        baseurl: str = "",
        redirects: Iterable[ServerRedirect] = (),
        exact_paths: Iterable[str] = (),
        kept: Iterable[str] = (),
        max_hops: int = 5,
    ) -> None:
        self.index = index
        self.host = host if host in HOSTS else "jekyll"
        self.prefix = urls.baseurl_prefix({"baseurl": baseurl})
        self.server_redirects = list(redirects)
        self.exact_patterns = [p.lstrip("/") for p in exact_paths]
        # `keep_files` of _config.yml (folders Jekyll leaves in _site because something else
        # writes them there, e.g. beta.gouv.fr's DSFR copy) and plugin outputs (feed.xml…):
        # published, contents unknown.
        self.kept = tuple(
            k.strip("/") for k in kept if k.strip("/") and k.strip("/") not in (".git", ".svn")
        )
        self.max_hops = max_hops
        parts = urlsplit(site_url or "")
        host_name = (parts.hostname or "").lower()
        self.scheme = parts.scheme if parts.scheme in ("http", "https") else "https"
        self.origin_host = host_name or _NO_ORIGIN
        bare = self.origin_host.removeprefix("www.")
        self.own_hosts = {self.origin_host, bare, "www." + bare}
        self.has_url = bool(host_name)
        self.files: set[str] = set(index.destinations())
        self.dirs: set[str] = {""}
        for dest in self.files:
            pos = dest.rfind("/")
            while pos > 0:
                d = dest[:pos]
                if d in self.dirs:
                    break
                self.dirs.add(d)
                pos = d.rfind("/")
        self._lower: dict[str, list[str]] | None = None
        self._nfc: dict[str, list[str]] | None = None
        self._urls: list[str] | None = None
        self._assets: list[str] | None = None

    # -- 1. parsing -------------------------------------------------------------------------
    def base_of(self, item: Item | None) -> str | None:
        """The URL (with baseurl) a page is served at, for its relative links (§6.3).

        ``jekyll serve`` and static hosts redirect ``/a`` to ``/a/`` when ``a`` is also a
        folder of ``_site``, and relative links then resolve inside that folder; nginx
        serves ``a.html`` without a redirect."""
        if item is None or not item.url:
            return None
        url = item.url
        if not url.endswith("/") and self.host in ("jekyll", "static"):
            rel = urls.decode(url).strip("/")
            if rel in self.dirs and rel not in self.files:
                url += "/"
        return self.prefix + url

    def parse(self, value: str, base: str | None) -> Parsed | str:
        """The internal link `value` names, seen from a page served at `base` (with baseurl;
        None for layouts and includes, whose relative links depend on the page).

        Returns a :class:`Parsed`, or why the link is not checked: ``"empty"``,
        ``"external"`` (another host, or a scheme such as ``mailto:``), ``"relative"``
        (relative link without a page to resolve it against)."""
        # Browsers strip leading/trailing spaces and drop tabs and newlines inside URLs.
        v = re.sub(r"[\t\n\r]", "", value.strip(" \t\n\r\f"))
        if not v:
            return "empty"
        m = urls.URL_SCHEME.match(v)
        if m:
            scheme = m.group(1).lower()
            if scheme not in ("http", "https"):
                if _http_typo(scheme):
                    return Parsed(v, "", v, problem="scheme")
                return "external"
        elif v.startswith(("#", "?")) and base is not None:
            query, _, fragment = v[1:].partition("#") if v[0] == "?" else ("", "", v[1:])
            return Parsed(
                v,
                "",
                "",
                query=query,
                fragment=fragment if "#" in v else None,
                same_document=True,
            )
        elif not v.startswith("/") and base is None:
            return "relative"
        if v.startswith("\\\\") or v.startswith("//") or v.startswith("/\\"):
            own = True
        else:
            own = m is not None
        origin = f"{self.scheme}://{self.origin_host}"
        full = urljoin(origin + (base or "/"), v.replace("\\", "/"))
        parts = urlsplit(full)
        netloc = (parts.hostname or "").lower()
        if netloc not in self.own_hosts:
            return "external"
        if parts.port is not None and parts.port not in (80, 443):
            return "external"
        if own and not self.has_url:
            return "external"
        raw_path = parts.path or "/"
        # Servers merge repeated slashes (nginx `merge_slashes`, WEBrick's file lookup).
        decoded = re.sub(r"/{2,}", "/", urls.decode(raw_path))
        fragment = parts.fragment if "#" in v else None
        stripped = urls.strip_baseurl(decoded, {"baseurl": self.prefix})
        if stripped is None:
            return Parsed(v, decoded, raw_path, parts.query, fragment, own, problem="baseurl")
        return Parsed(v, stripped or "/", raw_path, parts.query, fragment, own)

    # -- 2. serving -------------------------------------------------------------------------
    def serve(self, path: str, follow: bool = True) -> Served:
        """What the host answers for a decoded path (no baseurl), redirects followed."""
        served = self._serve_once(path)
        if served.status == "redirect" and follow:
            self._follow(served)
        return served

    def _serve_once(self, path: str) -> Served:
        for rule in self.server_redirects:
            target = rule.apply(path)
            if target is not None:
                return Served("redirect", path, url=path, redirect=rule, chain=[target])
        hit = self._file(path)
        if self.host == "netlify" and self.index.rules:
            rule_hit = self._netlify_rule(path, hit is not None and hit[0] == "file")
            if rule_hit is not None:
                return rule_hit
        if hit is not None:
            kind, dest, url = hit
            if kind == "forbidden":
                return Served("forbidden", path, destination=dest, url=url)
            item, red = self.index.served_at(dest)
            if red is not None:
                return Served("redirect", path, item, dest, url, redirect=red, chain=[red.target])
            return Served("ok", path, item, dest, url)
        if (
            self.index.extra(path)
            or (not path.endswith("/") and self.index.extra(path + ".html"))
            or self._kept(path)
        ):
            return Served("extra", path, url=path)
        return Served("missing", path, url=path)

    def _kept(self, path: str) -> bool:
        rel = path.strip("/")
        return any(
            rel == k or rel.startswith(k + "/") or ("*" in k and fnmatchcase(rel, k))
            for k in self.kept
        )

    def _exact_only(self, rel: str) -> bool:
        return bool(self.exact_patterns) and glob_match(rel, self.exact_patterns)

    def _file(self, path: str) -> tuple[str, str, str] | None:
        """("file" | "forbidden", destination, served path) under the host's lookup rules."""
        files, dirs = self.files, self.dirs
        rel = path.lstrip("/")
        host = self.host
        slash = path.endswith("/") or not rel
        d = rel.rstrip("/")
        if slash:
            index = f"{d}/index.html" if d else "index.html"
            if index in files:
                return "file", index, path
            if host == "jekyll" and d and d + ".html" in files:
                return "file", d + ".html", path  # WEBrick serves a.html for /a/
            if host == "netlify" and d and d + ".html" in files:
                return "file", d + ".html", path
            if d in dirs and host != "netlify":
                return "forbidden", d + "/", path
            return None
        if rel in files:
            return "file", rel, path
        exact = host == "nginx" and self._exact_only(rel)
        if host == "jekyll":
            if rel in dirs:
                return self._file(path + "/")  # 301 to the folder
            for ext in (".html", ".xhtml"):
                if rel + ext in files:
                    return "file", rel + ext, path
            return None
        if host == "static":
            if rel in dirs:
                hit = self._file(path + "/")
                return (hit[0], hit[1], path + "/") if hit else None
            return None
        if host == "netlify":
            if rel + ".html" in files:
                return "file", rel + ".html", path
            if rel + "/index.html" in files:
                return "file", rel + "/index.html", path + "/"
            return None
        # nginx
        if not exact:
            if rel + ".html" in files:
                return "file", rel + ".html", path
            if rel + "/index.html" in files:
                return "file", rel + "/index.html", path
        elif rel + "/index.html" in files:
            return "file", rel + "/index.html", path
        if rel in dirs:
            return "forbidden", rel + "/", path
        return None

    def _netlify_rule(self, path: str, exists: bool) -> Served | None:
        alt = path[:-1] if path.endswith("/") and path != "/" else path + "/"
        for rule in self.index.rules:
            captured = rule.matches(path)
            if captured is None:
                captured = rule.matches(alt)
            if captured is None:
                continue
            if exists and not rule.force:
                return None  # the file shadows the rule
            target = rule.target_for(captured)
            if rule.status == 200:  # a rewrite: the target's content at this URL
                inner = self._internal_target(target, host_path=True)
                if inner is None:
                    return Served("extra", path, url=path)
                served = self._serve_once(inner)
                served.path, served.url = path, path
                return served
            if rule.status == 404:
                return Served("missing", path, url=path)
            return Served("redirect", path, url=path, redirect=rule, chain=[target])
        return None

    def _internal_target(self, target: str, host_path: bool) -> str | None:
        """The site path a redirect target names, or None when it leaves the site.

        `host_path`: the target is a path on the host (``_redirects``, server rules), so it
        carries the baseurl; jekyll-redirect-from targets are ``page.url`` values."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            if (parts.hostname or "").lower() not in self.own_hosts or not self.has_url:
                return None
            host_path = True
        path = urls.decode(parts.path or "/")
        if not path.startswith("/"):
            path = "/" + path
        if host_path:
            stripped = urls.strip_baseurl(path, {"baseurl": self.prefix})
            path = stripped if stripped is not None else path
        return path

    def _follow(self, served: Served) -> None:
        seen = {served.path}
        red, target = served.redirect, served.chain[0]
        for _ in range(self.max_hops):
            # jekyll-redirect-from targets are site URLs (absolute_url adds the baseurl);
            # _redirects and server rules name paths of the host.
            host_path = not (isinstance(red, Redirect) and red.origin != "_redirects")
            inner = self._internal_target(target, host_path)
            if inner is None:
                served.external = target
                return
            if inner in seen:
                served.problem = "loop"
                return
            seen.add(inner)
            nxt = self._serve_once(inner)
            if nxt.status != "redirect":
                served.final = nxt
                return
            red, target = nxt.redirect, nxt.chain[0]
            served.chain.append(target)
        served.problem = "too-long"

    # -- 3. what to suggest -------------------------------------------------------------------
    def public_url(self, path: str) -> str:
        """A site path as a link would write it (baseurl added)."""
        return self.prefix + path

    def other_form(self, path: str) -> str | None:
        """An address this host serves for the same file as `path` under another form (with
        or without ``.html``, ``/index.html`` or a final ``/``), for messages that say "the
        page exists, but not at this address". A redirect gives its final target."""
        rel = path.strip("/")
        if not rel:
            return None
        for cand in (rel, rel + ".html", rel + "/index.html", rel + ".xhtml"):
            if cand not in self.files:
                continue
            item, red = self.index.served_at(cand)
            if item is not None and red is None:
                form = self.working_form(item)
                if form is not None and form != path:
                    return form
                continue
            for form in ("/" + rel, "/" + rel + "/", "/" + cand):
                if form == path:
                    continue
                served = self.serve(form)
                if served.status == "redirect":
                    if served.final is not None and served.final.found:
                        return served.final.url or served.final.path
                    if served.external is not None:
                        return served.external
                elif served.found:
                    return form
        return None

    def working_form(self, item: Item) -> str | None:
        """The address of `item` that this host serves: its URL, else its file's path."""
        for cand in (item.decoded_url, "/" + item.destination):
            served = self._serve_once(cand)
            if served.status == "ok" and served.item is item:
                return cand
        return None

    def unicode_variant(self, path: str) -> str | None:
        """A served path equal to `path` once both are in NFC (typed NFD on a Mac…)."""
        if path.isascii():
            return None
        if self._nfc is None:
            self._nfc = {}
            for p in self._all_paths():
                if not p.isascii():
                    self._nfc.setdefault(unicodedata.normalize("NFC", p), []).append(p)
        for key in (path, path.rstrip("/")):
            for cand in self._nfc.get(unicodedata.normalize("NFC", key), ()):
                if cand != key:
                    return cand
        return None

    def case_variant(self, path: str) -> str | None:
        """A served path equal to `path` but for letter case (works only on a Mac)."""
        if self._lower is None:
            self._lower = {}
            for p in self._all_paths():
                self._lower.setdefault(p.lower(), []).append(p)
                if p.endswith(".html"):
                    self._lower.setdefault(p[:-5].lower(), []).append(p)
        bare = path.rstrip("/")
        for key in (path, bare):
            for cand in self._lower.get(key.lower(), ()):
                if cand.removesuffix(".html").rstrip("/") != bare:
                    return cand
        return None

    def closest(self, path: str, asset: bool) -> str | None:
        """The nearest existing URL (pages, or files for assets), when one is near."""
        pool = self._asset_paths() if asset else self._page_urls()
        key = path.rstrip("/") or "/"
        folder, _, name = key.rpartition("/")
        # Siblings first, compared by name: a shared folder makes any two paths look alike.
        siblings: dict[str, str] = {}
        for cand in pool:
            cfolder, _, cname = cand.rpartition("/")
            if cfolder == folder:
                siblings.setdefault(_stem(cname), cand)
        found = difflib.get_close_matches(_stem(name), list(siblings), n=1, cutoff=0.75)
        if found:
            return siblings[found[0]]
        # Elsewhere (a typo in a folder): the name itself must still be close.
        # (only the paths whose length allows the cutoff: difflib's first test, made
        # here in one pass rather than with a matcher per path of the site)
        n = len(key)
        fits = [c for c in pool if 2.0 * min(n, len(c)) / (n + len(c)) >= 0.85]
        for cand in difflib.get_close_matches(key, fits, n=3, cutoff=0.85):
            cname = _stem(cand.rpartition("/")[2])
            if difflib.SequenceMatcher(None, _stem(name), cname).ratio() >= 0.75:
                return cand
        return None

    def _all_paths(self) -> list[str]:
        out = set()
        for item in self.index.items:
            if item.published and item.url:
                out.add(item.decoded_url)
                out.add(item.decoded_url.rstrip("/") or "/")
        out.update("/" + f for f in self.files)
        return sorted(out)

    def _page_urls(self) -> list[str]:
        if self._urls is None:
            seen: set[str] = set()
            for item in self.index.items:
                if not item.published or not item.url or item.kind == "static":
                    continue
                if item.decoded_url.rstrip("/").endswith((".xml", ".json", ".txt")):
                    continue
                seen.add(item.decoded_url.rstrip("/") or "/")
            for red in self.index.redirects:
                if red.origin == "redirect_from":
                    seen.add(urls.decode(red.source_url).rstrip("/") or "/")
            self._urls = sorted(seen)
        return self._urls

    def _asset_paths(self) -> list[str]:
        if self._assets is None:
            self._assets = sorted(
                item.decoded_url
                for item in self.index.items
                if item.published and item.kind == "static" and item.url
            )
        return self._assets


def _stem(name: str) -> str:
    """A file name without its ``.html``: ``a.html`` and ``a`` name the same page."""
    return name[:-5] if name.endswith(".html") else name


def _http_typo(scheme: str) -> bool:
    """``ttps``, ``htps``, ``htttp``…: a mistyped web scheme (the link goes nowhere)."""
    return scheme not in ("http", "https") and any(
        difflib.SequenceMatcher(None, scheme, good).ratio() >= 0.75 for good in ("http", "https")
    )


#: Extensions of files a link or ``src`` names (not pages): a missing one is LNK003.
FILE_EXTS = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".svg",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".heic",
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".odg",
        ".rtf",
        ".epub",
        ".csv",
        ".tsv",
        ".txt",
        ".md",
        ".json",
        ".geojson",
        ".xml",
        ".rss",
        ".atom",
        ".yml",
        ".yaml",
        ".ics",
        ".vcf",
        ".gpx",
        ".kml",
        ".css",
        ".js",
        ".mjs",
        ".map",
        ".wasm",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".m4a",
        ".ogg",
        ".oga",
        ".wav",
        ".flac",
        ".mp4",
        ".m4v",
        ".webm",
        ".ogv",
        ".mov",
        ".avi",
        ".vtt",
        ".srt",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".tar",
    ]
)


def is_file_path(path: str) -> bool:
    """Whether a path names a file (an image, a PDF…) rather than a web page. Unknown
    extensions count as pages: ``/approche/v1.2`` is a page Jekyll writes without
    ``.html``."""
    if path.endswith("/"):
        return False
    ext = urls.extname(path.rsplit("/", 1)[-1]).lower()
    return ext in FILE_EXTS
