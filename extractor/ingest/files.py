"""Files, directories and stdin; which names are articles; bytes -> items.

A directory is walked in name order. Read as articles: ``.txt``/``.text``,
``.html``/``.htm``/``.xhtml``/``.shtml``, ``.json`` article objects and the
archives (WARC, zip, tar, JSONL). Not read: hidden entries, any other suffix
(``.md``, ``.toml``, images...) and documentation files whatever their suffix
(README, SCHEMA, LICENSE, CHANGELOG, manifest...). The same rule picks the
members of zip and tar archives. A file named on the command line is read
whatever its name (its type is then guessed from the bytes).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from ..errors import InputError
from ..models import Page, Rejection, RejectReason
from .fields import ReadOptions, pages_from_json
from .shards import Item, Shard, error_shard, reader_for

__all__ = [
    "ARCHIVE_SUFFIXES",
    "ARTICLE_SUFFIXES",
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "FilesReader",
    "archive_kind",
    "is_article_name",
    "items_from_bytes",
    "plan_path",
    "stdin_shard",
    "walk_sorted",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSON_SUFFIXES = frozenset({".json"})
ARTICLE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES
ARCHIVE_SUFFIXES: tuple[str, ...] = (
    ".warc", ".warc.gz", ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz",
    ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz",
)  # fmt: skip
_DOC_STEMS = frozenset(
    {"readme", "license", "licence", "copying", "notice", "changelog", "changes", "history",
     "authors", "contributors", "contributing", "schema", "manifest", "floors", "todo"}
)  # fmt: skip


def archive_kind(path: Path | str) -> str | None:
    """warc | zip | tar | jsonl for a supported archive name, else None."""
    name = str(path).lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
        return "tar"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        return "jsonl"
    return None


def is_article_name(name: str) -> bool:
    """Would a folder walk (or an archive listing) read this file as an article?"""
    p = PurePosixPath(name.replace("\\", "/"))
    if any(part.startswith(".") for part in p.parts if part not in (".", "..")):
        return False
    if p.suffix.lower() not in ARTICLE_SUFFIXES:
        return False
    stem = p.stem.lower().split(".")[0]
    return stem not in _DOC_STEMS


def _content_type(name: str) -> str | None:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in HTML_SUFFIXES:
        return "text/html"
    if suffix in TEXT_SUFFIXES:
        return "text/plain"
    return None


def items_from_bytes(
    data: bytes, name: str, ref: str, opts: ReadOptions, *, source: str
) -> list[Item]:
    """The items of one file (or archive member, or stdin) holding ``data``,
    which was read with a cap of ``max_bytes + 1``."""
    if len(data) > opts.max_bytes:
        return [Rejection(RejectReason.TOO_LARGE, f"more than {opts.max_bytes} bytes", ref)]
    suffix = os.path.splitext(name)[1].lower()
    if suffix in JSON_SUFFIXES:
        return list(pages_from_json(data, ref, opts, source=source))
    ctype = _content_type(name)
    if ctype is None and data.lstrip()[:1] in (b"{", b"["):
        # stdin or an unknown suffix holding a JSON article object
        items = list(pages_from_json(data, ref, opts, source=source))
        if not any(isinstance(i, InputError) for i in items):
            return items
    return [Page(content=data, source=source, source_ref=ref, content_type=ctype)]


def walk_sorted(directory: Path) -> Iterator[Path]:
    """Files under ``directory`` in a stable order, without listing the whole
    tree at once; hidden entries and symlinked folders are not followed."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk_sorted(Path(entry.path))
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


def _plan_archive(path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    kind = archive_kind(path)
    reader = reader_for("warc" if kind == "warc" else str(kind))
    try:
        yield from reader.plan(path, size, opts)
    except OSError as exc:
        yield error_shard(str(path), f"cannot read ({exc.strerror or exc})")


def _plan_dir(directory: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    loose: list[Path] = []
    found = False
    for p in walk_sorted(directory):
        if archive_kind(p):
            found = True
            if loose:
                yield from _plan_files(loose, str(directory), size)
                loose = []
            yield from _plan_archive(p, size, opts)
        elif is_article_name(p.name):
            found = True
            loose.append(p)
            if len(loose) >= size:
                yield from _plan_files(loose, str(directory), size)
                loose = []
    if loose:
        yield from _plan_files(loose, str(directory), size)
    if not found:
        yield error_shard(
            str(directory), "directory holds no article files (.txt, .html, .json) or archives"
        )


def plan_path(path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
    """Shards of one command-line input (file, archive or directory)."""
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except (OSError, ValueError) as exc:
        yield error_shard(str(path), f"cannot read ({exc})")
        return
    if is_dir:
        yield from _plan_dir(path, size, opts)
    elif not exists:
        yield error_shard(str(path), "no such file or directory")
    elif archive_kind(path):
        yield from _plan_archive(path, size, opts)
    else:
        yield from _plan_files([path], str(path), size)


def stdin_shard(opts: ReadOptions) -> Shard:
    data = sys.stdin.buffer.read(opts.max_bytes + 1)
    items = tuple(items_from_bytes(data, "", "-", opts, source="stdin"))
    return Shard("-", "inline", pages=items, nbytes=len(data))


class FilesReader:
    """``files`` shards: a list of paths, each read whole (up to the size cap)."""

    kinds: tuple[str, ...] = ("files",)

    def plan(self, path: Path, size: int, opts: ReadOptions) -> Iterator[Shard]:
        return _plan_files([path], str(path), size)

    def read(self, shard: Shard, opts: ReadOptions) -> Iterator[Item]:
        for name in shard.refs:
            try:
                with open(name, "rb") as fh:
                    data = fh.read(opts.max_bytes + 1)
            except IsADirectoryError:
                yield InputError(name, "is a directory")
                continue
            except PermissionError:
                yield InputError(name, "permission denied")
                continue
            except FileNotFoundError:
                yield InputError(name, "no such file")
                continue
            except OSError as exc:
                yield InputError(name, f"cannot read ({exc.strerror or exc})")
                continue
            yield from items_from_bytes(data, name, name, opts, source="file")
