"""``betalint report``: the audit report an accessibility auditor can read and share.

:func:`betalint.report.model.build` turns a finished run into a :class:`Report` (every
number computed once); one renderer per format writes it: HTML (one self-contained file,
the default), Markdown, JSON and CSV (one row per finding).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from betalint.report.model import Report, build

FORMATS = ("html", "md", "json", "csv")
EXTENSIONS = {"html": "html", "md": "md", "json": "json", "csv": "csv"}
_MODULES = {"html": "html", "md": "markdown", "json": "json_report", "csv": "csv_report"}


def renderer(fmt: str) -> Callable[[Report], str]:
    return import_module(f"{__name__}.{_MODULES[fmt]}").render


def render(report: Report, fmt: str = "html") -> str:
    return renderer(fmt)(report)


__all__ = ["EXTENSIONS", "FORMATS", "Report", "build", "render", "renderer"]
