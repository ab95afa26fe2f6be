"""HD001–HD004, the template model (layouts, includes, Liquid branches) and page anchors."""

from __future__ import annotations

import pytest

from betalint.templates import Scope, evaluate_condition, parse_include_markup
from conftest import findings, lint

LAYOUT_H1 = "<main>\n  <h1>{{ page.title }}</h1>\n  {{ content }}\n</main>\n"


def page(body: str, **fm: str) -> str:
    front = "".join(f"{k}: {v}\n" for k, v in {"title": "Titre", **fm}.items())
    return f"---\n{front}---\n{body}"


def run(make_site, files: dict[str, str], *args: str) -> dict:
    return lint(make_site(files), "--lang", "en", *args)


# --- HD001 --------------------------------------------------------------------------------


def test_incoherent_skip_is_reported_at_the_heading(make_site):
    body = "## Contexte\n\n### Historique\n\n## Résultats\n\n#### Chiffres\n"
    data = run(make_site, {"p.md": page(body)}, "--select", "HD001")
    [f] = findings(data, "HD001")
    assert (f["line"], f["column"]) == (10, 1)
    assert "level 4" in f["message"] and "level 3" in f["message"]


def test_coherent_skip_is_accepted_unless_strict(make_site, tmp_path):
    body = "# Titre\n\n### Partie 1\n\n### Partie 2\n"
    root = make_site({"p.md": page(body)})
    assert findings(lint(root, "--select", "HD001"), "HD001") == []
    (root / ".betalint.toml").write_text("[rules.HD001]\nstrict = true\n")
    [f] = findings(lint(root, "--select", "HD001"), "HD001")
    assert f["line"] == 6


def test_the_layout_h1_starts_the_outline(make_site):
    files = {
        "_layouts/page.html": LAYOUT_H1,
        "p.md": page("### Contexte\n\nTexte.\n\n## Résultats\n", layout="page"),
    }
    [f] = findings(run(make_site, files, "--select", "HD001"), "HD001")
    assert f["path"].endswith("p.md") and f["line"] == 5
    assert "_layouts/page.html" in f["message"]


def test_layout_navigation_headings_do_not_make_a_skip_incoherent(make_site):
    layout = "<h1>{{ page.title }}</h1>\n{{ content }}\n<footer><h2>Liens utiles</h2></footer>\n"
    files = {
        "_layouts/page.html": layout,
        "p.md": page("### Contexte\n\n### Résultats\n", layout="page"),
    }
    assert findings(run(make_site, files, "--select", "HD001"), "HD001") == []


def test_pages_are_still_checked_when_layouts_are_excluded_from_linting(make_site):
    files = {
        ".betalint.toml": 'exclude = ["_layouts/**"]\n',
        "_layouts/page.html": LAYOUT_H1,
        "p.md": page("# Un\n\n# Deux\n\n## A\n\n#### B\n\n### C\n", layout="page"),
    }
    data = run(make_site, files, "--select", "HD001,HD004")
    assert [(f["rule"], f["line"]) for f in data["violations"]] == [("HD004", 7), ("HD001", 11)]


def test_first_heading_without_layout_h1_is_free(make_site):
    files = {"p.md": page("### Contexte\n\n## Résultats\n\n### Détail\n")}
    assert findings(run(make_site, files, "--select", "HD001"), "HD001") == []


def test_layout_h1_in_a_false_branch_does_not_count(make_site):
    layout = "{% if page.hero %}\n<h1>{{ page.title }}</h1>\n{% endif %}\n{{ content }}\n"
    files = {
        "_layouts/page.html": layout,
        "a.md": page("### Contexte\n\n## Résultats\n", layout="page"),
        "b.md": page("### Contexte\n\n## Résultats\n", layout="page", hero="true"),
    }
    data = run(make_site, files, "--select", "HD001")
    assert [f["path"].rsplit("/", 1)[-1] for f in findings(data, "HD001")] == ["b.md"]


def test_layout_chain_defaults_and_include_with_parameters(make_site):
    config = 'title: t\ndefaults:\n  - scope:\n      path: ""\n    values:\n      layout: page\n'
    files = {
        "_config.yml": config,
        "_layouts/default.html": "<body>{{ content }}</body>\n",
        "_layouts/page.html": "---\nlayout: default\n---\n"
        "{% include hero.html title=page.title light=true %}\n{{ content }}\n",
        "_includes/hero.html": "{% if include.title %}{% if include.light %}"
        "<h1>{{ include.title }}</h1>{% endif %}{% endif %}\n",
        "p.md": page("### Contexte\n\n## Résultats\n"),
    }
    [f] = findings(run(make_site, files, "--select", "HD001"), "HD001")
    assert f["line"] == 4


def test_unresolved_include_suspends_the_comparison(make_site):
    files = {
        "_layouts/page.html": LAYOUT_H1,
        "p.md": page("{% include {{ page.encart }} %}\n\n### Contexte\n\n## Fin\n", layout="page"),
    }
    assert findings(run(make_site, files, "--select", "HD001"), "HD001") == []


