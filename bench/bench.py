#!/usr/bin/env python3
"""betalint's speed benchmark, run by hand (not part of the test suite).

In one run, on a copy of a site, it times — alternating, so that a busy machine slows
every one of them alike — the speed floor (``../shared/bench/floor.py``: read, YAML, Markdown
and HTML parsing, nothing else) and betalint:

* **cold**: ``betalint check SITE --no-cache`` (all rules of the default configuration);
* **warm**: the same with a cache, nothing changed since the previous run of it;
* **touched**: one file's modification time changed, not its content;
* **changed**: one line added at the end of one page (what site checks read of it stays
  the same);
* **pre-commit**: that page changed, then ``betalint check PAGE`` as the pre-commit hook
  runs it (the whole site indexed, only that page reported);
* **changed, lines moved** and **pre-commit, lines moved**: the same with the line added
  at the top of the page's body, above its links and headings, which all move.

Every time is the **wall time of the whole process** (interpreter start, imports, output),
for the floor as for betalint; each is the median of ``--runs`` runs, printed as a ratio to
the floor's median. Memory: the largest resident set of any one process (``wait4``), and the
peak of the proportional set size summed over the process and its workers (sampled every
20 ms from ``/proc``; shared pages counted once) in one more round of runs, not timed:
sampling takes CPU from betalint's workers, not from the single-process floor.

``--scale N`` instead builds two synthetic sites from SITE — a copy (1×) and N copies of
every page and document (N×: file names, permalinks, titles and redirects renamed so each
copy publishes its own URLs; links still point to pages that exist) — and times cold runs
of both, to show how time and memory grow with the size of a site.

    python bench/bench.py ../shared/corpus/beta.gouv.fr
    python bench/bench.py ../shared/corpus/beta.gouv.fr --scale 10 --runs 3

The site is copied to a temporary folder (the one given is never written) and the cache
lives in a temporary ``--cache-dir``. betalint's modules are compiled to bytecode first, as
an installed wheel has them. Needs lxml for the floor (``pip install lxml``).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_FLOOR = REPO.parent / "shared" / "bench" / "floor.py"
#: Targets of issue 10, as ratios to the floor's median.
TARGETS = {
    "cold": 1.0,
    "warm": 0.15,
    "touched": 0.2,
    "changed": 0.2,
    "pre-commit": 0.2,
    "changed, lines moved": 0.2,
    "pre-commit, lines moved": 0.2,
}
SKIP_COPY = shutil.ignore_patterns(".git", "_site", ".betalint_cache", ".jekyll-cache")


@dataclass
class Sample:
    seconds: float
    max_rss_mb: float  # largest single process
    tree_mb: float  # peak PSS of the whole process tree (sampled)
    code: int


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


# --- running and measuring a process ------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    for name, field_ in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                for line in fh:
                    if line.startswith(field_):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree_pss_kb(pid: int) -> int:
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _pss_kb(p)
        todo.extend(_children(p))
    return total


def measure(
    cmd: list[str],
    cwd: Path | None = None,
    env: dict | None = None,
    ok: tuple[int, ...] = (0, 1),
    sample: bool = False,
) -> Sample:
    """Run `cmd`, output discarded; wall time, largest process RSS and, when `sample`, the
    peak PSS of its process tree (0 otherwise).

    Sampling reads ``/proc`` every 20 ms from this process: on a machine with as many
    cores as betalint has workers it takes CPU from them (a quarter of a second of a cold
    run, seen on 2 cores) and not from the single-process floor, so timed runs are not
    sampled; memory comes from runs of their own.

    An exit code outside `ok` stops the benchmark: a command that failed fast (the floor
    without lxml, say) would otherwise be timed as a very fast one and every ratio be wrong.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0]
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid))

    sampler = threading.Thread(target=poll, daemon=True)
    if sample and sys.platform.startswith("linux"):
        sampler.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    # ru_maxrss: KiB on Linux, bytes on macOS
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(seconds, rss, peak[0] / 1024, proc.returncode)


# --- the site copies ----------------------------------------------------------------------


def copy_site(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True, ignore=SKIP_COPY)
    return dest


def pick_page(site: Path) -> Path:
    """A page to change: the first collection document (or page) with front matter and a
    body with a link, in the largest published collection, so that the change is a typical
    edit and a line inserted above the link moves what site checks read."""
    sys.path.append(str(REPO / "src"))
    from betalint.site import discover

    found = discover(site)
    by_collection: dict[str, list[str]] = {}
    for sf in found.files:
        if sf.role in ("collection", "post", "page") and found.language_of(sf.rel) == "markdown":
            meta = found.collections.get(sf.collection or "", {})
            if sf.role == "page" or meta.get("output"):
                by_collection.setdefault(sf.collection or "", []).append(sf.rel)
    for _label, rels in sorted(by_collection.items(), key=lambda kv: -len(kv[1])):
        for rel in sorted(rels):
            text = (site / rel).read_text(encoding="utf-8", errors="replace")
            end = text.find("\n---", 3)
            if text.startswith("---\n") and end > 0 and len(text) > 400 and "](" in text[end:]:
                return site / rel
    raise SystemExit("no page to change in the site")


