"""Reading a source file the way Jekyll does: bytes, encoding, front matter.

Positions matter more than anything here: every line betalint reports must be a line of
the real file, front matter included. So the front matter is split off with the line
where the body starts, and YAML errors are mapped back to file lines.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

#: PyYAML's libyaml-based loader is ~10x faster than the pure Python one; both are safe
#: (no arbitrary object construction from tags).
SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

UTF8_BOM = b"\xef\xbb\xbf"
# Jekyll: a file has front matter iff its first line is three hyphens, optionally followed by
# whitespace (checked on raw bytes, so a BOM defeats it). Ruby's `\s` spans newlines, so
# blank lines right after the opening fence are still part of the fence match.
_FM_START = re.compile(r"---\s*?\n")
# The closing line: `---` or `...`, optional trailing whitespace.
_FM_END = re.compile(r"^(?:---|\.\.\.)[ \t\f\v]*\r?$", re.M)
# A CR not followed by LF: an old Mac line end (or a stray one in a CRLF file).
_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass(slots=True)
class ReadProblem:
    """Why a file could not be turned into text (becomes BL001)."""

    reason: str  # key of a BL001 message variant
    line: int = 1
    column: int = 1
    detail: str = ""


@dataclass(slots=True)
class FrontMatterProblem:
    """Why the front matter could not be used (becomes FM001)."""

    reason: str  # key of an FM001 message variant
    line: int
    column: int = 1
    detail: str = ""


@dataclass(slots=True)
class Source:
    """The text of one file, split as Jekyll splits it."""

    text: str  # whole file decoded, BOM removed, line endings kept (a lone CR becomes LF)
    has_front_matter: bool = False
    front_matter: dict[str, Any] | None = None  # None when absent or unusable
    fm_text: str = ""  # the YAML between the fences
    fm_first_line: int = 2  # file line of the first YAML line
    body: str = ""  # text after the closing fence
    body_line: int = 1  # file line where the body starts
    body_offset: int = 0  # character offset of the body in `text`
    bom: bool = False
    fm_problem: FrontMatterProblem | None = None
    #: False when the loader saw each top-level key once: no duplicate to look for
    fm_repeats: bool = True
    #: File line of each top-level key as the loader composed them (first one of a key
    #: written twice); None when the front matter took PyYAML's own path
    fm_key_lines: dict[str, int] | None = None
    _fm_nodes: Any = field(default=None, repr=False)

    def key_line(self, *path: str | int) -> int | None:
        """File line of a front-matter key (or list item), for messages that name a key.

        The YAML is composed again only when a rule asks, so the common path (no finding on
        front matter) pays nothing for it.
        """
        if not self.fm_text:
            return None
        if self._fm_nodes is None:
            try:
                self._fm_nodes = yaml.compose(self.fm_text, Loader=SafeLoader) or False
            except yaml.YAMLError:
                self._fm_nodes = False
        node = self._fm_nodes
        line = None
        for key in path:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                        line = self._fm_line(k.start_mark)
                        node = v
                        break
                else:
                    return None
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    return None
                node = node.value[key]
                line = self._fm_line(node.start_mark)
            else:
                return None
        return None if line is None else self.fm_first_line + line

    def _fm_line(self, mark: Any) -> int:
        """0-based line of a YAML mark within the front matter, counted on LF.

        From the character index, not YAML's own line: YAML also breaks lines at NEL,
        U+2028 and U+2029, which are not line ends for the file (nor for editors).
        """
        return self.fm_text.count("\n", 0, min(mark.index, len(self.fm_text)))


def decode(data: bytes) -> tuple[str | None, bool, ReadProblem | None]:
    """Decode file bytes as UTF-8 (what Jekyll expects). Returns (text, had_bom, problem)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, False, ReadProblem("utf16")
    # Anywhere in the file, not only near the start: a NUL in a page is an accident
    # (a binary glued to text, a bad export) that the parsers would carry along silently.
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        return None, False, ReadProblem("binary", line=line)
    bom = data.startswith(UTF8_BOM)
    raw = data[3:] if bom else data
    try:
        return raw.decode("utf-8"), bom, None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[col_start : exc.start].decode("utf-8", "replace")) + 1
        return (
            None,
            bom,
            ReadProblem("encoding", line=line, column=col, detail=f"0x{raw[exc.start]:02X}"),
        )


