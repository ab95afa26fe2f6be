"""Acceptance of the baseline on the real beta.gouv.fr source (a copy of it: the corpus is
never modified). Three full runs: write the baseline, check against it (0 findings), then
check after (a) ten blank lines inserted above baselined findings, (b) one page broken and
(c) a broken link added to a line that already has accepted findings — exactly the new
findings come out.

Legacy findings are seeded in the copy so that the test means something whatever rules
exist (the real corpus adds thousands once the link, alt and DSFR rules land). When LNK001
(link-broken) exists, a broken link is added too and must be the other single new finding.
"""

from __future__ import annotations

import json
import shutil

import pytest

from betalint.catalogue import catalogue
from conftest import lint, run_cli

pytestmark = pytest.mark.corpus

UNUSED = "\n<!-- betalint-disable-next-line FM001 -->\nTexte.\n"


def _front_matter_end(text: str) -> int:
    assert text.startswith("---\n")
    return text.index("\n---", 3) + 1


def seed_page(path):
    """Two legacy findings: a key written twice (FM001 warning), an unused suppression."""
    text = path.read_text(encoding="utf-8")
    end = _front_matter_end(text)
    first_key = text[4 : text.index("\n", 4) + 1]
    path.write_text(text[:end] + first_key + text[end:] + UNUSED, encoding="utf-8")


def pages(root, n):
    out = []
    for p in sorted((root / "content" / "_startups").glob("*.md")):
        text = p.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---" in text[3:] and ": " in text[4:40]:
            out.append(p)
        if len(out) == n:
            return out
    pytest.skip("not enough startup pages in the corpus")


def test_baseline_on_the_real_site(corpus, tmp_path):
    site = tmp_path / "beta.gouv.fr"
    shutil.copytree(corpus, site, symlinks=True)
    seeded, shifted_page, broken, linked = pages(site, 4)
    include = site / "_includes" / "avatar.html"
    seed_page(seeded)
    seed_page(shifted_page)
    include.write_text(include.read_text(encoding="utf-8") + UNUSED, encoding="utf-8")

    # (c) a line that already carries accepted findings, found in a first run
    carried = None
    if "LNK001" in catalogue():
        for f in lint(site, "--jobs", "2")["violations"]:
            rel = f["path"].split("beta.gouv.fr/", 1)[1]
            if rel.startswith("content/") and rel.endswith(".md") and f["column"] > 1:
                lines = (site / rel).read_text(encoding="utf-8").split("\n")
                if "](" in lines[f["line"] - 1] and (site / rel) not in (seeded, broken):
                    carried = (rel, f["line"])
                    break

    base = tmp_path / "baseline.json"
    code, _out, err = run_cli(["check", str(site), "--write-baseline", str(base)])
    assert code == 0, err
    recorded = json.loads(base.read_text(encoding="utf-8"))["findings"]
    total = sum(e["count"] for e in recorded)
    assert total >= 5
    assert {"content/_startups/" + shifted_page.name, "_includes/avatar.html"} <= {
        e["path"] for e in recorded
    }

    data = lint(site, "--baseline", str(base), "--jobs", "2")
    assert data["violations"] == []
    assert data["baseline"]["matched"] == total and data["baseline"]["fixed"] == 0

    # (a) ten blank lines above every finding of two files with baselined findings
    text = shifted_page.read_text(encoding="utf-8")
    shifted_page.write_text("---\n" + "\n" * 10 + text[4:], encoding="utf-8")
    include.write_text("\n" * 10 + include.read_text(encoding="utf-8"), encoding="utf-8")
    # (b) one line changed in one page: a front matter value YAML cannot read
    text = broken.read_text(encoding="utf-8")
    broken.write_text("---\nsous-titre: Nos startups: bilan\n" + text[4:], encoding="utf-8")
    expected = [("content/_startups/" + broken.name, "FM001", 2)]
    if "LNK001" in catalogue():
        # the issue's own example: a broken internal link added to a page
        with linked.open("a", encoding="utf-8") as fh:
            fh.write("\nVoir [le rapport d'activité 2023](/rapport-activite-2023-inexistant/).\n")
        lines = linked.read_text(encoding="utf-8").count("\n")
        expected.append(("content/_startups/" + linked.name, "LNK001", lines))

    if carried is not None:
        # the paragraph's older findings stay known; only the added link is new
        rel, number = carried
        lines = (site / rel).read_text(encoding="utf-8").split("\n")
        lines[number - 1] += " Voir [le bilan complet de la startup](/cette-page-nexiste-pas/)."
        (site / rel).write_text("\n".join(lines), encoding="utf-8")
        expected.append((rel, "LNK001", number))

    data = lint(site, "--baseline", str(base), "--jobs", "2")
    found = [
        (v["path"].split("beta.gouv.fr/", 1)[1], v["rule"], v["line"]) for v in data["violations"]
    ]
    assert sorted(found) == sorted(expected)
    assert data["baseline"]["matched"] == total  # the shifted findings are still known
    assert data["baseline"]["fixed"] == 0
