"""The run: discover the site, lint every file (in parallel), run site-wide checks, filter,
sort. Output formats only ever see the sorted list this module returns.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from betalint import checks, forked, halves
from betalint.catalogue import catalogue
from betalint.checks import (
    COLLECTORS,
    DOCUMENT_CHECKS,
    PLACELESS,
    PLACES,
    PREPARERS,
    PRIVATE,
    SITE_CHECKS,
    CheckContext,
    Finding,
)
from betalint.config import Config
from betalint.fingerprint import element_text
from betalint.i18n import normalise as normalise_lang
from betalint.site import Site, SiteFile, discover
from betalint.source import Source, duplicate_keys, load_source
from betalint.suppress import Suppressions, parse_suppressions, unused

if TYPE_CHECKING:
    from betalint.elements import Document

#: Files larger than this are reported (BL001) and skipped rather than parsed.
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
#: Seconds one file may take (reading, parsing, checks) before it is abandoned (BL001).
#: A safety net for input no limit foresaw: a real 5 MB page takes a few seconds.
DEFAULT_MAX_FILE_SECONDS = 60
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class SiteInfo:
    """What workers need to know about the site (small and picklable)."""

    root: str
    mode: str
    config: dict[str, Any]
    site_vars: dict[str, Any]
    markdown_exts: frozenset[str]
    lang: str | None = None

    @classmethod
    def of(cls, site: Site) -> SiteInfo:
        return cls(
            root=str(site.root),
            mode=site.mode,
            config=site.config,
            site_vars=site.site_vars,
            markdown_exts=site.markdown_exts,
            lang=site.lang,
        )


@dataclass
class DocResult:
    """Everything the main process keeps of one linted file."""

    path: str
    kind: str  # page | document | layout | include | static | plain | skipped
    language: str | None
    checked: bool
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    collected: dict[str, Any] = field(default_factory=dict)
    suppressions: Suppressions | None = None
    lines: dict[int, str] = field(default_factory=dict)  # source lines of the findings
    errors: list[str] = field(default_factory=list)
    #: For the cache: the content digest of the bytes read (None: not read), the other
    #: files the checks read (``ctx.depends_on``), and whether the result may be reused
    #: (not when reading failed or a check broke: those are tried again next run).
    digest: bytes | None = None
    deps: tuple[str, ...] = ()
    cacheable: bool = False


@dataclass
class Violation:
    rule: str
    name: str
    severity: str
    path: str  # POSIX, relative to the current directory
    line: int
    column: int
    message: str
    rgaa: list[str]
    site_path: str = ""  # relative to the site root
    hint: str = ""
    source_line: str = ""
    fingerprint: str = ""
    fix: tuple[int, int, str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "rgaa": self.rgaa,
            "hint": self.hint,
        }


@dataclass
class RunResult:
    root: Path
    site: Site
    violations: list[Violation]
    files_checked: int
    errors: list[str]  # internal errors (exit code 2)
    notes: list[str]  # things said once (e.g. which DSFR version was assumed)
    lang: str
    suppressed: int = 0
    documents: list[DocResult] = field(default_factory=list)
    targets: list[str] | None = None  # site-relative paths reported; None = the whole site
    baseline: dict[str, Any] | None = None  # set when a baseline filtered the violations
    #: Facts about the run that reports show, set by checks in ``ctx.meta`` (preparers) or
    #: ``site.shared["meta"]`` (site checks), e.g. ``{"dsfr_version": "1.11.0"}``.
    meta: dict[str, Any] = field(default_factory=dict)
    #: Site-wide artefacts the site checks built (``site.get(name, builder)``: the URL
    #: index…), so that reports reuse them instead of building them again.
    shared: dict[str, Any] = field(default_factory=dict)
    #: Where the time went (seconds per phase, per site check) and what the cache did
    #: (files reused, files linted, site memo used): shown by ``--debug``.
    timings: dict[str, float] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


#: ``progress(done, total)``: files linted so far, called from the main process as work
#: completes (per file when serial, per chunk with worker processes).
Progress = Callable[[int, int], None]


# --- per document --------------------------------------------------------------------


def document_kind(sf: SiteFile, src: Source, mode: str) -> str:
    if mode == "plain":
        return "plain"
    if sf.role in ("layout", "include"):
        return sf.role
    if sf.role in ("collection", "post"):
        return "document" if src.has_front_matter else "static"
    return "page" if src.has_front_matter else "static"


_PARSING: tuple[Any, ...] = ()


def _parsing() -> tuple[Any, ...]:
    """What :func:`build_document` uses, imported on first use: a run served from the
    cache parses nothing and skips these imports (and a document does not pay four
    import statements)."""
    global _PARSING
    from betalint.elements import Builder, Document
    from betalint.htmlparse import HtmlFeeder
    from betalint.liquid import mask
    from betalint.markdown import parse_markdown

    _PARSING = (Builder, Document, HtmlFeeder, mask, parse_markdown)
    return _PARSING


def build_document(sf: SiteFile, src: Source, kind: str, language: str) -> Document:
    """Mask Liquid and parse into elements. Static files are not Liquid-processed by Jekyll."""
    Builder, Document, HtmlFeeder, mask, parse_markdown = _PARSING or _parsing()
    text = src.text
    # Includes have no front matter of their own: the whole file is template.
    body_offset = 0 if kind == "include" else src.body_offset
    liquid = kind != "static"
    m = mask(text) if liquid else None
    masked = m.text if m else text
    doc = Document(
        path=sf.rel,
        kind=kind,
        language=language,
        text=text,
        masked=masked,
        front_matter=src.front_matter if kind != "include" else None,
        body_offset=body_offset,
        collection=sf.collection,
        source=src,
    )
    if m:
        doc.liquid_tags = m.tags
    if language == "markdown" and kind != "static":
        parse_markdown(doc)
    else:
        builder = Builder()
        feeder = HtmlFeeder(builder, text, masked, doc.line_starts)
        feeder.feed(body_offset, len(masked))
        feeder.close()
        doc.elements = builder.elements
        doc.top = builder.top
    return doc


def _fm1(problem) -> Finding:
    return Finding(
        "FM001", problem.line, problem.column, {"detail": problem.detail}, variant=problem.reason
    )


class FileTimeout(BaseException):
    """Raised by the alarm of lint_file: a BaseException, so no `except Exception` in a
    parser or a check can swallow it."""


def _raise_timeout(signum: int, frame: Any) -> None:
    raise FileTimeout


#: Whether our SIGALRM handler is installed for the batch of files being linted (see
#: :func:`_alarm_for_batch`): then a file's time limit only sets and clears the timer.
_BATCH_ALARM = False


def _alarm_usable() -> bool:
    """The real-time alarm is ours to use: POSIX, main thread, nobody else's timer set."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] <= 0
    )


@contextmanager
def _alarm_for_batch() -> Iterator[None]:
    """Install the handler of :class:`_TimeLimit` once for a batch of files: swapping
    signal handlers for every file cost more than the timer itself (some 50 ms over the
    4,400 files of beta.gouv.fr)."""
    global _BATCH_ALARM
    if _BATCH_ALARM or not _alarm_usable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    _BATCH_ALARM = True
    try:
        yield
    finally:
        _BATCH_ALARM = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _TimeLimit:
    """Raise FileTimeout in this thread after `seconds` (POSIX main thread only; a no-op
    elsewhere, or when something else already uses the real-time alarm)."""

    __slots__ = ("previous", "seconds", "set")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous: Any = None
        self.set = False

    def __enter__(self) -> None:
        seconds = self.seconds
        if not seconds or seconds <= 0:
            return
        if _BATCH_ALARM:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            self.set = True
        elif _alarm_usable():
            self.previous = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            self.set = True

    def __exit__(self, *exc: object) -> None:
        if not self.set:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self.previous is not None:
            signal.signal(signal.SIGALRM, self.previous)


def lint_file(sf: SiteFile, ctx: CheckContext) -> DocResult:
    """Read, parse and check one file. Never raises: problems become findings or errors.

    A file that takes longer than `max-file-seconds` is abandoned and reported (BL001); an
    unexpected exception anywhere is an internal error of this file only.
    """
    limit = ctx.config.settings.get("max-file-seconds", DEFAULT_MAX_FILE_SECONDS)
    try:
        with _TimeLimit(limit):
            return _lint_file(sf, ctx)
    except FileTimeout:
        result = DocResult(sf.rel, "skipped", _language(sf.rel, ctx.site), checked=False)
        result.findings.append(Finding("BL001", 1, 1, {"limit": limit}, variant="timeout"))
        return result
    except Exception as exc:
        result = DocResult(sf.rel, "skipped", _language(sf.rel, ctx.site), checked=False)
        result.errors.append(_internal(sf.rel, "lint", exc))
        return result


def _lint_file(sf: SiteFile, ctx: CheckContext) -> DocResult:
    info: SiteInfo = ctx.site
    language = _language(sf.rel, info)
    result = DocResult(path=sf.rel, kind="skipped", language=language, checked=False)
    path = os.path.join(info.root, sf.rel)
    max_size = ctx.config.settings.get("max-file-size", DEFAULT_MAX_FILE_SIZE)

    def too_large(size: int) -> DocResult:
        result.findings.append(
            Finding("BL001", 1, 1, {"size": size, "limit": max_size}, variant="too-large")
        )
        return result  # not cached: finding it again costs one open and one fstat

    try:
        # (a raw descriptor: no file object to build for each of thousands of files)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            size = os.fstat(fd).st_size
            if size > max_size:
                return too_large(size)
            data = _read_all(fd, size)
        finally:
            os.close(fd)
    except OSError as exc:
        # a file too large to read is said to be so even when it cannot be opened
        with contextlib.suppress(OSError):
            size = os.stat(path).st_size
            if size > max_size:
                return too_large(size)
        result.findings.append(
            Finding("BL001", 1, 1, {"detail": exc.strerror or str(exc)}, variant="unreadable")
        )
        return result
    result.digest = digest_bytes(data)
    result.cacheable = True
    deps = ctx.deps = set()
    try:
        _lint_data(sf, ctx, data, language, result)
    finally:
        ctx.deps = None
    result.deps = tuple(sorted(deps))
    if result.errors:
        result.cacheable = False
    return result


