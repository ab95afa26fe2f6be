"""The rule catalogue: one Markdown file per rule under ``rules/``, read as data.

Each ``rules/<CODE>.md`` has YAML front matter (code, name, family, severity, rgaa, wcag,
fixable, messages in English and French, options) and a body for people: why it matters,
then **Bad** and **Good** examples in fenced blocks that the test suite runs. Keeping the
catalogue as data means ``betalint rules``, ``explain``, SARIF and the audit report all say
the same thing, and a translation is a text edit.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from betalint.source import load_mapping

SEVERITIES = ("info", "warning", "error")
LANGS = ("en", "fr")


def rules_dir() -> Path:
    """The catalogue folder: inside the installed package, or the repository's ``rules/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    repo = here.parent.parent / "rules"
    if repo.is_dir():
        return repo
    raise FileNotFoundError("betalint's rules/ catalogue is missing from this installation")


@dataclass(frozen=True)
class Example:
    kind: str  # "bad" | "good"
    files: tuple[tuple[str, str, str], ...]  # (path, content, encoding)
    title: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: str
    summary: dict[str, str]  # one line per language: what the rule checks
    message: dict[str, str]  # default message template per language
    variants: dict[str, dict[str, str]]  # other message templates, by key
    hint: dict[str, str]  # how to fix, per language
    #: how to fix one kind of finding (same keys as `variants`, placeholders of the
    #: finding's arguments), when the generic `hint` cannot be concrete enough
    variant_hints: dict[str, dict[str, str]] = field(default_factory=dict)
    rgaa: tuple[str, ...] = ()
    wcag: tuple[str, ...] = ()
    fixable: bool = False
    default: bool = True  # enabled without `select`/`extend-select`
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    body: str = ""
    path: str = ""

    def template(self, lang: str, variant: str | None = None) -> str:
        table = self.variants.get(variant, self.message) if variant else self.message
        return table.get(lang) or table["en"]

    def hint_template(self, lang: str, variant: str | None = None) -> str:
        """The fix hint of a finding: its variant's own hint, else the rule's."""
        table = self.variant_hints.get(variant, self.hint) if variant else self.hint
        return table.get(lang) or table.get("en", "")

    def option_defaults(self) -> dict[str, Any]:
        return {k: v.get("default") for k, v in self.options.items()}

    @property
    def examples(self) -> list[Example]:
        return parse_examples(self.body)


_FENCE = re.compile(r"^(`{3,}|~{3,})([^\n]*)\n(.*?)^\1[ \t]*$", re.M | re.S)
_SECTION = re.compile(r"^#{2,4}\s+(Bad|Good)\b[^\n]*$", re.M | re.I)


def _heading_outside_fences(text: str) -> int | None:
    """Offset of the first non-example heading line of `text` that is not inside a fence."""
    fence: str | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        m = re.match(r"(`{3,}|~{3,})", line)
        if fence is None and m:
            fence = m.group(1)
        elif (
            fence is not None
            and line.strip().startswith(fence)
            and not line.strip(fence[0] + " \t\n")
        ):
            fence = None
        elif fence is None and re.match(r"#{1,4}\s+(?!Bad|Good)", line, re.I):
            return pos
        pos += len(line)
    return None


def parse_examples(body: str) -> list[Example]:
    """Bad/Good examples: each ``### Bad``/``### Good`` section is one small site.

    Fences in a section are its files; the info string names the file with ``file=PATH``
    (default ``page.md`` for Markdown, ``page.html`` for HTML) and ``encoding=NAME`` the
    encoding the file is written in (default UTF-8), for rules about bytes.
    """
    examples: list[Example] = []
    sections = list(_SECTION.finditer(body))
    for i, sec in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(body)
        chunk = body[sec.end() : end]
        # a following non-example heading ends the section (not a `#` line inside a fence:
        # Markdown examples are full of headings)
        stop = _heading_outside_fences(chunk)
        if stop is not None:
            chunk = chunk[:stop]
        files = []
        for fm in _FENCE.finditer(chunk):
            info = fm.group(2).strip()
            lang = info.split()[0] if info else "md"
            path_m = re.search(r"\bfile=(\S+)", info)
            if path_m:
                path = path_m.group(1)
            else:
                path = "page.html" if lang in ("html", "liquid") else "page.md"
            enc_m = re.search(r"\bencoding=(\S+)", info)
            files.append((path, fm.group(3), enc_m.group(1) if enc_m else "utf-8"))
        if files:
            examples.append(
                Example(sec.group(1).lower(), tuple(files), sec.group(0).lstrip("#").strip())
            )
    return examples


def placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


class CatalogueError(Exception):
    pass


def _lang_table(value: Any, where: str, key: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGS):
        raise CatalogueError(f"{where}: `{key}` needs `en` and `fr` texts")
    return {lang: value[lang] for lang in LANGS}


def load_rule(path: Path) -> Rule:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
    if not m:
        raise CatalogueError(f"{path}: no front matter")
    data = load_mapping(m.group(1))
    where = path.name
    for key in ("code", "name", "family", "severity", "message", "summary"):
        if key not in data:
            raise CatalogueError(f"{where}: missing `{key}`")
    if data["severity"] not in SEVERITIES:
        raise CatalogueError(f"{where}: severity must be one of {SEVERITIES}")
    variants = {
        str(k): _lang_table(v, where, f"variants.{k}")
        for k, v in (data.get("variants") or {}).items()
    }
    variant_hints = {
        str(k): _lang_table(v, where, f"hints.{k}") for k, v in (data.get("hints") or {}).items()
    }
    unknown = sorted(set(variant_hints) - set(variants))
    if unknown:
        raise CatalogueError(f"{where}: `hints` for unknown variants: {', '.join(unknown)}")
    return Rule(
        code=str(data["code"]),
        name=str(data["name"]),
        family=str(data["family"]),
        severity=str(data["severity"]),
        summary=_lang_table(data["summary"], where, "summary"),
        message=_lang_table(data["message"], where, "message"),
        variants=variants,
        hint=_lang_table(data.get("hint") or {"en": "", "fr": ""}, where, "hint"),
        variant_hints=variant_hints,
        rgaa=tuple(str(x) for x in data.get("rgaa") or ()),
        wcag=tuple(str(x) for x in data.get("wcag") or ()),
        fixable=bool(data.get("fixable", False)),
        default=bool(data.get("default", True)),
        options=dict(data.get("options") or {}),
        body=m.group(2),
        path=str(path),
    )


@cache
def catalogue() -> dict[str, Rule]:
    """All rules, by code, in code order."""
    rules: dict[str, Rule] = {}
    for path in sorted(rules_dir().glob("*.md")):
        if path.name.upper() == "README.MD":
            continue
        rule = load_rule(path)
        if rule.code in rules:
            raise CatalogueError(f"duplicate rule code {rule.code}")
        rules[rule.code] = rule
    return dict(sorted(rules.items(), key=lambda kv: _code_key(kv[0])))


def _code_key(code: str) -> tuple[str, int]:
    m = re.match(r"([A-Z]+)(\d+)$", code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


def by_name() -> dict[str, Rule]:
    return {r.name: r for r in catalogue().values()}


def resolve_selector(selector: str) -> list[str]:
    """Codes matched by a selector: a code, a code prefix (``ALT``, ``LNK00``), a rule name,
    a family name, or ``ALL``. Raises KeyError when nothing matches."""
    cat = catalogue()
    sel = selector.strip()
    if sel.upper() == "ALL":
        return list(cat)
    if sel.upper() in cat:
        return [sel.upper()]
    names = by_name()
    if sel.lower() in names:
        return [names[sel.lower()].code]
    prefixed = (
        [c for c in cat if c.startswith(sel.upper())] if re.fullmatch(r"[A-Za-z]+\d*", sel) else []
    )
    if prefixed:
        return prefixed
    family = [r.code for r in cat.values() if r.family == sel.lower()]
    if family:
        return family
    raise KeyError(selector)


def option_text(description: Any, lang: str) -> str:
    """A rule option's description in `lang`: catalogue entries write it as a mapping
    of language to text (English when the language is missing), or as one string."""
    if isinstance(description, dict):
        return str(description.get(lang) or description.get("en") or "")
    return str(description or "")
