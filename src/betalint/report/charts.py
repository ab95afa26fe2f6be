"""Inline SVG bar charts for the HTML report.

Each chart is an ``<svg role="img">`` named by its ``<title>`` (a short text alternative,
RGAA 1.1.5) and always followed, in the page, by a table holding the same values (its
detailed description, RGAA 1.6): the chart is a help to the eye, never the only way to
the data. Bars are labelled in text, so no information is given by colour alone (RGAA
3.1), and their colours have a contrast of at least 3:1 with the white background.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
LABEL_W = 300  # room for the labels, left of the bars
VALUE_W = 70  # room for the value, right of the longest bar
ROW_H = 30
BAR_H = 20
LABEL_CHARS = 40  # longer labels are cut (the table has them whole)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    tone: str = "default"  # default | error | warning | info: a CSS class of the report


def cut(text: str, keep_end: bool, limit: int = LABEL_CHARS) -> str:
    """A label that fits: paths keep their end (the file name), names their start."""
    if len(text) <= limit:
        return text
    return "…" + text[-(limit - 1) :] if keep_end else text[: limit - 1] + "…"


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, number=str, keep_end: bool = False
) -> Markup:
    """A horizontal bar chart. ``number`` formats the values (locale digits); labels too
    long are cut (see :func:`cut`)."""
    top = max((b.value for b in bars), default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W
    height = len(bars) * ROW_H + 8
    out = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for i, b in enumerate(bars):
        y = 4 + i * ROW_H
        w = 0 if b.value <= 0 else max(2, round(span * b.value / top))
        label = cut(b.label, keep_end)
        mid = y + ROW_H / 2
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 10}" y="{mid:.0f}" '
            f'text-anchor="end" dominant-baseline="central">{escape(label)}</text>'
        )
        out.append(
            f'<rect class="bar bar-{escape(b.tone)}" x="{LABEL_W}" '
            f'y="{y + (ROW_H - BAR_H) / 2:.0f}" width="{w}" height="{BAR_H}"/>'
        )
        out.append(
            f'<text class="chart-value" x="{LABEL_W + w + 8}" y="{mid:.0f}" '
            f'dominant-baseline="central">{escape(number(b.value))}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
