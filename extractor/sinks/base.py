from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Protocol

from ..errors import ConfigError
from ..models import Article

__all__ = ["AtomicFile", "Sink", "open_sink"]


class Sink(Protocol):
    def write(self, article: Article) -> None: ...

    def close(self) -> None: ...


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicFile:
    """A text file written to a temporary name and renamed into place on commit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        self.tmp = Path(tmp)
        self.fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        # mkstemp makes the file 0600; give it the permissions a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)


def open_sink(fmt: str, out: str | None, *, partition_by_year: bool = False) -> Sink:
    """``fmt``: jsonl | csv | parquet | duckdb. ``out``: a path, or None/'-' for
    stdout (jsonl only). parquet: a directory (``partition_by_year`` splits the
    articles by year of ``published``, the figures by their own ``year``); duckdb: the database file."""
    if fmt == "jsonl":
        from .jsonl import JsonlSink

        return JsonlSink(None if out is None or out == "-" else Path(out))
    if out in (None, "-") and fmt in ("csv", "parquet", "duckdb"):
        what = (
            "a directory or a file prefix"
            if fmt == "csv"
            else "a directory"
            if fmt == "parquet"
            else "a database file"
        )
        raise ConfigError(f"--format {fmt} needs -o OUT ({what})")
    assert out is not None
    if fmt == "csv":
        from .csv import CsvSink

        return CsvSink(Path(out))
    if fmt == "parquet":
        from .parquet import ParquetSink

        return ParquetSink(Path(out), partition_by_year=partition_by_year)
    if fmt == "duckdb":
        from .duckdb import DuckdbSink

        return DuckdbSink(Path(out))
    raise ConfigError(f"unknown output format {fmt!r} (jsonl, csv, parquet, duckdb)")
