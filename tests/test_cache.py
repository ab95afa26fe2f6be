"""The cache (betalint.cache): a run served from it says exactly what a run without it says,
reuses only what is still true, and never trusts what it did not write itself."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from betalint import cache as cache_mod
from betalint import engine
from betalint.config import build_config
from conftest import DEMO, age, rewrite_aged, run_cli

PIN_111 = json.dumps({"dependencies": {"@gouvfr/dsfr": "1.11.0"}})
PIN_115 = json.dumps({"dependencies": {"@gouvfr/dsfr": "1.15.3"}})


def check(root: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    return run_cli(["check", str(root), "--format", "json", *args], cwd=cwd or root)


def run(root: Path, cache_dir: Path | None, *paths: Path, **settings) -> engine.RunResult:
    config = build_config({}, {"lang": "en", **settings})
    return engine.run(
        list(paths) or [root], config, cwd=root, jobs=1, cache_dir=cache_dir, summaries=False
    )


def packs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pack")) if folder.is_dir() else []


@pytest.fixture
def demo(tmp_path) -> Path:
    site = tmp_path / "demo-site"
    shutil.copytree(DEMO, site, ignore=shutil.ignore_patterns(".betalint_cache"))
    age(site)
    return site


# --- same output ----------------------------------------------------------------------


def test_cached_runs_say_what_uncached_runs_say_on_the_demo_site(demo, tmp_path, monkeypatch):
    cold = check(demo, "--no-cache")
    assert cold[0] == 1
    first = check(demo)  # fills .betalint_cache
    assert (demo / ".betalint_cache").is_dir() and packs(demo / ".betalint_cache")
    second = check(demo)  # every file and the site findings from the cache
    assert cold == first == second
    # worker processes: the same again, through the pool's pickles
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    assert check(demo, "--no-cache", "--jobs", "2") == cold
    shutil.rmtree(demo / ".betalint_cache")
    assert check(demo, "--jobs", "2") == cold
    assert check(demo, "--jobs", "2") == cold
    # and in the other formats that show more (source lines, fingerprints)
    for fmt in ("sarif", "text"):
        plain = run_cli(["check", str(demo), "--format", fmt, "--no-cache"], cwd=demo)
        cached = run_cli(["check", str(demo), "--format", fmt], cwd=demo)
        assert plain == cached


def test_jobs_1_and_jobs_2_give_the_same_json_on_the_demo_site(demo, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)  # the demo site is small: use workers anyway
    serial = check(demo, "--no-cache", "--jobs", "1")
    parallel = check(demo, "--no-cache", "--jobs", "2")
    assert serial == parallel and serial[0] == 1


def test_inline_suppressions_are_judged_afresh_on_cached_results(make_site):
    # BL002 depends on which suppressions were used: the cache must keep them unused
    root = make_site(
        {
            "a.md": "---\ntitle: a\n---\n<!-- betalint-disable-next-line ALT001 -->\n"
            '<img src="/x.png">\n<!-- betalint-disable-next-line ALT001 -->\nTexte.\n',
            "x.png": b"\x89PNG\r\n",
        }
    )
    age(root)
    runs = [check(root) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    data = json.loads(runs[2][1])
    assert [(v["rule"], v["line"]) for v in data["violations"]] == [("BL002", 6)]


@pytest.mark.corpus
def test_cached_runs_and_both_job_counts_agree_on_the_corpus(corpus, corpus_run, tmp_path):
    from betalint.cli import load_run_config
    from betalint.formats import get

    site, config = load_run_config([corpus], None, {"lang": "en"})
    folder = tmp_path / "cache"  # the corpus is read-only: never a cache inside it
    # serial and filling the cache, against the session's parallel run without cache
    filled = engine.run([corpus], config, site=site, cwd=corpus, jobs=1, cache_dir=folder)
    assert filled.stats["reused"] == 0 and filled.stats["memo"] is False
    assert json.loads(get("json")(filled, cwd=corpus)) == corpus_run
    site, config = load_run_config([corpus], None, {"lang": "en"})
    served = engine.run([corpus], config, site=site, cwd=corpus, jobs=2, cache_dir=folder)
    assert served.stats["memo"] is True and served.stats["linted"] == 0
    assert get("json")(served, cwd=corpus) == get("json")(filled, cwd=corpus)
    assert not (corpus / cache_mod.DIRNAME).exists()


# --- what is reused -------------------------------------------------------------------


def test_a_changed_file_invalidates_exactly_itself(make_site, tmp_path):
    files = {f"p{i}.md": f"---\ntitle: Page {i}\n---\nTexte {i}.\n" for i in range(6)}
    root = make_site({**files, "x.png": b"\x89PNG\r\n"})
    age(root)
    folder = tmp_path / "cache"
    first = run(root, folder)
    assert first.stats["reused"] == 0 and first.stats["linted"] == 6
    again = run(root, folder)
    assert again.stats == {"cache": "on", "reused": 6, "linted": 0, "memo": True}

    (root / "p3.md").write_text('---\ntitle: Page 3\n---\n<img src="/x.png">\n', encoding="utf-8")
    changed = run(root, folder)
    # (an image added: a link of the page's own, site findings computed for it alone)
    expected = {"cache": "on", "reused": 5, "linted": 1, "memo": "local", "changed": 1}
    assert changed.stats == expected
    assert [(v.site_path, v.rule) for v in changed.violations] == [("p3.md", "ALT001")]
    # the new result is cached in turn
    assert run(root, folder).stats["reused"] == 6


def test_a_touched_file_is_read_again_but_not_linted_again(make_site, tmp_path):
    root = make_site({"a.md": "---\ntitle: A\n---\nTexte.\n", "b.md": "---\ntitle: B\n---\n"})
    age(root)
    folder = tmp_path / "cache"
    run(root, folder)
    os.utime(root / "a.md")  # a new time, the same content (git checkout, touch…)
    result = run(root, folder)
    assert result.stats == {"cache": "on", "reused": 2, "linted": 0, "memo": True}


def test_a_file_rewritten_within_the_same_time_is_not_missed(make_site, tmp_path):
    # same size, same modification time, other content: possible when a file changes in
    # the same tick as the run that read it; such a file is always read again
    root = make_site({"a.md": "---\ntitle: ab cd\n---\nTexte.\n"})
    folder = tmp_path / "cache"
    page = root / "a.md"
    st = page.stat()
    assert run(root, folder).violations == []
    page.write_text("---\ntitle: ab: d\n---\nTexte.\n", encoding="utf-8")  # not YAML
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert page.stat().st_size == st.st_size and page.stat().st_mtime_ns == st.st_mtime_ns
    assert [v.rule for v in run(root, folder).violations] == ["FM001"]


def test_a_page_is_linted_again_when_an_include_it_reads_changes(make_site, tmp_path):
    # DS001/DS002 follow include parameters into the include: the page's cached result
    # depends on the include file (CheckContext.depends_on)
    root = make_site(
        {
            "package.json": PIN_111,
            "_includes/button.html": '<a class="fr-btn {{ include.class }}" href="/">x</a>',
            "page.md": '---\n---\n{% include button.html class="fr-fi-mail-line" %}\n',
        }
    )
    age(root)
    folder = tmp_path / "cache"
    first = run(root, folder, select=["DS002"])
    assert [(v.site_path, v.line) for v in first.violations] == [("page.md", 3)]
    (root / "_includes/button.html").write_text(
        '<a class="fr-btn" title="{{ include.class }}" href="/">x</a>', encoding="utf-8"
    )
    second = run(root, folder, select=["DS002"])
    assert second.violations == []
    assert second.stats["linted"] == 2  # the include and the page that passes it a class


def test_prepared_data_is_reused_only_while_what_it_read_is_unchanged(make_site, tmp_path):
    # the DSFR version comes from package.json: a new pin changes the verdicts
    root = make_site(
        {"package.json": PIN_111, "index.html": '---\n---\n<p class="fr-fi-mail-line">x</p>\n'}
    )
    age(root)
    folder = tmp_path / "cache"
    assert [v.rule for v in run(root, folder, select=["DS"]).violations] == ["DS002"]
    (root / "package.json").write_text(PIN_115, encoding="utf-8")
    after = run(root, folder, select=["DS"])
    uncached = run(root, None, select=["DS"])
    assert [v.message for v in after.violations] == [v.message for v in uncached.violations]
    assert after.stats["linted"] == 1  # the page again: the class data changed


def test_the_site_memo_follows_files_that_are_not_linted(make_site, tmp_path):
    # an image added: the page linking to it has no broken link any more, though no
    # linted file changed
    root = make_site({"index.md": "---\ntitle: A\n---\n![Marianne](/img/logo.png)\n"})
    age(root)
    folder = tmp_path / "cache"
    assert [v.rule for v in run(root, folder).violations] == ["LNK003"]
    assert run(root, folder).stats["memo"] is True
    (root / "img").mkdir()
    (root / "img" / "logo.png").write_bytes(b"\x89PNG\r\n")
    age(root)
    result = run(root, folder)
    assert result.violations == [] and result.stats["memo"] is False
    assert result.stats["reused"] == 1


def test_configuration_and_rule_options_are_part_of_the_key(make_site, tmp_path):
    alt = "Les membres de l'équipe réunis devant le bâtiment principal lors de la journée annuelle"
    root = make_site({"a.md": f"---\ntitle: A\n---\n![{alt}](/a.png)\n"})
    (root / "a.png").write_bytes(b"\x89PNG\r\n")
    age(root)
    folder = tmp_path / "cache"
    assert [v.rule for v in run(root, folder).violations] == ["ALT006"]
    (root / ".betalint.toml").write_text("[rules.ALT006]\nmax-length = 120\n", encoding="utf-8")
    code, out, _ = check(root, "--cache-dir", str(folder))
    assert json.loads(out)["violations"] == [] and code == 0
    assert len(packs(folder)) == 2  # one pack per configuration


# --- never trusted ----------------------------------------------------------------------


def _filled(make_site, tmp_path) -> tuple[Path, Path, str]:
    root = make_site({"a.md": "---\ntitle: A\n---\n<img src=x>\n", "b.md": "---\ntitle: B\n---\n"})
    age(root)
    folder = tmp_path / "cache"
    code, out, _ = check(root, "--cache-dir", str(folder))
    assert code == 1 and packs(folder)
    return root, folder, out


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # emptied
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"not a pack at all" * 10,
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the payload
        lambda data: data[:20] + bytes([data[20] ^ 1]) + data[21:],  # one bit of the MAC
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(make_site, tmp_path, damage):
    root, folder, expected = _filled(make_site, tmp_path)
    (pack,) = packs(folder)
    pack.write_bytes(damage(pack.read_bytes()))
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert (code, out) == (1, expected)
    assert "0 files reused, 2 linted" in err
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")  # rebuilt
    assert "2 files reused" in err and out == expected


def test_a_pack_made_by_someone_else_is_never_unpickled(make_site, tmp_path, monkeypatch):
    root, folder, expected = _filled(make_site, tmp_path)
    (pack,) = packs(folder)
    # a pickle that would run code if loaded, signed with another key (a pack committed
    # to a repository, copied from another machine…)
    import pickle

    class Boom:
        def __reduce__(self):
            return (Path(tmp_path / "pwned").touch, ())

    payload = pickle.dumps({"format": cache_mod.FORMAT, "boom": Boom()})
    forged = cache_mod._mac(b"another user's secret key, 32 bytes+", payload)
    pack.write_bytes(cache_mod.MAGIC + forged + payload)
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert (code, out) == (1, expected) and "0 files reused" in err
    assert not (tmp_path / "pwned").exists()
    # another user (another secret): this user's pack is foreign to them
    monkeypatch.setattr(cache_mod, "_SECRET", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert (code, out) == (1, expected) and "0 files reused" in err


def test_a_pack_of_another_version_of_betalint_is_ignored(make_site, tmp_path, monkeypatch):
    root, folder, expected = _filled(make_site, tmp_path)
    monkeypatch.setattr(cache_mod, "_PACKAGE_FP", "another version")
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert (code, out) == (1, expected) and "0 files reused" in err


# --- where it lives, and when it cannot ---------------------------------------------------


def test_cache_folder_is_ignored_by_git_and_by_jekyll(make_site):
    root = make_site({"a.md": "---\ntitle: A\n---\nTexte.\n"})
    check(root)
    folder = root / ".betalint_cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text(encoding="utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    data = json.loads(check(root)[1])
    assert data["files_checked"] == 1  # the cache is not content


def test_no_cache_and_the_cache_setting_write_nothing(make_site, tmp_path):
    root = make_site({"a.md": "---\ntitle: A\n---\nTexte.\n"})
    check(root, "--no-cache")
    assert not (root / ".betalint_cache").exists()
    (root / ".betalint.toml").write_text("cache = false\n", encoding="utf-8")
    check(root)
    assert not (root / ".betalint_cache").exists()
    # `cache-dir`: relative to the configuration file
    (root / ".betalint.toml").write_text('cache-dir = "../elsewhere"\n', encoding="utf-8")
    check(root)
    assert packs(root.parent / "elsewhere") and not (root / ".betalint_cache").exists()
    # a cache folder inside the site is not linted
    _code, out, _ = check(root, "--cache-dir", str(root / "cache"))
    assert packs(root / "cache") and json.loads(out)["files_checked"] == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_site_is_linted_without_a_cache_and_without_error(make_site, tmp_path):
    root = make_site({"a.md": "---\ntitle: A\n---\n<img src=x>\n"})
    expected = check(root, "--no-cache")
    mode = root.stat().st_mode
    os.chmod(root, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        assert check(root) == expected  # even as root: the folder says read-only
        assert not (root / ".betalint_cache").exists()
    finally:
        os.chmod(root, mode)
    # a cache folder that cannot be written, or a file in its place
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert check(root, "--cache-dir", str(locked / "cache")) == expected
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (root / ".betalint.toml").write_text(f'cache-dir = "{tmp_path / "a-file"}"\n', encoding="utf-8")
    assert check(root) == expected
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x"
    # on the command line, a file is a usage error
    code, _out, err = check(root, "--cache-dir", str(tmp_path / "a-file"))
    assert code == 2 and "a-file" in err


def test_targeted_runs_report_what_whole_site_runs_report_for_those_files(make_site, tmp_path):
    # pre-commit: `betalint check FILE…`, site checks restricted to the files named
    files = {
        "_layouts/page.html": "<main><h1>{{ page.title }}</h1>{{ content }}</main>\n",
        "a.md": "---\ntitle: A\nlayout: page\n---\n# Autre titre\n\n[lien](/nulle-part/)\n",
        "b.md": "---\ntitle: B\nlayout: page\n---\n#### Trop bas\n\n[a](/a.html)\n",
        "c.md": "---\ntitle: A\nlayout: page\n---\n[ici](/b.html#absent)\n",
    }
    root = make_site(files)
    age(root)
    folder = tmp_path / "cache"
    whole = run(root, folder)
    assert {v.rule for v in whole.violations} >= {"FM009", "HD004", "LNK001", "LNK002"}
    for rel in ("a.md", "b.md", "c.md", "_layouts/page.html"):
        for cache_dir in (None, folder):
            part = run(root, cache_dir, root / rel)
            expected = [v.as_json() for v in whole.violations if v.site_path == rel]
            assert [v.as_json() for v in part.violations] == expected, rel


def test_a_plain_folder_gets_no_cache_among_its_files(make_site):
    # plain mode lints what may be published (a built _site/): the cache goes elsewhere
    root = make_site({"index.html": "<img src=x.png>\n", "x.png": b"\x89PNG\r\n"}, jekyll=False)
    first = check(root)
    assert check(root) == first and first[0] == 1
    assert sorted(p.name for p in root.iterdir()) == ["index.html", "x.png"]
    folder = cache_mod.folder_for(root, None, mode="plain")
    assert packs(folder) and not folder.is_relative_to(root)


def test_a_damaged_or_stale_body_means_linting_again(make_site, tmp_path, monkeypatch):
    # the site halves of results live in a second file, read only when site checks run
    root, folder, expected = _filled(make_site, tmp_path)
    (body,) = sorted(folder.glob("*.body"))
    old = body.read_bytes()
    body.write_bytes(old[:-1] + bytes([old[-1] ^ 1]))
    # (edits that change what site checks read of b.md, a link: they need the body)
    (root / "b.md").write_text("---\ntitle: B\n---\nVoir [A](/a.html).\n", encoding="utf-8")
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert code == 1 and out == expected and "0 files reused, 2 linted" in err
    # a body from another run (the head names the one it was written with); bodies are
    # written whole past DELTA_MAX files changed, here at once
    monkeypatch.setattr(cache_mod, "DELTA_MAX", 0)
    fresh = body.read_bytes()
    (root / "b.md").write_text("---\ntitle: B\n---\n\nVoir [A](/a.html).\n", encoding="utf-8")
    check(root, "--cache-dir", str(folder))
    assert body.read_bytes() != fresh
    body.write_bytes(fresh)
    # (a link added: site checks run for b.md, and read the body; a move alone would not)
    text = "---\ntitle: B\n---\n\n\nVoir [A](/a.html) et [A](/a.html#haut).\n"
    (root / "b.md").write_text(text, encoding="utf-8")
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert code == 1 and "0 files reused, 2 linted" in err
    assert out == check(root, "--no-cache")[1]


def _moved(root: Path, n: int) -> None:
    """b.md's link moved down by `n` lines: its site half changes, nothing else does."""
    text = "---\ntitle: B\n---\n" + "\n" * n + "Voir [A](/a.html).\n"
    (root / "b.md").write_text(text, encoding="utf-8")


