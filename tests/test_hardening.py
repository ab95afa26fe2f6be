"""Unit tests for the hardening of the foundation modules (issue 9): each pins one limit or
one fix of a pathological case found by the hostile corpus or the fuzzer.

Timing assertions use bounds tens of times above the measured time of the fixed code and
far below the time of the quadratic (or exponential) code they replace, so they hold on a
loaded CI machine and still fail if the slow path comes back.
"""

from __future__ import annotations

import time

import pytest

from betalint.liquid import OUTPUT, TAG, mask
from conftest import lint


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


# --- liquid.py ----------------------------------------------------------------------------


def test_mask_many_unterminated_outputs_is_linear():
    text = "{{ oups\n" * 100_000  # 800 kB: each opener used to search the rest of the file
    m, seconds = _timed(mask, text)
    assert len(m.text) == len(text)
    assert len(m.unterminated) == 100_000
    assert seconds < 5


def test_mask_many_tags_on_one_line_is_linear():
    text = "x {% if a %}y{% endif %}" * 50_000  # a minified one-line layout
    m, seconds = _timed(mask, text)
    assert len(m.text) == len(text) and TAG in m.text
    assert seconds < 5


def test_mask_tag_alone_on_a_crlf_line_is_blanked():
    m = mask("a\r\n{% if x %}\r\nb {{ y }}\r\n")
    assert m.text == "a\r\n" + " " * 10 + "\r\nb " + OUTPUT * 7 + "\r\n"


# --- markdown.py --------------------------------------------------------------------------


def parse(text: str, path: str = "page.md"):
    """Parse a page as the engine does (front matter, Liquid masking, Markdown or HTML)."""
    from betalint.engine import build_document
    from betalint.site import SiteFile
    from betalint.source import load_source

    src, problem = load_source(text.encode("utf-8"))
    assert problem is None
    lang = "html" if path.endswith(".html") else "markdown"
    return build_document(SiteFile(path, "page"), src, "page", lang)


FM = "---\ntitle: t\n---\n"


def test_unclosed_block_tag_with_many_attributes_is_not_exponential():
    doc, seconds = _timed(parse, FM + "<div" + ' a="x"' * 40 + "\n\nTexte.\n")
    assert seconds < 2  # the old single regex needed ~2**40 steps
    assert [e.tag for e in doc.elements] == ["p", "p"]


def test_many_unclosed_quotes_in_block_tags_are_linear():
    doc, seconds = _timed(parse, FM + "<div a='x\n" * 20_000)
    assert seconds < 10  # each tag used to search the rest of the file for its quote
    assert doc.elements


def test_block_tag_with_quoted_values_still_opens_a_raw_block():
    doc = parse(FM + "<div class=\"a\" data-x='b > c'>\n*pas du Markdown*\n</div>\n")
    assert [(e.tag, e.attrs) for e in doc.elements] == [("div", {"class": "a", "data-x": "b > c"})]


def test_many_unclosed_kramdown_comments_are_linear():
    doc, seconds = _timed(parse, FM + "{::comment}\n" * 40_000)
    assert seconds < 5
    assert doc.elements == []


def test_extensions_inside_an_unclosed_comment_are_comment_text():
    doc = parse(FM + '{::comment}\n{::options auto_ids="false" /}\nTexte.\n')
    assert doc.options == {}
    assert doc.elements == []


def test_many_block_ials_are_linear():
    doc, seconds = _timed(parse, FM + "Para.\n{: .a}\n\n" * 10_000)
    assert seconds < 10  # each IAL used to count lines from the top and scan every block
    assert len(doc.elements) == 10_000
    assert all(e.attrs == {"class": "a"} for e in doc.elements)


def test_heading_with_a_long_run_of_blanks_is_linear():
    doc, seconds = _timed(parse, FM + "# a" + " " * 200_000 + "b {#ancre}\n")
    assert seconds < 5
    assert doc.elements[0].attrs == {"id": "ancre"}


# --- htmlparse.py -------------------------------------------------------------------------