_PERMALINK = re.compile(r"^(permalink:[ \t]*)(['\"]?)([^'\"\n]+?)\2[ \t]*$", re.M)
_TITLE = re.compile(r"^(title:[ \t]*)(['\"]?)([^'\"\n]*?)\2[ \t]*$", re.M)
_REDIRECT_ITEM = re.compile(r"^([ \t]*-[ \t]*)(['\"]?)(/[^'\"\n]*?)\2[ \t]*$", re.M)


def _suffixed_url(url: str, k: int) -> str:
    if ":" in url:  # a placeholder template: the renamed file gives a new URL already
        return url
    if url.endswith("/"):
        return f"{url[:-1]}-{k}/" if url != "/" else f"/copy-{k}/"
    stem, dot, ext = url.rpartition(".")
    if dot and "/" not in ext:
        return f"{stem}-{k}.{ext}"
    return f"{url}-{k}"


def _copy_text(text: str, k: int) -> str:
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end == -1:
        return text
    fm, body = text[: end + 1], text[end + 1 :]
    fm = _PERMALINK.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{_suffixed_url(m.group(3), k)}{m.group(2)}", fm
    )
    fm = _TITLE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)} ({k}){m.group(2)}", fm)
    if "redirect_from" in fm:
        head, _, tail = fm.partition("redirect_from")
        tail = _REDIRECT_ITEM.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{_suffixed_url(m.group(3), k)}{m.group(2)}", tail
        )
        fm = head + "redirect_from" + tail
    return fm + body


def synthetic(src: Path, dest: Path, n: int) -> tuple[Path, int]:
    """A copy of `src` with every page and document written `n` times (see the module's
    docstring). Returns the folder and the number of lintable files."""
    copy_site(src, dest)
    sys.path.append(str(REPO / "src"))
    from betalint.site import discover

    found = discover(dest)
    count = 0
    for sf in found.files:
        lang = found.language_of(sf.rel)
        if lang is None:
            continue
        count += 1
        if sf.role not in ("page", "collection", "post"):
            continue
        path = dest / sf.rel
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        stem, ext = os.path.splitext(path.name)
        for k in range(2, n + 1):
            (path.parent / f"{stem}-{k}{ext}").write_text(_copy_text(text, k), encoding="utf-8")
            count += 1
    return dest, count


# --- the benchmark ------------------------------------------------------------------------


def betalint_cmd(args: argparse.Namespace) -> list[str]:
    if args.betalint:
        return args.betalint.split()
    exe = Path(sys.executable).parent / "betalint"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "betalint.cli"]


