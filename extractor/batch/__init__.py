"""Batch processing of archives (WARC, zip, tar, JSONL, folders) on one machine
or a Dask cluster, resumable, with deduplication, atomic outputs and a budget
per page. Inputs are read by ``extractor.ingest``."""

from __future__ import annotations

from ..errors import InputError
from ..ingest import ARCHIVE_SUFFIXES, ReadOptions, Shard, archive_kind, iter_pages
from .runner import FORMATS, BatchOptions, Summary, run_batch

__all__ = [
    "ARCHIVE_SUFFIXES",
    "FORMATS",
    "BatchOptions",
    "InputError",
    "ReadOptions",
    "Shard",
    "Summary",
    "archive_kind",
    "iter_pages",
    "run_batch",
]
