"""Shard outcomes -> the JSON lines of a part file, and the per-shard task of a
Dask worker.

The work itself is the page loop (``extractor.ingest``) in worker processes
under the page budget, identical in a local run and on a Dask cluster: there
each Dask worker thread keeps its own worker process, so a page stuck in C
code is killed and replaced on the cluster too.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from ..config import Config
from ..ingest import PageError, ReadOptions, Shard, WorkerPool
from ..ingest.loop import pipeline_factory
from ..ingest.outcomes import Line, Outcome, record_line

__all__ = ["ShardResult", "lines_result", "pipeline_factory", "process_shard", "shard_result"]


@dataclass(frozen=True, slots=True)
class ShardResult:
    index: int
    key: str
    pages: int
    payload: bytes  # JSON lines, one per page outcome
    counts: dict[str, int] = field(default_factory=dict)


def shard_result(shard: Shard, outcomes: list[Outcome]) -> ShardResult:
    """The part file of a shard from its outcomes (one line each)."""
    return lines_result(shard, [record_line(o) for o in outcomes])


def lines_result(shard: Shard, lines: list[Line]) -> ShardResult:
    """The part file of a shard from its lines (made in the workers)."""
    counts = Counter(key for key, _ in lines)
    payload = b"".join(line for _, line in lines)
    return ShardResult(shard.index, shard.key, len(lines), payload, dict(counts))


_POOLS: dict[tuple[Config, int], WorkerPool] = {}
_LOCK = threading.Lock()


def process_shard(
    shard: Shard, config: Config, read: ReadOptions, poison: dict[str, PageError] | None = None
) -> ShardResult:
    """One shard on a Dask worker: through this thread's worker process."""
    key = (config, threading.get_ident())
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = WorkerPool(config, workers=1, read=read)
    pool.poison.update(poison or {})
    lines: list[Line] = []
    for _, got in pool.map_shard_lines([shard]):
        lines = got
    return lines_result(shard, lines)
