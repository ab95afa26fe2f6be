"""Jekyll's URL model: where every source file is published, computed without Jekyll.

Everything here reproduces what Jekyll 4.3/4.4 does (``../shared/specs/jekyll.md`` §1–2,
measured on real builds; the vectors of §2.13 are the unit tests). The functions are pure:
they take a path, its front matter (defaults already merged where Jekyll merges them) and
the site configuration, and return strings. :mod:`betalint.index` calls them for every file
of the site.

Vocabulary, as in the spec:

* **URL** — what Jekyll exposes as ``page.url``: no ``baseurl``; placeholder values are
  percent-encoded, literal permalink text is not (``/fast/lauréats/%C3%A9t%C3%A9.html``).
  Two URLs are the same page only after :func:`decode`;
* **destination** — the file written under ``_site``, percent-decoded, without a leading
  ``/`` (``fast/lauréats/été.html``). Two items with one destination overwrite each other.

A URL that Jekyll would refuse to build (unknown placeholder in a document permalink) is
reported by raising :class:`UrlError`, so callers can tell it from a computed URL.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import unquote

HTML_EXTS = frozenset((".html", ".htm", ".xhtml"))
#: A URL's scheme (``https:``, ``mailto:``…): a link written with one names it.
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

#: The built-in permalink styles and the posts template each one expands to (§2.6).
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


class UrlError(Exception):
    """Jekyll would stop the build on this URL (e.g. an unknown placeholder)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# --- slugify (§2.9) ----------------------------------------------------------------------

#: Slug mode → what it replaces by a hyphen. The Unicode classes need PyPI's ``regex``
#: (``re`` has no \p{…}); it is imported and the pattern compiled on first use:
#: importing it cost 5 ms to a run that places no file.
_SLUG_PATTERNS = {
    "raw": r"\s+",
    "default": r"[^\p{M}\p{L}\p{Nd}]+",
    "latin": r"[^\p{M}\p{L}\p{Nd}]+",
    "pretty": r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+",
    "ascii": r"[^A-Za-z0-9]+",
}
SLUGIFY_MODES = frozenset(_SLUG_PATTERNS)


@functools.cache
def _slug_pattern(mode: str) -> Any:
    import regex

    return regex.compile(_SLUG_PATTERNS[mode])


# I18n's default transliteration covers Latin-1 and Latin Extended-A (U+00C0–U+017E, except
# the division sign) plus a few letters; anything else non-ASCII becomes "?". Most entries
# are the letter without its accent (taken from Unicode decomposition); these have none.
_TRANSLIT_SPECIAL = {
    "Æ": "AE", "æ": "ae", "Ð": "D", "ð": "d", "×": "x", "Ø": "O", "ø": "o", "Þ": "Th",
    "þ": "th", "ß": "ss", "ẞ": "SS", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
    "Ĳ": "IJ", "ĳ": "ij", "ĸ": "k", "Ŀ": "L", "ŀ": "l", "Ł": "L", "ł": "l", "ŉ": "'n",
    "Ŋ": "NG", "ŋ": "ng", "Œ": "OE", "œ": "oe", "Ŧ": "T", "ŧ": "t",
}  # fmt: skip


def _translit_table() -> dict[str, str]:
    table: dict[str, str] = {}
    chars = [chr(c) for c in range(0xC0, 0x17F) if c != 0xF7] + ["Ǫ", "ǫ", "Ǭ", "ǭ"]
    for ch in chars:
        if ch in _TRANSLIT_SPECIAL:
            table[ch] = _TRANSLIT_SPECIAL[ch]
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii():
            table[ch] = base
    table.update(_TRANSLIT_SPECIAL)
    return table


_TRANSLIT = _translit_table()


def transliterate(text: str) -> str:
    """I18n.transliterate as Jekyll's ``latin`` slug mode uses it (unknown → ``?``)."""
    return "".join(c if c.isascii() else _TRANSLIT.get(c, "?") for c in text)


def slugify(text: str | None, mode: str | None = "default", cased: bool = False) -> str | None:
    """Jekyll's ``Utils.slugify``: also the Liquid ``slugify`` filter."""
    if text is None:
        return None
    text = str(text)
    mode = mode or "default"
    if mode not in SLUGIFY_MODES:
        return text if cased else text.lower()
    if mode == "latin":
        text = transliterate(text)
    slug = _slug_pattern(mode).sub("-", text)
    # Ruby's `gsub!(/^-|-$/, "")`: one hyphen at the start and one at the end (per line).
    slug = re.sub(r"^-|-$", "", slug, flags=re.M)
    return slug if cased else slug.lower()


