"""Record sinks. Every sink writes atomically: output appears under its final
name only when ``close()`` succeeds, so a killed run never leaves a file that
looks complete."""

from __future__ import annotations

from .base import Sink, open_sink
from .csv import CsvSink
from .jsonl import JsonlSink

__all__ = ["CsvSink", "JsonlSink", "Sink", "open_sink"]
