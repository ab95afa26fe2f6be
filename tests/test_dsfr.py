"""DSFR rules DS001–DS008, the site's DSFR version and its own CSS, run as users run them."""

from __future__ import annotations

import json

import pytest

from betalint import dsfr
from conftest import findings, lint, run_cli

PIN_111 = json.dumps({"dependencies": {"@gouvfr/dsfr": "1.11.0"}})
PIN_115 = json.dumps({"dependencies": {"@gouvfr/dsfr": "1.15.3"}})


def _site(make_site, html: str, pin: str = PIN_111, **files: str):
    return make_site({"package.json": pin, "index.html": "---\n---\n" + html, **files})


def _msgs(data, code):
    return [v["message"] for v in findings(data, code)]


# --- version of the site ---------------------------------------------------------------


def test_version_from_package_json_exact_pin(make_site):
    root = _site(make_site, '<div class="fr-table__wrapper"></div>')
    data = lint(root, "--select", "DS001", "--lang", "en")
    (msg,) = _msgs(data, "DS001")
    assert "only exists from DSFR 1.12" in msg and "DSFR 1.11.0" in msg
    assert "notes" not in data  # an exact pin needs no note


def test_version_setting_and_cli_option_win(make_site):
    root = _site(make_site, '<div class="fr-table__wrapper"></div>')
    assert findings(lint(root, "--select", "DS001", "--dsfr-version", "1.14.4"), "DS001") == []
    (root / ".betalint.toml").write_text('dsfr-version = "1.12.1"\n', encoding="utf-8")
    assert findings(lint(root, "--select", "DS001"), "DS001") == []
    # the command line wins over the file
    data = lint(root, "--select", "DS001", "--dsfr-version", "1.10.2")
    assert len(findings(data, "DS001")) == 1


def test_version_setting_must_be_a_version(make_site):
    root = _site(make_site, "<p>x</p>")
    code, _, err = run_cli(["check", str(root), "--dsfr-version", "latest"])
    assert code == 2 and "dsfr-version" in err