def test_a_few_site_halves_changed_go_to_a_delta_not_a_new_body(make_site, tmp_path):
    # an editor's edit changes one file's site half: the body (every file's, MBs on a real
    # site) is not written again, a small delta beside it is
    root, folder, _ = _filled(make_site, tmp_path)
    _moved(root, 0)
    check(root, "--cache-dir", str(folder))
    (body,) = sorted(folder.glob("*.body"))
    before = body.read_bytes()
    for n in (1, 2):
        _moved(root, n)
        code, out, err = check(root, "--cache-dir", str(folder), "--debug")
        assert "1 linted" in err
        assert body.read_bytes() == before and sorted(folder.glob("*.delta"))
        # what the next run reads back (body and delta) is what a run without cache gives
        code2, out2, err2 = check(root, "--cache-dir", str(folder), "--debug")
        assert (code2, out2) == (code, out) == check(root, "--no-cache")[:2]
        assert "0 linted" in err2
        # and site checks that must run again read the delta's halves, not the body's
        (root / "a.md").write_text("---\ntitle: A2\n---\n<img src=x>\n", encoding="utf-8")
        code3, out3, _ = check(root, "--cache-dir", str(folder))
        assert (code3, out3) == check(root, "--no-cache")[:2]
        assert json.loads(out3) == json.loads(out)  # (the title is not reported)


