"""The audit report's data, built once from a finished run; every renderer (HTML,
Markdown, JSON, CSV) formats this and computes nothing.

Everything about rules comes from the catalogue (``family``, ``rgaa``, ``wcag``, summary,
hint), so a rule added to ``rules/`` shows up in every table without a code change. The
RGAA criteria titles come from ``rules/rgaa.yml``, the family names from
``rules/families.yml``.

What a "page" is here: a source file with findings. A finding in a layout or an include
is counted once, on that file, although every page using it shows the problem; the report
says so.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from betalint import __version__
from betalint.catalogue import Rule, catalogue, rules_dir
from betalint.i18n import normalise as normalise_lang
from betalint.source import SafeLoader

SEVERITIES = ("error", "warning", "info")
TOP_PAGES = 15
EXCERPT_MAX = 180  # characters of a source line shown; longer lines are cut around the column
PAGE_KINDS = frozenset(("page", "document", "plain"))


# --- reference data ------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    number: str
    level: str
    title: dict[str, str]  # fr, en


@dataclass(frozen=True)
class Rgaa:
    version: str
    url: str
    themes: dict[str, dict[str, str]]
    criteria: dict[str, Criterion]


def _load_yaml(name: str) -> Any:
    with (rules_dir() / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SafeLoader)


@cache
def rgaa() -> Rgaa:
    """RGAA criteria titles (``rules/rgaa.yml``)."""
    data = _load_yaml("rgaa.yml")
    criteria = {
        str(num): Criterion(str(num), str(c.get("level", "")), {"fr": c["fr"], "en": c["en"]})
        for num, c in (data.get("criteria") or {}).items()
    }
    themes = {str(k): dict(v) for k, v in (data.get("themes") or {}).items()}
    return Rgaa(str(data.get("version", "")), str(data.get("url", "")), themes, criteria)


@cache
def families() -> dict[str, dict[str, str]]:
    """Family names as people read them (``rules/families.yml``)."""
    return {str(k): dict(v) for k, v in (_load_yaml("families.yml") or {}).items()}


def family_label(family: str, lang: str) -> str:
    names = families().get(family)
    return (names.get(lang) or names.get("en") or family) if names else family


def criterion_key(number: str) -> tuple[int, ...]:
    """Numeric order: 1.2 < 1.10 < 6.1."""
    return tuple(int(x) if x.isdigit() else 0 for x in number.split("."))


# --- the report ----------------------------------------------------------------------


@dataclass
class Item:
    """One finding as the report shows it."""

    rule: str
    name: str
    family: str
    severity: str
    path: str  # as check shows it (relative to the current folder)
    site_path: str
    line: int
    column: int
    message: str
    hint: str
    excerpt: str  # the source line, cut when very long
    rgaa: list[str]
    wcag: list[str]
    url: str | None = None
    new: bool | None = None  # None: no baseline given


@dataclass
class RuleGroup:
    rule: str
    name: str
    severity: str  # the highest severity of its findings
    hint: str
    rgaa: list[str]
    items: list[Item]


@dataclass
class Page:
    anchor: str  # id of its section in the HTML report
    path: str
    site_path: str
    kind: str  # page | document | layout | include | static | plain | other
    collection: str | None
    title: str | None
    url: str | None
    items: list[Item]
    counts: dict[str, int]  # per severity
    new: int = 0

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def url_label(self) -> str | None:
        """The address as people read it (``/données/``, not ``/donn%C3%A9es/``)."""
        return unquote(self.url) if self.url else None

    @property
    def groups(self) -> list[RuleGroup]:
        by_rule: dict[str, list[Item]] = {}
        for it in self.items:
            by_rule.setdefault(it.rule, []).append(it)
        out = []
        for code in sorted(by_rule, key=_rule_order):
            items = by_rule[code]
            first = items[0]
            worst = min(items, key=lambda i: SEVERITIES.index(i.severity)).severity
            # one hint per kind of fix: variants of a rule may each have their own
            hint = " ".join(dict.fromkeys(i.hint for i in items if i.hint))
            out.append(RuleGroup(code, first.name, worst, hint, first.rgaa, items))
        return out


@dataclass
class CriterionRow:
    number: str
    title: str
    level: str
    theme: str
    findings: int
    pages: int
    rules: list[str]  # rules that ran and refer to this criterion
    rules_with_findings: list[str]
    new: int = 0


@dataclass
class FamilyRow:
    family: str
    label: str
    rules: list[str]  # rules of the family that ran
    findings: int
    pages: int
    criteria: list[str]
    new: int = 0


@dataclass
class RuleRow:
    code: str
    name: str
    family: str
    severity: str
    summary: str
    hint: str
    rgaa: list[str]
    wcag: list[str]
    findings: int
    pages: int
    new: int = 0


@dataclass
class Report:
    lang: str
    site_lang: str | None  # the language the site is written in (fr, en), when known
    site_name: str
    site_url: str | None
    root: str
    mode: str  # jekyll | plain
    date: _dt.date
    generated: str  # ISO 8601 timestamp
    version: str
    dsfr_version: str | None
    rgaa_version: str
    rgaa_url: str
    files_checked: int
    pages_checked: int
    items: list[Item]
    severity: dict[str, int]
    criteria: list[CriterionRow]
    families: list[FamilyRow]
    rules: list[RuleRow]
    pages: list[Page]
    top_pages: list[Page]
    no_criterion: int  # findings of rules tied to no RGAA criterion
    criteria_checked: int
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    suppressed: int = 0
    baseline: dict[str, Any] | None = None  # file, known, fixed, new

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def pages_with_findings(self) -> int:
        return len(self.pages)

    @property
    def criteria_with_findings(self) -> int:
        return sum(1 for c in self.criteria if c.findings)


def _rule_order(code: str) -> tuple[str, int]:
    m = re.match(r"([A-Z]+)(\d+)$", code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


def excerpt(line: str, column: int, limit: int = EXCERPT_MAX) -> str:
    """The source line without its indentation, cut around ``column`` when too long."""
    text = line.rstrip("\r\n")
    stripped = text.lstrip()
    col = max(column - 1 - (len(text) - len(stripped)), 0)
    text = stripped.rstrip()
    if len(text) <= limit:
        return text
    start = max(0, min(col - limit // 3, len(text) - limit))
    end = start + limit
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


CONTEXT_LINES = 4  # at most this many more lines to show a tag written over several lines


def _opens_tag(text: str) -> bool:
    """Whether a tag starts in ``text`` and is not closed in it (``<img`` then its
    attributes on the next lines)."""
    last = text.rfind("<")
    return last != -1 and ">" not in text[last:]


class _Lines:
    """Lines of the site's files, read once and only for findings that need more than
    their own line."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[str]] = {}

    def get(self, path: str) -> list[str]:
        if path not in self.files:
            try:
                text = (self.root / path).read_text(encoding="utf-8", errors="replace")
                self.files[path] = text.splitlines()
            except OSError:
                self.files[path] = []
        return self.files[path]


