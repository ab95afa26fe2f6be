"""FM002–FM009: what each rule reports and, as much, what it must not report."""

from __future__ import annotations

import json

import pytest

from conftest import findings, lint, run_cli

CONFIG = """\
title: Test
url: https://example.gouv.fr
baseurl: ""
plugins: [jekyll-redirect-from]
collections_dir: content
collections:
  startups: {output: true, permalink: /startups/:title.html}
  incubators: {output: true, permalink: /incubateurs/:title.html}
  authors:
  organisations:
"""
LAYOUT = "<!DOCTYPE html><html lang='fr'><head><title>{{ page.title }}</title></head><body>{{ content }}</body></html>\n"


def page(**fm) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in fm.items())
    return f"---\n{lines}---\nTexte.\n"


def site(make_site, files: dict[str, str]):
    return make_site({"_config.yml": CONFIG, "_layouts/page.html": LAYOUT, **files})


def only(data, code):
    return [(v["path"].split("site/")[-1], v["line"], v["message"]) for v in findings(data, code)]


# --- FM002 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permalink", "needle"),
    [
        ("page/", "ne commence pas par `/`"),
        ('"/a b/"', "espace"),
        ("/a//b/", "`//`"),
        ("/a/../b/", "`..`"),
        ('"/a\\\\b"', "inversée"),
        ('"/q?x=1"', "`?`"),
        ('"/x#frag"', "`#`"),
        ("/page.md", "`.md`"),
        ("/:title/", "`:title`"),
        ('""', "vide"),
        ("[/a/, /b/]", "n'est pas un texte"),
    ],
)
def test_fm002_reports(make_site, permalink, needle):
    root = site(make_site, {"p.md": f"---\npermalink: {permalink}\n---\nx\n"})
    found = only(lint(root, "--select", "FM002", "--lang", "fr"), "FM002")
    assert any(needle in msg for _, _, msg in found), found
    assert all(line == 2 for _, line, _ in found)


def test_fm002_document_unknown_placeholder_and_uppercase(make_site):
    root = site(
        make_site,
        {
            "content/_startups/a.md": page(permalink="/s/:foo/"),
            "b.md": page(permalink="/Contact/"),
        },
    )
    data = lint(root, "--select", "FM002", "--lang", "en")
    msgs = {v["path"].rsplit("/", 1)[-1]: (v["message"], v["severity"]) for v in data["violations"]}
    assert "`:foo`" in msgs["a.md"][0] and msgs["a.md"][1] == "error"
    assert "capital letters" in msgs["b.md"][0] and msgs["b.md"][1] == "warning"


def test_fm002_accepts_good_and_accented_permalinks(make_site):
    root = site(
        make_site,
        {
            "a.md": page(permalink="/fast/lauréats/"),
            "b.md": page(permalink="/:path/:basename:output_ext"),
            "content/_startups/c.md": page(permalink="/startups/:title/"),
            "d.md": page(permalink="/api/data.json"),
        },
    )
    assert findings(lint(root, "--select", "FM002"), "FM002") == []


def test_fm002_non_ascii_option(make_site):
    root = site(
        make_site,
        {
            "a.md": page(permalink="/fast/lauréats/"),
            ".betalint.toml": '[rules.FM002]\n"non-ascii" = true\nuppercase = false\n',
        },
    )
    found = findings(lint(root, "--select", "FM002", "--lang", "en"), "FM002")
    assert len(found) == 1 and "`é`" in found[0]["message"] and found[0]["severity"] == "warning"


# --- FM003 ---------------------------------------------------------------------------------


