"""Command-line pieces shared by ``extract``, ``batch`` and ``crawl``: how inputs
are read (JSON field names), the page budget, checking ``-o`` before any work,
stopping cleanly on SIGTERM, and leaving no temporary files behind."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ConfigError
from .fields import ReadOptions

__all__ = [
    "add_budget_flags",
    "add_input_flags",
    "budget_overrides",
    "check_output_dir",
    "check_output_file",
    "input_overrides",
    "read_options",
    "remove_stale_parts",
    "stop_on_signals",
]


def add_input_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--html-field", metavar="NAME",
                   help="JSON/JSONL: field holding the HTML (default: html, raw_html...)")  # fmt: skip
    p.add_argument("--text-field", metavar="NAME",
                   help="JSON/JSONL: field holding plain text (default: text, content...)")  # fmt: skip
    p.add_argument("--url-field", metavar="NAME",
                   help="JSON/JSONL: field holding the URL (default: url, link...)")  # fmt: skip
    p.add_argument("--field", action="append", default=None, metavar="NAME=FIELD",
                   help="JSON/JSONL: read NAME (title, published, province, author, url, html, "
                        "text) from FIELD, e.g. --field published=date (repeatable)")  # fmt: skip


def add_budget_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--page-timeout", type=float, default=None, metavar="SECONDS",
                   help="wall-time budget per page (default 30; 0 = none); a page over it is "
                        "an error record with reason timeout and the run goes on")  # fmt: skip
    p.add_argument("--page-memory", type=int, default=None, metavar="MB",
                   help="memory budget of a worker on one page (default 1536; 0 = none): "
                        "reason too_large")  # fmt: skip


def input_overrides(args: argparse.Namespace) -> dict[str, Any]:
    fields = getattr(args, "field", None)
    return {
        "batch.html_field": getattr(args, "html_field", None),
        "batch.text_field": getattr(args, "text_field", None),
        "batch.url_field": getattr(args, "url_field", None),
        "batch.fields": tuple(fields) if fields else None,
    }


def budget_overrides(args: argparse.Namespace) -> dict[str, Any]:
    seconds, memory = getattr(args, "page_timeout", None), getattr(args, "page_memory", None)
    if seconds is not None and seconds < 0:
        raise ConfigError("--page-timeout must be 0 or more")
    if memory is not None and memory < 0:
        raise ConfigError("--page-memory must be 0 or more")
    return {"limits.page_seconds": seconds, "limits.page_memory_mb": memory}


def read_options(config: Config) -> ReadOptions:
    b = config.batch
    return ReadOptions(b.html_field, b.text_field, b.url_field, b.fields, config.content.max_bytes)


def _probe(directory: Path) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".write-test.", dir=directory)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise ConfigError(f"{directory}: cannot write there ({exc.strerror or exc})") from None


def check_output_dir(path: Path, what: str = "output directory") -> None:
    """Create ``path`` (a directory) if needed and make sure files can be written
    in it; a one-line ``ConfigError`` otherwise, before any work is done."""
    try:
        if path.exists() and not path.is_dir():
            raise ConfigError(f"{path}: the {what} is an existing file")
        path.mkdir(parents=True, exist_ok=True)
    except ConfigError:
        raise
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"{path}: cannot create the {what} ({why})") from None
    _probe(path)


def check_output_file(path: Path) -> None:
    """``path`` can be written as a file (its folder is created if needed)."""
    try:
        if path.is_dir():
            raise ConfigError(f"{path}: is a directory (the output is a file)")
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: invalid output path ({exc})") from None
    folder = path.parent if str(path.parent) else Path(".")
    try:
        check_output_dir(folder, "output's folder")
    except ConfigError as exc:
        raise ConfigError(f"{path}: cannot write the output ({exc})") from None


def remove_stale_parts(directory: Path, names: tuple[str, ...]) -> None:
    """Temporary files a killed run of ours left for these outputs
    (``.NAME.XXXX.part``, their ``.wal``/folders)."""
    import shutil

    if not directory.is_dir():
        return
    for name in names:
        for p in directory.glob(f".{name}.*.part*"):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean stop runs."""


@contextlib.contextmanager
def stop_on_signals() -> Iterator[dict[str, int]]:
    """SIGTERM (and SIGINT) stop the run like Ctrl-C; the dict says which came
    (``signal``) so that the command exits with 128 + its number."""
    got: dict[str, int] = {}

    def handler(signum: int, frame: object) -> None:
        first = "signal" not in got
        got.setdefault("signal", signum)
        if first or signum == signal.SIGINT:
            raise Stopped

    olds = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            olds[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread
            pass
    try:
        yield got
    finally:
        for sig, old in olds.items():
            signal.signal(sig, old)
