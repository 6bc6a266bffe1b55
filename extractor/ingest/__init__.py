"""The ingestion layer: every input read one way, every page through one loop.

* Reading (``shards``, ``files``, ``warc``, ``archives``, ``jsonl``,
  ``fields``): files, folders, stdin, WARC/WARC.gz, zip, tar(.gz/.bz2/.xz),
  JSONL(.gz) -> ``Page`` / ``InputError`` / ``Rejection`` items with stable
  source references, JSON article fields mapped once.
* The loop (``loop``, ``steps``, ``outcomes``): item -> one typed outcome
  (``Article``, ``Rejection``, ``PageError``), filters as steps around
  ``Pipeline.process``, mergeable ``Stats``.
* Bounded runs (``budget``, ``pool``, ``limits``): a time and memory budget per
  page enforced in worker processes that are killed and replaced when stuck;
  capped decompression of every Content-Encoding.
* One URL identity and one dedupe rule (``urls``, ``dedupe``).
"""

from __future__ import annotations

from .budget import Budget
from .fields import ReadOptions
from .files import ARCHIVE_SUFFIXES, archive_kind, is_article_name
from .loop import PageLoop
from .outcomes import Outcome, PageError, Stats
from .pool import WorkerPool
from .shards import Item, Reader, Shard, iter_pages, plan_inputs, read_shard
from .urls import normalize_url, url_key

__all__ = [
    "ARCHIVE_SUFFIXES",
    "Budget",
    "Item",
    "Outcome",
    "PageError",
    "PageLoop",
    "ReadOptions",
    "Reader",
    "Shard",
    "Stats",
    "WorkerPool",
    "archive_kind",
    "is_article_name",
    "iter_pages",
    "normalize_url",
    "plan_inputs",
    "read_shard",
    "url_key",
]