def test_fm003_same_file_from_every_kind_of_source(make_site):
    root = site(
        make_site,
        {
            "a.md": page(permalink="/y"),
            "b.md": page(permalink="/y.html"),  # same file y.html
            "c.md": page(permalink="/x/"),
            "d.md": page(permalink="/x/index.html"),
            "content/_startups/sub/n.md": page(title="n"),  # /startups/n.html
            "content/_startups/n.md": page(title="n2"),
            "e.md": page(permalink="/r1/", redirect_from="[/old]"),
            "f.md": page(permalink="/r2/", redirect_from="[/old]"),
        },
    )
    found = only(lint(root, "--select", "FM003", "--lang", "en"), "FM003")
    paths = sorted(p for p, _, _ in found)
    assert paths == [
        "b.md",
        "content/_startups/sub/n.md",
        "d.md",
        "f.md",
    ], found
    msg = next(m for p, _, m in found if p == "b.md")
    assert "`y.html`" in msg and "`a.md` (line 2)" in msg


def test_fm003_not_for_different_files(make_site):
    root = site(
        make_site,
        {
            "a.md": page(permalink="/x"),  # x.html
            "b.md": page(permalink="/x/"),  # x/index.html: another file
            "c.md": page(permalink="/fast/déroulement"),
            "d.md": page(permalink="/hidden/", published="false"),
            "e.md": page(permalink="/hidden/"),
        },
    )
    assert findings(lint(root, "--select", "FM003"), "FM003") == []


def test_fm003_percent_encoded_and_literal_are_one_file(make_site):
    root = site(
        make_site,
        {
            "a.md": page(permalink="/startups/été.html"),
            "content/_startups/été.md": page(title="e"),
        },
    )
    found = only(lint(root, "--select", "FM003"), "FM003")
    assert [p for p, _, _ in found] == ["content/_startups/été.md"]


def test_fm003_case_only_collision_is_a_warning(make_site):
    root = site(make_site, {"a.md": page(permalink="/Equipe/"), "b.md": page(permalink="/equipe/")})
    found = findings(lint(root, "--select", "FM003"), "FM003")
    assert len(found) == 1 and found[0]["severity"] == "warning"


def test_fm003_clash_with_the_redirects_json_of_jekyll_redirect_from(make_site):
    files = {
        "map.md": page(title="m", permalink="/redirects.json"),
        "content/_startups/m.md": "---\ntitle: m\nredirect_from: /redirects.json\n---\nx\n",
        "other.md": page(title="o", permalink="/other.json"),
    }
    root = site(make_site, files)
    found = only(lint(root, "--select", "FM003", "--lang", "en"), "FM003")
    assert sorted((p, line) for p, line, _ in found) == [
        ("content/_startups/m.md", 3),
        ("map.md", 3),
    ], found
    msg = dict((p, m) for p, _, m in found)["map.md"]
    assert "`redirects.json`" in msg and "jekyll-redirect-from plugin generates" in msg
    assert "`redirect_from: {json: false}`" in msg  # the literal braces survive formatting
    fr = only(lint(root, "--select", "FM003", "--lang", "fr"), "FM003")
    assert all("que le plugin jekyll-redirect-from génère" in m for _, _, m in fr)
    # the map switched off: nothing clashes any more
    (root / "_config.yml").write_text(CONFIG + "redirect_from: {json: false}\n")
    assert findings(lint(root, "--select", "FM003"), "FM003") == []
    # without the plugin there is no map either
    (root / "_config.yml").write_text(CONFIG.replace("plugins: [jekyll-redirect-from]\n", ""))
    assert findings(lint(root, "--select", "FM003"), "FM003") == []


# --- FM004 ---------------------------------------------------------------------------------


def test_fm004_majority_always_never(make_site):
    files = {
        "a.md": page(permalink="/a/"),
        "b.md": page(permalink="/b/"),
        "c.md": page(permalink="/c"),
        "d.md": page(permalink="/d.html"),  # a file name: not concerned
        "e.md": page(permalink="/"),
    }
    root = site(make_site, files)
    found = only(lint(root, "--select", "FM004"), "FM004")
    assert [p for p, _, _ in found] == ["c.md"]
    (root / ".betalint.toml").write_text('[rules.FM004]\nstyle = "never"\n')
    found = only(lint(root, "--select", "FM004"), "FM004")
    assert sorted(p for p, _, _ in found) == ["a.md", "b.md"]
    (root / ".betalint.toml").write_text('[rules.FM004]\nstyle = "sometimes"\n')
    code, _, err = run_cli(["check", str(root), "--select", "FM004"])
    assert code == 2 and "style" in err