def test_package_lock_wins_over_package_json(make_site):
    lock = {"packages": {"node_modules/@gouvfr/dsfr": {"version": "1.14.4"}}}
    root = _site(make_site, '<div class="fr-table__wrapper"></div>')
    (root / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    assert findings(lint(root, "--select", "DS001"), "DS001") == []


def test_package_json_range_resolves_to_newest_admitted(make_site):
    root = _site(
        make_site,
        '<p class="fr-table--multiline"></p>',
        pin=json.dumps({"devDependencies": {"@gouvfr/dsfr": "~1.13.0"}}),
    )
    data = lint(root, "--select", "DS001", "--lang", "en")
    (msg,) = _msgs(data, "DS001")
    assert "from DSFR 1.14" in msg and "DSFR 1.13.2" in msg
    assert any("~1.13.0" in n and "1.13.2" in n for n in data["notes"])


def test_no_version_found_uses_newest_and_says_so_once(make_site):
    root = make_site({"index.html": "---\n---\n<p class='fr-nope'>x</p>"})
    data = lint(root, "--select", "DS001", "--lang", "en")
    newest = dsfr.table().shipped[-1]
    assert len(data["notes"]) == 1 and newest in data["notes"][0]
    code, out, _ = run_cli(["check", str(root), "--select", "DS001", "--lang", "fr"])
    assert code == 1
    assert out.count("Version du DSFR introuvable") == 1
    # no DSFR rule selected: nothing to say
    assert "notes" not in lint(root, "--select", "FM001")


def test_installed_package_css_is_read_directly(make_site):
    root = _site(make_site, '<p class="fr-brand-new">x</p><p class="fr-container-fluid">y</p>')
    pkg = root / "node_modules" / "@gouvfr" / "dsfr"
    (pkg / "dist" / "utility").mkdir(parents=True)
    (pkg / "package.json").write_text('{"version": "1.12.1"}', encoding="utf-8")
    (pkg / "dist" / "dsfr.css").write_text(
        "/*! DSFR v1.12.1 */ .fr-brand-new{color:red} .fr-container--fluid{x:y}",
        encoding="utf-8",
    )
    (pkg / "dist" / "utility" / "utility.css").write_text("", encoding="utf-8")
    data = lint(root, "--select", "DS001", "--lang", "en")
    (msg,) = _msgs(data, "DS001")
    assert "fr-container-fluid" in msg and "DSFR 1.12.1" in msg


# --- what is checked ---------------------------------------------------------------------


def test_liquid_tokens_are_dynamic_but_static_pieces_are_checked(make_site):
    html = (
        '<span class="fr-icon-{{ item.icon }}-fill" aria-hidden="true"></span>\n'
        '<a class="fr-btn{% if x %}--lg{% endif %}" href="/">a</a>\n'
        '<p class="fr-text {% if x %}fr-nope{% endif %}">b</p>\n'
    )
    data = lint(_site(make_site, html), "--select", "DS001")
    assert [(v["line"], v["message"].split("`")[1]) for v in findings(data, "DS001")] == [
        (5, "fr-text"),
        (5, "fr-nope"),
    ]


def test_tokens_glued_to_a_tag_that_writes_text_are_dynamic(make_site):
    # include, cycle, increment, link…: the class is only known once Jekyll runs
    html = (
        '<a class="fr-btn fr-btn--{% include size.html %}" href="/">a</a>\n'
        "<p class=\"fr-mt-{% cycle '2v', '3v' %}\">b</p>\n"
        '<div class="fr-grid-row"><div class="fr-col-{% increment n %}">c</div></div>\n'
        '<div><div class="fr-col-{% increment n %}">d</div></div>\n'
    )
    data = lint(_site(make_site, html), "--select", "DS001,DS003")
    assert findings(data, "DS001") == [] and findings(data, "DS003") == []


def test_markup_in_a_highlight_block_is_code_not_elements(make_site):
    html = (
        "{% highlight html %}\n"
        '<div class="fr-container-fluid"><span class="fr-icon-x"></span></div>\n'
        "{% endhighlight %}\n"
        '<p class="fr-nope">x</p>\n'
    )
    root = make_site({"package.json": PIN_111, "page.md": "---\n---\n" + html})
    data = lint(root, "--select", "DS")
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("DS001", 6)]


def test_token_position_on_a_multiline_class_attribute(make_site):
    html = '<div\n  id="x" class="fr-card\n    fr-card--nope">x</div>\n'
    (f,) = findings(lint(_site(make_site, html), "--select", "DS001"), "DS001")
    assert (f["line"], f["column"]) == (5, 5)


def test_kramdown_ial_classes_are_checked(make_site):
    root = make_site(
        {"package.json": PIN_111, "page.md": "---\n---\nTexte\n{: .fr-container-fluid}\n"}
    )
    (f,) = findings(lint(root, "--select", "DS001", "--lang", "en"), "DS001")
    assert "fr-container--fluid" in f["message"]
    assert (f["line"], f["column"]) == (4, 5)  # in the IAL, not at the paragraph


def test_include_class_parameters_are_checked_where_the_include_uses_them(make_site):
    root = make_site(
        {
            "package.json": PIN_111,
            "_includes/button.html": '<a href="{{ include.link }}" class="fr-btn {{ include.class }}">{{ include.label }}</a>',
            "_includes/other.html": "<p>{{ include.class }}</p>",
            "page.md": (
                "---\n---\n"
                '{% include button.html link="/" label="Écrire" class="fr-btn--secondary fr-fi-mail-line" %}\n\n'
                '{% include other.html class="fr-fi-mail-line" %}\n'
            ),
        }
    )
    data = lint(root, "--select", "DS001,DS002", "--lang", "en")
    (f,) = findings(data, "DS002")
    assert (f["line"], f["column"]) == (3, 73)
    assert "`fr-icon-mail-line`" in f["message"]
    assert findings(data, "DS001") == []