def _read_all(fd: int, size: int) -> bytes:
    """The file's bytes, read to its end as ``read()`` does: `size` (what ``fstat`` gave)
    is only the first read's length, so a short read or a file that grew is read on."""
    parts = [os.read(fd, size + 1)]
    while parts[-1]:
        parts.append(os.read(fd, 1 << 16))
    return parts[0] if len(parts) == 2 else b"".join(parts)


def _lint_data(
    sf: SiteFile, ctx: CheckContext, data: bytes, language: str | None, result: DocResult
) -> None:
    info: SiteInfo = ctx.site
    src, problem = load_source(data)
    if src is None:
        variant = problem.reason
        result.findings.append(
            Finding(
                "BL001", problem.line, problem.column, {"detail": problem.detail}, variant=variant
            )
        )
        return
    kind = document_kind(sf, src, info.mode)
    result.kind = kind
    if kind == "static" and language == "markdown":
        # Copied byte for byte by Jekyll: nothing of it is rendered, nothing to lint.
        if src.fm_problem is not None and src.fm_problem.reason in ("bom", "cr"):
            result.findings.append(_fm1(src.fm_problem))
            result.checked = True
        return
    if src.fm_problem is not None and kind != "include":
        result.findings.append(_fm1(src.fm_problem))
    elif kind != "include":
        for key, line, first in duplicate_keys(src):
            result.findings.append(
                Finding(
                    "FM001",
                    line,
                    1,
                    {"key": key, "first": first},
                    variant="duplicate-key",
                    severity="warning",
                )
            )
    try:
        doc = build_document(sf, src, kind, language)
    except RecursionError:
        result.errors.append(f"{sf.rel}: nesting too deep to parse")
        return
    except Exception as exc:  # a parser bug must not stop the run
        result.errors.append(_internal(sf.rel, "parse", exc))
        return
    result.checked = True
    result.summary = {
        "path": sf.rel,
        "kind": kind,
        "language": language,
        "collection": sf.collection,
        "rel_collection": sf.rel_collection,
        "role": sf.role,
        "front_matter": src.front_matter if kind != "include" else None,
        "has_front_matter": src.has_front_matter,
        "fm_problem": src.fm_problem is not None,
    }
    enabled = ctx.config.enabled
    for code, fn in ctx.resource("engine.document-checks", _enabled_checks):
        try:
            for f in fn(doc, ctx):
                if f.code == code or f.code in enabled:
                    result.findings.append(f)
        except Exception as exc:
            result.errors.append(_internal(sf.rel, code, exc))
    for name in ctx.site_collectors:
        try:
            result.collected[name] = COLLECTORS[name](doc, ctx)
        except Exception as exc:
            result.errors.append(_internal(sf.rel, f"collector {name}", exc))
    supp = parse_suppressions(doc.text, doc.position)
    result.suppressions = supp if supp.directives else None
    result.lines = {}
    _keep_lines(result, doc)


def _enabled_checks(ctx: CheckContext) -> list[tuple[str, Any]]:
    """The document checks of the enabled rules, in registration order (once per process)."""
    return [(code, fn) for code, fn in DOCUMENT_CHECKS.items() if code in ctx.config.enabled]


def _keep_lines(result: DocResult, doc: Document) -> None:
    for f in result.findings:
        if f.line not in result.lines:
            result.lines[f.line] = doc.line_text(f.line)


def _language(rel: str, info: SiteInfo) -> str | None:
    ext = os.path.splitext(rel)[1].lower()
    if ext in (".html", ".htm", ".xhtml"):
        return "html"
    if ext in info.markdown_exts:
        return "markdown"
    return None


DEBUG = False


_DIGEST: Any = None


def digest_bytes(data: bytes) -> bytes:
    """``cache.digest_bytes``, imported on first use (once: it runs for every file)."""
    global _DIGEST
    if _DIGEST is None:
        from betalint.cache import digest_bytes as _DIGEST
    return _DIGEST(data)


def _internal(path: str, where: str, exc: BaseException) -> str:
    msg = f"{text_path(path)}: internal error in {where}: {type(exc).__name__}: {exc}"
    if DEBUG:
        import traceback

        msg += "\n" + "".join(traceback.format_exception(exc))
    return msg


# --- workers -------------------------------------------------------------------------

_WORKER_CTX: CheckContext | None = None
PROTOCOL = pickle.HIGHEST_PROTOCOL

#: One linted file as it travels from a worker and lives in the cache: (path, digest,
#: deps, cacheable, report half, site half). The report half is (kind, language, checked)
#: and, when there is any, a pickle of the findings and what reporting them needs; the
#: site half pickles of the summary and of the collected data (apart: the URL index
#: depends on summaries only) and the digest of both without positions
#: (:func:`_placeless_digest`). Pickles are made in the worker.
Packed = tuple[
    str, bytes | None, tuple[str, ...], bool, tuple[Any, ...], tuple[bytes, bytes, bytes]
]


def pack(r: DocResult) -> Packed:
    """Split a result into what reporting needs and what site checks need, pickled apart:
    a run whose site-wide findings are known from the cache unpickles only the first, and
    only for the few files with findings. For the cache only: a run without it has its
    workers send results as they are (see :func:`_worker_run`)."""
    details = b""
    if r.findings or r.suppressions is not None or r.errors:
        details = pickle.dumps((r.findings, r.suppressions, r.lines, r.errors), PROTOCOL)
    site = (
        halves.encode_summary(r.summary) if r.summary else b"",
        halves.encode_collected(r.collected) if r.collected else b"",
    )
    site += _placeless_digests(r, site[0])
    return (r.path, r.digest, r.deps, r.cacheable, (r.kind, r.language, r.checked, details), site)


def _placeless_digests(r: DocResult, summary: bytes) -> tuple[bytes, bytes]:
    """Two digests of `r`'s site half with lines and columns left out.

    The first is of what the site findings of *other* files can depend on: for a page or
    document, its private data (its links) is left out too. Equal before and after an edit
    whose effect stays within the file: a line inserted above a link, a link changed (see
    :func:`_local_edits`). The second keeps the private data: equal when the edit only
    moved things, so that the file's own site findings only move (see :func:`_moved`).
    Data of a collector that cannot leave its positions out is taken whole. See
    ``checks.collector``."""
    from betalint.cache import digest_bytes as digest

    private = PRIVATE if r.kind in ("page", "document") else ()
    # (the summary holds no position: its pickle is taken as it is)
    placeless = {n: PLACELESS[n](v) if n in PLACELESS else v for n, v in r.collected.items()}
    shared = halves.canonical(sorted((n, v) for n, v in placeless.items() if n not in private))
    own = halves.canonical(sorted((n, v) for n, v in placeless.items() if n in private))
    first = digest(b"%d:" % len(summary) + summary + shared)
    return first, digest(first + own)


def places_of(collected: Mapping[str, Any]) -> list[tuple[int, int | None]] | None:
    """Every position in a file's collected data, in an order that depends on the data
    without them only (see ``checks.collector``); None when a collector cannot say."""
    out: list[tuple[int, int | None]] = []
    for name in sorted(collected):
        fn = PLACES.get(name)
        if fn is None:
            return None
        value = collected[name]
        if value:
            out.extend(fn(value))
    return out


def unpack(
    path: str, report: tuple[Any, ...], site: tuple[bytes, bytes, bytes] | None
) -> DocResult:
    kind, language, checked, details = report
    r = DocResult(path=path, kind=kind, language=language, checked=checked)
    if details:
        r.findings, r.suppressions, r.lines, r.errors = pickle.loads(details)
    if site:
        summary, collected = site[0], site[1]
        if summary:
            r.summary = halves.decode_summary(summary, lazy=False)  # type: ignore[assignment]
        if collected:
            r.collected = halves.decode_collected(collected, lazy=False)  # type: ignore[assignment]
    return r


#: In a worker: the files its pool lints. Its tasks name them by their position in this
#: list, given once to each worker (a forked one shares it, with nothing to pickle): pickling
#: the SiteFile objects of every task cost the main process 7 ms on the real corpus, and the
#: workers as much to unpickle them.
_WORKER_FILES: list[SiteFile] = []


def _worker_init(ctx: CheckContext, debug: bool, files: list[SiteFile]) -> None:
    global _WORKER_CTX, DEBUG, _WORKER_FILES
    gc.disable()  # as in the parent: linting a file leaves no cycles (see _worker_run)
    checks.load_all()
    _WORKER_CTX = ctx
    DEBUG = debug
    _WORKER_FILES = files


def _worker_run(positions: list[int], packed: bool) -> list[Packed] | list[DocResult]:
    """Lint the files at `positions` of :data:`_WORKER_FILES` in a worker. `packed`:
    results as the cache stores them (see :func:`pack`); otherwise as they are, pickled once
    by the pool rather than twice."""
    assert _WORKER_CTX is not None
    files = [_WORKER_FILES[i] for i in positions]
    out: list[Any]
    with _alarm_for_batch():
        if packed:
            out = [pack(lint_file(sf, _WORKER_CTX)) for sf in files]
        else:
            out = [lint_file(sf, _WORKER_CTX) for sf in files]
    # Linting leaves no reference cycles (a test checks it), so the collector is off; in
    # case some odd input still makes one, a collection of the young objects per chunk
    # bounds what could pile up (cheap: only what was made since the last one).
    gc.collect(0)
    return out


#: Roles of the files pages are put together with (linted first: see :func:`_lint_all`).
TEMPLATE_ROLES = ("layout", "include")
#: Below this many files to lint, worker processes cost more than they save.
PARALLEL_MIN = 64
#: Interleaving of the files before they are cut into chunks (see :func:`_chunks`).
CHUNKS_PER_JOB = 8
#: A chunk is 1/(jobs × this) of the files left, and at least MIN_CHUNK files.
GUIDED_SHARE = 4
MIN_CHUNK = 16


