"""The worker process: reads shards (or takes single pages), runs the page loop
under the soft budget and streams one message per page to its owner.

Messages to the owner: ``("start", task, seq, ref, url)`` before a page,
``("outcome", task, seq, outcome, line)`` after it (``line``: the part-file
line, for shards asked for as lines; then ``outcome`` is sent for errors only), ``("end", task, n)`` when the
task is done. From the owner: ``("init", config, budget, read)`` once, then
``("shard", task, shard, skip, poison, lines)`` or ``("item", task, item, poison)``; ``None``
ends the process. Started by ``multiprocessing`` (forkserver), or as
``python -m extractor.ingest.child FD`` where multiprocessing may not start
children (a daemonic Dask worker).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["child_main"]


def _watch_owner(owner: int) -> None:
    """If the owner dies without stopping us (SIGKILL, OOM killer), exit
    instead of waiting on a pipe nobody reads."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(owner, 0)
        except (ProcessLookupError, PermissionError):
            os._exit(1)
        if os.getppid() == 1 and owner != 1:
            os._exit(1)


def _run(conn: Connection) -> None:
    from ..models import Page
    from .budget import Budget, OverBudgetSignal, PageGuard
    from .loop import Call, PageLoop, item_ref
    from .outcomes import PageError, record_line
    from .shards import read_shard

    msg = conn.recv()
    if not msg or msg[0] != "init":
        return
    _, config, budget, read = msg
    assert isinstance(budget, Budget)
    guard = PageGuard(budget)
    loop = PageLoop(config)
    over = 0  # pages in a row interrupted for their budget

    def one(task: int, seq: int, item: Any, poison: dict[str, Any], lines: bool = False) -> None:
        nonlocal over
        ref, url = item_ref(item)
        conn.send(("start", task, seq, ref, url))
        if ref is not None and ref in poison:
            outcome = poison[ref]  # over its budget in an earlier run: not tried again
        elif not isinstance(item, Page | Call):
            outcome = loop.process(item)
        else:
            try:
                with guard:
                    if isinstance(item, Call):
                        outcome = getattr(loop.pipeline, item.method)(*item.args)
                    else:
                        outcome = loop.process(item)
                over = 0
            except OverBudgetSignal as exc:
                outcome = PageError(ref, url, str(exc), exc.reason, type(exc).__name__)
                loop.reset()
                over += 1
        if lines:  # the part-file line is made here; the owner needs only errors as objects
            line = record_line(outcome)
            conn.send(("outcome", task, seq, outcome if isinstance(outcome, PageError) else None, line))
        else:
            conn.send(("outcome", task, seq, outcome, None))
        if over >= 2:
            # twice in a row: something the interrupted code held may be stuck;
            # a fresh process (the owner starts one) is the safe way on
            conn.close()
            os._exit(3)

    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        op, task = msg[0], msg[1]
        seq = 0
        if op == "item":
            one(task, 0, msg[2], msg[3])
            seq = 1
        elif op == "shard":
            shard, skip, poison, lines = msg[2], msg[3], msg[4], msg[5]
            try:
                for item in read_shard(shard, read):
                    if seq >= skip:
                        one(task, seq, item, poison, lines)
                    seq += 1
            except Exception as exc:  # a reader bug: name the input, end the shard
                err = PageError(
                    shard.path, None, f"reading stopped: {type(exc).__name__}: {exc}"[:300],
                    "bad_input", type(exc).__name__,
                )  # fmt: skip
                conn.send(("start", task, seq, shard.path, None))
                conn.send(("outcome", task, seq, err, record_line(err) if lines else None))
                seq += 1
        conn.send(("end", task, seq))


def child_main(conn: Connection, owner: int) -> None:
    """Entry point of a worker process."""
    # Ctrl-C and SIGTERM are the owner's to handle: it stops the run, writes
    # what was finished and then stops this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watch_owner, args=(owner,), name="owner-watch", daemon=True).start()
    try:
        _run(conn)
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        pass
    finally:
        conn.close()


if __name__ == "__main__":  # python -m extractor.ingest.child FD OWNER
    child_main(Connection(int(sys.argv[1])), int(sys.argv[2]))
