"""Command line: ``betalint check``, ``report``, ``rules``, ``explain``.

Usage and configuration errors print one line on stderr and exit 2; a Python traceback is
shown only with ``--debug``.

Every text here comes from :mod:`betalint.i18n`. The help and usage errors are in the
interface language (the user's locale, see :func:`betalint.i18n.ui_lang`), decided once at
start-up since click reads help texts when the commands are declared.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager, suppress
from pathlib import Path

import click

from betalint import __version__
from betalint.catalogue import CatalogueError, catalogue, option_text, resolve_selector
from betalint.config import ConfigError, build_config, find_config_file, read_config_file
from betalint.i18n import normalise as normalise_lang
from betalint.i18n import t, ui_lang
from betalint.site import ConfigError as SiteConfigError
from betalint.site import discover

EXIT_USAGE = 2
UI = ui_lang()
FORMATS = ("text", "concise", "json", "github", "sarif", "junit")
REPORT_FORMATS = ("html", "md", "json", "csv")


def H(key: str, **args: object) -> str:
    """An interface text in the interface language."""
    return t(key, UI, **args)


def _fail(message: str) -> None:
    click.echo(f"betalint: {message}", err=True)
    sys.exit(EXIT_USAGE)


class _HelpFormatter(click.HelpFormatter):
    """click's help layout with its few fixed words ("Usage", "Options"…) translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, H("help-usage") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        # French typography: a space before the colon.
        sep = " :" if UI == "fr" else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{sep}\n")

    @contextmanager
    def section(self, name: str):
        names = {"Options": H("help-options"), "Commands": H("help-commands")}
        with super().section(names.get(name, name)):
            yield


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Command(click.Command):
    context_class = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = H("help-help")
        return opt


class _Group(click.Group):
    """Turns any unexpected exception into one line and exit code 2 (traceback with --debug)."""

    context_class = _Context
    command_class = _Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = H("help-help")
        return opt

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ConfigError, SiteConfigError, CatalogueError) as exc:
            _fail(str(exc))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo(f"betalint: {H('err-interrupted')}", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # the reader of the output went away (`betalint rules | head`): nothing is
            # wrong with the run and nobody is left to tell; stop quietly, as Unix tools do
            with suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            # baseline and gitdiff are imported only by the runs that use them
            baseline = sys.modules.get("betalint.baseline")
            if baseline is not None and isinstance(exc, baseline.BaselineError):
                _fail(H(exc.key, file=exc.file, detail=exc.detail))  # type: ignore[attr-defined]
            gitdiff = sys.modules.get("betalint.gitdiff")
            if gitdiff is not None and isinstance(exc, gitdiff.GitError):
                _fail(H(exc.key, **exc.params))  # type: ignore[attr-defined]
            if "--debug" in sys.argv:
                raise
            _fail(H("err-internal", detail=f"{type(exc).__name__}: {exc}"))


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=H("help-main"),
)
@click.version_option(__version__, "--version", prog_name="betalint", help=H("help-version"))
def main() -> None:
    pass


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x for x in v.replace(",", " ").split() if x)
    return out


def common_options(fn):
    """Selection and configuration options shared by `check` and `report`."""
    opts = [
        click.option("--select", multiple=True, help=H("help-select")),
        click.option("--ignore", multiple=True, help=H("help-ignore")),
        click.option("--extend-select", multiple=True, help=H("help-extend-select")),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help=H("help-config"),
        ),
        click.option("--preset", help=H("help-preset")),
        click.option("--dsfr-version", metavar="X.Y.Z", help=H("help-dsfr-version")),
        click.option("--lang", type=click.Choice(["fr", "en"]), help=H("help-lang")),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help=H("help-jobs")),
        click.option("--no-cache", is_flag=True, help=H("help-no-cache")),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            help=H("help-cache-dir"),
        ),
        click.option("--debug", is_flag=True, help=H("help-debug")),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def baseline_option(help_key: str):
    """``--baseline FILE``, shared by `check` (hide known findings) and `report` (mark new)."""
    return click.option(
        "--baseline",
        "baseline_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=H(help_key),
    )