def test_fm004_hint_says_what_to_write_and_which_convention(make_site):
    """The fix hint names the permalink to write, the convention and how many follow it."""
    files = {
        "a.md": page(permalink="/a/"),
        "b.md": page(permalink="/b/"),
        "c.md": page(permalink="/c"),
        "d.md": page(permalink="/d/"),
    }
    root = site(make_site, files)

    def hints(*args):
        data = lint(root, "--select", "FM004", *args)
        return {v["path"].split("site/")[-1]: v["hint"] for v in findings(data, "FM004")}

    got = hints("--lang", "en")
    assert list(got) == ["c.md"]
    assert got["c.md"].startswith("Add the final `/`: write `permalink: /c/`")
    assert "3 of its 4 permalinks end with one" in got["c.md"]
    assert "links that point to `/c`" in got["c.md"]
    fr = hints("--lang", "fr")["c.md"]
    assert "Ajoutez le `/` final : écrivez `permalink: /c/`" in fr and "3 de ses 4" in fr
    # the opposite convention, set by the option: remove the slash, keep the old address
    (root / ".betalint.toml").write_text('[rules.FM004]\nstyle = "never"\n')
    got = hints("--lang", "en")
    assert sorted(got) == ["a.md", "b.md", "d.md"]
    assert got["a.md"].startswith("Remove the final `/`: write `permalink: /a`")
    assert '`style = "never"` convention asks (1 of its 4 permalinks' in got["a.md"]
    assert "`redirect_from: /a/`" in got["a.md"]
    (root / ".betalint.toml").write_text('[rules.FM004]\nstyle = "always"\n')
    got = hints("--lang", "fr")
    assert list(got) == ["c.md"] and "(3 de ses 4 permaliens la suivent déjà)" in got["c.md"]
    # majority the other way round
    (root / ".betalint.toml").unlink()
    for name in ("a.md", "b.md"):
        (root / name).write_text(page(permalink=f"/{name[0]}"))
    got = hints("--lang", "en")
    assert list(got) == ["d.md"] and "no final `/`: 3 of its 4 permalinks have none" in got["d.md"]
    assert all("{" not in h for h in got.values())


def test_fm004_tie_reports_nothing(make_site):
    root = site(make_site, {"a.md": page(permalink="/a/"), "b.md": page(permalink="/b")})
    assert findings(lint(root, "--select", "FM004"), "FM004") == []


# --- FM005 ---------------------------------------------------------------------------------


def test_fm005_front_matter_defaults_and_chains(make_site):
    config = CONFIG + (
        "defaults:\n  - scope: {path: '', type: startups}\n    values: {layout: startup}\n"
    )
    root = make_site(
        {
            "_config.yml": config,
            "_layouts/page.html": LAYOUT,
            "_layouts/sub/wide.html": "---\nlayout: base\n---\n{{ content }}\n",
            "_layouts/a.html": "---\nlayout: b\n---\n{{ content }}\n",
            "_layouts/b.html": "---\nlayout: a\n---\n{{ content }}\n",
            "ok.md": page(layout="page", title="ok"),
            "ok2.md": page(layout="sub/wide", title="ok2"),
            "none.md": page(layout="none", title="n"),
            "nul.md": page(layout="null", title="n"),
            "bad.md": page(title="bad", layout="pgae"),
            "hidden.md": page(layout="nope", published="false"),
            "content/_startups/s1.md": page(title="s1"),
            "content/_startups/s2.md": page(title="s2"),
        }
    )
    found = only(lint(root, "--select", "FM005", "--lang", "en"), "FM005")
    by_path = {p: (line, m) for p, line, m in found}
    assert by_path["bad.md"][0] == 3 and "`pgae`" in by_path["bad.md"][1]
    assert "2 page(s)" in by_path["_config.yml"][1] and by_path["_config.yml"][0] == 13
    assert "`base`" in by_path["_layouts/sub/wide.html"][1]
    assert "loop" in by_path["_layouts/a.html"][1] or "loop" in by_path["_layouts/b.html"][1]
    assert "hidden.md" not in by_path and "ok.md" not in by_path and "none.md" not in by_path