def test_html_unclosed_constructs_are_linear():
    for unit in ("<a \n", "<a b='\n", "<!--\n", "</x\n", "<![CDATA[ >\n", "<![if >\n"):
        _doc, seconds = _timed(parse, FM + unit * 20_000, "page.html")
        assert seconds < 10, unit  # html.parser's close() rescanned the rest per construct


def test_html_marked_sections_html_parser_rejects_do_not_crash():
    doc = parse(FM + '<p>a <![ x> b <![foo[ c ]]> <img src="i.png"></p>\n', "page.html")
    assert [e.tag for e in doc.elements] == ["p", "img"]
    assert doc.text_of(doc.elements[0]) == "a b"


def test_html_comment_never_closed_runs_to_the_end():
    doc = parse(FM + '<p>a</p>\n<!-- oubli\n<img src="i.png">\n', "page.html")
    assert [e.tag for e in doc.elements] == ["p"]  # as in browsers


def test_html_tag_with_unclosed_quote_becomes_text_up_to_the_next_gt():
    doc = parse(FM + '<p>a <b class="x\n<i>c</i> <em>d</em></p>\n', "page.html")
    # html.parser's recovery, kept: the broken tag is text up to the next `>`, then parsing
    # goes on.
    assert [e.tag for e in doc.elements] == ["p", "em"]
    assert doc.text_of(doc.elements[0]) == 'a <b class="x <i>c d'


# --- elements.py --------------------------------------------------------------------------


def _deep_document(depth: int):
    """A Document whose elements nest `depth` levels, built directly (the parsers cap
    nesting at htmlparse.MAX_DEPTH, but checks may meet any tree)."""
    from betalint.elements import Builder, Document

    b = Builder()
    for i in range(depth):
        b.start("span" if i % 3 else "p", {}, 1, 1, "md", void=False)
        b.text(f"t{i}")
    b.start("img", {"alt": "fond"}, 1, 1, "md")
    b.start("script", {}, 1, 1, "md", void=False)
    b.text("caché")
    doc = Document("x.md", "page", "markdown", "", "", None, 0)
    doc.elements, doc.top = b.elements, b.top
    return doc


def test_tree_walks_survive_trees_deeper_than_the_recursion_limit():
    import sys

    depth = sys.getrecursionlimit() * 3
    doc = _deep_document(depth)
    root = doc.elements[0]
    assert [e.index for e in doc.descendants(root)] == list(range(1, depth + 2))
    text = doc.text_of(root, alt=True)
    assert text.startswith("t0t1t2 t3t4t5 t6") and text.endswith(f"t{depth - 1} fond")
    assert "caché" not in text and "fond" not in doc.text_of(root)


def test_text_of_keeps_document_order_and_separators():
    doc = parse(FM + '<div>a<p>b<img src="i" alt="c">d</p><ul><li>e</li><li>f</li></ul>g</div>\n')
    div = doc.elements[0]
    assert doc.text_of(div) == "a bd e fg"
    assert doc.text_of(div, alt=True) == "a b c d e fg"
    assert [e.tag for e in doc.descendants(div)] == ["p", "img", "ul", "li", "li"]


# --- source.py ----------------------------------------------------------------------------


def test_lone_cr_line_ends_count_as_lines():
    from betalint.source import load_source

    src, _ = load_source(b"---\ntitle: A\rtitle: B\n---\nun\rdeux\r\ntrois\n")
    assert src.text == "---\ntitle: A\ntitle: B\n---\nun\ndeux\r\ntrois\n"
    assert src.front_matter == {"title": "B"} and src.body_line == 5
    doc = parse("---\ntitle: t\n---\n# Un\r## Deux\r\rTexte [lien](/x).\r")
    assert [(e.tag, e.line, e.col) for e in doc.elements] == [
        ("h1", 4, 1),
        ("h2", 5, 1),
        ("p", 7, 1),
        ("a", 7, 7),
    ]


def test_front_matter_fenced_with_lone_cr_is_hidden_from_jekyll(make_site):
    from betalint.source import load_source
    from conftest import findings, lint

    src, _ = load_source(b"---\rtitle: Mac\r---\rTexte.\r")
    assert not src.has_front_matter and src.fm_problem.reason == "cr"
    src, _ = load_source(b"---\r\r\ntitle: ok\r\n---\r\n")  # Jekyll's `---\\s*\\n` matches
    assert src.front_matter == {"title": "ok"} and src.fm_problem is None
    root = make_site({"mac.md": b"---\rtitle: Mac\r---\rTexte.\r"})
    [f] = findings(lint(root), "FM001")
    assert (f["path"].endswith("mac.md"), f["line"], f["column"]) == (True, 1, 1)
    assert "CR" in f["message"]


