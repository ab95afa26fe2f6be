"""Link resolution and LNK001–LNK005: one test per pitfall of specs/jekyll.md §6, the host
profiles of §2.12, and the rules as users see them.

Resolution tests build the site index directly (fast); rule tests run ``betalint check``.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata

import pytest

from betalint import index as site_index
from betalint.checks.resolve import srcset_urls
from betalint.config import ConfigError, build_config
from betalint.hosts import Resolver, detect_host, is_file_path, server_redirects
from betalint.site import discover
from conftest import findings, lint, run_cli, write_site

CONFIG = """\
title: Test
url: https://beta.example.gouv.fr
baseurl: ""
lang: fr
include: [_pages, _redirects]
exclude: [lib, README.md]
plugins:
  - jekyll-redirect-from
collections_dir: content
collections:
  startups:
    output: true
    permalink: /startups/:title.html
  authors:
    output: false
  posts:
    output: true
"""


def fm(text: str = "title: Page", body: str = "Texte.\n") -> str:
    return f"---\n{text}\n---\n{body}"


#: A small site shaped like beta.gouv.fr (specs §2.12's measured cases).
SITE = {
    "_config.yml": CONFIG,
    "index.md": fm("title: Accueil"),
    "_pages/approche.md": fm("title: Approche\npermalink: /approche/"),
    "_pages/construction.md": fm("title: Construction\npermalink: /approche/construction"),
    # a page next to a folder without index.html
    "_pages/formation.md": fm("title: Formation\npermalink: /approche/formation"),
    "_pages/mooc.md": fm("title: MOOC\npermalink: /approche/formation/mooc"),
    "_pages/stats.md": fm("title: Stats\npermalink: /stats/"),
    "_pages/deroulement.md": fm("title: Déroulement\npermalink: /fast/déroulement"),
    "_pages/version.md": fm("title: V1.2\npermalink: /approche/v1.2"),
    "_pages/blog.md": fm(
        "title: Blog\npermalink: /blog/\nredirect_from:\n  - /annonces\n"
        "redirect_to: https://blog.example.gouv.fr"
    ),
    "_pages/equipe.md": fm("title: Équipe\npermalink: /equipe/\nredirect_from: /qui/"),
    "library.md": fm("title: Bibliothèque"),  # excluded by the `lib` prefix (§1.2)
    "content/_startups/tchap.md": fm("title: Tchap"),
    "content/_startups/auxAJ.md": fm("title: AuxAJ"),
    "content/_authors/jean.dupont.md": fm("fullname: Jean Dupont"),
    "content/_posts/2024-01-15-bilan.md": fm("title: Bilan"),
    "content/docs/guide.pdf": b"",
    "img/photo été.png": b"",
    "img/logo.png": b"",
    "_redirects": "/vieux/* /approche/:splat\n/guide.pdf /content/docs/guide.pdf\n",
}


def make(tmp_path, extra: dict | None = None, drop: tuple[str, ...] = ()) -> object:
    files = {k: v for k, v in {**SITE, **(extra or {})}.items() if k not in drop}
    root = write_site(tmp_path / "site", files)
    return root


def resolver(root, host="jekyll", **kw) -> Resolver:
    site = discover(root)
    idx = site_index.build(
        site,
        now=_dt.datetime(2026, 8, 1),
        extra_published=kw.pop("extra", ()),
    )
    return Resolver(
        idx,
        host=host,
        site_url=str(site.config.get("url") or ""),
        baseurl=str(site.config.get("baseurl") or ""),
        **kw,
    )


def answer(res: Resolver, link: str, page: str | None = "/") -> str:
    """What a link written on the page at `page` leads to: ok, missing, forbidden,
    redirect→target, or why it is not checked."""
    parsed = res.parse(link, None if page is None else res.prefix + page)
    if isinstance(parsed, str):
        return parsed
    if parsed.problem:
        return parsed.problem
    if parsed.same_document:
        return "same"
    served = res.serve(parsed.path)
    if served.status == "redirect":
        if served.problem:
            return served.problem
        if served.external:
            return "redirect→" + served.external
        return "redirect→" + (served.final.path if served.final else "?")
    return "ok" if served.found else served.status


@pytest.fixture
def site(tmp_path):
    return make(tmp_path)


# --- §6 pitfalls, one test each -------------------------------------------------------------


def test_pitfall_01_html_or_not(site):
    """§6.1: `/approche/construction` (canonical) and `.html` both work on nginx and
    `jekyll serve`; `/startups/tchap` (canonical is `.html`) too; a strict host only
    serves the files as written."""
    for host in ("jekyll", "nginx", "netlify"):
        res = resolver(site, host)
        for link in (
            "/approche/construction",
            "/approche/construction.html",
            "/startups/tchap.html",
            "/startups/tchap",
        ):
            assert answer(res, link) == "ok", (host, link)
    strict = resolver(site, "static")
    assert answer(strict, "/approche/construction.html") == "ok"
    assert answer(strict, "/startups/tchap.html") == "ok"
    assert answer(strict, "/approche/construction") == "missing"
    assert strict.other_form("/approche/construction") == "/approche/construction.html"


def test_pitfall_02_trailing_slash(site):
    """§6.2: `/approche/construction/` is 200 under `jekyll serve`, 404 on nginx; `/stats`
    for `/stats/` works on both; a folder without index.html is 403 on nginx."""
    jekyll, nginx = resolver(site, "jekyll"), resolver(site, "nginx")
    assert answer(jekyll, "/approche/construction/") == "ok"
    assert answer(nginx, "/approche/construction/") == "missing"
    assert nginx.other_form("/approche/construction/") == "/approche/construction"
    assert answer(jekyll, "/stats") == "ok" and answer(nginx, "/stats") == "ok"
    assert answer(nginx, "/approche/formation/") == "forbidden"
    assert answer(jekyll, "/approche/formation/") == "ok"  # WEBrick serves formation.html
    assert answer(nginx, "/approche/formation") == "ok"


def test_pitfall_03_relative_links_follow_the_served_url(site):
    """§6.3: relative links resolve against the URL the browser shows. `/approche/formation`
    is `formation.html` next to a folder `approche/formation/`: `jekyll serve` redirects it
    to `/approche/formation/`, nginx serves it as is — `mooc` means two different pages."""
    idx_item = resolver(site).index.by_source("_pages/formation.md")
    jekyll, nginx = resolver(site, "jekyll"), resolver(site, "nginx")
    assert jekyll.base_of(idx_item) == "/approche/formation/"
    assert nginx.base_of(idx_item) == "/approche/formation"
    assert answer(jekyll, "mooc", jekyll.base_of(idx_item)) == "ok"
    assert answer(nginx, "mooc", nginx.base_of(idx_item)) == "missing"  # /approche/mooc
    assert answer(nginx, "formation/mooc", nginx.base_of(idx_item)) == "ok"
    assert answer(nginx, "../stats/", "/approche/construction") == "ok"
    assert answer(nginx, "construction", "/approche/") == "ok"
    # a typo such as `ttps://` is no address at all
    assert answer(nginx, "ttps://beta.example.gouv.fr/stats/") == "scheme"


def test_pitfall_04_percent_encoding_and_accents(site):
    """§6.4: raw and percent-encoded forms are the same address; fragments are decoded."""
    res = resolver(site, "nginx")
    assert answer(res, "/fast/déroulement") == "ok"
    assert answer(res, "/fast/d%C3%A9roulement") == "ok"
    assert answer(res, "/img/photo%20%C3%A9t%C3%A9.png") == "ok"
    parsed = res.parse("/fast/d%C3%A9roulement#r%C3%A9sultats", "/")
    assert parsed.path == "/fast/déroulement" and parsed.fragment == "r%C3%A9sultats"


def test_pitfall_05_unicode_normalisation(site):
    """§6.5: servers compare bytes: an NFD link to an NFC permalink fails, and the
    message says it differs only by normalisation."""
    res = resolver(site, "nginx")
    nfd = unicodedata.normalize("NFD", "/fast/déroulement")
    assert nfd != "/fast/déroulement"
    assert answer(res, nfd) == "missing"
    assert res.unicode_variant(nfd) == "/fast/déroulement"


def test_pitfall_06_case(site):
    """§6.6: case matters on the server; `:title` keeps the file's case."""
    res = resolver(site, "nginx")
    assert answer(res, "/startups/auxAJ.html") == "ok"
    assert answer(res, "/startups/auxaj.html") == "missing"
    assert res.case_variant("/startups/auxaj.html") == "/startups/auxAJ.html"
    assert answer(res, "/Approche/Construction") == "missing"
    assert res.case_variant("/Approche/Construction") == "/approche/construction"


