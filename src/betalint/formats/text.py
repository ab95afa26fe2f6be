"""Text output for people: ``path:line:col: CODE message``, then (full mode) the source
line with a caret under the column and a one-line fix hint, then a summary line.
Colour only when writing to a terminal (and never when NO_COLOR is set)."""

from __future__ import annotations

from betalint.formats import formatter, summary_counts
from betalint.i18n import t

_COLOURS = {"error": "31", "warning": "33", "info": "36"}

# Control characters from file names and contents must not reach the terminal (an escape
# sequence in a page could rewrite the screen; a newline in a file name would break the
# path:line:col format): C0 controls become their Unicode control pictures (one column
# each, so carets stay aligned), DEL, C1 controls and bidi overrides become U+FFFD.
_VISIBLE = {c: 0x2400 + c for c in range(32) if c != 9} | {0x7F: 0x2421}
_VISIBLE |= {
    c: 0xFFFD for c in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def _visible(text: str) -> str:
    return text.translate(_VISIBLE)


def _c(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _caret_line(source: str, column: int) -> tuple[str, str]:
    """The source line (tabs expanded) and a caret line pointing at `column`."""
    before = source[: column - 1]
    width = len(before.expandtabs(4))
    shown = source.expandtabs(4)
    if len(shown) > 160:
        start = max(0, width - 60)
        shown = ("…" if start else "") + shown[start : start + 150] + "…"
        width = width - start + (1 if start else 0)
    return shown, " " * width + "^"


def _summary(result, lang: str) -> str:
    counts = summary_counts(result.violations)
    total = len(result.violations)
    if total == 0:
        return t("clean", lang, files=result.files_checked)
    return t(
        "summary",
        lang,
        total=total,
        errors=counts["errors"],
        warnings=counts["warnings"],
        infos=counts["infos"],
        files=result.files_checked,
    )


@formatter("text")
def render(result, *, colour: bool = False, concise: bool = False, **_: object) -> str:
    lang = result.lang
    out: list[str] = []
    for v in result.violations:
        loc = f"{_visible(v.path)}:{v.line}:{v.column}:"
        code = _c(v.rule, _COLOURS.get(v.severity, "0"), colour)
        out.append(f"{_c(loc, '1', colour)} {code} {_visible(v.message)}")
        if concise:
            continue
        if v.source_line.strip():
            shown, caret = _caret_line(_visible(v.source_line), v.column)
            out.append(f"    {shown}")
            out.append(f"    {_c(caret, _COLOURS.get(v.severity, '0'), colour)}")
        if v.hint:
            out.append(f"    {_c(t('fix', lang) + ':', '2', colour)} {v.hint}")
        out.append("")
    if result.notes:
        out.extend(result.notes)
    if result.errors:
        out.append(t("internal", lang, count=len(result.errors)))
        out.extend("  " + _visible(line) for e in result.errors for line in e.split("\n"))
    out.append(_summary(result, lang))
    if result.suppressed:
        out.append(t("suppressed", lang, count=result.suppressed))
    return "\n".join(out) + "\n"


@formatter("concise")
def render_concise(result, **kw: object) -> str:
    kw["concise"] = True
    return render(result, **kw)
