"""Inputs -> Pages, for callers of the Python API.

A thin front of ``extractor.ingest``, the one reading of every input that
``extract``, ``batch`` and ``crawl --reprocess`` share: files, folders
(walked recursively, non-article files skipped), stdin, and archives
(WARC/WARC.gz, zip, tar(.gz/.bz2/.xz), JSONL(.gz)) streamed record by record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .ingest import Item, ReadOptions
from .ingest import iter_pages as _iter_items
from .ingest.files import HTML_SUFFIXES, TEXT_SUFFIXES, items_from_bytes
from .models import Page

__all__ = ["HTML_SUFFIXES", "TEXT_SUFFIXES", "iter_pages", "page_from_path"]


def page_from_path(path: Path, opts: ReadOptions | None = None) -> Page:
    """Read one file into a Page; raises ``InputError`` with a one-line reason
    (also for a file that holds no article, or more than one)."""
    o = opts or ReadOptions()
    try:
        with path.open("rb") as fh:
            data = fh.read(o.max_bytes + 1)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    items = items_from_bytes(data, path.name, str(path), o, source="file")
    if len(items) == 1 and isinstance(items[0], Page):
        return items[0]
    if len(items) == 1 and isinstance(items[0], InputError):
        raise items[0]
    first = items[0] if items else None
    detail = getattr(first, "detail", "") or "not one article"
    raise InputError(str(path), detail)


def iter_pages(inputs: Iterable[str], opts: ReadOptions | None = None) -> Iterator[Item]:
    """Yield a Page per readable page of the inputs, the ``InputError`` of a
    bad input, record or member, and the ``Rejection`` of what the reader can
    already tell is not an article (a body over the size cap, a JSON file
    without a text field). Never raises for one bad input."""
    return _iter_items(inputs, opts)
