"""Pages put together while the workers are still linting.

Heading and link checks see each page inside its layouts, with its includes expanded
(:class:`betalint.templates.Templates`). On the real corpus that takes about 0.09 s for its
754 pages, and it used to happen after linting, on the critical path, twice: once in the
main process for the heading checks and once in the forked copy that runs the link checks
(see :mod:`betalint.forked`). Meanwhile the main process spends the lint phase waiting for
the workers' results.

:class:`Prerender` is told of each result as it arrives (the engine's ``each`` callback).
Once every layout and include being linted has arrived (the engine sends them first, in a
chunk of their own), it puts together each page as it arrives. A rendering depends only on
what it read: the results and outlines of the files it looked up, besides the site's
configuration and which files exist, which do not change during a run. Each rendering
therefore notes every lookup and what it returned; :meth:`Prerender.valid_for` hands a
rendering to the run's :class:`Templates` only if every one of those lookups gives the very
same object in the complete data. Anything else (a file that had not arrived yet, a result
replaced since, a rendering that failed) is simply rendered again, as without this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from betalint.site import Site
from betalint.templates import Rendered, Templates, is_page

_MISSING = object()


class _Noted:
    """A read-only view of a growing mapping that notes each key looked up and the value
    it held (`_MISSING` for none): the inputs of one rendering."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self.reads: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        value = self._data.get(key, _MISSING)
        self.reads.setdefault(key, value)
        return default if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING  # type: ignore[arg-type]


class _Partial:
    """What :class:`Templates` reads of a site context, over the results arrived so far."""

    def __init__(self, site: Site, documents: _Noted, outline: _Noted) -> None:
        self.site = site
        self.documents = documents
        self.collected = {"outline": outline}


class Prerender:
    """Renders pages as their results arrive, once the templates (`waiting`: the layouts
    and includes being linted) have all arrived."""

    def __init__(self, site: Site, waiting: Iterable[str]) -> None:
        self._site = site
        self._collections = site.collections
        self._results: dict[str, Any] = {}
        self._outlines: dict[str, Any] = {}
        self._docs = _Noted(self._results)
        self._outline = _Noted(self._outlines)
        self._templates: Templates | None = None
        self._waiting = set(waiting)
        self._queue: list[str] = []
        #: page → (its rendering, the results and outlines it read)
        self.done: dict[str, tuple[Rendered, dict[str, Any], dict[str, Any]]] = {}

    def add(self, r: Any) -> None:
        """Take one result; render what can be rendered now."""
        self._results[r.path] = r
        collected = r.collected
        if "outline" in collected:
            self._outlines[r.path] = collected["outline"]
        self._waiting.discard(r.path)
        if is_page(r, self._collections):
            self._queue.append(r.path)
        if not self._waiting:
            queue, self._queue = self._queue, []
            for path in queue:
                self._render(path)

    def _render(self, path: str) -> None:
        if self._templates is None:
            self._templates = Templates(_Partial(self._site, self._docs, self._outline))
        templates = self._templates
        self._docs.reads, self._outline.reads = {}, {}
        templates._data.clear()  # (page data read by an earlier rendering is read again)
        try:
            rendered = templates.render(path)
        except Exception:
            return  # rendered again with the complete data, whose error is then reported
        finally:
            templates._rendered.clear()
        self.done[path] = (rendered, self._docs.reads, self._outline.reads)

    def valid_for(
        self, documents: Mapping[str, Any], outline: Mapping[str, Any]
    ) -> dict[str, Rendered]:
        """The renderings whose every lookup gives the same object in `documents` (path →
        result) and `outline` (path → the outline collector's data)."""
        out: dict[str, Rendered] = {}
        for path, (rendered, docs, outlines) in self.done.items():
            if all(documents.get(k, _MISSING) is v for k, v in docs.items()) and all(
                outline.get(k, _MISSING) is v for k, v in outlines.items()
            ):
                out[path] = rendered
        return out