# --- FM006 / FM007: configuration ----------------------------------------------------------

SCHEMA = {
    "type": "object",
    "required": ["title", "mission"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "mission": {"type": "string"},
        "stats": {"type": "boolean"},
        "fast": {"type": "object", "properties": {"montant": {"type": "number"}}},
        "phases": {
            "type": "array",
            "x-unique-by": "name",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"enum": ["construction", "acceleration"]},
                    "start": {"type": "string"},
                },
                "x-date-order": {"start": "start", "end": "end", "strict": True},
            },
        },
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    },
    "additionalProperties": False,
}
SCHEMA_TOML = '[[schemas]]\ncollection = "startups"\nschema = "s.json"\n'

BAD_STARTUP = """\
---
title: ""
stats: oui
fast:
  montant: beaucoup
phases:
  - name: construction
    start: 2024-05-01
    end: 2024-05-01
  - name: construction
    start: 2024-06-01
  - name: transfert
    start: 2024-07-01
tags: [a, b, a]
tpyo: 1
---
Texte.
"""


def test_fm006_messages_name_key_and_line(make_site):
    root = site(
        make_site,
        {
            ".betalint.toml": SCHEMA_TOML,
            "s.json": json.dumps(SCHEMA),
            "content/_startups/bad.md": BAD_STARTUP,
            "content/_startups/good.md": page(title="Bien", mission="Aider"),
            "other.md": page(title="not in the collection", stats="oui"),
        },
    )
    found = only(lint(root, "--select", "FM006", "--lang", "en"), "FM006")
    assert {p for p, _, _ in found} == {"content/_startups/bad.md"}
    got = {(line, msg.split(" ")[0]) for _, line, msg in found}
    lines = {line for _, line, _ in found}
    msgs = " | ".join(m for _, _, m in found)
    assert "The key `mission` is missing" in msgs
    assert "`title` is empty" in msgs
    assert "`stats` must be `true` or `false` (here: `oui`)" in msgs
    assert "`fast.montant` must be a number" in msgs
    assert "`phases[1].end` (2024-05-01) must come after `phases[1].start`" in msgs
    assert "Two entries of `phases` have the same `name` (`construction`)" in msgs
    assert "`phases[3].name` is `transfert`, which is not an allowed value" in msgs
    assert "`tags` lists `a` twice" in msgs
    assert "`tpyo` is not a key of this collection" in msgs
    assert {2, 3, 5, 9, 10, 12, 14, 15} <= lines, got


def test_fm006_file_name_convention_and_paths_glob(make_site):
    toml = (
        '[[schemas]]\npaths = ["content/_authors/**"]\nschema = "a.json"\n'
        'filename = "^[a-z]+\\\\.[a-z]+$"\nfilename-description = "prenom.nom"\n'
    )
    root = site(
        make_site,
        {
            ".betalint.toml": toml,
            "a.json": '{"type": "object"}',
            "content/_authors/jean.dupont.md": page(fullname="Jean"),
            "content/_authors/Jean Dupont.md": page(fullname="Jean"),
        },
    )
    found = only(lint(root, "--select", "FM006", "--lang", "en"), "FM006")
    assert [(p, line) for p, line, _ in found] == [("content/_authors/Jean Dupont.md", 1)]
    assert "prenom.nom" in found[0][2]


@pytest.mark.parametrize(
    ("toml", "files", "needle"),
    [
        ('[[schemas]]\ncollection = "x"\nschema = "missing.json"\n', {}, "cannot read"),
        ('[[schemas]]\ncollection = "x"\nschema = "s.json"\n', {"s.json": "{"}, "not valid"),
        (
            '[[schemas]]\ncollection = "x"\nschema = "s.json"\n',
            {"s.json": '{"type": 12}'},
            "not a valid JSON Schema",
        ),
        ('[[schemas]]\nschema = "s.json"\n', {"s.json": "{}"}, "needs `collection` or `paths`"),
        ('[[schemas]]\ncollection = "x"\nschema = "s.json"\nfoo = 1\n', {"s.json": "{}"}, "`foo`"),
        ('[[references]]\ncollection = "x"\nkey = "a"\n', {}, "needs `target`"),
        ('preset = "nope"\n', {}, "unknown preset"),
    ],
)
def test_schema_and_reference_configuration_errors(make_site, toml, files, needle):
    root = site(make_site, {".betalint.toml": toml, **files})
    code, _, err = run_cli(["check", str(root)])
    assert code == 2 and needle in err, err