def _lint_all(
    files: list[SiteFile],
    ctx: CheckContext,
    jobs: int,
    progress: Progress | None = None,
    done: int = 0,
    total: int | None = None,
    keep: Callable[[Packed], None] | None = None,
    each: Callable[[DocResult], None] | None = None,
) -> list[DocResult]:
    """Lint `files`, in `jobs` worker processes when there are enough of them. `keep` gets
    each result packed (for the cache), `each` each result as it comes from a worker (the
    main process starts on site-wide work while workers lint; linting in this process, that
    work would only be done sooner, and perhaps for nothing: a run whose site results are
    reused needs none of it); `done`/`total` count files served otherwise."""
    total = len(files) + done if total is None else total
    results: list[DocResult] = []
    if jobs <= 1 or len(files) < PARALLEL_MIN:
        with _alarm_for_batch():
            for sf in files:
                r = lint_file(sf, ctx)
                if keep is not None:
                    keep(pack(r))
                results.append(r)
                if progress is not None:
                    progress(done + len(results), total)
                if len(results) % 500 == 0:
                    gc.collect(0)  # as _worker_run does per chunk
        return results
    # Layouts and includes go first, in a chunk of their own: once they are in, the main
    # process puts pages together as their results arrive (see betalint.prerender). Chunks
    # name files by position (see _WORKER_FILES).
    everything = range(len(files))
    first = [i for i in everything if files[i].role in TEMPLATE_ROLES]
    rest = [i for i in everything if files[i].role not in TEMPLATE_ROLES] if first else everything
    chunks = ([first] if first else []) + _chunks(list(rest), jobs)
    packed = keep is not None

    def take(part: list[Any]) -> None:
        for one in part:
            if isinstance(one, DocResult):
                r = one
            else:
                if keep is not None:
                    keep(one)
                r = unpack(one[0], one[4], one[5])
            if each is not None:
                each(r)
            results.append(r)
        if progress is not None:
            progress(done + len(results), total)

    def died(i: int, why: str = "died (out of memory, or a crash in a parser)") -> None:
        sf = files[i]
        r = DocResult(sf.rel, "skipped", _language(sf.rel, ctx.site), checked=False)
        r.errors.append(
            f"{text_path(sf.rel)}: internal error in lint: the process linting this file {why}"
        )
        results.append(r)

    if not forked.available():  # no fork (Windows): spawned workers, files pickled
        for i in _pool_map(jobs, ctx, files, chunks, take, packed):
            if _pool_map(1, ctx, [files[i]], [[0]], take, packed):  # (only it pickled)
                died(i)
        results.sort(key=lambda r: r.path)
        return results
    # the parent's objects out of the collector's reach: a worker's collections do not
    # walk (and so copy) them
    gc.freeze()
    try:

        def init() -> None:
            _worker_init(ctx, DEBUG, files)

        lost = forked.run_tasks(
            jobs,
            len(chunks),
            init,
            lambda k: _worker_run(chunks[k], packed),
            lambda k, part: take(part),
        )
        if lost is None:  # not even one worker could be forked: lint here
            results.extend(_lint_all(files, ctx, 1, progress, done, total, keep, each))
        else:
            # A worker that dies (killed for memory, a crash in C code) loses the chunk it
            # was on. Those files are linted again, each in its own process, so that only a
            # file that kills its process is lost, and said to be.
            for i in sorted(i for k in lost for i in chunks[k]):
                again = forked.run_tasks(
                    1, 1, init, lambda _k, i=i: _worker_run([i], packed), lambda k, part: take(part)
                )
                if again is None:
                    died(i, "died, and no new one could be started to lint it alone")
                elif again:
                    died(i)
    finally:
        gc.unfreeze()
    results.sort(key=lambda r: r.path)
    return results


