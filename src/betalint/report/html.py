"""The HTML report: one self-contained file (inline CSS, inline SVG charts, a few lines of
optional JavaScript), readable offline and without JavaScript, itself accessible.

Rendered with Jinja2 and autoescaping: the report quotes source lines full of HTML, and
every quoted text must stay text. Curly braces of quoted text are written as character
references too, so that the report holds no ``{{``/``{%`` a Liquid-aware tool (betalint
itself, or Jekyll if the file lands in a site) would take for template code.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from betalint.report.charts import Bar, bar_chart
from betalint.report.model import SEVERITIES, Report
from betalint.report.texts import Texts


class Verbatim(Markup):
    """Trusted text written as is (the style sheet and the script)."""


def _braces(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def _finalize(value: object) -> object:
    if isinstance(value, Verbatim):
        return value
    if isinstance(value, Markup):
        return Markup(_braces(str(value)))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return Markup(_braces(str(escape("" if value is None else value))))


_CODE = re.compile(r"`([^`]+)`")


def text_only(text: object) -> Markup:
    """Escaping for element content (never attributes): quotes stay quotes, which keeps
    reports of big sites, full of quoted HTML, about 10 % smaller."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(value)


def code_spans(text: object) -> Markup:
    """Catalogue texts mark code with backticks, as Markdown does (element content)."""
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(text_only(text))))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("betalint.report", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["code"] = code_spans
    env.filters["text"] = text_only
    return env


@cache
def _asset(name: str) -> Verbatim:
    loader = _environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(_environment(), name)
    return Verbatim(source.strip())


def render(report: Report) -> str:
    tx = Texts(report.lang)
    sev_bars = [Bar(tx.severity(s), report.severity[s], s) for s in SEVERITIES]
    fam_bars = [Bar(f.label, f.findings) for f in report.families]
    top_bars = [Bar(p.path, p.total) for p in report.top_pages]
    charts = {
        "severity_chart": bar_chart(
            sev_bars, chart_id="chart-severity", title=tx.t("report-chart-severity"), number=tx.num
        ),
        "family_chart": bar_chart(
            fam_bars, chart_id="chart-families", title=tx.t("report-chart-families"), number=tx.num
        ),
        "top_chart": bar_chart(
            top_bars,
            chart_id="chart-top",
            title=tx.t("report-chart-top"),
            number=tx.num,
            keep_end=True,
        ),
    }
    new_by_severity = {
        s: sum(1 for i in report.items if i.new and i.severity == s) for s in SEVERITIES
    }
    # Page titles are in the site's language: say so when the report speaks another one
    # (RGAA 8.7, changes of language).
    site_lang = (
        Verbatim(f' lang="{report.site_lang}"')
        if report.site_lang and report.site_lang != report.lang
        else Verbatim("")
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        r=report,
        t=tx.t,
        num=tx.num,
        kind=tx.kind,
        family=tx.family,
        date=tx.date(report.date),
        severities=SEVERITIES,
        new_by_severity=new_by_severity,
        site_lang=site_lang,
        css=_asset("report.css"),
        js=_asset("report.js"),
        **charts,
    )
