"""Alt text quality: ALT001–ALT010, faithful to RGAA 4.1.2 theme 1 (images) and 6.2.

Every image-like element of a page — ``<img>``, ``<input type="image">``, ``<area href>``,
elements with ``role="img"`` and ``<svg>`` — is looked at once per document
(:func:`analyse`), in the order RGAA's glossary gives for the accessible name
("alternative textuelle") of an image: ``aria-labelledby``, then ``aria-label``, then
``alt``, then ``title`` (for ``<svg>``: its ``<title>`` child instead of ``alt``/``title``).
Each rule then reads that analysis; nothing is re-parsed.

Two principles keep the rules quiet when they should be:

* **Liquid is never judged.** An attribute holding ``{{ … }}`` or ``{% … %}`` is unknown
  until Jekyll runs, so an element whose name depends on one is skipped by every rule.
* **Decorative is a choice, not an error.** ``alt=""`` (Markdown ``![](x.png)``),
  ``aria-hidden="true"`` or ``role="presentation"``/``"none"`` mark an image decorative
  (RGAA 1.2.1); only a whitespace-only ``alt`` counts as missing.

Vocabularies (generic words, redundant prefixes, file-name patterns) are data under
``rules/vocab/`` and are compiled once per process through ``ctx.resource``.
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import yaml

from betalint.catalogue import rules_dir
from betalint.checks import CheckContext, Finding, collector, document_check, site_check
from betalint.elements import Document, Element
from betalint.liquid import SENTINELS, LinkTag, has_liquid, resolve
from betalint.source import SafeLoader

# --- text folding -----------------------------------------------------------------------

_APOSTROPHES = "’ʼ‘`´"


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One character, lower-cased and without accent; apostrophes made straight."""
    if c in _APOSTROPHES:
        return "'"
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    return low if len(low) == 1 else base


