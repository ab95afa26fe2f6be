"""Front matter and permalinks: FM002–FM009 (FM001 is the engine's: YAML itself).

* FM002 permalink-malformed, FM006 front-matter-schema: per document, in the workers;
* FM003 permalink-duplicate, FM004 permalink-trailing-slash, FM005 layout-missing,
  FM007 reference-missing, FM008 redirect-conflict, FM009 title-missing: site checks on
  the URL index (:mod:`betalint.index`), with the front-matter lines the ``fm`` collector
  gathered in the workers (a site check cannot read documents).

What Jekyll does is in ``../shared/specs/jekyll.md``; schemas and references are
configuration (``[[schemas]]``, ``[[references]]``, or a preset such as beta.gouv.fr).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from betalint import schemas, urls
from betalint.checks import CheckContext, Finding, collector, document_check, site_check
from betalint.config import glob_match
from betalint.elements import Document
from betalint.source import load_source

if TYPE_CHECKING:
    from betalint.index import SiteIndex

# --- shared helpers -----------------------------------------------------------------------


def _line(doc: Document, *path: str | int) -> int:
    line = doc.source.key_line(*path) if doc.source is not None else None
    return line or 1


def _entry_applies(entry: dict[str, Any], path: str, collection: str | None) -> bool:
    if "collection" in entry and entry["collection"] != collection:
        return False
    return not ("paths" in entry and not glob_match(path, list(entry["paths"])))


def _walk_key(data: Any, spec: str) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Values at a dotted key path (``missions[].startups[]``): (path, value) pairs."""
    parts = [p for p in spec.split(".") if p]

    def walk(node: Any, i: int, path: tuple[str | int, ...]) -> Iterator[Any]:
        if i == len(parts):
            yield path, node
            return
        part = parts[i]
        every = part.endswith("[]")
        name = part[:-2] if every else part
        if not isinstance(node, dict) or name not in node:
            return
        value = node[name]
        if every:
            if isinstance(value, list):
                for j, item in enumerate(value):
                    yield from walk(item, i + 1, (*path, name, j))
        else:
            yield from walk(value, i + 1, (*path, name))

    yield from walk(data, 0, ())


def _index(site: Any) -> SiteIndex:
    # (the URL index and host profiles are site-check machinery, imported when first used:
    # a run whose site results are reused lints its changed files without them)
    from betalint.index import build_index

    return site.get("index", build_index)


def _lines(site: Any, path: str) -> dict[str, Any]:
    data = site.collected.get("fm", {}).get(path) or {}
    return data.get("lines") or {}


# --- collector ------------------------------------------------------------------------------

_KEYS = ("permalink", "title", "layout", "redirect_to")


def _top_line(doc: Document, key: str) -> int:
    """Line of a top-level key: where the loader met it (``Source.fm_key_lines``), else
    a text scan of the front matter (block style, column 0), falling back to composing the
    YAML. Composing every file costs more than the rest of the FM rules together on a
    4,000-document site, so it is kept for what neither finds."""
    src = doc.source
    known = getattr(src, "fm_key_lines", None) if src is not None else None
    if known is not None and key in known:
        return known[key]
    if src is not None and src.fm_text:
        m = re.search(
            rf"^(?:{re.escape(key)}|'{re.escape(key)}'|\"{re.escape(key)}\")[ \t]*:",
            src.fm_text,
            re.M,
        )
        if m:
            return src.fm_first_line + src.fm_text.count("\n", 0, m.start())
    return _line(doc, key)


def _placeless_fm(data: dict[str, Any] | None) -> Any:
    if not data:
        return data
    lines = {k: len(v) if isinstance(v, list) else None for k, v in data["lines"].items()}
    return lines, data.get("refs")


def _fm_places(data: dict[str, Any] | None) -> list[tuple[int, int | None]]:
    out: list[tuple[int, int | None]] = []
    for value in (data or {}).get("lines", {}).values():
        out.extend((line, None) for line in (value if isinstance(value, list) else [value]))
    return out


