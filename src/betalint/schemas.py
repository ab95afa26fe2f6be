"""Front-matter schemas: JSON Schema files, validated with the ``jsonschema`` library.

A schema file is JSON (or YAML, same data) in JSON Schema draft 2020-12. Front matter is
validated as loaded by betalint: YAML dates are ISO strings (``2024-03-05``), so a date
is ``{"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}"}``.

Two keywords are added for what plain JSON Schema cannot say and content schemas need
(the ``superRefine`` checks of beta.gouv.fr's zod schemas, for instance):

* ``"x-unique-by": "name"`` on an array of objects — no two items share that key's value
  (``phases`` with one entry per phase name);
* ``"x-date-order": {"start": "start", "end": "end", "strict": true}`` on an object — when
  both are set, ``end`` comes after ``start`` (``strict``: not on the same day).

:func:`describe` turns a validation error into a message variant of FM006 and its
arguments, so messages name the key and never show validator jargon.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from betalint.source import SafeLoader

if TYPE_CHECKING:  # jsonschema takes a tenth of a second to import: only runs with schemas do
    from jsonschema import ValidationError


class SchemaError(Exception):
    """A schema file cannot be read or is not a valid JSON Schema (a usage error)."""


def _unique_by(validator: Any, key: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema import ValidationError

    if not validator.is_type(instance, "array"):
        return
    keys = [key] if isinstance(key, str) else list(key)
    seen: dict[Any, int] = {}
    for i, item in enumerate(instance):
        if not isinstance(item, dict):
            continue
        for k in keys:
            value = item.get(k)
            if value is None or isinstance(value, (dict, list)):
                continue
            marker = (k, value)
            if marker in seen:
                yield ValidationError(
                    f"{k!r} {value!r} repeats item {seen[marker] + 1}",
                    validator="x-unique-by",
                    validator_value=key,
                    instance=value,
                    path=[i, k],
                )
            else:
                seen[marker] = i


def _date_order(validator: Any, spec: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema import ValidationError

    if not validator.is_type(instance, "object") or not isinstance(spec, dict):
        return
    start_key, end_key = spec.get("start", "start"), spec.get("end", "end")
    start, end = instance.get(start_key), instance.get(end_key)
    if not isinstance(start, str) or not isinstance(end, str):
        return
    bad = end <= start if spec.get("strict", True) else end < start
    if bad:
        error = ValidationError(
            f"{end_key} {end} is not after {start_key} {start}",
            validator="x-date-order",
            validator_value=spec,
            instance=end,
            path=[end_key],
        )
        error.start_value = start  # type: ignore[attr-defined]  # for the message
        yield error


@cache
def validator_class() -> Any:
    """Draft 2020-12 with betalint's two keywords (``x-unique-by``, ``x-date-order``)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(
        Draft202012Validator, {"x-unique-by": _unique_by, "x-date-order": _date_order}
    )


@cache
def load_schema(path: Path) -> dict[str, Any]:
    """Read and check a schema file (cached: the same file is read once per process)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        data = json.loads(text) if str(path).endswith(".json") else yaml.load(text, SafeLoader)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: not valid JSON/YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: a schema must be an object")
    from jsonschema.exceptions import SchemaError as _JsonSchemaError

    try:
        validator_class().check_schema(data)
    except _JsonSchemaError as exc:
        raise SchemaError(f"{path}: not a valid JSON Schema ({exc.message})") from None
    return data


@cache
def compiled(path: str) -> Any:
    return validator_class()(load_schema(Path(path)))


@dataclass(frozen=True, slots=True)
class Problem:
    """One schema violation, ready for a finding."""

    path: tuple[str | int, ...]  # keys to the value (line lookup)
    variant: str
    args: dict[str, Any]


def key_label(path: tuple[str | int, ...] | list[str | int]) -> str:
    """``missions[2].end``: list positions count from 1, as an editor counts items."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def show(value: Any, limit: int = 60) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TYPE_VARIANTS = {"string", "integer", "number", "boolean", "array", "object"}


def validate(path: str, front_matter: dict[str, Any]) -> list[Problem]:
    """Every violation of the schema at `path` by `front_matter`, in document order."""
    validator = compiled(path)
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    for error in sorted(validator.iter_errors(front_matter), key=lambda e: list(map(str, e.path))):
        for problem in _describe(error):
            marker = (problem.path, problem.variant, tuple(sorted(map(str, problem.args.items()))))
            if marker not in seen:
                seen.add(marker)
                problems.append(problem)
    return problems


def _describe(error: ValidationError) -> list[Problem]:
    if error.context and error.validator in ("anyOf", "oneOf"):
        from jsonschema.exceptions import best_match

        return _describe(best_match(error.context))
    path = tuple(error.absolute_path)
    kw = error.validator
    inst = error.instance
    key = key_label(path)
    value = show(inst)
    if kw == "required":
        m = re.match(r"'(.*)' is a required property", error.message)
        missing = m.group(1) if m else show(error.validator_value)
        return [Problem(path, "required", {"key": key_label((*path, missing))})]
    if kw == "additionalProperties" and isinstance(inst, dict):
        known = set((error.schema or {}).get("properties", {}))
        patterns = list((error.schema or {}).get("patternProperties", {}))
        extra = [k for k in inst if k not in known and not any(re.search(p, k) for p in patterns)]
        return [Problem((*path, k), "unknown-key", {"key": key_label((*path, k))}) for k in extra]
    if inst is None and kw in ("type", "minLength", "format", "pattern", "enum"):
        return [Problem(path, "empty", {"key": key})]
    if kw == "type":
        expected = error.validator_value
        if isinstance(expected, str) and expected in _TYPE_VARIANTS:
            return [Problem(path, f"type-{expected}", {"key": key, "value": value})]
        return [Problem(path, "type", {"key": key, "value": value, "expected": show(expected)})]
    if kw in ("enum", "const"):
        allowed = error.validator_value if kw == "enum" else [error.validator_value]
        shown = ", ".join(show(a, 40) for a in allowed[:15]) + (" …" if len(allowed) > 15 else "")
        return [Problem(path, "enum", {"key": key, "value": value, "allowed": shown})]
    if kw == "minLength" and error.validator_value == 1:
        return [Problem(path, "empty", {"key": key})]
    if kw in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        variant = {
            "minLength": "min-length",
            "maxLength": "max-length",
            "minItems": "min-items",
            "maxItems": "max-items",
            "minimum": "minimum",
            "maximum": "maximum",
        }[kw]
        return [
            Problem(path, variant, {"key": key, "value": value, "limit": error.validator_value})
        ]
    if kw == "uniqueItems" and isinstance(inst, list):
        seen: list[Any] = []
        out = []
        for i, item in enumerate(inst):
            if item in seen:
                out.append(Problem((*path, i), "duplicate-item", {"key": key, "value": show(item)}))
            else:
                seen.append(item)
        return out
    if kw == "x-unique-by":
        field = path[-1] if path else ""
        return [
            Problem(
                path,
                "duplicate-field",
                {"key": key_label(path[:-2]), "field": field, "value": value},
            )
        ]
    if kw == "x-date-order":
        start = (error.validator_value or {}).get("start", "start")
        start_value = show(getattr(error, "start_value", ""))
        return [
            Problem(
                path,
                "date-order",
                {
                    "key": key,
                    "value": value,
                    "other": key_label((*path[:-1], start)),
                    "other_value": start_value,
                },
            )
        ]
    if kw == "pattern":
        return [
            Problem(path, "pattern", {"key": key, "value": value, "pattern": error.validator_value})
        ]
    return [Problem(path, "other", {"key": key, "detail": error.message})]