def nfc(text: str) -> str:
    """Composed Unicode: files saved on macOS often hold "e" + U+0301 instead of "é"."""
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-folded text, of the same length as ``nfc(text)``.

    Keeping the length lets a match found on the folded text be cut out of the (composed)
    original: ALT005 quotes the rest of the alternative as the editor wrote it.
    """
    return "".join(map(_fold_char, nfc(text)))


def squash(text: str) -> str:
    """Folded text with whitespace collapsed and edge punctuation dropped: for equality."""
    return " ".join(fold(text).split()).strip(" .,;:!?-–—«»\"'()[]…*")


_TOKEN = re.compile(r"[^\W\d_]+'?|\d+")


def tokens(folded: str) -> list[str]:
    """Words of folded text; an elided article keeps its apostrophe ("l'", "d'")."""
    return _TOKEN.findall(folded)


def display(value: str | None, limit: int = 60) -> str:
    """A value short enough to quote in a message."""
    if value is None:
        return ""
    value = " ".join(value.split())
    if value.startswith("data:"):
        return "data:…"
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


# --- vocabularies -----------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    generic: frozenset[tuple[str, ...]]  # folded phrases, as token tuples
    longest: int  # length of the longest generic phrase, in tokens
    filler: frozenset[str]
    prefix: re.Pattern[str]  # on folded text
    extension: re.Pattern[str]
    camera: tuple[re.Pattern[str], ...]
    reference: re.Pattern[str]  # on folded text: a closing "described below"


def _load_yaml(name: str) -> dict[str, Any]:
    path = rules_dir() / "vocab" / name
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    return data if isinstance(data, dict) else {}


def _words(table: Any) -> list[str]:
    """A vocabulary entry: a list, or a mapping of language → list."""
    if isinstance(table, dict):
        return [str(w) for words in table.values() for w in (words or [])]
    return [str(w) for w in (table or [])]


def _alternation(words: list[str]) -> str:
    """Regex alternation of folded phrases, longest first, spaces matching any blank."""
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    parts = []
    for w in folded:
        piece = r"\s+".join(re.escape(p) for p in w.split())
        # an elided word ("d'") is followed directly by the next word
        parts.append(piece if w.endswith("'") else piece + r"\b")
    return "|".join(parts)


def load_vocabulary(_ctx: Any = None) -> Vocabulary:
    generic_data = _load_yaml("alt-generic.yml")
    prefixes = _load_yaml("alt-prefixes.yml")
    names = _load_yaml("alt-filenames.yml")
    generic = frozenset(tuple(tokens(fold(w))) for w in _words(generic_data.get("generic")))
    generic = frozenset(g for g in generic if g)
    filler = frozenset(t for w in _words(generic_data.get("filler")) for t in tokens(fold(w)))
    qualifiers = _words(prefixes.get("qualifiers"))
    prefix = re.compile(
        rf"^\s*(?:(?:{_alternation(_words(prefixes.get('articles')))})\s*)?"
        rf"(?:{_alternation(_words(prefixes.get('media')))})\s*"
        + (rf"(?:(?:{_alternation(qualifiers)})\s*)?" if qualifiers else "")
        + rf"(?:{_alternation(_words(prefixes.get('links')))})\s*"
    )
    exts = "|".join(re.escape(e.lower()) for e in _words(names.get("extensions")))
    extension = re.compile(rf"[\w)-]\.(?:{exts})(?![\w])", re.I)
    camera = tuple(re.compile(p, re.I) for p in _words(names.get("patterns")))
    refs = _load_yaml("alt-references.yml")
    reference = re.compile(
        rf"\s*(?:[-–—,.;:(]\s*)+(?:{_alternation(_words(refs.get('announce')))})\s*"
        rf"(?:(?:{_alternation(_words(refs.get('fillers')))})\s*)?"
        rf"(?:{_alternation(_words(refs.get('where')))})[\s).]*$"
    )
    return Vocabulary(
        generic=generic,
        longest=max((len(g) for g in generic), default=1),
        filler=filler,
        prefix=prefix,
        extension=extension,
        camera=camera,
        reference=reference,
    )


def vocabulary(ctx: CheckContext | None) -> Vocabulary:
    """The vocabularies, made on first use in a process (4 ms: YAML and large regular
    expressions); the checks ask for them only for a document with an image to judge."""
    if ctx is None:
        return _default_vocabulary()
    return ctx.resource("alt-vocabulary", load_vocabulary)


@functools.cache
def _default_vocabulary() -> Vocabulary:
    return load_vocabulary()


# --- classification of an alternative (pure functions, unit-tested) ---------------------


def is_generic(alt: str, vocab: Vocabulary) -> bool:
    """ALT003: the alternative is only generic words, fillers, numbers and punctuation."""
    folded = fold(alt)
    toks = tokens(folded)
    if not toks:
        # only punctuation ("-", "."): says nothing. Symbols and emoji do say something.
        stripped = "".join(folded.split())
        return bool(stripped) and all(unicodedata.category(c).startswith("P") for c in stripped)
    found = False
    i, n = 0, len(toks)
    while i < n:
        for size in range(min(vocab.longest, n - i), 0, -1):
            if tuple(toks[i : i + size]) in vocab.generic:
                found = True
                i += size
                break
        else:
            tok = toks[i]
            if tok in vocab.filler or tok.isdigit():
                i += 1
                continue
            return False
    return found


def redundant_prefix(alt: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """ALT005: (prefix as written, rest as written) when the alternative names its medium."""
    alt = nfc(alt)
    m = vocab.prefix.match(fold(alt))
    if not m:
        return None
    rest = alt[m.end() :].strip()
    if not rest or is_generic(rest, vocab):
        return None  # nothing but the medium: that is ALT003's business
    return alt[: m.end()].strip(), rest


# A scheme or a root-relative path; a bare domain ("beta.gouv.fr", "www.impots.gouv.fr") is
# how a site's logo is named, not a file name.
_URL = re.compile(r"^(?:https?|ftp)://\S+$|^/[^\s/]+(?:/\S*)?$", re.I)
_UNDERSCORE_WORDS = re.compile(r"[^\W_]_[^\W_]")
_ALNUM = re.compile(r"[\W_]+")


def filename_kind(alt: str, src: str | None, vocab: Vocabulary) -> str | None:
    """ALT004: why the alternative is a file name ("url", "extension", "camera", "src")."""
    text = " ".join(nfc(alt).split())
    if _URL.match(text):
        return "url"
    if vocab.extension.search(text):
        return "extension"
    straight = text.translate({ord(c): "'" for c in _APOSTROPHES})
    if any(p.fullmatch(straight) for p in vocab.camera):
        return "camera"
    if src:
        base = nfc(unquote(posixpath.basename(src.split("?", 1)[0].split("#", 1)[0])))
        stem = posixpath.splitext(base)[0]
        low = text.casefold()
        if base and low == base.casefold():
            return "src"
        # "cycle-phases" for cycle-phases.png; a plain word ("Mobilic" for mobilic.png) is
        # a fine name for a logo, so the stem must show it is a file name.
        if stem and low == stem.casefold() and re.search(r"[-_.\d]", stem):
            return "src"
        # A CMS upload keeps the original file name with its underscores as the alt:
        # "Présentation de la solution_CanDeLa" for pre.sentation.de.la.solution_candela.png
        if _UNDERSCORE_WORDS.search(text):
            a = _ALNUM.sub("", fold(text))
            s = _ALNUM.sub("", fold(stem))
            if len(a) >= 8 and a in s:
                return "src"
    return None


# --- the per-document analysis ----------------------------------------------------------

_DECORATIVE_ROLES = frozenset(("presentation", "none"))
_LINK_WRAPPERS = frozenset(("span", "strong", "em", "b", "i", "picture", "small", "sup", "sub"))
_TEXT_BLOCKS = frozenset(("p", "li", "dt", "dd", "td", "th"))
_SVG_NOTHING = frozenset(
    ("defs", "symbol", "style", "title", "desc", "metadata", "script", "lineargradient")
)


@dataclass(slots=True)
class Image:
    """One image-like element and its accessible name, as RGAA computes it."""

    el: Element
    kind: str  # img | input | area | role-img | svg
    unknown: bool = False  # Liquid makes the name (or the element) unknowable
    hidden: bool = False  # aria-hidden="true" or role presentation/none
    name: str | None = None  # accessible name, whitespace folded; None = no name
    source: str | None = None  # aria-labelledby | aria-label | alt | title | title-element
    alt: str | None = None  # the alt attribute as written (None: absent)
    src: str | None = None  # static src (Liquid resolved when possible), else None


@dataclass
class Analysis:
    doc: Document
    images: list[Image] = field(default_factory=list)
    by_index: dict[int, Image] = field(default_factory=dict)
    ids: dict[str, Element] = field(default_factory=dict)
    _unnamed_links: dict[int, Image | None] = field(default_factory=dict)


def _unknown_attr_names(el: Element) -> bool:
    """`<img {{ attrs }}>` or `{% if %}alt="…"{% endif %}` inside a tag: anything goes."""
    return any(any(s in k for s in SENTINELS) for k in el.attrs)


def _role(el: Element) -> str | None:
    value = el.attrs.get("role")
    if value is None:
        return None
    if has_liquid(value):
        return "?"
    parts = value.split()
    return parts[0].lower() if parts else ""


def _aria_hidden(el: Element) -> bool:
    value = el.attrs.get("aria-hidden")
    return value is not None and value.strip().lower() == "true"


def _static_src(el: Element, site_vars: dict[str, Any]) -> str | None:
    """The image file shown: ``data-src`` for lazy-loaded images (lozad, lazysizes put a
    placeholder in ``src``), else ``src``; Liquid resolved when it can be."""
    name = "data-src" if "data-src" in el.attrs else "src"
    raw = el.liquid_source(name)
    if raw is None:
        return None
    if not has_liquid(el.attrs.get(name, "")):
        return raw.strip()
    value = resolve(raw, site_vars)
    if isinstance(value, LinkTag):
        return "{% " + value.kind + " " + value.target + " %}" + value.suffix
    return value.strip() if value is not None else None


def analyse(doc: Document, ctx: CheckContext | None) -> Analysis:
    """The images of `doc` with their names; computed once per document for all rules."""
    cached = _CACHE.get("last")
    if cached is not None and cached.doc is doc:
        return cached
    site_vars = ctx.site.site_vars if ctx is not None else {}
    an = Analysis(doc)
    for el in doc.elements:
        ident = el.attrs.get("id")
        if ident and not has_liquid(ident):
            an.ids.setdefault(ident, el)
    for el in doc.elements:
        kind = _image_kind(el, doc)
        if kind is None:
            continue
        img = Image(el, kind)
        img.unknown = _unknown_attr_names(el)
        role = _role(el)
        if role == "?" or el.is_dynamic("aria-hidden"):
            img.unknown = True
        img.hidden = _aria_hidden(el) or role in _DECORATIVE_ROLES
        img.alt = el.attrs.get("alt")
        if kind in ("img", "input"):
            img.src = _static_src(el, site_vars)
        _name(img, an)
        an.images.append(img)
        an.by_index[el.index] = img
    _CACHE["last"] = an
    return an


_CACHE: dict[str, Analysis] = {}


def _image_kind(el: Element, doc: Document) -> str | None:
    tag = el.tag
    if tag == "img":
        return "img"
    if tag == "svg":
        # an <svg> nested in another one is part of that image
        if any(a.tag == "svg" for a in doc.ancestors(el)):
            return None
        return "svg"
    if tag == "input":
        t = el.attrs.get("type")
        return "input" if t is not None and t.strip().lower() == "image" else None
    if tag == "area":
        return "area" if "href" in el.attrs else None
    if _role(el) == "img":
        return "role-img"
    return None


_ORDER = {
    "img": ("aria-labelledby", "aria-label", "alt", "title"),
    "input": ("aria-labelledby", "aria-label", "alt", "title"),
    "area": ("aria-label", "alt"),
    "role-img": ("aria-labelledby", "aria-label"),
    "svg": ("aria-labelledby", "aria-label", "title-element"),
}


def _name(img: Image, an: Analysis) -> None:
    """Fill `img.name`/`source` following RGAA's order; Liquid on the way → unknown."""
    el = img.el
    for source in _ORDER[img.kind]:
        if source == "title-element":
            text = nfc(_svg_title(an.doc, el))
            if text:
                img.name, img.source = text, source
                return
            continue
        value = el.attrs.get(source)
        if value is None:
            continue
        if has_liquid(value):
            img.unknown = True
            return
        if source == "aria-labelledby":
            ids = value.split()
            if not ids:
                continue
            if any(i not in an.ids for i in ids):
                img.unknown = True  # the text lives in another file (layout, include)
                return
            value = " ".join(an.doc.text_of(an.ids[i], alt=True) for i in ids)
            if has_liquid(value):
                img.unknown = True
                return
        value = " ".join(nfc(value).split())
        if value:
            img.name, img.source = value, source
            return