def test_site_css_classes_are_not_unknown_but_noted(make_site):
    root = _site(
        make_site,
        '<p class="fr-illu fr-made-up">x</p>',
        **{
            "assets/main.css": ".fr-illu { width: 3rem }",
            "assets/vendor/dsfr.min.css": "/*! DSFR v1.11.0 | x */ .fr-made-up{}",
            "_sass/_cards.scss": ".fr-box { &__title { color: red } }",
        },
    )
    data = lint(root, "--select", "DS001,DS008", "--lang", "en")
    assert [v["message"].split("`")[1] for v in findings(data, "DS001")] == ["fr-made-up"]
    (note,) = findings(data, "DS008")
    assert note["severity"] == "info" and "assets/main.css" in note["message"]
    (root / ".betalint.toml").write_text(
        "[rules.DS008]\ncustom-classes = false\n", encoding="utf-8"
    )
    assert findings(lint(root, "--select", "DS008"), "DS008") == []
    profile = dsfr.build_profile(root, None, None)
    assert profile.site_classes == {}
    from betalint.site import discover

    site = discover(root)
    assert set(dsfr.site_css_classes(root, site.files)) == {
        "fr-illu",
        "fr-box",
        "fr-box__title",
    }


def test_site_css_classes_spelled_with_escapes_are_found(make_site):
    # a sheet without "fr-" in its text is skipped unparsed, unless an escape could spell it
    from betalint.site import discover

    root = _site(
        make_site,
        "<p>x</p>",
        **{
            "assets/escaped.css": ".\\66r-escaped, .\\66 r-spaced { color: red }",
            "assets/plain.css": ".card { color: red } .x-fr { }",
        },
    )
    site = discover(root)
    assert dsfr.site_css_classes(root, site.files) == {
        "fr-escaped": "assets/escaped.css",
        "fr-spaced": "assets/escaped.css",
    }


# --- DS001 messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        ("fr-container-fluid", "did you mean `fr-container--fluid`"),
        ("fr-enlarge__link", "did you mean `fr-enlarge-link`"),
        ("fr-col-xs-12", "no xs breakpoint"),
        # a display class of DSFR 1.0: the class without breakpoint, not fr-hidden-xl
        (
            "fr-hidden-xs",
            "no xs breakpoint, a class without breakpoint already applies from the smallest screens. Write `fr-hidden`.",
        ),
        ("fr-mt-xs-2v", "Write `fr-mt-2v`"),
        ("fr-mt-lg-2w", "Write `fr-mt-md-2w`"),
        ("fr-py-6", "`fr-py-6v`"),
        ("fr-mt-4w-8w", "`fr-mt-4w fr-mt-md-8w`"),
        ("fr-mt-first-4v", "by-product of DSFR's build, not a documented class: write `fr-mt-4v`"),
        ("fr-display-lg", "write `fr-display--lg`"),
        ("fr-btn--md", "“md” is already the default"),
        ("fr-btn--primary", "“primary” is already the default"),
        ("fr-grid-row--start", "`fr-grid-row--left`"),
        ("fr-card__link", "removed from DSFR after version 1.4"),
        ("fr-table--multiline", "only exists from DSFR 1.14"),
        ("fr-summary__list", "Check its name"),
    ],
)
def test_unknown_class_messages(make_site, cls, expected):
    data = lint(
        _site(make_site, f'<div class="{cls}">x</div>'), "--select", "DS001", "--lang", "en"
    )
    (msg,) = _msgs(data, "DS001")
    assert expected in msg
    assert "fr-col-xs" not in msg.replace(cls, "") and "-first-" not in msg.replace(cls, "")


def test_suggestions_respect_the_grammar():
    profile = dsfr.build_profile(
        dsfr.data_dir(), dsfr.table().shipped[-1], None
    )  # no package files there: only the setting counts
    for cls in ("fr-col-xs-6", "fr-col-offset-xs-2", "fr-mt-xs-1v", "fr-px-lg-3w", "fr-pb-sm-4v"):
        v = dsfr.judge_unknown(cls, profile)
        for suggested in v.suggestion.split():
            assert suggested in profile.known, (cls, suggested)
            assert "-xs-" not in suggested and "-first-" not in suggested
            assert not any(
                f"-{bp}-" in suggested for bp in ("sm", "lg", "xl")
            ) or suggested.startswith("fr-col")