@collector("fm", placeless=_placeless_fm, places=_fm_places)
def collect_fm(doc: Document, ctx: CheckContext) -> dict[str, Any] | None:
    """Lines of the keys site checks report on, and the reference values (FM007).

    Reference values are returned with their key path, not their line: the line is looked
    up only for the few values that turn out to name nothing (see :func:`_ref_lines`).
    """
    fm = doc.front_matter
    if not fm or doc.kind not in ("page", "document", "layout"):
        return None
    lines: dict[str, Any] = {}
    for key in _KEYS:
        if key in fm:
            lines[key] = _top_line(doc, key)
    redirect_from = fm.get("redirect_from")
    if isinstance(redirect_from, list):
        lines["redirect_from"] = [_line(doc, "redirect_from", i) for i in range(len(redirect_from))]
    elif redirect_from is not None:
        lines["redirect_from"] = [_top_line(doc, "redirect_from")]
    refs = []
    for n, entry in enumerate(ctx.config.settings.get("references") or []):
        if not _entry_applies(entry, doc.path, doc.collection):
            continue
        for path, value in _walk_key(fm, entry["key"]):
            if isinstance(value, str):
                refs.append((n, path, value))
    out: dict[str, Any] = {"lines": lines}
    if refs:
        out["refs"] = refs
    return out


# --- FM002 permalink-malformed ----------------------------------------------------------------

_ENCODE_SAFE = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]")


def permalink_problems(
    permalink: str, kind: str, options: dict[str, Any]
) -> list[tuple[str, dict]]:
    """(variant, args) for each way a permalink is malformed."""
    out: list[tuple[str, dict]] = []
    if not permalink.startswith("/"):
        out.append(("no-leading-slash", {}))
    if re.search(r"\s", permalink):
        out.append(("whitespace", {}))
    if "//" in permalink:
        out.append(("double-slash", {}))
    if ".." in permalink:
        out.append(("dot-dot", {}))
    if "\\" in permalink:
        out.append(("backslash", {}))
    if "?" in permalink or "#" in permalink:
        out.append(("query", {"char": "?" if "?" in permalink else "#"}))
    ext = urls.extname(permalink) if not permalink.endswith("/") else ""
    if ext.lower() in (".md", ".markdown", ".mkd", ".mkdn", ".mdown"):
        out.append(("markdown-ext", {"ext": ext}))
    if kind == "page":
        literal = urls.literal_page_placeholders(permalink)
        if literal:
            out.append(("page-placeholder", {"placeholder": ":" + literal[0]}))
    elif kind == "document":
        unknown = urls.unknown_placeholders(permalink)
        if unknown:
            out.append(("unknown-placeholder", {"placeholder": ":" + unknown[0]}))
    text = re.sub(r":[a-z_]+", "", permalink)
    if options.get("uppercase", True) and any(c.isupper() for c in text):
        out.append(("uppercase", {}))
    if options.get("non-ascii", False):
        bad = next((c for c in text if not _ENCODE_SAFE.match(c) and not c.isspace()), None)
        if bad is not None:
            out.append(("encode", {"char": bad}))
    return out