def _svg_title(doc: Document, el: Element) -> str:
    for child in doc.children(el):
        if child.tag == "title":
            return doc.text_of(child)
    return ""


def _marked_decorative(img: Image) -> bool:
    """RGAA 1.2.1: `alt=""` (exactly) with no other name, or hidden from assistive tech."""
    if img.hidden:
        return True
    return img.kind == "img" and img.alt == "" and img.name is None


# --- links --------------------------------------------------------------------------------


def _is_link(el: Element) -> bool:
    return el.tag == "a" and "href" in el.attrs


def unnamed_link_image(an: Analysis, link: Element) -> tuple[bool, Image | None]:
    """(True, first image) when `link` holds images but nothing that gives it a name.

    Returns (False, None) when the link has a name, holds no image, or anything about it is
    dynamic. A name comes from the link's own ``aria-labelledby``/``aria-label``/``title``,
    from visible text, or from a named image (or any descendant ``aria-label``).
    """
    if link.index in an._unnamed_links:
        img = an._unnamed_links[link.index]
        return img is not None, img
    result = _unnamed(an, link)
    an._unnamed_links[link.index] = result
    return result is not None, result


def _unnamed(an: Analysis, link: Element) -> Image | None:
    if _unknown_attr_names(link):
        return None
    for attr in ("aria-labelledby", "aria-label", "title"):
        value = link.attrs.get(attr)
        if value is not None and (has_liquid(value) or value.strip()):
            return None
    if _aria_hidden(link):
        return None
    first: list[Image] = []
    if _has_name_content(an, link, first):
        return None
    return first[0] if first else None


