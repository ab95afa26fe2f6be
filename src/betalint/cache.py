"""The per-file cache: what linting one file produced, reused while nothing it depends on
changed, so that a second run of an unchanged site (and a pre-commit run on one file)
costs little more than reading the file list.

**What an entry is keyed by.** A file's entry is used only when all of these are what they
were when it was made:

* the file's content (BLAKE2 digest; the size and modification time stand for the digest
  when both are unchanged, as in git, ruff or make — a file whose time is within two
  seconds of the run that read it is always read again, since it may change within the
  file system's time resolution);
* the *run key*: betalint's version and the fingerprint of its installed code and
  catalogue, the configuration (rule set, rule options, settings), the site's
  ``_config.yml`` (``markdown_ext``, ``url``, ``baseurl``, kramdown options…) and the data
  prepared for the workers (the DSFR version and class data, vocabularies): see
  :func:`stable_digest`;
* the other files its checks read (an include whose parameters a DSFR check follows…),
  recorded by the checks through :meth:`betalint.checks.CheckContext.depends_on`.

Site checks are pure functions of the per-file *site halves* (summary and collected data:
front matter, links, headings, images with their positions) and of the other inputs (the
file list, the ``Gemfile``, ``package.json``, DSFR's CSS under ``node_modules``…, the day).
Their findings of the last whole-site run are kept (the *site memo*) under two keys: the
content of every file (a run where nothing changed reuses them without loading a check),
and the digest of every site half with the size and time of the other inputs (an edit that
leaves them as they were — a typo fixed, a sentence added after the last link or heading —
reuses them after linting only the edited file). An edit that only moves things within
a page moves that page's kept findings along with the positions of its collected data
(``engine._moved``). Any other change runs the site checks again, from the cached site
halves.

**Where.** ``.betalint_cache/`` at the site root (a ``.gitignore`` inside keeps it out of
commits; Jekyll never publishes a dot folder), or ``--cache-dir``; a folder linted in plain
mode (maybe a built ``_site/``) gets one in the user's cache folder. One pack per run key
(a configuration), the few most recent kept: its head (``.pack``: file states, the report
half of each result, the memo) and its body (``.body``: the site halves and the URL index,
read only when site checks run). A run that changes the site halves of a few files (an
editor's edit) does not write the whole body again: the new halves go to a small
``.delta`` beside it, which names the body it amends and is read with it; when it grows
past :data:`DELTA_MAX` files, the body is written again whole. A folder that cannot be written — a read-only checkout, a
CI image — only means no cache: never an error.

**Never trusted.** Entries are Python pickles, which can run code when loaded, so a pack is
signed with HMAC-SHA256 under a secret that lives in the user's own cache folder
(``~/.cache/betalint/secret``), outside any repository: a pack made elsewhere (committed by
mistake or on purpose, copied from another machine), truncated, or written by another
version is ignored and rebuilt, never unpickled.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from betalint import __version__

DIRNAME = ".betalint_cache"
#: Bumped whenever the layout of a pack or of its entries changes.
FORMAT = 8
MAGIC = b"betalint-cache\x00"
_MAC_SIZE = 32
#: Packs (configurations) kept in one cache folder; the least recently used go first.
MAX_PACKS = 8
#: A file modified this close to the run that reads it may change again within the time
#: resolution of the file system: its size and time are not trusted next time.
RACY_NS = 2_000_000_000
#: Files whose site halves may differ from the body before the body is written again whole
#: (below it, writing the few halves apart is much cheaper than writing 5 MB again).
DELTA_MAX = 256
PROTOCOL = pickle.HIGHEST_PROTOCOL

GITIGNORE = "# Made by betalint: its cache, never to be committed.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by betalint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

Stat = tuple[int, int]  # (size, mtime_ns); mtime -1: do not trust, read again


# --- fingerprints ---------------------------------------------------------------------


def digest_bytes(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def site_digest(site: tuple[bytes, bytes]) -> bytes:
    """The digest of a result's site half (its pickled summary and collected data)."""
    h = hashlib.blake2b(digest_size=16)
    for part in site:
        h.update(b"%d:" % len(part))
        h.update(part)
    return h.digest()


