"""WARC archive of a crawl (``DIR/warc/crawl-RRRR-NNN.warc.gz``) and re-processing.

Every fetched response is stored as a standard WARC/1.0 ``request`` + ``response``
pair (``WARC-Target-URI``, ``WARC-Date``, ``WARC-Concurrent-To``), one gzip member
per record, so any WARC tool (warcio, fastwarc, pywb) reads it. The response
payload is the *decoded* body: ``Content-Encoding``/``Transfer-Encoding`` are
removed from the stored HTTP headers (kept as ``X-Archive-Orig-*``) and
``Content-Length`` is set to the stored length. The extension header
``X-Crawl-Kind`` says what the crawler took the page for (article, seed, feed,
sitemap, listing, robots).

Each process writes a new file, so a crawl killed mid-write leaves at most one
truncated record at the end of one file; the reader reports it and goes on with
the next file. Re-processing reads the files through the ingestion layer (the
same reading and page loop as ``extract`` and ``batch``), newest file first, so
that with the one dedupe rule (first read wins) the last copy of a page wins.
"""

from __future__ import annotations

import io
import os
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..config import Config
from ..ingest import WorkerPool, plan_inputs
from ..ingest.dedupe import Deduper
from ..ingest.flags import read_options
from ..ingest.outcomes import Outcome
from ..models import Article, Rejection, RejectReason

__all__ = ["WarcArchive", "records_from_warc", "warc_files"]

_DROP = {"content-encoding", "transfer-encoding", "content-length"}


def warc_files(out_dir: Path) -> list[Path]:
    """The crawl's WARC files in the order they were written."""
    return sorted((out_dir / "warc").glob("crawl-*.warc.gz"))


class WarcArchive:
    """Appends request/response pairs to a fresh ``.warc.gz`` file in ``DIR/warc``."""

    def __init__(self, out_dir: Path, run_id: int) -> None:
        folder = out_dir / "warc"
        folder.mkdir(parents=True, exist_ok=True)
        n = 0
        while (folder / f"crawl-{run_id:04d}-{n:03d}.warc.gz").exists():
            n += 1
        self.path = folder / f"crawl-{run_id:04d}-{n:03d}.warc.gz"
        self._fh: IO[bytes] = open(self.path, "xb")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="WARC/1.0")

    def write(
        self,
        *,
        url: str,
        kind: str,
        status: int,
        reason: str,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        request_headers: Iterable[tuple[str, str]],
        http_version: str = "HTTP/1.1",
        date: str,
    ) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        req_http = StatusAndHeaders(
            f"GET {path} {http_version}", list(request_headers), is_http_request=True
        )
        stored: list[tuple[str, str]] = []
        for k, v in headers:
            if k.lower() in _DROP:
                if k.lower() != "content-length":
                    stored.append((f"X-Archive-Orig-{k}", v))
                continue
            stored.append((k, v))
        stored.append(("Content-Length", str(len(body))))
        resp_http = StatusAndHeaders(f"{status} {reason}".strip(), stored, protocol=http_version)
        resp_id = f"<urn:uuid:{uuid.uuid4()}>"
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=resp_http,
            warc_headers_dict={
                "WARC-Record-ID": resp_id,
                "WARC-Date": date,
                "X-Crawl-Kind": kind,
            },
        )
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=req_http,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": resp_id},
        )
        self._writer.write_record(request)
        self._writer.write_record(response)
        self._fh.flush()

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()


def records_from_warc(
    paths: Iterable[Path], pipeline: Any = None, *, config: Config | None = None
) -> tuple[list[Article], dict[str, int]]:
    """Re-run extraction over a crawl's WARC files without fetching anything.

    Every record goes through the page loop: non-2xx responses, pages the crawl
    archived as feeds, sitemaps or listings, and non-HTML bodies are rejected
    with their reason; ``--since``/``--topic`` apply as in the crawl. Returns
    the articles (sorted by URL, one per article) and counts by outcome.
    """
    cfg = config or (pipeline.config if pipeline is not None else Config())
    read = read_options(cfg)
    files = [str(p) for p in sorted(paths, key=lambda p: p.name, reverse=True)]
    outcomes: Counter[str] = Counter()
    articles: list[Article] = []
    dedupe = Deduper(None, cfg.batch.near_duplicate_threshold)
    try:
        with WorkerPool(cfg, workers=1, read=read) as pool:
            shards = plan_inputs(files, cfg.batch.shard_size, read)
            for _, got in pool.map_shards(shards, ordered=True):
                for outcome in got:
                    outcomes[_outcome_key(outcome, dedupe, articles)] += 1
    finally:
        dedupe.close()
    return sorted(articles, key=lambda a: a.url or ""), dict(outcomes)


def _outcome_key(outcome: Outcome, dedupe: Deduper, articles: list[Article]) -> str:
    if isinstance(outcome, Article):
        keep, dup_of = dedupe.check_article(outcome)
        if not keep:
            return "duplicate"
        outcome.duplicate_of = dup_of
        articles.append(outcome)
        return "article"
    if isinstance(outcome, Rejection):
        prefix = "filtered" if outcome.reason in (RejectReason.BEFORE_SINCE, RejectReason.OFF_TOPIC) else "rejected"
        return f"{prefix}:{outcome.reason}"
    return f"page_error:{outcome.reason}"
