"""Shard outcomes -> the JSON lines of a part file, and the per-shard task of a
Dask worker.

The work itself is the page loop (``extractor.ingest``) in worker processes
under the page budget, identical in a local run and on a Dask cluster: there
each Dask worker thread keeps its own worker process, so a page stuck in C
code is killed and replaced on the cluster too.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..ingest import PageError, ReadOptions, Shard, WorkerPool
from ..ingest.dedupe import dedupe_keys
from ..ingest.loop import pipeline_factory
from ..ingest.outcomes import Outcome, outcome_line
from ..models import Article

__all__ = ["ShardResult", "pipeline_factory", "process_shard", "shard_result"]


@dataclass(frozen=True, slots=True)
class ShardResult:
    index: int
    key: str
    pages: int
    payload: bytes  # JSON lines, one per page outcome
    counts: dict[str, int] = field(default_factory=dict)


def shard_result(shard: Shard, outcomes: list[Outcome]) -> ShardResult:
    """The part file of a shard: one line per outcome (articles carry their
    dedupe keys, computed here so that workers share the cost)."""
    counts: Counter[str] = Counter()
    lines: list[str] = []
    for outcome in outcomes:
        rec: dict[str, Any] = outcome_line(outcome)
        if isinstance(outcome, Article):
            rec["dedupe"] = dedupe_keys(outcome.url, outcome.text).to_dict()
            counts["article"] += 1
        elif isinstance(outcome, PageError):
            counts["error"] += 1
        else:
            counts[f"rejected:{rec['reason']}"] += 1
        lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
    payload = "".join(lines).encode("utf-8")
    return ShardResult(shard.index, shard.key, len(outcomes), payload, dict(counts))


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
    outcomes: list[Outcome] = []
    for _, got in pool.map_shards([shard]):
        outcomes = got
    return shard_result(shard, outcomes)
