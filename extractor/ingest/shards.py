"""Inputs -> shards -> Pages: the one reading of every input.

Reading is split in two so that work can be spread over processes or a Dask
cluster without ever holding an archive in memory:

* ``plan_inputs`` walks the inputs once and yields small ``Shard`` descriptors
  (a WARC path plus record offsets or a byte range, a zip path plus member
  names, a JSONL path plus line offsets, a list of files...). Streams that
  cannot be seeked (tar.gz, jsonl.gz, stdin) carry their pages inline.
* ``read_shard`` turns a shard back into items, in the process that does the
  work, reading the input from a path it can see.

An item is a ``Page``, an ``InputError`` (a bad input, record or member: one
line naming it) or a ``Rejection`` the reader can already give (a body over the
size cap, a JSON file that holds no article). Every item carries a stable
source reference: ``file.warc.gz@OFFSET``, ``archive.zip::member.html``,
``dump.jsonl:LINE`` or the path. ``iter_pages`` chains both steps; ``extract``,
``batch`` and ``crawl --reprocess`` all read through here, so the same path
gives the same Pages everywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError
from ..models import Page, Rejection
from .fields import ReadOptions

__all__ = [
    "Item",
    "Reader",
    "Shard",
    "error_shard",
    "iter_pages",
    "plan_inputs",
    "read_shard",
    "short",
]

Item = Page | InputError | Rejection


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work: up to ``shard_size`` pages of one input, by reference.

    ``kind``: warc (refs = record offsets), warcrange (refs = ((start, end),)
    byte range of a gzipped WARC), zip (member names), tar ((name, data
    offset, size)), jsonl ((line number, byte offset)), files (paths), inline
    (``pages`` carried along), error (``message`` says what failed).
    """

    path: str
    kind: str
    refs: tuple[Any, ...] = ()
    pages: tuple[Item, ...] = ()
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
            ids: list[Any] = [_ref_of(p) for p in self.pages]
        else:
            ids = list(self.refs)
        raw = json.dumps([self.path, self.kind, ids, self.message], default=str)
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _ref_of(item: Item) -> str | None:
    if isinstance(item, Page):
        return item.source_ref
    if isinstance(item, InputError):
        return item.source
    return item.source


class Reader(Protocol):
    """One input format: ``plan`` cuts an input into shards (cheaply, in the
    driver), ``read`` yields the items of one of its shards (in a worker)."""

    kinds: tuple[str, ...]

    def plan(self, path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]: ...

    def read(self, shard: Shard, opts: ReadOptions) -> Iterator[Item]: ...


def short(exc: BaseException) -> str:
    """A one-line, printable, bounded error message."""
    text = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:157] + "..."


def error_shard(path: str, message: str) -> Shard:
    return Shard(path, "error", message=message)


def _readers() -> dict[str, Reader]:
    from .archives import TarReader, ZipReader
    from .files import FilesReader
    from .jsonl import JsonlReader
    from .warc import WarcReader

    table: dict[str, Reader] = {}
    for reader in (WarcReader(), ZipReader(), TarReader(), JsonlReader(), FilesReader()):
        for kind in reader.kinds:
            table[kind] = reader
    return table


_READERS: dict[str, Reader] = {}


def reader_for(kind: str) -> Reader:
    if not _READERS:
        _READERS.update(_readers())
    return _READERS[kind]


def plan_inputs(
    inputs: Iterable[str], shard_size: int, opts: ReadOptions, *, stdin: bool = False
) -> Iterator[Shard]:
    """Shards for all inputs, in a stable order, numbered from 0.

    Directories are walked in name order (hidden entries and non-article files
    such as README.md, SCHEMA.md or floors.toml are not read); article files are
    grouped, archives found inside are planned on their own. ``-`` is stdin
    (read here, carried inline) when ``stdin`` is allowed. Unreadable inputs
    become ``error`` shards, so that they are reported like bad records.
    """
    from .files import plan_path, stdin_shard

    index = 0
    for raw in inputs:
        if raw == "-":
            shards: Iterable[Shard] = (
                [stdin_shard(opts)]
                if stdin
                else [error_shard(raw, "stdin is not supported here; use extractor extract -")]
            )
        else:
            shards = plan_path(Path(raw), shard_size, opts)
        for s in shards:
            yield Shard(s.path, s.kind, s.refs, s.pages, s.nbytes, s.message, index)
            index += 1


def read_shard(shard: Shard, opts: ReadOptions) -> Iterator[Item]:
    """The items of one shard, read from its input. Never raises for a bad
    record or member; an input that fails as a whole is one ``InputError``."""
    if shard.kind == "error":
        yield InputError(shard.path, shard.message)
        return
    if shard.kind == "inline":
        yield from shard.pages
        return
    try:
        yield from reader_for(shard.kind).read(shard, opts)
    except OSError as exc:
        yield InputError(shard.path, f"cannot read ({exc.strerror or short(exc)})")


def iter_pages(
    inputs: Iterable[str],
    opts: ReadOptions | None = None,
    *,
    shard_size: int = 256,
    stdin: bool = True,
) -> Iterator[Item]:
    """Every item of the inputs, in order (sequential use of plan + read)."""
    o = opts or ReadOptions()
    for shard in plan_inputs(inputs, shard_size, o, stdin=stdin):
        yield from read_shard(shard, o)
