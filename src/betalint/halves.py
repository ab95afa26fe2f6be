"""Site halves as the cache stores them: each file's summary and collected data, pickled
so that a run can leave unread what its site checks do not read.

A run restricted to a few files (the pre-commit hook, an editor's local edit: see
``engine._local_edits``) needs the site halves of every file — a link may point anywhere —
but its site checks read few of them: the pages the edited ones link to, the layouts and
includes they use. Unpickling all 4,400 summaries and collections of the real corpus took
0.06-0.1 s of such a run. Here, a summary's front matter (two thirds of its bytes) and each
collector's data are pickled apart, and a run that does not hand the results to its caller
gets mappings that unpickle them when first read.
"""

from __future__ import annotations

import io
import operator
import pickle
from collections.abc import Callable, Iterator, Mapping
from typing import Any

PROTOCOL = pickle.HIGHEST_PROTOCOL
_FM = "front_matter"


def canonical(value: Any) -> bytes:
    """A pickle that depends on the value only: without pickle's memo, two equal values
    give the same bytes whichever objects they share (the digest of a summary keys the URL
    index). Summaries are trees (YAML aliases are expanded), so nothing is lost."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, PROTOCOL)
    pickler.fast = True  # no memo
    pickler.dump(value)
    return buf.getvalue()


def encode_summary(summary: dict[str, Any]) -> bytes:
    """The summary without its front matter (a placeholder keeps the key's place), the
    front matter's own canonical pickle (None: the summary has no such key), and its
    ``permalink`` — every run that runs site checks reads it of every file
    (``engine._uses_clock``)."""
    if _FM not in summary:
        return canonical((summary, None, None))
    small = {k: (None if k == _FM else v) for k, v in summary.items()}
    fm = summary[_FM]
    return canonical((small, canonical(fm), _permalink(fm)))


def _permalink(fm: Any) -> str | None:
    value = fm.get("permalink") if isinstance(fm, dict) else None
    return value if isinstance(value, str) else None


def permalink_of(summary: Mapping[str, Any]) -> str | None:
    """The front matter's ``permalink`` when it is a string, without unpickling a lazy
    summary's front matter."""
    if isinstance(summary, LazySummary) and summary._fm is not None:
        return summary._permalink
    return _permalink(summary.get(_FM))


def encode_collected(collected: dict[str, Any]) -> bytes:
    """Collector name → the pickle of its data for the file."""
    return pickle.dumps({n: pickle.dumps(v, PROTOCOL) for n, v in collected.items()}, PROTOCOL)


def decode_summary(blob: bytes, lazy: bool) -> Mapping[str, Any]:
    small, fm, permalink = pickle.loads(blob)
    if lazy and fm is not None:
        return LazySummary(small, fm, permalink)
    if fm is not None:
        small[_FM] = pickle.loads(fm)
    return small


def decode_collected(blob: bytes, lazy: bool) -> Mapping[str, Any]:
    blobs = pickle.loads(blob)
    if lazy:
        return lazy_collected(blobs)
    return {n: pickle.loads(b) for n, b in blobs.items()}


class LazySummary(Mapping[str, Any]):
    """A summary whose front matter is unpickled when first read."""

    __slots__ = ("_data", "_fm", "_permalink")

    def __init__(self, small: dict[str, Any], fm: bytes, permalink: str | None) -> None:
        self._data = small
        self._fm: bytes | None = fm
        self._permalink = permalink

    def __getitem__(self, key: str) -> Any:
        if key == _FM and self._fm is not None:
            self._data[_FM] = pickle.loads(self._fm)
            self._fm = None
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._data else default

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class LazyMap(Mapping[str, Any]):
    """A mapping whose value for a key is made from its source when first read (and
    kept): a file's collected data (``read`` unpickles), a collector's column (``read``
    takes that collector's data from each file's)."""

    __slots__ = ("_read", "_sources", "_values")

    def __init__(self, sources: dict[str, Any], read: Callable[[Any], Any]) -> None:
        self._sources = sources
        self._read = read
        self._values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = self._read(self._sources[key])
            return value

    def __contains__(self, key: object) -> bool:
        return key in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def lazy_collected(blobs: dict[str, bytes]) -> LazyMap:
    """A file's collected data, each collector's unpickled when first read."""
    return LazyMap(blobs, pickle.loads)


def column(name: str, collected: dict[str, Mapping[str, Any]]) -> LazyMap:
    """One collector's data of every file that has it (what ``site.collected[name]`` is):
    a file's is read from its result only when asked for."""
    return LazyMap(
        {path: c for path, c in collected.items() if name in c}, operator.itemgetter(name)
    )
