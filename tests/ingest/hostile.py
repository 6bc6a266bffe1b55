"""Pipelines that misbehave on purpose, for the budget tests. Named in
``batch.pipeline`` (``tests.ingest.hostile:NAME``) so that the worker processes
build them; each acts only on pages whose URL holds its marker word."""

from __future__ import annotations

import ctypes
import time
from typing import Any

from extractor.config import Config
from extractor.models import Page
from extractor.pipeline import Pipeline


class _Hostile(Pipeline):
    marker = ""

    def process(self, page: Page) -> Any:
        if self.marker and self.marker in (page.url or page.source_ref or ""):
            self.misbehave()
        return super().process(page)

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