def _chunks(positions: list[int], jobs: int) -> list[list[int]]:
    """The files at `positions` in chunks for `jobs` workers, biggest first (guided
    scheduling): each takes a share of what is left, down to :data:`MIN_CHUNK`, so that the
    workers end together (with chunks of one size, one was left alone for half a chunk,
    about 0.1 s on the real corpus) and the main process has only a few results left to
    take in at the end. The files are first interleaved (every n-th one), which spreads big
    and small files and each folder's files over the chunks."""
    n = min(jobs * CHUNKS_PER_JOB, len(positions))
    mixed = [p for i in range(n) for p in positions[i::n]]
    out: list[list[int]] = []
    start = 0
    while start < len(mixed):
        size = max(MIN_CHUNK, (len(mixed) - start) // (jobs * GUIDED_SHARE))
        out.append(mixed[start : start + size])
        start += size
    return out


def _pool_map(
    jobs: int,
    ctx: CheckContext,
    files: list[SiteFile],
    chunks: list[list[int]],
    take: Callable[[list[Any]], None],
    packed: bool,
) -> list[int]:
    """Where there is no fork: lint `chunks` (positions in `files`) in `jobs` spawned
    worker processes, giving each finished chunk to `take` (in completion order: the
    caller sorts); returns the positions of the files lost to a dead worker (it breaks the
    whole pool: every chunk not done yet). `packed`: see :func:`_worker_run`."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    lost: list[int] = []
    with ProcessPoolExecutor(
        jobs,
        mp_context=mp.get_context("spawn"),
        initializer=_worker_init,
        initargs=(ctx, DEBUG, files),
    ) as pool:
        futures = {pool.submit(_worker_run, chunk, packed): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                part = future.result()
            except BrokenProcessPool:
                lost.extend(futures[future])
                continue
            take(part)
    return lost


# --- the run --------------------------------------------------------------------------


def lintable(site: Site, config: Config) -> list[SiteFile]:
    out = []
    for sf in site.files:
        if sf.role in ("data", "sass", "other"):
            continue
        if site.language_of(sf.rel) is None:
            continue
        if config.excluded(sf.rel):
            continue
        out.append(sf)
    return out


@dataclass
class SiteContext:
    """What site checks see: the site, every document's summary, collected data."""

    site: Site
    config: Config
    documents: dict[str, DocResult]
    collected: dict[str, dict[str, Any]]
    shared: dict[str, Any] = field(default_factory=dict)
    #: Site-relative paths (files or folders) whose findings will be reported, when the
    #: run reports only some files of the site (pre-commit); None: all of them.
    targets: list[str] | None = None
    #: True when site checks may skip the per-page work (rendering, link resolution) of
    #: pages whose findings are not reported; what the site as a whole needs (the URL
    #: index, which templates exist) is still built from every file. False when a layout
    #: or include is targeted: its findings come from the pages that use it.
    restrict: bool = False
    #: Files already placed in the URL index while the workers linted (see
    #: :class:`betalint.index.Placer`); None: the index places every file itself.
    placer: Any = None
    #: Pages put together while the workers linted (see :mod:`betalint.prerender`),
    #: adopted by :class:`betalint.templates.Templates` where still valid; None: none.
    prerendered: Any = None

    def options(self, code: str) -> dict[str, Any]:
        return self.config.options(code)

    def wants(self, path: str) -> bool:
        """Whether findings in `path` will be reported (asked of every file by several
        checks in a run reporting a few: the answers are kept)."""
        if self.targets is None:
            return True
        wanted = self.__dict__.setdefault("_wanted", {})
        answer = wanted.get(path)
        if answer is None:
            answer = wanted[path] = _in_targets(path, self.targets)
        return answer

    def skip(self, path: str) -> bool:
        """Whether the per-page work of `path` may be skipped (see :attr:`restrict`)."""
        return self.restrict and not self.wants(path)

    #: Told of each artefact once built (the engine keeps the URL index in the cache).
    built: Callable[[str, Any], None] | None = None

    def get(self, name: str, builder) -> Any:
        """A lazily built site-wide artefact (URL index, …) shared by site checks."""
        if name not in self.shared:
            self.shared[name] = builder(self)
            if self.built is not None:
                self.built(name, self.shared[name])
        return self.shared[name]


#: Settings that change how findings are shown or filtered, not what linting a file
#: finds: they stay out of the cache key, so that changing them keeps the cache.
_PRESENTATION_SETTINGS = frozenset(
    ("format", "output", "baseline", "jobs", "cache", "cache-dir", "fail-on", "lang", "exclude")
)
#: Files outside the site's file list that site checks or preparers read (host profile,
#: plugins, the installed DSFR): their size and time are part of the site memo's key.
EXTRA_INPUTS = (
    "_config.yml",
    "Gemfile",
    "Gemfile.lock",
    "package.json",
    "package-lock.json",
    "netlify.toml",
    "_redirects",
    "servers.conf.erb",
    "servers.conf",
    "nginx.conf",
    "nginx.conf.erb",
    "redirects.json",  # present, it stops jekyll-redirect-from generating its own
    "node_modules/@gouvfr/dsfr/package.json",
    "node_modules/@gouvfr/dsfr/dist/dsfr.css",
    "node_modules/@gouvfr/dsfr/dist/utility/utility.css",
)


def config_key(config: Config) -> Any:
    """What of the configuration a file's findings depend on (see :mod:`betalint.cache`):
    the rule set, rule options and settings, with the content of JSON Schema files."""
    from betalint.cache import stat_of

    settings = {k: v for k, v in config.settings.items() if k not in _PRESENTATION_SETTINGS}
    schemas = [
        (e.get("schema"), stat_of(str(e.get("schema"))))
        for e in settings.get("schemas") or []
        if isinstance(e, dict)
    ]
    return (sorted(config.enabled), config.rule_options, settings, schemas)


def _open_cache(cache_dir: Path | None, site: Site, config: Config, info: SiteInfo):
    if cache_dir is None:
        return None
    from betalint import cache as cache_mod

    try:
        key = cache_mod.stable_digest(
            cache_mod.package_fingerprint(),
            config_key(config),
            (info.root, info.mode, info.config, info.site_vars, info.markdown_exts, info.lang),
        )
    except Exception:
        return None
    return cache_mod.open_cache(cache_dir, site.root, key)


def _inside(path: Path, folder: Path) -> str | None:
    """`folder` relative to `path` (POSIX) when it lies inside it."""
    try:
        return folder.resolve().relative_to(path.resolve()).as_posix()
    except (ValueError, OSError):
        return None


def run(
    paths: list[Path],
    config: Config,
    *,
    site: Site | None = None,
    jobs: int | None = None,
    lang: str | None = None,
    cwd: Path | None = None,
    debug: bool = False,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    summaries: bool = True,
) -> RunResult:
    """Lint the site containing ``paths[0]``; report findings only for ``paths``.

    ``progress`` is told how many files are linted so far (see :data:`Progress`).
    ``cache_dir``: reuse and update the cache there (:mod:`betalint.cache`); None: no cache.
    ``summaries=False``: the caller does not read ``RunResult.documents``' summaries and
    collected data (``check``), so a run served from the cache does not load them."""
    global DEBUG
    DEBUG = debug
    _LINE_CACHE.clear()  # files may have changed since a previous run in this process
    _SHOWN.clear()  # (the current folder may have changed too)
    # A run builds many long-lived objects (summaries, the index…) and next to no cycles:
    # the cyclic collector, traversing them again and again, took a quarter of the time.
    # It is off for the run (what a run allocates is freed by reference counting; worker
    # processes collect once per chunk of files, see _worker_run).
    enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    gc.disable()
    gc.set_threshold(max(thresholds[0], 50_000), max(thresholds[1], 20), max(thresholds[2], 100))
    try:
        return _run(paths, config, site, jobs, lang, cwd, progress, cache_dir, summaries)
    finally:
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()


class _Clock:
    """Phase times of a run (``RunResult.timings``)."""

    def __init__(self) -> None:
        import time

        self.now = time.perf_counter
        self.last = self.now()
        self.times: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = self.now()
        self.times[name] = self.times.get(name, 0.0) + now - self.last
        self.last = now


def _run(
    paths: list[Path],
    config: Config,
    site: Site | None,
    jobs: int | None,
    lang: str | None,
    cwd: Path | None,
    progress: Progress | None,
    cache_dir: Path | None,
    summaries: bool,
) -> RunResult:
    clock = _Clock()
    stats: dict[str, Any] = {}
    cwd = cwd or Path.cwd()
    start = paths[0] if paths else cwd
    site = site or discover(start)
    info = SiteInfo.of(site)
    clock.lap("discover")
    cache = _open_cache(cache_dir, site, config, info)
    stats["cache"] = "off" if cache_dir is None else ("on" if cache is not None else "unusable")
    if cache_dir is not None:
        inner = _inside(site.root, cache_dir)
        if inner is not None and inner != ".":
            # a cache folder inside the site is not part of it
            site.files = [
                sf for sf in site.files if not (sf.rel == inner or sf.rel.startswith(inner + "/"))
            ]
    # `lang: fr-FR` in _config.yml means French too.
    resolved_lang = lang or config.lang or normalise_lang(site.lang) or "en"
    files = lintable(site, config)
    targets = _targets(paths, site.root)
    clock.lap("cache load")

    memo_key = None
    if cache is not None and cache.memo is not None:
        # (without a memo to compare with, the key is made after linting, from the
        # digests the workers computed: a first run does not read every file twice)
        memo_key = _memo_key(cache, site, files, resolved_lang)
        served = _from_memo(cache, memo_key, files, summaries, progress)
        clock.lap("cache memo")
        if served is not None:
            results, outcome = served
            stats.update(reused=len(results), linted=0, memo=True)
            out = _result(
                results,
                outcome.findings,
                outcome.prep_notes + outcome.notes_for(targets, resolved_lang),
                {**outcome.prep_meta, **outcome.meta},
                list(outcome.errors),
                {},
                config,
                site,
                targets,
                cwd,
                resolved_lang,
            )
            clock.lap("finalise")
            out.timings, out.stats = clock.times, stats
            return out

    checks.load_all()
    ctx = CheckContext(site=info, config=config)
    needed: set[str] = set()
    for code, (_fn, coll) in SITE_CHECKS.items():
        if code in config.enabled:
            needed.update(coll)
    ctx.site_collectors = tuple(sorted(n for n in needed if n in COLLECTORS))  # type: ignore[attr-defined]
    clock.lap("load checks")

    prep_notes, prepared = _prepare(ctx, site, resolved_lang, cache)
    clock.lap("prepare")

    jobs = jobs if jobs is not None else int(config.settings.get("jobs", os.cpu_count() or 1))
    bare: set[str] = set()  # results from the cache whose site halves are not unpickled
    # Files are placed in the URL index as their results come in, while workers lint others,
    # and pages are put together as theirs do, once the templates are in
    early = _prerender(site, files, jobs, needed, targets)
    each = _Arrivals(site, config, early)
    if cache is not None:
        cache.reset(prepared)
        results = _lint_cached(cache, files, ctx, jobs, progress, stats, bare, each)
    else:
        results = _lint_all(files, ctx, jobs, progress, each=each)
        stats.update(reused=0, linted=len(results))
    stats["memo"] = False
    clock.lap("lint files")

    site_key = None
    outcome = None
    if cache is not None:
        site_key = _site_key(cache, site, results, resolved_lang)
        outcome = _Memo.load(cache.memo_for_site(site_key))
    shared: dict[str, Any] = {}
    moved: _Memo | None = None
    checked: SiteContext | None = None  # the site checks that ran, if any
    if outcome is not None:
        # site checks would read what they read last time: their outcome stands
        stats["memo"] = "site"
        if summaries:
            results = _attach_sites(cache, results, bare, ctx, jobs, stats, files, False)
        outcome.prep_notes, outcome.prep_meta = prep_notes, dict(ctx.meta)
    else:
        local = placeless = None
        if cache is not None:
            placeless = _placeless_key(cache, site, results, resolved_lang)
            local = _local_edits(cache, results, placeless)
            if local is not None:
                # an edit that only moved things: the memo's findings, moved with them
                moved = _moved(cache, local, (prep_notes, dict(ctx.meta)))
                if moved is not None:
                    stats["changed"] = len(local[1])
            if targets is not None:
                local = None  # (a run reporting some files runs site checks for them)
            clock.lap("cache local")
    if outcome is None and moved is not None:
        outcome = moved
        stats["memo"] = "moved"
        if summaries and bare:
            results = _attach_sites(cache, results, bare, ctx, jobs, stats, files, False)
    elif outcome is None:
        if cache is not None and bare:
            lazy = not summaries  # (the caller does not read them: site checks only)
            results = _attach_sites(cache, results, bare, ctx, jobs, stats, files, lazy)
            clock.lap("cache body")
        sctx = _site_context(site, config, results, needed, targets, local)
        sctx.placer, sctx.prerendered = each.placer_for_index(), early
        if cache is not None:
            _reuse_index(cache, sctx, site, files, results)
        clock.lap("cache index")
        # whole-site checks with cores to spare: some run beside the others
        beside = jobs > 1 and len(results) >= PARALLEL_MIN
        found, site_errors, site_notes, site_meta = _site_checks(
            sctx, clock, beside and local is None and not sctx.restrict
        )
        if local is not None and site_errors:
            # an internal error in a check run for the edited files only: the whole site
            # again, so that the error is the one a run without the memo gives
            local = None
            sctx = _site_context(site, config, results, needed, targets, None)
            sctx.placer, sctx.prerendered = each.placer_for_index(), early
            found, site_errors, site_notes, site_meta = _site_checks(
                sctx, clock, beside and not sctx.restrict
            )
        if local is not None:
            kept, edited = local
            stats.update(memo="local", changed=len(edited))
            outcome = _Memo(
                prep_notes,
                dict(ctx.meta),
                [f for f in kept.findings if f.path not in edited]
                + [f for f in found if f.path in edited],
                kept.notes,
                _merge_counts(kept.counts, sctx.shared.get("counts", {}), edited),
                kept.meta,
                [],
            )
        else:
            outcome = _Memo(
                prep_notes,
                dict(ctx.meta),
                found,
                site_notes,
                sctx.shared.get("counts", {}),
                site_meta,
                site_errors,
            )
        shared = sctx.shared
        checked = sctx
    if cache is not None:
        # A memo served whole now stands for these contents too (a run with nothing changed
        # since is served without linting); a run that reports some files made site
        # findings and notes for them only: the memo of a whole-site run is left as it was.
        if stats["memo"] == "site" or targets is None:
            _save_memo(
                cache,
                memo_key,
                site_key,
                site,
                files,
                results,
                checked,
                outcome,
                resolved_lang,
                None if stats["memo"] == "site" else placeless,
                moved=stats["memo"] == "moved",
            )
        cache.save()
        clock.lap("cache save")
    errors = [e for r in results for e in r.errors] + list(outcome.errors)
    out = _result(
        results,
        outcome.findings,
        prep_notes + outcome.notes_for(targets, resolved_lang),
        {**ctx.meta, **outcome.meta},
        errors,
        shared,
        config,
        site,
        targets,
        cwd,
        resolved_lang,
    )
    clock.lap("finalise")
    out.timings, out.stats = clock.times, stats
    return out


@dataclass
class _Memo:
    """The site-wide outcome of a whole-site run, kept in the cache (the *site memo*)."""

    prep_notes: list[str]  # said by the preparers (a run served whole does not run them)
    prep_meta: dict[str, Any]
    findings: list[Finding]
    notes: list[str]  # said by site checks
    #: per-file counts of what a note sums up ({note key: {path: n}}): a run reporting
    #: some files says it for those files (see :func:`count_notes`)
    counts: dict[str, dict[str, int]]
    meta: dict[str, Any]
    errors: list[str]

    def notes_for(self, targets: list[str] | None, lang: str) -> list[str]:
        return self.notes + count_notes(self.counts, targets, lang)

    def dump(self) -> bytes:
        return pickle.dumps(
            (
                self.prep_notes,
                self.prep_meta,
                self.findings,
                self.notes,
                self.counts,
                self.meta,
                self.errors,
            ),
            PROTOCOL,
        )

    @classmethod
    def load(cls, blob: bytes | None) -> _Memo | None:
        if blob is None:
            return None
        try:
            return cls(*pickle.loads(blob))
        except Exception:
            return None


def count_notes(
    counts: dict[str, dict[str, int]], targets: list[str] | None, lang: str
) -> list[str]:
    """The notes that sum a count over the files a run reports (``links-unchecked``: "3
    links could not be checked…"), from the per-file counts site checks left in
    ``shared["counts"]``."""
    from betalint.i18n import t

    out = []
    for key, per_path in sorted(counts.items()):
        n = sum(v for path, v in per_path.items() if _in_targets(path, targets))
        if n:
            out.append(t(key, lang, n=n))
    return out


#: One site check's outcome: (findings, internal error or None, notes it added, meta it set).
_Outcome = tuple[list[Finding], str | None, list[str], dict[str, Any]]


def _run_site_check(sctx: SiteContext, code: str, fn: Any) -> _Outcome:
    notes = sctx.shared.setdefault("notes", [])
    meta = sctx.shared.setdefault("meta", {})
    before_notes, before_meta = len(notes), dict(meta)
    found: list[Finding] = []
    error = None
    try:
        found = list(fn(sctx))
    except Exception as exc:
        error = _internal(str(sctx.site.root), code, exc)
    added = {k: v for k, v in meta.items() if before_meta.get(k, _ABSENT) != v}
    return found, error, notes[before_notes:], added


#: Site checks that run beside the others, in a forked copy of the process, in a
#: whole-site run with several jobs (see :mod:`betalint.forked`). They read the URL index
#: and the pages put together, which the parent makes before the copy starts (it keeps the
#: index for the cache; placed and rendered while linting, they take little). HD003 is
#: one of them only to even out the two processes: the parent's half of the links is
#: the longer one.
BESIDE = ("ALT002", "HD003", "LNK010")
#: The link checks share one resolution of every link. In such a run it is made in two
#: halves at the same time, each file's own links in the copy and the links of layouts
#: and includes on the pages using them in the parent (``checks.resolve.own_half`` and
#: ``per_page_half``), then joined in the parent, where the checks read it. On the real
#: corpus each process then has about 0.12 s of site checks.
LINKS = ("LNK001", "LNK002", "LNK003", "LNK004", "LNK005")


def _site_checks(
    sctx: SiteContext, clock: _Clock, beside: bool = False
) -> tuple[list[Finding], list[str], list[str], dict[str, Any]]:
    """Run the enabled site checks; findings, errors, notes and meta in check order,
    whichever process ran them. `beside`: the :data:`BESIDE` checks and half of the
    :data:`LINKS` resolution in a forked copy."""
    from betalint.checks import resolve

    enabled = [(c, fn) for c, (fn, _coll) in SITE_CHECKS.items() if c in sctx.config.enabled]
    outcomes: dict[str, _Outcome] = {}
    beside = beside and forked.available()
    away = [(c, fn) for c, fn in enabled if c in BESIDE] if beside else []
    # (the link checks report nothing on a site of another generator)
    split = beside and sctx.site.mode in ("jekyll", "plain")
    split = split and any(c in LINKS for c, _fn in enabled)
    link_notes: list[str] = []

    def run_away() -> tuple[Any, ...]:
        import time

        # (the copy starts with the parent's counts: it sends back only what it added)
        before = {k: dict(v) for k, v in sctx.shared.get("counts", {}).items()}
        own, t = None, time.perf_counter()
        if split:
            with contextlib.suppress(Exception):  # (then the parent makes it all)
                own = resolve.own_half(sctx)
        own_seconds = time.perf_counter() - t
        done = {}
        for code, fn in away:
            t = time.perf_counter()
            done[code] = (_run_site_check(sctx, code, fn), time.perf_counter() - t)
        added: dict[str, dict[str, int]] = {}
        for key, per_path in sctx.shared.get("counts", {}).items():
            old = before.get(key, {})
            diff = {p: n - old.get(p, 0) for p, n in per_path.items() if n != old.get(p, 0)}
            if diff:
                added[key] = diff
        return done, added, own, own_seconds

    if away or split:
        from betalint.index import build_index
        from betalint.templates import Templates

        # for both processes, kept by this one (on an error, the checks reading them meet
        # the same error, and report it)
        with contextlib.suppress(Exception):
            sctx.get("index", build_index)
        if sctx.prerendered is not None:
            with contextlib.suppress(Exception):
                sctx.get("templates", Templates)  # adopting the pages put together early
        if split:
            # the host profile too; what it says is said by the first link check, as when
            # that check makes it
            said = sctx.shared.setdefault("notes", [])
            before = len(said)
            try:
                sctx.get("resolver", resolve.build_resolver)
            except Exception:
                split = False
            else:
                link_notes = said[before:]
            del said[before:]
        clock.lap("site index")
    copy = forked.start(run_away) if away or split else None
    if copy is None:
        split = False
    gone = set(BESIDE) | set(LINKS) if copy is not None else set()
    for code, fn in enabled:
        if code not in gone:
            outcomes[code] = _run_site_check(sctx, code, fn)
            clock.lap(f"site {code}")
    if copy is not None:
        per_page = None
        if split:
            with contextlib.suppress(Exception):  # (then LNK001 makes it all, here)
                per_page = resolve.per_page_half(sctx)
            clock.lap("site links per page")
        got = copy.result()
        own = None
        if got is None:  # the copy failed: its work is done here
            for code, fn in away:
                outcomes[code] = _run_site_check(sctx, code, fn)
                clock.lap(f"site {code}")
        else:
            done, counts, own, own_seconds = got
            for code, (outcome, seconds) in done.items():
                outcomes[code] = outcome
                clock.times[f"site {code} (beside)"] = seconds
            if split:
                clock.times["site links own (beside)"] = own_seconds
            mine = sctx.shared.setdefault("counts", {})
            for key, per_path in counts.items():
                into = mine.setdefault(key, {})
                for path, n in per_path.items():
                    into[path] = into.get(path, 0) + n
            clock.lap("site beside (wait)")
        if own is not None and per_page is not None:
            resolve.join_halves(sctx, own, per_page)
        for code, fn in enabled:
            if code in LINKS:
                outcomes[code] = _run_site_check(sctx, code, fn)
                clock.lap(f"site {code}")
        first = next((c for c, _fn in enabled if c in LINKS), None)
        if link_notes and first is not None:
            found, error, added_notes, added_meta = outcomes[first]
            outcomes[first] = (found, error, link_notes + added_notes, added_meta)
    findings: list[Finding] = []
    errors: list[str] = []
    notes: list[str] = []
    meta: dict[str, Any] = {}
    for code, _fn in enabled:
        found, error, added_notes, added_meta = outcomes[code]
        findings.extend(found)
        if error is not None:
            errors.append(error)
        notes.extend(added_notes)
        meta.update(added_meta)
    return findings, errors, notes, meta


def _result(
    results: list[DocResult],
    site_findings: list[Finding],
    notes: list[str],
    meta: dict[str, Any],
    errors: list[str],
    shared: dict[str, Any],
    config: Config,
    site: Site,
    targets: list[str] | None,
    cwd: Path,
    lang: str,
) -> RunResult:
    by_path = {r.path: r for r in results}
    site_findings = list(site_findings)
    for p in site.problems:
        site_findings.append(
            Finding("BL001", 1, 1, {"detail": p.detail}, variant=p.reason, path=p.rel)
        )
    violations, suppressed = _finalise(
        results, by_path, site_findings, config, site, targets, cwd, lang
    )
    return RunResult(
        root=site.root,
        site=site,
        violations=violations,
        files_checked=sum(1 for r in results if r.checked and _in_targets(r.path, targets)),
        errors=errors,
        notes=notes,
        lang=lang,
        suppressed=suppressed,
        documents=results,
        targets=targets,
        meta=meta,
        shared=shared,
    )


# --- the cache ------------------------------------------------------------------------


def _prepare(ctx: CheckContext, site: Site, lang: str, cache: Any) -> tuple[list[str], str]:
    """Run the preparers of the enabled families (or reuse what they gave, when the files
    they read — ``ctx.depends_on`` — are unchanged). Returns their notes and a digest of
    the data they prepared for the workers (part of every cached file's key)."""
    notes: list[str] = []
    digests: list[str] = []
    # what a preparer reads may depend on which files the site has (its style sheets…)
    import hashlib

    files = pickle.dumps([(sf.rel, sf.role) for sf in site.files], PROTOCOL)
    listing = f"{lang}|{hashlib.blake2b(files, digest_size=16).hexdigest()}"
    for codes, prepare in PREPARERS:
        if not codes & ctx.config.enabled:
            continue
        name = f"{prepare.__module__}.{prepare.__qualname__}"
        if cache is not None:
            outcome = cache.prepared_for(name, listing)
            if outcome is not None:
                try:
                    resources, said, meta, digest = outcome
                    ctx._resources.update(pickle.loads(resources))
                except Exception:
                    outcome = None
                else:
                    ctx.meta.update(meta)
                    notes.extend(said)
                    digests.append(digest)
                    continue
        before = set(ctx._resources)
        meta_before = dict(ctx.meta)
        ctx.deps = set()
        try:
            said = list(prepare(ctx, site, lang))
            deps = ctx.deps
        finally:
            ctx.deps = None
        notes.extend(said)
        new = {k: v for k, v in ctx._resources.items() if k not in before}
        meta = {k: v for k, v in ctx.meta.items() if meta_before.get(k, _ABSENT) != v}
        if cache is None:
            continue
        from betalint.cache import stable_digest

        digest = stable_digest(name, new)
        digests.append(digest)
        try:
            blob = pickle.dumps(new, PROTOCOL)
        except Exception:
            continue  # not picklable: prepared again next time
        cache.store_prepared(name, listing, deps, (blob, said, meta, digest))
    return notes, "|".join(digests)


_ABSENT = object()


def _lint_cached(
    cache: Any,
    files: list[SiteFile],
    ctx: CheckContext,
    jobs: int,
    progress: Progress | None,
    stats: dict[str, Any],
    bare: set[str],
    each: Callable[[DocResult], None] | None = None,
) -> list[DocResult]:
    """Results from the cache where still valid (their paths added to `bare`: their site
    halves are unpickled only if site checks run, see :func:`_attach_sites`); the other
    files linted (and stored), those linted by workers given to `each` as they come (see
    :func:`_lint_all`)."""
    cache.forget(sf.rel for sf in files)
    results: list[DocResult] = []
    todo: list[SiteFile] = []
    for sf in files:
        report = cache.lookup(sf.rel)
        if report is None:
            todo.append(sf)
        else:
            results.append(unpack(sf.rel, report, None))
            bare.add(sf.rel)
    if progress is not None and results:
        progress(len(results), len(files))
    stats.update(reused=len(results), linted=len(todo))
    results.extend(_lint_stored(cache, todo, ctx, jobs, progress, len(results), len(files), each))
    results.sort(key=lambda r: r.path)
    return results


def _lint_stored(
    cache: Any,
    todo: list[SiteFile],
    ctx: CheckContext,
    jobs: int,
    progress: Progress | None = None,
    done: int = 0,
    total: int | None = None,
    each: Callable[[DocResult], None] | None = None,
) -> list[DocResult]:
    """Lint `todo`, storing each result in the cache."""
    before = {sf.rel: cache.stat(sf.rel) for sf in todo}  # size and time before reading

    def keep(p: Packed) -> None:
        path, digest, deps, cacheable, report, site_half = p
        if cacheable and digest is not None:
            cache.store(path, before.get(path), digest, deps, report, site_half)

    return _lint_all(todo, ctx, jobs, progress, done=done, total=total, keep=keep, each=each)


def _attach_sites(
    cache: Any,
    results: list[DocResult],
    bare: set[str],
    ctx: CheckContext,
    jobs: int,
    stats: dict[str, Any],
    files: list[SiteFile],
    lazy: bool,
) -> list[DocResult]:
    """Give the results taken from the cache their summaries and collected data (from the
    cache's body); a file whose site half cannot be had (a damaged body) is linted again.
    `lazy`: front matter and collected data unpickled only when read (see
    :mod:`betalint.halves`)."""
    out: list[DocResult] = []
    again: list[SiteFile] = []
    by_rel = {sf.rel: sf for sf in files}
    for r in results:
        if r.path not in bare:
            out.append(r)
            continue
        half = cache.site_of(r.path)
        if half is None:
            again.append(by_rel[r.path])
            continue
        summary, collected = half[0], half[1]
        if summary:
            r.summary = halves.decode_summary(summary, lazy)  # type: ignore[assignment]
        if collected:
            r.collected = halves.decode_collected(collected, lazy)  # type: ignore[assignment]
        out.append(r)
    bare.clear()
    if again:
        stats["reused"] -= len(again)
        stats["linted"] += len(again)
        out.extend(_lint_stored(cache, again, ctx, jobs))
        out.sort(key=lambda r: r.path)
    return out


def _prerender(
    site: Site,
    files: list[SiteFile],
    jobs: int,
    needed: set[str],
    targets: list[str] | None,
) -> Any:
    """A :class:`betalint.prerender.Prerender` for a whole-site run in worker processes
    whose site checks put pages together (they read the ``outline`` collector); None
    otherwise (a run reporting a few files renders only theirs; in one process, rendering
    while linting gains nothing)."""
    if targets is not None or jobs <= 1 or len(files) < PARALLEL_MIN or "outline" not in needed:
        return None
    from betalint.prerender import Prerender

    return Prerender(site, [sf.rel for sf in files if sf.role in TEMPLATE_ROLES])


class _Arrivals:
    """What the main process does with each result a worker sends (see :func:`_lint_all`):
    place the file in the URL index, when site checks will read it (a Jekyll site), and put
    pages together (`early`, see :func:`_prerender`).

    The :class:`betalint.index.Placer` is made with the first result: a run that lints in
    this process only (a few files) makes none, nor imports the index (a run whose site
    results are reused needs no index at all). Its clock is the run's start, whenever it
    is made (see :meth:`placer_for_index`)."""

    def __init__(self, site: Site, config: Config, early: Any) -> None:
        import datetime as _dt

        self.site = site
        self.early = early
        self.placing = site.mode != "plain" and any(code in config.enabled for code in SITE_CHECKS)
        self.placer: Any = None
        self.now = _dt.datetime.now()  # (documents without a date, `future`)

    def __call__(self, r: DocResult) -> None:
        if self.placing:
            self.placer_for_index().add(r.path, r.summary)
        if self.early is not None:
            self.early.add(r)

    def placer_for_index(self) -> Any:
        """The placer the URL index is built with (what was placed, on the run's clock);
        None when no site check reads the index."""
        if self.placer is None and self.placing:
            from betalint.index import Placer

            self.placer = Placer(self.site, self.now)
        return self.placer


def _site_context(
    site: Site,
    config: Config,
    results: list[DocResult],
    needed: set[str],
    targets: list[str] | None,
    local: tuple[_Memo, set[str]] | None,
) -> SiteContext:
    """What site checks see; for a local run (see :func:`_local_edits`), only the edited
    files are reported, as a pre-commit run reports its files."""
    if local is not None:
        targets = sorted(local[1])
    return SiteContext(
        site=site,
        config=config,
        documents={r.path: r for r in results},
        collected=_columns(results, needed),
        targets=targets,
        restrict=_restrictable(targets, results),
    )


def _columns(results: list[DocResult], needed: set[str]) -> dict[str, Mapping[str, Any]]:
    """Collector name → path → the file's data. Lazy when results are (a run that reads
    few files' data unpickles only theirs); plain dicts otherwise (a cold run reads all)."""
    lazy = halves.LazyMap
    if any(isinstance(r.collected, lazy) for r in results):
        of = {r.path: r.collected for r in results}
        return {n: halves.column(n, of) for n in needed}
    # (one pass over the results, each filling the columns of what it collected)
    out: dict[str, dict[str, Any]] = {n: {} for n in needed}
    for r in results:
        path = r.path
        for n, data in r.collected.items():
            column = out.get(n)
            if column is not None:
                column[path] = data
    return out  # type: ignore[return-value]


#: Above this many edited files, a local run would cost about what a whole one does.
LOCAL_MAX = 32


def _local_edits(
    cache: Any, results: list[DocResult], placeless: str | None
) -> tuple[_Memo, set[str]] | None:
    """The site memo and the files whose site halves changed since it was kept, when
    those changes stay within their files (what other files' findings can depend on is as
    it was, positions left out — see :func:`_placeless_digest` —, and so is everything else
    site checks read): then the memo's findings in the other files stand, and site checks
    need to run for the changed files only.

    `placeless`: the :func:`_placeless_key` of `results`.

    Not when an edited file is a layout or include (its findings come from the pages that
    use it), nor when a kept finding of another file cites one of the edited files (it may
    give a line there), nor when the memo holds errors."""
    memo = cache.memo
    if memo is None or memo[3] is None or memo[4] is None:
        return None
    if placeless is None or placeless != memo[3]:
        return None
    before = _memo_kept(cache)
    if before is None:
        return None
    edited = {r.path for r in results if cache.site_digest(r.path) != _kept(before, r.path)[0]}
    if not edited or len(edited) > LOCAL_MAX:
        return None
    kinds = {r.path: r.kind for r in results}
    if any(kinds.get(p) not in ("page", "document") for p in edited):
        return None
    kept = _Memo.load(memo[2])
    if kept is None or kept.errors:
        return None
    for f in kept.findings:
        if f.path is None or (f.path not in edited and _cites(f.args, edited)):
            return None
    return kept, edited


#: What the site memo keeps of each file (``cache.memo[4]``): its site half's digest, the
#: two digests of its data without positions (see :func:`_placeless_digests`: the one of
#: what other files see, the one of all of it) and the positions in its collected data
#: when it has site findings (see :func:`_moved`).
_NOTHING_KEPT: tuple[Any, Any, Any, Any] = (None, None, None, None)


def _memo_kept(cache: Any) -> dict[str, Any] | None:
    """What the memo keeps of each file (``cache.memo[4]``, unpickled once a run)."""
    if cache.memo is None or not cache.memo[4]:
        return None
    known = cache.__dict__.get("_memo_kept")
    if known is None or known[0] is not cache.memo[4]:
        try:
            value = pickle.loads(cache.memo[4])
        except Exception:
            value = None
        known = cache.__dict__["_memo_kept"] = (cache.memo[4], value)
    return known[1] if isinstance(known[1], dict) else None


def _kept(before: Mapping[str, Any], path: str) -> tuple[Any, Any, Any, Any]:
    entry = before.get(path)
    return entry if isinstance(entry, tuple) and len(entry) == 4 else _NOTHING_KEPT


def _moved(cache: Any, local: tuple[_Memo, set[str]], prep: tuple) -> _Memo | None:
    """The memo's outcome for a local edit (see :func:`_local_edits`) that only moved
    things in the edited files: their data without positions, links included, is what it
    was. Their site findings are then the kept ones, moved to where what they point at
    now is. None when anything is not certain to move with it (a position the collected
    data does not hold, an argument that may be a line…): site checks run instead."""
    kept, edited = local
    before = _memo_kept(cache)
    if before is None:
        return None
    mine: dict[str, list[Finding]] = {p: [] for p in edited}
    for f in kept.findings:
        if f.path in mine:
            mine[f.path].append(f)
    moved: list[Finding] = []
    for path, found in mine.items():
        _digest, _placeless, move, places = _kept(before, path)
        half = cache.site_of(path)
        if move is None or half is None or len(half) < 4 or half[3] != move:
            return None
        if not found:
            continue
        # (from the cache: a file linted by an earlier run, the hook's, has no data here)
        try:
            now = places_of(halves.decode_collected(half[1], False)) if half[1] else []
            maps = _position_maps(places, now)
        except Exception:
            return None  # (data of an unexpected shape: site checks run, and say why)
        if maps is None:
            return None
        for f in found:
            g = _moved_finding(f, maps, path, edited)
            if g is None:
                return None
            moved.append(g)
    prep_notes, prep_meta = prep
    return _Memo(
        prep_notes,
        prep_meta,
        [f for f in kept.findings if f.path not in edited] + moved,
        kept.notes,
        kept.counts,
        kept.meta,
        [],
    )


_Place = tuple[int, "int | None"]


def _position_maps(
    old: list[_Place] | None, new: list[_Place] | None
) -> tuple[dict[_Place, _Place], dict[int, int]] | None:
    """Old position → new one, and old line → new one, from two lists of the same
    collected data's positions; a position or line that would go to two places is left
    out. None when the lists do not pair."""
    if old is None or new is None or len(old) != len(new):
        return None
    places: dict[_Place, _Place] = {}
    lines: dict[int, int] = {}
    torn: set[_Place] = set()
    torn_lines: set[int] = set()
    for a, b in zip(old, new, strict=True):
        if (a[1] is None) != (b[1] is None):
            return None
        if places.setdefault(a, b) != b:
            torn.add(a)
        if lines.setdefault(a[0], b[0]) != b[0]:
            torn_lines.add(a[0])
    for a in torn:
        del places[a]
    for line in torn_lines:
        del lines[line]
    return places, lines


#: Finding arguments that are a line → the arguments that may name the file it is in
#: (the first one present); without them, the line is in the finding's own file.
_LINE_ARGS = {"first": ("first_path", "source"), "other_line": ("other",)}
#: Arguments that are numbers, never positions.
_NUMBER_ARGS = frozenset(("count", "level", "previous", "expected", "between"))


def _moved_finding(
    f: Finding, maps: tuple[dict[_Place, _Place], dict[int, int]], path: str, edited: set[str]
) -> Finding | None:
    """`f` (a site finding of `path`) at its new position, or None when that is unsure."""
    import dataclasses

    places, lines = maps
    if f.fix is not None:
        return None
    at = places.get((f.line, f.col))
    if at is None:
        line_only = places.get((f.line, None))
        if line_only is None or f.col != 1:
            return None
        at = (line_only[0], 1)
    args = dict(f.args)
    for key, value in f.args.items():
        if isinstance(value, (bool, str)):
            continue
        if isinstance(value, int):
            if key in _NUMBER_ARGS:
                continue
            if key not in _LINE_ARGS:
                return None
            where = next((f.args[k] for k in _LINE_ARGS[key] if k in f.args), path)
            if where == path:
                if value not in lines:
                    return None
                args[key] = lines[value]
            elif where in edited:
                return None
            continue
        if _holds_number(value):
            return None
    return dataclasses.replace(f, line=at[0], col=at[1] or 1, args=args)


def _holds_number(value: Any) -> bool:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, dict):
        return any(_holds_number(v) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_holds_number(v) for v in value)
    return True  # something else: not known to hold no position


