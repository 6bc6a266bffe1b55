"""Where shards run: local worker processes (``-j N``, under the page budget,
stuck workers killed and replaced) or a Dask distributed cluster. Both take
the same shard iterator, keep a bounded number of shards in flight (memory
stays flat) and yield results as they finish. Dask is imported only by
``DaskExecutor``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from ..config import Config
from ..errors import ConfigError, ExtractorError
from ..ingest import PageError, ReadOptions, Shard, WorkerPool
from ..ingest.outcomes import Line
from .worker import ShardResult, lines_result, process_shard

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "default_workers", "make_executor"]

OnPoison = Callable[[str, PageError], None]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _result(fut: Any) -> ShardResult:
    """A shard's result; a shard that failed as a whole (not one page: those
    are caught in the worker) stops the run with a one-line error, and the
    shards finished so far stay committed."""
    try:
        result: ShardResult = fut.result()
    except (ExtractorError, KeyboardInterrupt):
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
        self,
        shards: Iterable[Shard],
        config: Config,
        opts: ReadOptions,
        *,
        poison: dict[str, PageError],
        on_poison: OnPoison | None = None,
    ) -> Iterator[ShardResult]: ...

    def partial(self) -> list[tuple[Shard, list[Line]]]: ...

    def close(self, *, kill: bool = False) -> None: ...


class LocalExecutor:
    """N worker processes on this machine (``WorkerPool``)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: WorkerPool | None = None

    def run(
        self,
        shards: Iterable[Shard],
        config: Config,
        opts: ReadOptions,
        *,
        poison: dict[str, PageError],
        on_poison: OnPoison | None = None,
    ) -> Iterator[ShardResult]:
        self._pool = WorkerPool(
            config, workers=self.workers, read=opts, poison=poison, on_poison=on_poison
        )
        for shard, lines in self._pool.map_shard_lines(shards):
            yield lines_result(shard, lines)

    def partial(self) -> list[tuple[Shard, list[Line]]]:
        return self._pool.partial_lines() if self._pool is not None else []

    def close(self, *, kill: bool = False) -> None:
        if self._pool is not None:
            self._pool.close(kill=kill)
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
        self,
        shards: Iterable[Shard],
        config: Config,
        opts: ReadOptions,
        *,
        poison: dict[str, PageError],
        on_poison: OnPoison | None = None,
    ) -> Iterator[ShardResult]:
        distributed: Any = importlib.import_module("distributed")
        limit = 2 * self.workers
        it = iter(shards)
        ac = distributed.as_completed()
        in_flight = 0
        for shard in it:
            ac.add(self.client.submit(process_shard, shard, config, opts, poison, pure=False))
            in_flight += 1
            if in_flight >= limit:
                break
        for fut in ac:
            result = _result(fut)
            fut.release()
            yield result
            nxt = next(it, None)
            if nxt is not None:
                ac.add(self.client.submit(process_shard, nxt, config, opts, poison, pure=False))

    def partial(self) -> list[tuple[Shard, list[Line]]]:
        return []  # shards in flight on the cluster are redone by the next run

    def close(self, *, kill: bool = False) -> None:
        self.client.close()


def make_executor(workers: int, scheduler: str | None) -> Executor:
    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(workers or default_workers())
