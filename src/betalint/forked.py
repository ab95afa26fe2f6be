"""Work done in forked copies of the process; results come back pickled through pipes.

Two uses in the engine:

* :func:`start`, one copy doing one job while the parent does another: the site checks.
  They run after every file is linted and only read what the parent holds (every file's
  result, the site). On the real corpus they took 0.7 s of a 3 s cold run, with one core
  idle. fork gives the copy all of that at once (copy-on-write: nothing is copied up
  front, nothing is pickled on the way in). Only its findings are pickled on the way back.
  Whatever goes wrong in the copy (an exception, a crash, a kill, a result that does not
  unpickle) comes back as None, and the caller does the work itself: nothing is lost.
* :func:`run_tasks`, a pool of workers linting the files, chunk by chunk: a worker shares
  the run's files and checks with the parent at no cost, and a worker that dies loses
  only the chunk it was on, which the caller knows and does again.
"""

from __future__ import annotations

import contextlib
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


def _fork_piped() -> tuple[int, int, int] | None:
    """A pipe, then a fork (both processes hold both ends): (pid, read end, write end), or
    None when either was refused (too many processes or open files)."""
    try:
        r, w = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    return pid, r, w


def available() -> bool:
    return hasattr(os, "fork")


def start(fn: Callable[[], Any]) -> Forked | None:
    """Run `fn` in a forked copy of this process; None when fork is not to be had (the
    caller runs `fn` itself)."""
    if not available():
        return None
    forked = _fork_piped()
    if forked is None:
        return None
    pid, r, w = forked
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


#: Size asked for each worker's result pipe (Linux; 1 MB is the default most an
#: unprivileged process may set): a worker's chunk of results, a few hundred KB pickled,
#: then goes in at once, and the worker goes on to its next chunk while the parent is
#: still busy with the previous one, instead of waiting for the parent to read it.
RESULT_PIPE_SIZE = 1 << 20
_TASK = 4  # bytes per task number in the task pipe
_HEADER = 8  # bytes of a result's length before it


def run_tasks(
    jobs: int,
    count: int,
    init: Callable[[], None],
    work: Callable[[int], Any],
    take: Callable[[int, Any], None],
) -> set[int] | None:
    """Do tasks ``0 … count-1`` in `jobs` forked workers: each runs `init` once, then
    ``work(k)`` for the tasks it takes, one at a time, until none is left; the parent gives
    each result to ``take(k, result)`` as it comes (in completion order). Returns the tasks
    whose results never came (their worker died: killed for memory, a crash in C code),
    or None when not even one worker could be forked (the caller does the work itself).

    Why not multiprocessing: importing it and concurrent.futures costs some 17 ms (logging,
    sockets, subprocess, tempfile…) and its executor runs two threads in the parent, all
    for what fork and pipes do here. Tasks are numbers of 4 bytes in one pipe that every
    worker reads (a read of 4 bytes when writes are whole numbers of them never splits
    one: the queue balances itself); results are length-prefixed pickles, on a pipe of
    each worker's own that the parent watches with ``poll``."""
    import select
    import signal

    if count <= 0:
        return set()
    if not hasattr(select, "poll"):
        return None
    tasks_r, tasks_w = os.pipe()
    os.set_blocking(tasks_w, False)  # never stuck writing while workers wait to be read
    pending = b"".join(k.to_bytes(_TASK, "little") for k in range(count))
    # a write of at most PIPE_BUF bytes to a pipe goes in whole or not at all
    step = max(_TASK, select.PIPE_BUF // _TASK * _TASK)
    pids: list[int] = []
    buffers: dict[int, bytearray] = {}
    returned: set[int] = set()
    finished = False
    try:
        for _ in range(min(jobs, count)):
            forked = _fork_piped()
            if forked is None:
                break
            pid, r, w = forked
            if pid == 0:  # never returns
                _serve(tasks_r, w, init, work, [tasks_w, r, *buffers])
            os.close(w)
            pids.append(pid)
            buffers[r] = bytearray()
        if not pids:
            return None
        os.close(tasks_r)
        tasks_r = -1
        # (poll rather than select: no limit on the descriptors' numbers)
        poller = select.poll()
        for fd in buffers:
            poller.register(fd, select.POLLIN)
        poller.register(tasks_w, select.POLLOUT)
        sent = 0
        while buffers:
            for fd, _event in poller.poll():
                if fd == tasks_w:
                    try:
                        sent += os.write(tasks_w, pending[sent : sent + step])
                    except BlockingIOError:
                        pass
                    except BrokenPipeError:  # every worker is gone: the rest is lost
                        sent = len(pending)
                    if sent >= len(pending):
                        poller.unregister(tasks_w)
                        os.close(tasks_w)
                        tasks_w = -1
                    continue
                data = os.read(fd, RESULT_PIPE_SIZE)
                if not data:  # the worker is done (or dead: a half-written result is dropped)
                    poller.unregister(fd)
                    os.close(fd)
                    del buffers[fd]
                    continue
                buf = buffers[fd]
                buf += data
                while len(buf) >= _HEADER:
                    size = int.from_bytes(buf[:_HEADER], "little")
                    if len(buf) < _HEADER + size:
                        break
                    with memoryview(buf) as view:
                        k, result = pickle.loads(view[_HEADER : _HEADER + size])
                    del buf[: _HEADER + size]
                    returned.add(k)
                    take(k, result)
        finished = True
    finally:
        for fd in (tasks_r, tasks_w, *buffers):
            if fd >= 0:
                os.close(fd)
        for pid in pids:
            if not finished:  # an exception here (^C, say): the workers are not needed
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return set(range(count)) - returned


def _serve(
    tasks: int, out: int, init: Callable[[], None], work: Callable[[int], Any], close: list[int]
) -> None:
    """A worker of :func:`run_tasks`: takes tasks until there are none; any failure ends
    it (the parent counts what it did not send back as lost)."""
    code = 1
    try:
        for fd in close:
            os.close(fd)
        _widen(out)
        init()
        while True:
            number = os.read(tasks, _TASK)
            if not number:
                break
            if len(number) != _TASK:
                raise OSError("a task number came cut")
            k = int.from_bytes(number, "little")
            data = pickle.dumps((k, work(k)), PROTOCOL)
            _write_all(out, len(data).to_bytes(_HEADER, "little"))
            _write_all(out, data)
        code = 0
    except BaseException:
        pass
    finally:
        os._exit(code)


def _widen(fd: int) -> None:
    """Ask for a larger pipe (Linux only; refused or unknown elsewhere: no matter)."""
    import fcntl

    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, setsize, RESULT_PIPE_SIZE)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