def test_modal_titles_are_not_page_headings(make_site):
    modal = (
        '<dialog class="fr-modal" id="m"><div class="fr-modal__body">'
        '<h1 class="fr-modal__title">Transcription</h1></div></dialog>\n'
    )
    files = {
        "_layouts/page.html": LAYOUT_H1,
        "_includes/modal.html": modal,
        "p.md": page("## Bilan\n\n{% include modal.html %}\n\n## Suite\n", layout="page"),
    }
    data = run(make_site, files, "--select", "HD001,HD004")
    assert data["violations"] == []


# --- HD002 --------------------------------------------------------------------------------


def test_empty_headings(make_site):
    body = (
        "<h2>&nbsp;</h2>\n\n##\n\n## ![](/img/a.png)\n\n## ![Logo](/img/a.png)\n\n"
        '<h3>{{ page.title }}</h3>\n\n<h3 aria-label="Menu"></h3>\n'
    )
    data = run(make_site, {"p.md": page(body)}, "--select", "HD002")
    assert [f["line"] for f in findings(data, "HD002")] == [4, 8]


def test_empty_heading_in_a_layout(make_site):
    files = {"_layouts/page.html": "<h2></h2>\n{{ content }}\n", "p.md": page("x\n")}
    [f] = findings(run(make_site, files, "--select", "HD002"), "HD002")
    assert f["path"].endswith("_layouts/page.html")


# --- HD003 --------------------------------------------------------------------------------


def test_duplicate_explicit_and_generated_ids(make_site):
    body = (
        "## Objectifs {#objectifs}\n\n## Autres {#objectifs}\n\n"
        '## Contact\n\n## Contact\n\n## Contact-1\n\n<div id="contact">x</div>\n'
    )
    data = run(make_site, {"p.md": page(body)}, "--select", "HD003")
    assert [f["line"] for f in findings(data, "HD003")] == [6, 12, 14]
    messages = [f["message"] for f in findings(data, "HD003")]
    assert "automatic id `contact-1`" in messages[1] and "line 10" in messages[1]
    assert "`contact`" in messages[2] and "line 8" in messages[2]


def test_id_shared_with_the_layout(make_site):
    files = {
        "_layouts/page.html": '<main id="contenu">{{ content }}</main>\n<footer id="pied"></footer>\n',
        "p.md": page("## Contenu\n\n## Pied\n", layout="page"),
    }
    data = run(make_site, files, "--select", "HD003")
    assert [f["line"] for f in findings(data, "HD003")] == [5, 7]
    assert "_layouts/page.html" in findings(data, "HD003")[0]["message"]


def test_ids_in_exclusive_branches_or_loops_are_not_duplicates(make_site):
    layout = (
        '{% if page.a %}<div id="x"></div>{% else %}<div id="x"></div>{% endif %}\n'
        '{% for i in site.pages %}<div id="y"></div>{% endfor %}\n{{ content }}\n'
    )
    files = {"_layouts/page.html": layout, "p.md": page("## Y\n", layout="page")}
    assert findings(run(make_site, files, "--select", "HD003"), "HD003") == []


def test_same_include_twice_in_a_page(make_site):
    files = {
        "_includes/encart.html": '<div id="encart">Encart</div>\n',
        "p.md": page("{% include encart.html %}\n\nTexte.\n\n{% include encart.html %}\n"),
    }
    [f] = findings(run(make_site, files, "--select", "HD003"), "HD003")
    assert f["line"] == 8 and "_includes/encart.html" in f["message"]


def test_duplicate_ids_inside_a_layout_are_reported_once_there(make_site):
    files = {
        "_layouts/page.html": '<div id="a"></div><div id="a"></div>{{ content }}\n',
        "p.md": page("x\n", layout="page"),
        "q.md": page("y\n", layout="page"),
    }
    [f] = findings(run(make_site, files, "--select", "HD003"), "HD003")
    assert f["path"].endswith("_layouts/page.html")


# --- HD004 --------------------------------------------------------------------------------


def test_h1_in_content_and_layout(make_site):
    files = {"_layouts/page.html": LAYOUT_H1, "p.md": page("# Titre\n\n## A\n", layout="page")}
    [f] = findings(run(make_site, files, "--select", "HD004"), "HD004")
    assert f["line"] == 5 and "_layouts/page.html" in f["message"]


def test_layout_h1_after_the_content_counts_too(make_site):
    files = {
        "_layouts/page.html": "{{ content }}\n<h1>{{ site.title }}</h1>\n",
        "p.md": page("# Titre\n", layout="page"),
    }
    [f] = findings(run(make_site, files, "--select", "HD004"), "HD004")
    assert f["line"] == 5


def test_two_h1_in_content(make_site):
    data = run(make_site, {"p.md": page("# Un\n\n# Deux\n\n# Trois\n")}, "--select", "HD004")
    assert [f["line"] for f in findings(data, "HD004")] == [6, 8]