def test_typo_suggestions_never_change_a_size_or_breakpoint():
    known = frozenset({"fr-hidden-xl", "fr-icon--xs", "fr-unhidden-lg", "fr-container--fluid"})
    # one letter away, but another breakpoint or size: a different class, not a typo
    assert dsfr.close_class("fr-hidden-xs", known) is None
    assert dsfr.close_class("fr-icon--xl", known) is None
    assert dsfr.close_class("fr-unhidden-lgg", known) == "fr-unhidden-lg"
    assert dsfr.close_class("fr-container-fluid", known) == "fr-container--fluid"


def test_allow_listed_marker_is_valid(make_site):
    html = '<li class="fr-sidemenu__item fr-sidemenu__item--active">x</li>'
    assert findings(lint(_site(make_site, html), "--select", "DS001"), "DS001") == []


# --- DS002 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "use"),
    [
        ("fr-fi-delete-line", "fr-icon-delete-bin-line"),
        ("fr-icon-account-fill", "fr-icon-account-circle-fill"),
        ("fr-fi-play-line", "fr-icon-play-circle-line"),
        ("fr-fi-arrow-right-line", "fr-icon-arrow-right-line"),
        ("fr-fi--sm", "fr-icon--sm"),
        ("fr-link--close", "fr-btn fr-btn--close"),
        ("fr-tile__img", "fr-tile__pictogram"),
    ],
)
def test_deprecated_replacements(make_site, cls, use):
    data = lint(_site(make_site, f'<p class="{cls}">x</p>'), "--select", "DS002", "--lang", "en")
    (f,) = findings(data, "DS002")
    assert f["severity"] == "warning" and f"write `{use}` instead" in f["message"]


def test_deprecated_ratio_is_info_and_no_arrow_is_dropped(make_site):
    html = '<img class="fr-responsive-img--16x9" alt="x" src="a.png"><div class="fr-card--no-arrow">x</div>'
    data = lint(_site(make_site, html), "--select", "DS002", "--lang", "en")
    ratio, arrow = findings(data, "DS002")
    assert ratio["severity"] == "info" and "`fr-ratio-16x9`" in ratio["message"]
    assert "no replacement: remove it" in arrow["message"]


def test_deprecation_depends_on_the_version(make_site):
    # fr-table--green-emeraude became deprecated-only in 1.12
    html = '<div class="fr-table fr-table--green-emeraude">x</div>'
    assert findings(lint(_site(make_site, html), "--select", "DS002"), "DS002") == []
    assert findings(lint(_site(make_site, html, pin=PIN_115), "--select", "DS002"), "DS002")


# --- DS003 ----------------------------------------------------------------------------


def test_grid_structure(make_site):
    html = """\
<div class="fr-grid-row"><div class="fr-col-6">ok</div></div>
<div class="fr-grid-row"><div><div class="fr-col-md-6">nested</div></div></div>
<table><tr><th class="fr-col--xs">table width</th></tr></table>
<div class="fr-collapse">x</div>
<ul class="fr-grid-row"><li class="fr-col-6">x</li></ul>
"""
    data = lint(_site(make_site, html), "--select", "DS003", "--lang", "en")
    got = [(v["line"], v["severity"]) for v in findings(data, "DS003")]
    assert got == [(4, "error"), (7, "info")]
    data = lint(_site(make_site, html, pin=PIN_115), "--select", "DS003")
    assert [v["line"] for v in findings(data, "DS003")] == [4]


def test_column_at_the_top_of_an_include_is_not_judged(make_site):
    root = _site(make_site, "<p>x</p>", **{"_includes/col.html": '<div class="fr-col-4">x</div>'})
    assert findings(lint(root, "--select", "DS003"), "DS003") == []


# --- DS004 ----------------------------------------------------------------------------


