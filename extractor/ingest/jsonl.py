"""JSONL(.gz) dumps: one article object per line (``fields`` maps its names).

Lines are read with a cap: a line longer than ``max_bytes`` is one
``too_large`` rejection (``dump.jsonl:LINE``) and is skipped without being held
in memory; a line that is not JSON, or has no body field, is one error line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..models import Rejection, RejectReason
from .archives import is_compressed, open_compressed
from .fields import ReadOptions, page_from_object
from .shards import Item, Shard, error_shard, short

__all__ = ["JsonlReader", "item_from_line"]


def item_from_line(path: str, line_no: int, line: bytes, opts: ReadOptions) -> Item:
    ref = f"{path}:{line_no}"
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return InputError(ref, f"invalid JSON ({exc.__class__.__name__}: {short(exc)})")
    return page_from_object(obj, ref, opts, source="jsonl")


def _lines(fh: IO[bytes], cap: int) -> Iterator[tuple[int, int, bytes | None]]:
    """``(line number, byte offset, line)``; line is None when over ``cap``
    (the rest of it is skipped in pieces)."""
    line_no = 0
    offset = 0
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        line_no += 1
        start = offset
        offset += len(line)
        if len(line) > cap and not line.endswith(b"\n"):
            while True:
                more = fh.readline(1 << 20)
                offset += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield line_no, start, None
            continue
        yield line_no, start, line


class JsonlReader:
    kinds: tuple[str, ...] = ("jsonl",)

    def plan(self, path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
        seekable = not is_compressed(path)
        refs: list[tuple[int, int]] = []
        pages: list[Item] = []
        boundary = 0
        offset = 0
        try:
            with open_compressed(path) as fh:
                for line_no, start, line in _lines(fh, opts.max_bytes):
                    offset = start + (len(line) if line is not None else 0)
                    if line is not None and not line.strip():
                        continue
                    if seekable:
                        refs.append((line_no, start))
                    elif line is None:
                        pages.append(_too_long(str(path), line_no, opts))
                    else:
                        pages.append(item_from_line(str(path), line_no, line, opts))
                    if len(refs) >= size or len(pages) >= size:
                        yield self._shard(path, seekable, refs, pages, start - boundary)
                        refs, pages, boundary = [], [], start
        except (OSError, EOFError, ValueError) as exc:
            if refs or pages:
                yield self._shard(path, seekable, refs, pages, 0)
            yield error_shard(str(path), f"unreadable JSONL after byte {offset}: {short(exc)}")
            return
        if refs or pages:
            total = path.stat().st_size if seekable else offset
            yield self._shard(path, seekable, refs, pages, max(0, total - boundary))

    @staticmethod
    def _shard(
        path: Path, seekable: bool, refs: list[tuple[int, int]], pages: list[Item], n: int
    ) -> Shard:
        if seekable:
            return Shard(str(path), "jsonl", tuple(refs), nbytes=n)
        return Shard(str(path), "inline", pages=tuple(pages), nbytes=n)

    def read(self, shard: Shard, opts: ReadOptions) -> Iterator[Item]:
        with open(shard.path, "rb") as fh:
            for line_no, offset in shard.refs:
                fh.seek(offset)
                line = fh.readline(opts.max_bytes + 1)
                if len(line) > opts.max_bytes and not line.endswith(b"\n"):
                    yield _too_long(shard.path, line_no, opts)
                    continue
                yield item_from_line(shard.path, line_no, line, opts)


def _too_long(path: str, line_no: int, opts: ReadOptions) -> Rejection:
    return Rejection(
        RejectReason.TOO_LARGE, f"line longer than {opts.max_bytes} bytes", f"{path}:{line_no}"
    )