def _cites(value: Any, paths: set[str]) -> bool:
    """Whether a finding's args name one of `paths` (anywhere in them)."""
    if isinstance(value, str):
        return value in paths
    if isinstance(value, dict):
        return any(_cites(v, paths) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_cites(v, paths) for v in value)
    return False


def _merge_counts(
    kept: dict[str, dict[str, int]], new: dict[str, dict[str, int]], edited: set[str]
) -> dict[str, dict[str, int]]:
    """Per-file note counts: the memo's for the files not edited, the new ones for those."""
    out: dict[str, dict[str, int]] = {}
    for key in sorted(set(kept) | set(new)):
        merged = {p: n for p, n in kept.get(key, {}).items() if p not in edited}
        merged.update({p: n for p, n in new.get(key, {}).items() if p in edited})
        if merged:
            out[key] = dict(sorted(merged.items()))
    return out


def _placeless_key(cache: Any, site: Site, results: list[DocResult], lang: str) -> str | None:
    """:func:`_site_key` with every file's placeless digest instead of its site half's."""

    kept = _memo_kept(cache) or {}

    def placeless_of(rel: str) -> bytes | None:
        # (as the memo kept it for a file whose site half is the same: the body, where
        # the halves are, is read only for the others)
        digest, placeless, _move, _places = _kept(kept, rel)
        if placeless is not None and digest == cache.site_digest(rel):
            return placeless
        half = cache.site_of(rel)
        return half[2] if half is not None and len(half) > 2 and half[2] else None

    return _results_key("placeless", cache, site, results, lang, placeless_of)