def test_button_elements(make_site):
    html = """\
<div class="fr-btn">a</div>
<a class="fr-btn">b</a>
<button class="fr-btn">c</button>
<button class="fr-btn" type="button">d</button>
<a class="fr-btn" href="https://example.gouv.fr">e</a>
<input class="fr-btn" type="submit" value="f">
<input class="fr-btn" type="text">
<a class="fr-btn" role="link" aria-disabled="true">disabled link</a>
<router-link class="fr-btn" to="/x">custom element</router-link>
"""
    data = lint(_site(make_site, html), "--select", "DS004")
    got = [(v["line"], v["severity"]) for v in findings(data, "DS004")]
    assert got == [(3, "error"), (4, "error"), (5, "warning"), (9, "error")]


# --- DS005 / DS006 ------------------------------------------------------------------------


def test_icon_only_controls(make_site):
    html = """\
<button class="fr-btn fr-icon-search-line" type="button"></button>
<button class="fr-btn fr-icon-search-line" type="button">Rechercher</button>
<button class="fr-btn fr-icon-search-line" type="button" title="Rechercher">Rechercher</button>
<button class="fr-btn fr-btn--icon-left fr-icon-search-line" type="button">Rechercher</button>
<a class="fr-link fr-icon-github-fill" href="https://github.com" aria-label="GitHub"></a>
<button class="fr-btn fr-icon-search-line" type="button" title="{{ t }}"></button>
<ul class="fr-btns-group fr-btns-group--icon-left"><li><button class="fr-btn fr-icon-search-line" type="button">Rechercher</button></li></ul>
<a class="fr-link fr-icon-github-fill" href="https://github.com"></a>
"""
    data = lint(_site(make_site, html), "--select", "DS005")
    got = [(v["line"], v["severity"]) for v in findings(data, "DS005")]
    assert got == [(3, "error"), (4, "warning"), (10, "error")]


def test_decorative_icons(make_site):
    html = """\
<p><span class="fr-icon-warning-line"></span> Attention</p>
<p><span class="fr-icon-warning-line" aria-hidden="true"></span> Attention</p>
<p><i class="fr-icon-warning-line fr-icon--sm"></i></p>
<p><span class="fr-icon-warning-line" role="img" aria-label="Attention"></span></p>
<p><span class="fr-icon-warning-line">Attention</span></p>
<p><span class="fr-icon--sm">x</span></p>
"""
    data = lint(_site(make_site, html), "--select", "DS006")
    assert [v["line"] for v in findings(data, "DS006")] == [3, 5]


# --- DS007 ----------------------------------------------------------------------------


def _card(inner: str, classes: str = "fr-card") -> str:
    return f'<div class="{classes}">{inner}</div>\n'


def test_card_structure(make_site):
    title_link = '<h3 class="fr-card__title"><a href="https://a.gouv.fr">T</a></h3>'
    html = (
        _card(
            '<div class="fr-card__body"><div class="fr-card__content">'
            + title_link
            + "</div></div>"
        )
        + _card('<div class="fr-card__img"><img src="a.png" alt=""></div>')
        + _card('<div class="fr-card__body"><h3 class="fr-card__title">T</h3></div>')
        + _card(
            '<div class="fr-card__body"><div class="fr-card__content"><h3 class="fr-card__title">T</h3></div></div>',
            "fr-card fr-enlarge-link",
        )
        + _card(
            '<div class="fr-card__body"><div class="fr-card__content">'
            + title_link
            + '<a href="https://b.gouv.fr">autre</a></div></div>',
            "fr-card fr-enlarge-link",
        )
        + _card('<div class="fr-card__body">{% include body.html %}</div>')
        + _card(
            '<div class="fr-card__body"><div class="fr-card__content"><p class="fr-card__title">T</p></div></div>'
        )
    )
    data = lint(_site(make_site, html), "--select", "DS007", "--lang", "en")
    got = [(v["line"], v["message"][:40]) for v in findings(data, "DS007")]
    assert [line for line, _ in got] == [4, 5, 6, 7, 9]
    msgs = _msgs(data, "DS007")
    assert "no `fr-card__body`" in msgs[0]
    assert "no `fr-card__content`" in msgs[1]
    assert "title holds no link" in msgs[2]
    assert "also holds this <a>" in msgs[3]
    assert "is a <p>" in msgs[4]


