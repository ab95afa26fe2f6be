"""Alt text rules ALT001–ALT010 (RGAA theme 1 and criterion 6.2).

Most tests build a small Jekyll site and run ``betalint check --select ALT`` on it, the
way users do; the vocabulary matchers are also tested directly.
"""

from __future__ import annotations

import unicodedata

import pytest

from betalint.checks.alt import (
    filename_kind,
    is_generic,
    load_vocabulary,
    redundant_prefix,
    short_alternative,
)
from conftest import lint, run_cli

PAGE = "---\ntitle: Page\n---\n"


def alt_lint(make_site, body: str, *args: str, files: dict[str, str] | None = None) -> dict:
    root = make_site({"page.md": PAGE + body, **(files or {})})
    return lint(root, "--select", "ALT", *args)


def rules_at(data: dict) -> list[tuple[str, int]]:
    return [(v["rule"], v["line"]) for v in data["violations"]]


# --- acceptance --------------------------------------------------------------------------


def test_markdown_empty_brackets_are_decorative_not_missing(make_site):
    data = alt_lint(make_site, "![](/img/x.png)\n")
    assert data["violations"] == []


def test_markdown_link_around_decorative_image_has_no_name(make_site):
    data = alt_lint(make_site, "[![](/img/x.png)](/page)\n")
    assert rules_at(data) == [("ALT007", 4)]
    assert data["violations"][0]["column"] == 1


def test_file_name_as_alt(make_site):
    data = alt_lint(make_site, '<img src="/img/programme/cycle.png" alt="cycle.png">\n')
    assert rules_at(data) == [("ALT004", 4)]
    assert "cycle.png" in data["violations"][0]["message"]


def test_seed_example_three_images_one_alt_gives_two_repeats(make_site):
    body = (
        '<img src="/img/programme/investigation.png" alt="Récapitulatif visuel des phases">\n'
        '<img src="/img/programme/construction.png" alt="Récapitulatif visuel des phases">\n'
        '<img src="/img/programme/acceleration.png" alt="Récapitulatif visuel des phases">\n'
    )
    data = alt_lint(make_site, body, "--lang", "en")
    assert rules_at(data) == [("ALT002", 5), ("ALT002", 6)]
    for v in data["violations"]:
        assert "line 4" in v["message"] and "Récapitulatif visuel des phases" in v["message"]


# --- ALT001 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="/img/a.png">',
        '<img src="/img/a.png" alt=" ">',
        "![ ](/img/a.png)",
        '<input type="image" src="/img/ok.png">',
        '<input type="image" src="/img/ok.png" alt="">',
        '<map name="m"><area href="/p" shape="rect" coords="0,0,1,1"></map>',
        '<span role="img">🆕</span>',
        '<img src="/img/a.png" aria-labelledby="empty"><span id="empty"></span>',
    ],
)
def test_alt_missing(make_site, markup):
    data = alt_lint(make_site, markup + "\n")
    assert [v["rule"] for v in data["violations"]] == ["ALT001"]
    assert data["violations"][0]["severity"] == "error"


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="/img/a.png" alt="">',
        "<img src='/img/a.png' alt>",
        '<img src="/img/a.png" aria-hidden="true">',
        '<img src="/img/a.png" role="presentation">',
        '<img src="/img/a.png" role="none">',
        '<img src="/img/a.png" aria-label="Carte des incubateurs">',
        '<img src="/img/a.png" title="Carte des incubateurs">',
        '<img src="/img/a.png" aria-labelledby="leg"><p id="leg">Carte des incubateurs</p>',
        '<img src="/img/a.png" aria-labelledby="in-the-layout">',
        '<map name="m"><area shape="rect" coords="0,0,1,1"></map>',
        '<span role="img" aria-label="Nouveauté :">🆕</span>',
        '<span role="img" aria-hidden="true">🆕</span>',
    ],
)
def test_alt_present_or_decorative(make_site, markup):
    assert alt_lint(make_site, markup + "\n")["violations"] == []


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="/img/a.png" alt="{{ page.title }}">',
        '<img src="/img/a.png" alt="Logo de {{ incubator.title }}">',
        "![{{ page.title }}](/img/a.png)",
        '<img src="/img/a.png" {{ include.attributes }}>',
        '<img src="/img/a.png" {% if page.alt %}alt="{{ page.alt }}"{% endif %}>',
        '<img src="/img/a.png" alt="{{ \'image\' }}">',
        '<img src="/img/a.png" aria-label="{{ x }}" alt="">',
    ],
)
def test_liquid_values_are_never_reported(make_site, markup):
    assert alt_lint(make_site, markup + "\n")["violations"] == []


