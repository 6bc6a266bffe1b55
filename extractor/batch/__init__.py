"""Batch processing of archives (WARC, zip, tar, JSONL, folders) on one machine
or a Dask cluster, resumable, with deduplication and atomic outputs."""

from __future__ import annotations

from .readers import ARCHIVE_SUFFIXES, BadRecord, ReadOptions, Shard, archive_kind, iter_archive
from .runner import FORMATS, BatchOptions, Summary, run_batch

__all__ = [
    "ARCHIVE_SUFFIXES",
    "FORMATS",
    "BadRecord",
    "BatchOptions",
    "ReadOptions",
    "Shard",
    "Summary",
    "archive_kind",
    "iter_archive",
    "run_batch",
]
