"""The report as CSV: one row per finding, for spreadsheets and trackers.

Columns have stable English names (the texts in the rows are in the report's language).
The file starts with a UTF-8 byte order mark so that spreadsheet programs open accented
text correctly; Python's ``utf-8-sig`` and most CSV readers skip it. A text cell starting
with ``=``, ``+``, ``-`` or ``@`` (a Markdown list line, say) gets a leading ``'`` so that
spreadsheets show it as text instead of evaluating it as a formula (OWASP's advice on CSV
injection); the JSON format keeps every text exactly.
"""

from __future__ import annotations

import csv
import io

from betalint.report.model import Report

COLUMNS = (
    "path",
    "url",
    "line",
    "column",
    "rule",
    "name",
    "family",
    "severity",
    "rgaa",
    "wcag",
    "message",
    "hint",
    "source",
    "new",
)


def _text(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(report: Report) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for it in report.items:
        writer.writerow(
            (
                it.path,
                it.url or "",
                it.line,
                it.column,
                it.rule,
                it.name,
                it.family,
                it.severity,
                " ".join(it.rgaa),
                " ".join(it.wcag),
                _text(it.message),
                _text(it.hint),
                _text(it.excerpt),
                "" if it.new is None else ("yes" if it.new else "no"),
            )
        )
    return buf.getvalue()
