"""LNK006–LNK010: generic and empty links, new windows, mixed content, missing includes."""

from __future__ import annotations

import pytest

from betalint.checks.links import _load_vocabulary, is_generic, normalise
from conftest import findings, lint


def page(body: str, **fm: str) -> str:
    front = "".join(f"{k}: {v}\n" for k, v in {"title": "Titre", **fm}.items())
    return f"---\n{front}---\n{body}"


def run(make_site, files: dict[str, str], *args: str) -> dict:
    return lint(make_site(files), "--lang", "en", *args)


def lines(data: dict, rule: str) -> list[int]:
    return [f["line"] for f in findings(data, rule)]


# --- LNK006 --------------------------------------------------------------------------------


def test_vocabulary_matching():
    vocab = _load_vocabulary()
    for text in ("Cliquez ici", "EN SAVOIR PLUS →", "Lire la suite…", "plus d’infos", "→", "here"):
        assert is_generic(text, vocab), text
    for text in ("Lire le bilan 2024", "contact@beta.gouv.fr", "https://beta.gouv.fr", ""):
        assert not is_generic(text, vocab), text
    assert normalise("  En\u00a0savoir   plus ! ") == "en savoir plus"


def test_link_text_edges_of_common_text_are_regex_s():
    # for the common characters (betalint.charsets), normalise trims by general category
    # what the Unicode classes of `regex` trim: every one is compared, so the quick path
    # gives the same texts
    from betalint.charsets import common, common_chars
    from betalint.checks.links import _COMMON_EDGES, _edges

    for c in common_chars():
        assert (c in _COMMON_EDGES) == (_edges().sub("", c) == ""), repr(c)
    texts = ["« En savoir plus » !", "½ prix…", "+33 1 23", "-- µ --", "– suite —", "…", "“x”"]
    for text in texts:
        assert common(text)
        assert normalise(text) == _edges().sub("", " ".join(text.lower().split()))
    assert normalise("  ") == ""
    assert not common("→ suite") and normalise("→ suite") == "suite"


def test_generic_link_texts(make_site):
    body = (
        "Le bilan est publié : [en savoir plus](/bilan).\n\n"  # 4: reported
        'Cliquez <a href="/a">ici</a>.\n\n'  # 6: reported
        "[Lire le bilan 2024](/bilan)\n\n"  # 8
        '<a href="/b" title="En savoir plus sur le bilan 2023">En savoir plus</a>\n\n'  # 10
        '<a href="/c" aria-label="Lire le bilan 2022">Lire la suite</a>\n\n'  # 12
        '<a href="/d">En savoir plus<span class="fr-sr-only"> sur le programme</span></a>\n\n'
        '<a href="/e">{{ page.lien }}</a>\n\n'  # 16: dynamic
        '<a href="/f" title="Ici - nouvelle fenêtre" target="_blank">ici</a>\n'  # 18: reported
    )
    data = run(make_site, {"p.md": page(body)}, "--select", "LNK006")
    assert lines(data, "LNK006") == [4, 6, 18]
    assert "« en savoir plus »" in findings(data, "LNK006")[0]["message"]


# --- LNK007 --------------------------------------------------------------------------------


def test_empty_links(make_site):
    body = (
        "[](/bilan)\n\n"  # 4: no text
        "[https://exemple.gouv.fr]()\n\n"  # 6: empty href
        "[S'inscrire](#)\n\n"  # 8: # only
        '<a href="#" role="button">Menu</a>\n\n'  # 10: a button
        '<a href="/x"><img src="/logo.png" alt=""></a>\n\n'  # 12: image link (ALT007)
        '<a href="/y" class="fr-icon-mail-line"></a>\n\n'  # 14: icon link (DS005)
        '<a href="/z">{{ page.label }}</a>\n\n'  # 16: dynamic
        '<a href="/t" title="Accueil"></a>\n\n'  # 18: named by title
        '<a href="{{ page.url }}"></a>\n\n'  # 20: no text
        "<a>placeholder</a>\n"  # 22: no href, not a link
    )
    data = run(make_site, {"p.md": page(body)}, "--select", "LNK007")
    assert lines(data, "LNK007") == [4, 6, 8, 20]
    messages = [f["message"] for f in findings(data, "LNK007")]
    assert "empty address" in messages[1] and "`#`" in messages[2]


# --- LNK008 --------------------------------------------------------------------------------


