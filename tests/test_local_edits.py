"""Local edits: an edit whose effect stays within the pages it touches (a sentence inserted
above their links and headings, a link changed) reuses the site memo for every other file
and runs site checks for the changed pages only — and says exactly what a run without the
cache says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from betalint import engine
from betalint.config import build_config
from conftest import DEMO, age, rewrite_aged


def run(root: Path, cache_dir: Path | None) -> engine.RunResult:
    config = build_config({}, {"lang": "fr"})
    return engine.run([root], config, cwd=root, jobs=1, cache_dir=cache_dir, summaries=False)


def said(result: engine.RunResult) -> tuple[list[dict], list[str], list[str]]:
    return [v.as_json() for v in result.violations], result.notes, result.errors


def _utf8(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return ""  # the demo's Latin-1 page: not one to edit here


def insert_after_front_matter(text: str, line: str) -> str:
    end = text.index("\n---", 3) + len("\n---\n")
    return text[:end] + line + text[end:]


LAYOUT = "<html><body><h1>{{ page.title }}</h1>{{ content }}</body></html>\n"
A = (
    "---\ntitle: A\nlayout: default\n---\n"
    "## Titre\n\nVoir [B](/b.html#section), [rien](/rien.html) et ![Logo](/x.png).\n\n"
    "#### Trop bas\n\n### Milieu\n\nAilleurs : [dynamique]({{ site.data.liens.x }}).\n"
)
B = (
    "---\ntitle: B\nlayout: default\npermalink: /b.html\n---\n"
    "## Section\n\nRetour à [A](/a.html#titre) et à [l'ancre absente](/a.html#absente).\n"
)
C = "---\ntitle: C\nlayout: default\npermalink: /b.html\n---\nUne page en double.\n"


@pytest.fixture
def site(make_site) -> Path:
    root = make_site(
        {
            "_layouts/default.html": LAYOUT,
            "a.md": A,
            "b.md": B,
            "c.md": C,
            "x.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    age(root)
    return root


@pytest.mark.parametrize(
    ("path", "edit", "memo"),
    [
        # lines moved in a page no other finding cites: its findings move along
        ("a.md", lambda t: insert_after_front_matter(t, "Une phrase.\n\n"), "moved"),
        ("a.md", lambda t: t.replace("Voir", "Une phrase.\n\nVoir"), "moved"),
        ("a.md", lambda t: t.replace("Voir [B]", "Voir   [B]"), "moved"),  # a column
        ("a.md", lambda t: t.replace("title: A\n", "title: A\n# note\n"), "moved"),
        # b.md's permalink finding is cited from c.md ("the other page, line n"): whole run
        ("b.md", lambda t: t.replace("title: B\n", "title: B\n# note\n"), False),
        # a page's links are read for its own findings only: local too
        ("a.md", lambda t: t.replace("/rien.html", "/b.html"), "local"),  # a broken link fixed
        ("a.md", lambda t: t.replace("/b.html#section", "/b.html#autre"), "local"),
        ("a.md", lambda t: insert_after_front_matter(t, "[Lien](/c.html)\n\n"), "local"),
        ("a.md", lambda t: t.replace(", [rien](/rien.html)", ""), "local"),  # one removed
        # what other pages see changed (ids, alternatives, front matter): whole run
        ("a.md", lambda t: t.replace("## Titre", "## Autre titre"), False),
        ("a.md", lambda t: t.replace("![Logo]", "![Logo bleu]"), False),
        ("b.md", lambda t: t.replace("title: B", "title: C"), False),
        # a layout's findings come from the pages using it: whole run
        ("_layouts/default.html", lambda t: "\n" + t, False),
        (
            "_layouts/default.html",
            lambda t: t.replace("</body>", '<a href="/x">x</a></body>'),
            False,
        ),
    ],
)
def test_a_moving_edit_says_what_a_run_without_cache_says(site, tmp_path, path, edit, memo):
    folder = tmp_path / "cache"
    first = run(site, folder)
    assert first.stats["memo"] is False
    assert {v.rule for v in first.violations} >= {"LNK001", "LNK002", "FM003", "HD001"}
    assert any("pas pu être vérifié" in n for n in first.notes)  # a count per file
    file = site / path
    rewrite_aged(file, edit(file.read_text(encoding="utf-8")))
    cached = run(site, folder)
    assert cached.stats["memo"] == memo
    assert said(cached) == said(run(site, None))
    # what it kept is the memo of the new contents: nothing changed, served whole
    again = run(site, folder)
    assert again.stats["memo"] is True and said(again) == said(cached)


def test_two_moves_in_a_row_each_start_from_the_memo_of_the_last(site, tmp_path):
    folder = tmp_path / "cache"
    run(site, folder)
    page = site / "a.md"
    for n in range(3):
        rewrite_aged(page, insert_after_front_matter(page.read_text(encoding="utf-8"), f"L{n}\n\n"))
        cached = run(site, folder)
        assert cached.stats["memo"] == "moved"
        assert said(cached) == said(run(site, None))


def test_every_demo_page_moved_says_what_a_fresh_run_says(tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".betalint_cache"))
    age(root)
    folder = tmp_path / "cache"
    run(root, folder)
    pages = sorted(
        p
        for p in root.rglob("*.md")
        if _utf8(p).startswith("---\n") and "\n---\n" in _utf8(p) and "_includes" not in p.parts
    )
    assert len(pages) >= 5
    local = 0
    for page in pages:
        original = page.read_text(encoding="utf-8")
        rewrite_aged(page, insert_after_front_matter(original, "Une ligne de plus.\n\n"))
        cached = run(root, folder)
        assert said(cached) == said(run(root, None)), page
        local += cached.stats["memo"] in ("local", "moved")
        rewrite_aged(page, original)
        assert said(run(root, folder)) == said(run(root, None)), page
    assert local >= 3  # the point of it: most pages' moves are local runs


@pytest.mark.corpus
def test_moves_on_the_corpus_say_what_a_fresh_run_says(corpus, tmp_path):
    from betalint.formats import get

    root = tmp_path / "corpus"  # the corpus is read-only: edits go to a copy
    shutil.copytree(corpus, root, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    age(root)
    folder = tmp_path / "cache"
    config = build_config({}, {"lang": "en"})

    def json_of(cache_dir: Path | None) -> tuple[str, engine.RunResult]:
        result = engine.run([root], config, cwd=root, jobs=2, cache_dir=cache_dir)
        return get("json")(result, cwd=root), result

    json_of(folder)
    pages = sorted((root / "content" / "_startups").glob("*.md"))
    with_links = [p for p in pages if "](" in _utf8(p).split("\n---\n", 1)[-1]][:2]
    assert len(with_links) == 2
    edits = [
        lambda t: insert_after_front_matter(t, "Une ligne ajoutée.\n\n"),
        lambda t: t.replace("\n", "\n# une note\n", 1),  # a line of front matter
    ]
    for page, edit in zip(with_links, edits, strict=True):
        rewrite_aged(page, edit(_utf8(page)))
        cached, result = json_of(folder)
        assert result.stats["memo"] == "moved", page
        assert cached == json_of(None)[0], page


SAME_PAGE = (
    "---\ntitle: D\nlayout: default\n---\n"
    "## Même\n\n![Carte des incubateurs](/x.png) et encore ![Carte des incubateurs](/y.png).\n\n"
    '<p id="double">a</p>\n\n<p id="double">b</p>\n\n#### Trop bas\n\n'
    "Voir [rien](/rien.html).\n"
)


@pytest.mark.parametrize(
    ("edit", "memo"),
    [
        (lambda t: insert_after_front_matter(t, "Une phrase.\n\n"), "moved"),
        # the line of both images split in two: the first image's line, which ALT002
        # cites, no longer goes to one line: site checks run for the page
        (lambda t: t.replace("et encore", "\n\net encore"), "local"),
        (lambda t: t.replace("## Même", "## Même\n\n## Ajouté"), False),  # a heading more
    ],
)
def test_findings_citing_a_line_of_their_own_page_move_with_it(make_site, tmp_path, edit, memo):
    root = make_site(
        {
            "_layouts/default.html": LAYOUT,
            "d.md": SAME_PAGE,
            "x.png": b"\x89PNG\r\n\x1a\n",
            "y.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    age(root)
    folder = tmp_path / "cache"
    first = run(root, folder)
    cites = [v for v in first.violations if v.rule in ("ALT002", "HD003")]
    assert {v.rule for v in cites} == {"ALT002", "HD003"}  # each names a line of d.md
    page = root / "d.md"
    rewrite_aged(page, edit(page.read_text(encoding="utf-8")))
    cached = run(root, folder)
    assert cached.stats["memo"] == memo
    assert said(cached) == said(run(root, None))


def test_positions_that_do_not_pair_are_not_moved():
    f = engine.Finding("HD003", 5, 3, {"id": "x", "first": 4}, path="d.md")
    maps = engine._position_maps([(4, 1), (5, 3)], [(6, 1), (7, 3)])
    assert maps is not None
    moved = engine._moved_finding(f, maps, "d.md", {"d.md"})
    assert moved is not None and (moved.line, moved.col, moved.args["first"]) == (7, 3, 6)
    # a position the collected data does not hold, an unknown number, a fix: not moved
    assert (
        engine._moved_finding(engine.Finding("X", 9, 1, {}, path="d.md"), maps, "d.md", set())
        is None
    )
    odd = engine.Finding("X", 5, 3, {"offset": 12}, path="d.md")
    assert engine._moved_finding(odd, maps, "d.md", set()) is None
    fixed = engine.Finding("X", 5, 3, {}, path="d.md", fix=(0, 1, "a", "b"))
    assert engine._moved_finding(fixed, maps, "d.md", set()) is None
    # a line in another edited file cannot be moved from this one's positions
    other = engine.Finding("FM003", 5, 3, {"other": "e.md", "other_line": 4}, path="d.md")
    assert engine._moved_finding(other, maps, "d.md", {"d.md", "e.md"}) is None
    assert engine._moved_finding(other, maps, "d.md", {"d.md"}).args["other_line"] == 4
    # lists that do not pair, a position going two ways
    assert engine._position_maps([(1, 1)], [(1, 1), (2, 1)]) is None
    assert engine._position_maps([(1, None)], [(1, 1)]) is None
    places, _lines = engine._position_maps([(4, 1), (4, 1)], [(5, 1), (6, 1)])
    assert (4, 1) not in places


def test_note_counts_of_moved_files_are_replaced_and_the_others_kept():
    kept = {"links-unchecked": {"a.md": 2, "b.md": 1}}
    new = {"links-unchecked": {"a.md": 3, "c.md": 9}}  # c.md not moved: not this run's to say
    assert engine._merge_counts(kept, new, {"a.md"}) == {"links-unchecked": {"a.md": 3, "b.md": 1}}
    assert engine._merge_counts(kept, {}, {"a.md", "b.md"}) == {}


def test_a_finding_cites_a_file_anywhere_in_its_args():
    assert engine._cites({"other": "b.md", "other_line": 3}, {"b.md"})
    assert engine._cites({"pages": [("x", "b.md")]}, {"b.md"})
    assert not engine._cites({"file": "b.html", "line": 3}, {"b.md"})


def test_the_hook_moves_the_findings_of_its_file_along_too(site, tmp_path):
    folder = tmp_path / "cache"
    run(site, folder)
    page = site / "a.md"
    rewrite_aged(page, insert_after_front_matter(page.read_text(encoding="utf-8"), "Hop.\n\n"))
    config = build_config({}, {"lang": "fr"})

    def hook(cache_dir):
        return engine.run([page], config, cwd=site, jobs=1, cache_dir=cache_dir, summaries=False)

    cached = hook(folder)
    assert cached.stats["memo"] == "moved"
    assert said(cached) == said(hook(None))
    assert {v.rule for v in cached.violations} >= {"LNK001", "HD001"}
    # the hook keeps no memo of its own: a whole run after it moves the findings again
    whole = run(site, folder)
    assert whole.stats["memo"] == "moved" and said(whole) == said(run(site, None))


def test_every_collector_lists_the_positions_it_leaves_out(tmp_path):
    from betalint.checks import COLLECTORS, PLACELESS, PLACES
    from conftest import JEKYLL_CONFIG, write_site

    assert set(PLACES) == set(COLLECTORS) == set(PLACELESS)
    page = (
        "---\ntitle: E\nlayout: default\nredirect_from: [/e-old/]\n---\n"
        "## Titre {#titre}\n\n![Carte](/x.png) [lien](/a.html) {% link a.md %}\n\n"
        '{% include note.html %}\n\n<p id="p">x</p> <a name="n">n</a>\n\n## {{ page.title }}\n'
    )
    files = {
        "_config.yml": JEKYLL_CONFIG,
        "_layouts/default.html": LAYOUT,
        "_includes/note.html": "<p>note</p>\n",
        "a.md": A,
        "x.png": b"\x89PNG\r\n\x1a\n",
    }

    def places(folder, text):
        site = write_site(tmp_path / folder, {**files, "e.md": text})
        result = engine.run([site], build_config({}, {}), cwd=site, jobs=1)
        [doc] = [r for r in result.documents if r.path == "e.md"]
        return {n: PLACES[n](v) for n, v in doc.collected.items() if v}, doc.collected

    before, data = places("before", page)
    after, _ = places("after", insert_after_front_matter(page, "Hop.\n\n"))
    assert set(before) == set(COLLECTORS)  # the page has data for every collector
    for name, positions in before.items():
        assert positions, name
        body = 6  # first line of the body: what follows moves down two lines
        assert after[name] == [(ln + 2 if ln >= body else ln, c) for ln, c in positions], name
        assert PLACELESS[name](data[name]) is not None