#: Most values a front matter may hold once YAML aliases are expanded. PyYAML builds aliases
#: as shared references, so loading a "billion laughs" document is cheap, but any walk over
#: it (schemas, JSON output, cache) would be exponential: it is refused past this budget.
MAX_FRONT_MATTER_VALUES = 100_000
MAX_FRONT_MATTER_DEPTH = 64


def _plain(value: Any, budget: list[int], depth: int = 0) -> Any:
    """Make loaded YAML JSON-friendly and picklable: dates become ISO strings, keys strings.

    Raises _TooBig past MAX_FRONT_MATTER_VALUES values or MAX_FRONT_MATTER_DEPTH levels.
    """
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_FRONT_MATTER_DEPTH:
        raise _TooBig
    if isinstance(value, dict):
        return {
            k if isinstance(k, str) else _key(k): _plain(v, budget, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_plain(v, budget, depth + 1) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if isinstance(value, set):
        return sorted(str(v) for v in value)
    return value


def _key(k: Any) -> str:
    if isinstance(k, (_dt.date, _dt.datetime)):
        return k.isoformat()
    return str(k)


class _TooBig(Exception):
    pass


class YamlTooBig(ValueError):
    """A YAML document expands past the value budget (alias bomb) or the depth limit."""


def load_yaml(text: str) -> Any:
    """Load a YAML file betalint reads besides front matter (``_config.yml``, data files).

    Safe loader, then the same budget as front matter: plain values (dates as ISO strings,
    string keys), at most MAX_FRONT_MATTER_VALUES values once aliases are expanded and
    MAX_FRONT_MATTER_DEPTH levels, so that no later walk (defaults merging, ``str()`` of a
    list) can be exponential or endless on an alias bomb or a self-referencing alias.
    Raises yaml.YAMLError (invalid YAML), YamlTooBig, or ValueError (a value YAML's
    constructors reject, such as the date 2020-13-45).
    """
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError:
        raise
    except Exception as exc:  # ValueError, AttributeError… from constructors
        raise ValueError((str(exc).splitlines() or [type(exc).__name__])[0][:200]) from exc
    try:
        return _plain(data, [MAX_FRONT_MATTER_VALUES])
    except (_TooBig, RecursionError):
        raise YamlTooBig(
            f"expands to more than {MAX_FRONT_MATTER_VALUES} values or "
            f"{MAX_FRONT_MATTER_DEPTH} levels (YAML aliases?)"
        ) from None


# --- fast construction ------------------------------------------------------------------
#
# libyaml parses and composes in C, but PyYAML builds Python values from the nodes in
# Python, and resolving each plain scalar's type calls back into Python too: together they
# cost more than parsing. Front matter is nearly all strings, lists and mappings, so those
# are built here directly from the composed nodes — into the plain form :func:`_plain`
# gives (dates as ISO strings, keys as strings), with the same limits against alias bombs
# and nesting — and every other tag is left to PyYAML's own constructor, then made plain.

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE_TAGS = frozenset(("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"))
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
}

try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML without libyaml: its own loader, then _plain
    _CParser = None


if _CParser is not None:

    class _FastLoader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc,valid-type]
        """libyaml's parser with the safe constructor and a quicker scalar resolver."""

        _implicit = yaml.resolver.Resolver.yaml_implicit_resolvers
        # The composer tells the path resolvers about every node it enters and leaves; the
        # safe schema has none (Resolver's own methods then return at once), so builtins
        # that do nothing take the calls: a Python call per node, twice, was a tenth of
        # loading a front matter. (Neither is a descriptor: called with the composer's
        # arguments only.) Should a path resolver ever be registered, Resolver's stay.
        if not yaml.resolver.Resolver.yaml_path_resolvers:
            descend_resolver = {}.get  # (node, index) -> index, unused
            ascend_resolver = tuple  # () -> (), unused

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
            # Resolver.resolve without its generic path: no path resolvers, no wildcard
            # implicit resolvers in the safe schema (the same answers, much quicker).
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    tag = _RESOLVED.get(value)
                    if tag is None:
                        tag = _STR
                        for t, regexp in self._implicit.get(value[0] if value else "", ()):
                            if regexp.match(value):
                                tag = t
                                break
                        if len(value) <= _RESOLVED_LEN and len(_RESOLVED) < _RESOLVED_MAX:
                            _RESOLVED[value] = tag
                    return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

    #: Plain scalar → its tag, for short ones: the same keys (``title``, ``layout``…) and
    #: values (``true``, dates, layout names) come back in every file of a site, and the
    #: answer depends on the text alone.
    _RESOLVED: dict[str, str] = {}
    _RESOLVED_LEN = 64
    _RESOLVED_MAX = 50_000