def test_nul_byte_far_from_the_start_is_reported_on_its_line():
    from betalint.source import load_source

    data = b"---\ntitle: t\n---\n" + b"Texte.\n" * 2000 + b"Un octet nul : \x00.\n"
    src, problem = load_source(data)
    assert src is None and (problem.reason, problem.line) == ("binary", 2004)


def test_yaml_positions_ignore_yaml_only_line_breaks():
    from betalint.source import load_source

    # NEL and U+2028 end lines for YAML, not for the file: positions come from the index.
    src, _ = load_source("---\na: b\x85c\u2028d: e: f\n---\n".encode())
    assert (src.fm_problem.line, src.fm_problem.column) == (2, 8)  # at `d`, where YAML stops
    src, _ = load_source("---\na: \u2028 1\nb: 2\n---\n".encode())
    assert src.key_line("b") == 3


BOMB = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def test_front_matter_values_yaml_constructors_reject_are_fm001():
    from betalint.source import load_source

    for fm, reason in (
        ('d: !!timestamp "x"', "yaml"),  # AttributeError inside PyYAML
        ("d: 2020-13-45", "yaml"),  # ValueError
        ("a: &x [*x]", "too-big"),  # a list that contains itself
        (BOMB, "too-big"),
    ):
        src, _ = load_source(f"---\n{fm}\n---\nTexte.\n".encode())
        assert src.fm_problem.reason == reason, fm
        assert src.front_matter is None


def test_config_alias_bomb_is_a_configuration_error(make_site):
    from conftest import run_cli

    for config, what in (
        (BOMB + "\ntitle: x\n", "expands to more than 100000 values"),
        ("title: &t [*t]\n", "expands to more than"),
        ("defaults: &d\n  - scope: {path: ''}\n    values: {x: *d}\n", "expands to more than"),
        ("since: 2020-13-45\n", "month must be in 1..12"),
    ):
        root = make_site({"_config.yml": config, "page.md": "---\ntitle: t\n---\n"})
        started = time.perf_counter()
        code, out, err = run_cli(["check", str(root), "--jobs", "1"])
        assert time.perf_counter() - started < 10
        assert code == 2 and out == "", config
        assert "_config.yml: cannot be used:" in err and what in err
        assert "Traceback" not in err


# --- engine.py ----------------------------------------------------------------------------