def test_pitfall_07_query_strings(site):
    """§6.7: the query is ignored for resolution; the fragment is kept apart."""
    res = resolver(site, "nginx")
    parsed = res.parse("/stats/?filtre=a#haut", "/")
    assert (parsed.path, parsed.query, parsed.fragment) == ("/stats/", "filtre=a", "haut")
    assert answer(res, "/startups/tchap.html?x=1") == "ok"
    assert answer(res, "?page=2", "/stats/") == "same"


def test_pitfall_08_anchors(make_site):
    """§6.8: same-page and cross-page anchors; ids are case-sensitive; an id built with
    Liquid (`menu-{{ … }}`) makes every fragment it could produce possible."""
    data = lint(
        make_site(
            {
                "a.md": fm(
                    "title: A",
                    "[ok](#nos-engagements) [casse](#Nos-engagements) [b](/b.html#menu-x)\n\n"
                    "[autre](/b.html#absent) [haut](#top)\n\n## Nos engagements\n",
                ),
                "b.md": fm("title: B", '<div id="menu-{{ page.slug }}">Menu</div>\n'),
            }
        ),
        "--select",
        "LNK002",
        "--lang",
        "en",
    )
    found = findings(data, "LNK002")
    assert [f["message"].split("`")[1] for f in found] == ["#Nos-engagements", "/b.html#absent"]
    assert "`#nos-engagements`: is it the one?" in found[0]["message"]  # the near id