def _has_name_content(an: Analysis, el: Element, images: list[Image]) -> bool:
    doc = an.doc
    for c in el.content:
        if isinstance(c, str):
            if c.strip():
                return True  # text (Liquid output counts: it may well be text)
            continue
        child = doc.elements[c]
        img = an.by_index.get(c)
        if img is not None:
            if img.unknown:
                return True
            images.append(img)
            if img.name and not img.hidden:
                return True
            continue
        if _aria_hidden(child) or child.tag in ("script", "style", "template"):
            continue
        if _unknown_attr_names(child):
            return True
        label = child.attrs.get("aria-label")
        if label is not None and (has_liquid(label) or label.strip()):
            return True
        if _has_name_content(an, child, images):
            return True
    return False


def _enclosing_link(doc: Document, el: Element) -> Element | None:
    for a in doc.ancestors(el):
        if _is_link(a):
            return a
    return None


# --- text around an image (ALT008) -------------------------------------------------------


def _plain_text(doc: Document, el: Element, parts: list[str]) -> None:
    """Text an element shows, without images' alternatives or hidden parts."""
    for c in el.content:
        if isinstance(c, str):
            parts.append(c)
            continue
        child = doc.elements[c]
        if child.tag in ("img", "svg", "script", "style", "template") or _aria_hidden(child):
            continue
        if child.tag in ("br", "p", "div", "li"):
            parts.append(" ")
        _plain_text(doc, child, parts)


