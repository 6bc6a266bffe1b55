from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..models import Article
from .base import AtomicFile

__all__ = ["ARTICLE_COLUMNS", "FIGURE_COLUMNS", "CsvSink"]

ARTICLE_COLUMNS = [
    "article_id",
    "url",
    "site",
    "title",
    "published",
    "author",
    "province",
    "province_2025",
    "fetched_at",
    "source",
    "source_kind",
    "duplicate_of",
    "n_figures",
    "text",
]
FIGURE_COLUMNS = [
    "article_id",
    "figure_index",
    "kind",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "subject",
    "activity",
    "organizer",
    "period",
    "period_start",
    "period_end",
    "period_source",
    "organizer_source",
    "year",
    "plan_attainment",
    "parent",
    "province",
    "start",
    "end",
    "quote",
    "sentence",
    "rule",
    "confidence",
]


def _cell(v: Any) -> Any:
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else v


class CsvSink:
    """Two files joined by ``article_id``: ``<out>/articles.csv`` and
    ``<out>/figures.csv`` (or ``<prefix>.articles.csv`` / ``<prefix>.figures.csv``
    when OUT ends in ``.csv`` or is not a directory)."""

    def __init__(self, out: Path) -> None:
        if out.suffix.lower() == ".csv":
            stem = out.with_suffix("")
            a_path, f_path = Path(f"{stem}.articles.csv"), Path(f"{stem}.figures.csv")
        else:
            a_path, f_path = out / "articles.csv", out / "figures.csv"
        self._a, self._f = AtomicFile(a_path), AtomicFile(f_path)
        self._aw = csv.DictWriter(self._a.fh, ARTICLE_COLUMNS)
        self._fw = csv.DictWriter(self._f.fh, FIGURE_COLUMNS)
        self._aw.writeheader()
        self._fw.writeheader()
        self.paths = (a_path, f_path)

    def write(self, article: Article) -> None:
        d = article.to_dict()
        row = {k: _cell(d.get(k)) for k in ARTICLE_COLUMNS if k != "n_figures"}
        row["n_figures"] = len(article.figures)
        self._aw.writerow(row)
        for i, fig in enumerate(d["figures"]):
            frow = {
                k: _cell(fig.get(k))
                for k in FIGURE_COLUMNS
                if k not in ("article_id", "figure_index")
            }
            frow["article_id"] = article.article_id
            frow["figure_index"] = i
            self._fw.writerow(frow)

    def close(self) -> None:
        self._a.commit()
        self._f.commit()