def test_new_window_links(make_site):
    body = (
        '<a href="https://a.fr" target="_blank">La DINUM</a>\n\n'  # 4
        '<a href="https://a.fr" target="_blank" title="La DINUM">La DINUM</a>\n\n'  # 6
        '<a href="https://a.fr" target="_blank" title="La DINUM - nouvelle fenêtre">La DINUM</a>\n\n'
        '<a href="https://a.fr" target="_blank">La DINUM (nouvel onglet)</a>\n\n'
        '<a href="https://a.fr" target="_blank">DINUM<span class="fr-sr-only"> - new window</span></a>\n\n'
        '<a href="https://a.fr" target="_blank" title="{{ page.t }} - nouvelle fenêtre">x</a>\n\n'
        '<a href="https://a.fr" target="{{ page.target }}">Dynamique</a>\n\n'
        '<a href="https://a.fr" target="_self">Même fenêtre</a>\n\n'
        '[Markdown](https://a.fr){:target="_blank"}\n'  # 20
    )
    data = run(make_site, {"p.md": page(body)}, "--select", "LNK008")
    assert lines(data, "LNK008") == [4, 6, 20]
    first, second, _third = (f["message"] for f in findings(data, "LNK008"))
    assert 'title="La DINUM - nouvelle fenêtre"' in first
    assert "« La DINUM »" in second


# --- LNK009 --------------------------------------------------------------------------------


def test_insecure_resources(make_site):
    body = (
        "![Logo](http://exemple.fr/logo.png)\n\n"  # 4
        '<img src="/a.png" srcset="/a.png 1x, http://cdn.fr/a@2x.png 2x" alt="A">\n\n'  # 6
        '<script src="http://cdn.fr/x.js"></script>\n\n'  # 8
        '<link rel="stylesheet" href="http://cdn.fr/x.css">\n\n'  # 10
        '<iframe src="http://video.fr/embed" title="Vidéo"></iframe>\n\n'  # 12
        '<video poster="http://cdn.fr/p.jpg" src="https://cdn.fr/v.mp4"></video>\n\n'  # 14
        '<div style="background-image: url(http://cdn.fr/bg.jpg)">x</div>\n\n'  # 16
        '<a href="http://exemple.fr">lien HTTP, pas une ressource</a>\n\n'
        '<img src="http://localhost:4000/a.png" alt="local">\n\n'
        '<link rel="canonical" href="http://exemple.fr/">\n\n'
        '<img src="{{ site.url }}/img/a.png" alt="via site.url">\n'  # 24
    )
    config = "title: t\nurl: http://exemple.gouv.fr\n"
    data = run(make_site, {"_config.yml": config, "p.md": page(body)}, "--select", "LNK009")
    assert lines(data, "LNK009") == [4, 6, 8, 10, 12, 14, 16, 24]
    messages = [f["message"] for f in findings(data, "LNK009")]
    assert "https://cdn.fr/a@2x.png" in messages[1] and messages[2].startswith("This script")


# --- LNK010 --------------------------------------------------------------------------------


def test_missing_and_invalid_includes(make_site):
    body = (
        "{% include encart.html %}\n\n"  # 4: exists
        "{% include encrat.html %}\n\n"  # 6: missing
        "{% include carté.html %}\n\n"  # 8: invalid name
        "{% include encart.html titre={{ page.title }} %}\n\n"  # 10: invalid parameters
        "{% include_relative notes.md %}\n\n"  # 12: exists next to the page
        "{% include_relative absent.md %}\n\n"  # 14: missing
        "{% raw %}{% include nulle-part.html %}{% endraw %}\n"
    )
    files = {
        "_includes/encart.html": "<p>Encart</p>\n",
        "pages/notes.md": "Notes.\n",
        "pages/p.md": page(body),
    }
    data = run(make_site, files, "--select", "LNK010")
    assert lines(data, "LNK010") == [6, 8, 10, 14]
    messages = [f["message"] for f in findings(data, "LNK010")]
    assert "no file `encrat.html` in `_includes/`" in messages[0]
    assert "`pages/absent.md`" in messages[3]


def test_include_named_by_the_page_front_matter(make_site):
    layout = "<aside>{% include {{ page.sidebar }} %}</aside>\n{{ content }}\n"
    files = {
        "_layouts/side.html": layout,
        "_includes/sidebar-a.html": "<nav>A</nav>\n",
        "ok.md": page("x\n", layout="side", sidebar="sidebar-a.html"),
        "typo.md": page("x\n", layout="side", sidebar="sidebar-b.html"),
        "none.md": page("x\n", layout="side"),
    }
    data = run(make_site, files, "--select", "LNK010")
    got = {(f["path"].rsplit("/", 1)[-1], f["line"]) for f in findings(data, "LNK010")}
    assert got == {("typo.md", 4), ("none.md", 1)}
    messages = {f["path"].rsplit("/", 1)[-1]: f["message"] for f in findings(data, "LNK010")}
    assert "`sidebar-b.html`" in messages["typo.md"] and "_layouts/side.html" in messages["typo.md"]
    assert "empty file name" in messages["none.md"]