def test_fm007_references(make_site):
    toml = (
        '[[references]]\ncollection = "startups"\nkey = "sponsors[]"\ntarget = "organisations"\n'
        'format = "/organisations/{name}"\n'
        '[[references]]\ncollection = "startups"\nkey = "incubator"\ntarget = "incubators"\n'
        '[[references]]\ncollection = "authors"\nkey = "missions[].startups[]"\n'
        'target = "startups"\n'
    )
    author = (
        "---\nfullname: A\nmissions:\n  - start: 2020-01-01\n    startups:\n"
        "      - bonne\n      - disparue\n---\n"
    )
    root = site(
        make_site,
        {
            ".betalint.toml": toml,
            "content/_organisations/dinum.md": page(name="DINUM"),
            "content/_organisations/vide": "no front matter: not a document\n",
            "content/_incubators/anct.md": page(title="ANCT"),
            "content/_startups/bonne.md": page(
                title="B", incubator="anct", sponsors="[/organisations/dinum]"
            ),
            "content/_startups/mauvaise.md": page(
                title="M", incubator="ancct", sponsors="[/organisations/vide, dinum]"
            ),
            "content/_authors/a.b.md": author,
        },
    )
    found = only(lint(root, "--select", "FM007", "--lang", "en"), "FM007")
    got = sorted((p, line, m.split(",")[0]) for p, line, m in found)
    assert got == [
        ("content/_authors/a.b.md", 7, "`missions[1].startups[2]` is `disparue`"),
        ("content/_startups/mauvaise.md", 3, "`incubator` is `ancct`"),
        ("content/_startups/mauvaise.md", 4, "`sponsors[1]` is `/organisations/vide`"),
        ("content/_startups/mauvaise.md", 4, "`sponsors[2]` is `dinum`"),
    ]


# --- FM008 ---------------------------------------------------------------------------------


def test_fm008_redirect_conflicts(make_site):
    root = site(
        make_site,
        {
            "about.md": page(title="about", permalink="/about/"),
            "new.md": "---\ntitle: n\npermalink: /new/\nredirect_from:\n  - /about/\n  - /new/\n"
            "  - /old\n  - /old.html\n---\nx\n",
            "content/_startups/s.md": page(title="s"),
            "other.md": page(title="o", redirect_from="[/startups/s.html]"),
            "_redirects": "/about/ /new/\n/forced /new/ 301!\n/free /new/\n/blog/* /new/\n"
            "/startups/s.html /new/\n",
            "forced.md": page(title="f"),
            "_config.yml": CONFIG.replace('baseurl: ""', 'baseurl: ""\ninclude: [_redirects]'),
        },
    )
    found = only(lint(root, "--select", "FM008", "--lang", "en"), "FM008")
    got = sorted((p, line, m[:40]) for p, line, m in found)
    assert [(p, line) for p, line, _ in got] == [
        ("_redirects", 1),
        ("_redirects", 2),
        ("_redirects", 5),
        ("new.md", 5),
        ("new.md", 6),
        ("new.md", 8),
        ("other.md", 3),
    ], got
    msgs = " | ".join(m for _, _, m in found)
    assert "silently replaces that page" in msgs  # /about/ over about.md
    assert "this page's own address" in msgs  # /new/ on /new/
    assert "already written by the `redirect_from` of line 7" in msgs  # /old + /old.html
    assert "the redirection is silently dropped" in msgs  # vs a document
    assert "never applies" in msgs and "hides the page" in msgs
    # no host named: "a host that serves existing files first", not a claim about Netlify
    assert "is dead on a host that serves existing files first" in msgs  # vs s.md
    assert "Netlify serves" not in msgs
    # with an nginx host, _redirects is not read: its rules are not checked
    (root / ".betalint.toml").write_text('host = "nginx"\n')
    found = only(lint(root, "--select", "FM008"), "FM008")
    assert all(p != "_redirects" for p, _, _ in found)