def test_pitfall_09_french_typography_in_ids(make_site):
    """§6.9: a no-break space before `?` leaves no hyphen; a normal space gives one; both
    apostrophes give the same id."""
    body = (
        "[a](#qui-sommes-nous) [b](#qui-sommes-nous-) [c](#lapproche)\n\n"
        "## Qui sommes-nous\u00a0?\n\n## L’approche\n"
    )
    data = lint(make_site({"a.md": fm("title: A", body)}), "--select", "LNK002")
    (finding,) = findings(data, "LNK002")
    assert "#qui-sommes-nous-`" in finding["message"]


def test_pitfall_10_assets_exact_names_spaces_accents_extra_paths(site):
    """§6.10: static files match exactly (spaces and accents allowed, no `.html`
    fallback); files written outside the source need `extra-published-paths`."""
    res = resolver(site, "nginx", extra=["/assets/gouvfr/**"])
    assert answer(res, "/img/photo été.png") == "ok"
    assert answer(res, "/img/Logo.png") == "missing"
    assert answer(res, "/content/docs/guide.pdf") == "ok"
    assert answer(res, "/assets/gouvfr/dsfr.min.css") == "ok"
    assert answer(resolver(site, "nginx"), "/assets/gouvfr/dsfr.min.css") == "missing"
    exact = resolver(site, "nginx", exact_paths=["/img/**"])
    assert answer(exact, "/img/logo") == "missing"  # an exact-only location: no .png guess
    assert is_file_path("/img/logo.png") and not is_file_path("/approche/v1.2")


def test_pitfall_11_absolute_self_links(site):
    """§6.11: the site's own host, with or without www, http or https, is internal."""
    res = resolver(site, "nginx")
    for link in (
        "https://beta.example.gouv.fr/stats/",
        "http://beta.example.gouv.fr/stats/",
        "https://www.beta.example.gouv.fr/stats/",
        "//beta.example.gouv.fr/stats/",
    ):
        parsed = res.parse(link, "/")
        assert parsed.own_domain and parsed.path == "/stats/", link
    assert answer(res, "https://beta.example.gouv.fr/nulle-part") == "missing"
    assert answer(res, "https://blog.example.gouv.fr/") == "external"
    assert answer(res, "https://beta.example.gouv.fr:8443/stats/") == "external"