def test_messages_name_the_image_and_the_fix_in_french(make_site):
    data = alt_lint(make_site, "![ ](/img/equipe.png)\n", "--lang", "fr")
    message = data["violations"][0]["message"]
    assert "/img/equipe.png" in message
    assert "![description](/img/equipe.png)" in message and "![](/img/equipe.png)" in message


def test_images_in_layouts_and_includes_are_linted(make_site):
    root = make_site(
        {
            "_layouts/default.html": '<html><body><img src="/img/logo.png">{{ content }}</body></html>\n',
            "_includes/carte.html": '<div><img src="/img/carte.png" alt="image"></div>\n',
        }
    )
    data = lint(root, "--select", "ALT")
    found = {(v["path"].split("/")[-2], v["rule"]) for v in data["violations"]}
    assert found == {("_layouts", "ALT001"), ("_includes", "ALT003")}


# --- ALT002 ------------------------------------------------------------------------------


def test_same_image_twice_with_same_alt_is_fine(make_site):
    body = "![beta.gouv.fr](/img/logo.svg)\n\n![beta.gouv.fr](/img/logo.svg?v=2)\n"
    assert alt_lint(make_site, body)["violations"] == []


def test_repeat_compares_folded_alts(make_site):
    body = "![Carte  des incubateurs](/img/a.png)\n\n![carte des INCUBATEURS ](/img/b.png)\n"
    assert rules_at(alt_lint(make_site, body)) == [("ALT002", 6)]


def test_exclusive_liquid_branches_are_not_compared(make_site):
    layout = (
        "{% if page.lang == 'en' %}\n"
        '<img src="/img/logo-en.svg" alt="beta.gouv.fr">\n'
        "{% else %}\n"
        '<img src="/img/logo-fr.svg" alt="beta.gouv.fr">\n'
        "{% endif %}\n"
        '<img src="/img/footer.svg" alt="beta.gouv.fr">\n'
    )
    root = make_site({"_layouts/base.html": layout})
    data = lint(root, "--select", "ALT")
    # the footer logo renders with either branch: compared with the first one only
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("ALT002", 6)]


def test_branch_tracking_survives_for_else(make_site):
    layout = (
        "{% if site.show %}\n"
        '<img src="/img/a.svg" alt="Nos partenaires">\n'
        "{% for p in site.partners %}{{ p }}{% else %}<img src='/img/none.svg' alt='Aucun'>"
        "{% endfor %}\n"
        '<img src="/img/b.svg" alt="Nos partenaires">\n'
        "{% endif %}\n"
    )
    root = make_site({"_layouts/base.html": layout})
    data = lint(root, "--select", "ALT")
    # both images are in the same branch of the `if`: the loop's else does not split it
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("ALT002", 4)]


def test_generic_alt_repeated_is_reported_once_as_generic(make_site):
    body = '<img src="/img/a.png" alt="Logo">\n<img src="/img/b.png" alt="Logo">\n'
    assert [r for r, _ in rules_at(alt_lint(make_site, body))] == ["ALT003", "ALT003"]


def test_site_wide_mode(make_site):
    files = {
        "a.md": PAGE + "![Schéma du programme](/img/a.png)\n",
        "b.md": PAGE + "![Schéma du programme](/img/b.png)\n",
        "c.md": PAGE + "![Schéma du programme](/img/c.png)\n",
        "d.md": PAGE + "![Schéma du programme](/img/a.png)\n",
    }
    root = make_site(files)
    assert lint(root, "--select", "ALT")["violations"] == []
    (root / ".betalint.toml").write_text("[rules.ALT002]\nsite-max-images = 2\n")
    data = lint(root, "--select", "ALT", "--lang", "en")
    assert [(v["path"].rsplit("/", 1)[-1], v["rule"]) for v in data["violations"]] == [
        ("b.md", "ALT002"),
        ("c.md", "ALT002"),
    ]
    assert "3 different images" in data["violations"][0]["message"]
    assert "a.md" in data["violations"][0]["message"]
    (root / ".betalint.toml").write_text("[rules.ALT002]\nsite-max-images = 3\n")
    assert lint(root, "--select", "ALT")["violations"] == []


# --- ALT003 / ALT004 / ALT005 / ALT006 -----------------------------------------------------


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