def run_settings(select, ignore, extend_select, preset, lang, dsfr_version, baseline_file) -> dict:
    """The configuration settings the options of :func:`common_options` and
    :func:`baseline_option` give, as layered over the configuration file (the same for
    `check` and `report`)."""
    return {
        "select": _split(select) or None,
        "ignore": _split(ignore) or None,
        "extend-select": _split(extend_select) or None,
        "preset": preset,
        "lang": lang,
        "dsfr-version": dsfr_version,
        "baseline": str(baseline_file) if baseline_file else None,
    }


def cache_folder(config, site, given: Path | None, no_cache: bool) -> Path | None:
    """Where the cache lives, or None for no cache: ``--no-cache`` or ``cache = false``
    turn it off; ``--cache-dir`` is relative to the current folder, the ``cache-dir``
    setting to the file that sets it; by default ``.betalint_cache/`` at the root of a
    Jekyll site, in the user's cache folder for a folder linted in plain mode."""
    from betalint.cache import folder_for

    if no_cache or config.settings.get("cache") is False:
        return None
    if given is not None:
        return folder_for(site.root, str(given), Path.cwd())
    setting = config.settings.get("cache-dir")
    base = Path(config.source).resolve().parent if config.source else site.root
    return folder_for(site.root, setting, base, site.mode)


def load_run_config(paths: list[Path], config_file: Path | None, cli: dict):
    """Find the site and build the configuration (file settings, then CLI settings)."""
    start = paths[0] if paths else Path.cwd()
    if not start.exists():
        raise ConfigError(H("err-no-path", path=str(start)))
    site = discover(start)
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(H("err-no-config", path=str(config_file)))
        data, source = read_config_file(config_file), str(config_file)
    else:
        found, data = find_config_file(site.root)
        source = str(found) if found else None
    return site, build_config(data, cli, source)


