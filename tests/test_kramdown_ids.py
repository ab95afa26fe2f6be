"""kramdown heading ids: every vector of ../shared/specs/jekyll.md §3.8, end to end.

Each heading is written in a real Markdown document, parsed by betalint's Markdown parser
and named by :func:`betalint.kramdown_ids.heading_ids`, so the test covers the heading
source extraction, explicit ids, IALs, ``markdown="1"`` blocks and ``{::options}`` too.
"""

from __future__ import annotations

import pytest

from betalint.engine import build_document
from betalint.kramdown_ids import UNKNOWN, gfm_base, heading_ids, kramdown_base, plain_text
from betalint.site import SiteFile
from betalint.source import load_source

NBSP = "\u00a0"
NNBSP = "\u202f"


def parse(body: str):
    text = "---\ntitle: t\n---\n" + body
    src, problem = load_source(text.encode("utf-8"))
    assert src is not None, problem
    return build_document(SiteFile("page.md", "page"), src, "page", "markdown")


def ids(body: str, site_kramdown: dict | None = None) -> list[str | None]:
    return heading_ids(parse(body), site_kramdown)


def single(source: str, where: str) -> str | None:
    """The id of `## source` at the top level, inside a markdown="1" div, or with input kramdown."""
    if where == "gfm":
        got = ids(f"## {source}\n")
    elif where == "div":
        got = ids(f'<div markdown="1">\n\n## {source}\n\n</div>\n')
    else:
        got = ids(f"## {source}\n", {"input": "kramdown"})
    assert len(got) == 1, got
    return got[0]


# (heading source, GFM, in div, kramdown input); "same" = the cell of the column before;
# None in the last two columns = not given by the spec.
# fmt: off
VECTORS = [
    ("La phase d’investigation", "la-phase-dinvestigation", "la-phase-dinvestigation", "la-phase-dinvestigation"),
    ("Qu'est-ce qu'une Startup d’État ?", "quest-ce-quune-startup-détat-", "quest-ce-quune-startup-dtat-", "quest-ce-quune-startup-dtat-"),
    (f"Qu'est-ce qu'une Startup d’État{NBSP}?", "quest-ce-quune-startup-détat", "quest-ce-quune-startup-dtat", "quest-ce-quune-startup-dtat"),
    ("1. Identifier", "1-identifier", "identifier", "identifier"),
    ("Déroulé du programme beta.gouv.fr", "déroulé-du-programme-betagouvfr", "droul-du-programme-betagouvfr", "droul-du-programme-betagouvfr"),
    ("Préambule - Terminologie", "préambule---terminologie", "prambule---terminologie", "prambule---terminologie"),
    ("Les pilliers de l'approche", "les-pilliers-de-lapproche", "les-pilliers-de-lapproche", "les-pilliers-de-lapproche"),
    ("Étape 2 : construire", "étape-2--construire", "tape-2--construire", "tape-2--construire"),
    (f"Étape 2{NNBSP}:{NBSP}construire", "étape-2construire", "tape-2construire", "tape-2construire"),
    ("2024 : une année record", "2024--une-année-record", "une-anne-record", "une-anne-record"),
    ("À propos", "à-propos", "propos", "propos"),
    ("L’équipe -- rôles", "léquipe--rôles", "lquipe--rles", "lquipe----rles"),
    ("« Citation » — test…", "-citation---test", "citation---test", "citation---test"),
    ("Le << Mooc >> beta", "le-mooc-beta", "le-mooc-beta", "le--mooc--beta"),
    ("Ça marche & ça roule", "ça-marche--ça-roule", "a-marche--a-roule", "a-marche--a-roule"),
    ("Œuvre, cœur, Æ", "œuvre-cœur-æ", "uvre-cur-", "uvre-cur-"),
    ("Covoit’scellés : le co-voiturage des scellés.", "covoitscellés--le-co-voiturage-des-scellés", "covoitscells--le-co-voiturage-des-scells", "same"),
    ("3° Renforcer l’impact", "3-renforcer-limpact", "renforcer-limpact", "renforcer-limpact"),
    ("Exposant x² et ½", "exposant-x-et-", "exposant-x-et-", "exposant-x-et-"),
    ("Emoji 🚀 fusée", "emoji--fusée", "emoji--fuse", "emoji--fuse"),
    ("100 % numérique", "100--numérique", "numrique", "numrique"),
    ("E-mail : contact@beta.gouv.fr", "e-mail--contactbetagouvfr", "same", "same"),
    ("API v2.7 – startups.json", "api-v27--startupsjson", "same", "same"),
    ("Le fichier `_config.yml`", "le-fichier-_configyml", "le-fichier-configyml", "le-fichier-configyml"),
    ("Lien [beta.gouv.fr](https://beta.gouv.fr) et *emphase*", "lien-betagouvfr-et-emphase", "same", "lien-betagouvfrhttpsbetagouvfr-et-emphase"),
    ('Titre avec <span class="x">HTML</span>', "titre-avec-html", "titre-avec-html", "titre-avec-span-classxhtmlspan"),
    ("Entité &eacute;t&eacute; &amp; &nbsp;fin", "entité-été--fin", "entit-t--fin", "entit-eacuteteacute-amp-nbspfin"),
    ("![logo](/img/logo.png) Image", "-image", "image", "logoimglogopng-image"),
    ("?!", None, "section", "section"),
    ("Titre {#mon-id}", "mon-id", "mon-id", "mon-id"),
    ("ÉTAT MAJUSCULE", "état-majuscule", "tat-majuscule", "tat-majuscule"),
    ("Tab\there", "tab-here", None, None),
    ("Multiple   spaces", "multiple---spaces", None, None),
    ("Lien auto <https://beta.gouv.fr>", "lien-auto-httpsbetagouvfr", None, None),
    ("Code `&amp;` et `a--b`", "code-amp-et-a--b", None, None),
    ("Texte a--b et a---b et a----b", "texte-ab-et-ab-et-a-b", None, None),
    ("Échappé \\-\\- tirets", "échappé----tirets", None, None),
    ("straße İstanbul", "straße-i\u0307stanbul", None, None),
    ("Décomposé e\u0301t", "décomposé-e\u0301t", None, None),
]
# fmt: on