# --- escaping and sanitising (§2.1) ------------------------------------------------------

_PLAIN_VALUE = re.compile(r"[A-Za-z0-9./-]+")
# RFC 3986 unreserved + sub-delims + ":" "@" "/" and, a quirk of Addressable, "?".
_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?"
)


def escape_path(value: str) -> str:
    """Jekyll's ``URL.escape_path``: how placeholder values enter a URL."""
    if not value or _PLAIN_VALUE.fullmatch(value):
        return value
    out = []
    for ch in value:
        if ch in _SAFE:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogateescape"))
    return "".join(out)


def sanitize(url: str) -> str:
    """Jekyll's ``URL#sanitize_url``: leading ``/``, ``..`` → ``/``, ``./`` removed, ``//`` squeezed.

    Not a path normalisation: ``/a/../b//c.html`` gives ``/a/b/c.html``.
    """
    result = ("/" + url).replace("..", "/")
    while "./" in result:
        result = result.replace("./", "")
    return re.sub(r"/+", "/", result)


def decode(url: str) -> str:
    """Percent-decode a URL path (UTF-8), the form URLs are compared in."""
    return unquote(url, errors="surrogateescape") if "%" in url else url


# --- file name helpers (Ruby's File.extname / basename) ----------------------------------


def extname(path: str) -> str:
    """Ruby's ``File.extname``: last extension of the base name; none for dotfiles."""
    base = path.rsplit("/", 1)[-1]
    stripped = base.lstrip(".")
    if "." not in stripped:
        return ""
    return stripped[stripped.rindex(".") :]


def _strip_dots(s: str) -> str:
    return s.rstrip(".")


# --- output extension (§2.5) -------------------------------------------------------------


def converter_ext(ext: str, markdown_exts: Iterable[str]) -> str:
    """The extension a converter gives a source extension (Markdown → .html, Sass → .css)."""
    low = ext.lower()
    if low in markdown_exts:
        return ".html"
    if low in (".scss", ".sass"):
        return ".css"
    return ext


def output_ext(rel: str, permalink: Any, markdown_exts: Iterable[str]) -> str:
    """Output extension of a page or document: the permalink's own one, else the converter's."""
    if isinstance(permalink, str) and permalink and not permalink.endswith("/"):
        pext = extname(permalink)
        if pext:
            return pext
    return converter_ext(extname(rel), markdown_exts)


# --- permalink styles (§2.6) -------------------------------------------------------------


def style_of(config: Mapping[str, Any]) -> str:
    value = config.get("permalink")
    return "date" if value is None else str(value)


def posts_template(style: str) -> str:
    """The posts collection's template for a site ``permalink`` value."""
    return STYLES.get(style, style)


def add_suffix(template: str, style: str) -> str:
    """``Utils.add_permalink_suffix``: what pages and default collection templates get."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


def collection_template(label: str, meta: Mapping[str, Any], style: str) -> str:
    """A collection's URL template (config ``permalink``, else ``/:collection/:path`` + suffix)."""
    perma = meta.get("permalink") if isinstance(meta, Mapping) else None
    if perma is None and label == "posts":
        return posts_template(style)
    if perma is not None:
        return str(perma)
    return add_suffix("/:collection/:path", style)


# --- pages (§2.2) ------------------------------------------------------------------------


def _hash_substitute(template: str, placeholders: list[tuple[str, str | None]]) -> str:
    """``URL#generate_url_from_hash``: plain substring replacement, in placeholder order."""
    result = template
    for key, value in placeholders:
        if ":" not in result:
            break
        if value is None:
            result = result.replace(f"/:{key}", "")
        else:
            result = result.replace(f":{key}", escape_path(value))
    return result


def page_basename(rel: str) -> tuple[str, str]:
    """(basename, extension) as ``Page#process`` splits a file name."""
    name = rel.rsplit("/", 1)[-1]
    ext = extname(name)
    base = name[: len(name) - len(ext)] if ext else name
    return _strip_dots(base), ext


@dataclass(frozen=True, slots=True)
class Placed:
    """Where an item is published."""

    url: str
    destination: str  # percent-decoded, relative to _site, no leading "/"
    output_ext: str


