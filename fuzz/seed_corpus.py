"""Write a seed corpus for fuzz_check.py: the pages of the demo site, of the hostile site
(committed and generated, the 20 MB page cut to 64 kB) and the examples of the rule
catalogue, each prefixed with the byte that sends it to the right kind of file.

    python fuzz/seed_corpus.py fuzz/corpus
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# First byte → target, as in fuzz_check.TARGETS.
PAGE_MD, PAGE_HTML, INCLUDE, LAYOUT, CONFIG = 0, 1, 2, 3, 7


def _prefix(rel: str) -> int:
    if rel.endswith("_config.yml"):
        return CONFIG
    if "_includes/" in rel:
        return INCLUDE
    if "_layouts/" in rel:
        return LAYOUT
    return PAGE_HTML if rel.endswith(".html") else PAGE_MD


def _site_files(root: Path):
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            try:
                yield path.relative_to(root).as_posix(), path.read_bytes()[:65536]
            except OSError:
                continue


def seeds() -> list[bytes]:
    out = []
    for rel, data in _site_files(REPO / "fixtures" / "demo-site"):
        out.append(bytes([_prefix(rel)]) + data)
    spec = importlib.util.spec_from_file_location(
        "gen", REPO / "fixtures" / "hostile-site" / "generate.py"
    )
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    with tempfile.TemporaryDirectory() as tmp:
        site = gen.build(Path(tmp))
        for rel, data in _site_files(site):
            out.append(bytes([_prefix(rel)]) + data)
        gen._make_writable(site)
    fence = re.compile(r"```(md|html)([^\n]*)\n(.*?)```", re.S)
    for rule in sorted((REPO / "rules").glob("*.md")):
        for m in fence.finditer(rule.read_text(encoding="utf-8")):
            target = PAGE_HTML if m.group(1) == "html" else PAGE_MD
            out.append(bytes([target]) + m.group(3).encode("utf-8"))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python fuzz/seed_corpus.py CORPUS_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for data in seeds():
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{len(list(folder.iterdir()))} seeds in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