def _reuse_index(
    cache: Any, sctx: SiteContext, site: Site, files: list[SiteFile], results: list[DocResult]
) -> None:
    """The URL index depends on the front matter of every file, not on the bodies: after
    an edit of a page's text it is the same, and is taken from the cache (unpickling it is
    several times quicker than building it). Kept when built, for the next run."""
    import datetime as _dt
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for r in results:
        site_half = cache.site_of(r.path)
        if site_half is None:
            return  # a file not cached (an error): the index is built, not kept
        h.update(r.path.encode("utf-8", "surrogatepass") + b"\x00")
        h.update(site_half[0] + b"\x00")
    # files without a summary are read by the index itself (front matter of other pages)
    inputs = _others_key(cache, site, [sf.rel for sf in files])
    if inputs is None or _uses_clock(site, results):
        return
    key = f"{h.hexdigest()}|{inputs}|{_dt.date.today().isoformat()}"
    blob = cache.artefact("index", key)
    if blob is not None:
        try:
            sctx.shared["index"] = pickle.loads(blob)
            return
        except Exception:
            pass

    def built(name: str, value: Any) -> None:
        if name != "index":
            return
        future = any(getattr(i, "unpublished_reason", None) == "future" for i in value.items)
        try:
            cache.set_artefact("index", None if future else key, pickle.dumps(value, PROTOCOL))
        except Exception:
            cache.set_artefact("index", None, None)

    sctx.built = built


