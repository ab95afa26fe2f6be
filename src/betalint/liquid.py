"""Liquid masking and the few static resolutions betalint can do safely.

Liquid is never executed. Before Markdown or HTML is parsed, every Liquid construct is
replaced by characters of the same length, so that every offset, line and column computed
on the masked text is also right in the real file:

* ``{{ … }}`` (output) becomes a run of :data:`OUTPUT` characters: any attribute value, link
  or text holding one is *dynamic* (its value is unknown until Jekyll runs);
* ``{% … %}`` (tag) becomes a run of :data:`TAG` characters when it sits inside a line
  (a class list ``fr-btn {% if x %}fr-btn--lg{% endif %}`` keeps its static tokens), or
  spaces when the tag is alone on its line(s), so that Markdown sees the blank line
  Jekyll's output would leave. A tag that *writes* something (``include``, ``cycle``,
  ``link``, a plugin's tag: any tag not in :data:`SILENT_TAGS`) is output, not a
  separator: inside a line it becomes :data:`OUTPUT` (``fr-col-{% increment n %}`` is as
  dynamic as ``fr-col-{{ n }}``);
* ``{% highlight %}…{% endhighlight %}`` becomes :data:`OUTPUT` whole (newlines kept): it
  renders as a code block, so the markup inside is shown, never parsed as elements, and
  a ``# comment`` line inside is no Markdown heading;
* ``{% comment %}…{% endcomment %}`` and the markers of ``{% raw %}…{% endraw %}`` are
  blanked; text inside ``raw`` is kept as is (it is literal output, not Liquid).

Newlines are always kept. The private-use characters never occur in real content.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

OUTPUT = "\ue000"
TAG = "\ue001"
SENTINELS = OUTPUT + TAG

_OPEN = re.compile(r"\{\{|\{%")
_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
_END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_END_HIGHLIGHT = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")

#: Tags that write nothing themselves (control flow, variables): inside a class list they
#: only separate or select static pieces. Every other tag writes text where it stands.
SILENT_TAGS = frozenset(
    [
        "if",
        "elsif",
        "else",
        "endif",
        "unless",
        "endunless",
        "case",
        "when",
        "endcase",
        "for",
        "endfor",
        "break",
        "continue",
        "assign",
        "capture",
        "endcapture",
        "ifchanged",
        "endifchanged",
    ]
)


@dataclass(slots=True)
class LiquidTag:
    """A ``{% name args %}`` tag found while masking (includes, links, …)."""

    name: str
    markup: str  # the arguments, as written
    start: int  # offset of ``{%`` in the text
    end: int  # offset after ``%}``


@dataclass(slots=True)
class Masked:
    text: str
    tags: list[LiquidTag]
    unterminated: list[int]  # offsets of ``{{``/``{%`` never closed


def _blank(s: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in s)


def _fill(s: str, ch: str) -> str:
    return "".join("\n" if c == "\n" else ch for c in s)


def mask(text: str) -> Masked:
    """Mask Liquid in `text`, keeping length and newlines. See the module docstring."""
    if "{" not in text:
        return Masked(text, [], [])
    out: list[str] = []
    tags: list[LiquidTag] = []
    unterminated: list[int] = []
    pos = 0
    n = len(text)
    # Next ``}}`` / ``%}`` found so far: reused while still ahead, so a file full of
    # unterminated ``{{`` is not searched to its end once per opener (quadratic).
    closers = {"}}": (-1, 0), "%}": (-1, 0)}  # closer -> (searched from, found at)

    def find_close(closer: str, start: int) -> int:
        frm, at = closers[closer]
        if frm == -1 or start < frm or (at != -1 and at < start):
            at = text.find(closer, start)
            closers[closer] = (start, at)
        return at

    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        start = m.start()
        out.append(text[pos:start])
        if m.group() == "{{":
            end = find_close("}}", start + 2)
            if end == -1:
                unterminated.append(start)
                stop = text.find("\n", start)
                stop = n if stop == -1 else stop
                out.append(_fill(text[start:stop], OUTPUT))
                pos = stop
                continue
            end += 2
            out.append(_fill(text[start:end], OUTPUT))
            pos = end
            continue
        end = find_close("%}", start + 2)
        if end == -1:
            unterminated.append(start)
            stop = text.find("\n", start)
            stop = n if stop == -1 else stop
            out.append(_fill(text[start:stop], TAG))
            pos = stop
            continue
        end += 2
        name_m = _TAG_NAME.match(text, start)
        name = name_m.group(1) if name_m else ""
        if name == "raw":
            out.append(_blank(text[start:end]))
            close = _END_RAW.search(text, end)
            if close is None:
                unterminated.append(start)
                out.append(text[end:])
                break
            out.append(text[end : close.start()])
            out.append(_blank(close.group()))
            pos = close.end()
            continue
        if name == "comment":
            close = _END_COMMENT.search(text, end)
            stop = n if close is None else close.end()
            if close is None:
                unterminated.append(start)
            out.append(_blank(text[start:stop]))
            pos = stop
            continue
        markup = text[name_m.end() if name_m else start + 2 : end - 2].strip().rstrip("-").strip()
        tags.append(LiquidTag(name, markup, start, end))
        if name == "highlight":
            close = _END_HIGHLIGHT.search(text, end)
            if close is None:
                unterminated.append(start)
            stop = n if close is None else close.end()
            out.append(_fill(text[start:stop], OUTPUT))
            pos = stop
            continue
        # A tag alone on its line(s) renders to nothing: a blank line for Markdown.
        alone = _blank_to_line_edge(text, start, -1) and _blank_to_line_edge(text, end, 1)
        if alone:
            out.append(_blank(text[start:end]))
        else:
            out.append(_fill(text[start:end], TAG if name in SILENT_TAGS else OUTPUT))
        pos = end
    return Masked("".join(out), tags, unterminated)


def _blank_to_line_edge(text: str, pos: int, step: int) -> bool:
    """Whether only blanks lie between `pos` and the line's start (step -1) or end (the CR of
    a CRLF counts as blank).

    Walks the blanks only, not the whole line: a minified one-line file with thousands of
    tags must not cost a line scan per tag.
    """
    i = pos - 1 if step < 0 else pos
    n = len(text)
    blanks = " \t" if step < 0 else " \t\r"
    while 0 <= i < n and text[i] in blanks:
        i += step
    return i < 0 or i >= n or text[i] == "\n"


def has_liquid(value: str) -> bool:
    """True when a masked value holds any Liquid."""
    return OUTPUT in value or TAG in value


# --- static resolution ------------------------------------------------------------------

_SIMPLE_OUTPUT = re.compile(r"^\{\{-?\s*(.*?)\s*-?\}\}$", re.S)
_ANY_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_STRING = re.compile(r"""^(?:"([^"]*)"|'([^']*)')$""")