def test_pitfall_12_excluded_by_prefix(tmp_path, make_site):
    """§6.12: `exclude: [lib]` also drops `library.md`: its URL is broken, and the
    message says the file exists but is not published."""
    res = resolver(make(tmp_path), "nginx")
    assert answer(res, "/library.html") == "missing"
    data = lint(
        write_site(tmp_path / "site", {"index.md": fm("title: A", "[biblio](/library.html)\n")}),
        "--select",
        "LNK001",
        "--lang",
        "en",
    )
    (finding,) = findings(data, "LNK001")
    assert "`library.md`" in finding["message"] and "does not publish" in finding["message"]


def test_pitfall_13_dots_in_the_last_segment(site):
    """§6.13: `/approche/v1.2` is written without `.html` and served as is; a missing
    one is a page, not a file."""
    res = resolver(site, "nginx")
    assert answer(res, "/approche/v1.2") == "ok"
    assert answer(res, "/approche/v1.3") == "missing"
    assert not is_file_path("/approche/v1.3")


def test_pitfall_14_collisions_redirect_replaces_page(tmp_path):
    """§6.14/§5.1: a `redirect_from` equal to a page's file silently replaces the page:
    a link to it now leads through the redirect."""
    root = make(
        tmp_path,
        {
            "about.md": fm("title: À propos"),
            "_pages/contact.md": fm(
                "title: Contact\npermalink: /contact/\nredirect_from: /about.html"
            ),
            "x.html": fm("title: X"),
            "x/index.html": fm("title: X index"),
        },
    )
    res = resolver(root, "nginx")
    assert answer(res, "/about.html") == "redirect→/contact/"
    served = res.serve("/x")
    assert served.item.source == "x.html"  # nginx tries $uri.html before $uri/index.html


def test_pitfall_15_front_matter_quirks(tmp_path):
    """§6.15: a BOM makes a Markdown file static (published as `.md`); `published: false`
    in `defaults` does not hide a page."""
    root = make(
        tmp_path,
        {
            "bom.md": b"\xef\xbb\xbf---\ntitle: BOM\n---\nTexte.\n",
            "_config.yml": CONFIG
            + "defaults:\n  - scope: {path: _pages}\n    values: {published: false}\n",
        },
    )
    res = resolver(root, "nginx")
    assert answer(res, "/bom.html") == "missing"
    assert answer(res, "/bom.md") == "ok"
    assert answer(res, "/stats/") == "ok"


def test_pitfall_16_link_tag_paths(make_site):
    """§6.16: `{% link %}` is resolved (documents from the collections folder) and the
    fragment written after it is checked; `{% post_url %}` too."""
    files = {
        "content/_startups/tchap.md": fm("title: Tchap", "## Équipe\n"),
        "content/_posts/2024-01-15-bilan.md": fm("title: Bilan"),
        "index.md": fm(
            "title: A",
            "[ok]({% link _startups/tchap.md %}#équipe) "
            "[ancre]({% link _startups/tchap.md %}#absente) "
            "[article]({% post_url 2024-01-15-bilan %})\n",
        ),
        "_config.yml": CONFIG,
    }
    data = lint(make_site(files), "--select", "LNK001,LNK002,LNK010", "--lang", "en")
    assert [f["rule"] for f in data["violations"]] == ["LNK002"]
    assert "#absente" in data["violations"][0]["message"]


def test_pitfall_17_markdown_parsing(make_site):
    """§6.17: links in HTML blocks are links; Markdown syntax inside them is not; code
    has no links; reference links and angle-bracket destinations resolve."""
    body = (
        '<div>\n<a href="/manque-html">a</a> [pas un lien](/pas-un-lien)\n</div>\n\n'
        "`[code](/code-manque)`\n\n"
        "[ref][r] [espace](</img/photo été.png>)\n\n"
        "[r]: /manque-ref\n"
    )
    data = lint(make_site({"index.md": fm("title: A", body), "img/photo été.png": b""}))
    urls = [f["message"].split("`")[1] for f in findings(data, "LNK001")]
    assert urls == ["/manque-html", "/manque-ref"]
    assert not findings(data, "LNK003")