#: A timestamp's text → its ISO form (the value depends on the text alone).
_ISO_DATES: dict[str, str] = {}
_ISO_DATES_MAX = 50_000


def _build(loader: Any, node: Any, budget: list[int], depth: int) -> Any:
    """The plain value of a composed node (what ``_plain(construct(node))`` gives)."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_FRONT_MATTER_DEPTH:
        raise _TooBig
    cls = node.__class__
    tag = node.tag
    if cls is yaml.ScalarNode:
        if tag == _STR:
            return node.value
        fn = _SCALAR_TAGS.get(tag)
        if fn is not None:
            return fn(loader, node)
        if tag == _TIMESTAMP:
            # the same dates come back across a site (four in five, on beta.gouv.fr), and
            # PyYAML's constructor, in Python, is the dearest part of a front matter
            iso = _ISO_DATES.get(node.value)
            if iso is None:
                iso = loader.construct_yaml_timestamp(node).isoformat()
                if len(_ISO_DATES) < _ISO_DATES_MAX:
                    _ISO_DATES[node.value] = iso
            return iso
    elif cls is yaml.SequenceNode:
        if tag == _SEQ:
            return [_build(loader, child, budget, depth + 1) for child in node.value]
    elif cls is yaml.MappingNode and tag == _MAP:
        pairs = node.value
        for key_node, _v in pairs:
            if key_node.tag in _MERGE_TAGS:
                loader.flatten_mapping(node)  # `<<` merge keys, as PyYAML does
                pairs = node.value
                break
        out: dict[Any, Any] = {}
        plain_keys = True
        for key_node, value_node in pairs:
            if key_node.__class__ is yaml.ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, Hashable):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "found unhashable key",
                        key_node.start_mark,
                    )
                plain_keys = plain_keys and isinstance(key, str)
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                # most values: what _build gives them, without a call
                budget[0] -= 1
                if budget[0] < 0 or depth >= MAX_FRONT_MATTER_DEPTH:
                    raise _TooBig
                out[key] = value_node.value
            else:
                out[key] = _build(loader, value_node, budget, depth + 1)
        if plain_keys:
            return out
        return {k if isinstance(k, str) else _key(k): v for k, v in out.items()}
    # sets, ordered maps, binary, unknown tags…: PyYAML's own constructors (and errors)
    budget[0] += 1
    return _plain(loader.construct_object(node, deep=True), budget, depth)


_SLOW = object()


def _load_fast(
    text: str, repeats: list[bool] | None = None, key_lines: dict[str, int] | None = None
) -> Any:
    """The front matter as plain data when it is a mapping (None: empty document), or
    _SLOW when anything is unusual — another root, an error, a limit reached: then the
    caller takes PyYAML's own path, whose outcome (and error message) is the reference.
    `repeats` gets whether the root mapping wrote some key more than once (or merged
    others in): only then is there a duplicate key to report."""
    if _CParser is None:
        return _SLOW
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if node.__class__ is not yaml.MappingNode or node.tag != _MAP:
            return _SLOW
        if key_lines is not None:
            # 0-based lines counted on LF from the marks' character index, as
            # Source._fm_line does (YAML's own line also breaks at NEL, U+2028, U+2029),
            # as the keys go, before merge keys are flattened. Only keys written at the
            # start of a line as themselves (plain or quoted): not `? key`, `&anchor key`
            # or an alias, whose marks are elsewhere.
            line, counted = 0, 0
            for key_node, _value in node.value:
                if key_node.__class__ is not yaml.ScalarNode:
                    continue
                at = key_node.start_mark.index
                if at > len(text) or (at and text[at - 1] != "\n"):
                    continue
                if not key_node.style:  # plain (libyaml says "", PyYAML None)
                    if not text.startswith(key_node.value, at):
                        continue
                elif key_node.style not in ("'", '"'):
                    continue
                if at >= counted:
                    line += text.count("\n", counted, at)
                    counted = at
                    key_lines.setdefault(key_node.value, line)
                else:  # (not in order: counted from the top)
                    key_lines.setdefault(key_node.value, text.count("\n", 0, at))
        data = _build(loader, node, [MAX_FRONT_MATTER_VALUES], 0)
        if repeats is not None:
            repeats[:] = [len(node.value) != len(data)]
        return data
    except Exception:
        return _SLOW
    finally:
        loader.dispose()


def load_mapping(text: str) -> Any:
    """A YAML document read safely, quickly when it is a mapping (then plain data as
    :func:`_plain` gives: dates as ISO strings); otherwise ``yaml.load``'s own value or
    error. For betalint's own data files (the catalogue…)."""
    fast = _load_fast(text)
    if fast is not _SLOW:
        return fast
    return yaml.load(text, Loader=SafeLoader)