def stable_digest(*parts: Any) -> str:
    """A digest of plain data that is the same in every process: dict keys and set items
    are sorted (string hashing is randomised per process, so their order is not), dataclass
    instances count by their public fields. Anything else counts by type and ``repr`` — an
    object whose repr holds its address only makes the cache miss, never hit wrongly."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        _feed(h, part)
    return h.hexdigest()


def _feed(h: Any, value: Any) -> None:
    if value is None or isinstance(value, bool | int | float | complex):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        h.update(b"s%d:" % len(data))
        h.update(data)
    elif isinstance(value, bytes | bytearray):
        h.update(b"b%d:" % len(value))
        h.update(value)
    elif isinstance(value, list | tuple):
        h.update(b"l%d[" % len(value))
        for item in value:
            _feed(h, item)
        h.update(b"]")
    elif isinstance(value, Mapping):
        items = sorted((stable_digest(k), k, v) for k, v in value.items())
        h.update(b"d%d{" % len(items))
        for kd, _k, v in items:
            h.update(kd.encode())
            _feed(h, v)
        h.update(b"}")
    elif isinstance(value, set | frozenset):
        h.update(b"S%d{" % len(value))
        for d in sorted(stable_digest(v) for v in value):
            h.update(d.encode())
        h.update(b"}")
    elif isinstance(value, Path):
        _feed(h, ("path", str(value)))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(f"D{type(value).__qualname__}(".encode())
        for f in dataclasses.fields(value):
            if not f.name.startswith("_"):
                _feed(h, (f.name, getattr(value, f.name)))
        h.update(b")")
    elif isinstance(value, type):
        h.update(f"T{value.__module__}.{value.__qualname__};".encode())
    else:
        h.update(f"O{type(value).__qualname__}:{value!r};".encode())


_PACKAGE_FP: str | None = None


def package_fingerprint() -> str:
    """betalint's version and the size and time of every file of its code and catalogue:
    a development checkout whose code changes between runs does not reuse old results."""
    global _PACKAGE_FP
    if _PACKAGE_FP is None:
        from betalint.catalogue import rules_dir

        here = Path(__file__).resolve().parent
        entries: list[tuple[str, int, int]] = []
        folders = [here]
        with contextlib.suppress(OSError):
            rules = rules_dir()
            if not rules.is_relative_to(here):
                folders.append(rules)
        for folder in folders:
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                for name in sorted(filenames):
                    if name.endswith((".pyc", ".pyo")):
                        continue
                    path = os.path.join(dirpath, name)
                    with contextlib.suppress(OSError):
                        st = os.stat(path)
                        entries.append((path, st.st_size, st.st_mtime_ns))
        _PACKAGE_FP = stable_digest(__version__, FORMAT, entries)
    return _PACKAGE_FP


#: (what :meth:`Cache.digests` finds for a file not asked for yet)
_UNASKED = object()


def _inside(rel: str) -> bool:
    """`rel` names a file below the site's root: no ``..``, not absolute (the paths
    :meth:`Cache.digest` takes as they are)."""
    return not (".." in rel or rel.startswith(("/", "\\")) or os.path.isabs(rel))


def stat_of(path: str) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns)


# --- the secret that signs packs --------------------------------------------------------


def _secret_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "betalint" / "secret"


_SECRET: bytes | None = None


def secret() -> bytes | None:
    """This user's signing key (made on first use); None when it cannot be had."""
    global _SECRET
    if _SECRET is not None:
        return _SECRET
    path = _secret_path()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            _SECRET = data[:64]
            return _SECRET
    except OSError:
        pass
    data = secrets.token_bytes(64)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except FileExistsError:
        # another process made it first: use theirs
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) < 32:
            return None
        data = data[:64]
    except OSError:
        return None
    _SECRET = data
    return _SECRET


def _mac(key: bytes, payload: bytes) -> bytes:
    # HMAC-SHA256: where the processor has SHA instructions (most x86 and ARM machines
    # since 2017), OpenSSL signs the 5 MB body in under half the time keyed BLAKE2b takes
    return hmac.digest(key, payload, "sha256")


