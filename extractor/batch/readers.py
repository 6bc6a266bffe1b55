"""Archive readers: WARC / WARC.gz, zip, tar(.gz/.bz2/.xz), JSONL(.gz), folders.

Reading is split in two so that work can be spread over processes or a Dask
cluster without ever holding an archive in memory:

* ``plan_inputs`` walks the inputs once and yields small ``Shard`` descriptors
  (a WARC path plus record offsets, a zip path plus member names, a JSONL path
  plus line offsets...). Non-seekable streams (tar.gz, jsonl.gz) carry their
  pages inline, a shard at a time.
* ``read_shard`` turns a shard back into ``Page`` objects; it runs in the worker,
  which reads the input from a path it can see.

Every page gets a stable ``source_ref``: ``file.warc.gz@OFFSET`` (the offset
``warcio extract`` takes), ``archive.zip::member.html``, ``dump.jsonl:LINE``, or
the file path. ``iter_archive`` chains both steps for sequential use.
"""

from __future__ import annotations

import bz2
import dataclasses
import gzip
import hashlib
import json
import lzma
import os
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..models import Page

__all__ = [
    "ARCHIVE_SUFFIXES",
    "BadRecord",
    "ReadOptions",
    "Shard",
    "archive_kind",
    "iter_archive",
    "plan_inputs",
    "read_shard",
]

_HTML = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_TEXT = frozenset({".txt", ".text", ".md"})
ARCHIVE_SUFFIXES: tuple[str, ...] = (
    ".warc", ".warc.gz", ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz",
    ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz",
)  # fmt: skip

_HTML_FIELDS = ("html", "raw_html", "content_html", "body_html")
_TEXT_FIELDS = ("text", "content", "body", "maintext")
_URL_FIELDS = ("url", "link", "uri", "canonical_url")


@dataclass(frozen=True, slots=True)
class BadRecord:
    """An input or record that cannot be read; reported, never raised."""

    source_ref: str
    message: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: JSONL field names (None = detect) and a size cap."""

    html_field: str | None = None
    text_field: str | None = None
    url_field: str | None = None
    max_bytes: int = 20_000_000


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work: up to ``shard_size`` pages of one input, by reference.

    ``kind``: warc (refs = record offsets), warcrange (refs = ((start, end),)
    byte range of a gzipped WARC), zip (member names), tar ((name,
    data offset, size)), jsonl ((line number, byte offset)), files (paths),
    inline (``pages`` carried along), error (``message`` says what failed).
    """

    path: str
    kind: str
    refs: tuple[Any, ...] = ()
    pages: tuple[Page | BadRecord, ...] = ()
    nbytes: int = 0
    message: str = ""
    index: int = -1

    @property
    def size(self) -> int:
        return len(self.pages) if self.kind == "inline" else len(self.refs)

    @property
    def key(self) -> str:
        """Identity of the shard's content, checked when a run resumes."""
        if self.kind == "inline":
            ids: list[Any] = [p.source_ref for p in self.pages]
        else:
            ids = list(self.refs)
        raw = json.dumps([self.path, self.kind, ids, self.message], default=str)
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def archive_kind(path: Path) -> str | None:
    """warc | zip | tar | jsonl for a supported archive name, else None."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
        return "tar"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        return "jsonl"
    return None


def _file_type(name: str) -> str | None:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in _HTML:
        return "text/html"
    if suffix in _TEXT:
        return "text/plain"
    return None


# -- planning ----------------------------------------------------------------


def _walk_sorted(directory: Path) -> Iterator[Path]:
    """Files under ``directory`` in a stable order, without listing the whole tree."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_sorted(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _plan_files(files: Iterable[Path], group: str, size: int) -> Iterator[Shard]:
    batch: list[str] = []
    nbytes = 0
    for p in files:
        batch.append(str(p))
        try:
            nbytes += p.stat().st_size
        except OSError:
            pass
        if len(batch) >= size:
            yield Shard(group, "files", tuple(batch), nbytes=nbytes)
            batch, nbytes = [], 0
    if batch:
        yield Shard(group, "files", tuple(batch), nbytes=nbytes)