def test_past_delta_max_the_body_is_written_whole(make_site, tmp_path, monkeypatch):
    root, folder, _ = _filled(make_site, tmp_path)
    (body,) = sorted(folder.glob("*.body"))
    before = body.read_bytes()
    monkeypatch.setattr(cache_mod, "DELTA_MAX", 0)
    _moved(root, 1)
    code, out, _ = check(root, "--cache-dir", str(folder))
    assert body.read_bytes() != before and not sorted(folder.glob("*.delta"))
    code2, out2, err2 = check(root, "--cache-dir", str(folder), "--debug")
    assert (code2, out2) == (code, out) and "0 linted" in err2


@pytest.mark.parametrize("how", ["damaged", "stale", "removed"])
def test_a_damaged_or_stale_delta_means_linting_again(make_site, tmp_path, how):
    # the body without its delta would give the halves of before the edit: never used
    root, folder, _ = _filled(make_site, tmp_path)
    _moved(root, 1)
    check(root, "--cache-dir", str(folder))
    (delta,) = sorted(folder.glob("*.delta"))
    first = delta.read_bytes()
    _moved(root, 2)
    check(root, "--cache-dir", str(folder))
    if how == "damaged":
        data = delta.read_bytes()
        delta.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif how == "stale":
        delta.write_bytes(first)  # from the run before: the head names another
    else:
        delta.unlink()
    (root / "a.md").write_text("---\ntitle: A2\n---\n<img src=x>\n", encoding="utf-8")
    code, out, err = check(root, "--cache-dir", str(folder), "--debug")
    assert (code, out) == check(root, "--no-cache")[:2]
    assert "1 files reused, 1 linted" in err or "0 files reused, 2 linted" in err
    assert "2 linted" in err  # b.md too: its half is not trusted