def test_include_named_by_include_parameters_is_reported_once_at_the_tag(make_site):
    files = {
        "_layouts/page.html": '{% include icone.html nom="courriel" %}\n{{ content }}\n',
        "_includes/icone.html": "{% include icones/{{ include.nom }}.svg %}\n",
        "p.md": page("x\n", layout="page"),
        "q.md": page("y\n", layout="page"),
    }
    [f] = findings(run(make_site, files, "--select", "LNK010"), "LNK010")
    assert f["path"].endswith("_includes/icone.html") and f["line"] == 1
    assert "`icones/courriel.svg`" in f["message"]


def test_include_in_a_false_branch_is_not_checked_per_page(make_site):
    layout = "{% if page.sidebar %}{% include {{ page.sidebar }} %}{% endif %}\n{{ content }}\n"
    files = {"_layouts/side.html": layout, "p.md": page("x\n", layout="side")}
    assert findings(run(make_site, files, "--select", "LNK010"), "LNK010") == []


def test_theme_includes_are_not_reported_missing(make_site):
    files = {
        "_config.yml": "title: t\ntheme: minima\n",
        "p.md": page("{% include head.html %}\n\n{% include bad name.html %}\n"),
    }
    data = run(make_site, files, "--select", "LNK010")
    # head.html may come from the theme; `bad name.html` is refused whatever the theme
    assert lines(data, "LNK010") == [6]


def test_link_and_post_url_tags(make_site):
    files = {
        "pages/equipe.md": page("x\n"),
        "content/_startups/aidants.md": page("x\n"),
        "content/_authors/anne.md": page("x\n"),
        "content/_posts/2024-05-01-lancement.md": page("x\n"),
        "img/logo.png": b"\x89PNG",
        "p.md": page(
            "[a]({% link pages/equipe.md %})\n"  # 4 ok
            "[b]({% link /pages/equipe.md %})\n"  # 5 leading slash
            "[c]({% link content/_startups/aidants.md %})\n"  # 6 collections dir
            "[d]({% link _startups/aidants.md %}#equipe)\n"  # 7 ok
            "[e]({% link _authors/anne.md %})\n"  # 8 output: false
            "![f]({% link /img/logo.png %})\n"  # 9 ok (static file)
            "[g]({% link pages/absente.md %})\n"  # 10 missing
            "[h]({% post_url 2024-05-01-lancement %})\n"  # 11 ok
            "[i]({% post_url 2024-05-02-lancement %})\n"  # 12 missing
            "[j]({% post_url lancement %})\n"  # 13 not a post name
        ),
    }
    data = run(make_site, files, "--select", "LNK010")
    assert lines(data, "LNK010") == [5, 6, 8, 10, 12, 13]
    messages = [f["message"] for f in findings(data, "LNK010")]
    assert "{% link pages/equipe.md %}" in messages[0]
    assert "{% link _startups/aidants.md %}" in messages[1]
    assert "output: false" in messages[2]


def test_plain_mode_has_no_includes(make_site):
    root = make_site({"p.md": "{% include nulle-part.html %}\n"}, jekyll=False)
    assert findings(lint(root, "--select", "LNK010"), "LNK010") == []


# --- the real site --------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_links_and_headings(corpus_result, corpus_run):
    # the session's run of every rule: HD and LNK findings are the same as with --select;
    # it ended without internal error (what exit code 2 would have said)
    assert corpus_result.result.errors == []
    by_rule: dict[str, list[dict]] = {}
    for v in corpus_run["violations"]:
        if v["rule"].startswith(("HD", "LNK")):
            by_rule.setdefault(v["rule"], []).append(v)
    # every include of beta.gouv.fr exists (its build succeeds)
    assert "LNK010" not in by_rule
    # DSFR modal titles (h1 of transcription modals) are not page headings
    assert not [v for v in by_rule.get("HD004", []) if v["path"].endswith("_pages/stats.md")]
    # a startup page written with `#` headings under the layout's hero h1
    assert any(v["path"].endswith("content/_startups/urgencevie.md") for v in by_rule["HD004"])
    # `[https://…]()` leaves the link without an address
    assert any(v["path"].endswith("content/_startups/apilos.md") for v in by_rule["LNK007"])