def test_enlarge_link_groups_tags_badges(make_site):
    html = """\
<a class="fr-btn fr-enlarge-link" href="https://a.gouv.fr">x</a>
<div class="fr-header__brand fr-enlarge-link"><a href="https://a.gouv.fr">x</a></div>
<div class="fr-btns-group"><a class="fr-btn" href="https://a.gouv.fr">x</a></div>
<ul class="fr-btns-group"><li><a class="fr-btn" href="https://a.gouv.fr">x</a></li></ul>
<div class="fr-tag">x</div>
<p class="fr-tag">x</p>
<button class="fr-tag fr-tag--dismiss" type="button">x</button>
<ul class="fr-badges-group"><li><span class="fr-badge">x</span></li></ul>
<div><span class="fr-badge">x</span></div>
"""
    data = lint(_site(make_site, html), "--select", "DS007")
    assert [v["line"] for v in findings(data, "DS007")] == [3, 5, 7, 9, 11]


def test_breadcrumb(make_site):
    good = """\
<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
  <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="bc">Voir le fil d’Ariane</button>
  <div class="fr-collapse" id="bc">
    <ol class="fr-breadcrumb__list">
      <li><a class="fr-breadcrumb__link" href="https://a.gouv.fr">Accueil</a></li>
      <li><a class="fr-breadcrumb__link" {% if forloop.last %}aria-current="page"{% endif %}>Page</a></li>
    </ol>
  </div>
</nav>
"""
    assert findings(lint(_site(make_site, good), "--select", "DS007"), "DS007") == []
    bad = good.replace(' aria-label="vous êtes ici :"', "").replace(
        'aria-controls="bc"', 'aria-controls="x"'
    )
    bad = bad.replace('{% if forloop.last %}aria-current="page"{% endif %}', "")
    data = lint(_site(make_site, bad), "--select", "DS007")
    assert [v["line"] for v in findings(data, "DS007")] == [3, 4, 8]


# --- DS008 ----------------------------------------------------------------------------


def test_prefix_family_separators(make_site):
    html = (
        '<span aria-hidden="true" class="fr-icon--sm\nfr-icon-github-fill"></span>\n'
        '<span aria-hidden="true" class="fr-icon--sm\n    fr-icon-github-fill"></span>\n'
        '<span aria-hidden="true" class="fr-icon--sm\tfr-icon-github-fill"></span>\n'
        '<div class="fr-grid-row"><div class="fr-mb-1w\nfr-col-6">x</div></div>\n'
        '<p class="fr-text--sm\nfr-mb-1w">x</p>\n'
    )
    data = lint(_site(make_site, html), "--select", "DS008", "--lang", "en")
    got = [(v["line"], v["column"]) for v in findings(data, "DS008")]
    assert got == [(4, 1), (7, 45), (9, 1)]
    assert "tab" in _msgs(data, "DS008")[1]


# --- the real site ----------------------------------------------------------------------

GROUPS_A_C = {
    "fr-table__wrapper": 14,
    "fr-table__container": 14,
    "fr-table__content": 14,
    "fr-col--xs": 5,
    "fr-table--multiline": 4,
    "fr-table--sm": 3,
    "fr-col--lg": 1,
    "fr-card__link": 8,
    "fr-footer__content-item": 4,
    "fr-btn--md": 22,
    "fr-container-fluid": 15,
    "fr-enlarge__link": 4,
    "fr-b__two-col": 3,
    "fr-mt-4w-8w": 3,
    "fr-btn--primary": 1,
    "fr-grid-row--start": 1,
    "fr-grid-row--end": 1,
    "fr-py-6": 1,
    "fr-card__title-subtitle": 1,
    "fr-shortcuts__item": 1,
    "fr-summary__list": 1,
}
GROUP_A = (
    "fr-table__wrapper",
    "fr-table__container",
    "fr-table__content",
    "fr-col--xs",
    "fr-table--multiline",
    "fr-table--sm",
    "fr-col--lg",
)