@dataclass(slots=True, frozen=True)
class LinkTag:
    """A ``{% link path %}`` or ``{% post_url name %}`` whose URL needs the site index."""

    kind: str  # "link" or "post_url"
    target: str  # the path or post name given to the tag
    suffix: str = ""  # text written right after the tag (``#fragment``, ``?query``)


class Dynamic(Exception):
    """The value depends on something betalint cannot know statically."""


def _site_value(name: str, site_vars: dict[str, Any]) -> str:
    if name.startswith("site."):
        key = name[5:]
        if key in ("baseurl", "url") and key in site_vars:
            value = site_vars[key]
            return "" if value is None else str(value)
    raise Dynamic(name)


def _eval_expr(expr: str, site_vars: dict[str, Any]) -> str:
    """Evaluate ``"literal" | filter: arg | …`` when every piece is a literal or site.url/baseurl."""
    parts = [p.strip() for p in expr.split("|")]
    head = parts[0]
    sm = _STRING.match(head)
    value = (
        (sm.group(1) if sm.group(1) is not None else sm.group(2))
        if sm
        else _site_value(head, site_vars)
    )
    for flt in parts[1:]:
        name, _, arg = flt.partition(":")
        name = name.strip()
        arg = arg.strip()
        if arg:
            am = _STRING.match(arg)
            arg_value = (
                (am.group(1) if am.group(1) is not None else am.group(2))
                if am
                else _site_value(arg, site_vars)
            )
        else:
            arg_value = ""
        if name == "relative_url":
            value = relative_url(value, site_vars)
        elif name == "absolute_url":
            value = absolute_url(value, site_vars)
        elif name == "prepend":
            value = arg_value + value
        elif name == "append":
            value = value + arg_value
        else:
            raise Dynamic(name)
    return value


