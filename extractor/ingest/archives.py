"""zip and tar(.gz/.bz2/.xz) readers.

Members are chosen by the folder rule (``files.is_article_name``). Each
member is read on its own, capped at ``max_bytes``: a corrupt member (a broken
deflate stream, a bad CRC, an unsupported method) is one ``InputError`` naming
``archive.zip::member`` and the members after it are still read. A tar that
is compressed cannot be seeked, so its pages travel inline in the shard; a
truncated one ends with one error naming where it broke.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Rejection, RejectReason
from .fields import ReadOptions
from .files import is_article_name, items_from_bytes
from .shards import Item, Shard, error_shard, short

__all__ = ["TarReader", "ZipReader", "is_compressed"]

# What reading a member may raise besides OSError.
_MEMBER_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, RuntimeError,
    NotImplementedError, ValueError, KeyError, tarfile.TarError, OSError,
)  # fmt: skip


def is_compressed(path: Path) -> bool:
    with path.open("rb") as fh:
        magic = fh.read(6)
    return magic[:2] == b"\x1f\x8b" or magic[:3] == b"BZh" or magic == b"\xfd7zXZ\x00"


class ZipReader:
    kinds: tuple[str, ...] = ("zip",)

    def plan(self, path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
        try:
            with zipfile.ZipFile(path) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir() and is_article_name(i.filename)]
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            yield error_shard(str(path), f"unreadable zip: {short(exc)}")
            return
        for start in range(0, len(infos), size):
            chunk = infos[start : start + size]
            yield Shard(
                str(path),
                "zip",
                tuple(i.filename for i in chunk),
                nbytes=sum(i.compress_size for i in chunk),
            )

    def read(self, shard: Shard, opts: ReadOptions) -> Iterator[Item]:
        try:
            zf = zipfile.ZipFile(shard.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            yield InputError(shard.path, f"unreadable zip: {short(exc)}")
            return
        with zf:
            for name in shard.refs:
                ref = f"{shard.path}::{name}"
                try:
                    info = zf.getinfo(name)
                    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and (
                        info.file_size > opts.max_bytes
                    ):
                        # bzip2/lzma members are inflated a whole block at a time
                        yield Rejection(
                            RejectReason.TOO_LARGE, f"more than {opts.max_bytes} bytes", ref
                        )
                        continue
                    with zf.open(info) as fh:
                        data = fh.read(opts.max_bytes + 1)
                except _MEMBER_ERRORS as exc:
                    yield InputError(ref, f"unreadable member: {short(exc)}")
                    continue
                yield from items_from_bytes(data, name, ref, opts, source="archive")


def _tar_shard(path: Path, seekable: bool, refs: list[Any], pages: list[Item], n: int) -> Shard:
    if seekable:
        return Shard(str(path), "tar", tuple(refs), nbytes=n)
    return Shard(str(path), "inline", pages=tuple(pages), nbytes=n)


class TarReader:
    kinds: tuple[str, ...] = ("tar",)

    def plan(self, path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
        seekable = not is_compressed(path)
        refs: list[Any] = []
        pages: list[Item] = []
        nbytes = 0
        where = "the start"
        failing: str | None = None  # the member being read when the stream broke
        try:
            tar = tarfile.open(path, "r:") if seekable else tarfile.open(path, "r|*")
            with tar as tf:
                while True:
                    member = tf.next()
                    if member is None:
                        break
                    tf.members = []  # type: ignore[attr-defined]  # else tarfile keeps every member
                    where = f"member {member.name!r}"
                    if not member.isfile() or not is_article_name(member.name):
                        continue
                    nbytes += member.size
                    ref = f"{path}::{member.name}"
                    if seekable:
                        refs.append((member.name, member.offset_data, member.size))
                    elif member.size > opts.max_bytes:
                        pages.append(
                            Rejection(
                                RejectReason.TOO_LARGE, f"more than {opts.max_bytes} bytes", ref
                            )
                        )
                    else:
                        failing = ref
                        fh = tf.extractfile(member)
                        data = fh.read(opts.max_bytes + 1) if fh is not None else b""
                        failing = None
                        pages.extend(items_from_bytes(data, member.name, ref, opts, source="archive"))
                    if len(refs) >= size or len(pages) >= size:
                        yield _tar_shard(path, seekable, refs, pages, nbytes)
                        refs, pages, nbytes = [], [], 0
        except _MEMBER_ERRORS as exc:
            if refs or pages:
                yield _tar_shard(path, seekable, refs, pages, nbytes)
            if failing is not None:
                yield error_shard(failing, f"unreadable member: {short(exc)}")
            else:
                yield error_shard(str(path), f"unreadable tar after {where}: {short(exc)}")
            return
        if refs or pages:
            yield _tar_shard(path, seekable, refs, pages, nbytes)

    def read(self, shard: Shard, opts: ReadOptions) -> Iterator[Item]:
        with open(shard.path, "rb") as fh:
            for name, offset, size in shard.refs:
                ref = f"{shard.path}::{name}"
                if size > opts.max_bytes:
                    yield Rejection(RejectReason.TOO_LARGE, f"more than {opts.max_bytes} bytes", ref)
                    continue
                fh.seek(offset)
                data = fh.read(size)
                if len(data) < size:
                    yield InputError(ref, f"truncated member ({size - len(data)} bytes missing)")
                    continue
                yield from items_from_bytes(data, name, ref, opts, source="archive")


def open_compressed(path: Path) -> Any:
    """A binary stream over ``path``, gzip/bzip2/xz undone (by magic bytes)."""
    with path.open("rb") as fh:
        magic = fh.read(6)
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if magic[:3] == b"BZh":
        return bz2.open(path, "rb")
    if magic == b"\xfd7zXZ\x00":
        return lzma.open(path, "rb")
    return path.open("rb")
