"""WARC / WARC.gz reader.

Records are parsed one at a time (warcio, without its HTTP parsing), so a bad
record (no ``WARC-Target-URI``, broken HTTP headers, a corrupt gzip member, a
truncated tail) is one ``InputError`` naming ``file.warc.gz@OFFSET`` and reading
goes on at the next record. The HTTP body is de-chunked and its
``Content-Encoding`` undone with the capped decoders of ``limits``.

A gzipped WARC is planned as byte ranges without decompressing it (each worker
finds the first record that starts in its range); a plain WARC is planned by
record offsets.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..models import Page, Rejection, RejectReason
from .fields import ReadOptions
from .limits import PIECE, UnsupportedEncoding, decode_body, parse_encodings
from .shards import Item, Shard, error_shard, short

__all__ = ["WARC_BYTES_PER_PAGE", "WarcReader", "http_page"]

# Bytes of compressed WARC per shard for each page of ``shard_size``.
WARC_BYTES_PER_PAGE = 40_000
_GZIP_MAGIC = b"\x1f\x8b\x08"
_HTTP = ("HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/2.0", "HTTP/0.9")


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _is_record_start(fh: IO[bytes], pos: int, gz: bool) -> bool:
    """Does a WARC record (in its own gzip member when ``gz``) start at ``pos``?"""
    fh.seek(pos)
    head = fh.read(16384)
    if gz:
        try:
            head = zlib.decompressobj(31).decompress(head, 4096)
        except zlib.error:
            return False
    return head.startswith(b"WARC/1.") and b"\nWARC-Type:" in head.split(b"\r\n\r\n", 1)[0]


def _next_record(fh: IO[bytes], start: int, end: int, gz: bool) -> int | None:
    """Offset of the first record starting in ``[start, end)``, or None."""
    if start < end and _is_record_start(fh, start, gz):
        return start
    marker = _GZIP_MAGIC if gz else b"\nWARC/1."
    skip = 0 if gz else 1  # the record starts after the newline
    pos = start
    while pos < end:
        fh.seek(pos)
        block = fh.read(min(1 << 20, end - pos) + len(marker))
        if not block:
            return None
        i = block.find(marker)
        while i != -1 and pos + i + skip < end:
            if pos + i + skip >= start and _is_record_start(fh, pos + i + skip, gz):
                return pos + i + skip
            i = block.find(marker, i + 1)
        pos += max(1, len(block) - len(marker))
    return None


def http_page(
    url: str,
    status: int | None,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    *,
    fetched_at: str | None,
    source: str,
    source_ref: str | None,
    kind: str | None = None,
) -> Page:
    """An HTTP response as a Page, built the same way for a live fetch and for
    its WARC record (so both give the same records for the same bytes)."""
    hdrs: dict[str, str] = {}
    for k, v in headers:
        k = k.lower()
        hdrs[k] = f"{hdrs[k]}, {v}" if k in hdrs else v
    return Page(
        content=body,
        url=url,
        headers=hdrs,
        status=status,
        source=source,
        source_ref=source_ref,
        fetched_at=fetched_at,
        content_type=hdrs.get("content-type"),
        meta={"crawl_kind": kind} if kind else {},
    )


def _http_status(statusline: str) -> int | None:
    try:
        return int(statusline.split()[0])
    except (IndexError, ValueError):
        return None


def _dechunk(read: Any, limit: int) -> Iterator[bytes]:
    """The body of a ``Transfer-Encoding: chunked`` payload, at most ``limit`` bytes."""
    total = 0
    while total <= limit:
        line = read.readline(100)
        if not line:
            return
        try:
            size = int(line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return
        if size == 0:
            return
        while size > 0 and total <= limit:
            piece = read.read(min(size, PIECE))
            if not piece:
                return
            size -= len(piece)
            total += len(piece)
            yield piece
        read.readline(4)  # the CRLF after the chunk


def _raw(stream: Any, limit: int) -> Iterator[bytes]:
    total = 0
    while total <= limit:
        piece = stream.read(PIECE)
        if not piece:
            return
        total += len(piece)
        yield piece


def _kept(pieces: Iterator[bytes], into: list[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        into.append(piece)
        yield piece


def _record_item(record: Any, ref: str, opts: ReadOptions) -> Item | None:
    """One WARC record as a Page (or why not); None for records that are not
    pages (warcinfo, request, metadata, dns:...)."""
    rtype = record.rec_type
    if rtype not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if url:
        url = url.strip().strip("<>")
    if not url:
        return InputError(ref, f"WARC {rtype} record without WARC-Target-URI")
    if rtype == "response" and not url.lower().startswith(("http:", "https:")):
        return None  # dns:, whois:, ftp: responses are not pages
    fetched = record.rec_headers.get_header("WARC-Date")
    kind = record.rec_headers.get_header("X-Crawl-Kind")
    stream = record.raw_stream
    pairs: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    status: int | None = None
    if rtype == "response":
        from warcio.statusandheaders import StatusAndHeadersParser

        try:
            http = StatusAndHeadersParser(list(_HTTP), verify=False).parse(stream)
        except Exception as exc:
            return InputError(ref, f"bad HTTP headers in WARC record: {short(exc)}", url)
        status = _http_status(http.statusline)
        if status is None:
            return InputError(ref, f"bad HTTP status line {http.statusline[:60]!r}", url)
        pairs = list(http.headers)
        for k, v in pairs:
            k = k.lower()
            headers[k] = f"{headers[k]}, {v}" if k in headers else v
    else:
        ctype = record.rec_headers.get_header("Content-Type")
        pairs = [("Content-Type", ctype)] if ctype else []
    limit = opts.max_bytes
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    pieces = _dechunk(stream, limit) if chunked else _raw(stream, limit)
    encodings = parse_encodings(headers.get("content-encoding"))
    raw: list[bytes] = []
    try:
        decoded = decode_body(_kept(pieces, raw) if encodings else pieces, encodings, limit)
        body, too_large = decoded.body, decoded.too_large
    except UnsupportedEncoding as exc:
        return InputError(ref, str(exc), url)
    except Exception:
        # the headers name an encoding the stored body no longer has (some tools
        # store the decoded body and keep the header): keep the bytes as stored
        raw.extend(pieces)
        body = b"".join(raw)
        too_large = len(body) > limit
    if too_large or len(body) > limit:
        return Rejection(
            RejectReason.TOO_LARGE, f"body over {limit} bytes (decoded)", source=ref, url=url
        )
    remaining = getattr(stream, "limit", 0)
    if remaining and remaining > 0 and not chunked and not encodings:
        return InputError(ref, f"truncated WARC record ({remaining} bytes missing)", url)
    page = http_page(
        url, status, pairs, body, fetched_at=fetched, source="warc", source_ref=ref, kind=kind
    )
    if status is None:  # a resource record: a stored file, not an HTTP response
        from dataclasses import replace

        page = replace(page, headers={})
    return page


def _walk(
    fh: IO[bytes], path: str, start: int, stop: int, gz: bool, parse: Callable[[Any], Any]
) -> Iterator[tuple[int, Any]]:
    """``(offset, parse(record))`` for each record starting in ``[start, stop)``;
    an unreadable record gives ``(offset, InputError)`` and the walk goes on at
    the next record found after it."""
    from warcio.archiveiterator import ArchiveIterator

    fh.seek(0, 2)
    size = fh.tell()
    pos = _next_record(fh, start, min(stop, size), gz)
    while pos is not None and pos < stop:
        fh.seek(pos)
        it = ArchiveIterator(fh, no_record_parse=True)
        records = iter(it)
        failed_at: int | None = None
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # unreadable record: name it, go on after it
                failed_at = it.offset
                if failed_at < stop:
                    yield failed_at, InputError(
                        f"{path}@{failed_at}", f"unreadable WARC record: {short(exc)}"
                    )
                break
            try:
                item = parse(record)
                offset = it.get_record_offset()
            except Exception as exc:
                failed_at = it.offset
                if failed_at < stop:
                    yield failed_at, InputError(
                        f"{path}@{failed_at}", f"unreadable WARC record: {short(exc)}"
                    )
                break
            if offset >= stop:
                return
            yield offset, item
        pos = _next_record(fh, failed_at + 1, size, gz)


def _is_page_record(record: Any) -> bool | None:
    return True if record.rec_type in ("response", "resource") else None


def _with_ref(item: Item, ref: str) -> Item:
    if isinstance(item, Page):
        from dataclasses import replace

        return replace(item, source_ref=ref)
    if isinstance(item, Rejection):
        return Rejection(item.reason, item.detail, source=ref, url=item.url)
    if item.source == "":
        return InputError(ref, item.reason, item.url)
    return item


class WarcReader:
    """``warc`` shards: record offsets of a plain WARC; ``warcrange`` shards:
    one byte range of a gzipped WARC."""

    kinds: tuple[str, ...] = ("warc", "warcrange")

    def plan(self, path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
        if _is_gzip(path):
            total = path.stat().st_size
            step = max(1, size * WARC_BYTES_PER_PAGE)
            for start in range(0, total, step):
                end = min(start + step, total)
                yield Shard(str(path), "warcrange", ((start, end),), nbytes=end - start)
            return
        offsets: list[int] = []
        boundary = 0
        total = path.stat().st_size
        try:
            with path.open("rb") as fh:
                for offset, item in _walk(fh, str(path), 0, total, False, _is_page_record):
                    if item is None:
                        continue
                    if len(offsets) >= size:
                        yield Shard(str(path), "warc", tuple(offsets), nbytes=offset - boundary)
                        offsets, boundary = [], offset
                    offsets.append(offset)
        except OSError as exc:
            if offsets:
                yield Shard(str(path), "warc", tuple(offsets))
            yield error_shard(str(path), f"cannot read ({exc.strerror or exc})")
            return
        if offsets:
            yield Shard(str(path), "warc", tuple(offsets), nbytes=total - boundary)

    def read(self, shard: Shard, opts: ReadOptions) -> Iterator[Item]:
        gz = shard.kind == "warcrange"

        def parse(record: Any) -> Item | None:
            return _record_item(record, "", opts)

        with open(shard.path, "rb") as fh:
            if gz:
                ((start, end),) = shard.refs
                for offset, item in _walk(fh, shard.path, start, end, True, parse):
                    if item is not None:
                        yield _with_ref(item, f"{shard.path}@{offset}")
                return
            for offset in shard.refs:
                ref = f"{shard.path}@{offset}"
                got = False
                for at, item in _walk(fh, shard.path, offset, offset + 1, False, parse):
                    if at != offset:
                        break
                    got = True
                    if item is not None:
                        yield _with_ref(item, ref)
                    break
                if not got:
                    yield InputError(ref, "no WARC record at this offset")