# --- FM009 ---------------------------------------------------------------------------------


def test_fm009_missing_and_duplicate_titles(make_site):
    root = site(
        make_site,
        {
            "a.md": page(layout="page", permalink="/a/"),
            "b.md": page(layout="page", title="Accueil"),
            "c.md": page(layout="page", title=" accueil "),
            "raw.html": "---\npermalink: /raw/\n---\n<html><head><title>x</title></head></html>\n",
            "feed.xml": "---\nlayout: page\n---\n<feed/>\n",
            "gone.md": page(layout="page", redirect_to="https://example.org"),
            "hidden.md": page(layout="page", published="false"),
            "liquid.md": page(layout="page", title='"{{ site.title }}"'),
            "liquid2.md": page(layout="page", title='"{{ site.title }}"'),
            "content/_startups/sans-titre.md": page(layout="page", mission="x"),
        },
    )
    found = only(lint(root, "--select", "FM009", "--lang", "en"), "FM009")
    got = sorted((p, line) for p, line, _ in found)
    assert got == [("a.md", 1), ("c.md", 3), ("content/_startups/sans-titre.md", 1)], found
    msgs = {p: m for p, _, m in found}
    assert "`sans-titre`" in msgs["content/_startups/sans-titre.md"]
    assert "`b.md` (line 3)" in msgs["c.md"]
    (root / ".betalint.toml").write_text("[rules.FM009]\nduplicates = false\n")
    found = only(lint(root, "--select", "FM009"), "FM009")
    assert sorted(p for p, _, _ in found) == ["a.md", "content/_startups/sans-titre.md"]


# --- presets ---------------------------------------------------------------------------------

AUTHOR_OK = """\
---
fullname: Jeanne Martin
role: Développeuse
domaine: Développement
missions:
  - start: 2021-01-01
    end: 2022-01-01
    status: independent
    startups:
      - ma-startup
---
"""
AUTHOR_BAD = """\
---
fullname: ""
domaine: Attributaires
missions:
  - start: 2022-01-01
    end: 2021-06-01
    status: independent
    startups:
      - ma-startup
      - ma-startup
      - startup-inconnue
competences: [a, a]
---
"""
STARTUP_OK = """\
---
title: Ma startup
mission: Aider
incubator: dinum
contact: equipe@beta.gouv.fr
sponsors:
  - /organisations/dinum
phases:
  - name: investigation
    start: 2021-01-01
    end: 2021-06-01
  - name: construction
    start: 2021-06-01
---
"""
STARTUP_BAD = """\
---
title: Autre
mission: Aider
incubator: incubateur-fantome
sponsors:
  - /organisations/inconnue
phases:
  - name: construction
    start: 2021-06-01
  - name: construction
    start: 2022-01-01
    end: 2021-01-01
---
"""


def beta_site(make_site):
    return make_site(
        {
            "_config.yml": CONFIG,
            "content/_authors/jeanne.martin.md": AUTHOR_OK,
            "content/_authors/Jean_Dupont.md": AUTHOR_BAD,
            "content/_startups/ma-startup.md": STARTUP_OK,
            "content/_startups/autre.md": STARTUP_BAD,
            "content/_incubators/dinum.md": page(title="DINUM"),
            "content/_organisations/dinum.md": page(
                name="DINUM", type="administration-centrale", domaine_ministeriel="spm"
            ),
        }
    )


