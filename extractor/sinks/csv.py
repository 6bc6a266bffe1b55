"""CSV output: ``articles.csv`` + ``figures.csv`` joined by ``article_id``, columns
``models.ARTICLE_COLUMNS`` / ``models.FIGURE_COLUMNS`` (derived from the dataclasses).

Made to be opened in a spreadsheet as well as read by code:

* UTF-8 with a byte-order mark, so Excel shows Vietnamese, not mojibake (pandas,
  DuckDB and ``csv`` with ``encoding="utf-8-sig"`` skip it);
* a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR would be run as a
  formula by a spreadsheet (CSV injection): it is written with a leading ``'``, and so
  is a text cell that itself starts with ``'`` so the escape can be undone exactly
  (``restore_cell``; the report reader does it). Numeric columns (``value``,
  ``start`` ...) hold numbers and are never prefixed: ``-5`` there is the number.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..models import ARTICLE_COLUMNS, FIGURE_COLUMNS, Article
from ..schema import Column
from .base import AtomicFile

__all__ = ["FORMULA_TRIGGERS", "CsvSink", "csv_paths", "neutralise_cell", "restore_cell"]

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel/LibreOffice/Sheets; "'" is
# the escape itself, prefixed too so that restore_cell is the exact inverse.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise_cell(text: str) -> str:
    """A text cell made safe to open in a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def restore_cell(text: str) -> str:
    """Inverse of ``neutralise_cell`` (for text columns of a file this sink wrote)."""
    return text[1:] if text.startswith("'") else text


def _cell(v: Any, col: Column) -> Any:
    if v is None:
        return ""
    if col.numeric:
        return v
    return neutralise_cell(str(v))


def csv_paths(out: Path) -> tuple[Path, Path]:
    """(articles, figures) for OUT: ``OUT/articles.csv`` + ``OUT/figures.csv``, or
    ``PREFIX.articles.csv`` + ``PREFIX.figures.csv`` when OUT ends in ``.csv``."""
    if out.suffix.lower() == ".csv":
        stem = out.with_suffix("")
        return Path(f"{stem}.articles.csv"), Path(f"{stem}.figures.csv")
    return out / "articles.csv", out / "figures.csv"


class CsvSink:
    """Two files joined by ``article_id`` (see ``csv_paths``)."""

    def __init__(self, out: Path) -> None:
        a_path, f_path = csv_paths(out)
        self._a = AtomicFile(a_path)
        try:
            self._f = AtomicFile(f_path)
        except BaseException:
            self._a.abort()
            raise
        self._aw = csv.writer(self._a.fh)
        self._fw = csv.writer(self._f.fh)
        for fh, writer, cols in ((self._a.fh, self._aw, ARTICLE_COLUMNS), (self._f.fh, self._fw, FIGURE_COLUMNS)):
            fh.write(BOM)
            writer.writerow([c.name for c in cols])
        self.paths = (a_path, f_path)

    def write(self, article: Article) -> None:
        row, figs = article.to_rows()
        self._aw.writerow([_cell(row[c.name], c) for c in ARTICLE_COLUMNS])
        for f in figs:
            self._fw.writerow([_cell(f[c.name], c) for c in FIGURE_COLUMNS])

    def close(self) -> None:
        self._a.commit()
        self._f.commit()

    def abort(self) -> None:
        self._a.abort()
        self._f.abort()
