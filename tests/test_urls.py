"""Jekyll's URL model: every vector of specs/jekyll.md §2.13 and the slugify table of §2.9.

Each vector came from a real Jekyll 4.3 build; the site is rebuilt here in a temporary
folder and betalint's index must give the same URL and output file.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from betalint import index as site_index
from betalint import urls
from betalint.site import discover
from conftest import write_site

FM = "---\n{}\n---\nText.\n"


def fm(text: str = "") -> str:
    return FM.format(text) if text else "---\n---\nText.\n"


def build(root, now=None):
    return site_index.build(discover(root), now=now or _dt.datetime(2026, 8, 1))


def where(idx, source):
    item = idx.by_source(source)
    assert item is not None, f"{source} is not in the index"
    return item


# --- slugify (§2.9) ---------------------------------------------------------------------

SLUG_TABLE = [
    # input, default, raw, pretty, ascii, latin, none
    (
        "Déroulé du programme",
        "déroulé-du-programme",
        "déroulé-du-programme",
        "déroulé-du-programme",
        "d-roul-du-programme",
        "deroule-du-programme",
        "déroulé du programme",
    ),
    (
        "Startup d’État",
        "startup-d-état",
        "startup-d’état",
        "startup-d-état",
        "startup-d-tat",
        "startup-d-etat",
        "startup d’état",
    ),
    (
        "Qu'est-ce ?",
        "qu-est-ce",
        "qu'est-ce-?",
        "qu'est-ce",
        "qu-est-ce",
        "qu-est-ce",
        "qu'est-ce ?",
    ),
    (
        "beta.gouv.fr",
        "beta-gouv-fr",
        "beta.gouv.fr",
        "beta.gouv.fr",
        "beta-gouv-fr",
        "beta-gouv-fr",
        "beta.gouv.fr",
    ),
    (
        "L'équipe & les rôles",
        "l-équipe-les-rôles",
        "l'équipe-&-les-rôles",
        "l'équipe-&-les-rôles",
        "l-quipe-les-r-les",
        "l-equipe-les-roles",
        "l'équipe & les rôles",
    ),
    (
        "Œuvre cœur",
        "œuvre-cœur",
        "œuvre-cœur",
        "œuvre-cœur",
        "uvre-c-ur",
        "oeuvre-coeur",
        "œuvre cœur",
    ),
    (
        "  --Le_Titre--  ",
        "le-titre",
        "--le_titre--",
        "le_titre",
        "le-titre",
        "le-titre",
        "  --le_titre--  ",
    ),
    (
        "Ça coûte 100 € !",
        "ça-coûte-100",
        "ça-coûte-100-€-!",
        "ça-coûte-100-!",
        "a-co-te-100",
        "ca-coute-100",
        "ça coûte 100 € !",
    ),
    (
        "Tarte Tatin (v2)",
        "tarte-tatin-v2",
        "tarte-tatin-(v2)",
        "tarte-tatin-(v2)",
        "tarte-tatin-v2",
        "tarte-tatin-v2",
        "tarte tatin (v2)",
    ),
    (
        "mission@beta.gouv.fr",
        "mission-beta-gouv-fr",
        "mission@beta.gouv.fr",
        "mission@beta.gouv.fr",
        "mission-beta-gouv-fr",
        "mission-beta-gouv-fr",
        "mission@beta.gouv.fr",
    ),
    ("x²", "x", "x²", "x", "x", "x", "x²"),
]
MODES = ("default", "raw", "pretty", "ascii", "latin", "none")


@pytest.mark.parametrize("row", SLUG_TABLE, ids=[r[0] for r in SLUG_TABLE])
def test_slugify_table(row):
    text, *expected = row
    for mode, want in zip(MODES, expected, strict=True):
        assert urls.slugify(text, mode) == want, (text, mode)


def test_slugify_cased_pretty_and_none():
    assert urls.slugify("Déroulé Été", "pretty", cased=True) == "Déroulé-Été"
    assert urls.slugify(None) is None
    assert urls.slugify("ABC", "unknown-mode") == "abc"


# --- unit pieces (§2.1, §2.5, §2.6) -------------------------------------------------------


def test_escape_path():
    assert urls.escape_path("café") == "caf%C3%A9"
    assert urls.escape_path("a b") == "a%20b"
    assert urls.escape_path("[x]") == "%5Bx%5D"
    assert urls.escape_path("x(y)") == "x(y)"
    assert urls.escape_path("A+B") == "A+B"
    assert urls.escape_path("%41") == "%2541"
    assert urls.escape_path("a#b?c") == "a%23b?c"


def test_sanitize_is_not_a_normalisation():
    assert urls.sanitize("/a/../b//c.html") == "/a/b/c.html"
    assert urls.sanitize("noslash/page") == "/noslash/page"
    assert urls.sanitize("/x/./y") == "/x/y"


def test_output_ext():
    md = frozenset({".md", ".markdown"})
    assert urls.output_ext("a.md", "/api/data.json", md) == ".json"
    assert urls.output_ext("a.md", "/approche/v1.2", md) == ".2"
    assert urls.output_ext("a.md", "/approche/", md) == ".html"
    assert urls.output_ext("a.MD", None, md) == ".html"
    assert urls.output_ext("a.scss", None, md) == ".css"
    assert urls.output_ext("a.txt", None, md) == ".txt"
    assert urls.output_ext("LICENSE", None, md) == ""


def test_style_suffix():
    assert urls.add_suffix("/:path/:basename", "pretty") == "/:path/:basename/"
    assert urls.add_suffix("/:path/:basename", "date") == "/:path/:basename:output_ext"
    assert urls.add_suffix("/:path/:basename", "weekdate") == "/:path/:basename"
    assert urls.add_suffix("/:path/:basename", "/:categories/:title/") == "/:path/:basename/"
    assert urls.add_suffix("/:path/:basename", "/blog/:year/:title") == "/:path/:basename"


def test_baseurl():
    assert urls.baseurl_prefix({"baseurl": ""}) == ""
    assert urls.baseurl_prefix({"baseurl": "sub/"}) == "/sub"
    assert urls.strip_baseurl("/sub/x", {"baseurl": "/sub"}) == "/x"
    assert urls.strip_baseurl("/sub", {"baseurl": "/sub"}) == "/"
    assert urls.strip_baseurl("/x", {"baseurl": "/sub"}) is None
    assert urls.strip_baseurl("/x", {"baseurl": None}) == "/x"


# --- config A (§2.13) -------------------------------------------------------------------

CONFIG_A = """\
baseurl: ""
url: https://beta.gouv.fr
plugins: [jekyll-redirect-from]
include: ["_pages", "_redirects", "_headers", ".well-known"]
exclude: ["README.md", "lib", "ci", "spec", "Gemfile", "vendor"]
collections_dir: content
collections:
  authors:
  incubators: {output: true, permalink: "/incubateurs/:title.html"}
  fasts:      {output: true, permalink: "/fast/lauréats/:title.html"}
  startups:   {output: true, permalink: "/startups/:title.html"}
