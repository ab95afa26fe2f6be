#!/usr/bin/env python3
"""Build betalint's DSFR class data (``rules/dsfr/classes.tsv``) from the npm packages.

Run by hand when a DSFR release comes out (network: the npm registry only)::

    .venv/bin/python scripts/dsfr_data.py            # newest patch of 1.9 … newest minor
    .venv/bin/python scripts/dsfr_data.py --check    # rebuild and compare, write nothing

For every version it ``npm pack``\\ s ``@gouvfr/dsfr`` (a tarball download: no install
script of the package ever runs), reads the classes of ``dist/dsfr.css`` and
``dist/utility/utility.css`` with tinycss2 (``betalint.cssclasses``), and finds the
classes that exist only for backward compatibility by compiling the package's own SCSS
sources twice with dart-sass: once as published, once without DSFR's ``deprecated/``
style modules (the ``@import '…deprecated/style/module|legacy'`` lines and the
``_…deprecated…-scheme`` mixin calls are removed). A class the normal build emits and the
stripped build does not is *deprecated-only*: DSFR keeps it working but no longer
documents it. This is the method of ``../shared/specs/dsfr.md`` §3.1; dart-sass comes from
the npm registry too (``npm install --ignore-scripts sass`` into the cache folder).

Older releases (``--history``, default 1.0.0 1.4.3 1.7.2 1.8.5) only add presence columns
so messages can say "removed after 1.4". Output: one TSV, one row per class ever seen,
one column per version (``Y`` present, ``D`` present but deprecated-only, ``-`` absent),
then the first and last version that has it. The header records which columns are full
data, and the list of published versions (to resolve ``package.json`` ranges).

Class names are facts extracted from DSFR's CSS: "DSFR, GouvernementFR/dsfr".
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from betalint.cssclasses import classes_in_css  # noqa: E402

PACKAGE = "@gouvfr/dsfr"
OUT = REPO / "rules" / "dsfr" / "classes.tsv"
HISTORY = ("1.0.0", "1.4.3", "1.7.2", "1.8.5")
FIRST_MINOR = (1, 9)
SASS = "sass@1"

_STRIP_IMPORT = re.compile(
    r"""^\s*@import\s+['"][^'"]*deprecated/style/(?:module|legacy)['"]\s*;""", re.M
)
_STRIP_INCLUDE = re.compile(r"""^\s*@include\s+_[\w-]*deprecated[\w-]*(?:\([^)]*\))?\s*;""", re.M)


def vkey(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


def run(cmd: list[str], cwd: Path | None = None) -> str:
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{res.stderr[-2000:]}")
    return res.stdout


def published_versions() -> list[str]:
    data = json.loads(run(["npm", "view", PACKAGE, "versions", "--json"]))
    return sorted((v for v in data if re.fullmatch(r"\d+\.\d+\.\d+", v)), key=vkey)


def newest_per_minor(versions: list[str]) -> list[str]:
    best: dict[tuple[int, int], str] = {}
    for v in versions:
        k = vkey(v)
        if k[:2] >= FIRST_MINOR:
            best[k[:2]] = v  # versions are sorted: the last one wins
    return [best[k] for k in sorted(best)]


def fetch(version: str, cache: Path) -> Path:
    """Unpacked package folder for a version (``npm pack`` runs no package script)."""
    folder = cache / f"dsfr-{version}"
    if (folder / "package" / "package.json").is_file():
        return folder / "package"
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / f"gouvfr-dsfr-{version}.tgz"
    if not tgz.is_file():
        run(
            [
                "npm",
                "pack",
                f"{PACKAGE}@{version}",
                "--ignore-scripts",
                "--pack-destination",
                str(cache),
            ]
        )
    folder.mkdir(exist_ok=True)
    with tarfile.open(tgz) as tar:
        members = [
            m
            for m in tar.getmembers()
            if m.name.startswith(
                ("package/dist/", "package/src/", "package/module/", "package/.config/")
            )
            or m.name == "package/package.json"
        ]
        tar.extractall(folder, members=members, filter="data")
    return folder / "package"


def dist_classes(pkg: Path) -> set[str]:
    """Classes of dist/dsfr.css + dist/utility/utility.css (1.0.0: every dist CSS file)."""
    main = pkg / "dist" / "dsfr.css"
    if main.is_file():
        files = [main, pkg / "dist" / "utility" / "utility.css"]
    else:
        files = [p for p in sorted((pkg / "dist").rglob("*.css")) if ".min." not in p.name]
    out: set[str] = set()
    for f in files:
        if f.is_file():
            out |= classes_in_css(f.read_text(encoding="utf-8"))
    return out


def sass_binary(cache: Path) -> Path:
    tool = cache / "sass"
    binary = tool / "node_modules" / ".bin" / "sass"
    if not binary.exists():
        tool.mkdir(parents=True, exist_ok=True)
        run(
            [
                "npm",
                "install",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(tool),
                SASS,
            ]
        )
    return binary


def _entry_points(src: Path, legacy: bool) -> list[Path]:
    """The parts whose class sets make the published CSS: main, utility, print (and the
    IE11 legacy parts, only to check that the sources compile to exactly ``dist/``)."""
    base = src / "dsfr" if (src / "dsfr" / "main.scss").is_file() else src
    names = ["main.scss", "print.scss"] + (["legacy.scss"] if legacy else [])
    out = [base / n for n in names] + [base / "utility" / n for n in names]
    return [p for p in out if p.is_file()]


def compiled_classes(pkg: Path, sass: Path, legacy: bool = False) -> set[str]:
    src = pkg / "src"
    loads = [pkg, src] + ([src / "dsfr"] if (src / "dsfr").is_dir() else [])
    out: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for entry in _entry_points(src, legacy):
            target = Path(tmp) / (entry.relative_to(pkg).as_posix().replace("/", "_") + ".css")
            cmd = [str(sass), "--no-source-map", "--quiet"]
            cmd += [f"--load-path={p}" for p in loads]
            run([*cmd, str(entry), str(target)], cwd=pkg)
            out |= classes_in_css(target.read_text(encoding="utf-8"))
    return out


def stripped_copy(pkg: Path, dest: Path) -> Path:
    """A copy of the package sources without the CSS-producing deprecated modules."""
    if dest.exists():
        shutil.rmtree(dest)
    for part in ("src", "module", ".config"):
        if (pkg / part).is_dir():
            shutil.copytree(pkg / part, dest / part)
    shutil.copy(pkg / "package.json", dest / "package.json")
    for scss in (dest / "src").rglob("*.scss"):
        if "/deprecated/" in scss.as_posix():
            continue
        text = scss.read_text(encoding="utf-8")
        new = _STRIP_INCLUDE.sub("", _STRIP_IMPORT.sub("", text))
        if new != text:
            scss.write_text(new, encoding="utf-8")
    return dest


def deprecated_only(pkg: Path, cache: Path, sass: Path) -> tuple[set[str], set[str]]:
    """(deprecated-only classes, compiled class set with the legacy parts) of one version.

    Legacy (IE11) parts are left out of the comparison: a class only they emit
    (``focus-within``) is a polyfill state, not a deprecation.
    """
    normal = compiled_classes(pkg, sass)
    stripped = compiled_classes(stripped_copy(pkg, cache / "stripped"), sass)
    return normal - stripped, normal | compiled_classes(pkg, sass, legacy=True)


def build(cache: Path, versions: list[str] | None, history: tuple[str, ...]) -> tuple[str, dict]:
    published = published_versions()
    shipped = versions or newest_per_minor(published)
    sass = sass_binary(cache)
    columns = sorted(set(history) | set(shipped), key=vkey)
    present: dict[str, set[str]] = {}
    deprecated: dict[str, set[str]] = {}
    report: dict[str, dict] = {}
    for v in columns:
        print(f"DSFR {v}…", file=sys.stderr)
        pkg = fetch(v, cache)
        present[v] = dist_classes(pkg)
        if v in shipped:
            dep, compiled = deprecated_only(pkg, cache, sass)
            deprecated[v] = dep & present[v]
            report[v] = {
                "classes": len(present[v]),
                "deprecated": len(deprecated[v]),
                "compiled_equals_dist": compiled == present[v],
            }
    every = sorted(set().union(*present.values()))
    lines = [
        "# betalint DSFR class data. Source: DSFR, GouvernementFR/dsfr (npm @gouvfr/dsfr);",
        "# generated by scripts/dsfr_data.py: do not edit by hand.",
        "# Y = in dist/dsfr.css or dist/utility/utility.css, D = there but emitted only by DSFR's",
        "# deprecated/ style modules, - = absent. History columns have presence only.",
        "# shipped: " + " ".join(shipped),
        "# published: " + " ".join(v for v in published if vkey(v)[:1] == (1,)),
        "class\t" + "\t".join(columns) + "\tfirst\tlast",
    ]
    for cls in every:
        flags = []
        for v in columns:
            if cls not in present[v]:
                flags.append("-")
            elif cls in deprecated.get(v, ()):
                flags.append("D")
            else:
                flags.append("Y")
        seen = [v for v in columns if cls in present[v]]
        lines.append(f"{cls}\t" + "\t".join(flags) + f"\t{seen[0]}\t{seen[-1]}")
    return "\n".join(lines) + "\n", report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "betalint-dsfr")
    ap.add_argument(
        "--versions",
        nargs="*",
        help="full-data versions (default: newest patch of each minor from 1.9)",
    )
    ap.add_argument("--history", nargs="*", default=list(HISTORY), help="presence-only versions")
    ap.add_argument("--output", type=Path, default=OUT)
    ap.add_argument(
        "--check", action="store_true", help="compare with the output file, write nothing"
    )
    args = ap.parse_args()
    text, report = build(args.cache, args.versions, tuple(args.history))
    for v, r in report.items():
        print(
            f"{v}: {r['classes']} classes, {r['deprecated']} deprecated-only, "
            f"sources compile to dist: {r['compiled_equals_dist']}",
            file=sys.stderr,
        )
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.output} differs", file=sys.stderr)
        return 0 if same else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