def parse_front_matter(src: Source) -> None:
    """Split and load the front matter of `src` in place, Jekyll's way."""
    text = src.text
    if src.bom and text.startswith("---"):
        # Jekyll checks raw bytes: the BOM hides the front matter and the file is copied as is.
        src.fm_problem = FrontMatterProblem("bom", line=1)
        src.body = text
        return
    m = _FM_START.match(text) if text.startswith("---") else None
    if not m or text[3 : m.end()].strip():
        src.body = text
        return
    src.has_front_matter = True
    first_nl = text.index("\n") + 1
    end = _FM_END.search(text, first_nl)
    if end is None:
        src.fm_problem = FrontMatterProblem("unclosed", line=1)
        src.body = text
        src.front_matter = None
        return
    src.fm_text = text[first_nl : end.start()]
    src.fm_first_line = 2
    after = end.end()
    if after < len(text) and text[after] == "\n":
        after += 1
    src.body_offset = after
    src.body = text[after:]
    src.body_line = text.count("\n", 0, after) + 1
    if not src.fm_text.strip():
        src.front_matter = {}
        return
    repeats = [True]
    key_lines: dict[str, int] = {}
    fast = _load_fast(src.fm_text, repeats, key_lines)
    if fast is not _SLOW:
        src.front_matter = {} if fast is None else fast
        src.fm_repeats = repeats[0]
        first = src.fm_first_line
        src.fm_key_lines = {key: first + line for key, line in key_lines.items()}
        return
    try:
        data = yaml.load(src.fm_text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = src.fm_first_line, 1
        if mark is not None:  # from the index: see Source._fm_line
            at = first_nl + min(mark.index, len(src.fm_text))
            line = text.count("\n", 0, at) + 1
            col = at - text.rfind("\n", 0, at)
        problem = (exc.problem or str(exc)).strip()
        if isinstance(exc, yaml.constructor.ConstructorError):
            reason = "tag"
            # The tag as the editor wrote it, not PyYAML's English sentence around it.
            tag = re.search(r"for the tag '([^']*)'", problem)
            if tag:
                problem = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        else:
            reason = _yaml_reason(problem, exc.context or "")
        src.fm_problem = FrontMatterProblem(reason, line=line, column=col, detail=problem)
        return
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (control characters)
        index = exc.position
        if SafeLoader is not yaml.SafeLoader:  # libyaml counts this position in bytes
            index = len(src.fm_text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        at = first_nl + min(index, len(src.fm_text))
        line = text.count("\n", 0, at) + 1
        col = at - text.rfind("\n", 0, at)
        char = exc.character
        detail = f"#x{char:04x}: {exc.reason}" if isinstance(char, int) else str(exc.reason)
        src.fm_problem = FrontMatterProblem("yaml", line=line, column=col, detail=detail)
        return
    except Exception as exc:  # constructors raise ValueError, AttributeError… on odd values
        detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        src.fm_problem = FrontMatterProblem("yaml", line=2, detail=detail)
        return
    if data is None:
        src.front_matter = {}
        return
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else "scalar"
        src.fm_problem = FrontMatterProblem("not-mapping", line=2, detail=kind)
        return
    try:
        src.front_matter = _plain(data, [MAX_FRONT_MATTER_VALUES])
    except (_TooBig, RecursionError):
        src.fm_problem = FrontMatterProblem("too-big", line=2, detail=str(MAX_FRONT_MATTER_VALUES))


# PyYAML's wording → an explanation an editor can act on (message variants of FM001).
_YAML_REASONS = (
    ("mapping values are not allowed", "yaml-colon"),
    ("found character '\\t'", "yaml-tab"),
    ("found unexpected end of stream", "yaml-quote"),
    ("while scanning a quoted scalar", "yaml-quote"),
    ("expected <block end>", "yaml-indent"),
    ("did not find expected key", "yaml-indent"),
    ("could not find expected ':'", "yaml-missing-colon"),
    ("found undefined alias", "yaml-alias"),
)


def _yaml_reason(problem: str, context: str) -> str:
    text = f"{context} {problem}"
    for needle, reason in _YAML_REASONS:
        if needle in text:
            return reason
    return "yaml"


_TOP_KEY = re.compile(r"^([^\s#'\"\-?:][^:#]*?|'[^']*'|\"[^\"]*\")[ \t]*:(?:[ \t]|$)", re.M)


def fm_matches(src: Source, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], int]]:
    """Each match of `pattern` in the front matter of `src`, with the file line it starts
    on (newlines counted as the matches go, not again from the top for each)."""
    text = src.fm_text
    line, counted = src.fm_first_line, 0
    for m in pattern.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        yield m, line


