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


class AtomicFile:
    """A text file written to a temporary name and renamed into place on commit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
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


def open_sink(fmt: str, out: str | None) -> Sink:
    """``fmt``: jsonl | csv. ``out``: a path, or None/'-' for stdout (jsonl only)."""
    if fmt == "jsonl":
        from .jsonl import JsonlSink

        return JsonlSink(None if out is None or out == "-" else Path(out))
    if fmt == "csv":
        from .csv import CsvSink

        if out is None or out == "-":
            raise ConfigError("--format csv needs -o OUT (a directory or a file prefix)")
        return CsvSink(Path(out))
    raise ConfigError(f"unknown output format {fmt!r} (jsonl, csv)")