def compile_betalint() -> None:
    import importlib.util

    spec = importlib.util.find_spec("betalint")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def ratios(args: argparse.Namespace) -> None:
    floor = [sys.executable, str(args.floor)]
    bl = betalint_cmd(args)
    with tempfile.TemporaryDirectory(prefix="betalint-bench-") as tmp:
        site = copy_site(args.site.resolve(), Path(tmp) / "site")
        cache = Path(tmp) / "cache"
        page = pick_page(site)
        rel = page.relative_to(site).as_posix()
        original = page.read_text(encoding="utf-8")
        check = [*bl, "check", "--format", "json"]
        cached = [*check, "--cache-dir", str(cache)]
        print(f"site: {args.site} ({sum(1 for _ in site.rglob('*'))} entries), page changed: {rel}")
        print(f"machine: {os.cpu_count()} cores, load average {load()}; runs: {args.runs}")
        measure([*cached, str(site)])  # fills the cache
        names = ("floor", "cold", "warm", "touched", "changed", "pre-commit")
        names += ("changed, lines moved", "pre-commit, lines moved")
        series: dict[str, Series] = {k: Series() for k in names}
        # a line inserted above the body moves every link and heading of the page: site
        # checks cannot reuse their findings for it as they can for an end-of-page edit
        body = original.find("\n---", 3) + len("\n---\n")
        added = "Une ligne ajoutée pour le banc d'essai.\n\n"
        edits = {
            "end": original + "\n" + added,
            "top": original[:body] + added + original[body:],
        }
        hook = [*bl, "check", "--cache-dir", str(cache), rel]  # as the pre-commit hook runs

        def one_round(sample: bool) -> dict[str, Sample]:
            got: dict[str, Sample] = {}

            def run(name: str, cmd: list[str], **kw: Any) -> None:
                got[name] = measure(cmd, sample=sample, **kw)

            run("floor", [*floor, str(site)], ok=(0,))
            run("cold", [*check, "--no-cache", str(site)])
            page.write_text(original, encoding="utf-8")
            measure([*cached, str(site)])  # settles the previous round's edits
            run("warm", [*cached, str(site)])
            os.utime(page)
            run("touched", [*cached, str(site)])
            for where, suffix in (("end", ""), ("top", ", lines moved")):
                page.write_text(edits[where], encoding="utf-8")
                run("changed" + suffix, [*cached, str(site)])
                page.write_text(original, encoding="utf-8")
                measure([*cached, str(site)])
                page.write_text(edits[where], encoding="utf-8")
                # the hook: `betalint check` on the committed files, from the site's root
                run("pre-commit" + suffix, hook, cwd=site)
                page.write_text(original, encoding="utf-8")
                measure([*cached, str(site)])
            return got

        for _ in range(args.runs):
            for name, got in one_round(sample=False).items():
                series[name].samples.append(got)
        memory = one_round(sample=True)
        page.write_text(original, encoding="utf-8")
        base = series["floor"].median("seconds")
        print(f"load average after: {load()}")
        print()
        print(
            f"{'':23} {'median s':>9} {'× floor':>8} {'target':>7}  {'max RSS':>8} {'tree PSS':>9}"
        )
        for name, s in series.items():
            sec = s.median("seconds")
            ratio = sec / base
            target = TARGETS.get(name)
            verdict = "" if target is None else ("  ok" if ratio <= target else "  MISSED")
            shown = f"≤{target:.2f}" if target is not None else ""
            print(
                f"{name:23} {sec:9.3f} {ratio:8.2f} {shown:>7}  {s.median('max_rss_mb'):6.0f} MB"
                f" {memory[name].tree_mb:6.0f} MB{verdict}"
            )
        print()
        print(
            "all runs (s): "
            + "; ".join(
                f"{n} " + " ".join(f"{x.seconds:.2f}" for x in s.samples) for n, s in series.items()
            )
        )


def scale(args: argparse.Namespace) -> None:
    bl = betalint_cmd(args)
    n = args.scale
    with tempfile.TemporaryDirectory(prefix="betalint-bench-") as tmp:
        one, c1 = synthetic(args.site.resolve(), Path(tmp) / "x1", 1)
        many, cn = synthetic(args.site.resolve(), Path(tmp) / f"x{n}", n)
        print(f"synthetic sites: 1× {c1} files, {n}× {cn} files (from {args.site})")
        print(f"machine: {os.cpu_count()} cores, load average {load()}; runs: {args.runs}")
        check = [*bl, "check", "--format", "json", "--no-cache"]
        s1, sn = Series(), Series()
        for _ in range(args.runs):
            # (both sampled alike: this compares them with each other, not with the floor)
            s1.samples.append(measure([*check, str(one)], sample=True))
            sn.samples.append(measure([*check, str(many)], sample=True))
        print(f"load average after: {load()}")
        t1, tn = s1.median("seconds"), sn.median("seconds")
        m1, mn = s1.median("tree_mb"), sn.median("tree_mb")
        r1, rn = s1.median("max_rss_mb"), sn.median("max_rss_mb")
        print()
        print(f"{'':6} {'median s':>9} {'max RSS':>8} {'tree PSS':>9}")
        print(f"{'1×':6} {t1:9.3f} {r1:5.0f} MB {m1:6.0f} MB")
        print(f"{f'{n}×':6} {tn:9.3f} {rn:5.0f} MB {mn:6.0f} MB")
        tr, mr = tn / t1, mn / m1
        limit = 1.1 * n
        print()
        print(f"time {n}×/1×: {tr:.2f} (target ≤ {limit:.1f}) {'ok' if tr <= limit else 'MISSED'}")
        print(f"memory {n}×/1× (tree PSS): {mr:.2f} (target ≤ {n}) {'ok' if mr <= n else 'MISSED'}")
        print(f"memory at 1×: {m1:.0f} MB (target ≤ 300) {'ok' if m1 <= 300 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the site to measure on (never written)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR, help="floor script")
    parser.add_argument("--betalint", help="command that runs betalint (default: this venv's)")
    parser.add_argument("--scale", type=int, help="compare cold runs on 1× and N× sites")
    args = parser.parse_args()
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder")
    compile_betalint()
    if args.scale:
        scale(args)
    else:
        if not args.floor.is_file():
            parser.error(f"{args.floor}: floor script not found (--floor)")
        ratios(args)


if __name__ == "__main__":
    main()
