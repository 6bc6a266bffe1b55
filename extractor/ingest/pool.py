"""Worker processes running the page loop, and the hard side of the budget.

``WorkerPool`` owns N worker processes (``child``). Each takes one task at a
time (a shard to read and process, or one page) and reports every page as it
starts and ends, so the pool always knows which page a worker is on and since
when. A worker that stays on a page ``grace`` seconds past the time budget, or
whose memory stays over the cap (or goes far over it), is killed; the page
becomes an error outcome (``timeout`` / ``too_large``) with its source, the
page is remembered (``poison``: a resumed run does not try it again), a new
worker starts and the shard goes on after that page. A worker that dies on a
page (a crash in C code) is handled the same way, with reason ``crash``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any

from ..config import Config
from .budget import Budget, rss_mb
from .fields import ReadOptions
from .loop import Call, item_ref
from .outcomes import Line, Outcome, PageError, record_line
from .procs import Handle, start_worker
from .shards import Item, Shard

__all__ = ["WorkerPool"]

TICK = 0.05
_LIVE: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


def _close_all() -> None:
    """At exit, stop the workers of pools nobody closed (the Python API keeps
    one per configuration). Registered after multiprocessing's own exit hook,
    so it runs first: the workers ignore SIGTERM, which that hook would send."""
    for pool in list(_LIVE):
        pool.close(kill=True)


atexit.register(_close_all)


@dataclass
class _Task:
    id: int
    shard: Shard | None = None
    item: Item | Call | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    lines: list[Line] | None = None  # part-file lines instead of outcomes (batch)
    next_seq: int = 0
    deaths: int = 0  # deaths between pages at the same next_seq
    death_seq: int = -1
    done: bool = False


@dataclass
class _Slot:
    handle: Handle | None = None
    task: _Task | None = None
    seq: int | None = None  # the page in work
    ref: str | None = None
    url: str | None = None
    started: float | None = None
    over_since: float | None = None
    kill_reason: str | None = None


class WorkerPool:
    """``map_shards`` (batch, extract, reprocess) and ``process`` (one page:
    crawl, the Python API) under the page budget of ``config.limits``."""

    def __init__(
        self,
        config: Config,
        *,
        workers: int = 1,
        read: ReadOptions | None = None,
        budget: Budget | None = None,
        poison: dict[str, PageError] | None = None,
        on_poison: Callable[[str, PageError], None] | None = None,
    ) -> None:
        self.config = config
        self.budget = budget or Budget.of(config)
        self.read = read or ReadOptions(max_bytes=config.content.max_bytes)
        self.poison: dict[str, PageError] = dict(poison or {})
        self.on_poison = on_poison
        self.slots = [_Slot() for _ in range(max(1, workers))]
        self.replaced = 0  # workers killed or dead and started again
        self._ids = 0
        self._closing = False
        _LIVE.add(self)

    # -- public ---------------------------------------------------------------
    def map_shards(
        self, shards: Iterable[Shard], *, ordered: bool = False
    ) -> Iterator[tuple[Shard, list[Outcome]]]:
        """``(shard, outcomes)`` as each shard finishes (in input order with
        ``ordered``). At most one shard per worker is in flight."""
        for shard, task in self._map(shards, ordered=ordered, lines=False):
            yield shard, task.outcomes

    def map_shard_lines(self, shards: Iterable[Shard]) -> Iterator[tuple[Shard, list[Line]]]:
        """``(shard, part-file lines)`` as each shard finishes: the lines (and
        the articles' dedupe keys) are made in the workers."""
        for shard, task in self._map(shards, ordered=False, lines=True):
            yield shard, task.lines or []

    def _map(
        self, shards: Iterable[Shard], *, ordered: bool, lines: bool
    ) -> Iterator[tuple[Shard, _Task]]:
        it = iter(shards)
        exhausted = False
        order: list[_Task] = []
        while True:
            for slot in self.slots:
                if slot.task is None and not exhausted:
                    shard = next(it, None)
                    if shard is None:
                        exhausted = True
                        break
                    task = self._new_task(shard=shard, lines=[] if lines else None)
                    order.append(task)
                    self._assign(slot, task)
            if ordered:
                while order and order[0].done:
                    t = order.pop(0)
                    assert t.shard is not None
                    yield t.shard, t
            busy = [s for s in self.slots if s.task is not None]
            if not busy:
                if exhausted:
                    for t in order:
                        assert t.shard is not None
                        yield t.shard, t
                    return
                continue
            for task in self._step(busy):
                if not ordered:
                    order.remove(task)
                    assert task.shard is not None
                    yield task.shard, task

    def process(self, item: Item | Call) -> Outcome:
        """One page through the loop (or one ``Call`` of a pipeline method), in
        the first worker, under the budget."""
        slot = self.slots[0]
        task = self._new_task(item=item)
        self._assign(slot, task)
        while not task.done and not self._closing:
            self._step([slot])
        if not task.outcomes:  # the worker died before it could start the page
            ref, url = item_ref(item)
            return PageError(ref, url, "the worker process died", "crash", "WorkerDied")
        return task.outcomes[0]

    def partial(self) -> list[tuple[Shard, list[Outcome]]]:
        """Shards in flight and the outcomes they have so far (for a run that
        is being stopped: what was finished is written)."""
        out = []
        for slot in self.slots:
            if slot.task is not None and slot.task.shard is not None:
                out.append((slot.task.shard, list(slot.task.outcomes)))
        return out

    def partial_lines(self) -> list[tuple[Shard, list[Line]]]:
        """``partial`` for shards asked for as lines."""
        out = []
        for slot in self.slots:
            task = slot.task
            if task is not None and task.shard is not None:
                out.append((task.shard, list(task.lines or [])))
        return out

    def close(self, *, kill: bool = False) -> None:
        self._closing = True
        for slot in self.slots:
            h = slot.handle
            slot.handle, slot.task = None, None
            if h is None:
                continue
            if kill:
                h.kill()
                continue
            with contextlib.suppress(OSError, ValueError):
                h.conn.send(None)
            if isinstance(h.proc, subprocess.Popen):
                try:
                    h.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    h.kill()
            else:
                h.proc.join(timeout=2)
                if h.proc.exitcode is None:
                    h.kill()
            with contextlib.suppress(OSError):
                h.conn.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.close(kill=exc_type is not None)

    # -- inside -----------------------------------------------------------------
    def _new_task(self, **kw: Any) -> _Task:
        self._ids += 1
        return _Task(self._ids, **kw)

    def _init(self) -> tuple[Any, ...]:
        return ("init", self.config, self.budget, self.read)

    def _assign(self, slot: _Slot, task: _Task) -> None:
        slot.task = task
        if slot.handle is None:
            slot.handle = start_worker(self._init())
        self._send(slot)

    def _send(self, slot: _Slot) -> None:
        task = slot.task
        assert task is not None and slot.handle is not None
        slot.started = slot.seq = slot.over_since = slot.kill_reason = None
        try:
            if task.shard is not None:
                slot.handle.conn.send(
                    ("shard", task.id, task.shard, task.next_seq, self.poison, task.lines is not None)
                )
            else:
                slot.handle.conn.send(("item", task.id, task.item, self.poison))
        except OSError:
            pass  # the worker is gone: seen as a death on the next step

    def _step(self, busy: list[_Slot]) -> list[_Task]:
        """Wait a tick for messages, apply them, enforce the budget; the tasks
        that finished."""
        finished: list[_Task] = []
        conns = {s.handle.conn: s for s in busy if s.handle is not None}
        for conn in wait(list(conns), timeout=TICK):
            slot = conns[conn]  # type: ignore[index]
            task = self._drain(slot)
            if task is not None:
                finished.append(task)
        self._watch(busy, finished)
        return finished

    def _drain(self, slot: _Slot) -> _Task | None:
        if slot.handle is None:
            return None
        conn = slot.handle.conn
        try:
            while conn.poll():
                msg = conn.recv()
                done = self._message(slot, msg)
                if done is not None:
                    return done
        except (EOFError, OSError):
            return self._died(slot)
        return None

    def _message(self, slot: _Slot, msg: tuple[Any, ...]) -> _Task | None:
        task = slot.task
        if task is None or msg[1] != task.id:
            return None  # a late message of a task already settled
        kind = msg[0]
        if kind == "start":
            slot.seq, slot.ref, slot.url = msg[2], msg[3], msg[4]
            slot.started, slot.over_since = time.monotonic(), None
        elif kind == "outcome":
            outcome, line = msg[3], msg[4]
            if task.lines is not None:
                task.lines.append(line)
            else:
                task.outcomes.append(outcome)
            task.next_seq = msg[2] + 1
            slot.started = slot.seq = None
            if isinstance(outcome, PageError) and outcome.reason in ("timeout", "too_large"):
                self._poison(outcome)
        elif kind == "end":
            return self._finish(slot)
        return None

    def _finish(self, slot: _Slot) -> _Task:
        task = slot.task
        assert task is not None
        task.done = True
        slot.task = None
        slot.started = slot.seq = None
        return task

    @staticmethod
    def _add(task: _Task, err: PageError) -> None:
        if task.lines is not None:
            task.lines.append(record_line(err))
        else:
            task.outcomes.append(err)

    def _poison(self, err: PageError) -> None:
        if err.source and err.source not in self.poison:
            self.poison[err.source] = err
            if self.on_poison is not None:
                self.on_poison(err.source, err)

    def _died(self, slot: _Slot) -> _Task | None:
        """The worker is gone (killed for its budget, or crashed): record the
        page it was on, start another, go on after that page."""
        task, h = slot.task, slot.handle
        if task is None or h is None:  # closed meanwhile
            return None
        h.reap()
        slot.handle = None
        if self._closing:
            task.done = True
            return None
        self.replaced += 1
        if slot.started is not None and slot.seq is not None:
            reason = slot.kill_reason or "crash"
            if reason == "timeout":
                msg = self.budget.timeout_message() + "; the worker was stopped and replaced"
            elif reason == "too_large":
                msg = self.budget.memory_message() + "; the worker was stopped and replaced"
            else:
                msg = f"the worker process died on this page ({h.exit_text()})"
            err = PageError(slot.ref, slot.url, msg, reason, "WorkerKilled")
            self._add(task, err)
            task.next_seq = slot.seq + 1
            self._poison(err)
        elif task.shard is None and task.outcomes:
            return self._finish(slot)  # the single page was done already
        else:
            if task.death_seq == task.next_seq:
                task.deaths += 1
            else:
                task.death_seq, task.deaths = task.next_seq, 1
            if task.deaths > 2:
                where = task.shard.path if task.shard is not None else None
                why = f"the worker process died repeatedly ({h.exit_text()})"
                self._add(task, PageError(where, None, why, "crash", "WorkerDied"))
                return self._finish(slot)
        if task.shard is None:
            return self._finish(slot)
        slot.handle = start_worker(self._init())
        self._send(slot)
        return None

    def _kill(self, slot: _Slot, reason: str) -> _Task | None:
        if slot.handle is None:
            return None
        slot.kill_reason = reason
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(slot.handle.pid, signal.SIGKILL)
        return self._drain_dead(slot)

    def _drain_dead(self, slot: _Slot) -> _Task | None:
        """Messages sent before the kill still count (the page may have ended
        just in time); then the death."""
        if slot.handle is None:
            return None
        conn = slot.handle.conn
        try:
            while True:
                msg = conn.recv()
                done = self._message(slot, msg)
                if done is not None:
                    if slot.handle is not None:
                        slot.handle.reap()
                        slot.handle = None
                    return done
        except (EOFError, OSError):
            return self._died(slot)

    def _watch(self, busy: list[_Slot], finished: list[_Task]) -> None:
        b = self.budget
        now = time.monotonic()
        for slot in busy:
            if slot.handle is None or slot.task is None or slot.started is None:
                continue
            reason = None
            if b.seconds and now - slot.started > b.seconds + b.grace:
                reason = "timeout"
            elif b.memory_mb:
                rss = rss_mb(slot.handle.pid)
                if rss is not None and rss > b.memory_mb * 1.5:
                    reason = "too_large"
                elif rss is not None and rss > b.memory_mb:
                    slot.over_since = slot.over_since or now
                    if now - slot.over_since > b.grace:
                        reason = "too_large"
                else:
                    slot.over_since = None
            if reason is not None:
                task = self._kill(slot, reason)
                if task is not None:
                    finished.append(task)