def _pages(n: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    files = {f"p{i:03d}.md": f"---\ntitle: P{i}\n---\nTexte {i}.\n" for i in range(n)}
    files.update(extra or {})
    return files


def _failing_check(monkeypatch, seen: list[str] | None = None, action=None):
    """Register a document check under BL002 (an engine rule with no check function) that
    records what it sees and misbehaves on `p001.md`."""
    from betalint.checks import DOCUMENT_CHECKS

    def check(doc, ctx):
        if seen is not None:
            seen.append(doc.path)
        if doc.path == "p001.md":
            (action or (lambda: 1 / 0))()
        return iter(())

    monkeypatch.setitem(DOCUMENT_CHECKS, "BL002", check)


def test_internal_error_in_one_rule_on_one_file_is_reported_and_the_run_goes_on(
    make_site, monkeypatch
):
    import json

    from conftest import run_cli

    seen: list[str] = []
    _failing_check(monkeypatch, seen)
    root = make_site(_pages(5))
    code, out, err = run_cli(["check", str(root), "--format", "json", "--jobs", "1"])
    data = json.loads(out)
    assert code == 2  # internal error, even with no finding
    assert data["files_checked"] == 5 and sorted(seen) == [f"p{i:03d}.md" for i in range(5)]
    [error] = data["errors"]
    assert error == "p001.md: internal error in BL002: ZeroDivisionError: division by zero"
    assert err.strip() == f"betalint: {error}"
    code, out, _ = run_cli(["check", str(root), "--jobs", "1", "--debug"])
    assert code == 2
    assert "internal error in BL002" in out and "Traceback (most recent call last)" in out
    assert "1 / 0" in out  # the traceback shows the failing line


def test_internal_error_in_a_worker_process_is_reported_and_the_run_goes_on(make_site, monkeypatch):
    from conftest import run_cli

    _failing_check(monkeypatch)
    root = make_site(_pages(70))  # 64 files or more: linted by worker processes
    code, out, _ = run_cli(["check", str(root), "--format", "json", "--jobs", "2"])
    import json

    data = json.loads(out)
    assert code == 2 and data["files_checked"] == 70
    assert data["errors"] == [
        "p001.md: internal error in BL002: ZeroDivisionError: division by zero"
    ]


def test_failure_outside_the_checks_stays_with_its_file(make_site, monkeypatch):
    import json

    from betalint import engine
    from conftest import run_cli

    real = engine.load_source

    def flaky(data: bytes):
        if b"title: P1\n" in data:
            raise MemoryError("simulated")
        return real(data)

    monkeypatch.setattr(engine, "load_source", flaky)
    root = make_site(_pages(3))
    code, out, _ = run_cli(["check", str(root), "--format", "json", "--jobs", "1"])
    data = json.loads(out)
    assert code == 2 and data["files_checked"] == 2
    assert data["errors"] == ["p001.md: internal error in lint: MemoryError: simulated"]


def test_file_taking_longer_than_max_file_seconds_is_abandoned(make_site, monkeypatch):
    import json

    from conftest import run_cli

    seen: list[str] = []
    _failing_check(monkeypatch, seen, action=lambda: time.sleep(30))
    root = make_site(_pages(3, {".betalint.toml": "max-file-seconds = 0.5\n"}))
    started = time.perf_counter()
    code, out, _ = run_cli(["check", str(root), "--format", "json", "--jobs", "1"])
    assert time.perf_counter() - started < 10
    data = json.loads(out)
    assert code == 1 and "errors" not in data and len(seen) == 3
    [v] = data["violations"]
    assert (v["rule"], v["path"].rsplit("/", 1)[-1], v["line"]) == ("BL001", "p001.md", 1)
    assert "0.5 s (`max-file-seconds`)" in v["message"]
    assert data["files_checked"] == 2


def test_max_file_size_is_configurable(make_site):
    from conftest import findings, lint

    big = "---\ntitle: Gros\n---\n" + "Texte.\n" * 300
    root = make_site({"big.md": big, "small.md": "---\ntitle: Petit\n---\nTexte.\n"})
    assert findings(lint(root), "BL001") == []
    (root / ".betalint.toml").write_text("max-file-size = 1000\n")
    data = lint(root)
    [v] = findings(data, "BL001")
    assert v["path"].endswith("big.md") and (v["line"], v["column"]) == (1, 1)
    assert f"fait {len(big)} octets, plus que la limite de 1000" in v["message"]  # lang: fr
    assert data["files_checked"] == 1


def test_files_bl001_could_not_read_are_not_read_to_show_a_line(make_site, tmp_path):
    import os

    from conftest import run_cli

    secret = tmp_path / "secret.md"
    secret.write_text("SECRET-LINE\n")
    root = make_site({"page.md": "---\ntitle: t\n---\n", "bad.md": b"ok\nUn \xe9t\xe9.\n"})
    os.symlink(secret, root / "outside.md")
    (root / "binary.md").write_bytes(b"a\x00\x1b[31mrouge\n")
    code, out, _ = run_cli(["check", str(root), "--jobs", "1"])
    assert code == 1
    assert "SECRET" not in out  # the symlink out of the site is reported, never read
    assert "rouge" not in out  # nor is the binary file
    assert "| Un \ufffdt\ufffd." in out  # an encoding error still shows its line


def test_text_output_shows_control_characters_as_symbols(make_site):
    from conftest import run_cli

    root = make_site(
        {
            "a\nb.md": "---\ntitle: x\ntitle: y\n---\n",
            "esc.md": "---\ntitle: x\n---\n\x1b[2J<!-- betalint-disable-next-line FM001 -->\n",
            "bidi.md": "---\ntitle: x\ntitle: \u202eevil\n---\n",
        }
    )
    for fmt in ("text", "concise"):
        code, out, _ = run_cli(["check", str(root), "--jobs", "1", "--format", fmt])
        assert code == 0  # warnings only
        assert "\x1b" not in out and "\u202e" not in out
        assert "a\u240ab.md:3:1: FM001" in out
    code, out, _ = run_cli(["check", str(root), "--jobs", "1"])
    assert "4 | \u241b[2J<!-- betalint-disable-next-line FM001 -->\n  |     ^ BL002\n" in out
    assert "3 | title: \ufffdevil\n" in out


def test_control_character_in_front_matter_is_reported_where_it_is():
    from betalint.source import load_source

    src, _ = load_source("---\ntitle: été\nb: x\x07y\n---\n".encode())
    p = src.fm_problem
    assert (p.reason, p.line, p.column) == ("yaml", 3, 5)
    assert p.detail == "#x0007: control characters are not allowed"


# --- site.py ------------------------------------------------------------------------------


def test_config_symlinked_from_outside_the_site_is_not_read(tmp_path):
    import os

    from conftest import run_cli

    outside = tmp_path / "shared.yml"
    outside.write_text("title: dehors\n")
    root = tmp_path / "site"
    root.mkdir()
    (root / "page.md").write_text("---\ntitle: t\n---\n")
    os.symlink(outside, root / "_config.yml")
    code, out, err = run_cli(["check", str(root), "--jobs", "1"])
    assert code == 2 and out == ""
    assert "_config.yml: symbolic link to a file outside the site, not followed" in err
    os.remove(root / "_config.yml")
    (root / "real.yml").write_text("title: dedans\n")
    os.symlink("real.yml", root / "_config.yml")  # inside the site: fine
    code, _, _ = run_cli(["check", str(root), "--jobs", "1"])
    assert code == 0


def test_file_name_that_is_not_utf8_does_not_break_the_output(make_site, tmp_path):
    import json
    import os

    from conftest import run_cli

    root = make_site({"page.md": "---\ntitle: t\n---\n"})
    with open(os.path.join(os.fsencode(root), b"caf\xe9.md"), "wb") as fh:  # a Latin-1 name
        fh.write(b"---\ntitle: a\ntitle: b\n---\n")
    report = tmp_path / "report.json"
    code, _out, err = run_cli(
        ["check", str(root), "--format", "json", "--jobs", "1", "-o", str(report)]
    )
    assert code == 0 and err == ""
    [v] = json.loads(report.read_text(encoding="utf-8"))["violations"]
    assert v["path"].endswith("caf\ufffd.md") and v["line"] == 3


def test_refused_yaml_tag_is_named_as_written():
    from betalint.source import load_source

    src, _ = load_source(b'---\ntitle: !!python/object/apply:os.system ["id"]\n---\n')
    p = src.fm_problem
    assert (p.reason, p.line, p.column, p.detail) == (
        "tag",
        2,
        8,
        "!!python/object/apply:os.system",
    )


def test_worker_process_that_dies_loses_only_its_file(make_site, monkeypatch):
    import json
    import os
    import signal

    from conftest import run_cli

    def give_up(signum, frame):
        raise TimeoutError("the run hung")

    _failing_check(monkeypatch, action=lambda: os._exit(9))  # a crash in C code, say
    root = make_site(_pages(70))
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(120)  # a multiprocessing.Pool used to wait for the dead worker forever
    try:
        code, out, _ = run_cli(["check", str(root), "--format", "json", "--jobs", "2"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    data = json.loads(out)
    assert code == 2 and data["files_checked"] == 69
    assert data["errors"] == [
        "p001.md: internal error in lint: the process linting this file died "
        "(out of memory, or a crash in a parser)"
    ]


def test_fuzzer_case_heading_after_lone_crs_parses():
    # Found by fuzz/fuzz_check.py on the code before lone CRs became LF: markdown-it
    # counted CR-only lines, betalint did not, and the heading's line was past the end.
    text = (
        b"---\r\ntitlec\n-\r-i-\r\n\re: el\nTD" + b"r" * 100 + b"ux points:! icioption\n"
        b"nclusxte.\r#\n"
    ).decode()
    doc = parse(text)
    # a lone `#` is a paragraph in kramdown (no heading without text); it sits on line 9
    assert [(e.tag, e.line) for e in doc.elements][-1] == ("p", 9)


def test_fuzzer_case_code_fence_followed_by_blanks_parses():
    # Found by fuzz/fuzz_check.py (with fuzz/betalint.dict): a fence opened by "``` " (a
    # trailing space, common in real pages) made the whole file an internal error.
    for fence in ("``` ", "~~~ ", "```\t", "``` \u00a0"):
        doc = parse(FM + fence + "\ncode\n" + fence.strip() + "\n\n```python \nx\n```\n")
        assert [(e.tag, e.attrs) for e in doc.elements] == [
            ("pre", {}),
            ("code", {}),
            ("pre", {}),
            ("code", {"class": "language-python"}),
        ]


def test_a_site_url_the_url_parser_refuses_is_a_note_not_an_internal_error(make_site):
    """Found by the fuzzer: ``url: https://x![y`` (an unclosed IPv6 bracket) made every
    link rule an internal error (exit 2). The links are still checked; the note says why
    full-address self-links are not recognised."""
    root = make_site(
        {
            "_config.yml": "title: Site\nurl: https://hostil![e.example\nlang: en\n",
            "index.md": "---\ntitle: Accueil\n---\n[Absente](/absente/)\n",
        }
    )
    data = lint(root)
    assert data["exit_code"] == 1
    assert [v["rule"] for v in data["violations"]] == ["LNK001"]
    assert any("`https://hostil![e.example`" in n for n in data["notes"])


def test_time_limit_in_a_batch_sets_only_the_timer_and_restores_the_handler():
    import signal

    from betalint import engine

    if not hasattr(signal, "setitimer"):
        pytest.skip("no real-time alarm on this system")
    before = signal.getsignal(signal.SIGALRM)
    with engine._alarm_for_batch():
        assert signal.getsignal(signal.SIGALRM) is engine._raise_timeout
        with engine._TimeLimit(5):
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
        with pytest.raises(engine.FileTimeout), engine._TimeLimit(0.05):
            time.sleep(2)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    with pytest.raises(engine.FileTimeout), engine._TimeLimit(0.05):  # outside a batch too
        time.sleep(2)
    assert signal.getsignal(signal.SIGALRM) is before


def test_file_read_whole_whatever_its_size_said(tmp_path, monkeypatch):
    # a file read in several pieces, or longer than its size said (it grew), is read to
    # its end; an empty one gives nothing
    import os

    from betalint import engine

    path = tmp_path / "f.md"
    path.write_bytes(b"a" * 100_000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert engine._read_all(fd, 10) == b"a" * 100_000  # grown since its stat
    finally:
        os.close(fd)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 7)))  # short reads
    fd = os.open(path, os.O_RDONLY)
    try:
        assert engine._read_all(fd, 100_000) == b"a" * 100_000
    finally:
        os.close(fd)
    monkeypatch.undo()
    empty = tmp_path / "e.md"
    empty.write_bytes(b"")
    fd = os.open(empty, os.O_RDONLY)
    try:
        assert engine._read_all(fd, 0) == b""
    finally:
        os.close(fd)


def test_a_file_too_large_is_said_so_even_when_it_cannot_be_opened(make_site, monkeypatch):
    # the size is known without opening the file: "too large" before "cannot be read",
    # and a small file that cannot be opened is "cannot be read"
    import os

    from conftest import findings

    big = "---\ntitle: Gros\n---\n" + "Texte.\n" * 300
    root = make_site({"big.md": big, "small.md": "---\ntitle: Petit\n---\nTexte.\n"})
    (root / ".betalint.toml").write_text("max-file-size = 1000\n")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    data = lint(root, "--lang", "en")
    by_file = {v["path"].rsplit("/", 1)[-1]: v["message"] for v in findings(data, "BL001")}
    assert "more than the limit of 1000" in by_file["big.md"]
    assert "Permission denied" in by_file["small.md"]
