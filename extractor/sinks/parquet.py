"""Parquet output: ``articles`` and ``figures`` tables (columns as in the CSV
sink), optionally partitioned by year (hive layout, ``articles/year=2025/part-0.parquet``:
an article by the year of ``published``, a figure by its own ``year``). Rows are written in row groups, so
memory stays flat; everything lands in a temporary directory first and is
renamed into place on ``close``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..models import Article
from .csv import ARTICLE_COLUMNS, FIGURE_COLUMNS

__all__ = ["ARTICLE_SCHEMA", "FIGURE_SCHEMA", "ParquetSink", "article_rows", "year_of"]

_INT = {"n_figures", "figure_index", "parent", "start", "end", "period_start", "period_end", "year"}
_FLOAT = {"value", "value_high", "plan_attainment", "confidence"}


def _schema(columns: list[str]) -> pa.Schema:
    def typ(name: str) -> pa.DataType:
        if name in _INT:
            return pa.int64()
        if name in _FLOAT:
            return pa.float64()
        return pa.string()

    return pa.schema([pa.field(c, typ(c)) for c in columns])


ARTICLE_SCHEMA = _schema(ARTICLE_COLUMNS)
FIGURE_SCHEMA = _schema(FIGURE_COLUMNS)


def year_of(published: str | None) -> int | None:
    """Year of an ISO 8601 date (its local date, as written)."""
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


def _num(v: Any, cast: type) -> Any:
    return None if v is None or v == "" else cast(v)


def article_rows(article: Article) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One article row and its figure rows, typed as in the schemas."""
    d = article.to_dict()
    row: dict[str, Any] = {k: d.get(k) for k in ARTICLE_COLUMNS if k != "n_figures"}
    row["n_figures"] = len(article.figures)
    figs = []
    for i, fig in enumerate(d["figures"]):
        f: dict[str, Any] = {}
        for k in FIGURE_COLUMNS:
            v = (
                article.article_id
                if k == "article_id"
                else i
                if k == "figure_index"
                else fig.get(k)
            )
            if k in _FLOAT:
                v = _num(v, float)
            elif k in _INT:
                v = _num(v, int)
            elif v is not None and not isinstance(v, str):
                v = str(v)
            f[k] = v
        figs.append(f)
    return row, figs


class _Table:
    """Buffered writer of one table, one file per partition."""

    def __init__(self, root: Path, name: str, schema: pa.Schema, partitioned: bool) -> None:
        self.root, self.name, self.schema, self.partitioned = root, name, schema, partitioned
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.writers: dict[str, pq.ParquetWriter] = {}

    def _path(self, part: str) -> Path:
        if not self.partitioned:
            return self.root / f"{self.name}.parquet"
        p = self.root / self.name / f"year={part}" / "part-0.parquet"
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def add(self, part: str, row: dict[str, Any], batch: int = 2000) -> None:
        buf = self.buffers.setdefault(part, [])
        buf.append(row)
        if len(buf) >= batch:
            self.flush(part)

    def flush(self, part: str) -> None:
        rows = self.buffers.get(part)
        if not rows:
            return
        table = pa.Table.from_pylist(rows, schema=self.schema)
        writer = self.writers.get(part)
        if writer is None:
            writer = self.writers[part] = pq.ParquetWriter(self._path(part), self.schema)
        writer.write_table(table)
        self.buffers[part] = []

    def close(self) -> None:
        for part in list(self.buffers):
            self.flush(part)
        if not self.writers and not self.partitioned:
            self.writers[""] = pq.ParquetWriter(self._path(""), self.schema)
        for writer in self.writers.values():
            writer.close()


class ParquetSink:
    """``<out>/articles.parquet`` + ``<out>/figures.parquet``, or with
    ``partition_by_year`` the directories ``<out>/articles/`` and
    ``<out>/figures/`` partitioned as ``year=YYYY`` (``year=unknown`` when the
    article has no date)."""

    def __init__(self, out: Path, *, partition_by_year: bool = False) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".parquet.", suffix=".part", dir=out))
        self.partitioned = partition_by_year
        self._a = _Table(self.tmp, "articles", ARTICLE_SCHEMA, partition_by_year)
        # partitioned: a figure lands under its own year (models.figure_year), which the
        # hive path carries, so the column is not repeated inside the files
        fschema = FIGURE_SCHEMA.remove(FIGURE_SCHEMA.get_field_index("year")) if partition_by_year else FIGURE_SCHEMA
        self._f = _Table(self.tmp, "figures", fschema, partition_by_year)

    def write(self, article: Article) -> None:
        row, figs = article_rows(article)
        year = year_of(article.published)
        part = "" if not self.partitioned else str(year) if year is not None else "unknown"
        self._a.add(part, row)
        for f in figs:
            if self.partitioned:
                fy = f.pop("year")
                self._f.add(str(fy) if fy is not None else "unknown", f)
            else:
                self._f.add(part, f)

    def close(self) -> None:
        self._a.close()
        self._f.close()
        for entry in sorted(self.tmp.iterdir()):
            target = self.out / entry.name
            if target.is_dir():
                old = self.out / f".{entry.name}.old"
                shutil.rmtree(old, ignore_errors=True)
                os.replace(target, old)
                os.replace(entry, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(entry, target)
        shutil.rmtree(self.tmp, ignore_errors=True)
