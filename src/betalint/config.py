"""Configuration: ``.betalint.toml`` or ``[tool.betalint]`` in ``pyproject.toml`` at the site
root, or the file given with ``--config``; command-line options win over the file.

Unknown keys, unknown rule codes and wrong value types are errors with a message naming
the key: a typo in a linter's configuration that silently does nothing is worse than none.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wcmatch import glob as wcglob

from betalint.catalogue import SEVERITIES, catalogue, resolve_selector


class ConfigError(Exception):
    """Invalid configuration or usage: reported on one line, exit code 2."""


GLOB_FLAGS = wcglob.GLOBSTAR | wcglob.DOTGLOB | wcglob.BRACE


def glob_match(path: str, patterns: list[str]) -> bool:
    """Whether a POSIX path matches one of the glob patterns (``**`` spans folders)."""
    return bool(patterns) and wcglob.globmatch(path, patterns, flags=GLOB_FLAGS)


def _str_list(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ConfigError(f"`{key}` must be a list of strings")
    return list(value)


def _one_of(choices: tuple[str, ...]):
    def check(key: str, value: Any) -> str:
        if value not in choices:
            raise ConfigError(f"`{key}` must be one of {', '.join(choices)} (got {value!r})")
        return value

    return check


def _type(kind: type, label: str):
    def check(key: str, value: Any) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"`{key}` must be {label} (got {value!r})")
        return value

    return check


def _table(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"`{key}` must be a table")
    return value


#: Every top-level key a configuration may hold, with its validator. Families that need a
#: site-wide setting add it here (and document it in the README).
SETTINGS: dict[str, Any] = {
    "select": _str_list,
    "ignore": _str_list,
    "extend-select": _str_list,
    "per-file-ignores": _table,
    "exclude": _str_list,
    "lang": _one_of(("en", "fr")),
    "fail-on": _one_of(SEVERITIES),
    "severity": _table,
    "rules": _table,
    "format": _type(str, "a string"),
    "output": _type(str, "a string"),
    "baseline": _type(str, "a string"),
    "jobs": _type(int, "a whole number"),
    "cache": _type(bool, "true or false"),
    "cache-dir": _type(str, "a string"),
    "max-file-size": _type(int, "a whole number of bytes"),
    "max-file-seconds": _type((int, float), "a number of seconds (0: no limit)"),
    "dsfr-version": _type(str, "a version string such as 1.11.0"),
    "preset": _type(str, "a preset name"),
    "host": _one_of(("jekyll", "nginx", "netlify", "static")),
    "extra-published-paths": _str_list,
}


@dataclass
class Config:
    """Resolved configuration for one run."""

    enabled: set[str]
    per_file_ignores: list[tuple[str, set[str]]] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    lang: str | None = None
    fail_on: str = "error"
    severity: dict[str, str] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    def options(self, code: str) -> dict[str, Any]:
        return self.rule_options.get(code) or catalogue()[code].option_defaults()

    def severity_of(self, code: str) -> str:
        return self.severity.get(code) or catalogue()[code].severity

    def ignored_for(self, path: str) -> set[str]:
        out: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if glob_match(path, [pattern]):
                out |= codes
        return out

    def excluded(self, path: str) -> bool:
        return glob_match(path, self.exclude)


def _codes(key: str, selectors: list[str]) -> set[str]:
    out: set[str] = set()
    for sel in selectors:
        try:
            out.update(resolve_selector(sel))
        except KeyError:
            raise ConfigError(
                f"`{key}`: unknown rule or prefix {sel!r} (see `betalint rules`)"
            ) from None
    return out


def find_config_file(root: Path) -> tuple[Path | None, dict[str, Any]]:
    """The site's configuration file and its betalint table (empty when none)."""
    own = root / ".betalint.toml"
    if own.is_file():
        return own, read_config_file(own)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _read_toml(pyproject)
        table = data.get("tool", {}).get("betalint")
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(f"{pyproject}: [tool.betalint] must be a table")
            return pyproject, table
    return None, {}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from exc


def read_config_file(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("betalint", {})
    return data


def build_config(
    file_data: dict[str, Any], cli: dict[str, Any], source: str | None = None
) -> Config:
    """Merge file settings and command-line settings (CLI wins) into a validated Config."""
    merged: dict[str, Any] = {}
    where = f"{source}: " if source else ""
    for key, value in file_data.items():
        if key not in SETTINGS:
            raise ConfigError(
                f"{where}unknown setting `{key}` (known: {', '.join(sorted(SETTINGS))})"
            )
        try:
            merged[key] = SETTINGS[key](key, value)
        except ConfigError as exc:
            raise ConfigError(f"{where}{exc}") from None
    for key, value in cli.items():
        if value is None or value == [] or value == ():
            continue
        merged[key] = SETTINGS[key](key, list(value) if isinstance(value, tuple) else value)

    cat = catalogue()
    defaults = {c for c, r in cat.items() if r.default}
    enabled = _codes("select", merged["select"]) if "select" in merged else defaults
    enabled |= _codes("extend-select", merged.get("extend-select", []))
    enabled -= _codes("ignore", merged.get("ignore", []))

    per_file: list[tuple[str, set[str]]] = []
    for pattern, sels in (merged.get("per-file-ignores") or {}).items():
        per_file.append((pattern, _codes(f"per-file-ignores.{pattern}", _str_list(pattern, sels))))

    severity: dict[str, str] = {}
    for sel, sev in (merged.get("severity") or {}).items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}`severity.{sel}` must be one of {', '.join(SEVERITIES)}")
        for code in _codes(f"severity.{sel}", [sel]):
            severity[code] = sev

    rule_options: dict[str, dict[str, Any]] = {}
    for sel, table in (merged.get("rules") or {}).items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}`rules.{sel}` must be a table of options")
        codes = _codes(f"rules.{sel}", [sel])
        if len(codes) != 1:
            raise ConfigError(f"{where}`rules.{sel}` must name one rule")
        code = next(iter(codes))
        rule = cat[code]
        opts = rule.option_defaults()
        for name, value in table.items():
            spec = rule.options.get(name)
            if spec is None:
                known = ", ".join(sorted(rule.options)) or "none"
                raise ConfigError(f"{where}`rules.{sel}`: unknown option `{name}` (known: {known})")
            opts[name] = _check_option(f"rules.{sel}.{name}", spec, value, where)
        rule_options[code] = opts

    settings = {
        k: v
        for k, v in merged.items()
        if k not in ("select", "ignore", "extend-select", "per-file-ignores", "severity", "rules")
    }
    return Config(
        enabled=enabled,
        per_file_ignores=per_file,
        exclude=list(merged.get("exclude", [])),
        lang=merged.get("lang"),
        fail_on=merged.get("fail-on", "error"),
        severity=severity,
        rule_options=rule_options,
        settings=settings,
        source=source,
    )


_OPTION_TYPES = {
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "string": (str,),
    "list": (list,),
}


def _check_option(key: str, spec: dict[str, Any], value: Any, where: str) -> Any:
    kind = spec.get("type", "string")
    types = _OPTION_TYPES.get(kind, (object,))
    if not isinstance(value, types) or (kind in ("integer", "number") and isinstance(value, bool)):
        raise ConfigError(f"{where}`{key}` must be of type {kind} (got {value!r})")
    choices = spec.get("choices")
    if choices and value not in choices:
        raise ConfigError(f"{where}`{key}` must be one of {', '.join(map(str, choices))}")
    return value
