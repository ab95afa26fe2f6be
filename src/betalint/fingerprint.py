"""What a finding points at: its *fingerprint*, the text baselines and SARIF identify it by
(see :mod:`betalint.baseline`). Kept out of the baseline module because every reported
finding needs its fingerprint, while the baselines are loaded only by runs that use one
(or write SARIF)."""

from __future__ import annotations

import re

# What a finding's column points at, tried in this order: an HTML tag; a Markdown link or
# image with its destination (inline or reference); a single token (a URL, a class name).
_ELEMENT = (
    re.compile(r"<[^<>]*>?"),
    re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])?"),
    re.compile(r"[^\s<>()\[\]\"'`]+"),
)


def element_text(line: str, col: int) -> str:
    """The offending element of a finding: what its 1-based column points at on its line.

    A finding at the start of its line (a heading, a front-matter key, a whole-line
    construct) is identified by the whole line; elsewhere by the tag, Markdown link or
    token that starts at the column, so that editing the same line elsewhere keeps the
    finding known. A column past the end of the line falls back to the line."""
    if col <= 1 or col > len(line):
        return line.strip()
    rest = line[col - 1 :]
    for pattern in _ELEMENT:
        m = pattern.match(rest)
        if m and m.group().strip():
            return m.group()
    return line.strip()