def test_an_edit_that_site_checks_cannot_see_reuses_their_findings(make_site, tmp_path):
    # site checks read the site half of each file (front matter, links, headings, images
    # with their positions): a sentence added after them leaves it as it was
    page = "---\ntitle: B\n---\n# Titre\n\nVoir [A](/a.html) et [rien](/rien.html).\n"
    root = make_site({"a.md": "---\ntitle: A\n---\n<img src=x>\n", "b.md": page})
    age(root)
    folder = tmp_path / "cache"
    assert run(root, folder).stats["memo"] is False
    for text, memo in [
        (page + "\nUne phrase de plus.\n", "site"),  # after the links: site half the same
        (page.replace("# Titre\n", "# Titre\n\nUne phrase.\n"), "moved"),  # links moved
        (page.replace("/rien.html", "/a.html"), "local"),  # a link changed: its own business
        (page.replace("/rien.html", "/a.html") + "Fin.\n", "site"),
        (page.replace("# Titre", "# Autre"), False),  # an id other pages may link to
    ]:
        rewrite_aged(root / "b.md", text)
        cached = run(root, folder)
        assert cached.stats["memo"] == memo and cached.stats["linted"] == 1
        fresh = run(root, None)
        assert [v.as_json() for v in cached.violations] == [v.as_json() for v in fresh.violations]
        assert cached.notes == fresh.notes
        # and then nothing changed: served whole
        assert run(root, folder).stats["memo"] is True
    # a targeted run (the pre-commit hook) reuses the memo for the files it reports
    rewrite_aged(root / "b.md", page)
    assert run(root, folder).stats["memo"] is False
    rewrite_aged(root / "b.md", page + "Encore.\n")
    target = run(root, folder, root / "b.md")
    assert target.stats["memo"] == "site"
    fresh = run(root, None, root / "b.md")
    assert [v.as_json() for v in target.violations] == [v.as_json() for v in fresh.violations]
    assert any(v.rule == "LNK001" for v in target.violations)


