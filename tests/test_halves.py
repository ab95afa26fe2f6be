"""Site halves as the cache stores them (betalint.halves): what a lazy mapping gives is
what the eager decoding gives, and it unpickles only what is read."""

from __future__ import annotations

from betalint import halves

SUMMARY = {
    "path": "a.md",
    "kind": "page",
    "front_matter": {"title": "A", "permalink": "/a/:year/"},
    "fm_problem": None,
}
COLLECTED = {"links": [("a", 1, 2)], "anchors": {"ids": []}}


def test_eager_and_lazy_decoding_give_the_same_values():
    s = halves.encode_summary(SUMMARY)
    c = halves.encode_collected(COLLECTED)
    assert halves.decode_summary(s, lazy=False) == SUMMARY
    assert list(halves.decode_summary(s, lazy=False)) == list(SUMMARY)  # key order kept
    lazy = halves.decode_summary(s, lazy=True)
    assert isinstance(lazy, halves.LazySummary)
    assert dict(lazy) == SUMMARY and lazy.get("nothing", 3) == 3
    assert halves.decode_collected(c, lazy=False) == COLLECTED
    assert dict(halves.decode_collected(c, lazy=True)) == COLLECTED


def test_a_lazy_summary_reads_its_front_matter_only_when_asked():
    lazy = halves.decode_summary(halves.encode_summary(SUMMARY), lazy=True)
    assert lazy["kind"] == "page" and "front_matter" in lazy
    assert lazy._fm is not None  # not unpickled yet
    assert halves.permalink_of(lazy) == "/a/:year/" and lazy._fm is not None
    assert lazy["front_matter"]["title"] == "A" and lazy._fm is None
    assert halves.permalink_of(lazy) == "/a/:year/"
    assert halves.permalink_of({"front_matter": {"permalink": 3}}) is None


def test_a_column_reads_one_file_at_a_time():
    blobs = {p: halves.decode_collected(halves.encode_collected(COLLECTED), True) for p in "xy"}
    blobs["z"] = halves.decode_collected(halves.encode_collected({"anchors": {}}), True)
    links = halves.column("links", blobs)
    assert sorted(links) == ["x", "y"] and "z" not in links and len(links) == 2
    assert links["x"] == [("a", 1, 2)]
    assert "links" in blobs["x"]._values and "links" not in blobs["y"]._values


def test_a_summary_without_front_matter():
    s = {"path": "b.txt", "kind": "static"}
    blob = halves.encode_summary(s)
    assert halves.decode_summary(blob, lazy=True) == s == halves.decode_summary(blob, lazy=False)
