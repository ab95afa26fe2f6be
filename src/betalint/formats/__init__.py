"""Output formats. A formatter takes the finished run and returns text; it never decides
what is a finding. Each format lives in its own module and registers itself here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Formatter = Callable[..., str]
FORMATS: dict[str, Formatter] = {}


def formatter(name: str) -> Callable[[Formatter], Formatter]:
    def deco(fn: Formatter) -> Formatter:
        FORMATS[name] = fn
        return fn

    return deco


_MODULES = ("text", "json_format", "github", "sarif", "junit")
#: The module of each format, so that a run imports only the one it writes.
_MODULE_OF = {"text": "text", "concise": "text", "json": "json_format", "github": "github"}


def get(name: str) -> Formatter:
    if name not in FORMATS and name in _MODULE_OF:
        importlib.import_module(f"{__name__}.{_MODULE_OF[name]}")
    if name not in FORMATS:
        for mod in _MODULES:
            importlib.import_module(f"{__name__}.{mod}")
    return FORMATS[name]


def names() -> list[str]:
    for mod in _MODULES:
        importlib.import_module(f"{__name__}.{mod}")
    return sorted(FORMATS)


def summary_counts(violations: list[Any]) -> dict[str, Any]:
    by_rule: dict[str, int] = {}
    errors = warnings = infos = 0
    for v in violations:
        by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
        if v.severity == "error":
            errors += 1
        elif v.severity == "warning":
            warnings += 1
        else:
            infos += 1
    return {
        "errors": errors,
        "warnings": warnings,
        "infos": infos,
        "by_rule": dict(sorted(by_rule.items())),
    }