def test_pitfall_18_schemes_are_not_internal(site):
    """§6.18: mailto:, tel:, data:, javascript: are not links to check; `//host/x` is
    another site unless the host is the site's own."""
    res = resolver(site, "nginx")
    for link in (
        "mailto:contact@beta.gouv.fr",
        "tel:+33100000000",
        "data:image/gif;base64,R0lGOD",
        "javascript:void(0)",
        "//cdn.example.org/x.js",
        "https://example.org/stats/",
        "ftp://beta.example.gouv.fr/x",
    ):
        assert answer(res, link) == "external", link


def test_pitfall_19_dev_versus_production(tmp_path):
    """§6.19: `jekyll serve` is lenient (trailing slash); the host profile follows the
    site's own files — an nginx configuration means production is nginx."""
    root = make(tmp_path)
    assert detect_host(root) == "netlify"  # _redirects
    (root / "servers.conf.erb").write_text("location / {}\n", encoding="utf-8")
    assert detect_host(root) == "nginx"
    (root / "servers.conf.erb").unlink()
    (root / "_redirects").unlink()
    assert detect_host(root) == "jekyll"
    assert answer(resolver(root, "jekyll"), "/approche/construction/") == "ok"
    assert answer(resolver(root, "nginx"), "/approche/construction/") == "missing"


def test_pitfall_20_unwritten_targets(make_site):
    """§6.20: documents of `output: false` collections, `published: false` pages and
    future posts have URLs but no file: links to them are broken, and say why."""
    files = {
        "_config.yml": CONFIG.replace("lang: fr", "lang: fr\nfuture: false"),
        "content/_authors/jean.dupont.md": fm("fullname: Jean Dupont"),
        "brouillon.md": fm("title: Brouillon\npublished: false"),
        "content/_posts/2999-01-01-futur.md": fm("title: Futur"),
        "index.md": fm(
            "title: A",
            "[a](/authors/jean.dupont.html) [b](/brouillon.html) [c](/2999/01/01/futur.html)\n",
        ),
    }
    data = lint(make_site(files), "--select", "LNK001", "--lang", "en")
    messages = [f["message"] for f in findings(data, "LNK001")]
    assert len(messages) == 3
    assert "`output: false`" in messages[0]
    assert "`published: false`" in messages[1]
    assert "future" in messages[2]


# --- host profiles: pages that exist are never reported where the host serves them ----------

FORMS = {
    # link → served by (jekyll, nginx, netlify, static)
    "/approche/construction": (True, True, True, False),
    "/approche/construction.html": (True, True, True, True),
    "/approche/construction/": (True, False, True, False),
    "/approche/": (True, True, True, True),
    "/approche": (True, True, True, True),
    "/approche/index.html": (True, True, True, True),
    "/startups/tchap.html": (True, True, True, True),
    "/startups/tchap": (True, True, True, False),
}


@pytest.mark.parametrize("host", ["jekyll", "nginx", "netlify", "static"])
def test_existing_pages_are_not_reported_where_the_host_serves_them(make_site, host):
    body = "\n\n".join(f"[{i}]({link})" for i, link in enumerate(FORMS))
    files = {
        "_config.yml": CONFIG,
        ".betalint.toml": f'host = "{host}"\n',
        "_pages/approche.md": fm("title: Approche\npermalink: /approche/"),
        "_pages/construction.md": fm("title: Construction\npermalink: /approche/construction"),
        "content/_startups/tchap.md": fm("title: Tchap"),
        "index.md": fm("title: Accueil", body + "\n"),
    }
    data = lint(make_site(files), "--select", "LNK001", "--lang", "en")
    col = ("jekyll", "nginx", "netlify", "static").index(host)
    expected = [link for link, served in FORMS.items() if not served[col]]
    reported = [f["message"].split("`")[1] for f in findings(data, "LNK001")]
    assert reported == expected
    for f in findings(data, "LNK001"):
        assert "the page exists, but its address is" in f["message"]


# --- redirects ------------------------------------------------------------------------------