@document_check("FM002")
def permalink_malformed(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    fm = doc.front_matter
    if not fm or "permalink" not in fm or doc.kind not in ("page", "document"):
        return
    value = fm["permalink"]
    line = _line(doc, "permalink")
    if value is None:
        return
    if not isinstance(value, str):
        yield Finding("FM002", line, 1, {"value": schemas.show(value)}, variant="not-text")
        return
    if not value:
        yield Finding("FM002", line, 1, {"value": ""}, variant="empty")
        return
    if "{{" in value or "{%" in value:
        yield Finding("FM002", line, 1, {"value": value}, variant="liquid")
        return
    options = ctx.options("FM002")
    for variant, args in permalink_problems(value, doc.kind, options):
        severity = "warning" if variant in ("uppercase", "encode") else None
        yield Finding(
            "FM002", line, 1, {"value": value, **args}, variant=variant, severity=severity
        )


# --- FM006 front-matter-schema ---------------------------------------------------------------


@document_check("FM006")
def front_matter_schema(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    entries = ctx.config.settings.get("schemas") or []
    if not entries or doc.kind not in ("page", "document") or doc.front_matter is None:
        return
    for entry in entries:
        if not _entry_applies(entry, doc.path, doc.collection):
            continue
        pattern = entry.get("filename")
        if pattern:
            stem = urls.split_ext(doc.path.rsplit("/", 1)[-1])[0]
            if not re.fullmatch(pattern, stem):
                yield Finding(
                    "FM006",
                    1,
                    1,
                    {"name": stem, "convention": entry.get("filename-description") or pattern},
                    variant="filename",
                )
        for problem in schemas.validate(entry["schema"], doc.front_matter):
            line = _problem_line(doc, problem.path)
            yield Finding("FM006", line, 1, problem.args, variant=problem.variant)


def _problem_line(doc: Document, path: tuple[str | int, ...]) -> int:
    """Line of the deepest key of `path` that exists (the value, else its parent)."""
    for n in range(len(path), 0, -1):
        line = doc.source.key_line(*path[:n]) if doc.source is not None else None
        if line:
            return line
    return 1


# --- FM003 permalink-duplicate -----------------------------------------------------------------


@site_check("FM003", collect=("fm",))
def permalink_duplicate(site: Any) -> Iterator[Finding]:
    index = _index(site)
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for item in index.items:
        if not item.published or not item.destination or item.error:
            continue
        line = _lines(site, item.source).get("permalink", 1)
        groups.setdefault(item.destination, []).append((item.source, line, "item"))
    redirect_pages: dict[str, list[tuple[str, int, str]]] = {}
    for red in index.redirects:
        if red.origin != "redirect_from" or not red.destination:
            continue
        lines = _lines(site, red.declared_in).get("redirect_from") or []
        line = lines[red.index] if red.index < len(lines) else 1
        redirect_pages.setdefault(red.destination, []).append((red.declared_in, line, red.target))
    # Files a plugin writes without a source (jekyll-redirect-from's redirects.json): every
    # source publishing there clashes with it, whichever of the two Jekyll writes last.
    for dest, plugin in sorted(index.generated.items()):
        clashing = {e[0]: e for e in sorted(groups.get(dest, []) + redirect_pages.get(dest, []))}
        for source, line, _what in sorted(clashing.values()):
            yield Finding(
                "FM003",
                line,
                1,
                {"file": dest, "plugin": plugin},
                variant="generated",
                path=source,
            )
    # Real items sharing a file (a redirect page over a real item is FM008's business).
    for dest, entries in groups.items():
        if len(entries) > 1 and dest not in index.generated:
            yield from _duplicates(dest, sorted(entries))
    # Redirect pages from different sources sharing a file (one source listing the same
    # file twice is FM008 "redundant").
    for dest, entries in redirect_pages.items():
        by_source: dict[str, tuple[str, int, str]] = {}
        for entry in sorted(entries):
            by_source.setdefault(entry[0], entry)
        if len(by_source) > 1 and dest not in groups and dest not in index.generated:
            yield from _duplicates(dest, sorted(by_source.values()), redirect=True)
    # Destinations that differ only by case collide on macOS and Windows disks.
    folded: dict[str, list[str]] = {}
    for dest in groups:
        folded.setdefault(dest.casefold(), []).append(dest)
    for variants in folded.values():
        if len(variants) < 2:
            continue
        variants.sort()
        first = groups[variants[0]][0]
        for dest in variants[1:]:
            for source, line, _ in groups[dest]:
                yield Finding(
                    "FM003",
                    line,
                    1,
                    {
                        "file": dest,
                        "other": first[0],
                        "other_line": first[1],
                        "other_file": variants[0],
                    },
                    variant="case",
                    severity="warning",
                    path=source,
                )


def _duplicates(
    dest: str, entries: list[tuple[str, int, str]], redirect: bool = False
) -> Iterator[Finding]:
    first = entries[0]
    for source, line, _what in entries[1:]:
        yield Finding(
            "FM003",
            line,
            1,
            {"file": dest, "other": first[0], "other_line": first[1]},
            variant="redirect" if redirect else None,
            path=source,
        )


# --- FM004 permalink-trailing-slash ----------------------------------------------------------


def slash_style(permalink: str) -> str | None:
    """ "slash", "no-slash", or None when the question does not arise (root, file name)."""
    if permalink in ("", "/") or "{" in permalink:
        return None
    if permalink.endswith("/"):
        return "slash"
    last = permalink.rsplit("/", 1)[-1]
    if urls.extname(last) or last.startswith(":"):
        return None
    return "no-slash"


@site_check("FM004", collect=("fm",))
def permalink_trailing_slash(site: Any) -> Iterator[Finding]:
    index = _index(site)
    style = site.options("FM004").get("style", "majority")
    candidates = []
    for item in index.items:
        if item.kind not in ("page", "document") or item.permalink_origin != "front-matter":
            continue
        if not item.published or not isinstance(item.permalink, str):
            continue
        kind = slash_style(item.permalink)
        if kind is not None:
            candidates.append((item, kind))
    slash = sum(1 for _, k in candidates if k == "slash")
    other = len(candidates) - slash
    if style == "majority":
        if slash == other:
            return
        want = "slash" if slash > other else "no-slash"
    else:
        want = "slash" if style == "always" else "no-slash"
    # how many permalinks already follow the convention: the hint names it, so an editor
    # sees the change asked for is the site's habit, not a matter of taste
    counts = {"count": slash if want == "slash" else other, "total": len(candidates)}
    for item, kind in sorted(candidates, key=lambda c: c[0].source):
        if kind == want:
            continue
        line = _lines(site, item.source).get("permalink", 1)
        variant = f"{style}-{want}"
        fixed = item.permalink + "/" if want == "slash" else item.permalink.rstrip("/")
        args = {"value": item.permalink, "fixed": fixed, **counts}
        yield Finding("FM004", line, 1, args, variant=variant, path=item.source)


# --- FM005 layout-missing ----------------------------------------------------------------------


def _layout_names(site: Any) -> dict[str, str]:
    """Layout name → file, as Jekyll names them (path under _layouts minus extension)."""
    folder = str(site.site.config.get("layouts_dir") or "_layouts").strip("/")
    names: dict[str, str] = {}
    for sf in site.site.files:
        if sf.role != "layout" or not sf.rel.startswith(folder + "/"):
            continue
        inner = sf.rel[len(folder) + 1 :]
        name = inner.rsplit(".", 1)[0] if "." in inner.rsplit("/", 1)[-1] else inner
        names.setdefault(name, sf.rel)
    return names


def _layout_front_matter(site: Any, rel: str) -> dict[str, Any]:
    result = site.documents.get(rel)
    if result is not None and result.summary:
        fm = result.summary.get("front_matter")
        return fm if isinstance(fm, dict) else {}
    try:
        data = (Path(site.site.root) / rel).read_bytes()
    except OSError:
        return {}
    src, _ = load_source(data)
    fm = src.front_matter if src is not None else None
    return fm if isinstance(fm, dict) else {}


def _no_layout(value: Any) -> bool:
    return (
        value is None
        or value is False
        or (isinstance(value, str) and value in ("", "none", "null"))
    )


@site_check("FM005", collect=("fm",))
def layout_missing(site: Any) -> Iterator[Finding]:
    index = _index(site)
    names = _layout_names(site)
    from_defaults: dict[str, list[str]] = {}
    for item in index.items:
        if item.kind not in ("page", "document") or not item.published:
            continue
        value = item.layout
        if _no_layout(value) or str(value) in names:
            continue
        if item.layout_origin == "defaults":
            from_defaults.setdefault(str(value), []).append(item.source)
            continue
        line = _lines(site, item.source).get("layout", 1)
        yield Finding("FM005", line, 1, {"layout": str(value)}, path=item.source)
    for value, sources in sorted(from_defaults.items()):
        line = _config_line(
            site, rf"(?<![\w-])layout\s*:\s*['\"]?{re.escape(value)}['\"]?\s*(?:[,}}#]|$)"
        )
        yield Finding(
            "FM005",
            line,
            1,
            {"layout": value, "count": len(sources), "example": sorted(sources)[0]},
            variant="defaults",
            path="_config.yml",
        )
    # layout chains: a layout may itself name a layout
    for name, rel in sorted(names.items()):
        fm = _layout_front_matter(site, rel)
        parent = fm.get("layout")
        if _no_layout(parent):
            continue
        line = _lines(site, rel).get("layout", 1)
        if str(parent) not in names:
            yield Finding("FM005", line, 1, {"layout": str(parent)}, variant="chain", path=rel)
            continue
        seen = [name]
        current = str(parent)
        while current in names and current not in seen:
            seen.append(current)
            nxt = _layout_front_matter(site, names[current]).get("layout")
            if _no_layout(nxt):
                break
            current = str(nxt)
        if current == name:
            yield Finding(
                "FM005",
                line,
                1,
                {"layout": str(parent), "chain": " → ".join([*seen, name])},
                variant="loop",
                path=rel,
            )


def _config_line(site: Any, pattern: str) -> int:
    try:
        text = (Path(site.site.root) / "_config.yml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    for n, line in enumerate(text.splitlines(), start=1):
        if re.search(pattern, line.strip()):
            return n
    return 1


# --- FM007 reference-missing -------------------------------------------------------------------


@site_check("FM007", collect=("fm",))
def reference_missing(site: Any) -> Iterator[Finding]:
    entries = site.config.settings.get("references") or []
    if not entries:
        return
    names: dict[str, set[str]] = {}
    for item in _index(site).items:
        if item.kind != "document" or item.collection is None or not item.rel_collection:
            continue
        inner = item.rel_collection.split("/", 1)[1] if "/" in item.rel_collection else ""
        names.setdefault(item.collection, set()).add(urls.split_ext(inner)[0])
    accepted: dict[int, set[str]] = {}
    for n, entry in enumerate(entries):
        fmt = entry.get("format") or "{name}"
        accepted[n] = {fmt.replace("{name}", name) for name in names.get(entry["target"], ())}
    skip = getattr(site, "skip", None)
    fm_of = site.collected.get("fm", {})
    for rel in sorted(fm_of):
        if skip is not None and skip(rel):
            continue  # a file whose findings the run does not report
        data = fm_of[rel]
        missing = [
            (n, path, value)
            for n, path, value in (data or {}).get("refs", ())
            if n < len(entries) and value not in accepted[n]
        ]
        if not missing:
            continue
        lines = _ref_lines(site, rel, [path for _, path, _ in missing])
        for (n, path, value), line in zip(missing, lines, strict=True):
            yield Finding(
                "FM007",
                line,
                1,
                {"key": schemas.key_label(path), "value": value, "target": entries[n]["target"]},
                path=rel,
            )


def _ref_lines(site: Any, rel: str, paths: list[tuple[str | int, ...]]) -> list[int]:
    """Lines of front-matter values of one file, read again for its findings only."""
    try:
        src, _ = load_source((Path(site.site.root) / rel).read_bytes())
    except OSError:
        src = None
    if src is None:
        return [1] * len(paths)
    return [src.key_line(*path) or 1 for path in paths]


# --- FM008 redirect-conflict -------------------------------------------------------------------


@site_check("FM008", collect=("fm",))
def redirect_conflict(site: Any) -> Iterator[Finding]:
    index = _index(site)
    seen_dest: dict[tuple[str, str], int] = {}
    for red in index.redirects:
        if red.origin != "redirect_from" or not red.destination:
            continue
        lines = _lines(site, red.declared_in).get("redirect_from") or []
        line = lines[red.index] if red.index < len(lines) else 1
        own = index.by_source(red.declared_in)
        key = (red.declared_in, red.destination)
        if key in seen_dest:
            yield Finding(
                "FM008",
                line,
                1,
                {"source": red.source_url, "file": red.destination, "other_line": seen_dest[key]},
                variant="redundant",
                path=red.declared_in,
            )
            continue
        seen_dest[key] = line
        if own is not None and own.destination == red.destination:
            yield Finding(
                "FM008", line, 1, {"source": red.source_url}, variant="self", path=red.declared_in
            )
            continue
        for other in index.items_at(red.destination):
            if not other.published or other.source == red.declared_in:
                continue
            variant = "replaces-page" if other.kind == "page" else "loses"
            yield Finding(
                "FM008",
                line,
                1,
                {"source": red.source_url, "other": other.source, "file": red.destination},
                variant=variant,
                path=red.declared_in,
            )
            break
    # Who reads `_redirects` decides what a rule does: the configured host, else the one the
    # site's files name. nginx (and the other profiles) never read it: nothing to say. With
    # no sign of the server, the messages say "a host that serves files first, as Netlify".
    from betalint.hosts import guess_host
    from betalint.index import candidates, clean_path

    host = site.config.settings.get("host") or guess_host(site.site.root)
    if host not in (None, "netlify"):
        return
    suffix = "" if host == "netlify" else "-any-host"
    for rule in index.rules:
        if rule.pattern is None or "*" in rule.source_url or ":" in rule.source_url.split("//")[-1]:
            continue
        path = clean_path(rule.source_url)
        match = index.lookup(path)
        if match is not None:
            other = match.item.source
            variant = "rule-forced" if rule.force else "rule-shadowed" + suffix
        else:  # a jekyll-redirect-from page is a file too
            pages = (index.redirect_page(dest) for dest, _how in candidates(path))
            red = next((r for r in pages if r is not None), None)
            if red is None:
                continue
            other = red.declared_in
            variant = "rule-forced-redirect" if rule.force else "rule-redirect" + suffix
        yield Finding(
            "FM008",
            rule.line,
            1,
            {"source": rule.source_url, "other": other, "target": rule.target},
            variant=variant,
            path=rule.declared_in,
        )


# --- FM009 title-missing -----------------------------------------------------------------------


@site_check("FM009", collect=("fm",))
def title_missing(site: Any) -> Iterator[Finding]:
    index = _index(site)
    names = _layout_names(site)
    duplicates = site.options("FM009").get("duplicates", True)
    titled: dict[str, list[tuple[str, int, str]]] = {}
    for item in sorted(index.items, key=lambda i: i.source):
        if item.kind not in ("page", "document") or not item.published or item.redirect_to:
            continue
        if item.output_ext.lower() not in urls.HTML_EXTS:
            continue
        if _no_layout(item.layout) or str(item.layout) not in names:
            continue  # no layout: the page writes its own <head> (or FM005 says why)
        result = site.documents.get(item.source)
        if result is not None and result.summary.get("fm_problem"):
            continue  # unreadable front matter: FM001 says so, the title is unknown
        title = item.title
        lines = _lines(site, item.source)
        if title is None or (isinstance(title, str) and not title.strip()):
            variant = "document" if item.kind == "document" else None
            args = {"name": urls.filename_slug(item.rel_collection or item.source)[0]}
            yield Finding(
                "FM009", lines.get("title", 1), 1, args, variant=variant, path=item.source
            )
            continue
        text = " ".join(str(title).split())
        if "{{" in text or "{%" in text:
            continue
        titled.setdefault(text.casefold(), []).append((item.source, lines.get("title", 1), text))
    if not duplicates:
        return
    for entries in titled.values():
        if len(entries) < 2:
            continue
        first = entries[0]
        for source, line, text in entries[1:]:
            yield Finding(
                "FM009",
                line,
                1,
                {"title": text, "other": first[0], "other_line": first[1]},
                variant="duplicate",
                path=source,
            )