@main.command(help=H("help-check"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help=H("help-format"))
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help=H("help-output")
)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help=H("help-fail-on"))
@click.option("--exit-zero", is_flag=True, help=H("help-exit-zero"))
@click.option("--statistics", is_flag=True, help=H("help-statistics"))
@click.option("--color/--no-color", "colour", default=None, help=H("help-color"))
@baseline_option("help-baseline")
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help=H("help-write-baseline"),
)
@click.option("--changed-since", metavar="REF", help=H("help-changed-since"))
@click.option("--fix", is_flag=True, help=H("help-fix"))
@common_options
def check(
    paths,
    fmt,
    output,
    fail_on,
    exit_zero,
    fix,
    statistics,
    colour,
    baseline_file,
    write_baseline,
    changed_since,
    select,
    ignore,
    extend_select,
    config_file,
    preset,
    dsfr_version,
    lang,
    jobs,
    no_cache,
    cache_dir,
    debug,
):
    from betalint import engine, formats

    path_list = list(paths) or [Path.cwd()]
    cli = {
        **run_settings(select, ignore, extend_select, preset, lang, dsfr_version, baseline_file),
        "fail-on": fail_on,
        "format": fmt,
        "output": str(output) if output else None,
    }
    site, config = load_run_config(path_list, config_file, cli)
    fmt = config.settings.get("format", "text")
    if fmt not in FORMATS:
        raise ConfigError(H("err-format", format=fmt, known=", ".join(FORMATS)))
    notes: list[tuple[str, dict]] = []
    run_paths = path_list
    if changed_since:
        run_paths = _changed_paths(site, path_list, changed_since)
        key = "changed-some" if run_paths else "changed-none"
        notes.append((key, {"n": len(run_paths), "ref": changed_since}))
    result = engine.run(
        run_paths,
        config,
        site=site,
        jobs=jobs,
        debug=debug,
        cache_dir=cache_folder(config, site, cache_dir, no_cache),
        summaries=False,
    )
    if debug:
        _debug_timings(result)
    if fix:
        count, nfiles = engine.apply_fixes(result)
        result.notes.append(t("fixed", result.lang, count=count, files=nfiles))
    for key, args in notes:
        result.notes.append(t(key, result.lang, **args))
    baseline_path = _baseline_path(config, baseline_file, site.root)
    if write_baseline or baseline_path is not None:
        from betalint import baseline as bl

        scope = bl.Scope(targets=result.targets, enabled=set(config.enabled))

    if write_baseline:
        previous = bl.load(write_baseline) if write_baseline.is_file() else None
        new = bl.rewrite(previous, result.violations, scope)
        new.write(write_baseline)
        click.echo(
            t(
                "baseline-written",
                result.lang,
                file=str(write_baseline),
                findings=t("n-findings", result.lang, n=new.total),
                files=t("n-files", result.lang, n=new.files),
            )
        )
        for e in result.errors:
            click.echo(f"betalint: {e}", err=True)
        sys.exit(2 if result.errors else 0)

    if baseline_path is not None:
        outcome = bl.apply(bl.load(baseline_path), result.violations, scope)
        result.violations = outcome.new
        result.baseline = {
            "file": str(baseline_path),
            "matched": outcome.matched,
            "fixed": outcome.fixed,
        }

    out_path = config.settings.get("output")
    is_tty = out_path is None and sys.stdout.isatty()
    use_colour = colour if colour is not None else (is_tty and "NO_COLOR" not in os.environ)
    text = formats.get(fmt)(result, cwd=Path.cwd(), colour=use_colour, fail_on=config.fail_on)
    human = fmt in ("text", "concise")
    stats = _statistics(result) if statistics else ""
    if human:
        text += stats
    if out_path:
        from betalint.atomic import write_text

        write_text(Path(out_path), text)
    else:
        # click strips escape codes when stdout is not a terminal unless told otherwise
        click.echo(text, nl=False, color=use_colour if human else None)
    if not human:
        # Machine formats keep stdout (or the file) clean: what people need goes to stderr.
        from betalint.formats.text import baseline_lines

        for line in [
            *baseline_lines(result, result.lang),
            *(f"betalint: {e}" for e in result.errors),
        ]:
            click.echo(line, err=True)
        if stats:
            click.echo(stats, err=True, nl=False)
    code = engine.exit_code(result, config)
    if exit_zero and code == 1:
        code = 0
    sys.exit(code)


def _debug_timings(result) -> None:
    """``--debug``: what the cache did and where the time went, on stderr."""
    stats = result.stats
    memo = stats.get("memo")
    if memo == "local":
        site = f"reused, computed again for the {stats.get('changed', 0)} file(s) changed"
    elif memo == "moved":
        site = f"reused, moved along in the {stats.get('changed', 0)} file(s) changed"
    else:
        site = "reused" if memo else "computed"
    click.echo(
        f"betalint: cache {stats.get('cache', 'off')}: {stats.get('reused', 0)} files reused, "
        f"{stats.get('linted', 0)} linted, site results {site}",
        err=True,
    )
    for name, seconds in result.timings.items():
        click.echo(f"betalint: {seconds:8.3f} s  {name}", err=True)


def _statistics(result) -> str:
    """Counts per rule, most frequent first (like ruff --statistics)."""
    counts: dict[str, int] = {}
    for v in result.violations:
        counts[v.rule] = counts.get(v.rule, 0) + 1
    if not counts:
        return ""
    cat = catalogue()
    lines = [t("statistics", result.lang)]
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{n:7d}  {code:7s} {cat[code].name}")
    return "\n".join(lines) + "\n"