def test_preset_beta_gouv_fr(make_site):
    root = beta_site(make_site)
    assert findings(lint(root, "--select", "FM006,FM007"), "FM006") == []  # no preset, no schema
    data = lint(root, "--select", "FM006,FM007", "--preset", "beta.gouv.fr", "--lang", "en")
    got = sorted(
        (v["path"].split("site/")[-1], v["line"], v["message"]) for v in data["violations"]
    )
    files = {p for p, _, _ in got}
    assert files == {"content/_authors/Jean_Dupont.md", "content/_startups/autre.md"}
    msgs = " | ".join(m for _, _, m in got)
    for needle in (
        "file name `Jean_Dupont` does not follow",
        "The key `role` is missing",
        "`fullname` is empty",
        "`domaine` is `Attributaires`",
        "`missions[1].end` (2021-06-01) must come after `missions[1].start`",
        "`missions[1].startups` lists `ma-startup` twice",
        "`competences` lists `a` twice",
        "`missions[1].startups[3]` is `startup-inconnue`",
        "The key `contact` is missing",
        "Two entries of `phases` have the same `name` (`construction`)",
        "`phases[2].end` (2021-01-01) must come after `phases[2].start`",
        "`sponsors[1]` is `/organisations/inconnue`",
        "`incubator` is `incubateur-fantome`",
    ):
        assert needle in msgs, needle
    # the preset from the configuration file gives the same result
    (root / ".betalint.toml").write_text('preset = "beta.gouv.fr"\n')
    again = lint(root, "--select", "FM006,FM007", "--lang", "en")
    assert len(again["violations"]) == len(got)


@pytest.mark.parametrize("domaine", ["Attributaire", "Support", "Data", "Intraprenariat"])
def test_preset_accepts_every_domain_of_the_members_database(make_site, domaine):
    """The eleven values espace-membre writes into author files are all accepted."""
    root = beta_site(make_site)
    (root / "content/_authors/jeanne.martin.md").write_text(
        AUTHOR_OK.replace("domaine: Développement", f"domaine: {domaine}")
    )
    data = lint(root, "--select", "FM006", "--preset", "beta.gouv.fr", "--lang", "en")
    assert not any(v["path"].endswith("jeanne.martin.md") for v in findings(data, "FM006"))
    # the value is still checked: a near miss is refused
    (root / "content/_authors/jeanne.martin.md").write_text(
        AUTHOR_OK.replace("domaine: Développement", f"domaine: {domaine.lower()}")
    )
    data = lint(root, "--select", "FM006", "--preset", "beta.gouv.fr", "--lang", "en")
    assert any(v["path"].endswith("jeanne.martin.md") for v in findings(data, "FM006"))


def test_site_schemas_add_to_the_preset(make_site):
    root = beta_site(make_site)
    (root / "inc.json").write_text('{"type": "object", "required": ["website"]}')
    (root / ".betalint.toml").write_text(
        'preset = "beta.gouv.fr"\n[[schemas]]\ncollection = "incubators"\nschema = "inc.json"\n'
    )
    data = lint(root, "--select", "FM006", "--lang", "en")
    assert any(
        v["path"].endswith("_incubators/dinum.md") and "`website`" in v["message"]
        for v in data["violations"]
    )
    assert any(v["path"].endswith("Jean_Dupont.md") for v in data["violations"])


# --- the real site ---------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_front_matter(corpus_preset_run):
    data = corpus_preset_run  # --preset beta.gouv.fr, FM003, FM005, FM006, FM007
    # the only two sources publishing one file: two startups redirecting /startups/friches
    dup = [v["path"].rsplit("/", 1)[-1] for v in findings(data, "FM003")]
    assert dup == ["urbanvitaliz.md"]
    assert findings(data, "FM005") == [] and findings(data, "FM007") == []


@pytest.mark.corpus
def test_corpus_preset_schema_findings_are_known_kinds(corpus_preset_run):
    data = corpus_preset_run  # --preset beta.gouv.fr --lang en
    assert findings(data, "FM006")
    for v in findings(data, "FM006"):
        assert "file name" in v["message"], v


