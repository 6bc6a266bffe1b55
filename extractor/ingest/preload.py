"""Imported once by the forkserver that starts the worker processes: the pipeline
is built and run on one sentence there, so that every worker forked from it
starts with the modules and pattern data already loaded (a replaced worker is
ready in a fraction of a second). A failure here only costs that head start."""

from __future__ import annotations

__all__: list[str] = []

try:
    from ..config import Config
    from ..models import Page
    from ..pipeline import Pipeline

    Pipeline(Config()).process(
        Page(
            "Năm 2024, công đoàn trao 500 suất quà cho công nhân.".encode(),
            content_type="text/plain; charset=utf-8",
        )
    )
except Exception:  # pragma: no cover - best effort
    pass
