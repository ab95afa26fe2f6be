"""Configuration: ``.betalint.toml`` or ``[tool.betalint]`` in ``pyproject.toml`` at the site
root, or the file given with ``--config``; command-line options win over the file.

Unknown keys, unknown rule codes and wrong value types are errors with a message naming
the key: a typo in a linter's configuration that silently does nothing is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from betalint.catalogue import SEVERITIES, catalogue, resolve_selector, rules_dir


class ConfigError(Exception):
    """Invalid configuration or usage: reported on one line, exit code 2."""


def glob_match(path: str, patterns: list[str]) -> bool:
    """Whether a POSIX path matches one of the glob patterns (``**`` spans folders)."""
    if not patterns:
        return False
    from wcmatch import glob as wcglob  # imported only by runs that use patterns

    flags = wcglob.GLOBSTAR | wcglob.DOTGLOB | wcglob.BRACE
    return wcglob.globmatch(path, patterns, flags=flags)


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
    "server-redirects": lambda key, value: _server_redirects(key, value),
    "server-exact-paths": _str_list,
    "schemas": lambda key, value: _entries(key, value, _SCHEMA_KEYS, ("schema",)),
    "references": lambda key, value: _entries(key, value, _REFERENCE_KEYS, ("key", "target")),
}

#: Keys of a `[[schemas]]` entry: which documents (a collection label and/or path globs),
#: the JSON Schema their front matter must satisfy, and an optional file-name convention.
_SCHEMA_KEYS = {
    "collection": str,
    "paths": list,
    "schema": str,
    "filename": str,
    "filename-description": str,
}
#: Keys of a `[[references]]` entry: in which documents, which front-matter value (a dotted
#: path, ``[]`` for every list item), which collection it names, and how a value names a
#: document (``{name}`` = its path in the collection folder without extension).
_REFERENCE_KEYS = {
    "collection": str,
    "paths": list,
    "key": str,
    "target": str,
    "format": str,
}


def _server_redirects(key: str, value: Any) -> list[dict[str, Any]]:
    """``[[server-redirects]]``: ``from`` (a regular expression on the decoded path, as an
    nginx ``location ~`` or ``rewrite``), ``to`` (``$1``… for its groups), ``status``."""
    import re

    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"`{key}` must be a list of tables ([[{key}]])")
    out = []
    for i, entry in enumerate(value):
        where = f"`{key}[{i}]`"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be a table")
        unknown = set(entry) - {"from", "to", "status"}
        if unknown:
            raise ConfigError(
                f"{where}: unknown key `{sorted(unknown)[0]}` (known: from, status, to)"
            )
        for k in ("from", "to"):
            if not isinstance(entry.get(k), str) or not entry[k]:
                raise ConfigError(f"{where} needs `{k}` (a non-empty string)")
        status = entry.get("status", 301)
        if isinstance(status, bool) or not isinstance(status, int) or not 300 <= status <= 399:
            raise ConfigError(f"{where}.status must be a redirect status (301, 302, 307, 308)")
        try:
            re.compile(entry["from"])
        except re.error as exc:
            raise ConfigError(f"{where}.from is not a valid regular expression ({exc})") from None
        out.append({"from": entry["from"], "to": entry["to"], "status": status})
    return out


def _entries(
    key: str, value: Any, allowed: dict[str, type], required: tuple[str, ...]
) -> list[dict[str, Any]]:
    """A list of tables (``[[schemas]]``, ``[[references]]``), each checked key by key."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"`{key}` must be a list of tables ([[{key}]])")
    out = []
    for i, entry in enumerate(value):
        where = f"`{key}[{i}]`"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be a table")
        for k, v in entry.items():
            kind = allowed.get(k)
            if kind is None:
                raise ConfigError(
                    f"{where}: unknown key `{k}` (known: {', '.join(sorted(allowed))})"
                )
            if not isinstance(v, kind) or (kind is list and not all(isinstance(x, str) for x in v)):
                label = "a list of strings" if kind is list else "a string"
                raise ConfigError(f"{where}.{k} must be {label}")
        for k in required:
            if k not in entry:
                raise ConfigError(f"{where} needs `{k}`")
        if "collection" not in entry and "paths" not in entry:
            raise ConfigError(f"{where} needs `collection` or `paths` (which documents)")
        out.append(dict(entry))
    return out