def duplicate_keys(src: Source) -> list[tuple[str, int, int]]:
    """Top-level keys written twice: (key, line of the repeat, line of the first).

    YAML loaders keep the last value silently, so the first one is dead text that an editor
    believes is in effect (beta.gouv.fr had two `permalink:` lines in a page).
    """
    if not src.fm_text or src.front_matter is None or not src.fm_repeats:
        return []
    seen: dict[str, int] = {}
    out: list[tuple[str, int, int]] = []
    for m, line in fm_matches(src, _TOP_KEY):
        key = m.group(1).strip().strip("'\"")
        if key in seen:
            out.append((key, line, seen[key]))
        else:
            seen[key] = line
    return out


def load_source(data: bytes) -> tuple[Source | None, ReadProblem | None]:
    """Decode bytes and split front matter. Returns (source, read problem)."""
    text, bom, problem = decode(data)
    if text is None:
        return None, problem
    hidden_by_cr = False
    if "\r" in text and _LONE_CR.search(text):
        # A lone CR ends a line for YAML, kramdown, markdown-it and browsers, but not for
        # the line counts here: it becomes LF (same length, so offsets hold). Jekyll looks
        # for the front matter in the raw text, where a `---` line ended by CR is no fence.
        lf = _LONE_CR.sub("\n", text)
        hidden_by_cr = text.startswith("---") and not _FM_START.match(text)
        hidden_by_cr = hidden_by_cr and bool(_FM_START.match(lf))
        text = lf
    src = Source(text=text, bom=bom)
    if hidden_by_cr and not bom:
        src.fm_problem = FrontMatterProblem("cr", line=1)
        src.body = text
    else:
        parse_front_matter(src)
    return src, None
