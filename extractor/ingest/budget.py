"""The per-page budget: wall time and resident memory.

Two layers. In the worker process a page runs under a *soft* guard: a timer
(``SIGALRM``) and a memory watcher thread raise ``PageTimeout`` /
``PageTooLarge`` in the page's own code, which unwinds, frees what the page
took and becomes an error outcome; the worker then rebuilds its pipeline and
goes on. Code that never returns to Python (stuck in a C library) cannot be
interrupted that way, so the process that owns the workers (``pool``) also
watches each one and kills it once it is ``grace`` seconds past the budget (or
far over the memory cap), records the page and starts a new worker.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any

from ..config import Config, LimitsConfig

__all__ = ["Budget", "OverBudgetSignal", "PageGuard", "PageTimeout", "PageTooLarge", "rss_mb"]


@dataclass(frozen=True, slots=True)
class Budget:
    seconds: float = 30.0  # 0 = no time limit
    memory_mb: int = 1536  # 0 = no memory limit
    grace: float = 5.0

    @classmethod
    def of(cls, config: Config | LimitsConfig) -> Budget:
        lim = config.limits if isinstance(config, Config) else config
        return cls(lim.page_seconds, lim.page_memory_mb, lim.grace_seconds)

    def timeout_message(self) -> str:
        return f"over the {self.seconds:g} s page budget"

    def memory_message(self) -> str:
        return f"over the {self.memory_mb} MB page memory budget"


class OverBudgetSignal(BaseException):
    """Raised inside a page's code; a BaseException so that no ``except
    Exception`` in the pipeline can swallow it."""

    reason = "error"


class PageTimeout(OverBudgetSignal):
    reason = "timeout"


class PageTooLarge(OverBudgetSignal):
    reason = "too_large"


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb(pid: int | None = None) -> float | None:
    """Resident memory of a process in MB (Linux /proc), None when unknown."""
    try:
        with open(f"/proc/{pid or 'self'}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE / (1 << 20)
    except (OSError, ValueError, IndexError):
        return None


class PageGuard:
    """The soft budget of the page being processed in this (main) thread."""

    def __init__(self, budget: Budget, poll: float = 0.02) -> None:
        self.budget = budget
        self.poll = poll
        self._in_page = False
        self._over_memory = False
        self._main = threading.main_thread().ident
        self._armed = threading.Event()
        self._usable = threading.current_thread() is threading.main_thread()
        if self._usable and budget.seconds > 0:
            signal.signal(signal.SIGALRM, self._on_alarm)
        if self._usable and budget.memory_mb > 0 and rss_mb() is not None:
            signal.signal(signal.SIGUSR2, self._on_memory)
            threading.Thread(target=self._watch_memory, name="page-memory", daemon=True).start()

    # signal handlers run in the main thread between two bytecodes of the page's code
    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        if self._in_page:
            self._in_page = False
            raise PageTimeout(self.budget.timeout_message())

    def _on_memory(self, signum: int, frame: FrameType | None) -> None:
        if self._in_page and self._over_memory:
            self._in_page = False
            raise PageTooLarge(self.budget.memory_message())

    def _watch_memory(self) -> None:
        cap = self.budget.memory_mb
        while True:
            self._armed.wait()
            rss = rss_mb()
            if self._in_page and rss is not None and rss > cap:
                self._over_memory = True
                if self._main is not None:
                    signal.pthread_kill(self._main, signal.SIGUSR2)
                time.sleep(self.poll * 5)
            time.sleep(self.poll)

    def __enter__(self) -> PageGuard:
        self._over_memory = False
        self._in_page = True
        if self._usable:
            self._armed.set()
            if self.budget.seconds > 0:
                signal.setitimer(signal.ITIMER_REAL, self.budget.seconds)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._in_page = False
        if self._usable:
            self._armed.clear()
            if self.budget.seconds > 0:
                signal.setitimer(signal.ITIMER_REAL, 0)