NFD = unicodedata.normalize("NFD", "Icône")


@pytest.mark.parametrize(
    "alt",
    [
        "Image",
        "Image 2",
        "une photo",
        "logo.",
        "Capture d’écran",
        "Picture of the logo",
        NFD,
        "IMAGE D'ILLUSTRATION",
        "-",
        "todo",
        "Sans titre",
    ],
)
def test_generic(vocab, alt):
    assert is_generic(alt, vocab)


@pytest.mark.parametrize(
    "alt",
    [
        "Logo de la DINUM",
        "Photo de l'équipe",
        "Rest'0",
        "🆕",
        "2",
        "beta.gouv.fr",
        "Graphique des arrivées par année",
        "Logo beta.gouv.fr",
    ],
)
def test_not_generic(vocab, alt):
    assert not is_generic(alt, vocab)


@pytest.mark.parametrize(
    ("alt", "prefix", "rest"),
    [
        ("Photo de l'équipe Mobilic", "Photo de", "l'équipe Mobilic"),
        ("Image d’illustration de la carte", "Image d’illustration de", "la carte"),
        (
            "Une image représentant un tableau de bord",
            "Une image représentant",
            "un tableau de bord",
        ),
        ("Picture of a dashboard", "Picture of", "a dashboard"),
        ("L'image d'un tableau", "L'image d'", "un tableau"),
        (unicodedata.normalize("NFD", "Photo de l'équipe"), "Photo de", "l'équipe"),
    ],
)
def test_redundant_prefix(vocab, alt, prefix, rest):
    assert redundant_prefix(alt, vocab) == (prefix, rest)


@pytest.mark.parametrize(
    "alt",
    [
        "Logo de la DINUM",
        "Photo : crédit Marie Dupont",
        "Capture d'écran de la grille d'évaluation",
        "Graphique de répartition",
        "Image d'illustration",
        "Photographe au travail",
        "Imagerie médicale",
        "Photo",
        "Pic du Midi de Bigorre",
    ],
)
def test_no_redundant_prefix(vocab, alt):
    assert redundant_prefix(alt, vocab) is None


@pytest.mark.parametrize(
    ("alt", "src", "kind"),
    [
        ("cycle.png", "/img/programme/cycle.png", "extension"),
        ("2209 - DDD - Analyse formulaire saisine.jpg", "/img/x1.jpg", "extension"),
        ("https://mobilic.beta.gouv.fr/", "/img/workflow.png", "url"),
        ("IMG_1234", "/img/a.jpg", "camera"),
        ("DSC0001", "/img/a.jpg", "camera"),
        ("Capture D’écran 2021 07 22 À 15.25.10", "https://cdn.example/abc", "camera"),
        ("Capture d’écran 2020-03-30 à 13 01 51", None, "camera"),
        ("Screenshot 2024-01-05 at 10.22.31", None, "camera"),
        ("cycle-phases", "/img/cycle-phases.png", "src"),
        ("CYCLE_2024", "/img/cycle_2024.webp", "src"),
        (
            "Présentation de la solution_CanDeLa_Sébastien VANÇON",
            "/img/netlifycms/pre.sentation.de.la.solution_candela_se.bastien.vanc.on.png",
            "src",
        ),
    ],
)
def test_filename(vocab, alt, src, kind):
    assert filename_kind(alt, src, vocab) == kind


@pytest.mark.parametrize(
    ("alt", "src"),
    [
        ("Mobilic", "/img/mobilic.png"),
        ("beta.gouv.fr", "/assets/logo-betagouvfr.svg"),
        ("www.impots.gouv.fr", "/img/logo-dgfip.svg"),
        ("Logo DINUM", "/img/logo-dinum.svg"),
        ("Le format .png convient", "/img/a.png"),
        ("PROTEGE-TOIT", "https://user-images.githubusercontent.com/1/78227087.png"),
        ("Rest'0 stat 1", None),
        ("Carte de France", "/img/carte_france.png"),
    ],
)
def test_not_filename(vocab, alt, src):
    assert filename_kind(alt, src, vocab) is None


def test_quality_rules_on_a_page(make_site):
    body = (
        "![Image 2](/img/a.png)\n\n"  # 5
        "![IMG_20240312_101522](/img/b.jpg)\n\n"  # 7
        "![Photo de l'équipe Mobilic](/img/c.jpg)\n\n"  # 9
        "![Logo de la DINUM](/img/dinum.svg)\n\n"  # 11
        '<img src="/img/d.png" aria-label="Photo of the team">\n'  # 13
    )
    data = alt_lint(make_site, body, "--lang", "en")
    assert rules_at(data) == [("ALT003", 4), ("ALT004", 6), ("ALT005", 8), ("ALT005", 12)]
    assert "“L'équipe Mobilic”" in data["violations"][2]["message"]