def _count(data, code):
    out: dict[str, int] = {}
    for v in findings(data, code):
        cls = v["message"].split("`")[1]
        out[cls] = out.get(cls, 0) + 1
    return out


@pytest.mark.corpus
def test_corpus_unknown_and_deprecated_classes(corpus_run):
    data = corpus_run  # every rule: DS001 and DS002 find what they find alone
    assert _count(data, "DS001") == GROUPS_A_C
    assert _count(data, "DS002") == {
        "fr-card--no-arrow": 12,
        "fr-fi-arrow-right-line": 4,
        "fr-fi-mail-line": 1,
        "fr-fi-information-line": 1,
        "fr-link--close": 1,
        "fr-tile__img": 1,
    }
    where = {(v["path"].split("beta.gouv.fr/")[-1], v["line"]) for v in data["violations"]}
    for path, line in [
        ("_pages/accessibilite/evaluation-2024.md", 46),
        ("_pages/bilan/2025.md", 325),
        ("_includes/card-startup.html", 9),
        ("_layouts/home.html", 12),
        ("_includes/hero-startup.html", 1),
        ("_layouts/intrapreneur-role.html", 21),
        ("_pages/contact.md", 17),
        ("_pages/contact.md", 29),
        ("_includes/header.html", 70),
    ]:
        assert (path, line) in where


@pytest.mark.corpus
def test_corpus_with_dsfr_1_14_makes_group_a_valid(corpus):
    data = lint(corpus, "--select", "DS001", "--dsfr-version", "1.14.4", "--jobs", "2")
    found = _count(data, "DS001")
    assert not set(GROUP_A) & set(found)
    assert found == {k: v for k, v in GROUPS_A_C.items() if k not in GROUP_A}


# --- check --fix (DS002) --------------------------------------------------------------


def test_fix_renames_deprecated_classes_in_place(make_site):
    page = (
        "---\n---\n"
        '<p class="fr-fi-mail-line fr-fi--sm">a</p>\n'
        '<p class="fr-icon-mail-line fr-fi-mail-line">already there: not touched</p>\n'
        '<div class="fr-card--no-arrow">no one-for-one replacement</div>\n'
        "<!-- betalint-disable-next-line DS002 -->\n"
        '<p class="fr-fi-delete-line">suppressed</p>\n'
        '{% include b.html class="fr-fi-play-line" %}\n'
    )
    root = make_site(
        {
            "package.json": PIN_111,
            "_includes/b.html": '<a class="fr-btn {{ include.class }}" href="/">x</a>',
            "index.html": page,
        }
    )
    (root / "bom.html").write_bytes(b"\xef\xbb\xbf<p class='fr-fi-mail-line'>x</p>\n")
    code, out, _ = run_cli(["check", str(root), "--select", "DS002", "--fix", "--lang", "en"])
    assert "4 problem(s) fixed in 2 file(s)." in out
    text = (root / "index.html").read_text(encoding="utf-8")
    assert '<p class="fr-icon-mail-line fr-icon--sm">a</p>' in text
    assert '<p class="fr-icon-mail-line fr-fi-mail-line">' in text
    assert "fr-card--no-arrow" in text and "fr-fi-delete-line" in text
    assert 'class="fr-icon-play-circle-line"' in text
    assert (root / "bom.html").read_bytes().startswith(b"\xef\xbb\xbf<p class='fr-icon-mail-line'>")
    # what is left is still reported (warnings: exit 0)
    data = lint(root, "--select", "DS002")
    assert len(findings(data, "DS002")) == 2 and code == 0