def test_redirects_of_each_host(site):
    """`_redirects` is read on Netlify only; jekyll-redirect-from pages work everywhere;
    chains are followed to an external target."""
    netlify, nginx = resolver(site, "netlify"), resolver(site, "nginx")
    assert answer(netlify, "/vieux/construction") == "redirect→/approche/construction"
    assert answer(nginx, "/vieux/construction") == "missing"
    assert answer(netlify, "/guide.pdf") == "redirect→/content/docs/guide.pdf"
    assert answer(nginx, "/qui/") == "redirect→/equipe/"
    assert answer(nginx, "/annonces") == "redirect→https://blog.example.gouv.fr"
    served = nginx.serve("/annonces")
    assert served.chain == ["/blog/", "https://blog.example.gouv.fr"]


def test_server_redirects_come_before_files_and_loops_are_found(site):
    rules = server_redirects(
        [
            {"from": "^/startup/(.*)$", "to": "/startups/$1"},
            {"from": "^/boucle/a$", "to": "/boucle/b"},
            {"from": "^/boucle/b$", "to": "/boucle/a"},
        ]
    )
    res = resolver(site, "nginx", redirects=rules)
    assert answer(res, "/startup/tchap.html") == "redirect→/startups/tchap.html"
    assert answer(res, "/boucle/a") == "loop"


def test_server_redirects_setting_is_validated():
    ok = build_config({"server-redirects": [{"from": "^/a/(.*)$", "to": "/b/$1"}]}, {})
    assert ok.settings["server-redirects"][0]["status"] == 301
    for bad in (
        [{"from": "^/a/(", "to": "/b"}],
        [{"from": "^/a", "to": ""}],
        [{"from": "^/a", "to": "/b", "status": 200}],
        [{"from": "^/a", "to": "/b", "code": 301}],
    ):
        with pytest.raises(ConfigError):
            build_config({"server-redirects": bad}, {})


def test_link_to_redirect_and_broken_redirect(make_site):
    files = {
        "_config.yml": CONFIG,
        ".betalint.toml": 'host = "netlify"\n',
        "_pages/equipe.md": fm("title: Équipe\npermalink: /equipe/\nredirect_from: /qui/"),
        "_redirects": "/ancien /disparu\n",
        "index.md": fm("title: A", "[équipe](/qui/)\n\n[ancien](/ancien)\n"),
    }
    data = lint(make_site(files), "--lang", "en")
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("LNK005", 4), ("LNK001", 6)]
    assert "redirects to `/equipe/`" in data["violations"][0]["message"]
    assert "`/disparu`, which does not exist" in data["violations"][1]["message"]
    assert data["violations"][0]["severity"] == "info"


# --- baseurl, Liquid ------------------------------------------------------------------------


def test_baseurl_is_required_and_liquid_is_resolved(make_site):
    files = {
        "_config.yml": CONFIG.replace('baseurl: ""', "baseurl: /docs"),
        "_pages/stats.md": fm("title: Stats\npermalink: /stats/"),
        "index.md": fm(
            "title: A",
            "[a](/stats/) [b]({{ site.baseurl }}/stats/) [c]({{ '/stats/' | relative_url }})\n\n"
            "[d](stats/) [e]({{ site.url }}{{ site.baseurl }}/stats/) [f]({{ page.x }})\n\n"
            "[g](/docs/nulle-part/)\n",
        ),
    }
    data = lint(make_site(files), "--select", "LNK001,LNK004", "--lang", "en")
    assert [(f["line"], f["message"].split("`")[1]) for f in data["violations"]] == [
        (4, "/stats/"),
        (8, "/docs/nulle-part/"),
    ]
    assert "`/docs`" in data["violations"][0]["message"]
    assert "/docs/stats/" in data["violations"][0]["message"]
    assert any("could not be checked" in n for n in data.get("notes", []))


# --- the rules ------------------------------------------------------------------------------


def test_own_domain_links_are_reported_with_the_root_relative_form(make_site):
    files = {
        "_config.yml": CONFIG,
        "_pages/stats.md": fm("title: Stats\npermalink: /stats/"),
        "index.md": fm(
            "title: A",
            "[a](https://www.beta.example.gouv.fr/stats/?x=1#top)\n\n"
            '<link rel="canonical" href="https://beta.example.gouv.fr/">\n\n'
            "[b]({{ site.url }}/stats/)\n",
        ),
    }
    data = lint(make_site(files), "--lang", "en")
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("LNK004", 4)]
    assert "write `/stats/?x=1#top`" in data["violations"][0]["message"]
    assert data["violations"][0]["severity"] == "warning"


