"""Pipelines that misbehave on purpose, for the budget tests. Named in
``batch.pipeline`` (``tests.ingest.hostile:NAME``) so that the worker processes
build them; each acts only on pages whose URL or first bytes hold its marker
(``hostile-boom``, ``hostile-forever``...). A ``?flag=PATH`` in the URL, or
``<!-- flag=PATH -->`` in the page, names a file touched when it starts."""

from __future__ import annotations

import ctypes
import re
import signal
import time
from pathlib import Path
from typing import Any

from extractor.config import Config
from extractor.models import Page
from extractor.pipeline import Pipeline

_FLAG = re.compile(rb"flag=([^\s&>]+)")


class _Hostile(Pipeline):
    marker = ""

    def _check(self, where: bytes) -> None:
        if self.marker and f"hostile-{self.marker}".encode() in where:
            m = _FLAG.search(where)
            if m:
                Path(m.group(1).decode()).touch()
            self.misbehave()

    def process(self, page: Page) -> Any:
        self._check((page.url or page.source_ref or "").encode() + b" " + page.content[:4096])
        return super().process(page)

    def extract_html(self, html: str | bytes, url: str | None = None) -> Any:
        raw = html.encode() if isinstance(html, str) else html
        self._check((url or "").encode() + b" " + raw[:4096])
        return super().extract_html(html, url)

    def extract_text(self, text: str, url: str | None = None) -> Any:
        self._check((url or "").encode() + b" " + text[:4096].encode())
        return super().extract_text(text, url)

    def misbehave(self) -> None:
        raise NotImplementedError


class _Crash(_Hostile):
    marker = "boom"

    def misbehave(self) -> None:
        raise ZeroDivisionError("boom in the figure finder")


class _Loop(_Hostile):
    """Python code that never returns (interruptible: the soft budget stops it)."""

    marker = "forever"

    def misbehave(self) -> None:
        while True:
            time.sleep(0.01)


class _Stuck(_Hostile):
    """Stuck in C code that never checks for signals (only a kill stops it)."""

    marker = "stuck"

    def misbehave(self) -> None:
        # as a C library deep in a loop: the budget's signals never get through
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGUSR2})
        libc = ctypes.CDLL(None)
        while True:
            libc.sleep(1000)


class _Hog(_Hostile):
    """Allocates until stopped."""

    marker = "hog"

    def misbehave(self) -> None:
        hoard = []
        while True:
            hoard.append(bytearray(16 << 20))
            time.sleep(0.001)


class _Segfault(_Hostile):
    marker = "segv"

    def misbehave(self) -> None:
        ctypes.string_at(0)


def crash(config: Config) -> Pipeline:
    return _Crash(config)


def forever(config: Config) -> Pipeline:
    return _Loop(config)


def stuck(config: Config) -> Pipeline:
    return _Stuck(config)


def hog(config: Config) -> Pipeline:
    return _Hog(config)


def segfault(config: Config) -> Pipeline:
    return _Segfault(config)
