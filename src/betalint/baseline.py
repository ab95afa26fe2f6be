"""Baselines: adopt betalint on a site with thousands of legacy findings, and judge each
change only on the findings it adds.

``check --write-baseline FILE`` records today's findings; ``check --baseline FILE`` (or the
``baseline`` setting) reports only findings that are not in it, and counts the recorded
ones that have disappeared so the file can be pruned by writing it again.

Matching must survive edits elsewhere in a file, so a finding is identified by its rule,
its file (site-relative) and the *text it points at* — the violation's ``fingerprint``,
by default the element found at the finding's column (see :mod:`betalint.fingerprint`),
whitespace runs collapsed — never by its line number nor by the rest of its line, so that
adding a link to a paragraph does not make the paragraph's older findings new.
Identical keys are counted (like PHPStan's baseline ``count``): if a page had the same
broken line twice and now has it three times, one finding is new. The same key plus an
occurrence number makes the stable per-result fingerprint SARIF carries.

The file is JSON, sorted and without dates, so that it diffs cleanly in review.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from betalint import __version__
from betalint.atomic import write_text

FORMAT = 1
_SPACE = re.compile(r"\s+")
EXCERPT = 100  # characters of the offending text kept in the file for people


class BaselineError(Exception):
    """The baseline file is missing or is not a betalint baseline."""

    def __init__(self, key: str, file: str, detail: str = "") -> None:
        super().__init__(f"{file}: {key} {detail}".strip())
        self.key, self.file, self.detail = key, file, detail


def normalise(text: str) -> str:
    """The offending text as matched: stripped, whitespace runs collapsed (re-indenting
    or re-wrapping a line does not make its finding new)."""
    return _SPACE.sub(" ", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


Key = tuple[str, str, str]  # (site-relative path, rule, text hash)


def key_of(v: Any) -> Key:
    return (v.site_path or v.path, v.rule, text_hash(v.fingerprint))


def fingerprints(violations: list[Any]) -> list[str]:
    """A stable identifier per violation, line numbers excluded: hash of path, rule, text
    and the occurrence number among identical keys (in file order)."""
    seen: Counter[Key] = Counter()
    out = []
    for v in violations:
        key = key_of(v)
        seen[key] += 1
        raw = "\0".join((*key, str(seen[key])))
        out.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32])
    return out


@dataclass
class Entry:
    path: str
    rule: str
    hash: str
    count: int
    text: str = ""

    @property
    def key(self) -> Key:
        return (self.path, self.rule, self.hash)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "rule": self.rule,
            "hash": self.hash,
            "count": self.count,
            "text": self.text,
        }


@dataclass
class Baseline:
    entries: dict[Key, Entry] = field(default_factory=dict)

    @classmethod
    def from_violations(cls, violations: list[Any]) -> Baseline:
        b = cls()
        for v in violations:
            key = key_of(v)
            e = b.entries.get(key)
            if e is None:
                excerpt = normalise(v.fingerprint)
                if len(excerpt) > EXCERPT:
                    excerpt = excerpt[: EXCERPT - 1] + "…"
                b.entries[key] = Entry(*key, count=1, text=excerpt)
            else:
                e.count += 1
        return b

    @property
    def total(self) -> int:
        return sum(e.count for e in self.entries.values())

    @property
    def files(self) -> int:
        return len({e.path for e in self.entries.values()})

    def dumps(self) -> str:
        entries = sorted(self.entries.values(), key=lambda e: (e.path, e.rule, e.text, e.hash))
        data = {
            "betalint-baseline": FORMAT,
            "generated-by": f"betalint {__version__}",
            "findings": [e.as_json() for e in entries],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def write(self, path: Path) -> None:
        write_text(path, self.dumps())


def load(path: Path) -> Baseline:
    shown = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError("baseline-missing", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError("baseline-invalid", shown, str(exc)) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError("baseline-invalid", shown, f"JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("betalint-baseline") != FORMAT:
        raise BaselineError("baseline-invalid", shown, f"betalint-baseline: {FORMAT} expected")
    b = Baseline()
    for i, item in enumerate(data.get("findings") or []):
        try:
            e = Entry(
                path=str(item["path"]),
                rule=str(item["rule"]),
                hash=str(item["hash"]),
                count=int(item.get("count", 1)),
                text=str(item.get("text", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError("baseline-invalid", shown, f"findings[{i}]") from None
        if e.key in b.entries:
            b.entries[e.key].count += e.count
        else:
            b.entries[e.key] = e
    return b


@dataclass
class Scope:
    """What a run looked at: findings of the baseline outside it are neither "fixed" when
    checking nor dropped when writing (a pre-commit run on two pages must not prune the
    rest of the site)."""

    targets: list[str] | None  # site-relative files/folders reported; None = whole site
    enabled: set[str]

    def covers(self, path: str, rule: str) -> bool:
        if rule not in self.enabled:
            return False
        if self.targets is None:
            return True
        return any(path == t or path.startswith(t.rstrip("/") + "/") for t in self.targets)


@dataclass
class Outcome:
    new: list[Any]  # violations not in the baseline, in their original order
    matched: int  # violations the baseline accounted for
    fixed: int  # baseline findings in scope that no longer occur


def apply(baseline: Baseline, violations: list[Any], scope: Scope) -> Outcome:
    """Split violations into new ones and baselined ones. Per key, the first ``count``
    occurrences (in file order) are taken as the recorded ones."""
    left = {k: e.count for k, e in baseline.entries.items()}
    new = []
    matched = 0
    for v in violations:
        key = key_of(v)
        if left.get(key, 0) > 0:
            left[key] -= 1
            matched += 1
        else:
            new.append(v)
    fixed = sum(n for k, n in left.items() if n > 0 and scope.covers(k[0], k[1]))
    return Outcome(new=new, matched=matched, fixed=fixed)


def rewrite(previous: Baseline | None, violations: list[Any], scope: Scope) -> Baseline:
    """The baseline to write: today's findings, plus the previous file's entries that this
    run could not see (other files, rules not enabled)."""
    b = Baseline.from_violations(violations)
    if previous is not None:
        for key, e in previous.entries.items():
            if not scope.covers(e.path, e.rule) and key not in b.entries:
                b.entries[key] = e
    return b
