"""Inline suppression comments, and BL002 for the ones that suppress nothing.

Written as HTML comments so they work the same in Markdown and HTML::

    <!-- betalint-disable-next-line ALT002 -->
    <!-- betalint-disable ALT002 alt-generic -->  …  <!-- betalint-enable ALT002 -->
    <!-- betalint-disable-file LNK001 -->

Codes, prefixes or rule names; no code means every rule. A directive (or one of its codes)
that ends up suppressing nothing is reported as BL002, like ruff's unused ``noqa``, so that
suppressions do not outlive the problem they hid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from betalint.catalogue import resolve_selector

_DIRECTIVE = re.compile(
    r"<!--\s*betalint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", re.S
)


@dataclass
class Directive:
    kind: str  # disable-next-line | disable-file | disable | enable
    selectors: list[str]  # as written
    codes: set[str] | None  # None = all rules
    line: int
    col: int
    end_line: int  # line where the comment ends
    unknown: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # codes it suppressed ("*" for all)


@dataclass
class Suppressions:
    directives: list[Directive]
    # ranges: (code set or None, first line, last line, directive index)
    ranges: list[tuple[set[str] | None, int, int, int]]

    def match(self, code: str, line: int) -> Directive | None:
        """The directive suppressing `code` at `line`, if any (and mark it used)."""
        for codes, first, last, di in self.ranges:
            if first <= line <= last and (codes is None or code in codes):
                d = self.directives[di]
                d.used.add(code if codes is not None else "*")
                return d
        return None


def parse_suppressions(text: str, position) -> Suppressions:
    """Find directives in `text`; `position(offset)` gives (line, col)."""
    if "betalint-" not in text:
        return Suppressions([], [])
    directives: list[Directive] = []
    for m in _DIRECTIVE.finditer(text):
        line, col = position(m.start())
        end_line, _ = position(m.end())
        selectors = [s for s in re.split(r"[\s,]+", m.group(2).strip()) if s]
        codes: set[str] | None = None
        unknown: list[str] = []
        if selectors:
            codes = set()
            for sel in selectors:
                try:
                    codes.update(resolve_selector(sel))
                except KeyError:
                    unknown.append(sel)
        directives.append(Directive(m.group(1), selectors, codes, line, col, end_line, unknown))
    total_lines = text.count("\n") + 1
    ranges: list[tuple[set[str] | None, int, int, int]] = []
    for i, d in enumerate(directives):
        if d.kind == "disable-next-line":
            ranges.append((d.codes, d.end_line + 1, d.end_line + 1, i))
        elif d.kind == "disable-file":
            ranges.append((d.codes, 1, total_lines, i))
        elif d.kind == "disable":
            last = total_lines
            for e in directives[i + 1 :]:
                if e.kind == "enable" and (
                    e.codes is None or d.codes is None or (d.codes & e.codes)
                ):
                    last = e.line
                    break
            ranges.append((d.codes, d.line, last, i))
    return Suppressions(directives, ranges)


def unused(supp: Suppressions, enabled: set[str]) -> list[tuple[Directive, str]]:
    """(directive, what) pairs for BL002: unknown codes and codes that suppressed nothing.

    Codes of rules not enabled in this run are not judged: nobody knows if they would fire.
    """
    out: list[tuple[Directive, str]] = []
    for d in supp.directives:
        if d.kind == "enable":
            continue
        for sel in d.unknown:
            out.append((d, sel))
        if d.codes is None:
            if not d.used:
                out.append((d, "*"))
            continue
        # report per selector as written, when none of its codes was used
        for sel in d.selectors:
            if sel in d.unknown:
                continue
            codes = set(resolve_selector(sel))
            judged = codes & enabled
            if judged and not (codes & d.used):
                out.append((d, sel))
    return out