CASES = []
for row in VECTORS:
    source, gfm, div, kd = row
    CASES.append((source, "gfm", gfm))
    if div is not None or source == "?!":
        div_value = gfm if div == "same" else div
        CASES.append((source, "div", div_value))
        kd_value = div_value if kd == "same" else kd
        CASES.append((source, "kramdown", kd_value))


@pytest.mark.parametrize(("source", "where", "expected"), CASES)
def test_single_heading_vector(source, where, expected):
    assert single(source, where) == expected


SEQUENCES = [
    (
        "## Déroulé du programme beta.gouv.fr\n\n" * 3,
        [
            "déroulé-du-programme-betagouvfr",
            "déroulé-du-programme-betagouvfr-1",
            "déroulé-du-programme-betagouvfr-2",
        ],
    ),
    ("## Contact\n\n## Contact\n\n## Contact-1\n", ["contact", "contact-1", "contact-1"]),
    ("## FAQ\n\n## faq\n", ["faq", "faq-1"]),
    ("## ?!\n\n## ?!\n", [None, "-1"]),
    (
        "## Intro {#contexte}\n\n## Contexte\n\n## Contexte\n",
        ["contexte", "contexte", "contexte-1"],
    ),
    (
        "## Contexte\n\n## Contexte\n{: #contexte-1}\n\n## Contexte\n",
        ["contexte", "contexte-1", "contexte-1"],
    ),
    (
        '## Contact\n\n<div markdown="1">\n\n## Contact\n\n</div>\n\n'
        '<section markdown="1">\n\n## Contact\n\n</section>\n',
        ["contact", "contact", "contact-1"],
    ),
    ('## Avant\n\n{::options auto_id_prefix="p-" /}\n\n## Après\n', ["p-avant", "p-après"]),
    ('## Un\n\n{::options auto_ids="false" /}\n\n## Deux\n', [None, None]),
]


@pytest.mark.parametrize(("body", "expected"), SEQUENCES)
def test_sequence_vector(body, expected):
    assert ids(body) == expected