def test_an_edit_checked_by_the_hook_then_undone_is_not_reported_from_the_memo(make_site, tmp_path):
    # the hook's targeted run keeps the edited file's results but not the memo; once the
    # edit is undone the memo is right again, the file's kept results are not
    page = "---\ntitle: A\n---\nBonjour.\n"
    root = make_site({"a.md": page, "b.md": "---\ntitle: B\n---\nSalut.\n"})
    age(root)
    folder = tmp_path / "cache"
    assert run(root, folder).violations == []
    rewrite_aged(root / "a.md", page.replace("Bonjour.", 'Bonjour. <img src="x.png">'))
    assert any(v.rule == "ALT001" for v in run(root, folder, root / "a.md").violations)
    rewrite_aged(root / "a.md", page)
    again = run(root, folder)
    assert again.violations == [] and again.stats["linted"] == 1
    assert run(root, folder).stats["memo"] is True


def test_rule_option_defaults_kept_by_the_config_do_not_change_its_key():
    # Config.options keeps the defaults it made: a private field, so the cache key of a
    # configuration is the same before and after checks asked for their options
    config = build_config({}, {})
    before = cache_mod.stable_digest(config)
    assert config.options("ALT006") == {"max-length": 80}
    assert config.options("ALT006") is config.options("ALT006")
    assert cache_mod.stable_digest(config) == before
    configured = build_config({"rules": {"ALT006": {"max-length": 120}}}, {})
    assert configured.options("ALT006") == {"max-length": 120}