_CLOCK = ("hour", "minute", "second")


def _uses_clock(site: Site, results: list[DocResult]) -> bool:
    """Whether a URL may depend on the time of day (a document without a date takes the
    time of the build, and a permalink may print its hour): then the index is not kept."""
    texts = [str(site.config.get("permalink") or "")]
    for meta in site.collections.values():
        texts.append(str(meta.get("permalink") or ""))
    for entry in site.config.get("defaults") or []:
        values = entry.get("values") if isinstance(entry, dict) else None
        if isinstance(values, dict):
            texts.append(str(values.get("permalink") or ""))
    for r in results:
        permalink = halves.permalink_of(r.summary) if r.summary else None
        if permalink is not None:
            texts.append(permalink)
    return any(f":{c}" in text for text in texts for c in _CLOCK)


def _others_key(cache: Any, site: Site, rels: list[str]) -> str | None:
    """``cache.inputs_key`` of every file of the site not in `rels` and of the other
    inputs. Asked up to four times a run for the same files (the memo's two keys, the
    placeless key, the index's key): worked out once per set of files and cache (a
    cache lives for one run, and holds the sizes and times it saw)."""
    memo = cache.__dict__.setdefault("_others_key", {})
    key = tuple(rels)
    if key not in memo:
        known = set(rels)
        others = [sf.rel for sf in site.files if sf.rel not in known]
        others += [e for e in EXTRA_INPUTS if e not in known]
        memo[key] = cache.inputs_key(others)
    return memo[key]


def _other_inputs(cache: Any, site: Site, rels: list[str], lang: str) -> tuple | None:
    """What site checks read besides the linted files (`rels`): the size and time of
    every other file of the site and of the other inputs, the language of notes, the day
    (documents without a date are dated today), the site's configuration. None: too
    recent to tell apart from a later change, nothing may be memoised."""
    import datetime as _dt

    inputs = _others_key(cache, site, rels)
    if inputs is None:
        return None
    return (inputs, lang, _dt.date.today().isoformat(), site.config)


def _memo_key(cache: Any, site: Site, files: list[SiteFile], lang: str) -> str | None:
    """The first key of the site memo: the content of every linted file (its digest: a
    file only touched keeps its key) and the other inputs. Known before anything is
    linted: a run with nothing changed is served without loading a check."""
    import hashlib

    from betalint.cache import stable_digest

    other = _other_inputs(cache, site, [sf.rel for sf in files], lang)
    if other is None:
        return None
    rels = [sf.rel for sf in files]
    digests = pickle.dumps(list(zip(rels, cache.digests(rels), strict=True)), PROTOCOL)
    return stable_digest("content", hashlib.blake2b(digests, digest_size=16).hexdigest(), other)


def _site_key(cache: Any, site: Site, results: list[DocResult], lang: str) -> str | None:
    """The second key of the site memo: what site checks read of every linted file (the
    digest of its site half, with its kind) and the other inputs. None when a file has no
    cached result (it failed)."""
    return _results_key("site", cache, site, results, lang, cache.site_digest)


def _results_key(
    name: str,
    cache: Any,
    site: Site,
    results: list[DocResult],
    lang: str,
    digest_of: Callable[[str], bytes | None],
) -> str | None:
    """A key of every result (path, kind, language, ``digest_of`` its path) and of the
    other inputs; None when a digest is missing."""
    import hashlib

    from betalint.cache import stable_digest

    # (hashed in one go: the same bytes hashed piece by piece give the same key)
    parts: list[bytes] = []
    for r in results:
        d = digest_of(r.path)
        if d is None:
            return None
        parts.append(
            f"{r.path}\x00{r.kind}\x00{r.language}\x00{r.checked}\x00".encode(
                "utf-8", "surrogatepass"
            )
        )
        parts.append(d)
    h = hashlib.blake2b(b"".join(parts), digest_size=16)
    other = _other_inputs(cache, site, [r.path for r in results], lang)
    if other is None:
        return None
    return stable_digest(name, h.hexdigest(), other)


def _from_memo(
    cache: Any, memo_key: str | None, files: list[SiteFile], summaries: bool, progress
) -> tuple[list[DocResult], _Memo] | None:
    """The whole outcome of the previous run, when no file's content has changed.

    Each file's own results are taken only while they are still its content's: a run
    that reports some files (the pre-commit hook) keeps what it linted without touching
    the memo, so after an edit checked that way and then undone, the memo is right again
    but the entry is the edit's — that file is linted again (the normal path)."""
    outcome = _Memo.load(cache.memo_for(memo_key))
    if outcome is None:
        return None
    results: list[DocResult] = []
    try:
        for sf in files:
            report = cache.lookup(sf.rel)
            if report is None:
                return None
            site_half = cache.site_of(sf.rel) if summaries else None
            if summaries and site_half is None:
                return None
            results.append(unpack(sf.rel, report, site_half))
    except Exception:
        return None
    if progress is not None:
        progress(len(results), len(files))
    return results, outcome


def _save_memo(
    cache: Any,
    memo_key: str | None,
    site_key: str | None,
    site: Site,
    files: list[SiteFile],
    results: list[DocResult],
    sctx: SiteContext | None,
    outcome: _Memo,
    lang: str,
    placeless: str | None = None,
    moved: bool = False,
) -> None:
    """Keep the site-wide outcome for the next run, when it can be reused safely: every
    file's result is cached, nothing failed, no document waits for its date and no URL
    depends on the time of day. `sctx`: the site checks just ran (else the outcome came
    from the memo, which was checked when it was kept); `placeless`: then, the
    :func:`_placeless_key` of these results. `moved`: the outcome is the memo's with the
    findings of edited files moved (:func:`_moved`): checked as the memo was, but its
    files are this run's."""
    complete = all(r.path in cache.entries for r in results)
    if outcome.errors or not complete:
        cache.set_memo(None, None, None)
        return
    if sctx is not None:
        index = sctx.shared.get("index")
        future = index is not None and any(
            getattr(i, "unpublished_reason", None) == "future" for i in index.items
        )
        if future or _uses_clock(site, results):
            cache.set_memo(None, None, None)
            return
        if site_key is None:
            cache.set_memo(None, None, None)
            return
    if memo_key is None:
        memo_key = _memo_key(cache, site, files, lang)
    try:
        blob = outcome.dump()
    except Exception:
        cache.set_memo(None, None, None)
        return
    if sctx is None and not moved and cache.memo is not None:
        # the site halves are the memo's: so are their digests and the placeless key
        placeless, sites = cache.memo[3], cache.memo[4]
    else:
        sites = _memo_files(cache, results, outcome) if placeless is not None else None
    cache.set_memo(memo_key, site_key, blob, placeless, sites)