def writable(folder: Path) -> bool:
    """Whether betalint may write in `folder`: allowed by the system *and* by the folder's
    own permission bits, even for root (who may write anywhere, but a folder made
    read-only on purpose — a shared checkout, a mounted corpus — is left alone)."""
    try:
        st = os.stat(folder)
    except OSError:
        return False
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    if os.name == "posix" and hasattr(os, "geteuid"):
        uid = os.geteuid()
        if st.st_uid == uid:
            return bool(st.st_mode & stat.S_IWUSR)
        if st.st_gid in os.getgroups() or st.st_gid == os.getegid():
            return bool(st.st_mode & stat.S_IWGRP)
        return bool(st.st_mode & stat.S_IWOTH)
    return True


# --- the cache --------------------------------------------------------------------------


class Cache:
    """The cache of one site for one run key. Never raises: a problem means a miss."""

    def __init__(self, folder: Path, root: Path, key: str) -> None:
        self.folder = folder
        self.root = str(root)
        self.key = key
        self.path = folder / f"{key[:24]}.pack"
        #: the site halves of results and the URL index, big and needed only when site
        #: checks run: in a second file, read on first use (a warm run never reads it)
        self.body_path = folder / f"{key[:24]}.body"
        self.delta_path = folder / f"{key[:24]}.delta"
        self.start_ns = time.time_ns()
        self._secret = secret()
        #: rel → (stat, digest) as last seen
        self.states: dict[str, tuple[Stat, bytes | None]] = {}
        #: rel → (content digest, deps with their digests, report half, digest of the site
        #: half, the site half or None while the body is not read)
        self.entries: dict[str, tuple[Any, ...]] = {}
        #: the site memo: (key of every file's content and other input, key of what site
        #: checks read — every file's site half and the other inputs —, outcome pickle,
        #: the same key with positions left out, pickle of each file's site-half digest)
        self.memo: tuple[str | None, str | None, bytes, str | None, bytes | None] | None = None
        #: preparer name → (language, files read with their digests, outcome)
        self.prepared: dict[str, tuple[str, tuple[tuple[str, bytes | None], ...], Any]] = {}
        #: site-wide artefact (the URL index) → (key of its inputs, pickle)
        self.artefacts: dict[str, tuple[str, bytes]] = {}
        self.prep = ""  # digest of the data prepared for the workers, when the pack was made
        self.changed = False
        self._sites: dict[str, Any] | None = None  # rel → site half, once the body is read
        self._body_digest = b""  # of the body the head was written with
        self._body_changed = False
        self._delta_digest = b""  # of the delta the head was written with (b"": none)
        self._delta_read = False
        self._damaged = False  # the delta named cannot be read: no site half is trusted
        #: files whose site halves, and artefacts whose values, differ from the body's
        #: (what the next delta holds)
        self._delta_rels: set[str] = set()
        self._delta_names: set[str] = set()
        self._now: dict[str, Stat | None] = {}
        self._digest: dict[str, bytes | None] = {}
        self.loaded = False
        if self._secret is not None:
            self._load()

    # -- loading -----------------------------------------------------------------------
    def _read_signed(self, path: Path) -> Any:
        """The unpickled content of a file this user's betalint wrote; None otherwise."""
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        head = len(MAGIC)
        if len(data) < head + _MAC_SIZE or not data.startswith(MAGIC):
            return None
        mac, payload = data[head : head + _MAC_SIZE], data[head + _MAC_SIZE :]
        assert self._secret is not None
        if not hmac.compare_digest(mac, _mac(self._secret, payload)):
            return None  # made elsewhere or damaged: never unpickled
        try:
            content = pickle.loads(payload)
        except Exception:
            return None
        if (
            not isinstance(content, dict)
            or content.get("format") != FORMAT
            or content.get("key") != self.key
            or content.get("root") != self.root
        ):
            return None
        return content

    def _load(self) -> None:
        pack = self._read_signed(self.path)
        if pack is None:
            return
        try:
            states, entries, memo, prep, prepared, body, delta = (
                pack["states"],
                pack["entries"],
                pack["memo"],
                pack["prep"],
                pack["prepared"],
                pack["body"],
                pack["delta"],
            )
            if not all(isinstance(x, dict) for x in (states, entries, prepared)):
                return
            entries = {rel: (*entry, None) for rel, entry in entries.items() if len(entry) == 4}
            if memo is not None and not (isinstance(memo, tuple) and len(memo) == 5):
                memo = None
        except Exception:
            return
        self.states, self.entries, self.memo, self.prep = states, entries, memo, prep
        self.prepared, self._body_digest, self._delta_digest = prepared, body, delta
        self.loaded = True

    def _load_body(self) -> None:
        """Read the site halves and artefacts (once): only if the body is the one the head
        was written with (and its delta, if any, the one the head names); otherwise the
        entries lose their site halves (files linted again)."""
        if self._sites is not None:
            return
        sites: dict[str, Any] = {}
        artefacts: dict[str, tuple[str, bytes]] = {}
        body = self._read_signed(self.body_path) if self._body_digest else None
        if body is not None and body.get("digest") == self._body_digest:
            try:
                if isinstance(body["sites"], dict) and isinstance(body["artefacts"], dict):
                    sites, artefacts = body["sites"], body["artefacts"]
            except Exception:
                sites, artefacts = {}, {}
        elif self._body_digest:
            self._damaged = True
        removed = self._load_delta()
        if self._damaged:
            sites, artefacts = {}, {}
        artefacts = {n: v for n, v in artefacts.items() if n not in removed}
        self._sites = sites
        self.artefacts = {**artefacts, **self.artefacts}
        self.entries = {
            rel: (*entry[:4], sites.get(rel) if entry[4] is None else entry[4])
            for rel, entry in self.entries.items()
        }

    def _load_delta(self) -> set[str]:
        """Read the delta (once), without the body: the site halves it holds go to their
        entries, its artefacts to :attr:`artefacts`. Returns the artefacts it removed. A
        delta that is not the one the head names (damaged, from another run) makes every
        site half untrusted: the body it amends is stale without it."""
        if self._delta_read or not self._delta_digest:
            self._delta_read = True
            return set()
        self._delta_read = True
        delta = self._read_signed(self.delta_path)
        sites: Any = None
        arts: Any = None
        if (
            delta is not None
            and delta.get("digest") == self._delta_digest
            and delta.get("base") == self._body_digest
        ):
            sites, arts = delta.get("sites"), delta.get("artefacts")
        if not isinstance(sites, dict) or not isinstance(arts, dict):
            # (the only halves known yet are this run's own: they stand)
            self._damaged = True
            return set()
        self.entries = {
            rel: (*entry[:4], sites.get(rel) if entry[4] is None else entry[4])
            for rel, entry in self.entries.items()
        }
        self._delta_rels |= set(sites)
        self._delta_names |= set(arts)
        kept = {n: v for n, v in arts.items() if v is not None}
        self.artefacts = {**kept, **self.artefacts}
        return {n for n, v in arts.items() if v is None and n not in self.artefacts}

    def site_of(self, rel: str) -> Any:
        """The site half of `rel`'s entry (None: not cached)."""
        entry = self.entries.get(rel)
        if entry is None:
            return None
        if entry[4] is None:
            self._load_body()
            entry = self.entries.get(rel)
        return entry[4] if entry is not None else None

    def site_digest(self, rel: str) -> bytes | None:
        """The digest of the site half of `rel`'s entry, known without reading the body."""
        entry = self.entries.get(rel)
        return entry[3] if entry is not None else None

    # -- what the files are now --------------------------------------------------------
    def stat(self, rel: str) -> Stat | None:
        if rel not in self._now:
            self._now[rel] = stat_of(os.path.join(self.root, rel))
        return self._now[rel]

    def digest(self, rel: str) -> bytes | None:
        """The content digest of `rel` now (None: absent or unreadable); read only when its
        size or time differ from what the cache saw."""
        if rel in self._digest:
            return self._digest[rel]
        if not _inside(rel):
            full = os.path.normpath(os.path.join(self.root, rel))
            if not full.startswith(os.path.join(self.root, "")):
                self._digest[rel] = None  # outside the site: not a dependency to follow
                return None
        now = self.stat(rel)
        old = self.states.get(rel)
        if now is None:
            d = None
        elif old is not None and old[0] == now and old[0][1] != -1:
            d = old[1]
        else:
            try:
                with open(os.path.join(self.root, rel), "rb") as fh:
                    d = digest_bytes(fh.read())
            except OSError:
                d = None
            self._seen(rel, now, d)
        self._digest[rel] = d
        return d

    def digests(self, rels: Iterable[str]) -> list[bytes | None]:
        """:meth:`digest` of each of `rels`, the usual case (a file inside the site, the
        same size and time as the cache saw) worked out here with less done per file:
        every file of the site is asked for on every run."""
        known, now_of, states, root = self._digest, self._now, self.states, self.root
        out: list[bytes | None] = []
        for rel in rels:
            d = known.get(rel, _UNASKED)
            if d is _UNASKED:
                old = states.get(rel)
                if old is not None and rel not in now_of and _inside(rel):
                    now = now_of[rel] = stat_of(os.path.join(root, rel))
                    if now is not None and now == old[0] and now[1] != -1:
                        known[rel] = d = old[1]
                if d is _UNASKED:
                    d = self.digest(rel)  # (anything else: the whole way)
            out.append(d)
        return out

    def _seen(self, rel: str, st: Stat | None, d: bytes | None) -> None:
        if st is None:
            if rel in self.states:
                del self.states[rel]
                self.changed = True
            return
        if st[1] >= self.start_ns - RACY_NS:
            st = (st[0], -1)  # too recent to vouch for its content next time
        if self.states.get(rel) != (st, d):
            self.states[rel] = (st, d)
            self.changed = True

    # -- entries -----------------------------------------------------------------------
    def lookup(self, rel: str) -> Any:
        """The report half of `rel`'s result (see ``engine.pack``), if still valid. Its
        site half is read apart (:meth:`site_of`), only when site checks run: the body
        may then turn out to be damaged, and the file is linted again."""
        entry = self.entries.get(rel)
        if entry is None:
            return None
        digest, deps, report, _sdigest, _site = entry
        if self.digest(rel) != digest:
            return None
        for dep, dep_digest in deps:
            if self.digest(dep) != dep_digest:
                return None
        return report

    def store(
        self,
        rel: str,
        st: Stat | None,
        digest: bytes,
        deps: Iterable[str],
        report: Any,
        site: Any,
    ) -> None:
        """Record the result of linting `rel` (whose size and time were `st` before it was
        read, and whose content had `digest`)."""
        dep_digests = tuple((d, self.digest(d)) for d in sorted(set(deps)) if d != rel)
        sdigest = site_digest(site)
        old = self.entries.get(rel)
        if old is None or old[3] != sdigest:
            # goes to the delta (an edit that leaves the site half as it was — most text
            # edits — writes neither)
            self._delta_rels.add(rel)
            self._body_changed = True
        self._seen(rel, st, digest)
        self._digest[rel] = digest
        self.entries[rel] = (digest, dep_digests, report, sdigest, site)
        self.changed = True

    def forget(self, keep: Iterable[str]) -> None:
        """Drop entries of files no longer linted (deleted, excluded)."""
        keep = set(keep)
        for rel in [r for r in self.entries if r not in keep]:
            del self.entries[rel]
            self.changed = True

    def reset(self, prep: str) -> None:
        """The prepared data changed (a new DSFR version…): every entry is stale."""
        if self.prep != prep:
            self.entries.clear()
            self.memo = None
            self.prep = prep
            self.changed = True

    # -- data prepared before linting ----------------------------------------------------
    def prepared_for(self, name: str, lang: str) -> Any:
        """What preparer `name` gave last time, if the files it read are unchanged."""
        entry = self.prepared.get(name)
        if entry is None or entry[0] != lang:
            return None
        for dep, dep_digest in entry[1]:
            if self.digest(dep) != dep_digest:
                return None
        return entry[2]

    def store_prepared(self, name: str, lang: str, deps: Iterable[str], outcome: Any) -> None:
        dep_digests = tuple((d, self.digest(d)) for d in sorted(set(deps)))
        self.prepared[name] = (lang, dep_digests, outcome)
        self.changed = True

    # -- site-wide artefacts -------------------------------------------------------------
    def artefact(self, name: str, key: str) -> bytes | None:
        self._load_body()
        entry = self.artefacts.get(name)
        return entry[1] if entry is not None and entry[0] == key else None

    def set_artefact(self, name: str, key: str | None, blob: bytes | None) -> None:
        self._load_body()
        if key is None or blob is None:
            if self.artefacts.pop(name, None) is not None:
                self.changed = self._body_changed = True
                self._delta_names.add(name)
            return
        if self.artefacts.get(name) != (key, blob):
            self.artefacts[name] = (key, blob)
            self.changed = self._body_changed = True
            self._delta_names.add(name)

    # -- the site memo -----------------------------------------------------------------
    def memo_for(self, run_key: str | None) -> bytes | None:
        """The site memo, if made from files whose content all had `run_key`."""
        if run_key is not None and self.memo is not None and self.memo[0] == run_key:
            return self.memo[2]
        return None

    def memo_for_site(self, site_key: str | None) -> bytes | None:
        """The site memo, if site checks read then what they would read now (`site_key`)."""
        if site_key is not None and self.memo is not None and self.memo[1] == site_key:
            return self.memo[2]
        return None

    def set_memo(
        self,
        run_key: str | None,
        site_key: str | None,
        blob: bytes | None,
        placeless_key: str | None = None,
        sites: bytes | None = None,
    ) -> None:
        """Keep the site memo (None: forget it). `placeless_key` and `sites` (the digest
        of every file's site half, pickled) let a run whose edits stay within the files
        they touch reuse it for the other files (see ``engine._local_edits``)."""
        memo = None
        if blob is not None and (run_key is not None or site_key is not None):
            memo = (run_key, site_key, blob, placeless_key, sites)
        if memo != self.memo:
            self.memo = memo
            self.changed = True

    def inputs_key(self, rels: Iterable[str]) -> str | None:
        """A key for the size and time of every file in `rels` (None when one is too recent
        to be told apart from a later change: then nothing is memoised)."""
        limit = self.start_ns - RACY_NS
        stats = []
        for rel in rels:
            st = self.stat(rel)
            if st is not None and st[1] >= limit:
                return None
            stats.append((rel, st))
        return hashlib.blake2b(pickle.dumps(stats, PROTOCOL), digest_size=16).hexdigest()

    # -- saving ------------------------------------------------------------------------
    def save(self) -> None:
        """Write the pack atomically if anything changed; silently give up when the folder
        cannot be written."""
        if not self.changed or self._secret is None:
            return
        live = set(self.entries)
        for entry in self.entries.values():
            live.update(dep for dep, _d in entry[1])
        for prepared in self.prepared.values():
            live.update(dep for dep, _d in prepared[1])
        self.states = {rel: v for rel, v in self.states.items() if rel in live}
        try:
            if not _prepare_folder(self.folder):
                return
            from betalint.atomic import write_bytes

            def signed(content: dict[str, Any]) -> bytes:
                payload = pickle.dumps(
                    {"format": FORMAT, "key": self.key, "root": self.root, **content},
                    protocol=PROTOCOL,
                )
                return MAGIC + _mac(self._secret, payload) + payload  # type: ignore[arg-type]

            whole = False
            if (self._body_changed or not self._body_digest) and not self._write_delta(signed):
                self._load_body()
                digest = secrets.token_bytes(16)  # names this body for the head
                sites = {rel: e[4] for rel, e in self.entries.items() if e[4] is not None}
                body = signed({"digest": digest, "sites": sites, "artefacts": self.artefacts})
                write_bytes(self.body_path, body, durable=False)  # first: the head names it
                self._body_digest, self._delta_digest, self._damaged = digest, b"", False
                self._delta_rels.clear()
                self._delta_names.clear()
                whole = True
            self._body_changed = False
            head = signed(
                {
                    "prep": self.prep,
                    "states": self.states,
                    "entries": {rel: e[:4] for rel, e in self.entries.items()},
                    "memo": self.memo,
                    "prepared": self.prepared,
                    "body": self._body_digest,
                    "delta": self._delta_digest,
                }
            )
            write_bytes(self.path, head, durable=False)
            self.changed = False
            if whole:
                with contextlib.suppress(OSError):
                    self.delta_path.unlink()  # amended a body no longer named
            _prune(self.folder, self.path)
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            return

    def _write_delta(self, signed: Callable[[dict[str, Any]], bytes]) -> bool:
        """Write what differs from the body — the site halves of the files in
        :attr:`_delta_rels`, the artefacts in :attr:`_delta_names` — as its delta, without
        reading the body; False when the body must be written whole instead (none yet, a
        damaged one, or more than :data:`DELTA_MAX` files differing)."""
        from betalint.atomic import write_bytes

        if not self._body_digest or self._damaged:
            return False
        self._load_delta()
        if self._damaged:
            return False
        rels = sorted(r for r in self._delta_rels if r in self.entries)
        if len(rels) > DELTA_MAX:
            return False
        sites = {r: self.entries[r][4] for r in rels}
        if any(half is None for half in sites.values()):
            return False
        artefacts = {n: self.artefacts.get(n) for n in sorted(self._delta_names)}
        digest = secrets.token_bytes(16)  # names this delta for the head
        delta = {"digest": digest, "base": self._body_digest, "sites": sites}
        write_bytes(self.delta_path, signed({**delta, "artefacts": artefacts}), durable=False)
        self._delta_digest = digest
        return True