def _short(exc: BaseException) -> str:
    """A one-line, printable, bounded error message."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:157] + "..."


def _error(path: str, message: str) -> Shard:
    return Shard(path, "error", message=message)


def _plan_warc(path: Path, size: int) -> Iterator[Shard]:
    from warcio.archiveiterator import ArchiveIterator

    total = path.stat().st_size
    offsets: list[int] = []
    boundary = 0
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                if record.rec_type not in ("response", "resource"):
                    continue
                offset = it.get_record_offset()
                if len(offsets) >= size:
                    yield Shard(str(path), "warc", tuple(offsets), nbytes=offset - boundary)
                    offsets, boundary = [], offset
                offsets.append(offset)
        except Exception as exc:  # corrupt archive: keep what was planned, report the rest
            last = offsets[-1] if offsets else boundary
            if offsets:
                yield Shard(str(path), "warc", tuple(offsets), nbytes=0)
                offsets = []
            yield _error(str(path), f"unreadable WARC after offset {last}: {_short(exc)}")
    if offsets:
        yield Shard(str(path), "warc", tuple(offsets), nbytes=total - boundary)


def _plan_zip(path: Path, size: int) -> Iterator[Shard]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir() and _file_type(i.filename)]
    except (zipfile.BadZipFile, OSError) as exc:
        yield _error(str(path), f"unreadable zip: {_short(exc)}")
        return
    for start in range(0, len(infos), size):
        chunk = infos[start : start + size]
        yield Shard(
            str(path),
            "zip",
            tuple(i.filename for i in chunk),
            nbytes=sum(i.compress_size for i in chunk),
        )


def _open_compressed(path: Path) -> IO[bytes]:
    with path.open("rb") as fh:
        magic = fh.read(6)
    if magic[:2] == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    if magic[:3] == b"BZh":
        return bz2.open(path, "rb")
    if magic == b"\xfd7zXZ\x00":
        return lzma.open(path, "rb")
    return path.open("rb")


def _is_compressed(path: Path) -> bool:
    with path.open("rb") as fh:
        magic = fh.read(6)
    return magic[:2] == b"\x1f\x8b" or magic[:3] == b"BZh" or magic == b"\xfd7zXZ\x00"


def _plan_tar(path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    seekable = not _is_compressed(path)
    refs: list[Any] = []
    pages: list[Page | BadRecord] = []
    nbytes = 0
    try:
        tar = tarfile.open(path, "r:") if seekable else tarfile.open(path, "r|*")
        with tar as tf:
            while True:
                member = tf.next()
                if member is None:
                    break
                tf.members = []  # type: ignore[attr-defined]  # else tarfile keeps every member
                if not member.isfile() or not _file_type(member.name):
                    continue
                nbytes += member.size
                if seekable:
                    refs.append((member.name, member.offset_data, member.size))
                else:
                    fh = tf.extractfile(member)
                    data = fh.read(opts.max_bytes + 1) if fh is not None else b""
                    pages.append(_member_page(path, member.name, data))
                if len(refs) >= size or len(pages) >= size:
                    yield _tar_shard(path, seekable, refs, pages, nbytes)
                    refs, pages, nbytes = [], [], 0
    except (tarfile.TarError, OSError, EOFError, zipfile.BadZipFile) as exc:
        if refs or pages:
            yield _tar_shard(path, seekable, refs, pages, nbytes)
        yield _error(str(path), f"unreadable tar: {_short(exc)}")
        return
    if refs or pages:
        yield _tar_shard(path, seekable, refs, pages, nbytes)


def _tar_shard(
    path: Path, seekable: bool, refs: list[Any], pages: list[Page | BadRecord], n: int
) -> Shard:
    if seekable:
        return Shard(str(path), "tar", tuple(refs), nbytes=n)
    return Shard(str(path), "inline", pages=tuple(pages), nbytes=n)


def _plan_jsonl(path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    seekable = not _is_compressed(path)
    refs: list[tuple[int, int]] = []
    pages: list[Page | BadRecord] = []
    boundary = 0
    try:
        with _open_compressed(path) as fh:
            line_no = 0
            offset = 0
            while True:
                line = fh.readline()
                if not line:
                    break
                line_no += 1
                start, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                if seekable:
                    refs.append((line_no, start))
                else:
                    pages.append(_json_page(str(path), line_no, line, opts))
                if len(refs) >= size or len(pages) >= size:
                    yield _jsonl_shard(path, seekable, refs, pages, offset - boundary)
                    refs, pages, boundary = [], [], offset
    except (OSError, EOFError) as exc:
        if refs or pages:
            yield _jsonl_shard(path, seekable, refs, pages, 0)
        yield _error(str(path), f"unreadable JSONL: {_short(exc)}")
        return
    if refs or pages:
        total = path.stat().st_size if seekable else offset
        yield _jsonl_shard(path, seekable, refs, pages, total - boundary)


def _jsonl_shard(
    path: Path, seekable: bool, refs: list[tuple[int, int]], pages: list[Page | BadRecord], n: int
) -> Shard:
    if seekable:
        return Shard(str(path), "jsonl", tuple(refs), nbytes=n)
    return Shard(str(path), "inline", pages=tuple(pages), nbytes=n)


# Bytes of compressed WARC per shard for each page of ``shard_size``.
WARC_BYTES_PER_PAGE = 40_000


def _plan_warc_ranges(path: Path, size: int) -> Iterator[Shard]:
    """A gzipped WARC is split into byte ranges without reading it: each
    worker finds the first record that starts in its range and reads the
    records that start there (one gzip member per record, as the WARC spec
    recommends). The driver never decompresses the archive."""
    total = path.stat().st_size
    step = max(1, size * WARC_BYTES_PER_PAGE)
    for start in range(0, total, step):
        end = min(start + step, total)
        yield Shard(str(path), "warcrange", ((start, end),), nbytes=end - start)


def _plan_one(path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    kind = archive_kind(path)
    if kind == "warc" and _is_compressed(path):
        yield from _plan_warc_ranges(path, size)
    elif kind == "warc":
        yield from _plan_warc(path, size)
    elif kind == "zip":
        yield from _plan_zip(path, size)
    elif kind == "tar":
        yield from _plan_tar(path, size, opts)
    elif kind == "jsonl":
        yield from _plan_jsonl(path, size, opts)
    else:
        yield from _plan_files([path], str(path), size)


def plan_inputs(inputs: Iterable[str], shard_size: int, opts: ReadOptions) -> Iterator[Shard]:
    """Shards for all inputs, in a stable order, numbered from 0.

    Directories are walked in name order; plain .html/.txt files are grouped,
    archives found inside are planned on their own. Unreadable inputs become
    ``error`` shards, so that they are reported in the errors file.
    """
    index = 0

    def numbered(shards: Iterable[Shard]) -> Iterator[Shard]:
        nonlocal index
        for s in shards:
            yield Shard(s.path, s.kind, s.refs, s.pages, s.nbytes, s.message, index)
            index += 1

    for raw in inputs:
        path = Path(raw)
        if raw == "-":
            yield from numbered([_error(raw, "stdin is not supported by batch; use extract")])
        elif path.is_dir():
            yield from numbered(_plan_dir(path, shard_size, opts))
        elif not path.exists():
            yield from numbered([_error(raw, "no such file or directory")])
        else:
            yield from numbered(_plan_one(path, shard_size, opts))


def _plan_dir(directory: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    loose: list[Path] = []
    found = False
    for p in _walk_sorted(directory):
        if archive_kind(p):
            found = True
            if loose:
                yield from _plan_files(loose, str(directory), size)
                loose = []
            yield from _plan_one(p, size, opts)
        elif _file_type(p.name):
            found = True
            loose.append(p)
            if len(loose) >= size:
                yield from _plan_files(loose, str(directory), size)
                loose = []
    if loose:
        yield from _plan_files(loose, str(directory), size)
    if not found:
        yield _error(str(directory), "directory holds no .txt, .html or archive files")


# -- reading (worker side) ---------------------------------------------------


def _member_page(path: Path | str, name: str, data: bytes) -> Page:
    return Page(
        content=data,
        source="archive",
        source_ref=f"{path}::{name}",
        content_type=_file_type(name),
    )


def _pick(obj: dict[str, Any], wanted: str | None, candidates: tuple[str, ...]) -> Any:
    if wanted is not None:
        return obj.get(wanted)
    for name in candidates:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _json_page(path: str, line_no: int, line: bytes, opts: ReadOptions) -> Page | BadRecord:
    """A JSONL line as a Page, or the reason it is not a usable record."""
    ref = f"{path}:{line_no}"
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return _bad(ref, f"invalid JSON ({exc.__class__.__name__}: {exc})")
    if not isinstance(obj, dict):
        return _bad(ref, "JSON line is not an object")
    url = _pick(obj, opts.url_field, _URL_FIELDS)
    url = url if isinstance(url, str) and url else None
    html = _pick(obj, opts.html_field, _HTML_FIELDS) if opts.text_field is None else None
    if isinstance(html, str) and html.strip():
        data, ctype = html.encode("utf-8"), "text/html; charset=utf-8"
    else:
        text = _pick(obj, opts.text_field, _TEXT_FIELDS) if opts.html_field is None else None
        if not isinstance(text, str):
            fields = opts.html_field or opts.text_field or "html/text"
            return _bad(ref, f"no {fields} field", url)
        data, ctype = text.encode("utf-8"), "text/plain; charset=utf-8"
    return Page(content=data, url=url, source="jsonl", source_ref=ref, content_type=ctype)


def _bad(ref: str, message: str, url: str | None = None) -> BadRecord:
    return BadRecord(ref, message, url)


def _warc_page(record: Any, ref: str, max_bytes: int) -> Page:
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched = record.rec_headers.get_header("WARC-Date")
    headers: dict[str, str] = {}
    status: int | None = None
    if record.http_headers is not None and record.rec_type == "response":
        headers = {k.lower(): v for k, v in record.http_headers.headers}
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        ctype = headers.get("content-type")
    else:
        ctype = record.rec_headers.get_header("Content-Type")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) <= max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
        raise ValueError(f"truncated record ({record.raw_stream.limit} bytes missing)")
    return Page(
        content=data,
        url=url,
        headers=headers,
        status=status,
        source="warc",
        source_ref=ref,
        fetched_at=fetched,
        content_type=ctype,
    )


def _read_warc(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    from warcio.archiveiterator import ArchiveIterator

    with open(shard.path, "rb") as fh:
        for offset in shard.refs:
            ref = f"{shard.path}@{offset}"
            fh.seek(offset)
            try:
                record = next(iter(ArchiveIterator(fh)))
                page = _warc_page(record, ref, opts.max_bytes)
            except Exception as exc:
                yield BadRecord(ref, f"unreadable WARC record: {_short(exc)}")
                continue
            yield page


_GZIP_MAGIC = b"\x1f\x8b\x08"


def _is_record_start(fh: IO[bytes], pos: int) -> bool:
    """Does a gzip member holding a WARC record header start at ``pos``?"""
    fh.seek(pos)
    head = fh.read(16384)
    try:
        data = zlib.decompressobj(31).decompress(head, 4096)
    except zlib.error:
        return False
    return data.startswith(b"WARC/1.") and b"\r\nWARC-Type:" in data.split(b"\r\n\r\n", 1)[0]


def _first_record_at_or_after(fh: IO[bytes], start: int, end: int) -> int | None:
    """Offset of the first record starting in ``[start, end)``, or None."""
    if start == 0:
        return 0
    pos = start
    while pos < end:
        fh.seek(pos)
        block = fh.read(min(1 << 20, end - pos) + 2)
        if not block:
            return None
        i = block.find(_GZIP_MAGIC)
        while i != -1 and pos + i < end:
            if _is_record_start(fh, pos + i):
                return pos + i
            i = block.find(_GZIP_MAGIC, i + 1)
        pos += max(1, len(block) - 2)
    return None


def _read_warc_range(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    from warcio.archiveiterator import ArchiveIterator

    ((start, end),) = shard.refs
    with open(shard.path, "rb") as fh:
        first = _first_record_at_or_after(fh, start, end)
        if first is None:
            return
        fh.seek(first)
        it = ArchiveIterator(fh)
        offset = first
        try:
            for record in it:
                # warcio reads a record to its end to tell its offset: read the
                # payload first, then ask where the record started.
                page: Page | BadRecord | None = None
                if record.rec_type in ("response", "resource"):
                    try:
                        page = _warc_page(record, "", opts.max_bytes)
                    except Exception as exc:
                        page = BadRecord("", f"unreadable WARC record: {_short(exc)}")
                offset = it.get_record_offset()
                if offset >= end:
                    break
                if page is not None:
                    yield dataclasses.replace(page, source_ref=f"{shard.path}@{offset}")
        except Exception as exc:  # corrupt archive: report where, go on with other shards
            yield BadRecord(
                f"{shard.path}@{offset}", f"unreadable WARC after offset {offset}: {_short(exc)}"
            )


def _read_zip(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    with zipfile.ZipFile(shard.path) as zf:
        for name in shard.refs:
            try:
                with zf.open(name) as fh:
                    data = fh.read(opts.max_bytes + 1)
            except (zipfile.BadZipFile, OSError, KeyError, RuntimeError) as exc:
                yield BadRecord(f"{shard.path}::{name}", f"unreadable member: {_short(exc)}")
                continue
            yield _member_page(shard.path, name, data)


def _read_tar(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    with open(shard.path, "rb") as fh:
        for name, offset, size in shard.refs:
            fh.seek(offset)
            data = fh.read(min(size, opts.max_bytes + 1))
            yield _member_page(shard.path, name, data)


def _read_jsonl(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    with open(shard.path, "rb") as fh:
        for line_no, offset in shard.refs:
            fh.seek(offset)
            yield _json_page(shard.path, line_no, fh.readline(), opts)


def _read_files(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    for name in shard.refs:
        try:
            with open(name, "rb") as fh:
                data = fh.read(opts.max_bytes + 1)
        except OSError as exc:
            yield BadRecord(name, f"cannot read ({exc.strerror or exc})")
            continue
        yield Page(content=data, source="file", source_ref=name, content_type=_file_type(name))


_READERS: dict[str, Callable[[Shard, ReadOptions], Iterator[Page | BadRecord]]] = {
    "warc": _read_warc,
    "warcrange": _read_warc_range,
    "zip": _read_zip,
    "tar": _read_tar,
    "jsonl": _read_jsonl,
    "files": _read_files,
}


def read_shard(shard: Shard, opts: ReadOptions) -> Iterator[Page | BadRecord]:
    """The pages of one shard, read from its input; bad records are yielded
    as ``InputError`` values so one bad record never stops the rest."""
    if shard.kind == "error":
        yield BadRecord(shard.path, shard.message)
        return
    if shard.kind == "inline":
        yield from shard.pages
        return
    try:
        yield from _READERS[shard.kind](shard, opts)
    except OSError as exc:
        yield BadRecord(shard.path, f"cannot read ({exc.strerror or exc})")


def iter_archive(
    path: Path, opts: ReadOptions | None = None, shard_size: int = 256
) -> Iterator[Page | BadRecord]:
    """Stream the pages of one input (archive, file or directory) in order."""
    o = opts or ReadOptions()
    for shard in plan_inputs([str(path)], shard_size, o):
        yield from read_shard(shard, o)
