"""Site.language_of cuts the extension as os.path.splitext does, without its cost."""

import os
from pathlib import Path

from betalint.site import HTML_EXTS, Site

NAMES = [
    "a.md",
    "A.MD",
    "x/y.markdown",
    ".md",
    "..md",
    "x/.md",
    "x/..md",
    "a..md",
    "a.md.",
    "noext",
    "x.y/z",
    "x.md/z",
    ".hidden.html",
    "a/b.HtM",
    "a.xhtml",
    "a.txt",
    "...",
    "a/b/.c.mkd",
    "é.md",
    "a.Md",
    "dir.d/file",
    "a.",
]


def _expected(site: Site, rel: str) -> str | None:
    ext = os.path.splitext(rel)[1].lower()
    if ext in HTML_EXTS:
        return "html"
    return "markdown" if ext in site.markdown_exts else None


def test_language_of_agrees_with_splitext():
    site = Site(root=Path("."), mode="jekyll", config={})
    for rel in NAMES * 2:  # (the second time from the kept answers)
        assert site.language_of(rel) == _expected(site, rel), rel


def test_language_of_follows_a_changed_markdown_ext():
    site = Site(root=Path("."), mode="jekyll", config={})
    assert site.language_of("a.txt") is None
    site.config["markdown_ext"] = "txt"
    assert site.language_of("a.txt") == "markdown"
    assert site.language_of("a.md") is None
