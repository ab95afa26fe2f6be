"""Work done in a forked copy of the process while the parent does other work; the
copy's result comes back pickled through a pipe.

The engine uses it for site checks. They run after every file is linted and only read
what the parent holds (every file's result, the site). On the real corpus they took 0.7 s
of a 3 s cold run, with one core idle. fork gives the copy all of that at once
(copy-on-write: nothing is copied up front, nothing is pickled on the way in). Only its
findings are pickled on the way back.

Whatever goes wrong in the copy (an exception, a crash, a kill, a result that does not
unpickle) comes back as None, and the caller does the work itself: nothing is lost.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any

PROTOCOL = pickle.HIGHEST_PROTOCOL


class Forked:
    """A running copy; :meth:`result` waits for it."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd

    def result(self) -> Any | None:
        """The copy's return value, or None if it did not give one."""
        chunks = []
        try:
            while True:
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self._fd)
        try:
            _pid, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            return None
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
            return None
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:
            return None


def available() -> bool:
    return hasattr(os, "fork")


def start(fn: Callable[[], Any]) -> Forked | None:
    """Run `fn` in a forked copy of this process; None when fork is not to be had (the
    caller runs `fn` itself)."""
    if not available():
        return None
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:  # the copy: never returns, never flushes the parent's buffers
        code = 1
        try:
            os.close(r)
            data = pickle.dumps(fn(), PROTOCOL)
            with os.fdopen(w, "wb") as out:
                out.write(data)
            code = 0
        except BaseException:  # any failure (even ^C): the parent does the work
            pass
        finally:
            os._exit(code)
    os.close(w)
    return Forked(pid, r)
