"""Front matter split and decoding, as Jekyll does it, with real file lines."""

from __future__ import annotations

import pytest

from betalint.source import decode, duplicate_keys, load_source


def load(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    src, problem = load_source(data)
    assert problem is None
    return src


def test_front_matter_and_body_line():
    src = load("---\ntitle: A\nlayout: page\n---\nBody\n")
    assert src.has_front_matter
    assert src.front_matter == {"title": "A", "layout": "page"}
    assert src.body == "Body\n"
    assert src.body_line == 5
    assert src.text[src.body_offset :] == "Body\n"


def test_key_line_maps_to_file_lines():
    src = load("---\ntitle: A\nmissions:\n  - start: 2024-01-01\n    end: 2025-01-01\n---\n")
    assert src.key_line("title") == 2
    assert src.key_line("missions") == 3
    assert src.key_line("missions", 0) == 4
    assert src.key_line("missions", 0, "end") == 5
    assert src.key_line("nope") is None


def test_dates_become_iso_strings():
    src = load("---\ndate: 2024-03-05\nwhen: 2024-03-05 10:00:00\n---\n")
    assert src.front_matter["date"] == "2024-03-05"
    assert src.front_matter["when"].startswith("2024-03-05T10:00:00")


def test_empty_front_matter_is_a_page():
    src = load("---\n---\nHello\n")
    assert src.has_front_matter and src.front_matter == {}
    assert src.body_line == 3


def test_no_front_matter_is_static():
    src = load("Hello\n---\n")
    assert not src.has_front_matter and src.front_matter is None
    assert src.body == "Hello\n---\n"


@pytest.mark.parametrize(
    "text",
    ["----\ntitle: x\n---\n", "\n---\ntitle: x\n---\n", " ---\ntitle: x\n---\n"],
)
def test_not_front_matter(text):
    assert not load(text).has_front_matter


def test_trailing_space_after_fence_and_dots_close():
    src = load("--- \ntitle: x\n...\nBody\n")
    assert src.front_matter == {"title": "x"}
    assert src.body == "Body\n"


def test_crlf():
    src = load("---\r\ntitle: A\r\n---\r\nBody\r\n")
    assert src.front_matter == {"title": "A"}
    assert src.body_line == 4


def test_bom_hides_front_matter():
    src = load(b"\xef\xbb\xbf---\ntitle: A\n---\nBody\n")
    assert not src.has_front_matter
    assert src.fm_problem is not None and src.fm_problem.reason == "bom"


def test_unclosed_front_matter():
    src = load("---\ntitle: A\nBody\n")
    assert src.fm_problem.reason == "unclosed" and src.fm_problem.line == 1


def test_yaml_error_points_to_file_line():
    src = load("---\ntitle: ok\nsub: a: b\n---\n")
    p = src.fm_problem
    assert p.reason == "yaml-colon"
    assert p.line == 3 and p.column == 7


def test_yaml_tags_are_refused_not_executed():
    src = load("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n")
    assert src.fm_problem.reason == "tag"
    assert src.front_matter is None


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b", "list"), ("just text", "scalar")])
def test_front_matter_must_be_a_mapping(text, kind):
    src = load(f"---\n{text}\n---\n")
    assert src.fm_problem.reason == "not-mapping" and src.fm_problem.detail == kind


def test_alias_bomb_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    src = load("---\n" + "\n".join(lines) + "\n---\n")
    assert src.fm_problem.reason == "too-big"


def test_duplicate_keys():
    src = load("---\npermalink: /a/\ntitle: T\npermalink: /b/\n---\n")
    assert duplicate_keys(src) == [("permalink", 4, 2)]
    assert src.front_matter["permalink"] == "/b/"


def test_decoding_problems():
    assert decode(b"\xff\xfeh\x00i\x00")[2].reason == "utf16"
    text, bom, problem = decode(b"ok\nal\x00l")
    assert problem.reason == "binary" and problem.line == 2
    text, bom, problem = decode("ligne 1\nun été".encode("latin-1"))
    assert problem.reason == "encoding" and (problem.line, problem.column) == (2, 4)
    text, bom, problem = decode(b"\xef\xbb\xbfok")
    assert text == "ok" and bom and problem is None


def test_scalar_types_are_the_same_when_the_text_comes_back():
    # plain scalars' tags are remembered by their text: the second file must get the same
    # values as the first, and a quoted or longer look-alike must not take them
    import yaml

    text = (
        "---\na: 1\nb: '1'\nc: yes\nd: 2020-01-02\ne: ~\nf: 1.5\ng: \"true\"\n"
        f"h: {'1' * 70}\ni: true\nj: 0x1F\n---\n"
    )
    expected = yaml.safe_load(text.split("---")[1])
    expected["d"] = expected["d"].isoformat()
    for _ in range(2):
        src, _problem = load_source(text.encode())
        assert src.front_matter == expected
    assert [type(v) for v in src.front_matter.values()] == [type(v) for v in expected.values()]


def _first_refused_depth(leaf: str) -> int:
    from betalint.source import MAX_FRONT_MATTER_DEPTH as limit

    for levels in range(limit - 2, limit + 4):
        lines = [" " * i + f"k{i}:" for i in range(levels)]
        lines[-1] += " " + leaf
        src, _problem = load_source(("---\n" + "\n".join(lines) + "\n---\n").encode())
        if src.fm_problem is not None:
            return levels
    raise AssertionError("no depth refused")


def test_depth_limit_is_the_same_for_strings_as_for_other_values():
    # string values are taken without a call to the general builder: the limit on
    # nesting must fall at the same depth for them as for numbers, dates, lists
    depth = _first_refused_depth("texte")
    assert depth == _first_refused_depth("12") == _first_refused_depth("2020-01-02")
    assert depth == _first_refused_depth("'texte'")
    assert _first_refused_depth("[texte]") == depth - 1  # the list's item is one level down


def test_dates_seen_twice_are_the_same_and_bad_ones_still_fail():
    # timestamps are remembered by their text: a second file gets the same ISO text, and
    # a date PyYAML cannot build is refused every time (nothing remembered for it)
    text = b"---\nd: 2021-03-04 05:06:07\ne: 2021-03-04\n---\n"
    first, _ = load_source(text)
    second, _ = load_source(text)
    assert (
        first.front_matter
        == second.front_matter
        == {
            "d": "2021-03-04T05:06:07",
            "e": "2021-03-04",
        }
    )
    for _ in range(2):
        bad, _ = load_source(b"---\nd: 2021-02-30\n---\n")
        assert bad.fm_problem is not None


def test_top_level_key_lines_come_from_the_loader():
    # the file line of each top-level key, as YAML reads them: the first of a key written
    # twice, quoted keys too, nothing for nested keys or for lines inside a block scalar
    text = (
        "---\n"
        "title: a\n"
        'permalink: "/x/"\n'
        "texte: |\n"
        "  pas: une clé\n"
        "parent:\n"
        "  enfant: b\n"
        '"quoted": c\n'
        "title: d\n"
        "---\n"
    )
    src, _ = load_source(text.encode())
    assert src.fm_key_lines == {"title": 2, "permalink": 3, "texte": 4, "parent": 6, "quoted": 8}


def test_outline_front_matter_lines_when_yaml_is_refused():
    # PyYAML's own path (here an error) gives no loader lines: the outline falls back on
    # the lines that look like top-level keys
    from betalint.engine import build_document
    from betalint.site import SiteFile
    from betalint.templates import collect_outline

    src, _ = load_source(b"---\ntitle: a\nlayout: [b\nimage: c\n---\nTexte\n")
    assert src.fm_key_lines is None and src.fm_problem is not None
    doc = build_document(SiteFile("p.md", "page"), src, "page", "markdown")
    assert collect_outline(doc)["fm_lines"] == {"title": 2, "layout": 3, "image": 4}
    src, _ = load_source(b"---\ntitle: a\nlayout: b\n---\nTexte\n")
    assert src.fm_key_lines == {"title": 2, "layout": 3}  # (the loader's path)
    doc = build_document(SiteFile("p.md", "page"), src, "page", "markdown")
    assert collect_outline(doc)["fm_lines"] == {"title": 2, "layout": 3}


@pytest.mark.parametrize("odd", ["'x\u0085z'", '"x\u2028y"', "ééé ŀ 😀", "'a\u2029b'"])
def test_key_lines_count_file_lines_not_yaml_ones(odd):
    # YAML also breaks lines at NEL, U+2028 and U+2029; the file (and editors) do not
    src, _ = load_source(f"---\na: {odd}\nb: 1\nc: 2\n---\n".encode())
    assert src.fm_key_lines == {"a": 2, "b": 3, "c": 4}
    assert [src.key_line(k) for k in "abc"] == [2, 3, 4]


def test_key_lines_only_for_keys_written_at_the_start_of_a_line():
    # an anchored key, an alias key and an explicit `? key` have their marks elsewhere
    # than where the key is written: left out (a key with no line is not pointed at)
    text = "---\n&a layout: x\nb: *a\n*a : 2\n? c\n: 3\n'q': 4\n  \n---\n"
    src, _ = load_source(text.encode())
    assert src.fm_key_lines == {"b": 3, "q": 7}
    src, _ = load_source(b"---\n  a: 1\n  b: 2\n---\n")  # an indented root mapping
    assert src.fm_key_lines == {}


@pytest.mark.parametrize(
    "yaml_text",
    [
        "a: 1\nb: [x, {c: d, e: [1, 2.5, true, null]}]\n",
        "liste:\n  - nom: A\n    tags: [t1, t2]\n  - nom: B\n    sous: {x: {y: {z: w}}}\n",
        "base: &b {k: v}\nautre:\n  <<: *b\n  k2: v2\nquand: 2024-01-02\n",
        "? explicite\n: valeur\n'cité': \"double\"\n1: un\n",
    ],
)
def test_quick_loader_gives_what_pyyaml_gives(yaml_text):
    # the quick loader (libyaml, path resolvers left out: the safe schema has none) reads
    # nested documents as PyYAML's own safe loader does, dates as ISO strings
    import yaml

    from betalint.source import _SLOW, _load_fast, _plain

    fast = _load_fast(yaml_text)
    expected = _plain(yaml.safe_load(yaml_text), [10_000], 0)
    assert fast is not _SLOW and fast == expected
