"""The ingestion tests use the batch fixtures (fixture pages, WARC writer)."""

from __future__ import annotations

from tests.batch.conftest import config, make_warc, pages, patterns_dir

__all__ = ["config", "make_warc", "pages", "patterns_dir"]
