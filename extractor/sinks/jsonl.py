from __future__ import annotations

import json
import sys
from pathlib import Path

from ..models import Article
from .base import AtomicFile

__all__ = ["JsonlSink"]


class JsonlSink:
    """One JSON object per article per line, figures nested."""

    def __init__(self, path: Path | None) -> None:
        self._file = AtomicFile(path) if path is not None else None

    def write(self, article: Article) -> None:
        line = json.dumps(article.to_dict(), ensure_ascii=False) + "\n"
        if self._file is None:
            sys.stdout.write(line)
        else:
            self._file.fh.write(line)

    def close(self) -> None:
        if self._file is None:
            sys.stdout.flush()
        else:
            self._file.commit()