def relative_url(value: str, site_vars: dict[str, Any]) -> str:
    """Jekyll's ``relative_url`` filter on a literal (normalisation left to the link checker)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return value
    base = str(site_vars.get("baseurl") or "").rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    if not value.startswith("/"):
        value = "/" + value
    return base + value


def absolute_url(value: str, site_vars: dict[str, Any]) -> str:
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return value
    return str(site_vars.get("url") or "").rstrip("/") + relative_url(value, site_vars)


def resolve(original: str, site_vars: dict[str, Any]) -> str | LinkTag | None:
    """Resolve an attribute value or link destination written with Liquid.

    Returns the static string when every Liquid piece is one betalint can evaluate
    (``site.baseurl``, ``site.url``, literal strings through ``relative_url``,
    ``absolute_url``, ``prepend``, ``append``), a :class:`LinkTag` for a value that is
    exactly one ``{% link %}``/``{% post_url %}`` (optionally followed by a fragment or
    query), or None when the value is dynamic.
    """
    if "{" not in original:
        return original
    stripped = original.strip()
    tm = re.match(r"^\{%-?\s*(link|post_url)\s+(.+?)\s*-?%\}(.*)$", stripped, re.S)
    if tm:
        target = tm.group(2).strip()
        rest = tm.group(3)
        if "{" in target or "{" in rest:
            return None
        return LinkTag(tm.group(1), target, rest)
    out: list[str] = []
    pos = 0
    for m in _ANY_LIQUID.finditer(original):
        out.append(original[pos : m.start()])
        piece = m.group()
        if piece.startswith("{%"):
            return None
        om = _SIMPLE_OUTPUT.match(piece)
        if not om:
            return None
        try:
            out.append(_eval_expr(om.group(1), site_vars))
        except (Dynamic, AttributeError):
            return None
        pos = m.end()
    out.append(original[pos:])
    result = "".join(out)
    if "{{" in result or "{%" in result:
        return None
    return result


# --- include tags -----------------------------------------------------------------------

_INCLUDE_PARAM = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")


@dataclass(slots=True)
class IncludeCall:
    """A parsed ``{% include file k=v %}``: file name (None when dynamic) and parameters."""

    file: str | None
    params: dict[str, str | None]  # None = the value is a variable, not a literal


def parse_include(markup: str) -> IncludeCall:
    """Parse the markup of an include tag. Variable file names give ``file=None``."""
    markup = markup.strip()
    if markup.startswith("{{"):
        end = markup.find("}}")
        rest = markup[end + 2 :] if end != -1 else ""
        file = None
    else:
        first, _, rest = markup.partition(" ")
        file = first
        if "=" in first:  # `{% include a.html k=v` without a space is not valid anyway
            file, rest = first.split("=", 1)[0], markup[len(first) :]
    params: dict[str, str | None] = {}
    for m in _INCLUDE_PARAM.finditer(rest):
        if m.group(2) is not None:
            params[m.group(1)] = m.group(2)
        elif m.group(3) is not None:
            params[m.group(1)] = m.group(3)
        else:
            params[m.group(1)] = None  # a variable
    return IncludeCall(file, params)


def split_args(markup: str) -> list[str]:
    """Shell-like split of tag arguments (quotes kept together); never raises."""
    try:
        return shlex.split(markup)
    except ValueError:
        return markup.split()