def page_url(
    rel: str, permalink: Any, config: Mapping[str, Any], markdown_exts: Iterable[str]
) -> Placed:
    """URL and destination of a page (a file with front matter outside collections)."""
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    basename, _ext = page_basename(rel)
    oext = output_ext(rel, permalink, markdown_exts)
    placeholders = [("path", "/" + folder if folder else ""), ("basename", basename)]
    placeholders.append(("output_ext", oext))
    if isinstance(permalink, str) and permalink:
        url = sanitize(_hash_substitute(permalink, placeholders))
    else:
        if oext.lower() not in HTML_EXTS:
            template = "/:path/:basename:output_ext"
        elif basename == "index":
            template = "/:path/"
        else:
            template = add_suffix("/:path/:basename", style_of(config))
        url = sanitize(_hash_substitute(template, placeholders))
    return Placed(url, page_destination(url, oext), oext)


def page_destination(url: str, oext: str) -> str:
    path = decode(url)
    if url.endswith("/"):
        path += "index"
    if not path.endswith(oext):
        path += oext
    return path.lstrip("/")


def document_destination(url: str, oext: str) -> str:
    path = decode(url)
    if url.endswith("/"):
        path += "index.html"
    elif not path.endswith(oext):
        path += oext
    return path.lstrip("/")


# --- documents (§2.3, §2.7, §2.8) ---------------------------------------------------------