def source_excerpt(v: Any, lines: _Lines) -> str:
    """The finding's line (cut when very long) and, when a tag begun at the finding goes on
    over the next lines, those lines too, so the excerpt shows the whole element."""
    first = excerpt(v.source_line, v.column)
    if not v.site_path or not _opens_tag(v.source_line[max(v.column - 1, 0) :]):
        return first
    text = lines.get(v.site_path)
    more: list[str] = []
    for n in range(v.line, min(v.line + CONTEXT_LINES, len(text))):
        more.append(text[n])
        if ">" in text[n]:
            break
    else:
        return first
    indent = min(len(m) - len(m.lstrip()) for m in more if m.strip()) if more else 0
    return "\n".join([first, *("  " + m[indent:].rstrip()[:EXCERPT_MAX] for m in more)])


def _today() -> tuple[_dt.date, str]:
    """Now, or ``SOURCE_DATE_EPOCH`` (reproducible builds) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC)
    else:
        moment = _dt.datetime.now().astimezone()
    return moment.date(), moment.isoformat(timespec="seconds")


def _in_targets(path: str, targets: list[str] | None) -> bool:
    if targets is None:
        return True
    return any(path == t or path.startswith(t + "/") for t in targets)


def _site_url(config: dict[str, Any]) -> str | None:
    url = config.get("url")
    if not isinstance(url, str) or not re.match(r"https?://", url):
        return None
    base = config.get("baseurl")
    base = base.strip("/") if isinstance(base, str) else ""
    return url.rstrip("/") + ("/" + base if base else "")


def page_urls(result: Any, paths: set[str]) -> dict[str, str]:
    """Published URLs of source files, from the site index (``betalint.index``): the one
    the run's site checks built, else a new one. {} if it cannot be had: the report names
    every page by its source file anyway, and never fails for want of an address."""
    if not paths:
        return {}
    try:
        ix = (getattr(result, "shared", None) or {}).get("index")  # built by site checks
        if ix is None:
            from betalint import index as site_index

            summaries = {r.path: r.summary for r in result.documents if r.summary}
            ix = site_index.build(result.site, summaries)
        base = _site_url(result.site.config) or ""
        out: dict[str, str] = {}
        for path in paths:
            item = ix.by_source(path)
            if item is None or not getattr(item, "published", True):
                continue
            url = getattr(item, "url", None)
            if isinstance(url, str) and url.startswith("/"):
                out[path] = base + url
        return out
    except Exception:  # ImportError included: the index is a convenience here
        return {}


def _title(summary: dict[str, Any]) -> str | None:
    fm = summary.get("front_matter")
    title = fm.get("title") if isinstance(fm, dict) else None
    if not isinstance(title, str) or not title.strip() or "{{" in title or "{%" in title:
        return None
    return " ".join(title.split())


def build(
    result: Any,
    config: Any,
    *,
    new: set[int] | None = None,
    baseline: dict[str, Any] | None = None,
) -> Report:
    """The report of a run. ``new`` holds the ``id()`` of violations a baseline did not
    know (None: no baseline); ``baseline`` what the CLI learnt applying it."""
    lang = result.lang if result.lang in ("fr", "en") else "en"
    cat = catalogue()
    ref = rgaa()
    ran = [code for code in cat if code in config.enabled]
    docs = {d.path: d for d in result.documents}
    site = result.site
    config_title = site.config.get("title") if site.mode == "jekyll" else None
    site_name = (
        " ".join(config_title.split())
        if isinstance(config_title, str) and config_title.strip()
        else Path(result.root).resolve().name
    )

    paths = {v.site_path for v in result.violations if v.site_path}
    urls = page_urls(result, paths)

    lines = _Lines(Path(result.root))
    items: list[Item] = []
    for v in result.violations:
        rule: Rule = cat[v.rule]
        items.append(
            Item(
                rule=v.rule,
                name=v.name,
                family=rule.family,
                severity=v.severity,
                path=v.path,
                site_path=v.site_path,
                line=v.line,
                column=v.column,
                message=v.message,
                hint=v.hint,
                excerpt=source_excerpt(v, lines),
                rgaa=list(rule.rgaa),
                wcag=list(rule.wcag),
                url=urls.get(v.site_path),
                new=None if new is None else id(v) in new,
            )
        )

    # pages, in path order (the order of the violations)
    by_path: dict[str, list[Item]] = {}
    for it in items:
        by_path.setdefault(it.site_path or it.path, []).append(it)
    pages: list[Page] = []
    for n, (key, its) in enumerate(by_path.items(), start=1):
        doc = docs.get(key)
        summary = doc.summary if doc is not None else {}
        kind = doc.kind if doc is not None else "other"
        counts = Counter(i.severity for i in its)
        pages.append(
            Page(
                anchor=f"page-{n}",
                path=its[0].path,
                site_path=key,
                kind=kind,
                collection=summary.get("collection"),
                title=_title(summary),
                url=its[0].url,
                items=its,
                counts={s: counts.get(s, 0) for s in SEVERITIES},
                new=sum(1 for i in its if i.new),
            )
        )
    top = sorted(pages, key=lambda p: (-p.total, -p.counts["error"], p.site_path))[:TOP_PAGES]

    # rules
    rule_rows: list[RuleRow] = []
    per_rule = Counter(i.rule for i in items)
    pages_per_rule: dict[str, set[str]] = {}
    new_per_rule = Counter(i.rule for i in items if i.new)
    for it in items:
        pages_per_rule.setdefault(it.rule, set()).add(it.site_path or it.path)
    shown_rules = ran + [c for c in per_rule if c not in ran]  # engine rules always report
    for code in sorted(set(shown_rules), key=_rule_order):
        r = cat[code]
        rule_rows.append(
            RuleRow(
                code=code,
                name=r.name,
                family=r.family,
                severity=config.severity_of(code),
                summary=r.summary.get(lang, r.summary["en"]),
                hint=r.hint.get(lang, ""),
                rgaa=list(r.rgaa),
                wcag=list(r.wcag),
                findings=per_rule.get(code, 0),
                pages=len(pages_per_rule.get(code, ())),
                new=new_per_rule.get(code, 0),
            )
        )

    # RGAA criteria: every criterion a rule that ran refers to, findings or not
    crit_rules: dict[str, list[str]] = {}
    for row in rule_rows:
        for num in row.rgaa:
            crit_rules.setdefault(num, []).append(row.code)
    criteria: list[CriterionRow] = []
    for num in sorted(crit_rules, key=criterion_key):
        its = [i for i in items if num in i.rgaa]
        c = ref.criteria.get(num)
        theme = num.split(".", 1)[0]
        criteria.append(
            CriterionRow(
                number=num,
                title=c.title.get(lang, c.title["fr"]) if c else "",
                level=c.level if c else "",
                theme=ref.themes.get(theme, {}).get(lang, theme),
                findings=len(its),
                pages=len({i.site_path or i.path for i in its}),
                rules=crit_rules[num],
                rules_with_findings=sorted({i.rule for i in its}, key=_rule_order),
                new=sum(1 for i in its if i.new),
            )
        )

    # families, most findings first (then in the order of the catalogue)
    fam_rows: list[FamilyRow] = []
    for fam in dict.fromkeys(row.family for row in rule_rows):
        rows = [r for r in rule_rows if r.family == fam]
        its = [i for i in items if i.family == fam]
        fam_rows.append(
            FamilyRow(
                family=fam,
                label=family_label(fam, lang),
                rules=[r.code for r in rows],
                findings=len(its),
                pages=len({i.site_path or i.path for i in its}),
                criteria=sorted({n for r in rows for n in r.rgaa}, key=criterion_key),
                new=sum(1 for i in its if i.new),
            )
        )
    fam_rows.sort(key=lambda f: -f.findings)  # stable: ties keep the catalogue order

    sev = Counter(i.severity for i in items)
    date, stamp = _today()
    pages_checked = sum(
        1
        for d in result.documents
        if d.checked and d.kind in PAGE_KINDS and _in_targets(d.path, result.targets)
    )
    meta = getattr(result, "meta", None) or {}
    dsfr = meta.get("dsfr_version")
    try:
        root = Path(os.path.relpath(result.root, Path.cwd())).as_posix()
    except ValueError:
        root = Path(result.root).as_posix()
    if root == ".":  # says nothing to whoever reads the report elsewhere
        root = Path(result.root).resolve().name
    return Report(
        lang=lang,
        site_lang=normalise_lang(site.lang) if site.mode == "jekyll" else None,
        site_name=site_name,
        site_url=_site_url(site.config) if site.mode == "jekyll" else None,
        root=root,
        mode=site.mode,
        date=date,
        generated=stamp,
        version=__version__,
        dsfr_version=str(dsfr) if dsfr else None,
        rgaa_version=ref.version,
        rgaa_url=ref.url,
        files_checked=result.files_checked,
        pages_checked=pages_checked,
        items=items,
        severity={s: sev.get(s, 0) for s in SEVERITIES},
        criteria=criteria,
        families=fam_rows,
        rules=rule_rows,
        pages=pages,
        top_pages=top,
        no_criterion=sum(1 for i in items if not i.rgaa),
        criteria_checked=len(criteria),
        notes=list(result.notes),
        errors=list(result.errors),
        suppressed=result.suppressed,
        baseline=baseline,
    )
