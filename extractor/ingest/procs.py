"""Starting and stopping worker processes (``child``): forked from a server that
has the pipeline loaded (``preload``), or started as ``python -m
extractor.ingest.child`` where multiprocessing may not have children (a
daemonic Dask worker)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Handle", "start_worker"]

_PRELOAD = ["extractor.ingest.child", "extractor.ingest.preload"]


class Handle:
    """One running worker process and the owner's end of its pipe."""

    def __init__(self, pid: int, conn: Connection, proc: Any) -> None:
        self.pid, self.conn, self.proc = pid, conn, proc

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)
        self.reap()

    def reap(self) -> None:
        if isinstance(self.proc, subprocess.Popen):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        else:
            self.proc.join(timeout=5)
        with contextlib.suppress(OSError):
            self.conn.close()

    def exit_text(self) -> str:
        code = self.proc.returncode if isinstance(self.proc, subprocess.Popen) else self.proc.exitcode
        if code is None:
            return "died"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"


def _pythonpath() -> str:
    """This package's location first, so ``-m extractor.ingest.child`` finds it."""
    from pathlib import Path

    here = str(Path(__file__).resolve().parents[2])
    old = os.environ.get("PYTHONPATH", "")
    return os.pathsep.join(p for p in (here, old) if p)


@contextlib.contextmanager
def _without_main() -> Iterator[None]:
    """Start a worker without re-running the caller's main script in it (the
    worker's code is all importable; a script without a ``__main__`` guard
    would otherwise run again in every worker)."""
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {
        a: main.__dict__[a] for a in ("__file__", "__spec__") if main and a in main.__dict__
    }
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                main.__dict__.pop("__spec__", None)


def start_worker(init: tuple[Any, ...]) -> Handle:
    from .child import child_main

    if multiprocessing.current_process().daemon:
        # a daemonic process (a Dask worker) may not use multiprocessing children
        ours, theirs = socket.socketpair()
        proc = subprocess.Popen(
            [sys.executable, "-m", "extractor.ingest.child", str(theirs.fileno()), str(os.getpid())],
            pass_fds=(theirs.fileno(),),
            env={**os.environ, "PYTHONPATH": _pythonpath()},
        )
        theirs.close()
        conn = Connection(ours.detach())
        handle = Handle(proc.pid, conn, proc)
    else:
        methods = multiprocessing.get_all_start_methods()
        ctx: Any = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            ctx.set_forkserver_preload(_PRELOAD)
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=child_main, args=(child, os.getpid()), name="extractor-worker", daemon=True
        )
        with _without_main():
            process.start()
        child.close()
        handle = Handle(int(process.pid or 0), parent, process)
    handle.conn.send(init)
    return handle