_DATE_NAME = re.compile(r"^(?>.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
_DATELESS_NAME = re.compile(r"^.+/([^/]+)(\.[^.]+)$")
_DRP_PLACEHOLDER = re.compile(r":([a-z_]+)")

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def filename_slug(rel_collection: str) -> tuple[str, str | None]:
    """(slug, date string or None) Jekyll derives from a document's path (§2.8 step 1)."""
    m = _DATE_NAME.match(rel_collection)
    date = None
    slug: str | None = None
    if m:
        date, slug = m.group(1), m.group(2)
    else:
        m = _DATELESS_NAME.match(rel_collection)
        if m:
            slug = m.group(1)
    if slug is None:
        name = rel_collection.rsplit("/", 1)[-1]
        ext = extname(name)
        slug = name[: len(name) - len(ext)] if ext else name
    return _strip_dots(slug), date


def parse_date(value: Any) -> _dt.datetime | None:
    """A front-matter or file-name date (ISO text after loading) as a datetime."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.fullmatch(r"(\d{2,4})-(\d{1,2})-(\d{1,2})", text)
    try:
        if m:
            return _dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None


def categories_of(
    front_matter: Mapping[str, Any], path_categories: list[str] | None = None
) -> list[str]:
    """A document's categories (``merge_categories!`` then ``populate_categories``)."""
    cats: list[Any] = list(path_categories or [])
    raw = front_matter.get("categories")
    if raw is not None:
        own = raw.split() if isinstance(raw, str) else (raw if isinstance(raw, list) else [raw])
        cats = list(own) + [c for c in cats if c not in own]
    # `populate_categories` appends the singular `category` (the plural one is already in).
    extra = [front_matter.get("category")] if "category" in front_matter else []
    out: list[str] = []
    for c in _flatten(cats + extra):
        if c is None:
            continue
        s = str(c)
        if s not in out:
            out.append(s)
    return out


def _flatten(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, list):
            out.extend(_flatten(v))
        else:
            out.append(v)
    return out


def post_path_categories(rel_collection: str) -> list[str]:
    """Folders above ``_posts`` become categories (``blog/_posts/x.md`` → ``blog``)."""
    head = rel_collection.split("_posts", 1)[0]
    return [p for p in head.split("/") if p]


def document_url(
    rel_collection: str,
    label: str,
    front_matter: Mapping[str, Any],
    template: str,
    markdown_exts: Iterable[str],
    *,
    now: _dt.datetime | None = None,
) -> Placed:
    """URL and destination of a collection document (posts included).

    `front_matter` is the document's data with ``defaults`` merged (Jekyll merges them for
    documents). `template` is the collection's template (:func:`collection_template`).
    Raises :class:`UrlError` when Jekyll would stop the build.
    """
    permalink = front_matter.get("permalink")
    if isinstance(permalink, str) and not permalink:
        raise UrlError("empty-permalink")
    oext = output_ext(rel_collection, permalink, markdown_exts)
    drop = UrlDrop(rel_collection, label, front_matter, oext, now=now)
    source = permalink if isinstance(permalink, str) and permalink else template
    url = sanitize(drop.substitute(source))
    return Placed(url, document_destination(url, oext), oext)


class UrlDrop:
    """The placeholders a document's URL template may use (§2.7)."""

    def __init__(
        self,
        rel_collection: str,
        label: str,
        front_matter: Mapping[str, Any],
        oext: str,
        *,
        now: _dt.datetime | None = None,
    ) -> None:
        self.rel = rel_collection
        self.label = label
        self.fm = front_matter
        self.oext = oext
        self.now = now

    # The values below are worked out when a placeholder asks for them: most templates
    # use one or two (``/:collection/:path``), and every document of a site is placed.

    @cached_property
    def slug_source(self) -> str:
        slug = self.fm.get("slug")
        return filename_slug(self.rel)[0] if slug is None else str(slug)

    @cached_property
    def basename(self) -> str:
        name = self.rel.rsplit("/", 1)[-1]
        ext = extname(name)
        return name[: len(name) - len(ext)] if ext else name

    @cached_property
    def date(self) -> _dt.datetime:
        date = parse_date(self.fm.get("date")) if self.fm.get("date") else None
        if date is None:
            fdate = filename_slug(self.rel)[1]
            if fdate:
                date = parse_date(fdate)
        return date or self.now or _dt.datetime.now()

    @cached_property
    def categories(self) -> list[str]:
        path_cats = post_path_categories(self.rel) if self.label == "posts" else []
        return categories_of(self.fm, path_cats)

    def _path(self) -> str:
        ext = extname(self.rel)
        cleaned = self.rel[: len(self.rel) - len(ext)] if ext else self.rel
        cleaned = cleaned.replace(f"_{self.label}", "", 1)
        return _strip_dots(cleaned)

    def value(self, key: str) -> str | None:
        """The value of a placeholder, or None when the drop has no such key."""
        fn = _DROP_VALUES.get(key)
        return fn(self) if fn else None

    def substitute(self, template: str) -> str:
        """``URL#generate_url_from_drop``: every ``:name`` must be a known placeholder."""
        literals, names = _pieces(template)
        out = [literals[0]]
        for name, after in zip(names, literals[1:], strict=True):
            out.append(self._placeholder(name))
            out.append(after)
        return "".join(out)

    def _placeholder(self, name: str) -> str:
        # `:title_` is `title_` if the drop has it, else `title` followed by `_`
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        for key in pool:
            value = self.value(key)
            if value is not None:
                return escape_path(value) + name[len(key) :]
        raise UrlError("unknown-placeholder", " or ".join(pool))


_PIECES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _pieces(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A URL template cut at its placeholders: the texts around them and their names. Cut
    once per template: a collection's documents share theirs, and every one is placed."""
    got = _PIECES.get(template)
    if got is None:
        parts = _DRP_PLACEHOLDER.split(template)  # text, name, text, name, …, text
        got = (tuple(parts[0::2]), tuple(parts[1::2]))
        if len(_PIECES) < 10_000:
            _PIECES[template] = got
    return got


def _d(fmt: str) -> Any:
    return lambda drop: fmt.format(d=drop.date)


#: Placeholder name → value, for documents (Jekyll's UrlDrop; English month/day names).
_DROP_VALUES: dict[str, Any] = {
    "collection": lambda drop: drop.label,
    "path": lambda drop: drop._path(),
    "name": lambda drop: slugify(drop.basename) or "",
    "title": lambda drop: slugify(drop.slug_source, "pretty", cased=True) or "",
    "slug": lambda drop: slugify(drop.slug_source) or "",
    "categories": lambda drop: "/".join(_unique(c.lower() for c in drop.categories)),
    "slugified_categories": lambda drop: "/".join(
        _unique(slugify(c) or "" for c in drop.categories)
    ),
    "output_ext": lambda drop: drop.oext,
    "year": _d("{d.year:04d}"),
    "month": _d("{d.month:02d}"),
    "day": _d("{d.day:02d}"),
    "hour": _d("{d.hour:02d}"),
    "minute": _d("{d.minute:02d}"),
    "second": _d("{d.second:02d}"),
    "i_day": _d("{d.day}"),
    "i_month": _d("{d.month}"),
    "short_month": lambda drop: _MONTHS[drop.date.month - 1][:3],
    "long_month": lambda drop: _MONTHS[drop.date.month - 1],
    "short_year": lambda drop: f"{drop.date.year % 100:02d}",
    "y_day": lambda drop: f"{drop.date.timetuple().tm_yday:03d}",
    "w_year": lambda drop: str(drop.date.isocalendar()[0]),
    "week": lambda drop: f"{drop.date.isocalendar()[1]:02d}",
    "w_day": lambda drop: str(drop.date.isocalendar()[2]),
    "short_day": lambda drop: _DAYS[drop.date.weekday()][:3],
    "long_day": lambda drop: _DAYS[drop.date.weekday()],
}


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def unknown_placeholders(template: str) -> list[str]:
    """Placeholders a document template uses that Jekyll does not know (build errors)."""
    probe = UrlDrop("_x/x.md", "x", {}, ".html", now=_dt.datetime(2000, 1, 1))
    out = []
    for m in _DRP_PLACEHOLDER.finditer(template):
        name = m.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        if all(probe.value(k) is None for k in pool):
            out.append(name)
    return out


#: Placeholders a page permalink understands; any other ``:word`` stays in the URL.
PAGE_PLACEHOLDERS = ("path", "basename", "output_ext")


def literal_page_placeholders(permalink: str) -> list[str]:
    """``:words`` a page permalink keeps literally (Jekyll replaces only three names)."""
    out = []
    for m in re.finditer(r":([A-Za-z_]+)", permalink):
        word = m.group(1)
        if not any(word.startswith(k) for k in PAGE_PLACEHOLDERS):
            out.append(word)
    return out


# --- static files (§2.4) -----------------------------------------------------------------


def static_url(rel: str) -> Placed:
    """A static file outside collections: its path, never percent-encoded."""
    ext = extname(rel)
    cleaned = rel[: len(rel) - len(ext)] if ext else rel
    url = "/" + _strip_dots(cleaned) + ext
    return Placed(url, decode(url).lstrip("/"), ext)


def collection_static_url(rel_collection: str, label: str, template: str) -> Placed:
    """A file without front matter inside a collection: the template with an empty title."""
    name = rel_collection.rsplit("/", 1)[-1]
    ext = extname(name)
    cleaned = rel_collection[: len(rel_collection) - len(ext)] if ext else rel_collection
    cleaned = _strip_dots(cleaned).replace(f"_{label}", "", 1)
    basename = name[: len(name) - len(ext)] if ext else name
    placeholders: list[tuple[str, str | None]] = [
        ("collection", label),
        ("path", cleaned),
        ("output_ext", ""),
        ("name", basename),
        ("title", ""),
    ]
    url = sanitize(_hash_substitute(template, placeholders))
    if url.endswith("/"):
        url = url[:-1]
    url += ext
    return Placed(url, decode(url).lstrip("/"), ext)


# --- baseurl (§2.11) ---------------------------------------------------------------------


def baseurl_prefix(config: Mapping[str, Any]) -> str:
    """The prefix ``relative_url`` adds: baseurl with a leading and no trailing ``/``."""
    base = config.get("baseurl")
    if not base:
        return ""
    base = str(base).rstrip("/")
    return "" if not base else (base if base.startswith("/") else "/" + base)


def strip_baseurl(path: str, config: Mapping[str, Any]) -> str | None:
    """A served path without the site's baseurl; None when it lacks the prefix."""
    prefix = baseurl_prefix(config)
    if not prefix:
        return path
    if path == prefix:
        return "/"
    if path.startswith(prefix + "/"):
        return path[len(prefix) :]
    return None


# --- publication (§1.5) ------------------------------------------------------------------


def is_published(data: Mapping[str, Any], config: Mapping[str, Any]) -> bool:
    """``published: false`` hides an item unless the site is built with ``unpublished``."""
    if config.get("unpublished"):
        return True
    return data.get("published", True) is not False


def is_future(date: _dt.datetime | None, config: Mapping[str, Any], now: _dt.datetime) -> bool:
    """Whether a dated document is dropped because it is in the future (``future: false``)."""
    if config.get("future") or date is None:
        return False
    if date.tzinfo is not None:
        date = date.astimezone().replace(tzinfo=None)
    return date > now


def split_ext(rel: str) -> tuple[str, str]:
    ext = extname(rel)
    return (rel[: len(rel) - len(ext)] if ext else rel), ext


__all__ = [
    "HTML_EXTS",
    "STYLES",
    "Placed",
    "UrlDrop",
    "UrlError",
    "add_suffix",
    "baseurl_prefix",
    "collection_static_url",
    "collection_template",
    "converter_ext",
    "decode",
    "document_destination",
    "document_url",
    "escape_path",
    "extname",
    "filename_slug",
    "is_published",
    "literal_page_placeholders",
    "output_ext",
    "page_destination",
    "page_url",
    "posts_template",
    "sanitize",
    "slugify",
    "static_url",
    "strip_baseurl",
    "transliterate",
    "unknown_placeholders",
]
