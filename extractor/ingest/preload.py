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

    # a sentence whose figures need every stage (subjects: the word tagger too)
    _TEXT = (
        "Năm 2024, Liên đoàn Lao động tỉnh đã tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ "
        "công đoàn cơ sở và trao 500 suất quà cho công nhân có hoàn cảnh khó khăn."
    )
    Pipeline(Config()).process(Page(_TEXT.encode(), content_type="text/plain; charset=utf-8"))
except Exception:  # pragma: no cover - best effort
    pass