def test_too_long_and_its_option(make_site):
    alt80 = "x" * 79 + "é"
    body = f"![{alt80}](/img/a.png)\n\n![{alt80}z](/img/b.png)\n"
    data = alt_lint(make_site, body)
    assert rules_at(data) == [("ALT006", 6)]
    assert "81" in data["violations"][0]["message"]
    root = make_site(
        {"page.md": PAGE + body, ".betalint.toml": "[rules.ALT006]\nmax-length = 60\n"}
    )
    assert [v["rule"] for v in lint(root, "--select", "ALT")["violations"]] == ["ALT006"] * 2


@pytest.mark.parametrize(
    ("alt", "short"),
    [
        (
            "Graphique des problèmes bloquants - décrit ci-après",
            "Graphique des problèmes bloquants",
        ),
        (
            "Répartition par incubateur (description détaillée ci-dessous)",
            "Répartition par incubateur",
        ),
        ("Graphe des phases. Tendance principale décrite dans le texte.", "Graphe des phases"),
        ("Sales by region – DESCRIBED BELOW", "Sales by region"),
        ("Carte, voir la description détaillée plus bas", "Carte"),
        ("Matrice d'impact (description détaillée disponible ci-après) ", "Matrice d'impact"),
        # not a closing reference: kept whole
        ("Décrit ci-dessous", "Décrit ci-dessous"),
        ("Le schéma décrit ci-dessous la procédure", "Le schéma décrit ci-dessous la procédure"),
        ("Description des données sur la carte", "Description des données sur la carte"),
    ],
)
def test_short_alternative_leaves_out_the_reference(vocab, alt, short):
    assert short_alternative(alt, vocab) == short


def test_a_reference_to_the_description_is_not_counted(make_site):
    """RGAA 1.6.1: the short alternative may say where the detailed description is."""
    chart = "Graphique en barre de la répartition des produits par incubateurs"  # 66
    body = (
        f"![{chart} (description détaillée ci-dessous)](/img/a.png)\n\n"
        f"![{chart} et par année, de 2015 à 2025 - décrit ci-après](/img/b.png)\n"
    )
    data = alt_lint(make_site, body)
    assert rules_at(data) == [("ALT006", 6)]
    assert "sans compter le renvoi" in data["violations"][0]["message"]
    length = len(chart + " et par année, de 2015 à 2025")
    assert f"{length} caractères" in data["violations"][0]["message"]


def test_bad_option_type_is_an_error(make_site):
    root = make_site({"page.md": PAGE, ".betalint.toml": '[rules.ALT006]\nmax-length = "long"\n'})
    code, _out, err = run_cli(["check", str(root), "--select", "ALT"])
    assert code == 2 and "max-length" in err


# --- ALT007 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="/p"><img src="/img/a.png" alt=""></a>',
        '<a href="/p">\n  <img src="/img/a.png">\n</a>',
        '<a href="/p"><span><img src="/img/a.png" alt="   "></span></a>',
        '<a href="/p"><img src="/img/a.png" alt="Mobilic" aria-hidden="true"></a>',
        '<a href="/p"><svg aria-hidden="true" viewBox="0 0 1 1"><path d="M0 0"/></svg></a>',
    ],
)
def test_link_image_without_name(make_site, markup):
    data = alt_lint(make_site, markup + "\n")
    assert [v["rule"] for v in data["violations"]] == ["ALT007"]


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="/p"><img src="/img/a.png" alt="Accueil"></a>',
        '<a href="/p" aria-label="Accueil"><img src="/img/a.png" alt=""></a>',
        '<a href="/p" title="Accueil"><img src="/img/a.png" alt=""></a>',
        '<a href="/p"><img src="/img/a.png" alt=""> Accueil</a>',
        '<a href="/p"><img src="/img/a.png" alt="">{{ page.title }}</a>',
        '<a href="/p"><img src="/img/a.png" alt="{{ page.title }}"></a>',
        '<a name="ancre"><img src="/img/a.png" alt=""></a>',
        '<a href="/p"><span class="fr-icon-home" aria-hidden="true"></span></a>',
    ],
)
def test_link_image_with_name(make_site, markup):
    assert alt_lint(make_site, markup + "\n")["violations"] == []