"""

A_FILES = {
    "_config.yml": CONFIG_A,
    "_pages/programme/construction.md": fm("permalink: /approche/construction"),
    "_pages/fast/déroulement.md": fm("permalink: /fast/déroulement"),
    "_pages/approche.md": fm("permalink: /approche/"),
    "_pages/home.md": fm("permalink: /home.html"),
    "_pages/nopermalink.md": fm("title: x"),
    "_pages/sub/index.md": fm("title: x"),
    "index.md": fm("title: home"),
    "about.md": "No front matter.\n",
    "about2.md": fm(),
    "café.md": fm("title: c"),
    "dir with space/page.md": fm("title: s"),
    "dir with space/index.html": fm("title: s"),
    "library.md": fm("title: x"),
    "special.md": fm("title: x"),
    "ci-notes.md": fm("title: x"),
    "noslash.md": fm("permalink: noslash/page"),
    "dots.md": fm("permalink: /a/../b//c.html"),
    "upper.md": fm("permalink: /Majuscules/Page"),
    "spacey.md": fm("permalink: /with space/x y"),
    "v.md": fm("permalink: /approche/v1.2"),
    "dj.md": fm("permalink: /api/data.json"),
    "robots.txt": fm("title: robots"),
    "placeholders.md": fm("permalink: /:path/:basename:output_ext"),
    "unpublished.md": fm("published: false"),
    "content/_startups/auxAJ.md": fm("title: A"),
    "content/_startups/1000.jours.md": fm("title: J"),
    "content/_startups/café-été.md": fm("title: Café Été"),
    "content/_startups/2020-01-15-dated.md": fm("title: D"),
    "content/_startups/withslug.md": fm("slug: Mon Slug Été"),
    "content/_startups/titleonly.md": fm("title: Un Titre Différent"),
    "content/_startups/sub/nested.md": fm("title: sub"),
    "content/_startups/trailing....md": fm("title: t"),
    "content/_startups/customperma.md": fm("permalink: /startups/custom/"),
    "content/_startups/l’équipe.md": fm("t: 1"),
    "content/_startups/l'équipe.md": fm("t: 1"),
    "content/_startups/Mon Service.md": fm("t: 1"),
    "content/_startups/dv.md": fm('slug: "Déjà Vu!"'),
    "content/_startups/data.json": fm("t: 1"),
    "content/_startups/Upper.MD": fm("t: 1"),
    "content/_startups/notes.md": "no front matter\n",
    "content/_startups/hidden.md": fm("published: false"),
    "content/_fasts/été.md": fm("title: e"),
    "content/_fasts/15_fast": fm("title: 15"),
    "content/_fasts/image.png": b"\x89PNG\r\n",
    "content/_incubators/FabNum-MI.md": fm("title: F"),
    "content/_authors/john.doe.md": fm("title: a"),
    "content/_posts/2024-03-05-mon-billet.md": fm('categories: [Actu, "Vie de la communauté"]'),
    "_posts/2024-01-01-root.md": fm("t: 1"),
    "content/_drafts/brouillon.md": fm("title: draft"),
    "content/docs/guide.pdf": b"%PDF-1.4\n",
    "img/photo été.png": b"\x89PNG\r\n",
    "_redirects": "/old /new\n",
    "_headers": "/*\n  X-Frame-Options: DENY\n",
    ".well-known/security.txt": "Contact: mailto:x@example.org\n",
    "#foo.md": fm("t: 1"),
    "foo.md~": fm("t: 1"),
    ".hidden": "x",
    "node_modules/pkg/index.md": fm("t: 1"),
    "Gemfile.lock": "GEM\n",
}

A_VECTORS = [
    ("A1", "_pages/programme/construction.md", "/approche/construction", "approche/construction.html"),
    ("A2", "_pages/fast/déroulement.md", "/fast/déroulement", "fast/déroulement.html"),
    ("A3", "_pages/approche.md", "/approche/", "approche/index.html"),
    ("A4", "_pages/home.md", "/home.html", "home.html"),
    ("A5", "_pages/nopermalink.md", "/_pages/nopermalink.html", "_pages/nopermalink.html"),
    ("A6", "_pages/sub/index.md", "/_pages/sub/", "_pages/sub/index.html"),
    ("A7", "index.md", "/", "index.html"),
    ("A8", "about.md", "/about.md", "about.md"),
    ("A9", "about2.md", "/about2.html", "about2.html"),
    ("A10", "café.md", "/caf%C3%A9.html", "café.html"),
    ("A11", "dir with space/page.md", "/dir%20with%20space/page.html", "dir with space/page.html"),
    ("A12", "dir with space/index.html", "/dir%20with%20space/", "dir with space/index.html"),
    ("A14", "noslash.md", "/noslash/page", "noslash/page.html"),
    ("A15", "dots.md", "/a/b/c.html", "a/b/c.html"),
    ("A16", "upper.md", "/Majuscules/Page", "Majuscules/Page.html"),
    ("A17", "spacey.md", "/with space/x y", "with space/x y.html"),
    ("A18", "v.md", "/approche/v1.2", "approche/v1.2"),
    ("A19", "dj.md", "/api/data.json", "api/data.json"),
    ("A20", "robots.txt", "/robots.txt", "robots.txt"),
    ("A21", "placeholders.md", "/placeholders.html", "placeholders.html"),
    ("A23", "content/_startups/auxAJ.md", "/startups/auxAJ.html", "startups/auxAJ.html"),
    ("A24", "content/_startups/1000.jours.md", "/startups/1000.jours.html", "startups/1000.jours.html"),
    (
        "A25",
        "content/_startups/café-été.md",
        "/startups/caf%C3%A9-%C3%A9t%C3%A9.html",
        "startups/café-été.html",
    ),
    ("A26", "content/_startups/2020-01-15-dated.md", "/startups/dated.html", "startups/dated.html"),
    (
        "A27",
        "content/_startups/withslug.md",
        "/startups/Mon-Slug-%C3%89t%C3%A9.html",
        "startups/Mon-Slug-Été.html",
    ),
    ("A28", "content/_startups/titleonly.md", "/startups/titleonly.html", "startups/titleonly.html"),
    ("A29", "content/_startups/sub/nested.md", "/startups/nested.html", "startups/nested.html"),
    ("A30", "content/_startups/trailing....md", "/startups/trailing.html", "startups/trailing.html"),
    ("A31", "content/_startups/customperma.md", "/startups/custom/", "startups/custom/index.html"),
    ("A32", "content/_startups/l’équipe.md", "/startups/l-%C3%A9quipe.html", "startups/l-équipe.html"),
    ("A33", "content/_startups/l'équipe.md", "/startups/l'%C3%A9quipe.html", "startups/l'équipe.html"),
    ("A34", "content/_startups/Mon Service.md", "/startups/Mon-Service.html", "startups/Mon-Service.html"),
    ("A35", "content/_startups/dv.md", "/startups/D%C3%A9j%C3%A0-Vu!.html", "startups/Déjà-Vu!.html"),
    ("A36", "content/_startups/data.json", "/startups/data.html", "startups/data.html.json"),
    ("A37", "content/_startups/Upper.MD", "/startups/Upper.html", "startups/Upper.html"),
    ("A38", "content/_startups/notes.md", "/startups/.html.md", "startups/.html.md"),
    ("A40", "content/_fasts/été.md", "/fast/lauréats/%C3%A9t%C3%A9.html", "fast/lauréats/été.html"),
    ("A41", "content/_fasts/15_fast", "/fast/lauréats/15_fast.html", "fast/lauréats/15_fast.html"),
    ("A42", "content/_fasts/image.png", "/fast/lauréats/.html.png", "fast/lauréats/.html.png"),
    ("A43", "content/_incubators/FabNum-MI.md", "/incubateurs/FabNum-MI.html", "incubateurs/FabNum-MI.html"),
    (
        "A45",
        "content/_posts/2024-03-05-mon-billet.md",
        "/actu/vie%20de%20la%20communaut%C3%A9/2024/03/05/mon-billet.html",
        "actu/vie de la communauté/2024/03/05/mon-billet.html",
    ),
    ("A48", "content/docs/guide.pdf", "/content/docs/guide.pdf", "content/docs/guide.pdf"),
    ("A49", "img/photo été.png", "/img/photo été.png", "img/photo été.png"),
    ("A50", "_redirects", "/_redirects", "_redirects"),
    ("A50", "_headers", "/_headers", "_headers"),
    ("A50", ".well-known/security.txt", "/.well-known/security.txt", ".well-known/security.txt"),
]  # fmt: skip


@pytest.fixture(scope="module")
def site_a(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("a") / "site", A_FILES)
    return build(root)


@pytest.mark.parametrize(("vid", "source", "url", "dest"), A_VECTORS, ids=[v[0] for v in A_VECTORS])
def test_config_a(site_a, vid, source, url, dest):
    item = where(site_a, source)
    assert (item.url, item.destination) == (url, dest), vid
    assert item.published, vid
    assert site_a.written(dest) is item, vid


def test_config_a_kinds(site_a):
    assert where(site_a, "about.md").kind == "static"  # A8: no front matter
    assert where(site_a, "content/_startups/notes.md").kind == "static"  # A38
    assert where(site_a, "robots.txt").kind == "page"  # A20


@pytest.mark.parametrize(
    "source",
    [
        "library.md",  # A13: prefix-excluded by `lib`, `spec`, `ci`
        "special.md",
        "ci-notes.md",
        "_posts/2024-01-01-root.md",  # A46: outside collections_dir
        "content/_drafts/brouillon.md",  # A47: drafts not built
        "#foo.md",  # A51
        "foo.md~",
        ".hidden",
        "node_modules/pkg/index.md",
        "Gemfile.lock",
    ],
)
def test_config_a_not_output(site_a, source):
    assert site_a.by_source(source) is None


@pytest.mark.parametrize(
    ("vid", "source", "reason"),
    [
        ("A22", "unpublished.md", "published-false"),
        ("A39", "content/_startups/hidden.md", "published-false"),
        ("A44", "content/_authors/john.doe.md", "output-false"),
    ],
)
def test_config_a_unpublished(site_a, vid, source, reason):
    item = where(site_a, source)
    assert not item.published and item.unpublished_reason == reason, vid
    assert site_a.written(item.destination) is None


def test_a44_url_is_still_computed(site_a):
    item = where(site_a, "content/_authors/john.doe.md")
    assert item.url == "/authors/john.doe.html"
    assert site_a.unwritten("/authors/john.doe.html") == [item]


# --- config B: permalink styles ---------------------------------------------------------


def config_b(permalink: str | None, collection: str = "") -> str:
    text = (
        f"collections:\n  recettes: {{output: true{collection}}}\n"
        f"  things: {{output: true{collection}}}\n"
    )
    if permalink is not None:
        text = f"permalink: {permalink!r}\n" + text
    return text


B_FILES = {
    "_posts/2024-03-05-mon-billet.md": fm("title: Mon Billet"),
    "_posts/2024-01-02-billet-été.md": fm("categories: Actu Événements"),
    "_posts/sub/2023-12-31-dans-sous-dossier.md": fm(),
    "blog/_posts/2022-06-15-categorie-par-dossier.md": fm(),
    "_posts/2021-07-04-original.md": fm("slug: Slug Personnalisé"),
    "_recettes/desserts/Tarte Tatin.md": fm(),
    "_recettes/index.md": fm(),
    "_things/doc.md": fm(),
    "about.md": fm(),
    "docs/index.md": fm(),
    "docs/page.html": fm(),
    "docs/data.json": fm(),
}


def site_b(tmp_path, permalink=None, collection=""):
    files = {"_config.yml": config_b(permalink, collection), **B_FILES}
    return build(write_site(tmp_path / "site", files))


def urls_of(idx, *sources):
    return tuple(where(idx, s).url for s in sources)


def test_b_date_style(tmp_path):
    idx = site_b(tmp_path)
    assert urls_of(idx, "_posts/2024-03-05-mon-billet.md") == ("/2024/03/05/mon-billet.html",)  # B1
    b2 = where(idx, "_posts/2024-01-02-billet-été.md")
    assert b2.url == "/actu/%C3%A9v%C3%A9nements/2024/01/02/billet-%C3%A9t%C3%A9.html"  # B2
    assert b2.destination == "actu/événements/2024/01/02/billet-été.html"
    b3 = where(idx, "_posts/sub/2023-12-31-dans-sous-dossier.md")
    assert (b3.url, b3.destination) == (
        "/2023/12/31/dans-sous-dossier.html",
        "2023/12/31/dans-sous-dossier.html",
    )  # B3
    assert urls_of(idx, "blog/_posts/2022-06-15-categorie-par-dossier.md") == (
        "/blog/2022/06/15/categorie-par-dossier.html",
    )  # B4
    b5 = where(idx, "_posts/2021-07-04-original.md")
    assert (b5.url, b5.destination) == (
        "/2021/07/04/Slug-Personnalis%C3%A9.html",
        "2021/07/04/Slug-Personnalisé.html",
    )  # B5
    b6 = where(idx, "_recettes/desserts/Tarte Tatin.md")
    assert (b6.url, b6.destination) == (
        "/recettes/desserts/Tarte%20Tatin.html",
        "recettes/desserts/Tarte Tatin.html",
    )  # B6
    assert urls_of(idx, "_recettes/index.md") == ("/recettes/index.html",)  # B7
    assert urls_of(idx, "about.md", "docs/index.md", "docs/page.html", "docs/data.json") == (
        "/about.html",
        "/docs/",
        "/docs/page.html",
        "/docs/data.json",
    )  # B8


def test_b_pretty_style(tmp_path):
    idx = site_b(tmp_path, "pretty")
    b9 = where(idx, "_posts/2024-03-05-mon-billet.md")
    assert (b9.url, b9.destination) == (
        "/2024/03/05/mon-billet/",
        "2024/03/05/mon-billet/index.html",
    )  # B9
    assert urls_of(idx, "about.md", "docs/page.html", "docs/data.json") == (
        "/about/",
        "/docs/page/",
        "/docs/data.json",
    )  # B10
    assert where(idx, "about.md").destination == "about/index.html"
    b11 = where(idx, "_recettes/index.md")
    assert (b11.url, b11.destination) == ("/recettes/index/", "recettes/index/index.html")  # B11


def test_b_other_styles(tmp_path):
    idx = site_b(tmp_path / "none", "none")
    assert urls_of(idx, "_posts/2024-01-02-billet-été.md") == (
        "/actu/%C3%A9v%C3%A9nements/billet-%C3%A9t%C3%A9.html",
    )  # B12
    idx = site_b(tmp_path / "ordinal", "ordinal")
    assert urls_of(idx, "_posts/2024-03-05-mon-billet.md") == ("/2024/065/mon-billet.html",)  # B13
    idx = site_b(tmp_path / "weekdate", "weekdate")
    assert urls_of(idx, "_posts/2024-03-05-mon-billet.md") == (
        "/2024/W10/Tue/mon-billet.html",
    )  # B14
    about = where(idx, "about.md")
    assert (about.url, about.destination) == ("/about", "about.html")  # B15
    idx = site_b(tmp_path / "custom1", "/:categories/:title/")
    assert urls_of(idx, "_posts/2024-03-05-mon-billet.md", "about.md") == (
        "/mon-billet/",
        "/about/",
    )  # B16
    idx = site_b(tmp_path / "custom2", "/blog/:year/:title")
    post = where(idx, "_posts/2024-03-05-mon-billet.md")
    about = where(idx, "about.md")
    assert (post.url, post.destination) == ("/blog/2024/mon-billet", "blog/2024/mon-billet.html")
    assert (about.url, about.destination) == ("/about", "about.html")  # B17
    idx = site_b(tmp_path / "custom3", "/:slug:output_ext")
    assert urls_of(idx, "_posts/2021-07-04-original.md") == ("/slug-personnalis%C3%A9.html",)  # B18


@pytest.mark.parametrize(
    ("vid", "template", "url", "dest"),
    [
        ("B19", "/r/:name/", "/r/tarte-tatin/", "r/tarte-tatin/index.html"),
        ("B20", "/r/:path/", "/r/desserts/Tarte%20Tatin/", "r/desserts/Tarte Tatin/index.html"),
        ("B21", "/r/:slug:output_ext", "/r/tarte-tatin.html", "r/tarte-tatin.html"),
    ],
)
def test_b_collection_templates(tmp_path, vid, template, url, dest):
    idx = site_b(tmp_path, None, f", permalink: {template!r}")
    item = where(idx, "_recettes/desserts/Tarte Tatin.md")
    assert (item.url, item.destination) == (url, dest), vid


def test_b22_every_document_placeholder(tmp_path):
    idx = site_b(
        tmp_path, None, ", permalink: '/t/:collection/:path/:name/:slug/:title:output_ext'"
    )
    assert where(idx, "_things/doc.md").url == "/t/things/doc/doc/doc/doc.html"


# --- config C: placeholders and defaults ------------------------------------------------


def test_c_page_placeholders(tmp_path):
    files = {
        "_config.yml": "collections:\n  things: {output: true}\n",
        "sub/p1.md": fm("permalink: /:title/"),
        "sub/p2.md": fm("permalink: /x/:categories/:basename:output_ext"),
        "sub/p3.md": fm("permalink: /:path/"),
        "sub/p4.md": fm("permalink: /y/:path/:basename:output_ext"),
        "_things/bad.md": fm("permalink: /:foo/"),
    }
    idx = build(write_site(tmp_path / "site", files))
    p1 = where(idx, "sub/p1.md")
    assert (p1.url, p1.destination) == ("/:title/", ":title/index.html")  # C1
    assert where(idx, "sub/p2.md").url == "/x/:categories/p2.html"  # C2
    p3 = where(idx, "sub/p3.md")
    assert (p3.url, p3.destination) == ("/sub/", "sub/index.html")  # C3
    assert where(idx, "sub/p4.md").url == "/y/sub/p4.html"  # C4
    bad = where(idx, "_things/bad.md")  # C5: build error
    assert bad.error == "unknown-placeholder" and bad.error_detail == "foo"
    assert not bad.published


def test_c_defaults(tmp_path):
    files = {
        "_config.yml": (
            "collections: {}\n"
            "future: false\n"
            "defaults:\n"
            "  - {scope: {path: docs}, values: {permalink: '/documentation/:basename/'}}\n"
            "  - {scope: {path: docs/sub}, values: {published: false}}\n"
            "  - {scope: {path: img/private}, values: {published: false}}\n"
            "  - {scope: {path: '', type: posts}, values: {permalink: '/blog/:title/'}}\n"
        ),
        "docs/guide.md": fm(),
        "docs/own.md": fm("permalink: /own/"),
        "docs/sub/hidden.md": fm(),
        "img/private/x.png": b"\x89PNG",
        "_posts/2020-01-01-vieux.md": fm(),
        "_posts/2999-01-01-futur.md": fm(),
    }
    idx = build(write_site(tmp_path / "site", files))
    guide = where(idx, "docs/guide.md")
    assert (guide.url, guide.destination) == (
        "/documentation/guide/",
        "documentation/guide/index.html",
    )  # C6
    assert guide.permalink_origin == "defaults"
    assert where(idx, "docs/own.md").url == "/own/"  # C7
    hidden = where(idx, "docs/sub/hidden.md")
    assert hidden.url == "/documentation/hidden/" and hidden.published  # C8
    private = where(idx, "img/private/x.png")
    assert private.url == "/img/private/x.png" and not private.published  # C9
    assert where(idx, "_posts/2020-01-01-vieux.md").url == "/blog/vieux/"  # C10
    futur = where(idx, "_posts/2999-01-01-futur.md")
    assert not futur.published and futur.unpublished_reason == "future"  # C11


def test_c11_future_true_publishes(tmp_path):
    files = {"_config.yml": "future: true\n", "_posts/2999-01-01-futur.md": fm()}
    idx = build(write_site(tmp_path / "site", files))
    assert where(idx, "_posts/2999-01-01-futur.md").published


def test_c_exclude(tmp_path):
    files = {
        "_config.yml": 'exclude: ["*.txt", "docs/", "vendor", "README.md"]\n',
        "a/b/c.txt": fm(),
        "top.txt": fm(),
        "docs/d.md": fm(),
        "vendorx/v.md": fm(),
        "docs.md": fm(),
        "README.MD": fm(),
        "a/README.md": fm(),
    }
    idx = build(write_site(tmp_path / "site", files))
    for gone in ("a/b/c.txt", "top.txt", "docs/d.md", "vendorx/v.md"):  # C12
        assert idx.by_source(gone) is None, gone
    assert urls_of(idx, "docs.md", "README.MD", "a/README.md") == (
        "/docs.html",
        "/README.html",
        "/a/README.html",
    )  # C13


# --- jekyll-redirect-from (R1–R7) -------------------------------------------------------


def test_redirect_vectors(tmp_path):
    files = {
        "_config.yml": CONFIG_A,
        "content/_startups/a4a.md": fm("redirect_from: [/startups/access4all]"),
        "contact.md": fm("permalink: /contact/\nredirect_from: [/postuler/]"),
        "events.md": fm("redirect_from: [evenement]"),
        "alpha.md": fm("redirect_from: [/2017/12/08/alpha1.html]"),
        "je.md": fm("redirect_from: [/startups/logement.etudiant]"),
        "php.md": fm("redirect_from: [/old.php]"),
        "blog.md": fm("redirect_to: https://blog.beta.gouv.fr"),
    }
    idx = build(write_site(tmp_path / "site", files))
    got = {r.source_url: r.destination for r in idx.redirects if r.origin == "redirect_from"}
    assert got == {
        "/startups/access4all": "startups/access4all.html",  # R1
        "/postuler/": "postuler/index.html",  # R2
        "/evenement": "evenement.html",  # R3
        "/2017/12/08/alpha1.html": "2017/12/08/alpha1.html",  # R4
        "/startups/logement.etudiant": "startups/logement.etudiant",  # R5
        "/old.php": "old.php",  # R6
    }
    red, target = idx.redirect("/startups/access4all")
    assert target == "/startups/a4a.html"
    blog = where(idx, "blog.md")  # R7: keeps its URL, output becomes a redirect
    assert blog.url == "/blog.html" and blog.redirect_to == "https://blog.beta.gouv.fr"
    red, target = idx.redirect("/blog.html")
    assert red.origin == "redirect_to" and target == "https://blog.beta.gouv.fr"
    assert idx.redirect("/blog") is not None  # nginx-style .html lookup reaches it too


def test_redirect_from_needs_the_plugin(tmp_path):
    files = {"_config.yml": "title: x\n", "a.md": fm("redirect_from: [/old/]")}
    idx = build(write_site(tmp_path / "site", files))
    assert idx.redirects == []


def test_redirect_page_replaces_a_page_but_loses_to_documents(tmp_path):
    files = {
        "_config.yml": CONFIG_A,
        "about.md": fm("title: about"),
        "other.md": fm("redirect_from: [/about]"),
        "content/_startups/x.md": fm("title: x"),
        "third.md": fm("redirect_from: [/startups/x.html]"),
    }
    idx = build(write_site(tmp_path / "site", files))
    assert idx.written("about.html") is None  # silently replaced by the redirect page
    assert idx.redirect("/about")[1] == "/other.html"
    assert idx.written("startups/x.html").source == "content/_startups/x.md"
    assert idx.redirect("/startups/x.html") is None


def test_r8_redirects_json_is_generated_with_the_plugin(tmp_path):
    """R8: jekyll-redirect-from writes /redirects.json, with or without any redirect."""
    files = {"_config.yml": CONFIG_A, "a.md": fm("title: a")}
    idx = build(write_site(tmp_path / "site", files))
    assert idx.generated == {"redirects.json": "jekyll-redirect-from"}
    assert idx.generated_at("/redirects.json") == "jekyll-redirect-from"
    assert "redirects.json" in idx.destinations()
    assert idx.served_at("redirects.json") == (None, None)
    assert idx.redirect("/redirects.json") is None  # a file, not a redirection
    # no plugin, no map
    files["_config.yml"] = "title: x\n"
    idx = build(write_site(tmp_path / "plain", files))
    assert idx.generated == {} and "redirects.json" not in idx.destinations()


def test_r8_redirects_json_switched_off_or_already_in_the_source(tmp_path):
    off = {"_config.yml": CONFIG_A + "redirect_from:\n  json: false\n", "a.md": fm()}
    assert build(write_site(tmp_path / "off", off)).generated == {}
    # `json: true` or other keys keep it
    on = {"_config.yml": CONFIG_A + "redirect_from:\n  json: true\n", "a.md": fm()}
    assert build(write_site(tmp_path / "on", on)).generated == {
        "redirects.json": "jekyll-redirect-from"
    }
    # a redirects.json at the source root stops it, even when Jekyll excludes the file
    own = {
        "_config.yml": CONFIG_A.replace('"vendor"]', '"vendor", "redirects.json"]'),
        "redirects.json": "{}",
    }
    idx = build(write_site(tmp_path / "own", own))
    assert idx.generated == {} and idx.by_source("redirects.json") is None
    # a redirects.json elsewhere does not
    deep = {"_config.yml": CONFIG_A, "api/redirects.json": "{}"}
    assert build(write_site(tmp_path / "deep", deep)).generated == {
        "redirects.json": "jekyll-redirect-from"
    }


def test_r8_redirects_json_replaces_a_page_but_loses_to_a_document(tmp_path):
    """The map is a page added after the others: it replaces a page published there, and
    a collection document (written after pages) replaces it."""
    files = {"_config.yml": CONFIG_A, "map.md": fm("permalink: /redirects.json")}
    idx = build(write_site(tmp_path / "page", files))
    assert idx.written("redirects.json") is None
    assert idx.generated_at("redirects.json") == "jekyll-redirect-from"
    files = {"_config.yml": CONFIG_A, "content/_startups/m.md": fm("permalink: /redirects.json")}
    idx = build(write_site(tmp_path / "doc", files))
    assert idx.written("redirects.json").source == "content/_startups/m.md"
    assert idx.generated_at("redirects.json") is None
    assert idx.served_at("redirects.json")[0].source == "content/_startups/m.md"


# --- _redirects (§5.2) ------------------------------------------------------------------


def test_redirects_file_rules(tmp_path):
    files = {
        "_config.yml": CONFIG_A,
        "_redirects": (
            "# comment\n"
            "/startup/*  /startups/:splat\n"
            "/news/:year/:slug /blog/:year/:slug 302\n"
            "/blog/* /blog/\n"
            "/forced /contact/ 301!\n"
        ),
        "blog.md": fm("permalink: /blog/"),
        "contact.md": fm("permalink: /contact/"),
        "forced.md": fm("title: f"),
    }
    idx = build(write_site(tmp_path / "site", files))
    assert [r.line for r in idx.rules] == [2, 3, 4, 5]
    rule, target = idx.redirect("/startup/tchap.html")
    assert target == "/startups/tchap.html" and rule.status == 301
    rule, target = idx.redirect("/news/2020/x")
    assert target == "/blog/2020/x" and rule.status == 302
    assert idx.redirect("/blog/") is None  # the page shadows the rule
    assert idx.redirect("/blog/old")[1] == "/blog/"
    assert idx.redirect("/forced")[1] == "/contact/"  # "!" wins over the file
    chain, problem = idx.follow("/startup/x")
    assert chain == ["/startups/x"] and problem is None


def test_follow_detects_loops(tmp_path):
    files = {"_config.yml": CONFIG_A, "_redirects": "/a /b\n/b /a\n"}
    idx = build(write_site(tmp_path / "site", files))
    chain, problem = idx.follow("/a")
    assert problem == "loop" and chain == ["/b", "/a"]


# --- lookups for link checks ------------------------------------------------------------


def test_lookup_and_link_tag(site_a):
    m = site_a.lookup("/approche/construction")
    assert m.item.source == "_pages/programme/construction.md" and m.how == "html"
    assert site_a.lookup("/approche/construction.html").how == "exact"
    assert site_a.lookup("/approche/").how == "index"
    assert site_a.lookup("/fast/lauréats/été.html").item.source == "content/_fasts/été.md"
    assert site_a.lookup(site_index.clean_path("/caf%C3%A9.html?x=1#top")).item.source == "café.md"
    assert site_a.lookup("/nope") is None
    # {% link %}: pages from the root, documents from collections_dir, static with or
    # without a leading slash
    assert site_a.link_target("_pages/approche.md").url == "/approche/"
    assert site_a.link_target("_startups/auxAJ.md").url == "/startups/auxAJ.html"
    assert site_a.link_target("content/_startups/auxAJ.md") is None
    assert site_a.link_target("img/photo été.png") is site_a.link_target("/img/photo été.png")
    assert site_a.link_target("/_pages/approche.md") is None
    assert site_a.link_target("_authors/john.doe.md") is None  # output: false


def test_extra_published_paths(tmp_path):
    root = write_site(tmp_path / "site", {"_config.yml": "title: x\n"})
    idx = site_index.build(discover(root), extra_published=["/assets/gouvfr/**", "/api/*.json"])
    assert idx.extra("/assets/gouvfr/dsfr/dsfr.min.css")
    assert idx.extra("/api/startups.json")
    assert not idx.extra("/api/v2/startups.json")


def test_plain_mode_urls_are_paths(tmp_path):
    root = write_site(
        tmp_path / "site",
        {"a/b.html": "<p>x</p>", "c.md": "# x"},
    )
    idx = build(root)
    assert idx.lookup("/a/b.html").item.source == "a/b.html"
    assert idx.lookup("/c.md").item.source == "c.md"


def test_future_applies_to_every_dated_document(tmp_path):
    files = {
        "_config.yml": "collections:\n  events: {output: true}\n",
        "_events/2999-01-01-plus-tard.md": fm(),
        "_events/sans-date.md": fm(),
        "_events/daté.md": fm("date: 2999-05-01"),
    }
    idx = build(write_site(tmp_path / "site", files))
    assert not where(idx, "_events/2999-01-01-plus-tard.md").published
    assert not where(idx, "_events/daté.md").published
    assert where(idx, "_events/sans-date.md").published


def test_post_url_target(tmp_path):
    files = {
        "_config.yml": "title: x\n",
        "_posts/2024-03-05-mon-billet.md": fm(),
        "blog/_posts/2022-06-15-par-dossier.md": fm(),
        "_posts/sub/2023-12-31-sous-dossier.md": fm(),
    }
    idx = build(write_site(tmp_path / "site", files))
    assert idx.post_url_target("2024-03-05-mon-billet").url == "/2024/03/05/mon-billet.html"
    assert idx.post_url_target("blog/2022-06-15-par-dossier").url.startswith("/blog/2022/")
    assert idx.post_url_target("sub/2023-12-31-sous-dossier") is not None
    assert idx.post_url_target("2024-03-05-absent") is None


def test_placeholder_with_trailing_underscore_and_a_template_shared_by_documents():
    # `:title_` is the `title` placeholder followed by `_` (no `title_` placeholder);
    # documents of one collection share the template cut once: each gets its own values
    now = _dt.datetime(2024, 1, 2)
    template = "/:collection/:title_/:year/:name:output_ext"
    a = urls.document_url("_fiches/Été 2023.md", "fiches", {}, template, {".md"}, now=now)
    b = urls.document_url(
        "_fiches/b.md", "fiches", {"date": "2021-05-06", "slug": "S"}, template, {".md"}, now=now
    )
    assert a.url == "/fiches/%C3%89t%C3%A9-2023_/2024/%C3%A9t%C3%A9-2023.html"
    assert b.url == "/fiches/S_/2021/b.html"
    with pytest.raises(urls.UrlError):
        urls.document_url("_fiches/c.md", "fiches", {}, "/:nope/:title", {".md"}, now=now)