def test_fix_leaves_the_close_link_whose_replacement_changes_two_classes(make_site):
    page = '---\n---\n<button class="fr-link--close fr-link" type="button">Fermer</button>\n'
    root = make_site({"package.json": PIN_111, "index.html": page})
    code, _, _ = run_cli(["check", str(root), "--select", "DS002", "--fix", "--lang", "en"])
    assert code == 0  # a warning
    assert (root / "index.html").read_text(encoding="utf-8") == page  # no `fr-link fr-btn--close`
    (f,) = findings(lint(root, "--select", "DS002", "--lang", "en"), "DS002")
    assert "write `fr-btn fr-btn--close` instead" in f["message"]


ODD = [
    '<div class="fr-card"><div class="fr-card__body">',
    "<a class=fr-btn>x",
    '<span class="fr-icon-x\n\t  fr-fi-\n">',
    '<div class="fr-grid-row"><div class="fr-col-{{ n }}">x</div></div>',
    '<div class="{% if a %}fr-col-6{% else %}fr-col-12{% endif %}">x</div>',
    '<p class="{{ c }}" {{ attrs }}>x</p><p class=">',
    '<nav class="fr-breadcrumb"><ol class="fr-breadcrumb__list"></ol></nav>',
    '{% include %}{% include x.html class= %}{% include ../../etc/passwd class="fr-x" %}',
    '<div class="fr-tile fr-enlarge-link"><h2 class="fr-tile__title"></h2></div>',
    '<button class="fr-tag fr-tag--dismiss" aria-label="{{ l }}">',
    "<div class='fr-card\x00'>\ufeff</div>",
    "Texte\n{: .fr-x .fr-fi-mail-line #id}\n\n* item\n{: .fr-col-6}",
]


@pytest.mark.parametrize("html", ODD)
def test_odd_markup_never_crashes(make_site, html):
    root = make_site({"package.json": PIN_111, "page.md": "---\n---\n" + html, "p.html": html})
    data = lint(root, "--select", "DS")
    assert "errors" not in data


def test_card_image_and_download_variants(make_site):
    body = '<div class="fr-card__body"><div class="fr-card__content"><h3 class="fr-card__title"><a href="https://a.gouv.fr/f.pdf" download>T</a></h3></div></div>'
    html = (
        _card(
            body
            + '<div class="fr-card__header"><div class="fr-card__img"><img src="a.png" alt=""></div></div>'
        )
        + _card(body, "fr-card fr-card--download")
        + _card(body, "fr-card fr-card--download fr-enlarge-link")
    )
    data = lint(_site(make_site, html), "--select", "DS007", "--lang", "en")
    assert [v["line"] for v in findings(data, "DS007")] == [3, 4]
    msgs = _msgs(data, "DS007")
    assert "`fr-responsive-img`" in msgs[0] and "download" in msgs[1]


def test_no_version_note_for_a_site_that_does_not_use_the_dsfr(make_site):
    plain = make_site(
        {"_layouts/page.html": "<main>{{ content }}</main>", "a.md": "---\ntitle: A\n---\n"}
    )
    assert not lint(plain).get("notes")
    dsfr_site = make_site({"_layouts/page.html": '<main class="fr-container">{{ content }}</main>'})
    assert any("DSFR" in n for n in lint(dsfr_site)["notes"])


def test_class_tokens_are_those_of_the_document_asked_about():
    # the tokens are kept for the last document only: a second document with an element
    # at the same place gets its own classes, not the first one's
    from betalint.checks.dsfr import class_tokens
    from betalint.engine import build_document
    from betalint.site import SiteFile
    from betalint.source import load_source

    def doc(html):
        src, _ = load_source(html.encode())
        return build_document(SiteFile("p.html", "page"), src, "page", "html")

    a = doc('<div class="fr-a  fr-b"></div>\n')
    b = doc('<div class="fr-c"></div>\n')
    assert [t.value for t in class_tokens(a, a.elements[0])] == ["fr-a", "fr-b"]
    assert class_tokens(a, a.elements[0]) is class_tokens(a, a.elements[0])
    assert [(t.value, t.col) for t in class_tokens(b, b.elements[0])] == [("fr-c", 13)]
    assert [t.value for t in class_tokens(a, a.elements[0])] == ["fr-a", "fr-b"]