# --- ALT008 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "variant_word"),
    [
        ("[![Mobilic](/img/m.png) Mobilic](https://mobilic.beta.gouv.fr/)\n", "link"),
        ("[![Mobilic](/img/m.png)](https://mobilic.beta.gouv.fr/) mobilic.\n", "next"),
        ("- ![Rest'0](/img/r.png) Rest’0\n", "next"),
        ("Rest'0 : ![Rest'0](/img/r.png)\n", "next"),
        (
            "<figure>\n<img src='/img/c.png' alt='Carte des incubateurs'>\n"
            "<figcaption>Carte des  incubateurs.</figcaption>\n</figure>\n",
            "caption",
        ),
    ],
)
def test_alt_duplicates_text(make_site, body, variant_word):
    data = alt_lint(make_site, body, "--lang", "en")
    assert [v["rule"] for v in data["violations"]] == ["ALT008"]
    message = data["violations"][0]["message"]
    expected = {"link": "text of the link", "caption": "caption", "next": "right next to"}
    assert expected[variant_word] in message


@pytest.mark.parametrize(
    "body",
    [
        "[![](/img/m.png) Mobilic](https://mobilic.beta.gouv.fr/)\n",
        "- ![Rest'0](/img/r.png) réduit le gaspillage dans les cantines.\n",
        "![Mobilic](/img/m.png)\n\nMobilic\n",
        "<div><img src='/img/m.png' alt='Mobilic'></div>\n<h3>Mobilic</h3>\n",
        "![Mobilic](/img/m.png)<br>Mobilic\n",
        "<figure><img src='/img/c.png' alt='Carte'><figcaption>Source : INSEE</figcaption></figure>\n",
    ],
)
def test_alt_not_duplicating_text(make_site, body):
    assert alt_lint(make_site, body)["violations"] == []


# --- ALT009 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "needle"),
    [
        ('![](/img/a.png "Fond de page")', "brackets"),
        ('<img src="/img/a.png" alt="" title="Fond de page">', "`title`"),
        ('<img src="/img/a.png" alt="" aria-label="Fond de page">', "`aria-label`"),
        (
            '<svg aria-hidden="true" viewBox="0 0 1 1"><title>Flèche</title><path d="M0 0"/></svg>',
            "aria-hidden",
        ),
        ('<svg aria-hidden="true" title="Flèche" viewBox="0 0 1 1"><path d="M0 0"/></svg>', "svg"),
    ],
)
def test_decorative_image_titled(make_site, markup, needle):
    data = alt_lint(make_site, markup + "\n", "--lang", "en")
    assert [v["rule"] for v in data["violations"]] == ["ALT009"]
    assert needle in data["violations"][0]["message"]


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="/img/a.png" alt="" title="">',
        '<img src="/img/a.png" alt="" title="{{ page.title }}">',
        '<svg aria-hidden="true" viewBox="0 0 1 1"><title></title><path d="M0 0"/></svg>',
    ],
)
def test_decorative_image_untitled(make_site, markup):
    assert alt_lint(make_site, markup + "\n")["violations"] == []


# --- ALT010 --------------------------------------------------------------------------------


def test_svg_role_img_without_name_is_an_error(make_site):
    data = alt_lint(make_site, '<svg role="img" viewBox="0 0 1 1"><path d="M0 0"/></svg>\n')
    assert [(v["rule"], v["severity"]) for v in data["violations"]] == [("ALT010", "error")]


def test_unmarked_svg_is_a_warning(make_site):
    data = alt_lint(make_site, '<p><svg viewBox="0 0 1 1"><path d="M0 0"/></svg></p>\n')
    assert [(v["rule"], v["severity"]) for v in data["violations"]] == [("ALT010", "warning")]


@pytest.mark.parametrize(
    "markup",
    [
        '<svg role="img" aria-label="Disque" viewBox="0 0 1 1"><circle r="1"/></svg>',
        '<svg role="img" viewBox="0 0 1 1"><title>Disque</title><circle r="1"/></svg>',
        '<svg role="img" aria-labelledby="t"><circle r="1"/></svg><p id="t">Disque</p>',
        '<svg aria-hidden="true" viewBox="0 0 1 1"><circle r="1"/></svg>',
        '<svg role="presentation" viewBox="0 0 1 1"><circle r="1"/></svg>',
        '<svg style="display: none"><symbol id="i"><path d="M0 0"/></symbol></svg>',
        '<svg><defs><symbol id="i"><path d="M0 0"/></symbol></defs></svg>',
        '<svg role="img" aria-label="{{ include.label }}"><circle r="1"/></svg>',
        '<svg role="{{ role }}"><circle r="1"/></svg>',
    ],
)
def test_svg_fine(make_site, markup):
    assert alt_lint(make_site, markup + "\n")["violations"] == []


