"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps,
VS Code's SARIF viewer).

The whole rule catalogue goes into ``tool.driver.rules``: summary, fix hint and rationale
as help text, RGAA criteria and WCAG success criteria as tags, default level. Results point
at artifacts by URIs relative to the current folder (``uriBaseId: %SRCROOT%``), which in CI
is the repository root; each carries a ``partialFingerprints`` entry built without line
numbers (see :mod:`betalint.baseline`) so that dashboards track a finding across edits.

The document is built as plain data and serialised with :mod:`json`: SARIF *is* JSON, and
the test suite validates the output against the official schema with ``jsonschema``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from betalint import __version__
from betalint.baseline import fingerprints
from betalint.catalogue import Rule, catalogue
from betalint.formats import formatter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/betagouv/betalint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT = "betalint/v1"


def tags(rule: Rule) -> list[str]:
    out = [rule.family]
    if rule.rgaa or rule.wcag:
        out.append("accessibility")
    out += [f"RGAA-{c}" for c in rule.rgaa]
    out += [f"WCAG-{c}" for c in rule.wcag]
    return list(dict.fromkeys(out))


def descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    summary = rule.summary[lang]
    hint = rule.hint.get(lang, "")
    help_text = f"{summary}\n\n{hint}" if hint else summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": f"{help_text}\n\n{rule.body.strip()}\n"},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default},
        "properties": {
            "tags": tags(rule),
            "precision": "high",
            "rgaa": list(rule.rgaa),
            "wcag": list(rule.wcag),
        },
    }


def uri(path: str) -> str:
    """A relative URI reference for a POSIX path (spaces and accents percent-encoded)."""
    return quote(path, safe="/")


def build(result, cwd: Path) -> dict[str, Any]:
    lang = result.lang
    rules = list(catalogue().values())
    index = {r.code: i for i, r in enumerate(rules)}
    baselined = getattr(result, "baseline", None) is not None
    results = []
    for v, fp in zip(result.violations, fingerprints(result.violations), strict=True):
        region: dict[str, Any] = {"startLine": v.line, "startColumn": v.column}
        if v.source_line:
            region["snippet"] = {"text": v.source_line}
        item: dict[str, Any] = {
            "ruleId": v.rule,
            "level": LEVELS.get(v.severity, "warning"),
            "message": {"text": v.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(v.path), "uriBaseId": SRCROOT},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fp},
        }
        if v.rule in index:
            item["ruleIndex"] = index[v.rule]
        if baselined:
            item["baselineState"] = "new"
        results.append(item)
    notifications = [{"level": "error", "message": {"text": e}} for e in result.errors]
    notifications += [{"level": "note", "message": {"text": n}} for n in result.notes]
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "betalint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "language": lang,
                        "rules": [descriptor(r, lang) for r in rules],
                    }
                },
                "language": lang,
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {SRCROOT: {"uri": cwd.resolve().as_uri() + "/"}},
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


@formatter("sarif")
def render(result, *, cwd: Path, **_: object) -> str:
    return json.dumps(build(result, cwd), ensure_ascii=False, indent=2) + "\n"
