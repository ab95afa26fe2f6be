"""Site discovery follows Jekyll's reading rules (specs/jekyll.md §1)."""

from __future__ import annotations

from betalint.site import EntryFilter, defaults_for, discover
from conftest import lint, write_site

CONFIG = """\
include: ["_pages", ".well-known"]
exclude: ["README.md", "lib", "ci", "spec", "vendor", "*.txt", "docs/"]
collections_dir: content
collections:
  startups:
    output: true
    permalink: /startups/:title.html
  authors:
defaults:
  - scope: {path: "", type: startups}
    values: {layout: startup}
  - scope: {path: "_pages/fast"}
    values: {layout: with-sidebar}
  - scope: {path: "_pages"}
    values: {layout: page}
"""


def roles(root):
    site = discover(root)
    return {f.rel: (f.role, f.collection) for f in site.files}


def test_jekyll_mode_roles_and_filters(tmp_path):
    root = write_site(
        tmp_path,
        {
            "_config.yml": CONFIG,
            "index.md": "---\n---\n",
            "README.md": "x",
            "a/README.md": "kept: exclude is anchored at the root",
            "library.md": "prefix-excluded by lib",
            "ci-notes.md": "prefix-excluded by ci",
            "special.md": "prefix-excluded by spec",
            "vendorx/v.md": "prefix-excluded by vendor",
            "notes.txt": "glob-excluded",
            "a/b/c.txt": "glob-excluded (* crosses /)",
            "docs/d.md": "dir-excluded",
            "docs.md": "kept",
            "_pages/about.md": "---\n---\n",
            "_drafts/x.md": "---\n---\n",
            "_hidden.md": "dropped (underscore)",
            ".well-known/security.txt": "dropped: the folder is included, not the file (*.txt)",
            ".well-known/keys.json": "kept: the folder is included",
            "#foo.md": "dropped",
            "foo.md~": "dropped",
            "node_modules/x/y.md": "built-in exclude",
            "_layouts/page.html": "<main>{{ content }}</main>",
            "_includes/h.html": "<h1>x</h1>",
            "_data/d.yml": "a: 1",
            "content/_startups/s.md": "---\ntitle: S\n---\n",
            "content/_startups/sub/n.md": "---\ntitle: N\n---\n",
            "content/_startups/_draft.md": "dropped",
            "content/_authors/a.md": "---\n---\n",
            "content/_events/e.md": "not a configured collection",
            "content/docs/guide.pdf": "",
            "content/_posts/2024-01-01-p.md": "---\n---\n",
            "_posts/2024-01-01-root.md": "ignored: outside collections_dir",
        },
    )
    r = roles(root)
    assert r["index.md"] == ("page", None)
    assert r["a/README.md"] == ("page", None)
    assert r["docs.md"] == ("page", None)
    assert r["_pages/about.md"] == ("page", None)
    assert r[".well-known/keys.json"] == ("page", None)
    assert r["_layouts/page.html"] == ("layout", None)
    assert r["_includes/h.html"] == ("include", None)
    assert r["_data/d.yml"] == ("data", None)
    assert r["content/_startups/s.md"] == ("collection", "startups")
    assert r["content/_startups/sub/n.md"] == ("collection", "startups")
    assert r["content/_authors/a.md"] == ("collection", "authors")
    assert r["content/docs/guide.pdf"] == ("page", None)
    assert r["content/_posts/2024-01-01-p.md"] == ("post", "posts")
    for dropped in (
        "README.md",
        "library.md",
        "ci-notes.md",
        "special.md",
        "vendorx/v.md",
        "notes.txt",
        "a/b/c.txt",
        "docs/d.md",
        "_drafts/x.md",
        "_hidden.md",
        "#foo.md",
        "foo.md~",
        "node_modules/x/y.md",
        "content/_startups/_draft.md",
        "content/_events/e.md",
        "_posts/2024-01-01-root.md",
        ".well-known/security.txt",
    ):
        assert dropped not in r, dropped
    site = discover(root)
    s = next(f for f in site.files if f.rel == "content/_startups/s.md")
    assert s.rel_collection == "_startups/s.md"


def test_entry_filter_details():
    f = EntryFilter(["_pages"], ["README.md", "lib", "Procfile"])
    assert f.keep("_pages", "_pages")
    assert f.keep("x/_pages", "_pages")  # include matches the bare name at any depth
    assert not f.keep("Procfile.heroku", "Procfile.heroku")
    assert f.keep("a/README.md", "README.md")
    assert not f.keep("a/.hidden", ".hidden")
    assert not f.keep("x.", "x.")


def test_defaults_precedence():
    config = {
        "defaults": [
            {"scope": {"path": ""}, "values": {"layout": "a", "x": 1}},
            {"scope": {"path": "_pages"}, "values": {"layout": "b"}},
            {"scope": {"path": "_pages", "type": "pages"}, "values": {"layout": "c"}},
            {"scope": {"path": "_pages/fast"}, "values": {"layout": "d"}},
            {"scope": {"path": "content/_startups", "type": "startups"}, "values": {"layout": "s"}},
        ],
        "collections_dir": "content",
    }
    assert defaults_for(config, "index.md", "pages") == {"layout": "a", "x": 1}
    assert defaults_for(config, "_pages/x.md", "pages")["layout"] == "c"
    assert defaults_for(config, "_pages/x.md", "posts")["layout"] == "b"
    assert defaults_for(config, "_pages/fast/y.md", "pages")["layout"] == "d"
    assert defaults_for(config, "_startups/z.md", "startups")["layout"] == "s"


def test_plain_mode(tmp_path):
    root = write_site(
        tmp_path,
        {
            "index.html": "<h1>x</h1>",
            "sub/page.md": "# t\n",
            ".git/x.md": "skipped",
            "node_modules/a.html": "skipped",
            "img/a.png": "",
        },
    )
    site = discover(root)
    assert site.mode == "plain"
    assert sorted(f.rel for f in site.files) == ["img/a.png", "index.html", "sub/page.md"]
    data = lint(root)
    assert data["files_checked"] == 2


def test_explicit_files_are_linted_in_site_context_and_only_they_are_reported(tmp_path):
    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: x\n",
            "a.md": "---\ntitle: [\n---\n",
            "b.md": "---\ntitle: [\n---\n",
            "sub/c.md": "---\ntitle: [\n---\n",
        },
    )
    data = lint(root / "a.md", cwd=root)
    assert [v["path"] for v in data["violations"]] == ["a.md"]
    assert data["files_checked"] == 1
    data = lint(root / "sub", cwd=root)
    assert [v["path"] for v in data["violations"]] == ["sub/c.md"]
    data = lint(root, cwd=root)
    assert sorted(v["path"] for v in data["violations"]) == ["a.md", "b.md", "sub/c.md"]
    assert data["files_checked"] == 3
