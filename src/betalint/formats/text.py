"""Text output for people, modelled on ruff's full output::

    _pages/demo.md:3:22: FM001 A value contains `: ` …
      |
    3 | title: Démonstration : en-têtes
      |                      ^ FM001
      |
      = help: Check indentation, quote values that contain `:` …

then notes and a summary line. ``concise`` keeps the first line of each finding only (one
line per finding, for editors' problem matchers and grep). Colour only when writing to a
terminal (and never when NO_COLOR is set).

The caret is placed by *display* width, not by character count: French text saved in
decomposed form (``e`` + combining accent), wide characters and tabs would otherwise put
it under the wrong letter.
"""

from __future__ import annotations

import unicodedata

from betalint.formats import formatter, summary_counts
from betalint.i18n import t

_COLOURS = {"error": "31", "warning": "33", "info": "36"}
_GUTTER = "34"  # blue, like ruff's
TAB = 4
MAX_WIDTH = 160  # longer source lines are cut around the column

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


def char_width(ch: str) -> int:
    """Terminal columns one character takes (0 for combining marks and invisible format
    characters, 2 for East Asian wide ones)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _expand(source: str) -> tuple[str, list[int]]:
    """Tabs expanded; and the display column where each character of ``source`` starts
    (one extra entry for the end of the line)."""
    out: list[str] = []
    starts: list[int] = []
    col = 0
    for ch in source:
        starts.append(col)
        if ch == "\t":
            step = TAB - col % TAB
            out.append(" " * step)
            col += step
        elif ch in "\r\n":
            continue
        else:
            out.append(ch)
            col += char_width(ch)
    starts.append(col)
    return "".join(out), starts


def caret_line(source: str, column: int) -> tuple[str, int]:
    """The source line to show (cut around ``column`` when very long) and the display
    offset of the caret in it."""
    index = min(max(column - 1, 0), len(source))
    shown, starts = _expand(source)
    offset = starts[index]
    if starts[-1] <= MAX_WIDTH:
        return shown, offset
    # Cut by characters, measured in display columns: keep ~60 columns before the caret.
    first = 0
    while first < index and offset - starts[first] > 60:
        first += 1
    last = first
    while last < len(source) and starts[last + 1] - starts[first] <= MAX_WIDTH - 10:
        last += 1
    piece, _ = _expand(source[first:last])
    prefix = "…" if first else ""
    suffix = "…" if last < len(source) else ""
    return prefix + piece + suffix, offset - starts[first] + len(prefix)


def _summary(result, lang: str) -> str:
    counts = summary_counts(result.violations)
    total = len(result.violations)
    files = t("n-files-checked", lang, n=result.files_checked)
    if total == 0:
        return t("clean", lang, files=files)
    details = [
        t("n-errors", lang, n=counts["errors"]),
        t("n-warnings", lang, n=counts["warnings"]),
    ]
    if counts["infos"]:
        details.append(t("n-infos", lang, n=counts["infos"]))
    return t(
        "summary",
        lang,
        problems=t("n-problems", lang, n=total),
        details=", ".join(details),
        files=files,
    )


def footer(result, lang: str) -> list[str]:
    """Notes, internal errors, summary, and what suppressions and the baseline hid: the
    lines every human-readable format ends with."""
    out: list[str] = list(result.notes)
    if result.errors:
        out.append(t("internal", lang, n=len(result.errors)))
        out.extend("  " + _visible(line) for e in result.errors for line in e.split("\n"))
    out.append(_summary(result, lang))
    if result.suppressed:
        out.append(t("suppressed", lang, n=result.suppressed))
    out.extend(baseline_lines(result, lang))
    return out


def baseline_lines(result, lang: str) -> list[str]:
    info = getattr(result, "baseline", None)
    if not info:
        return []
    out = []
    if info["matched"]:
        out.append(t("baseline-matched", lang, n=info["matched"], file=info["file"]))
    if info["fixed"]:
        out.append(t("baseline-fixed", lang, n=info["fixed"], file=info["file"]))
    return out


@formatter("text")
def render(result, *, colour: bool = False, concise: bool = False, **_: object) -> str:
    lang = result.lang
    out: list[str] = []
    for v in result.violations:
        sev = _COLOURS.get(v.severity, "0")
        loc = f"{_visible(v.path)}:{v.line}:{v.column}:"
        out.append(f"{_c(loc, '1', colour)} {_c(v.rule, sev, colour)} {_visible(v.message)}")
        if concise:
            continue
        num = str(v.line)
        pad = " " * len(num)
        bar = _c(f"{pad} |", _GUTTER, colour)
        if v.source_line.strip():
            shown, offset = caret_line(_visible(v.source_line), v.column)
            out.append(bar)
            out.append(f"{_c(f'{num} |', _GUTTER, colour)} {shown}")
            out.append(f"{bar} {' ' * offset}{_c('^ ' + v.rule, sev, colour)}")
            out.append(bar)
        if v.hint:
            eq = _c(f"{pad} =", _GUTTER, colour)
            out.append(f"{eq} {_c(t('fix', lang), '1', colour)}{v.hint}")
        out.append("")
    out.extend(footer(result, lang))
    return "\n".join(out) + "\n"


@formatter("concise")
def render_concise(result, **kw: object) -> str:
    kw["concise"] = True
    return render(result, **kw)
