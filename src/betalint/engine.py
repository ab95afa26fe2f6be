"""The run: discover the site, lint every file (in parallel), run site-wide checks, filter,
sort. Output formats only ever see the sorted list this module returns.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from betalint import checks
from betalint.catalogue import catalogue
from betalint.checks import (
    COLLECTORS,
    DOCUMENT_CHECKS,
    PREPARERS,
    SITE_CHECKS,
    CheckContext,
    Finding,
)
from betalint.config import Config
from betalint.elements import Builder, Document
from betalint.htmlparse import HtmlFeeder
from betalint.i18n import normalise as normalise_lang
from betalint.liquid import mask
from betalint.markdown import parse_markdown
from betalint.site import Site, SiteFile, discover
from betalint.source import Source, duplicate_keys, load_source
from betalint.suppress import Suppressions, parse_suppressions, unused

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


def build_document(sf: SiteFile, src: Source, kind: str, language: str) -> Document:
    """Mask Liquid and parse into elements. Static files are not Liquid-processed by Jekyll."""
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


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this thread after `seconds` (POSIX main thread only; a no-op
    elsewhere, or when something else already uses the real-time alarm)."""
    if (
        not seconds
        or seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return

    def _alarm(signum: int, frame: Any) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lint_file(sf: SiteFile, ctx: CheckContext) -> DocResult:
    """Read, parse and check one file. Never raises: problems become findings or errors.

    A file that takes longer than `max-file-seconds` is abandoned and reported (BL001); an
    unexpected exception anywhere is an internal error of this file only.
    """
    limit = ctx.config.settings.get("max-file-seconds", DEFAULT_MAX_FILE_SECONDS)
    try:
        with _time_limit(limit):
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
    root = Path(info.root)
    language = _language(sf.rel, info)
    result = DocResult(path=sf.rel, kind="skipped", language=language, checked=False)
    path = root / sf.rel
    max_size = ctx.config.settings.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    try:
        size = path.stat().st_size
        if size > max_size:
            result.findings.append(
                Finding("BL001", 1, 1, {"size": size, "limit": max_size}, variant="too-large")
            )
            return result
        with path.open("rb") as fh:
            data = fh.read()
    except OSError as exc:
        result.findings.append(
            Finding("BL001", 1, 1, {"detail": exc.strerror or str(exc)}, variant="unreadable")
        )
        return result
    src, problem = load_source(data)
    if src is None:
        variant = problem.reason
        result.findings.append(
            Finding(
                "BL001", problem.line, problem.column, {"detail": problem.detail}, variant=variant
            )
        )
        return result
    kind = document_kind(sf, src, info.mode)
    result.kind = kind
    if kind == "static" and language == "markdown":
        # Copied byte for byte by Jekyll: nothing of it is rendered, nothing to lint.
        if src.fm_problem is not None and src.fm_problem.reason in ("bom", "cr"):
            result.findings.append(_fm1(src.fm_problem))
            result.checked = True
        return result
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
        return result
    except Exception as exc:  # a parser bug must not stop the run
        result.errors.append(_internal(sf.rel, "parse", exc))
        return result
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
        "body_line": src.body_line,
    }
    enabled = ctx.config.enabled
    for code, fn in DOCUMENT_CHECKS.items():
        if code not in enabled:
            continue
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
    result.suppressions = parse_suppressions(doc.text, doc.position)
    result.lines = {}
    _keep_lines(result, doc)
    result._doc = doc  # type: ignore[attr-defined]  # kept only in-process, for site findings
    return result


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


def _internal(path: str, where: str, exc: BaseException) -> str:
    msg = f"{text_path(path)}: internal error in {where}: {type(exc).__name__}: {exc}"
    if DEBUG:
        msg += "\n" + "".join(traceback.format_exception(exc))
    return msg


# --- workers -------------------------------------------------------------------------

_WORKER_CTX: CheckContext | None = None


def _worker_init(ctx: CheckContext, debug: bool) -> None:
    global _WORKER_CTX, DEBUG
    checks.load_all()
    _WORKER_CTX = ctx
    DEBUG = debug


def _worker_run(files: list[SiteFile]) -> list[DocResult]:
    assert _WORKER_CTX is not None
    out = []
    for sf in files:
        r = lint_file(sf, _WORKER_CTX)
        r.__dict__.pop("_doc", None)
        out.append(r)
    return out


def _lint_all(
    files: list[SiteFile], ctx: CheckContext, jobs: int, progress: Progress | None = None
) -> list[DocResult]:
    total = len(files)
    if jobs <= 1 or total < 64:
        results = []
        for sf in files:
            results.append(lint_file(sf, ctx))
            if progress is not None:
                progress(len(results), total)
        return results
    import multiprocessing as mp

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    mpctx = mp.get_context(method)
    # Interleaved chunks keep big and small files spread across workers.
    nchunks = jobs * 8
    chunks = [c for c in (files[i::nchunks] for i in range(nchunks)) if c]
    parts, lost = _pool_map(mpctx, jobs, ctx, chunks, progress, total)
    # A worker that dies (killed for memory, a crash in C code) breaks the whole pool (a
    # multiprocessing.Pool would even wait for it forever). The files left undone are
    # linted again, each in its own process, so that only a file that kills its process
    # is lost, and said to be.
    for sf in lost:
        part, again = _pool_map(mpctx, 1, ctx, [[sf]])
        parts.extend(part)
        if again:
            r = DocResult(sf.rel, "skipped", _language(sf.rel, ctx.site), checked=False)
            r.errors.append(
                f"{text_path(sf.rel)}: internal error in lint: the process linting this file"
                " died (out of memory, or a crash in a parser)"
            )
            parts.append([r])
    results = [r for part in parts for r in part]
    results.sort(key=lambda r: r.path)
    return results