def test_sidebar_like_layout_follows_the_front_matter(make_site):
    layout = (
        "{% if page.hero_title %}<h1>{{ page.hero_title }}</h1>{% endif %}\n"
        "{% if page.hero_title == empty %}<h1>{{ page.title }}</h1>{% endif %}\n"
        "{{ content }}\n"
    )
    files = {
        "_layouts/side.html": layout,
        "without.md": page("# Titre\n", layout="side"),
        "hero.md": page("# Titre\n", layout="side", hero_title="Bienvenue"),
        "empty.md": page("# Titre\n", layout="side", hero_title='""'),
    }
    data = run(make_site, files, "--select", "HD004")
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in findings(data, "HD004")) == [
        "empty.md",
        "hero.md",
    ]


def test_documents_of_unpublished_collections_are_not_pages(make_site):
    files = {"content/_authors/a.md": page("# Un\n\n# Deux\n")}
    assert findings(run(make_site, files, "--select", "HD004"), "HD004") == []


# --- Liquid conditions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("page.title", True),
        ("page.missing", False),
        ("page.url", None),  # computed by Jekyll
        ("page.empty_string == empty", True),
        ("page.missing == empty", False),  # nil is not empty in Liquid
        ("page.title == 'Bilan'", True),
        ("page.title != 'Bilan'", False),
        ("page.tags contains 'a11y'", True),
        ("page.count > 2", True),
        ("page.missing or page.title", True),
        ("page.missing and page.url", False),
        ("page.title and page.url", None),
        # Liquid groups from the right: false and (true or true) → false
        ("page.missing and page.title or page.title", False),
        ("include.title", True),
        ("assigned_variable", None),
        ("site.lang == 'fr'", True),
        ("site.pages", None),
        ("jekyll.environment == 'production'", None),
    ],
)
def test_conditions(markup, expected):
    scope = Scope(
        page={"title": "Bilan", "empty_string": "", "tags": ["a11y"], "count": 3},
        include={"title": "x"},
        site={"lang": "fr"},
        in_include=True,
    )
    assert evaluate_condition(markup, scope) is expected


def test_include_markup_as_jekyll_parses_it():
    spec = parse_include_markup('hero.html title=page.title light=true alt="a \\"b\\""')
    assert spec.file == "hero.html" and spec.params_ok
    assert spec.params == (
        ("title", "expr", "page.title"),
        ("light", "expr", "true"),
        ("alt", "str", 'a "b"'),
    )
    assert parse_include_markup("{{ page.sidebar }}").file == "{{ page.sidebar }}"
    assert (
        parse_include_markup("sidebar-{{ page.x }}.html k='v'").file == "sidebar-{{ page.x }}.html"
    )
    # Jekyll takes all of it as a Liquid file name, then refuses the rendered name
    bad = parse_include_markup("a.html title={{ page.title }}")
    assert not bad.params_ok and bad.file == "a.html"


# --- page anchors (for LNK002) ------------------------------------------------------------


def test_page_anchors_put_layout_include_and_content_together(make_site):
    from pathlib import Path

    from betalint import engine
    from betalint.anchors import page_anchors
    from betalint.config import build_config

    files = {
        "_layouts/page.html": '<main id="contenu">{% include menu.html %}{{ content }}</main>\n',
        "_includes/menu.html": '<ul id="menu-{{ include.x }}"><li><a name="haut"></a></li></ul>\n',
        "p.md": page("## Déroulé du programme\n\nTexte[^1].\n\n[^1]: Note.\n", layout="page"),
        "q.md": page("## {{ page.title }}\n", layout="page"),
    }
    root = Path(make_site(files))
    cfg = build_config({"select": ["HD003"]}, {})
    res = engine.run([root], cfg, jobs=1)
    docs = {r.path: r for r in res.documents}
    sctx = engine.SiteContext(
        site=res.site,
        config=cfg,
        documents=docs,
        collected={
            n: {r.path: r.collected[n] for r in res.documents if n in r.collected}
            for n in ("outline", "anchors")
        },
    )
    anchors = page_anchors(sctx, "p.md")
    assert anchors.complete
    for fragment in ("contenu", "haut", "déroulé-du-programme", "fn:1", "fnref:1"):
        assert anchors.has(fragment) is True, fragment
    assert anchors.has("menu-principal") is None  # built by Liquid: may exist
    assert anchors.has("nulle-part") is False
    q = page_anchors(sctx, "q.md")
    assert not q.complete and q.has("nulle-part") is None


def test_highlight_block_lines_are_code_not_headings_or_links(make_site):
    page = (
        "---\n---\n# Titre\n\n{% highlight python %}\n# commentaire\n"
        "[lien](/nulle-part)\n{% endhighlight %}\n\nFin\n"
    )
    root = make_site({"page.md": page})
    assert lint(root, "--select", "HD,LNK001,LNK006")["violations"] == []
