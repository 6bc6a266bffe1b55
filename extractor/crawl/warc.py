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
truncated record at the end of one file; readers here stop at it and go on with
the next file. A page fetched again after a kill appears twice; the last copy
wins when re-processing.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..config import Config
from ..models import Article, Rejection
from ..pipeline import Pipeline
from .pages import article_filter, make_page

__all__ = ["WarcArchive", "iter_warc_responses", "records_from_warc", "warc_files"]

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


def iter_warc_responses(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Response records as dicts (url, status, headers, body, date, kind, ref).

    A truncated record at the end of a file (a killed crawl) ends that file.
    """
    for path in paths:
        with open(path, "rb") as fh:
            it = iter(ArchiveIterator(fh))
            while True:
                try:
                    record = next(it)
                except StopIteration:
                    break
                except Exception:  # truncated/corrupt tail of a killed crawl
                    break
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                try:
                    body = record.content_stream().read()
                except Exception:
                    break
                http = record.http_headers
                status = int(http.get_statuscode() or 0)
                yield {
                    "url": record.rec_headers.get_header("WARC-Target-URI"),
                    "status": status,
                    "headers": [(k, v) for k, v in http.headers],
                    "body": body,
                    "date": record.rec_headers.get_header("WARC-Date"),
                    "kind": record.rec_headers.get_header("X-Crawl-Kind"),
                    "ref": f"{path.name}#{record.rec_headers.get_header('WARC-Record-ID')}",
                }


def records_from_warc(
    paths: Iterable[Path], pipeline: Pipeline, *, config: Config | None = None
) -> tuple[list[Article], dict[str, int]]:
    """Re-run extraction over a crawl's WARC files without fetching anything.

    Only 200 responses the crawler took for articles are processed; for a URL seen
    several times (re-crawls, a page in flight at a kill) the last copy wins. Returns
    the articles (sorted by URL, one per article_id) and counts by outcome.
    """
    cfg = (config or pipeline.config).crawl
    latest: dict[str, dict[str, Any]] = {}
    for rec in iter_warc_responses(paths):
        if rec["kind"] == "article" and rec["status"] == 200 and rec["url"]:
            latest[rec["url"]] = rec
    outcomes: dict[str, int] = {}
    articles: dict[str, Article] = {}
    for url in sorted(latest):
        rec = latest[url]
        page = make_page(
            url,
            rec["status"],
            rec["headers"],
            rec["body"],
            fetched_at=rec["date"],
            source="warc",
            source_ref=rec["ref"],
        )
        result = pipeline.process(page)
        if isinstance(result, Rejection):
            key = f"rejected:{result.reason}"
        elif (why := article_filter(result, cfg)) is not None:
            key = f"filtered:{why}"
        elif result.article_id in {a.article_id for a in articles.values()}:
            key = "duplicate"
        else:
            key = "article"
            articles[url] = result
        outcomes[key] = outcomes.get(key, 0) + 1
    return [articles[u] for u in sorted(articles)], outcomes
