"""Site discovery: which files make the site, and what each one is, as Jekyll decides.

Jekyll mode starts at the nearest ``_config.yml`` (walking up from the given path). The
source tree is walked with Jekyll's entry filter (``include``/``exclude`` with its glob and
prefix quirks, special and backup names), collections are read from ``collections_dir``,
posts from ``_posts`` folders, layouts and includes from their folders. Without a
``_config.yml`` betalint runs in plain mode: every file under the folder is content, its URL
is its path (works on a built ``_site`` or any folder of pages).

Reference: ``../shared/specs/jekyll.md`` §1.
"""

from __future__ import annotations

import fnmatch
import functools
import glob as globmod
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from betalint.source import load_yaml

MARKDOWN_EXT_DEFAULT = "markdown,mkdown,mkdn,mkd,md"
HTML_EXTS = frozenset((".html", ".htm", ".xhtml"))
BUILTIN_EXCLUDES = [
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
]
JEKYLL_DEFAULTS: dict[str, Any] = {
    "source": ".",
    "destination": "_site",
    "collections_dir": "",
    "collections": {},
    "permalink": "date",
    "markdown_ext": MARKDOWN_EXT_DEFAULT,
    "includes_dir": "_includes",
    "layouts_dir": "_layouts",
    "data_dir": "_data",
    "plugins_dir": "_plugins",
    "baseurl": None,
    "url": "",
    "future": False,
    "unpublished": False,
    "show_drafts": None,
    "strict_front_matter": False,
    "include": [".htaccess"],
    "exclude": [],
    "defaults": [],
    "lang": None,
}
#: Folders never walked in plain mode (and never worth reading in any mode).
PLAIN_SKIP = frozenset(("node_modules", "vendor", ".git", ".betalint_cache"))


@dataclass(slots=True)
class SiteFile:
    """A file of the site and the role Jekyll gives it (before reading its content)."""

    rel: str  # POSIX path relative to the site root
    role: str  # page | collection | post | layout | include | data | sass | other
    collection: str | None = None
    rel_collection: str | None = None  # path relative to collections_dir (documents)

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.rel)[1].lower()


@dataclass
class WalkProblem:
    rel: str
    reason: str  # "unreadable" | "symlink-outside" | "symlink-loop"
    detail: str = ""


@dataclass
class Site:
    root: Path
    mode: str  # "jekyll" | "plain"
    config: dict[str, Any]
    files: list[SiteFile] = field(default_factory=list)
    problems: list[WalkProblem] = field(default_factory=list)
    config_error: str | None = None

    # -- configuration views ------------------------------------------------------------
    @property
    def markdown_exts(self) -> frozenset[str]:
        return self._extensions()[0]

    def _extensions(self) -> tuple[frozenset[str], dict[str, str | None]]:
        """The Markdown extensions of ``markdown_ext`` and the language found for each
        extension asked about so far (see :meth:`language_of`), kept while the setting
        stays the same: both are asked for every file."""
        raw = str(self.config.get("markdown_ext") or MARKDOWN_EXT_DEFAULT)
        known = self.__dict__.get("_markdown_exts")
        if known is None or known[0] != raw:
            exts = frozenset("." + e.strip().lower() for e in raw.split(",") if e.strip())
            known = self.__dict__["_markdown_exts"] = (raw, exts, {})
        return known[1], known[2]

    def language_of(self, rel: str) -> str | None:
        """'markdown', 'html' or None (not a page language) for a file name (a POSIX path).

        Asked for every file, several times a run: the extension is cut as
        ``os.path.splitext`` does (from the last dot of the name, unless only dots come
        before it) without its cost, and its answer kept per extension."""
        base = rel[rel.rfind("/") + 1 :]
        dot = base.rfind(".")
        if dot <= 0 or not base[:dot].strip("."):
            return None
        exts, languages = self._extensions()
        ext = base[dot:]
        if ext not in languages:
            low = ext.lower()
            languages[ext] = "html" if low in HTML_EXTS else "markdown" if low in exts else None
        return languages[ext]

    @property
    def collections(self) -> dict[str, dict[str, Any]]:
        return normalise_collections(self.config.get("collections"))

    @property
    def site_vars(self) -> dict[str, Any]:
        """The ``site.*`` values Liquid resolution may use."""
        return {"baseurl": self.config.get("baseurl") or "", "url": self.config.get("url") or ""}

    @property
    def lang(self) -> str | None:
        value = self.config.get("lang")
        return str(value) if value else None

    def defaults_for(self, rel: str, type_: str) -> dict[str, Any]:
        """Front-matter ``defaults`` for a path and type (see :func:`defaults_for`).

        Memoised by the sets that apply: thousands of documents share a handful of them."""
        memo = self.__dict__.setdefault("_defaults_memo", {})
        return defaults_for(self.config, rel, type_, self.root, memo)


