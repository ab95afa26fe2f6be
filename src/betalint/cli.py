"""Command line: ``betalint check``, ``rules``, ``explain``.

Usage and configuration errors print one line on stderr and exit 2; a Python traceback is
shown only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from betalint import __version__
from betalint.catalogue import CatalogueError, catalogue, resolve_selector
from betalint.config import ConfigError, build_config, find_config_file, read_config_file
from betalint.site import ConfigError as SiteConfigError
from betalint.site import discover

EXIT_USAGE = 2


def _fail(message: str) -> None:
    click.echo(f"betalint: {message}", err=True)
    sys.exit(EXIT_USAGE)


class _Group(click.Group):
    """Turns any unexpected exception into one line and exit code 2 (traceback with --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ConfigError, SiteConfigError, CatalogueError) as exc:
            _fail(str(exc))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("betalint: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if "--debug" in sys.argv:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="betalint")
def main() -> None:
    """betalint: lint the content of a Jekyll + DSFR site from its source.

    Front matter and permalinks, DSFR classes, alt texts, internal links and headings,
    reported at file:line:column without building the site.
    """


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x for x in v.replace(",", " ").split() if x)
    return out


def common_options(fn):
    """Selection and configuration options shared by `check` and `report`."""
    opts = [
        click.option(
            "--select", multiple=True, help="Only these rules (codes, prefixes like ALT, or names)."
        ),
        click.option(
            "--ignore", multiple=True, help="Skip these rules (codes, prefixes or names)."
        ),
        click.option(
            "--extend-select", multiple=True, help="Add rules to the configured selection."
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Configuration file (default: .betalint.toml or [tool.betalint] in pyproject.toml at the site root).",
        ),
        click.option(
            "--lang",
            type=click.Choice(["fr", "en"]),
            help="Message language (default: the site's `lang`, else en).",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            help="Worker processes (default: number of cores).",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def load_run_config(paths: list[Path], config_file: Path | None, cli: dict):
    """Find the site and build the configuration (file settings, then CLI settings)."""
    start = paths[0] if paths else Path.cwd()
    if not start.exists():
        raise ConfigError(f"{start}: no such file or folder")
    site = discover(start)
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: configuration file not found")
        data, source = read_config_file(config_file), str(config_file)
    else:
        found, data = find_config_file(site.root)
        source = str(found) if found else None
    return site, build_config(data, cli, source)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "concise", "json"]),
    help="Output format (default: text).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the safe automatic corrections some rules offer (files are rewritten).",
)
@click.option(
    "--dsfr-version",
    metavar="X.Y.Z",
    help="DSFR version the site uses (default: read from node_modules, package-lock.json or package.json).",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option(
    "--color/--no-color",
    "colour",
    default=None,
    help="Colour the text output (default: only on a terminal).",
)
@common_options
def check(
    paths,
    fmt,
    output,
    fail_on,
    exit_zero,
    fix,
    dsfr_version,
    statistics,
    colour,
    select,
    ignore,
    extend_select,
    config_file,
    lang,
    jobs,
    debug,
):
    """Lint PATHS (site root, folders or files; default: the current folder).

    Files given explicitly are linted in the context of their whole site (their links
    resolve against every page); only they are reported.
    """
    from betalint import engine, formats
    from betalint.i18n import t

    path_list = list(paths) or [Path.cwd()]
    cli = {
        "select": _split(select) or None,
        "ignore": _split(ignore) or None,
        "extend-select": _split(extend_select) or None,
        "lang": lang,
        "fail-on": fail_on,
        "format": fmt,
        "output": str(output) if output else None,
        "dsfr-version": dsfr_version,
    }
    site, config = load_run_config(path_list, config_file, cli)
    fmt = config.settings.get("format", "text")
    if fmt not in ("text", "concise", "json"):
        raise ConfigError(f"`format`: unknown format {fmt!r}")
    result = engine.run(path_list, config, site=site, jobs=jobs, debug=debug)
    if fix:
        count, nfiles = engine.apply_fixes(result)
        result.notes.append(t("fixed", result.lang, count=count, files=nfiles))
    out_path = config.settings.get("output")
    is_tty = out_path is None and sys.stdout.isatty()
    use_colour = colour if colour is not None else (is_tty and "NO_COLOR" not in os.environ)
    text = formats.get(fmt)(result, cwd=Path.cwd(), colour=use_colour)
    if statistics and fmt in ("text", "concise"):
        counts: dict[str, int] = {}
        for v in result.violations:
            counts[v.rule] = counts.get(v.rule, 0) + 1
        lines = [t("statistics", result.lang) + ":"]
        cat = catalogue()
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:7d}  {code:7s} {cat[code].name}")
        text += "\n".join(lines) + "\n"
    if out_path:
        from betalint.atomic import write_text

        write_text(Path(out_path), text)
    else:
        click.echo(text, nl=False)
    if result.errors and fmt not in ("text", "concise"):
        for e in result.errors:
            click.echo(f"betalint: {e}", err=True)
    code = engine.exit_code(result, config)
    if exit_zero and code == 1:
        code = 0
    sys.exit(code)


@main.command("rules")
@click.option(
    "--lang", type=click.Choice(["fr", "en"]), default="en", help="Language of the summaries."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_cmd(lang, fmt):
    """List the rule catalogue."""
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
        off = "" if r.default else " (opt-in)"
        click.echo(f"{r.code:7s} {r.name:28s} {r.severity:8s} {r.summary[lang]}{rgaa}{off}")


@main.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="en")
def explain(rule, lang):
    """Print one rule's catalogue entry: what, why, bad and good examples."""
    try:
        codes = resolve_selector(rule)
    except KeyError:
        _fail(f"unknown rule {rule!r} (see `betalint rules`)")
        return
    if len(codes) != 1:
        _fail(f"{rule!r} names several rules: {', '.join(codes)}")
    r = catalogue()[codes[0]]
    click.echo(f"{r.code} {r.name} ({r.severity}, family {r.family})")
    if r.rgaa:
        click.echo(f"RGAA: {', '.join(r.rgaa)}")
    if r.wcag:
        click.echo(f"WCAG: {', '.join(r.wcag)}")
    click.echo("")
    click.echo(r.summary[lang])
    if r.hint.get(lang):
        click.echo("")
        click.echo(r.hint[lang])
    if r.options:
        click.echo("")
        click.echo("Options:")
        for name, spec in r.options.items():
            click.echo(
                f"  {name} ({spec.get('type', 'string')}, default {spec.get('default')!r}): {spec.get('description', '')}"
            )
    click.echo(r.body.rstrip())


if __name__ == "__main__":
    main()
