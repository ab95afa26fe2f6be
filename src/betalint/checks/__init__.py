"""Check registry: one function per rule, registered by code.

Two kinds of checks:

* **document checks** ``fn(doc, ctx) -> Iterable[Finding]`` see one parsed
  :class:`~betalint.elements.Document`; they run in worker processes and their results are
  cached per file;
* **site checks** ``fn(site) -> Iterable[Finding]`` see the whole site through compact
  per-document data made by **collectors** (``fn(doc, ctx) -> picklable``), which run beside
  the document checks. A site check says which collectors it needs.

A check yields :class:`Finding` objects: a code, a position and the values its message
template needs. Message texts live in the catalogue, never in the check.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the elements model is imported by the runs that parse files
    from betalint.elements import Document


@dataclass(slots=True)
class Finding:
    code: str
    line: int
    col: int = 1
    args: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None  # key of a message variant in the catalogue entry
    severity: str | None = None  # overrides the rule's default (e.g. a milder sub-case)
    path: str | None = None  # site checks: the file (site-relative); documents: implied
    fingerprint: str | None = None  # stable text for baselines; default: the source line
    #: A safe automatic correction, applied only under ``check --fix``: (start, end, old,
    #: new) character offsets in the document text; `old` is checked before writing.
    fix: tuple[int, int, str, str] | None = None


@dataclass
class CheckContext:
    """What a document check may use besides the document (built once per process)."""

    site: Any  # betalint.engine.SiteInfo
    config: Any  # betalint.config.Config
    _resources: dict[str, Any] = field(default_factory=dict)
    #: Facts worth showing in reports, set in the main process before the files are linted
    #: (e.g. ``meta["dsfr_version"]``); the run returns them as ``RunResult.meta``.
    meta: dict[str, Any] = field(default_factory=dict)
    #: Set by the engine while one file is linted: the other files its checks read.
    deps: set[str] | None = None

    def options(self, code: str) -> dict[str, Any]:
        return self.config.options(code)

    def depends_on(self, rel: str) -> None:
        """Say that the file being linted gives results that depend on another file of the
        site (`rel`, relative to the site root; it may not exist): the cache then reuses
        its results only while that file is unchanged (or still absent). Call it every time
        the other file is consulted, even when its content comes from ``resource``."""
        if self.deps is not None:
            self.deps.add(rel)

    def resource(self, name: str, loader: Callable[[CheckContext], Any]) -> Any:
        """A per-process cached resource (class lists, vocabularies…), built on first use."""
        if name not in self._resources:
            self._resources[name] = loader(self)
        return self._resources[name]


DocumentCheck = Callable[["Document", CheckContext], Iterable[Finding]]
#: ``fn(ctx, site, lang) -> notes``: runs once in the main process before the files are
#: linted (so worker processes inherit what it put in ``ctx.resource``) and returns the
#: lines to say once in the output (e.g. which DSFR version was assumed).
Preparer = Callable[[CheckContext, Any, str], Iterable[str]]
SiteCheck = Callable[[Any], Iterable[Finding]]
Collector = Callable[["Document", CheckContext], Any]

DOCUMENT_CHECKS: dict[str, DocumentCheck] = {}
SITE_CHECKS: dict[str, tuple[SiteCheck, tuple[str, ...]]] = {}
COLLECTORS: dict[str, Collector] = {}
PREPARERS: list[tuple[frozenset[str], Preparer]] = []
#: Collector name → its data without positions (see :func:`collector`).
PLACELESS: dict[str, Callable[[Any], Any]] = {}
#: Collectors whose data of a page is read for that page's findings only (see :func:`collector`).
PRIVATE: set[str] = set()
#: Collector name → the positions in its data, in order (see :func:`collector`).
PLACES: dict[str, Callable[[Any], list[tuple[int, int | None]]]] = {}
#: Rules produced by the engine itself rather than by a check function.
ENGINE_RULES = frozenset(("BL001", "BL002", "FM001"))


def document_check(*codes: str) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register a document check for one rule (several codes only for one-pass families)."""

    def deco(fn: DocumentCheck) -> DocumentCheck:
        for code in codes:
            if code in DOCUMENT_CHECKS or code in SITE_CHECKS:
                raise RuntimeError(f"{code} registered twice")
            DOCUMENT_CHECKS[code] = fn
        return fn

    return deco


def site_check(*codes: str, collect: tuple[str, ...] = ()) -> Callable[[SiteCheck], SiteCheck]:
    """Register a site check reading the data of the collectors `collect`.

    Its findings carry the file they are in (``path``). One that cites a position in
    another file names that file among its args (``other``, ``source``…): the engine
    relies on it to tell which kept findings a local edit elsewhere makes stale."""

    def deco(fn: SiteCheck) -> SiteCheck:
        for code in codes:
            if code in DOCUMENT_CHECKS or code in SITE_CHECKS:
                raise RuntimeError(f"{code} registered twice")
            SITE_CHECKS[code] = (fn, collect)
        return fn

    return deco


def collector(
    name: str,
    placeless: Callable[[Any], Any] | None = None,
    private: bool = False,
    places: Callable[[Any], list[tuple[int, int | None]]] | None = None,
) -> Callable[[Collector], Collector]:
    """Register a collector.

    `placeless` maps what it collects to the same data without any line or column: when
    every file's placeless data is as it was, an edit only moved things within the files it
    touched, and the site memo is reused for the other files (see ``engine._local_edits``). It
    must drop positions and nothing else; without it, any move makes site checks run again
    on the whole site (slower, never wrong).

    `private`: what it collects from a page or document is read only for the findings of
    that file, never for another file's (a page's links: other pages see its URL, ids and
    front matter, not its links). An edit that changes only such data is handled like a
    move. Say it only when it holds for every site check.

    `places` lists the positions `placeless` drops, in an order that depends on the data
    without them only: ``(line, col)``, or ``(line, None)`` for a line. Two versions of a
    file with the same placeless data pair their positions one to one, so that the site
    findings of an edit that only moved things are moved along (``engine._moved``)."""

    def deco(fn: Collector) -> Collector:
        COLLECTORS[name] = fn
        if placeless is not None:
            PLACELESS[name] = placeless
        if private:
            PRIVATE.add(name)
        if places is not None:
            PLACES[name] = places
        return fn

    return deco


def prepare(*codes: str) -> Callable[[Preparer], Preparer]:
    """Register site-wide set-up for a family; it runs only when one of `codes` is enabled."""

    def deco(fn: Preparer) -> Preparer:
        PREPARERS.append((frozenset(codes), fn))
        return fn

    return deco


_LOADED = False


def load_all() -> None:
    """Import every module of this package so their checks register themselves."""
    global _LOADED
    if _LOADED:
        return
    for mod in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{mod.name}")
    _LOADED = True


def registered_codes() -> set[str]:
    load_all()
    return set(DOCUMENT_CHECKS) | set(SITE_CHECKS) | set(ENGINE_RULES)