def test_svg_in_a_button_is_presentational(make_site):
    body = '<button aria-label="Fermer"><svg viewBox="0 0 1 1"><path d="M0 0"/></svg></button>\n'
    assert alt_lint(make_site, body)["violations"] == []


def test_lazy_loaded_images_are_compared_by_their_real_file(make_site):
    body = (
        '<p><img src="/img/blank.gif" data-src="/img/a.png" alt="Carte des incubateurs">\n'
        '<noscript><img src="/img/a.png" alt="Carte des incubateurs"></noscript>\n'
        '<img src="/img/blank.gif" data-src="/img/b.png" alt="Carte des incubateurs"></p>\n'
    )
    assert rules_at(alt_lint(make_site, body)) == [("ALT002", 6)]


def test_nested_svg_is_one_image(make_site):
    body = '<svg role="img" aria-label="Carte"><svg x="1"><path d="M0 0"/></svg></svg>\n'
    assert alt_lint(make_site, body)["violations"] == []


# --- odd input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<img",
        "<a href='/p'><img src='/img/a.png' alt=''",
        "<figure><img alt='x'><figcaption>x",
        "![](<>)",
        "[![]()]()",
        "<svg role='img'><title>",
        "<img src alt title aria-label aria-labelledby role>",
        "<area href>",
        "<input type=image>",
        "{% if %}<img alt='a' src='b'>{% elsif %}<img alt='a' src='c'>{% endif %}{% endif %}",
        "<a href='/p'>" * 300 + "<img src='/x.png' alt=''>",
    ],
)
def test_odd_markup_never_crashes(make_site, body):
    data = alt_lint(make_site, body + "\n")
    assert data["exit_code"] in (0, 1)


# --- the real site ---------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus(corpus_run):
    by_path: dict[str, list[str]] = {}
    for v in corpus_run["violations"]:
        if v["rule"].startswith("ALT"):
            by_path.setdefault(v["path"], []).append(v["rule"])
    # real problems the rules exist for
    assert "ALT004" in by_path.get("content/_startups/mobilic.md", [])
    assert "ALT004" in by_path.get("content/_startups/candela.md", [])
    # logos named after their organisation, decorative illustrations in layouts: clean
    for clean in ("_includes/footer.html", "_includes/header.html", "_layouts/home.html"):
        assert clean not in by_path


def test_demo_site_has_an_instance_of_every_alt_rule():
    from conftest import DEMO

    data = lint(DEMO, "--select", "ALT")
    found = {v["rule"] for v in data["violations"] if "demo-alt" in v["path"]}
    assert found == {f"ALT{n:03d}" for n in range(1, 11)}
    # nothing reported outside the demo files of this family
    assert all("demo-alt" in v["path"] for v in data["violations"])


def test_vocabularies_are_loaded_for_documents_with_images_only():
    # loading them costs a run some 4 ms: a run linting pages without images never does
    from pathlib import Path

    from betalint.checks import DOCUMENT_CHECKS, CheckContext, load_all
    from betalint.config import build_config
    from betalint.engine import SiteInfo, build_document
    from betalint.site import Site, SiteFile
    from betalint.source import load_source

    load_all()
    site = Site(root=Path("."), mode="jekyll", config={})
    ctx = CheckContext(site=SiteInfo.of(site), config=build_config({}, {}))

    def run_alt_checks(text: str) -> list[str]:
        src, _ = load_source(text.encode())
        doc = build_document(SiteFile("p.md", "page"), src, "page", "markdown")
        return [
            f.code
            for code, fn in DOCUMENT_CHECKS.items()
            if code.startswith("ALT")
            for f in fn(doc, ctx)
        ]

    assert run_alt_checks("---\ntitle: t\n---\nDu texte, [un lien](/a/).\n") == []
    assert "alt-vocabulary" not in ctx._resources
    assert "ALT003" in run_alt_checks("---\ntitle: t\n---\n![image](/i.png)\n")
    assert "alt-vocabulary" in ctx._resources
