"""Inputs -> Pages: files, directories (walked recursively), stdin, and
archives (WARC/WARC.gz, zip, tar(.gz), JSONL), which are streamed record by
record through the readers in ``extractor.batch.readers``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .models import Page

__all__ = ["HTML_SUFFIXES", "TEXT_SUFFIXES", "iter_pages", "page_from_path"]

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSON_SUFFIXES = frozenset({".json"})


def _content_type(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "text/html"
    if suffix in TEXT_SUFFIXES:
        return "text/plain"
    return None


def _page_from_json(path: Path, data: bytes) -> Page:
    """A JSON object with a ``text`` or ``html`` field (and optionally ``url``),
    such as the gold files in corpus/dev."""
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a JSON article ({exc.__class__.__name__})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("text") or obj.get("html"), str):
        raise InputError(str(path), "JSON article needs a 'text' or 'html' field")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    if isinstance(obj.get("html"), str):
        return Page(content=obj["html"].encode("utf-8"), url=url, source="file",
                    source_ref=str(path), content_type="text/html; charset=utf-8")
    return Page(content=obj["text"].encode("utf-8"), url=url, source="file",
                source_ref=str(path), content_type="text/plain; charset=utf-8")


def page_from_path(path: Path) -> Page:
    """Read one file into a Page; raises InputError with a one-line reason."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if path.suffix.lower() in JSON_SUFFIXES:
        return _page_from_json(path, data)
    return Page(
        content=data,
        url=None,
        source="file",
        source_ref=str(path),
        content_type=_content_type(path),
    )


def _walk(directory: Path) -> Iterator[Path]:
    for p in sorted(directory.rglob("*")):
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES:
            yield p


def _is_archive(path: Path) -> bool:
    from .batch.readers import archive_kind

    return archive_kind(path) is not None


def _archive_pages(path: Path) -> Iterator[Page | InputError]:
    from .batch.readers import BadRecord, iter_archive

    for item in iter_archive(path):
        if isinstance(item, BadRecord):
            yield InputError(item.source_ref, item.message)
        else:
            yield item


def iter_pages(inputs: Iterable[str]) -> Iterator[Page | InputError]:
    """Yield a Page per readable input, or the InputError for one that is not.

    Errors are yielded, not raised, so that one bad input never stops the rest.
    """
    for raw in inputs:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield Page(content=data, source="stdin", source_ref="-")
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for p in _walk(path):
                found = True
                try:
                    yield page_from_path(p)
                except InputError as exc:
                    yield exc
            if not found:
                yield InputError(raw, "directory holds no .txt, .html or .json files")
            continue
        if not path.exists():
            yield InputError(raw, "no such file or directory")
            continue
        if _is_archive(path):
            yield from _archive_pages(path)
            continue
        try:
            yield page_from_path(path)
        except InputError as exc:
            yield exc