def _baseline_path(config, given: Path | None, root: Path) -> Path | None:
    """``--baseline`` is relative to the current folder; the ``baseline`` setting of a
    configuration file to the site root (where that file lives)."""
    if given is not None:
        return given
    value = config.settings.get("baseline")
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else root / path


def _changed_paths(site, paths: list[Path], ref: str) -> list[Path]:
    """Files of the site changed since ``ref`` (git) and inside the PATHS given."""
    from betalint.gitdiff import changed_files

    root = site.root.resolve()
    scopes = [p.resolve() for p in paths]
    out = []
    for f in changed_files(root, ref):
        rf = f.resolve()
        if not rf.is_relative_to(root):
            continue
        if any(rf == s or rf.is_relative_to(s) for s in scopes):
            out.append(rf)
    return out


@main.command("report", help=H("help-report"))
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="html",
    help=H("help-report-format"),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=H("help-report-output"),
)
@baseline_option("help-report-baseline")
@click.option("--only-new", is_flag=True, help=H("help-only-new"))
@click.option("--progress/--no-progress", "show_progress", default=None, help=H("help-progress"))
@common_options
def report_cmd(
    path,
    fmt,
    output,
    baseline_file,
    only_new,
    show_progress,
    select,
    ignore,
    extend_select,
    config_file,
    preset,
    dsfr_version,
    lang,
    jobs,
    no_cache,
    cache_dir,
    debug,
):
    from betalint import baseline as bl
    from betalint import engine, report
    from betalint.atomic import write_text

    paths = [path] if path is not None else [Path.cwd()]
    cli = run_settings(select, ignore, extend_select, preset, lang, dsfr_version, baseline_file)
    site, config = load_run_config(paths, config_file, cli)
    progress = Progress.for_stderr(show_progress, config.lang or normalise_lang(site.lang) or "en")
    try:
        result = engine.run(
            paths,
            config,
            site=site,
            jobs=jobs,
            debug=debug,
            progress=progress,
            cache_dir=cache_folder(config, site, cache_dir, no_cache),
        )
    finally:
        progress.close()
    if debug:
        _debug_timings(result)

    new: set[int] | None = None
    known = None
    baseline_path = _baseline_path(config, baseline_file, site.root)
    if baseline_path is not None:
        scope = bl.Scope(targets=result.targets, enabled=set(config.enabled))
        outcome = bl.apply(bl.load(baseline_path), result.violations, scope)
        new = {id(v) for v in outcome.new}
        known = {
            "file": str(baseline_path),
            "new": len(outcome.new),
            "known": outcome.matched,
            "fixed": outcome.fixed,
            "only_new": only_new,
        }
        if only_new:
            result.violations = outcome.new
    elif only_new:
        raise ConfigError(H("err-only-new"))

    data = report.build(result, config, new=new, baseline=known)
    text = report.render(data, fmt)
    out_path = output
    if out_path is None and sys.stdout.isatty():
        out_path = Path(f"betalint-report.{report.EXTENSIONS[fmt]}")
    if out_path is None:
        click.echo(text, nl=False)
    else:
        write_text(out_path, text)
        click.echo(
            t(
                "report-written",
                result.lang,
                file=str(out_path),
                findings=t("n-findings", result.lang, n=data.total),
                pages=t("n-pages", result.lang, n=data.pages_with_findings),
            ),
            err=True,
        )
    for e in result.errors:
        click.echo(f"betalint: {e}", err=True)
    sys.exit(2 if result.errors else 0)