REAL = [
    ("Préambule - Terminologie", "préambule---terminologie"),
    ("Les pilliers de l’approche", "les-pilliers-de-lapproche"),
    ("Satisfaction de la communauté beta.gouv.fr", "satisfaction-de-la-communauté-betagouvfr"),
    (
        "Les intrapreneurs : des agents publics formés à la méthode",
        "les-intrapreneurs--des-agents-publics-formés-à-la-méthode",
    ),
    ("17 incubateurs partenaires", "17-incubateurs-partenaires"),
    ("L’approche beta au delà des incubateurs", "lapproche-beta-au-delà-des-incubateurs"),
    ("Évaluer l’accessibilité de 200 services ?", "évaluer-laccessibilité-de-200-services-"),
    (
        "Les formulaires, source de difficulté, pour les usagers… et pour les équipes.",
        "les-formulaires-source-de-difficulté-pour-les-usagers-et-pour-les-équipes",
    ),
    ("Méthodologie d’évaluation manuelle rapide", "méthodologie-dévaluation-manuelle-rapide"),
    ("Et après ?", "et-après-"),
    ("Un DossierFacile c’est quoi ?", "un-dossierfacile-cest-quoi-"),
    ("2. Un vivier de profils recommandés", "2-un-vivier-de-profils-recommandés"),
    (
        "Enseignements sur l’axe “référentiel national des pôles et sites économiques”",
        "enseignements-sur-laxe-référentiel-national-des-pôles-et-sites-économiques",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REAL)
def test_real_beta_gouv_headings(source, expected):
    assert single(source, "gfm") == expected


def test_raw_html_heading_gets_no_generated_id():
    doc = parse("<h4>Nos apprentissages</h4>\n\n## Suite\n")
    assert heading_ids(doc) == ["suite"]


def test_setext_and_blockquote_and_list_headings():
    assert ids("Titre\n=====\n\n> ## Cité\n\n- ## Dans une liste\n") == [
        "titre",
        "cité",
        "dans-une-liste",
    ]


def test_liquid_in_heading_makes_its_id_unknown():
    assert ids("## Bonjour {{ page.title }}\n\n## Fin\n") == [UNKNOWN, "fin"]


def test_site_kramdown_options():
    assert ids("## Un\n", {"auto_ids": False}) == [None]
    assert ids("## Un\n", {"auto_id_prefix": "s-"}) == ["s-un"]


def test_building_blocks():
    assert plain_text("Le _fichier_ snake_case et _seul") == "Le fichier snake_case et _seul"
    assert plain_text("[^1] Note [lien][ref]") == " Note lien"
    assert gfm_base("Ça") == "ça"
    assert kramdown_base("") == "section"


def test_gfm_lowers_each_character_on_its_own():
    # str.lower() of a whole text applies the final-sigma rule (ΟΔΟΣ → οδος, with ς);
    # the GFM generator lowers character by character, like Ruby's downcase per char
    assert gfm_base("ΟΔΟΣ ΣΑΣ") == "οδοσ-σασ"
    assert gfm_base("Élan İstanbul") == "élan-i̇stanbul"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Un titre tout simple", "Un titre tout simple"),
        ("Texte *gras* et `code` puis [lien](/a/) fin", "Texte gras et code puis lien fin"),
        ("A&amp;B \\*pas\\* ~~barré~~ $$x$$ <b>g</b>", "A&B *pas* ~barré~ x g"),
        ("snake_case et _emphase_", "snake_case et emphase"),
        ("voir ![i](/i.png) fin", "voir  fin"),
        ("Attention ! prix 5$ et 10 $$ a ~ b", "Attention ! prix 5$ et 10 $$ a ~ b"),
    ],
)
def test_plain_text_of_runs_between_syntax(source, expected):
    # plain stretches are taken at once up to the next character that may start syntax
    assert plain_text(source) == expected


def test_common_text_is_classified_as_regex_classifies_it():
    # for the common characters (betalint.charsets: Latin scripts, general punctuation),
    # gfm_base keeps by general category what the Unicode classes of `regex` keep: every
    # one of them is compared, so the quick path gives the same ids
    import regex

    from betalint.charsets import common, common_chars
    from betalint.kramdown_ids import _GFM_DROP, _gfm_delete

    chars = "".join(common_chars())
    assert chars.translate(_GFM_DROP) == _gfm_delete().sub("", chars)
    assert isinstance(_gfm_delete(), regex.Pattern)
    for text in ["Été 2024 : bilan", "Ça ½ ² ¼ × ÷ µ ß ǅ", "L’équipe – « vite » … ‿"]:
        assert common(text)
        lowered = text.lower()
        slow = _gfm_delete().sub("", lowered).replace(" ", "-").replace("\t", "-")
        assert gfm_base(text) == slow
    # beyond them, regex decides
    assert not common("Ὀδυσσεύς ⓐ")
    assert gfm_base("Ὀδυσσεύς ⓐ") == "ὀδυσσεύς-ⓐ"
    assert gfm_base("x’y ɐ") == "xy-ɐ"


def test_common_text_does_not_import_regex():
    # importing PyPI's regex costs a small run 5-6 ms: Latin text with French punctuation
    # is classified without it (in a fresh interpreter: this one may have it already)
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from betalint.kramdown_ids import gfm_base\n"
        "from betalint.checks.links import normalise\n"
        "assert gfm_base('L’été – « vite » …') == 'lété---vite--'\n"
        "assert normalise('« En savoir plus » …') == 'en savoir plus'\n"
        "assert 'regex' not in sys.modules, 'regex imported'\n"
        "gfm_base('Ὀδυσσεύς')\n"
        "assert 'regex' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
