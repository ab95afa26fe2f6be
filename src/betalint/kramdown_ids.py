"""kramdown heading ids, exactly as Jekyll's kramdown computes them.

Reference: ``../shared/specs/jekyll.md`` §3 (vectors in §3.8, produced by real kramdown).

Under Jekyll's defaults (``input: GFM``) two id generators coexist in one document:

* the **GFM generator** (kramdown-parser-gfm) names every heading reachable from the
  document root without crossing an HTML element, from the heading's *plain text*:
  lowercase, keep only Unicode word characters, ``-``, space and tab, spaces and tabs become
  ``-``; duplicates get ``-1``, ``-2``… from a counter keyed by that result; an empty result
  gives **no id at all**;
* the **kramdown generator** (the HTML converter) names headings still without an id, i.e.
  those inside ``markdown="1"`` HTML blocks: ASCII letters, digits, spaces and ``-`` only,
  leading non-letters removed, empty → ``section``; it has its **own** duplicate counter.

With ``kramdown: {input: kramdown}`` only the second generator exists and it works on the
raw Markdown of the heading line. ``auto_ids`` and ``auto_id_prefix`` come from the site's
``kramdown:`` settings, overridden by ``{::options … /}`` anywhere in the document.

The plain text (§3.2) is extracted by a small kramdown-compatible inline pass
(:func:`plain_text`): escapes, code spans, math, entities, autolinks, inline HTML, links and
images, emphasis, and kramdown's typographic symbols (which is why ``a--b`` gives ``ab``).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from betalint.charsets import common, common_chars
from betalint.liquid import SENTINELS

# --- plain text (§3.2) ------------------------------------------------------------------

# kramdown-parser-gfm's escapable characters (a superset of kramdown's).
_ESCAPABLE = frozenset("\\.*_+`<>()[]{}#!:|\"'$=-~")
_AUTOLINK = re.compile(
    r"<((?:mailto|https?|ftps?):[^>\s]+?|[-.\w]+@[-\w]+(?:\.[-\w]+)*\.[a-z]+)>", re.I
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(
    r"""</?[A-Za-z][\w:-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>"""
)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TYPO = re.compile(r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>")
_NBSP = "\u00a0"
_TYPO_SUBST = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "\\<<": "<<",
    "\\>>": ">>",
    "<< ": "\u00ab" + _NBSP,
    " >>": _NBSP + "\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}


def _typographic(run: str) -> str:
    """kramdown's typographic symbols on a run of plain text."""
    if not ("-" in run or "." in run or "<" in run or ">" in run):
        return run
    return _TYPO.sub(lambda m: _TYPO_SUBST[m.group()], run)


def _bracket_end(s: str, start: int) -> int:
    """Index of the ``]`` closing the ``[`` at `start` (nesting and escapes), or -1."""
    depth = 0
    i = start
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":  # a code span hides brackets
            run = len(s) - len(s[i:].lstrip("`"))
            ticks = s[i : i + (run - i)] if run > i else "`"
            close = s.find(ticks, i + len(ticks))
            if close != -1:
                i = close + len(ticks)
                continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _paren_end(s: str, start: int) -> int:
    """Index of the ``)`` closing the ``(`` at `start` (balanced, ``<…>`` and quotes), or -1."""
    depth = 0
    i = start
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "<" and depth == 1 and s[start + 1 : i].strip() == "":
            close = s.find(">", i)
            if close != -1:
                i = close + 1
                continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _link_tail(s: str, pos: int) -> int:
    """After ``[text]`` ending before `pos`: end of a ``(url)`` or ``[ref]`` part, else `pos`."""
    if pos < len(s) and s[pos] == "(":
        end = _paren_end(s, pos)
        return end + 1 if end != -1 else -1
    if pos < len(s) and s[pos] == "[":
        end = _bracket_end(s, pos)
        return end + 1 if end != -1 else -1
    return pos


#: The characters :meth:`_Extractor.scan` looks at; any other is plain text.
_SPECIAL_CHARS = frozenset("\\`$<![&_*~")
_SPECIAL = re.compile("[" + re.escape("".join(sorted(_SPECIAL_CHARS))) + "]")


class _Extractor:
    """One left-to-right pass over inline Markdown, collecting the heading's plain text."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.run: list[str] = []  # plain text waiting for the typographic pass

    def flush(self) -> None:
        if self.run:
            self.out.append(_typographic("".join(self.run)))
            self.run = []

    def literal(self, text: str) -> None:
        """Text kramdown does not pass through the typographic rules."""
        self.flush()
        self.out.append(text)

    def scan(self, s: str) -> None:
        i = 0
        n = len(s)
        drop = _emphasis_underscores(s) if "_" in s else {}
        while i < n:
            c = s[i]
            if c not in _SPECIAL_CHARS:
                # plain text up to the next character that may start some syntax, at once
                m = _SPECIAL.search(s, i)
                j = n if m is None else m.start()
                self.run.append(s[i:j])
                i = j
                continue
            if c == "\\" and i + 1 < n and s[i + 1] in _ESCAPABLE:
                if s.startswith(("\\<<", "\\>>"), i):
                    self.run.append(s[i : i + 3])
                    i += 3
                    continue
                self.literal(s[i + 1])
                i += 2
                continue
            if c == "`":
                j = i
                while j < n and s[j] == "`":
                    j += 1
                ticks = s[i:j]
                close = s.find(ticks, j)
                while close != -1 and close + len(ticks) < n and s[close + len(ticks)] == "`":
                    close = s.find(ticks, close + len(ticks) + 1)
                if close == -1 or (
                    len(ticks) == 1 and (i == 0 or s[i - 1].isspace()) and j < n and s[j].isspace()
                ):
                    self.run.append(ticks)
                    i = j
                    continue
                code = s[j:close]
                if len(ticks) > 1:
                    if code[:1] == " ":
                        code = code[1:]
                    if code[-1:] == " ":
                        code = code[:-1]
                self.literal(code)
                i = close + len(ticks)
                continue
            if c == "$" and s.startswith("$$", i):
                close = s.find("$$", i + 2)
                if close != -1:
                    self.literal(s[i + 2 : close])
                    i = close + 2
                    continue
            if c == "<":
                m = _AUTOLINK.match(s, i)
                if m:
                    self.literal(m.group(1))
                    i = m.end()
                    continue
                m = _HTML_COMMENT.match(s, i)
                if m:
                    self.flush()
                    i = m.end()
                    continue
                m = _HTML_TAG.match(s, i)
                if m:
                    self.flush()  # an HTML element is a text boundary
                    i = m.end()
                    continue
            if c == "!" and s.startswith("![", i):
                end = _bracket_end(s, i + 1)
                if end != -1:
                    tail = _link_tail(s, end + 1)
                    if tail != -1 and tail != end + 1:
                        self.flush()
                        i = tail
                        continue
            if c == "[":
                end = _bracket_end(s, i)
                if end != -1:
                    if s.startswith("[^", i):
                        self.flush()  # footnote marker: contributes nothing
                        i = end + 1
                        continue
                    tail = _link_tail(s, end + 1)
                    if tail != -1 and tail != end + 1:
                        self.flush()
                        self.scan(s[i + 1 : end])  # the link text only
                        self.flush()
                        i = tail
                        continue
            if c == "&":
                m = _ENTITY.match(s, i)
                if m:
                    self.literal(html.unescape(m.group()))
                    i = m.end()
                    continue
            if c == "_":
                j = i
                while j < n and s[j] == "_":
                    j += 1
                if i in drop:
                    self.flush()  # an emphasis delimiter
                    self.run.append(s[i + drop[i] : j])
                else:
                    self.run.append(s[i:j])
                i = j
                continue
            if c == "*" or (c == "~" and s.startswith("~~", i)):
                self.flush()  # emphasis/strikethrough markers (deleted by both generators)
                i += 1
                continue
            self.run.append(c)
            i += 1
        self.flush()


def _emphasis_underscores(s: str) -> dict[int, int]:
    """Start index → count of the ``_`` characters that are emphasis delimiters.

    kramdown: a ``_`` run opens emphasis unless it sits between two alphanumerics or is
    followed by a space; it closes one when preceded by a non-space and not followed by an
    alphanumeric. An unmatched ``_`` is text (and ``_`` survives in GFM ids).
    """
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(s)
    while i < n:
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == "_":
            j = i
            while j < n and s[j] == "_":
                j += 1
            runs.append((i, j))
            i = j
            continue
        i += 1
    drop: dict[int, int] = {}
    used: set[int] = set()
    for a, (i, j) in enumerate(runs):
        if i in used:
            continue
        before = s[i - 1] if i > 0 else ""
        after = s[j] if j < n else ""
        if (before.isalnum() and after.isalnum()) or not after or after.isspace():
            continue
        for k, m in runs[a + 1 :]:
            if k in used:
                continue
            prev = s[k - 1]
            nxt = s[m] if m < n else ""
            if prev.isspace() or nxt.isalnum():
                continue
            count = min(j - i, m - k)
            drop[i] = count
            drop[k] = count
            used.update((i, k))
            break
    return drop


def plain_text(source: str) -> str:
    """The text kramdown derives a heading id from, given the heading's inline Markdown."""
    ex = _Extractor()
    ex.scan(source)
    return "".join(ex.out)


# --- the two generators -----------------------------------------------------------------


# Ruby's \p{Word}: Alphabetic, marks, decimal digits, connector punctuation (specs §3.7).
# PyPI's ``regex`` has these classes (``re`` has not): imported on first use, for text
# beyond betalint.charsets' common characters, which are classified by general category.
_GFM_KEPT = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Mn", "Mc", "Me", "Nd", "Pc"))
_GFM_DROP = {
    ord(c): None
    for c in common_chars()
    if c not in "- \t" and unicodedata.category(c) not in _GFM_KEPT
}


@functools.cache
def _gfm_delete() -> Any:
    import regex

    return regex.compile(r"[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\- \t]")


def gfm_base(text: str) -> str:
    """GFM id of a plain text, before duplicate suffixes and prefix (may be empty)."""
    # per character: no final-sigma rule (the one lowering that depends on the context)
    lowered = text.lower() if "\u03a3" not in text else "".join(c.lower() for c in text)
    quick = common(lowered)  # (no need of ``regex``)
    kept = lowered.translate(_GFM_DROP) if quick else _gfm_delete().sub("", lowered)
    return kept.replace(" ", "-").replace("\t", "-")


_LEADING_NON_LETTERS = re.compile(r"^[^a-zA-Z]+")
_KRAMDOWN_DELETE = re.compile(r"[^a-zA-Z0-9 -]")


def kramdown_base(text: str) -> str:
    """kramdown converter id of a text, before duplicate suffixes and prefix."""
    gen = _LEADING_NON_LETTERS.sub("", text)
    gen = _KRAMDOWN_DELETE.sub("", gen)
    return gen.replace(" ", "-").lower() or "section"


@dataclass(frozen=True, slots=True)
class IdOptions:
    """The kramdown options that shape heading ids."""

    auto_ids: bool = True
    prefix: str = ""
    gfm: bool = True  # input GFM (Jekyll's default) or kramdown


def _truthy(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return text not in ("false", "no", "off", "0", "nil", "null", "")


def id_options(
    site_kramdown: Mapping[str, Any] | None, doc_options: Mapping[str, Any]
) -> IdOptions:
    """Options from the site's ``kramdown:`` config, overridden by the document's options."""
    merged: dict[str, Any] = {}
    if isinstance(site_kramdown, Mapping):
        merged.update(site_kramdown)
    merged.update(doc_options)
    return IdOptions(
        auto_ids=_truthy(merged.get("auto_ids"), True),
        prefix=str(merged.get("auto_id_prefix") or ""),
        gfm=str(merged.get("input") or "GFM").lower() != "kramdown",
    )


class IdGenerator:
    """The per-document state of both generators (each with its own duplicate counter)."""

    def __init__(self, options: IdOptions | None = None) -> None:
        self.options = options or IdOptions()
        self._gfm_counter: dict[str, int] = {}
        self._kd_counter: dict[str, int] = {}

    def gfm(self, text: str) -> str | None:
        """Id from the GFM generator for a heading's plain text; None = no id attribute."""
        base = gfm_base(text)
        n = self._gfm_counter.get(base, -1) + 1
        self._gfm_counter[base] = n
        result = base + (f"-{n}" if n > 0 else "")
        result = self.options.prefix + result
        return result or None

    def kramdown(self, text: str) -> str:
        """Id from the kramdown (converter) generator."""
        base = kramdown_base(text)
        if base in self._kd_counter:
            self._kd_counter[base] += 1
            base = f"{base}-{self._kd_counter[base]}"
        else:
            self._kd_counter[base] = 0
        return self.options.prefix + base

    def heading(self, source: str, in_html_block: bool) -> str | None:
        """Id of one heading without explicit id, given its inline Markdown source."""
        if not self.options.auto_ids:
            return None
        if not self.options.gfm:
            return self.kramdown(source.strip())
        text = plain_text(source)
        return self.kramdown(text) if in_html_block else self.gfm(text)


#: Returned for a heading whose id depends on Liquid.
UNKNOWN = "\ue002unknown"


def heading_ids(doc: Any, site_kramdown: Mapping[str, Any] | None = None) -> list[str | None]:
    """The id of every heading of ``doc.headings``, in order.

    An explicit id is returned as is; a generated one as kramdown makes it; None when the
    heading gets no id; :data:`UNKNOWN` when the heading's text holds Liquid (its id, and
    possibly the suffixes of later duplicates, cannot be known before Jekyll runs).
    """
    gen = IdGenerator(id_options(site_kramdown, doc.options))
    out: list[str | None] = []
    for h in doc.headings:
        if h.explicit_id:
            out.append(h.explicit_id)
        elif h.dynamic or any(s in h.source for s in SENTINELS):
            out.append(UNKNOWN if gen.options.auto_ids else None)
        else:
            out.append(gen.heading(h.source, h.in_html_block))
    return out
