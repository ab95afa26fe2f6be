"""Atomic writes: every file betalint writes (reports, baselines, cache) goes to a temporary
file in the same folder and is renamed over the target, so a crash or a full disk never
leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The permissions the file would get from a plain ``open()``: those of the file it
    replaces, else 0o666 less the umask (mkstemp's 0o600 would make a report written for
    sharing unreadable to anyone else, a web server included)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` atomically; `durable`: flush it to the disk before the rename
    (a cache, rebuilt when lost, can skip that cost)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with contextlib.suppress(OSError):  # not every file system has permissions
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