def _pool_map(
    mpctx: Any,
    jobs: int,
    ctx: CheckContext,
    chunks: list[list[SiteFile]],
    progress: Progress | None = None,
    total: int = 0,
) -> tuple[list[list[DocResult]], list[SiteFile]]:
    """Lint `chunks` in `jobs` worker processes: (results, files lost to a dead worker).

    Results arrive in completion order (the caller sorts them), so progress can be said."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    parts: list[list[DocResult]] = []
    lost: list[SiteFile] = []
    done = 0
    with ProcessPoolExecutor(
        jobs, mp_context=mpctx, initializer=_worker_init, initargs=(ctx, DEBUG)
    ) as pool:
        futures = {pool.submit(_worker_run, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                part = future.result()
            except BrokenProcessPool:
                lost.extend(futures[future])
                continue
            parts.append(part)
            done += len(part)
            if progress is not None:
                progress(done, total)
    return parts, lost


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

    def options(self, code: str) -> dict[str, Any]:
        return self.config.options(code)

    def get(self, name: str, builder) -> Any:
        """A lazily built site-wide artefact (URL index, …) shared by site checks."""
        if name not in self.shared:
            self.shared[name] = builder(self)
        return self.shared[name]


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
) -> RunResult:
    """Lint the site containing ``paths[0]``; report findings only for ``paths``.

    ``progress`` is told how many files are linted so far (see :data:`Progress`)."""
    global DEBUG
    DEBUG = debug
    _LINE_CACHE.clear()  # files may have changed since a previous run in this process
    checks.load_all()
    cwd = cwd or Path.cwd()
    start = paths[0] if paths else cwd
    site = site or discover(start)
    info = SiteInfo(
        root=str(site.root),
        mode=site.mode,
        config=site.config,
        site_vars=site.site_vars,
        markdown_exts=site.markdown_exts,
        lang=site.lang,
    )
    ctx = CheckContext(site=info, config=config)
    needed: set[str] = set()
    for code, (_fn, coll) in SITE_CHECKS.items():
        if code in config.enabled:
            needed.update(coll)
    ctx.site_collectors = tuple(sorted(n for n in needed if n in COLLECTORS))  # type: ignore[attr-defined]

    # `lang: fr-FR` in _config.yml means French too.
    resolved_lang = lang or config.lang or normalise_lang(site.lang) or "en"
    notes: list[str] = []
    for codes, prepare in PREPARERS:
        if codes & config.enabled:
            notes.extend(prepare(ctx, site, resolved_lang))

    files = lintable(site, config)
    jobs = jobs if jobs is not None else int(config.settings.get("jobs", os.cpu_count() or 1))
    results = _lint_all(files, ctx, jobs, progress)
    by_path = {r.path: r for r in results}

    errors: list[str] = []
    for r in results:
        errors.extend(r.errors)

    # site checks
    sctx = SiteContext(
        site=site,
        config=config,
        documents=by_path,
        collected={
            n: {r.path: r.collected[n] for r in results if n in r.collected} for n in needed
        },
    )
    site_findings: list[Finding] = []
    for code, (fn, _coll) in SITE_CHECKS.items():
        if code not in config.enabled:
            continue
        try:
            site_findings.extend(fn(sctx))
        except Exception as exc:
            errors.append(_internal(str(site.root), code, exc))
    for p in site.problems:
        site_findings.append(
            Finding("BL001", 1, 1, {"detail": p.detail}, variant=p.reason, path=p.rel)
        )

    targets = _targets(paths, site.root)
    violations, suppressed = _finalise(
        results, by_path, site_findings, config, site, targets, cwd, resolved_lang
    )
    return RunResult(
        root=site.root,
        site=site,
        violations=violations,
        files_checked=sum(1 for r in results if r.checked and _in_targets(r.path, targets)),
        errors=errors,
        notes=notes + list(sctx.shared.get("notes", [])),
        lang=resolved_lang,
        suppressed=suppressed,
        documents=results,
        targets=targets,
        meta={**ctx.meta, **sctx.shared.get("meta", {})},
        shared=sctx.shared,
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
        doc = getattr(r, "_doc", None) if r else None
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
    shown = _display_path(site.root / path, cwd)
    source_line = ""
    if r is not None:
        source_line = r.lines.get(f.line, "")
        if not source_line and doc is not None:
            source_line = doc.line_text(f.line)
    # A file BL001 says could not be read (binary, too large, a symlink out of the site…)
    # is not read here either: only an encoding error shows its line (decoded leniently).
    unread = f.code == "BL001" and f.variant != "encoding"
    if not source_line and f.line >= 1 and path and not unread:
        source_line = _read_line(site.root / path, f.line)
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
        hint=rule.hint.get(lang, ""),
        source_line=source_line,
        fingerprint=f.fingerprint if f.fingerprint is not None else source_line.strip(),
        fix=f.fix,
    )


_LINE_CACHE: dict[Path, list[str]] = {}


def _read_line(path: Path, line: int) -> str:
    lines = _LINE_CACHE.get(path)
    if lines is None:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        _LINE_CACHE[path] = lines
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _display_path(path: Path, cwd: Path) -> str:
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
