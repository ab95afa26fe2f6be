"""JUnit XML, for CI systems that show test reports (GitLab merge requests, Jenkins,
Azure Pipelines, GitHub test-report actions).

One ``<testcase>`` per file checked, named by its path: a file with findings at or above
the failing severity (``--fail-on``) gets one ``<failure>`` listing them, one per line as
``line:column: CODE message``; milder findings go to ``<system-out>`` and the case
passes, so the report agrees with the exit code. Written with :mod:`xml.etree.ElementTree`
(escaping done by the library), characters XML 1.0 forbids removed.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from betalint.formats import formatter
from betalint.i18n import t

RANK = {"info": 0, "warning": 1, "error": 2}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _display(root: Path, rel: str, cwd: Path) -> str:
    try:
        return Path(os.path.relpath(root / rel, cwd)).as_posix()
    except ValueError:
        return (root / rel).as_posix()


def _files(result, cwd: Path) -> list[str]:
    """Every file checked and reported on, plus any file a violation names."""
    targets = getattr(result, "targets", None)
    paths: set[str] = set()
    for doc in result.documents:
        if not doc.checked:
            continue
        if targets is None or any(doc.path == t or doc.path.startswith(t + "/") for t in targets):
            paths.add(_display(result.root, doc.path, cwd))
    paths.update(v.path for v in result.violations)
    return sorted(paths)


@formatter("junit")
def render(result, *, cwd: Path, fail_on: str = "error", **_: object) -> str:
    threshold = RANK.get(fail_on, 2)
    by_file: dict[str, list] = {}
    for v in result.violations:
        by_file.setdefault(v.path, []).append(v)
    files = _files(result, cwd)
    failures = 0
    suite = ET.Element("testsuite", name="betalint")
    for path in files:
        case = ET.SubElement(suite, "testcase", name=path, classname="betalint", file=path)
        case.set("time", "0")
        found = by_file.get(path, [])
        failing = [v for v in found if RANK.get(v.severity, 1) >= threshold]
        milder = [v for v in found if RANK.get(v.severity, 1) < threshold]
        if failing:
            failures += 1
            first = failing[0]
            failure = ET.SubElement(
                case,
                "failure",
                message=_clean(
                    f"{t('n-problems', result.lang, n=len(failing))} — {first.rule} {first.message}"
                ),
                type=first.rule,
            )
            failure.text = _clean(
                "\n".join(f"{v.line}:{v.column}: {v.rule} {v.message}" for v in failing)
            )
        if milder:
            out = ET.SubElement(case, "system-out")
            out.text = _clean(
                "\n".join(
                    f"{v.line}:{v.column}: {v.rule} ({v.severity}) {v.message}" for v in milder
                )
            )
    errors = len(result.errors)
    for key, value in (
        ("tests", len(files)),
        ("failures", failures),
        ("errors", errors),
        ("skipped", 0),
        ("time", "0"),
    ):
        suite.set(key, str(value))
    if result.errors:
        err = ET.SubElement(suite, "system-err")
        err.text = _clean("\n".join(result.errors))
    suites = ET.Element("testsuites", name="betalint")
    for key in ("tests", "failures", "errors", "time"):
        suites.set(key, suite.get(key, "0"))
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
