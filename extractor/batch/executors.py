"""Where shards run: in this process (1 worker), in a local process pool, or on
a Dask distributed cluster. All three take the same shard iterator, keep a
bounded number of shards in flight (memory stays flat) and yield results as
they finish. Dask is imported only by ``DaskExecutor``.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ..config import Config
from ..errors import ConfigError, ExtractorError
from .readers import ReadOptions, Shard
from .worker import ShardResult, process_shard

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "default_workers", "make_executor"]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _worker_init(driver: int) -> None:
    """Ctrl-C is the driver's to handle: it stops submitting and shuts the pool
    down; finished shards are already committed, so a rerun resumes. If the
    driver dies without doing so (SIGKILL, OOM killer), the worker exits
    instead of hanging on its result pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(driver, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - pid reused by another user
                os._exit(1)

    threading.Thread(target=watch, name="driver-watch", daemon=True).start()


def _result(fut: Any) -> ShardResult:
    """A shard's result; a shard that failed as a whole (not one page: those
    are caught in the worker) stops the run with a one-line error, and the
    shards finished so far stay committed."""
    try:
        result: ShardResult = fut.result()
    except (ExtractorError, BrokenProcessPool, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise ExtractorError(
            f"a shard failed as a whole ({type(exc).__name__}: {exc}); "
            "run the same command again to resume"
        ) from exc
    return result


class Executor(Protocol):
    workers: int

    def run(
        self, shards: Iterable[Shard], config: Config, opts: ReadOptions
    ) -> Iterator[ShardResult]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """``workers == 1``: inline, no subprocess. Otherwise a process pool."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def run(
        self, shards: Iterable[Shard], config: Config, opts: ReadOptions
    ) -> Iterator[ShardResult]:
        if self.workers == 1:
            for shard in shards:
                yield process_shard(shard, config, opts)
            return
        method = (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        self._pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        limit = 2 * self.workers
        pending: set[Future[ShardResult]] = set()
        try:
            for shard in shards:
                pending.add(self._pool.submit(process_shard, shard, config, opts))
                if len(pending) >= limit:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        yield _result(fut)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield _result(fut)
        except BrokenProcessPool:
            raise ExtractorError(
                "a worker process died (out of memory or killed); run the same command again to resume"
            ) from None
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """Shards as tasks on a Dask distributed cluster; workers read the inputs
    from the paths in the shard and send the outcomes back to this process."""

    def __init__(self, address: str, timeout: float = 20.0) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise ConfigError("--scheduler needs Dask: pip install 'union-figures[dask]'") from None
        try:
            self.client: Any = distributed.Client(address, timeout=f"{timeout}s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def run(
        self, shards: Iterable[Shard], config: Config, opts: ReadOptions
    ) -> Iterator[ShardResult]:
        distributed: Any = importlib.import_module("distributed")
        limit = 2 * self.workers
        it = iter(shards)
        ac = distributed.as_completed()
        in_flight = 0
        for shard in it:
            ac.add(self.client.submit(process_shard, shard, config, opts, pure=False))
            in_flight += 1
            if in_flight >= limit:
                break
        for fut in ac:
            result = _result(fut)
            fut.release()
            yield result
            nxt = next(it, None)
            if nxt is not None:
                ac.add(self.client.submit(process_shard, nxt, config, opts, pure=False))

    def close(self) -> None:
        self.client.close()


def make_executor(workers: int, scheduler: str | None) -> Executor:
    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(workers or default_workers())