def test_missing_files_src_srcset_poster_and_style(make_site):
    body = (
        '<img src="/img/logo.png" srcset="/img/logo.png 1x, /img/logo@2x.png 2x" alt="Logo">\n\n'
        '<video src="/media/film.mp4" poster="/img/affiche.jpg"></video>\n\n'
        "<div style=\"background-image: url('/img/fond.jpg')\">x</div>\n\n"
        "[Le guide](/content/docs/guid.pdf)\n"
    )
    files = {
        "_config.yml": CONFIG,
        "img/logo.png": b"",
        "content/docs/guide.pdf": b"",
        "index.md": fm("title: A", body),
    }
    data = lint(make_site(files), "--select", "LNK001,LNK003", "--lang", "en")
    got = [(v["rule"], v["line"], v["message"].split("`")[1]) for v in data["violations"]]
    assert got == [
        ("LNK003", 4, "/img/logo@2x.png"),
        ("LNK003", 6, "/img/affiche.jpg"),
        ("LNK003", 6, "/media/film.mp4"),
        ("LNK003", 8, "/img/fond.jpg"),
        ("LNK003", 10, "/content/docs/guid.pdf"),
    ]
    assert "Did you mean `/content/docs/guide.pdf`?" in data["violations"][-1]["message"]


def test_files_written_by_plugins_and_kept_folders_exist(make_site):
    """jekyll-feed, jekyll-sitemap and jekyll-redirect-from write files without a source;
    `keep_files` folders are filled by something else (beta.gouv.fr's DSFR copy)."""
    body = (
        '<link rel="alternate" type="application/atom+xml" href="/feed.xml">\n\n'
        "[plan](/sitemap.xml) [redirections](/redirects.json)\n\n"
        '<link rel="stylesheet" href="/assets/gouvfr/dsfr.min.css">\n'
    )
    config = CONFIG.replace(
        "  - jekyll-redirect-from\n",
        "  - jekyll-redirect-from\n  - jekyll-feed\n  - jekyll-sitemap\nkeep_files: [assets/gouvfr]\n",
    )
    files = {"_config.yml": config, "index.md": fm("title: A", body)}
    assert lint(make_site(files), "--select", "LNK001,LNK003")["violations"] == []
    files["_config.yml"] = CONFIG.replace("  - jekyll-redirect-from\n", "  - jekyll-seo-tag\n")
    data = lint(make_site(files), "--select", "LNK001,LNK003", "--lang", "en")
    assert len(findings(data, "LNK003")) == 4


def test_redirects_json_follows_the_url_model(make_site):
    """/redirects.json is published when the URL index says jekyll-redirect-from writes it:
    not with `redirect_from: {json: false}`, nor without the plugin."""
    files = {"_config.yml": CONFIG, "index.md": fm("title: A", "[redirections](/redirects.json)\n")}
    assert lint(make_site(files), "--select", "LNK001,LNK003")["violations"] == []
    files["_config.yml"] = CONFIG + "redirect_from:\n  json: false\n"
    data = lint(make_site(files), "--select", "LNK001,LNK003", "--lang", "en")
    assert [v["message"].split("`")[1] for v in data["violations"]] == ["/redirects.json"]


def test_srcset_parsing():
    assert srcset_urls("a.png 1x, b.png 2x") == ["a.png", "b.png"]
    assert srcset_urls(" /i/a,b.png 480w,/c.png") == ["/i/a,b.png", "/c.png"]
    assert srcset_urls("x.png, y.png") == ["x.png", "y.png"]