def text_without_images(doc: Document, el: Element) -> str:
    parts: list[str] = []
    _plain_text(doc, el, parts)
    return " ".join("".join(parts).split())


_BREAKS = frozenset(("br", "img", "svg", "hr", "input", "picture", "figure"))


def adjacent_texts(doc: Document, el: Element) -> list[str]:
    """The text run right before and right after `el` in its paragraph or list item.

    An image alone in an inline wrapper (``<a>``, ``<span>``…) is looked at from that
    wrapper, so ``[![X](x.png)](/p) X`` compares "X" with the text after the link. A run
    stops at a line break, another image or a block.
    """
    node = el
    while node.parent != -1:
        parent = doc.elements[node.parent]
        if parent.tag in _TEXT_BLOCKS:
            break
        if (parent.tag == "a" or parent.tag in _LINK_WRAPPERS) and _only_child(doc, parent, node):
            node = parent
            continue
        return []
    else:
        return []
    parent = doc.elements[node.parent]
    pos = parent.content.index(node.index)
    before: list[str] = []
    for c in reversed(parent.content[:pos]):
        if not _run_piece(doc, c, before):
            break
    after: list[str] = []
    for c in parent.content[pos + 1 :]:
        if not _run_piece(doc, c, after):
            break
    out = []
    for run in ("".join(reversed(before)), "".join(after)):
        text = " ".join(run.split())
        if text:
            out.append(text)
    return out


def _only_child(doc: Document, parent: Element, node: Element) -> bool:
    for c in parent.content:
        if isinstance(c, str):
            if c.strip():
                return False
        elif c != node.index:
            return False
    return True


def _run_piece(doc: Document, c: Any, out: list[str]) -> bool:
    """Add one content piece to a text run; False when the run stops there."""
    if isinstance(c, str):
        out.append(c)
        return True
    child = doc.elements[c]
    if child.tag in _BREAKS or child.tag in _TEXT_BLOCKS or child.tag in ("div", "ul", "ol"):
        return False
    if any(d.tag in _BREAKS for d in doc.descendants(child)):
        return False
    out.append(text_without_images(doc, child))
    return True


def _figcaption(doc: Document, el: Element) -> Element | None:
    for a in doc.ancestors(el):
        if a.tag == "figure":
            for child in doc.children(a):
                if child.tag == "figcaption":
                    return child
            return None
    return None


# --- Liquid branches (ALT002) -------------------------------------------------------------

# `for … else … endfor` too: the else part renders only when the loop body does not.
_OPENERS = frozenset(("if", "unless", "case", "for", "tablerow"))
_BRANCHES = frozenset(("elsif", "else", "when"))
_CLOSERS = frozenset(("endif", "endunless", "endcase", "endfor", "endtablerow"))


def branch_paths(doc: Document) -> tuple[list[int], list[tuple[tuple[int, int], ...]]]:
    """Where each ``{% if %}``/``{% case %}`` branch starts: offsets and branch paths.

    A path is the tuple of (block number, branch number) enclosing an offset. Two elements
    whose paths share a block with different branch numbers never render together (the
    English and French logos of a layout may well share one alt).
    """
    offsets: list[int] = [0]
    paths: list[tuple[tuple[int, int], ...]] = [()]
    stack: list[list[int]] = []  # [block number, branch number]
    block = 0
    for tag in doc.liquid_tags:
        name = tag.name
        if name in _OPENERS:
            block += 1
            stack.append([block, 0])
        elif name in _BRANCHES and stack:
            stack[-1][1] += 1
        elif name in _CLOSERS and stack:
            stack.pop()
        else:
            continue
        offsets.append(tag.end)
        paths.append(tuple((b, n) for b, n in stack))
    return offsets, paths


def exclusive(p: tuple[tuple[int, int], ...], q: tuple[tuple[int, int], ...]) -> bool:
    branches = dict(p)
    return any(b in branches and branches[b] != n for b, n in q)


# --- rules --------------------------------------------------------------------------------


