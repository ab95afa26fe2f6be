"""The link resolution made in two halves (each file's own links; the links of layouts and
includes on each page using them) and joined gives what one pass gives."""

from __future__ import annotations

import dataclasses

import pytest

from betalint import engine
from betalint.checks import Finding, resolve
from betalint.config import build_config
from betalint.site import discover
from conftest import JEKYLL_CONFIG, check_context, write_site

FILES = {
    "_config.yml": JEKYLL_CONFIG,
    "_layouts/default.html": (
        "<!doctype html><html><body>\n"
        '<a href="voisine.html">voisine</a>\n'  # relative: depends on the page
        '<a href="#contenu">aller au contenu</a>\n'  # same-page anchor
        '<a href="/absente/">absente</a>\n'  # the layout's own link
        "{{ content }}\n"
        "</body></html>\n"
    ),
    "_includes/bouton.html": '<a href="{{ include.lien }}" class="fr-btn">{{ include.texte }}</a>\n',
    "index.md": (
        "---\ntitle: Accueil\nlayout: default\n---\n# Accueil {#contenu}\n\n"
        '{% include bouton.html lien="/nulle-part/" texte="Aller" %}\n\n'
        "[cassé](/introuvable/)\n"
    ),
    "rubrique/page.md": (
        "---\ntitle: Page\nlayout: default\n---\n# Page\n\n"
        '{% include bouton.html lien="/index.html" texte="Accueil" %}\n\n'
        "[ancre](#absente)\n"
    ),
    "rubrique/voisine.md": "---\ntitle: Voisine\nlayout: default\n---\n# Voisine {#contenu}\n",
}


@pytest.fixture(scope="module")
def sctx(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("halves") / "site", FILES)
    site = discover(root)
    config = build_config({}, {})
    ctx = check_context(site, config)
    results = [engine.lint_file(sf, ctx) for sf in engine.lintable(site, config)]
    needed = {n for _fn, coll in engine.SITE_CHECKS.values() for n in coll}
    return lambda: engine._site_context(site, config, results, needed, None, None)


def _view(run):
    return {code: [dataclasses.astuple(f) for f in found] for code, found in run.findings.items()}


def test_joined_halves_are_one_pass(sctx):
    whole = resolve._Run(sctx())
    whole.run()
    site = sctx()
    resolve.join_halves(site, resolve.own_half(site), resolve.per_page_half(site))
    joined = site.shared["link-resolution"]
    assert _view(joined) == _view(whole)
    assert joined.unchecked == whole.unchecked
    assert site.shared["counts"]["links-unchecked"] == whole.unchecked
    # the site has findings of both halves: each half alone misses some
    own, per_page = resolve.own_half(sctx()), resolve.per_page_half(sctx())
    assert any(own[0].values()) and any(per_page[0].values())
    paths = {f.path for found in whole.findings.values() for f in found}
    assert {"index.md", "_layouts/default.html"} <= paths


def test_a_place_both_halves_report_is_reported_once(sctx):
    site = sctx()

    def finding(line, url):
        return Finding("LNK001", line, 3, {"url": url}, path="index.md")

    own = ({"LNK001": [finding(5, "/a/")]}, {"index.md": 1})
    per_page = ({"LNK001": [finding(5, "/a/"), finding(9, "/b/")]}, {"index.md": 2, "x.md": 1})
    resolve.join_halves(site, own, per_page)
    run = site.shared["link-resolution"]
    assert [(f.line, f.args["url"]) for f in run.findings["LNK001"]] == [(5, "/a/"), (9, "/b/")]
    assert run.findings["LNK002"] == []
    assert run.unchecked == {"index.md": 3, "x.md": 1}


def test_the_engine_names_the_link_checks_as_the_resolution_does():
    assert engine.LINKS == resolve.CODES
