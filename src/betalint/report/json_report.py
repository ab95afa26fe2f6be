"""The report as JSON: the same data as the HTML report, for other tools (dashboards,
trackers). ``summary`` and each violation keep the shape of ``check --format json``; the
rest is added beside it (fields may be added, never renamed)."""

from __future__ import annotations

import json
from typing import Any

from betalint.report.model import Item, Report


def _item(it: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": it.rule,
        "name": it.name,
        "severity": it.severity,
        "path": it.path,
        "line": it.line,
        "column": it.column,
        "message": it.message,
        "rgaa": it.rgaa,
        "family": it.family,
        "wcag": it.wcag,
        "hint": it.hint,
        "source": it.excerpt,
        "url": it.url,
    }
    if it.new is not None:
        data["new"] = it.new
    return data


def data(report: Report) -> dict[str, Any]:
    by_rule: dict[str, int] = {}
    for it in report.items:
        by_rule[it.rule] = by_rule.get(it.rule, 0) + 1
    out: dict[str, Any] = {
        "tool": "betalint",
        "version": report.version,
        "report": {
            "site": report.site_name,
            "url": report.site_url,
            "root": report.root,
            "mode": report.mode,
            "lang": report.lang,
            "site_lang": report.site_lang,
            "date": report.date.isoformat(),
            "generated": report.generated,
            "dsfr_version": report.dsfr_version,
            "rgaa_version": report.rgaa_version,
        },
        "files_checked": report.files_checked,
        "pages_checked": report.pages_checked,
        "summary": {
            "errors": report.severity["error"],
            "warnings": report.severity["warning"],
            "infos": report.severity["info"],
            "by_rule": dict(sorted(by_rule.items())),
            "findings": report.total,
            "pages_with_findings": report.pages_with_findings,
            "criteria_checked": report.criteria_checked,
            "criteria_with_findings": report.criteria_with_findings,
            "no_criterion": report.no_criterion,
        },
        "criteria": [
            {
                "number": c.number,
                "title": c.title,
                "level": c.level,
                "theme": c.theme,
                "findings": c.findings,
                "pages": c.pages,
                "rules": c.rules,
                "rules_with_findings": c.rules_with_findings,
                **({"new": c.new} if report.baseline else {}),
            }
            for c in report.criteria
        ],
        "families": [
            {
                "family": f.family,
                "label": f.label,
                "findings": f.findings,
                "pages": f.pages,
                "rules": f.rules,
                "criteria": f.criteria,
                **({"new": f.new} if report.baseline else {}),
            }
            for f in report.families
        ],
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity,
                "summary": r.summary,
                "rgaa": r.rgaa,
                "wcag": r.wcag,
                "findings": r.findings,
                "pages": r.pages,
            }
            for r in report.rules
        ],
        "pages": [
            {
                "path": p.path,
                "url": p.url,
                "title": p.title,
                "kind": p.kind,
                "findings": p.total,
                **{s: n for s, n in p.counts.items()},
            }
            for p in report.pages
        ],
        "top_pages": [p.path for p in report.top_pages],
        "violations": [_item(it) for it in report.items],
    }
    if report.baseline:
        out["baseline"] = report.baseline
    if report.notes:
        out["notes"] = report.notes
    if report.errors:
        out["errors"] = report.errors
    if report.suppressed:
        out["suppressed"] = report.suppressed
    return out


def render(report: Report) -> str:
    return json.dumps(data(report), ensure_ascii=False, indent=2) + "\n"