def _src_arg(img: Image) -> str:
    return display(img.el.liquid_source("src") or "")


@document_check("ALT001")
def alt_missing(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.1.1–1.1.3: an image, image button, map area or role="img" without a name."""
    an = analyse(doc, ctx)
    for img in an.images:
        if img.unknown or img.kind == "svg" or img.name is not None:
            continue
        el = img.el
        if img.kind == "area":
            if img.hidden:
                continue
            yield Finding(
                "ALT001", el.line, el.col, {"href": display(el.attrs.get("href"))}, "area"
            )
            continue
        if img.kind == "input":
            yield Finding("ALT001", el.line, el.col, {"src": _src_arg(img)}, "input")
            continue
        if _marked_decorative(img):
            continue
        if img.kind == "role-img":
            yield Finding("ALT001", el.line, el.col, {"tag": el.tag}, "role-img")
            continue
        # An image that is all a link holds is judged as a link (RGAA 6.2): ALT007.
        link = _enclosing_link(doc, el)
        if link is not None and unnamed_link_image(an, link)[0]:
            continue
        # no alt at all, or only spaces (in Markdown: `![ ](…)`)
        blank = "md-blank" if el.origin == "md" else "blank"
        variant = None if img.alt is None else blank
        yield Finding("ALT001", el.line, el.col, {"src": _src_arg(img)}, variant)


def _named(an: Analysis) -> Iterator[Image]:
    """Images whose name is text written in an attribute (or an svg <title>)."""
    for img in an.images:
        if img.unknown or img.hidden or img.name is None:
            continue
        if img.source == "aria-labelledby":
            continue  # visible text elsewhere in the page, not an alternative to judge
        yield img


def _judged(doc: Document, ctx: CheckContext | None) -> Iterator[tuple[Image, Vocabulary]]:
    """The :func:`_named` images of `doc`, each with the vocabularies they are judged by:
    made only for a document that has such an image (see :func:`vocabulary`)."""
    named = _named(analyse(doc, ctx))
    first = next(named, None)
    if first is None:
        return
    vocab = vocabulary(ctx)
    yield first, vocab
    for img in named:
        yield img, vocab


def _quality(img: Image, vocab: Vocabulary) -> str | None:
    """The first quality problem of a name: one finding per alternative, most telling first."""
    assert img.name is not None
    if filename_kind(img.name, img.src, vocab):
        return "ALT004"
    if is_generic(img.name, vocab):
        return "ALT003"
    if redundant_prefix(img.name, vocab):
        return "ALT005"
    return None


def _attr_arg(img: Image) -> str:
    return "title" if img.source == "title-element" else img.source or "alt"


@document_check("ALT003")
def alt_generic(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.3.1: an alternative made only of generic words says nothing."""
    for img, vocab in _judged(doc, ctx):
        if _quality(img, vocab) == "ALT003":
            el = img.el
            yield Finding(
                "ALT003", el.line, el.col, {"alt": display(img.name), "attr": _attr_arg(img)}
            )


@document_check("ALT004")
def alt_filename(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.3.1 (WCAG failure F30): the alternative is a file name or an address."""
    for img, vocab in _judged(doc, ctx):
        if _quality(img, vocab) == "ALT004":
            assert img.name is not None
            why = filename_kind(img.name, img.src, vocab)
            variant = why if why in ("url", "camera") else None
            el = img.el
            yield Finding("ALT004", el.line, el.col, {"alt": display(img.name)}, variant)


@document_check("ALT005")
def alt_redundant_prefix(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.3.1: "Image de…", "Photo of…": the screen reader already says it is an image."""
    for img, vocab in _judged(doc, ctx):
        if _quality(img, vocab) != "ALT005":
            continue
        assert img.name is not None
        found = redundant_prefix(img.name, vocab)
        if found is None:
            continue
        prefix, rest = found
        el = img.el
        yield Finding(
            "ALT005",
            el.line,
            el.col,
            {
                "alt": display(img.name),
                "prefix": prefix,
                "suggestion": display(rest[:1].upper() + rest[1:]),
            },
        )


def short_alternative(alt: str, vocab: Vocabulary) -> str:
    """The alternative without a closing reference to its detailed description.

    RGAA 1.6.1 lets the short alternative of a complex image end by saying where its
    detailed description is ("… – décrit ci-après"); that reference is not the text an
    editor is asked to keep concise, so ALT006 does not count it. Only a reference that
    ends the alternative after a separator is cut: "Décrit ci-dessous" alone stays."""
    text = nfc(alt)
    m = vocab.reference.search(fold(text))
    if m is None or not text[: m.start()].strip():
        return text
    return text[: m.start()].rstrip()


@document_check("ALT006")
def alt_too_long(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.3.9: an alternative must be short and concise (80 characters recommended),
    not counting a closing reference to a detailed description (RGAA 1.6.1)."""
    limit = int(ctx.options("ALT006").get("max-length") or 80)
    for img, vocab in _judged(doc, ctx):
        assert img.name is not None
        short = short_alternative(img.name, vocab)
        length = len(short)
        if length > limit:
            el = img.el
            yield Finding(
                "ALT006",
                el.line,
                el.col,
                {"alt": display(img.name, 50), "length": length, "limit": limit},
                variant="reference" if short != nfc(img.name) else None,
            )


@document_check("ALT007")
def link_image_no_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 6.2.1: a link whose only content is images without alternative has no name."""
    an = analyse(doc, ctx)
    if not an.images:
        return
    for el in doc.elements:
        if not _is_link(el):
            continue
        unnamed, img = unnamed_link_image(an, el)
        if not unnamed or img is None:
            continue
        href = el.liquid_source("href") or ""
        variant = "md" if el.origin == "md" and img.el.origin == "md" else None
        yield Finding(
            "ALT007",
            el.line,
            el.col,
            {"href": display(href), "src": _src_arg(img) if img.kind != "svg" else "<svg>"},
            variant,
        )


@document_check("ALT008")
def alt_duplicates_text(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.3.1: an alternative that repeats the link text, the caption or the text
    right next to the image is read twice by screen readers (WCAG technique H2)."""
    an = analyse(doc, ctx)
    for img in _named(an):
        assert img.name is not None
        alt = squash(img.name)
        if not alt:
            continue
        el = img.el
        args = {"alt": display(img.name), "attr": _attr_arg(img)}
        link = _enclosing_link(doc, el)
        if link is not None and squash(text_without_images(doc, link)) == alt:
            yield Finding("ALT008", el.line, el.col, args, "link")
            continue
        caption = _figcaption(doc, el)
        if caption is not None and squash(text_without_images(doc, caption)) == alt:
            yield Finding("ALT008", el.line, el.col, args, "caption")
            continue
        if any(squash(t) == alt for t in adjacent_texts(doc, el)):
            yield Finding("ALT008", el.line, el.col, args)


@document_check("ALT009")
def decorative_image_titled(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.2.1 / 1.2.4: an image marked decorative that still carries a text."""
    an = analyse(doc, ctx)
    for img in an.images:
        el = img.el
        if img.kind == "img" and not img.unknown:
            if img.alt is None or img.alt.strip():
                continue
            for attr in ("title", "aria-label", "aria-labelledby"):
                value = el.attrs.get(attr)
                if value is None or has_liquid(value) or not value.strip():
                    continue
                variant = "md" if el.origin == "md" and attr == "title" else None
                yield Finding(
                    "ALT009",
                    el.line,
                    el.col,
                    {"src": _src_arg(img), "attr": attr, "value": display(value)},
                    variant,
                )
                break
        elif img.kind == "svg" and _aria_hidden(el) and not _unknown_attr_names(el):
            value = _svg_hidden_text(doc, el)
            if value:
                yield Finding("ALT009", el.line, el.col, {"value": display(value)}, "svg")


def _svg_hidden_text(doc: Document, el: Element) -> str | None:
    """A text an aria-hidden svg should not carry (RGAA 1.2.4): title, desc, label."""
    for attr in ("aria-label", "aria-labelledby", "title"):
        value = el.attrs.get(attr)
        if value is not None and not has_liquid(value) and value.strip():
            return value
    for d in doc.descendants(el):
        value = d.attrs.get("title")
        if value is not None and not has_liquid(value) and value.strip():
            return value
        if d.tag in ("title", "desc"):
            text = doc.text_of(d)
            if text and not has_liquid(text):
                return text
    return None


@document_check("ALT010")
def svg_no_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """RGAA 1.1.5: `<svg role="img">` needs a name; an unmarked `<svg>` is unpredictable."""
    an = analyse(doc, ctx)
    for img in an.images:
        if img.kind != "svg" or img.unknown or img.hidden or img.name is not None:
            continue
        el = img.el
        role = _role(el)
        if role == "img":
            yield Finding("ALT010", el.line, el.col, {})
        elif role is None and _renders(doc, el) and not _in_presentational(doc, el):
            yield Finding("ALT010", el.line, el.col, {}, "unmarked", severity="warning")


def _in_presentational(doc: Document, el: Element) -> bool:
    """Inside a button or a `role="img"` element, children are presentational (ARIA):
    an svg there is never announced on its own, it only adds its name to the parent's."""
    return any(a.tag == "button" or _role(a) in ("button", "img") for a in doc.ancestors(el))


def _renders(doc: Document, el: Element) -> bool:
    """False for sprite sheets and hidden svgs (only <defs>/<symbol>, `hidden`, 0 size)."""
    if "hidden" in el.attrs:
        return False
    style = (el.attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return False
    if el.attrs.get("width", "").strip() in ("0", "0px") or el.attrs.get("height", "").strip() in (
        "0",
        "0px",
    ):
        return False
    children = doc.children(el)
    return not children or any(c.tag.lower() not in _SVG_NOTHING for c in children)


# --- ALT002: one page, or the whole site ----------------------------------------------------


def _placeless_alts(items: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(key, name, src, branch) for key, name, src, _l, _c, branch in items]


def _alt_places(items: list[tuple[Any, ...]]) -> list[tuple[int, int | None]]:
    return [(line, col) for _k, _n, _s, line, col, _b in items]


@collector("alt-images", placeless=_placeless_alts, places=_alt_places)
def collect_alts(doc: Document, ctx: CheckContext) -> list[tuple[Any, ...]]:
    """(folded name, name, src, line, col, branch path) of each named image with a src."""
    # An alternative already reported as generic or as a file name must be rewritten
    # anyway: saying also that it is repeated would only add noise.
    enabled = ctx.config.enabled if ctx is not None else set()
    rewrite = {code for code in ("ALT003", "ALT004") if code in enabled}
    out: list[tuple[Any, ...]] = []
    offsets: list[int] | None = None
    paths: list[Any] = []
    for img, vocab in _judged(doc, ctx):
        if img.kind not in ("img", "input") or not img.src or img.name is None:
            continue
        if rewrite and _quality(img, vocab) in rewrite:
            continue
        key = squash(img.name)
        if not key:
            continue
        if offsets is None:
            offsets, paths = branch_paths(doc)
        at = doc.offset(img.el.line, img.el.col)
        path = paths[bisect_right(offsets, at) - 1]
        src = img.src.split("#", 1)[0].split("?", 1)[0]
        out.append((key, img.name, src, img.el.line, img.el.col, path))
    return out


@site_check("ALT002", collect=("alt-images",))
def alt_repeated(site: Any) -> Iterator[Finding]:
    """RGAA 1.3.1: one alternative for different images of a page tells them apart badly."""
    collected: dict[str, list[tuple[Any, ...]]] = site.collected.get("alt-images", {})
    reported: set[tuple[str, int, int]] = set()
    for path in sorted(collected):
        firsts: dict[str, tuple[Any, ...]] = {}
        for item in collected[path]:
            key, name, src, line, col, branch = item
            first = firsts.get(key)
            if first is None:
                firsts[key] = item
                continue
            if src == first[2] or exclusive(branch, first[5]):
                continue
            reported.add((path, line, col))
            yield Finding(
                "ALT002",
                line,
                col,
                {"alt": display(name), "first": first[3]},
                path=path,
            )
    threshold = int(site.options("ALT002").get("site-max-images") or 0)
    if threshold > 0:
        yield from _site_wide(collected, threshold, reported)


def _site_wide(
    collected: dict[str, list[tuple[Any, ...]]], threshold: int, reported: set[tuple[str, int, int]]
) -> Iterator[Finding]:
    groups: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    for path in sorted(collected):
        for item in collected[path]:
            groups.setdefault(item[0], []).append((path, item))
    for occurrences in groups.values():
        sources = {item[2] for _path, item in occurrences}
        if len(sources) <= threshold:
            continue
        first_path, first = occurrences[0]
        for path, item in occurrences:
            _key, name, src, line, col, _branch = item
            if src == first[2] or (path, line, col) in reported:
                continue
            yield Finding(
                "ALT002",
                line,
                col,
                {
                    "alt": display(name),
                    "count": len(sources),
                    "first_path": first_path,
                    "first": first[3],
                },
                variant="site",
                path=path,
            )