class Progress:
    """Files done / total on stderr, on one line rewritten in place; shown only on a
    terminal (or with --progress) and only once the run has taken more than a second, so
    quick runs and logs stay clean."""

    DELAY = 1.0  # seconds before the first line
    EVERY = 0.1  # seconds between two updates

    def __init__(self, stream, lang: str, delay: float = DELAY) -> None:
        import time

        self.stream = stream
        self.lang = lang
        self.clock = time.monotonic
        self.start = self.clock() + delay
        self.last = 0.0
        self.shown = False

    @classmethod
    def for_stderr(cls, forced: bool | None, lang: str) -> Progress | _NoProgress:
        stream = sys.stderr
        on = forced if forced is not None else stream.isatty()
        return cls(stream, lang) if on else _NoProgress()

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now < self.start or (now - self.last < self.EVERY and done < total):
            return
        self.last = now
        self.shown = True
        self.stream.write("\r" + t("progress", self.lang, done=done, total=total))
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K" if self.stream.isatty() else "\n")
            self.stream.flush()


class _NoProgress:
    def __call__(self, done: int, total: int) -> None:
        pass

    def close(self) -> None:
        pass


@main.command("rules", help=H("help-rules"))
@click.option("--lang", type=click.Choice(["fr", "en"]), default=UI, help=H("help-rules-lang"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=H("help-rules-format"),
)
def rules_cmd(lang, fmt):
    cat = catalogue()
    if fmt == "json":
        import json

        data = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity,
                "rgaa": list(r.rgaa),
                "wcag": list(r.wcag),
                "fixable": r.fixable,
                "default": r.default,
                "summary": r.summary[lang],
            }
            for r in cat.values()
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for r in cat.values():
        rgaa = f"  [RGAA {', '.join(r.rgaa)}]" if r.rgaa else ""
        off = "" if r.default else " " + t("rules-opt-in", lang)
        click.echo(f"{r.code:7s} {r.name:28s} {r.severity:8s} {r.summary[lang]}{rgaa}{off}")


@main.command(help=H("help-explain"))
@click.argument("rule")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=UI, help=H("help-rules-lang"))
def explain(rule, lang):
    try:
        codes = resolve_selector(rule)
    except KeyError:
        _fail(t("err-unknown-rule", lang, rule=rule))
        return
    if len(codes) != 1:
        _fail(t("err-several-rules", lang, rule=rule, codes=", ".join(codes)))
    r = catalogue()[codes[0]]
    click.echo(
        t(
            "explain-head",
            lang,
            code=r.code,
            name=r.name,
            severity=t(f"report-fig-{r.severity}s", lang, n=1),
            family=r.family,
        )
    )
    if r.rgaa:
        click.echo(t("explain-rgaa", lang, criteria=", ".join(r.rgaa)))
    if r.wcag:
        click.echo(t("explain-wcag", lang, criteria=", ".join(r.wcag)))
    click.echo("")
    click.echo(r.summary[lang])
    if r.hint.get(lang):
        click.echo("")
        click.echo(r.hint[lang])
    if r.options:
        click.echo("")
        click.echo(t("explain-options", lang))
        for name, spec in r.options.items():
            click.echo(
                t(
                    "explain-option",
                    lang,
                    name=name,
                    type=spec.get("type", "string"),
                    # as written in .betalint.toml: true, 80, "text"
                    default=json.dumps(spec.get("default"), ensure_ascii=False),
                    description=option_text(spec.get("description", ""), lang),
                )
            )
    click.echo(r.body.rstrip())


def entry(**kwargs: object) -> None:
    """The ``betalint`` command: :func:`main`, then a quick exit.

    A run leaves hundreds of thousands of objects behind (summaries, the site index…);
    freeing them one by one when the interpreter shuts down takes longer than a warm run
    itself. Once the output is flushed nothing is left to do, so the process ends at once
    (``os._exit``) with main's exit code. Embedders and tests call :func:`main`, which
    exits normally.

    For the same reason the cyclic garbage collector is off in this process (a run makes
    next to no cycles; traversing its objects again and again cost a tenth of a run);
    worker processes turn it back on."""
    import gc

    gc.disable()
    try:
        main(**kwargs)
        code: int = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message"): printed like Python does
            print(exc.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 1  # stdout closed early (e.g. `| head`): nothing more to say
    os._exit(code)


if __name__ == "__main__":
    entry()
