"""Monitoring report: the records the tool wrote (JSONL, Parquet, DuckDB, CSV) as one
self-contained HTML page with province x year tables, charts, every figure
highlighted in its article, and data-quality flags."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..models import Article
from .analysis import (
    MAIN_KINDS,
    Breakdown,
    Cell,
    Fact,
    Flag,
    FlagSettings,
    ReportData,
    analyse,
    figure_year,
)
from .html import render_html
from .readers import detect_format, iter_records

__all__ = [
    "MAIN_KINDS",
    "Breakdown",
    "Cell",
    "Fact",
    "Flag",
    "FlagSettings",
    "ReportData",
    "analyse",
    "build_report",
    "detect_format",
    "figure_year",
    "iter_records",
    "load_records",
    "render_html",
]


def load_records(paths: Iterable[str | Path]) -> tuple[list[Article], list[InputError]]:
    """All articles from the given record files, and the errors met on the way."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in iter_records(paths):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            articles.append(item)
    return articles, errors


def build_report(
    articles: Iterable[Article],
    settings: FlagSettings | None = None,
    title: str = "Union figures: monitoring report",
    errors: Iterable[str] = (),
) -> tuple[str, ReportData]:
    """The HTML page and the data behind it."""
    data = analyse(articles, settings, list(errors))
    return render_html(data, title), data