def _memo_files(cache: Any, results: list[DocResult], outcome: _Memo) -> bytes | None:
    """What the memo keeps of each file (see :data:`_NOTHING_KEPT`): positions only for
    the files with site findings, taken from the last memo for those unchanged since."""
    last = _memo_kept(cache) or {}
    reported = {f.path for f in outcome.findings}
    out: dict[str, tuple[Any, Any, Any, Any]] = {}
    todo = results
    if len(last) == len(results) and all(r.path in last for r in results):
        # most files are as the last memo kept them (a local edit): only the others, and
        # those newly reported, are worked out again
        todo = [
            r
            for r in results
            if _kept(last, r.path)[0] != cache.site_digest(r.path)
            or (r.path in reported and _kept(last, r.path)[3] is None)
        ]
        out = dict(last)
    for r in todo:
        digest = cache.site_digest(r.path)
        half = cache.site_of(r.path)
        placeless, move = half[2:4] if half is not None and len(half) > 3 else (None, None)
        places = None
        if r.path in reported:
            old = _kept(last, r.path)
            unchanged = old[0] == digest and old[3] is not None
            places = old[3] if unchanged else _places_in(r, half)
        out[r.path] = (digest, placeless, move, places)
    return pickle.dumps(out, PROTOCOL)


def _places_in(r: DocResult, half: Any) -> list[tuple[int, int | None]] | None:
    """The positions in `r`'s collected data (read from its cached half when the run did
    not unpickle it); None when unknown (an edit of the file then runs its site checks)."""
    try:
        if r.collected:
            return places_of(r.collected)
        if half is not None and half[1]:
            return places_of(halves.decode_collected(half[1], False))
        return []
    except Exception:
        return None


def _restrictable(targets: list[str] | None, results: list[DocResult]) -> bool:
    """Whether site checks may skip the pages not reported: when files are targeted and
    none is a layout or include (their findings come from the pages that use them)."""
    if targets is None:
        return False
    return not any(
        r.kind in ("layout", "include") and _in_targets(r.path, targets) for r in results
    )


def _targets(paths: list[Path], root: Path) -> list[str] | None:
    """Site-relative paths (files or folders) whose findings are reported; None = all."""
    out: list[str] = []
    root = root.resolve()
    for p in paths:
        rp = p.resolve()
        if rp == root:
            return None
        try:
            out.append(rp.relative_to(root).as_posix())
        except ValueError:
            continue
    return out


def _in_targets(path: str, targets: list[str] | None) -> bool:
    if targets is None:
        return True
    return any(path == t or path.startswith(t + "/") for t in targets)


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(code: str, f: Finding, lang: str) -> str:
    rule = catalogue()[code]
    template = rule.template(lang, f.variant)
    args = {k: ("" if v is None else v) for k, v in f.args.items()}
    return template.format_map(_SafeDict(args))


def format_hint(code: str, f: Finding, lang: str) -> str:
    """The fix hint of one finding. A variant may have its own, a template filled with the
    finding's values; the rule's generic hint is plain text (it may show Liquid braces)."""
    rule = catalogue()[code]
    if f.variant not in rule.variant_hints:
        return rule.hint.get(lang, "")
    args = {k: ("" if v is None else v) for k, v in f.args.items()}
    return rule.hint_template(lang, f.variant).format_map(_SafeDict(args))


def _finalise(
    results: list[DocResult],
    by_path: dict[str, DocResult],
    site_findings: list[Finding],
    config: Config,
    site: Site,
    targets: list[str] | None,
    cwd: Path,
    lang: str,
) -> tuple[list[Violation], int]:
    cat = catalogue()
    enabled = config.enabled
    per_path: dict[str, list[Finding]] = {}
    for r in results:
        # (only files with something to say: findings, or directives that may be unused)
        if r.findings or r.suppressions is not None:
            per_path.setdefault(r.path, []).extend(r.findings)
    for f in site_findings:
        per_path.setdefault(f.path or "", []).append(f)

    violations: list[Violation] = []
    suppressed = 0
    for path, findings in per_path.items():
        if not _in_targets(path, targets):
            continue
        r = by_path.get(path)
        supp = r.suppressions if r else None
        ignored = config.ignored_for(path)
        doc = None
        for f in findings:
            if f.code not in enabled or f.code in ignored:
                continue
            if supp is not None and f.code != "BL002" and supp.match(f.code, f.line):
                suppressed += 1
                continue
            violations.append(_violation(f, path, site, cwd, lang, config, r, doc))
        if supp is not None and "BL002" in enabled and "BL002" not in ignored and r and r.checked:
            for d, what in unused(supp, enabled - ignored):
                variant = "unknown" if what in d.unknown else ("all" if what == "*" else None)
                f = Finding(
                    "BL002", d.line, d.col, {"code": what, "directive": d.kind}, variant=variant
                )
                violations.append(_violation(f, path, site, cwd, lang, config, r, doc))
    violations.sort(key=lambda v: (v.path, v.line, v.column, v.rule, v.message))
    _ = cat
    return violations, suppressed


def _violation(
    f: Finding, path: str, site: Site, cwd: Path, lang: str, config: Config, r, doc
) -> Violation:
    rule = catalogue()[f.code]
    shown = _display_path(site.root, path, cwd)
    source_line = ""
    if r is not None:
        source_line = r.lines.get(f.line, "")
        if not source_line and doc is not None:
            source_line = doc.line_text(f.line)
    # A file BL001 says could not be read (binary, too large, a symlink out of the site…)
    # is not read here either: only an encoding error shows its line (decoded leniently).
    unread = f.code == "BL001" and f.variant != "encoding"
    if not source_line and f.line >= 1 and path and not unread:
        source_line = _read_line(os.path.join(site.root, path), f.line)
    return Violation(
        rule=f.code,
        name=rule.name,
        severity=config.severity.get(f.code) or f.severity or catalogue()[f.code].severity,
        path=shown,
        line=max(1, f.line),
        column=max(1, f.col),
        message=format_message(f.code, f, lang),
        rgaa=list(rule.rgaa),
        site_path=text_path(path),
        hint=format_hint(f.code, f, lang),
        source_line=source_line,
        fingerprint=(
            f.fingerprint if f.fingerprint is not None else element_text(source_line, f.col)
        ),
        fix=f.fix,
    )


_LINE_CACHE: dict[str, list[str]] = {}


def _read_line(path: str, line: int) -> str:
    """Line `line` of the file at `path` (a finding's source line the worker did not send:
    most site findings'), each file read once per run."""
    lines = _LINE_CACHE.get(path)
    if lines is None:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            lines = []
        _LINE_CACHE[path] = lines
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _display_path(root: Path, path: str, cwd: Path) -> str:
    """`path` (relative to the site's `root`) as shown: relative to `cwd` (kept per file:
    a site's findings name a few hundred files many times)."""
    key = (root, path, cwd)
    shown = _SHOWN.get(key)
    if shown is None:
        shown = _SHOWN[key] = _display_path_of(root / path, cwd)
    return shown


_SHOWN: dict[tuple[Path, str, Path], str] = {}


def _display_path_of(path: Path, cwd: Path) -> str:
    try:
        return text_path(Path(os.path.relpath(path, cwd)).as_posix())
    except ValueError:
        return text_path(path.as_posix())


def text_path(path: str) -> str:
    """A file name fit for output: bytes that are not UTF-8 (a Latin-1 name from an old
    archive; Python keeps them as lone surrogates) become U+FFFD. Written as they are,
    they made every UTF-8 output (JSON, --output) fail with UnicodeEncodeError."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def apply_fixes(result: RunResult) -> tuple[int, int]:
    """Write the corrections of the reported violations that carry one (``check --fix``).

    Each file is re-read and written atomically; a correction is applied only if the text
    it replaces is still there and does not overlap another one. Fixed violations are
    removed from the result. Returns (corrections applied, files written).
    """
    from betalint.atomic import write_bytes
    from betalint.source import UTF8_BOM

    by_file: dict[str, list[Violation]] = {}
    for v in result.violations:
        if v.fix is not None and v.site_path:
            by_file.setdefault(v.site_path, []).append(v)
    fixed: set[int] = set()
    files = 0
    for rel, items in by_file.items():
        path = result.root / rel
        try:
            data = path.read_bytes()
            bom = data.startswith(UTF8_BOM)
            text = data[len(UTF8_BOM) if bom else 0 :].decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        applied: list[Violation] = []
        last_start = len(text) + 1
        for v in sorted(items, key=lambda v: v.fix[0], reverse=True):  # type: ignore[index]
            start, end, old, new = v.fix  # type: ignore[misc]
            if end > last_start or text[start:end] != old:
                continue
            text = text[:start] + new + text[end:]
            last_start = start
            applied.append(v)
        if applied:
            write_bytes(path, (UTF8_BOM if bom else b"") + text.encode("utf-8"))
            files += 1
            fixed.update(id(v) for v in applied)
    result.violations = [v for v in result.violations if id(v) not in fixed]
    return len(fixed), files


def exit_code(result: RunResult, config: Config) -> int:
    if result.errors:
        return 2
    threshold = SEVERITY_RANK[config.fail_on]
    return 1 if any(SEVERITY_RANK[v.severity] >= threshold for v in result.violations) else 0


def iter_enabled(config: Config) -> Iterable[str]:
    return sorted(config.enabled)


def _debug_print(*args: Any) -> None:
    print(*args, file=sys.stderr)