def test_digests_at_once_are_the_digests_one_by_one(tmp_path):
    # Cache.digests takes a quicker way for files as the cache saw them: every answer
    # must be digest()'s, whatever the file (unchanged, changed, touched, gone, new, outside)
    import os
    import time

    from betalint.cache import Cache

    root = tmp_path / "site"
    root.mkdir()
    for name in ("same.md", "changed.md", "touched.md", "gone.md"):
        (root / name).write_text(f"{name}\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("x\n", encoding="utf-8")
    old = time.time_ns() - 10**10  # (well before the run: not "too recent")
    for p in root.iterdir():
        os.utime(p, ns=(old, old))
    first = Cache(tmp_path / "cache", root, "k" * 32)
    names = ["same.md", "changed.md", "touched.md", "gone.md"]
    for rel, digest in zip(names, first.digests(names), strict=True):
        assert digest is not None
        first.store(rel, first.stat(rel), digest, (), ("page", "markdown", True, b""), (b"", b""))
    first.save()
    (root / "changed.md").write_text("autre contenu\n", encoding="utf-8")
    os.utime(root / "touched.md", ns=(old + 10**9, old + 10**9))
    (root / "gone.md").unlink()
    (root / "new.md").write_text("new\n", encoding="utf-8")
    rels = [*names, "new.md", "../outside.md", "/etc/hostname", "same.md"]
    second = Cache(tmp_path / "cache", root, "k" * 32)
    assert set(second.states) == set(names)  # (what the quick way compares with)
    at_once = second.digests(rels)
    one_by_one = Cache(tmp_path / "cache", root, "k" * 32)
    assert at_once == [one_by_one.digest(rel) for rel in rels]
    assert at_once[0] is not None and at_once[3] is None and at_once[5] is None