def test_fm008_rule_duplicating_a_redirect_from(make_site):
    root = site(
        make_site,
        {
            "_config.yml": CONFIG.replace('baseurl: ""', 'baseurl: ""\ninclude: [_redirects]'),
            "new.md": page(title="n", permalink="/new/", redirect_from="[/postuler/]"),
            "_redirects": "# old\n/postuler/ /contact/\n",
        },
    )
    data = lint(root, "--select", "FM008", "--lang", "en")
    found = only(data, "FM008")
    assert [(p, line) for p, line, _ in found] == [("_redirects", 2)]
    # nothing says which server publishes the site: a neutral wording, and a hint to say it
    assert "duplicates the `redirect_from` of `new.md`" in found[0][2]
    assert "a host that serves existing files first, as Netlify does" in found[0][2]
    hint = findings(data, "FM008")[0]["hint"]
    assert 'host = "netlify"' in hint and "nginx never reads `_redirects`" in hint
    fr = findings(lint(root, "--select", "FM008", "--lang", "fr"), "FM008")[0]
    assert "un hébergeur qui sert d'abord les fichiers existants" in fr["message"]
    # a netlify.toml names the host: the message says what Netlify does
    (root / "netlify.toml").write_text('[build]\ncommand = "jekyll build"\n')
    data = lint(root, "--select", "FM008", "--lang", "en")
    (v,) = findings(data, "FM008")
    assert "`new.md` already redirects this address" in v["message"]
    assert "Netlify serves that redirection page first" in v["message"]
    assert v["hint"].startswith("Netlify looks for a file before reading `_redirects`")
    # so does the setting, over the files
    (root / "netlify.toml").unlink()
    (root / ".betalint.toml").write_text('host = "netlify"\n')
    (v,) = findings(lint(root, "--select", "FM008", "--lang", "en"), "FM008")
    assert "Netlify serves that redirection page first" in v["message"]
    (root / ".betalint.toml").unlink()
    # an nginx configuration among the files: nginx never reads _redirects, nothing to say
    (root / "servers.conf.erb").write_text("location / {}\n")
    assert findings(lint(root, "--select", "FM008"), "FM008") == []
    (root / "servers.conf.erb").unlink()
    # the beta.gouv.fr preset says the host is nginx, which does not read _redirects
    assert findings(lint(root, "--select", "FM008", "--preset", "beta.gouv.fr"), "FM008") == []


def test_odd_front_matter_never_crashes(make_site):
    toml = (
        '[[schemas]]\ncollection = "startups"\nschema = "s.json"\n'
        '[[references]]\ncollection = "startups"\nkey = "a.b[].c"\ntarget = "startups"\n'
    )
    odd = [
        "permalink: 12",
        "permalink: {a: 1}",
        "permalink: [/a/, /b/]",
        "layout: [a, b]",
        "title: {x: 1}",
        "redirect_from: {a: 1}",
        "redirect_from: [null, 3, /ok/]",
        "redirect_to: [null, 'https://x.org']",
        "slug: 2020",
        "date: pas une date",
        "categories: {a: b}",
        "published: 'no'",
        "a: {b: [1, {c: 2}, {c: [x]}]}",
        "phases: [1, 2, {end: 2020-01-01}]",
    ]
    files = {".betalint.toml": toml, "s.json": json.dumps(SCHEMA)}
    for i, line in enumerate(odd):
        files[f"p{i}.md"] = f"---\n{line}\n---\nx\n"
        files[f"content/_startups/s{i}.md"] = f"---\n{line}\n---\nx\n"
        files[f"content/_posts/2020-01-0{i % 9 + 1}-p{i}.md"] = f"---\n{line}\n---\nx\n"
    root = site(make_site, files)
    data = lint(root, "--select", "FM", "--lang", "en")  # asserts exit code 0 or 1
    assert data["violations"]


def test_fm009_does_not_judge_a_page_whose_front_matter_is_unreadable(make_site):
    root = make_site(
        {
            "_layouts/page.html": "<h1>{{ page.title }}</h1>{{ content }}",
            "a.md": "---\nlayout: page\ntitle: Nos startups: bilan\n---\nTexte\n",
        }
    )
    data = lint(root, "--select", "FM001,FM009")
    assert [v["rule"] for v in data["violations"]] == ["FM001"]