def _prepare_folder(folder: Path) -> bool:
    """Create the cache folder with its ``.gitignore`` and ``CACHEDIR.TAG``; False when it
    cannot be written (or its parent is read-only)."""
    if folder.is_dir():
        return writable(folder)
    parent = folder.parent
    if parent.name == "plain" and parent.parent == _secret_path().parent:
        try:  # the user's own cache folder (plain mode): made as needed
            parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
    if not parent.is_dir() or not writable(parent):
        return False
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        (folder / "CACHEDIR.TAG").write_text(CACHEDIR_TAG, encoding="utf-8")
    except OSError:
        return False
    return True


def _prune(folder: Path, current: Path) -> None:
    """Keep the :data:`MAX_PACKS` most recently written packs (and no stale temp files)."""
    try:
        packs = [p for p in folder.iterdir() if p.suffix == ".pack" and p != current]
    except OSError:
        return
    if len(packs) < MAX_PACKS:
        return
    packs.sort(key=lambda p: p.stat().st_mtime_ns if p.exists() else 0, reverse=True)
    for p in packs[MAX_PACKS - 1 :]:
        for old in (p, p.with_suffix(".body"), p.with_suffix(".delta")):
            with contextlib.suppress(OSError):
                old.unlink()


def folder_for(
    root: Path, setting: str | None, base: Path | None = None, mode: str = "jekyll"
) -> Path:
    """The cache folder: ``cache-dir`` (relative to `base`, the current folder for the
    command line), else ``.betalint_cache`` at the root of a Jekyll site (a source tree:
    Jekyll never publishes a dot folder). A folder linted in plain mode may be what is
    published (a built ``_site/``): its cache goes to the user's cache folder instead,
    one per linted folder, so that nothing is ever written among published files."""
    if setting:
        path = Path(setting).expanduser()
        return path if path.is_absolute() else (base or Path.cwd()) / path
    if mode == "plain":
        name = hashlib.blake2b(str(Path(root).resolve()).encode(), digest_size=12).hexdigest()
        return _secret_path().parent / "plain" / name
    return root / DIRNAME


def open_cache(folder: Path, root: Path, key: str) -> Cache | None:
    try:
        return Cache(folder, root, key)
    except Exception:
        return None