def test_layout_and_include_links_are_checked_per_page(make_site):
    """Root-relative links of layouts are checked once; same-page anchors of an include
    on each page that renders it; include parameters where the page gives them."""
    files = {
        "_config.yml": CONFIG,
        "_layouts/default.html": (
            '<a href="#contenu">Aller au contenu</a> <a href="/manque/">x</a>\n'
            '<main id="contenu">{{ content }}</main>\n'
        ),
        "_includes/sommaire.html": '<a href="#resultats">Résultats</a>\n',
        "_includes/hero.html": '<img src="{{ include.image }}" alt="">\n',
        "img/ok.jpg": b"",
        "a.md": fm(
            "title: A\nlayout: default",
            "{% include sommaire.html %}\n\n## Resultats\n\n"
            '{% include hero.html image="/img/ok.jpg" %}\n',
        ),
        "b.md": fm(
            "title: B\nlayout: default",
            '{% include sommaire.html %}\n\n{% include hero.html image="/img/absente.jpg" %}\n',
        ),
    }
    data = lint(make_site(files), "--lang", "en")
    got = [(v["rule"], v["path"].rsplit("/", 1)[-1], v["line"]) for v in data["violations"]]
    assert got == [
        ("LNK002", "sommaire.html", 1),
        ("LNK001", "default.html", 1),
        ("LNK003", "b.md", 7),
    ]
    assert "`/b.html`" in data["violations"][0]["message"]  # names the page concerned
    assert "`/img/absente.jpg`" in data["violations"][2]["message"]


def test_odd_links_never_crash(make_site):
    body = (
        "[a](http://[::1]:x/) [b](https://beta.example.gouv.fr:99999/) [c](%) [d](/%zz)\n\n"
        '<a href="  /stats/\n">e</a> <img src="" alt=""> <a href="#">f</a>\n\n'
        '<img srcset=",,," alt=""> <a href="\\\\serveur\\partage">g</a>\n'
    )
    data = lint(make_site({"_config.yml": CONFIG, "index.md": fm("title: A", body)}))
    assert data["exit_code"] in (0, 1)
    assert "errors" not in data or not data.get("errors")


def test_demo_site_has_an_instance_of_every_resolution_rule():
    from conftest import DEMO

    data = lint(DEMO, "--select", "LNK001,LNK002,LNK003,LNK004,LNK005", "--lang", "en")
    mine = [v for v in data["violations"] if "demo-liens-internes" in v["path"]]
    assert sorted({v["rule"] for v in mine}) == ["LNK001", "LNK002", "LNK003", "LNK004", "LNK005"]
    # nothing elsewhere: the demo's other pages link only to pages that exist
    assert [v for v in data["violations"] if v not in mine] == []


# --- the real corpus (one shared run) ----------------------------------------------------------


def test_corpus_link_findings(corpus_run):
    by_path: dict[str, list[dict]] = {}
    for v in corpus_run["violations"]:
        if v["rule"] in ("LNK001", "LNK002", "LNK003", "LNK004", "LNK005"):
            by_path.setdefault(v["path"], []).append(v)
    # real problems of the site
    typo = [v for v in by_path.get("content/_startups/coop-biodiv.md", []) if v["rule"] == "LNK001"]
    assert typo and "ttps://" in typo[0]["message"]
    assert any(v["rule"] == "LNK004" for v in by_path.get("content/_startups/vapp.md", []))
    # fixed false alarms: keep_files (the DSFR copied at build time), repeated slashes
    assert "_includes/head.html" not in by_path
    assert "_layouts/incubateurs.html" not in by_path


def test_lnk004_fix_rewrites_self_links_as_root_relative(make_site):
    page = (
        "---\ntitle: A\n---\n"
        "Voir [la page](https://example.gouv.fr/b.html#x) et "
        '<a href="http://www.example.gouv.fr/b.html?q=1">b</a>.\n'
    )
    root = make_site({"a.md": page, "b.md": "---\ntitle: B\n---\n<p id='x'>B</p>\n"})
    data = lint(root, "--select", "LNK004")
    assert [v["rule"] for v in data["violations"]] == ["LNK004", "LNK004"]
    code, out, err = run_cli(["check", str(root), "--select", "LNK004", "--fix", "--lang", "en"])
    assert code == 0, out + err
    assert (root / "a.md").read_text(encoding="utf-8") == (
        '---\ntitle: A\n---\nVoir [la page](/b.html#x) et <a href="/b.html?q=1">b</a>.\n'
    )
    assert lint(root, "--select", "LNK004")["violations"] == []
