"""Front-matter ``defaults`` as Jekyll's FrontmatterDefaults applies them (specs §1.5)."""

from __future__ import annotations

from betalint.site import defaults_for


def cfg(*sets, collections_dir=""):
    return {"defaults": list(sets), "collections_dir": collections_dir}


def test_path_is_a_string_prefix_and_type_must_match():
    c = cfg({"scope": {"path": "img"}, "values": {"a": 1}})
    assert defaults_for(c, "img/x.png", "") == {"a": 1}
    assert defaults_for(c, "img2/x.png", "") == {"a": 1}  # a prefix, not a folder
    assert defaults_for(c, "docs/x.md", "pages") == {}
    c = cfg({"scope": {"path": "", "type": "startups"}, "values": {"layout": "startup"}})
    assert defaults_for(c, "_startups/a.md", "startups") == {"layout": "startup"}
    assert defaults_for(c, "_pages/a.md", "pages") == {}
    # scopes with a type never reach static files outside collections
    assert defaults_for(c, "img/a.png", "") == {}


def test_deprecated_type_names_and_leading_slash():
    c = cfg({"scope": {"path": "/docs", "type": "page"}, "values": {"a": 1}})
    assert defaults_for(c, "docs/x.md", "pages") == {"a": 1}


def test_collections_dir_is_stripped_from_scope_paths():
    c = cfg({"scope": {"path": "content/_startups"}, "values": {"a": 1}}, collections_dir="content")
    assert defaults_for(c, "_startups/x.md", "startups") == {"a": 1}


def test_longer_scope_wins_then_typed_scope():
    c = cfg(
        {"scope": {"path": "docs/sub"}, "values": {"k": "long"}},
        {"scope": {"path": "docs"}, "values": {"k": "short", "other": 1}},
    )
    assert defaults_for(c, "docs/sub/x.md", "pages") == {"k": "long", "other": 1}
    c = cfg(
        {"scope": {"path": "docs", "type": "pages"}, "values": {"k": "typed"}},
        {"scope": {"path": "docs"}, "values": {"k": "untyped"}},
    )
    assert defaults_for(c, "docs/x.md", "pages") == {"k": "typed"}


def test_precedence_depends_on_order_like_jekyll():
    # Jekyll merges a losing set *under* everything gathered so far, so a set that loses
    # to the current winner also loses to earlier losers: A(5) > B(3) > D(4) here.
    c = cfg(
        {"scope": {"path": "aaaaa"}, "values": {"x": "A"}},
        {"scope": {"path": "aaa"}, "values": {"x": "B", "y": "B"}},
        {"scope": {"path": "aaaa"}, "values": {"x": "D", "y": "D", "z": "D"}},
    )
    assert defaults_for(c, "aaaaa/p.md", "pages") == {"x": "A", "y": "B", "z": "D"}


def test_glob_scopes_are_expanded_in_the_tree(tmp_path):
    (tmp_path / "sections" / "a").mkdir(parents=True)
    (tmp_path / "sections" / "a" / "p.md").write_text("x")
    (tmp_path / "sections" / "b.md").write_text("x")
    c = cfg({"scope": {"path": "sections/*"}, "values": {"g": 1}})
    assert defaults_for(c, "sections/a/p.md", "pages", tmp_path) == {"g": 1}
    assert defaults_for(c, "sections/b.md", "pages", tmp_path) == {"g": 1}
    assert defaults_for(c, "other/b.md", "pages", tmp_path) == {}


def test_invalid_sets_are_ignored():
    c = cfg({"scope": {"path": ""}}, "junk", {"values": {"v": 1}})
    assert defaults_for(c, "x.md", "pages") == {"v": 1}
    assert defaults_for({"defaults": "nope"}, "x.md", "pages") == {}