def presets_dir() -> Path:
    return rules_dir() / "presets"


def available_presets() -> list[str]:
    folder = presets_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "preset.toml").is_file())


def load_preset(name: str) -> tuple[Path, dict[str, Any]]:
    """A preset's folder and its settings (``rules/presets/<name>/preset.toml``)."""
    folder = presets_dir() / name
    path = folder / "preset.toml"
    if "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
        known = ", ".join(available_presets()) or "none"
        raise ConfigError(f"`preset`: unknown preset {name!r} (known: {known})")
    data = _read_toml(path)
    for key in data:
        if key not in SETTINGS or key == "preset":
            raise ConfigError(f"{path}: setting `{key}` is not allowed in a preset")
    return folder, data


def _resolve_schema_paths(entries: list[dict[str, Any]], base: Path) -> list[dict[str, Any]]:
    """Make `schema` paths absolute (relative to the file that declares them) and check
    that each one is a readable, valid JSON Schema: a broken schema is a usage error."""
    from betalint.schemas import SchemaError, load_schema

    out = []
    for entry in entries:
        entry = dict(entry)
        path = Path(entry["schema"])
        if not path.is_absolute():
            path = base / path
        try:
            load_schema(path)
        except SchemaError as exc:
            raise ConfigError(f"`schemas`: {exc}") from None
        entry["schema"] = str(path)
        out.append(entry)
    return out


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
    #: rule code → its default options, made once (asked per document by some checks);
    #: private: not part of what the cache keys on
    _defaults: dict[str, dict[str, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def options(self, code: str) -> dict[str, Any]:
        """The options of a rule (a dict to read, not to change: defaults are shared)."""
        given = self.rule_options.get(code)
        if given:
            return given
        defaults = self._defaults.get(code)
        if defaults is None:
            defaults = self._defaults[code] = catalogue()[code].option_defaults()
        return defaults

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
    import tomllib  # (here: most sites have no TOML settings to read)

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
    file_layer: dict[str, Any] = {}
    for key, value in file_data.items():
        if key not in SETTINGS:
            raise ConfigError(
                f"{where}unknown setting `{key}` (known: {', '.join(sorted(SETTINGS))})"
            )
        try:
            file_layer[key] = SETTINGS[key](key, value)
        except ConfigError as exc:
            raise ConfigError(f"{where}{exc}") from None
    base = Path(source).resolve().parent if source else Path.cwd()
    if "schemas" in file_layer:
        file_layer["schemas"] = _resolve_schema_paths(file_layer["schemas"], base)
    cli_layer: dict[str, Any] = {}
    for key, value in cli.items():
        if value is None or value == [] or value == ():
            continue
        cli_layer[key] = SETTINGS[key](key, list(value) if isinstance(value, tuple) else value)
    merged.update(file_layer)
    merged.update(cli_layer)
    if merged.get("preset"):
        _apply_preset(merged, str(merged["preset"]))

    # Rule selection is layered as in ruff: a layer's `select` starts the set afresh (so the
    # command line's --select wins over the file's ignore), then `extend-select` adds and
    # `ignore` removes.
    cat = catalogue()
    enabled = {c for c, r in cat.items() if r.default}
    for layer in (file_layer, cli_layer):
        if "select" in layer:
            enabled = _codes("select", layer["select"])
        enabled |= _codes("extend-select", layer.get("extend-select", []))
        enabled -= _codes("ignore", layer.get("ignore", []))

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


def _apply_preset(merged: dict[str, Any], name: str) -> None:
    """Settings of a preset come first: the site's own values win, and its `schemas` and
    `references` are added to the preset's."""
    folder, data = load_preset(name)
    for key, value in data.items():
        try:
            value = SETTINGS[key](key, value)
        except ConfigError as exc:
            raise ConfigError(f"preset {name}: {exc}") from None
        if key == "schemas":
            value = _resolve_schema_paths(value, folder)
        if key in ("schemas", "references"):
            merged[key] = value + list(merged.get(key, []))
        elif key not in merged:
            merged[key] = value


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