def normalise_collections(raw: Any) -> dict[str, dict[str, Any]]:
    """Collections as a label → metadata mapping (a list form is allowed by Jekyll)."""
    out: dict[str, dict[str, Any]] = {}
    if isinstance(raw, list):
        raw = {str(x): {} for x in raw}
    if isinstance(raw, dict):
        for label, meta in raw.items():
            out[str(label)] = dict(meta) if isinstance(meta, dict) else {}
    out.setdefault("posts", {"output": True})
    out["posts"].setdefault("output", True)
    return out


_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


def defaults_for(
    config: dict[str, Any],
    rel: str,
    type_: str,
    root: Path | None = None,
    memo: dict[Any, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Jekyll's ``FrontmatterDefaults#all``: the ``defaults`` values for a path and a type.

    `rel` is the item's relative path as Jekyll knows it: from the source root for pages
    and static files, from ``collections_dir`` for documents; `type_` is ``pages``, a
    collection label (``posts``…) or ``""`` (static files outside collections, which only
    scopes without ``type`` reach). Scope paths are string prefixes (``img`` also covers
    ``img2/``); a path with ``*`` is globbed in the source tree first (needs `root`) and
    each match is a prefix. Precedence is Jekyll's, which depends on the order of the sets:
    a set overrides what came before when its scope path is at least as long (at equal
    length, a scope with ``type`` wins), otherwise it only fills keys still missing.
    """
    entries = config.get("defaults") or []
    if not isinstance(entries, list):
        return {}
    path = rel[1:] if rel.startswith("/") else rel
    if memo is None:
        sets = _compile_defaults(config, entries)
    else:
        if memo.get(None) is not entries:
            memo.clear()  # memoised for another list of sets
            memo[None] = entries  # type: ignore[assignment]
            memo["sets"] = _compile_defaults(config, entries)  # type: ignore[assignment]
        sets = memo["sets"]  # type: ignore[assignment]
    applying: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for n, entry, stype, scope, prefix in sets:
        if stype is not None and stype != type_:
            continue
        if prefix is None:
            if not _scope_applies(config, scope.get("path"), path, root):
                continue
        elif not path.startswith(prefix):
            continue
        applying.append((n, entry, scope))
    key = tuple(n for n, _entry, _scope in applying)
    if memo is not None and key in memo:
        return dict(memo[key])
    result: dict[str, Any] = {}
    old_scope: dict[str, Any] | None = None
    for _n, entry, scope in applying:
        if _has_precedence(old_scope, scope):
            result = _deep_merge(result, entry["values"])
            old_scope = scope
        else:
            result = _deep_merge(entry["values"], result)
    if memo is not None:
        memo[key] = result
        return dict(result)
    return result


def _compile_defaults(
    config: dict[str, Any], entries: list[Any]
) -> list[tuple[int, dict[str, Any], str | None, dict[str, Any], str | None]]:
    """The usable sets of ``defaults``: (position, set, type, scope with its normalised
    type, path prefix — "" for any path, None when the scope path is a glob)."""
    out = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        stype = scope.get("type")
        if stype is not None:
            stype = _DEPRECATED_TYPES.get(str(stype), str(stype))
            scope = {**scope, "type": stype}
        spath = scope.get("path")
        prefix: str | None
        if not isinstance(spath, str) or not spath:
            prefix = ""
        elif "*" in spath.lstrip("/"):
            prefix = None
        else:
            prefix = _strip_collections_dir(config, spath.lstrip("/"))
        out.append((n, entry, stype, scope, prefix))
    return out


def _scope_len(scope: dict[str, Any] | None) -> int:
    spath = (scope or {}).get("path")
    if not isinstance(spath, str):
        return 0
    return len(spath[1:] if spath.startswith("/") else spath)


def _has_precedence(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if old is None:
        return True
    new_len, old_len = _scope_len(new), _scope_len(old)
    if new_len != old_len:
        return new_len >= old_len
    if new.get("type") is not None:
        return True
    return old.get("type") is None


def _strip_collections_dir(config: dict[str, Any], spath: str) -> str:
    cdir = str(config.get("collections_dir") or "")
    if cdir and spath.startswith(cdir + "/"):
        return spath[len(cdir) + 1 :]
    return spath


def _scope_applies(config: dict[str, Any], spath: Any, path: str, root: Path | None) -> bool:
    if not isinstance(spath, str) or not spath:
        return True
    spath = spath.lstrip("/")
    if "*" not in spath:
        return path.startswith(_strip_collections_dir(config, spath))
    if root is None:
        return False
    return any(
        path.startswith(_strip_collections_dir(config, match))
        for match in _glob_scope(str(root), spath)
    )


@functools.lru_cache(maxsize=256)
def _glob_scope(root: str, pattern: str) -> tuple[str, ...]:
    """Ruby's ``Dir.glob`` of a scope pattern under the source root (files and folders)."""
    return tuple(
        sorted(p.replace(os.sep, "/") for p in globmod.glob(pattern, root_dir=root, recursive=True))
    )


def _deep_merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


class ConfigError(Exception):
    """The site's ``_config.yml`` cannot be read: a usage error (exit 2)."""


def find_root(start: Path) -> tuple[Path, str]:
    """Nearest folder holding ``_config.yml`` at or above `start`; else `start` (plain)."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "_config.yml").is_file():
            return candidate, "jekyll"
    return folder, "plain"


def load_jekyll_config(root: Path) -> dict[str, Any]:
    path = root / "_config.yml"
    real = os.path.realpath(path)
    root_real = os.path.realpath(root)
    if not real.startswith(root_real + os.sep):
        # The walker never follows a symlink out of the site; neither does the config.
        raise ConfigError(f"{path}: symbolic link to a file outside the site, not followed")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from exc
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from exc
    except ValueError as exc:  # YamlTooBig (alias bomb) or a value YAML rejects
        raise ConfigError(f"{path}: cannot be used: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    config = dict(JEKYLL_DEFAULTS)
    config.update(data)  # arrays replace, as in Jekyll
    exclude = [str(x) for x in (config.get("exclude") or [])]
    config["exclude"] = exclude + [e for e in BUILTIN_EXCLUDES if e not in exclude]
    config["include"] = [str(x) for x in (config.get("include") or [])]
    return config


# --- the entry filter ---------------------------------------------------------------------


class _Patterns:
    """Jekyll's ``glob_include?`` for a list of patterns, compiled once.

    A pattern matches an entry when the shell glob matches without the pathname flag (so
    ``*`` also matches ``/``), when the entry merely starts with the pattern (plain string
    prefix: ``lib`` excludes ``library.md``), or when the pattern is the entry plus ``/``.
    """

    def __init__(self, patterns: list[str]) -> None:
        cleaned = [p[1:] if p.startswith("/") else p for p in patterns]
        self.prefixes = tuple(p for p in cleaned if p)
        self.dirs = frozenset(p for p in cleaned if p.endswith("/"))
        globs = [fnmatch.translate(p) for p in cleaned if any(c in p for c in "*?[")]
        self.glob = re.compile("|".join(f"(?:{g})" for g in globs)) if globs else None

    def match(self, entry: str) -> bool:
        # (called for every file of the site: the cheap tests first, and only when needed)
        if self.prefixes and entry.startswith(self.prefixes):
            return True
        if self.dirs and (entry + "/") in self.dirs:
            return True
        return bool(self.glob and self.glob.match(entry))


class EntryFilter:
    def __init__(self, include: list[str], exclude: list[str]) -> None:
        self.include = _Patterns(include)
        self.exclude = _Patterns([e for e in exclude if e not in include])

    def included(self, name: str) -> bool:
        if self.include.match(name):
            return True
        base = name.rpartition("/")[2]  # (rel paths are joined with "/")
        return base != name and self.include.match(base)

    def excluded(self, rel: str) -> bool:
        return self.exclude.match(rel)

    def keep(self, rel: str, name: str) -> bool:
        """Whether Jekyll keeps the entry `name` whose path from the source root is `rel`."""
        if name.endswith("."):
            return False
        included = self.included(name)
        if self.excluded(rel) and not included:
            return False
        if included:
            return True
        return not (name[0] in "._#~" or name.endswith("~"))


# --- walking ------------------------------------------------------------------------------


class _Walker:
    """Directory walk that never leaves the root through symlinks and survives loops."""

    def __init__(self, root: Path, problems: list[WalkProblem]) -> None:
        self.root = root
        self.root_real = os.path.realpath(root)
        self.problems = problems
        self.seen_dirs: set[tuple[int, int]] = set()

    def entries(self, rel_dir: str) -> list[tuple[str, bool]]:
        """(name, is_dir) pairs of a folder, sorted; problems recorded, never raised."""
        path = os.path.join(self.root, rel_dir) if rel_dir else str(self.root)
        try:
            st = os.stat(path)
        except OSError as exc:
            self.problems.append(
                WalkProblem(rel_dir or ".", "unreadable", str(exc.strerror or exc))
            )
            return []
        key = (st.st_dev, st.st_ino)
        if key in self.seen_dirs:
            self.problems.append(WalkProblem(rel_dir, "symlink-loop"))
            return []
        self.seen_dirs.add(key)
        out: list[tuple[str, bool]] = []
        try:
            with os.scandir(path) as it:
                items = list(it)
        except OSError as exc:
            self.problems.append(
                WalkProblem(rel_dir or ".", "unreadable", str(exc.strerror or exc))
            )
            return []
        for entry in items:
            name = entry.name
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not (target == self.root_real or target.startswith(self.root_real + os.sep)):
                        self.problems.append(WalkProblem(rel, "symlink-outside"))
                        continue
                    try:
                        st = os.stat(entry.path)
                    except OSError:
                        self.problems.append(WalkProblem(rel, "symlink-loop"))
                        continue
                    out.append((name, stat.S_ISDIR(st.st_mode)))
                else:
                    out.append((name, entry.is_dir(follow_symlinks=False)))
            except OSError as exc:
                self.problems.append(WalkProblem(rel, "unreadable", str(exc)))
        out.sort()
        return out


def discover(start: Path) -> Site:
    """Find the site containing `start` and list its files with their roles."""
    root, mode = find_root(start)
    if mode == "plain":
        site = Site(root=root, mode="plain", config=dict(JEKYLL_DEFAULTS))
        _walk_plain(site)
        return site
    config = load_jekyll_config(root)
    site = Site(root=root, mode="jekyll", config=config)
    _walk_jekyll(site)
    return site


def _walk_plain(site: Site) -> None:
    walker = _Walker(site.root, site.problems)
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        for name, is_dir in walker.entries(rel_dir):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name.startswith(".") or name in PLAIN_SKIP:
                continue
            if is_dir:
                stack.append(rel)
            else:
                site.files.append(SiteFile(rel, "page"))
    site.files.sort(key=lambda f: f.rel)


def _walk_jekyll(site: Site) -> None:
    config = site.config
    flt = EntryFilter(config["include"], config["exclude"])
    walker = _Walker(site.root, site.problems)
    files = site.files
    cdir = str(config.get("collections_dir") or "").strip("/")
    collections = site.collections
    dest = str(config.get("destination") or "_site").strip("/")

    # 1. pages and static files, plus posts folders met on the way
    post_dirs: list[str] = []
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        for name, is_dir in walker.entries(rel_dir):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if (
                is_dir
                and name == "_posts"
                and (not cdir or rel_dir == cdir or rel_dir.startswith(cdir + "/"))
            ):
                post_dirs.append(rel)
                continue
            if not flt.keep(rel, name):
                continue
            if is_dir:
                if rel == dest:
                    continue
                stack.append(rel)
            else:
                files.append(SiteFile(rel, "page"))

    # 2. collections (posts included), read from collections_dir
    for label in sorted(collections):
        if label == "posts":
            continue
        folder = f"{cdir}/_{label}" if cdir else f"_{label}"
        _walk_collection(site, walker, flt, folder, label)
    for folder in sorted(post_dirs):
        _walk_collection(site, walker, flt, folder, "posts")

    # 3. layouts, includes, data, sass: read by their own readers
    for key, role in (("layouts_dir", "layout"), ("includes_dir", "include"), ("data_dir", "data")):
        folder = str(config.get(key) or "").strip("/")
        if folder and (site.root / folder).is_dir():
            _walk_all(site, walker, folder, role)
    if (site.root / "_sass").is_dir():
        _walk_all(site, walker, "_sass", "sass")
    files.sort(key=lambda f: f.rel)


def _walk_collection(
    site: Site, walker: _Walker, flt: EntryFilter, folder: str, label: str
) -> None:
    if not (site.root / folder).is_dir():
        return
    base = folder.rsplit("/", 1)[-1] if label != "posts" else "_posts"
    cdir = str(site.config.get("collections_dir") or "").strip("/")
    stack = [""]
    while stack:
        sub = stack.pop()
        for name, is_dir in walker.entries(f"{folder}/{sub}" if sub else folder):
            entry = f"{sub}/{name}" if sub else name
            if is_dir:
                # Jekyll globs every file below the collection folder, then filters the
                # file paths: folders themselves are not filtered.
                stack.append(entry)
                continue
            # Matched as if the collection folder sat at the source root.
            included = flt.included(entry)
            if name.endswith(".") or (flt.excluded(f"{base}/{entry}") and not included):
                continue
            if not included and (entry[0] in "._#~" or name[0] in "._#~" or name.endswith("~")):
                continue
            rel = f"{folder}/{entry}"
            rel_c = rel[len(cdir) + 1 :] if cdir else rel
            role = "post" if label == "posts" else "collection"
            site.files.append(SiteFile(rel, role, label, rel_c))


def _walk_all(site: Site, walker: _Walker, folder: str, role: str) -> None:
    stack = [folder]
    while stack:
        rel_dir = stack.pop()
        for name, is_dir in walker.entries(rel_dir):
            rel = f"{rel_dir}/{name}"
            if name.startswith("."):
                continue
            if is_dir:
                stack.append(rel)
            else:
                site.files.append(SiteFile(rel, role))
