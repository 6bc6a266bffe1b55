"""Parquet output: ``articles`` and ``figures`` tables (columns ``models.ARTICLE_COLUMNS``
/ ``models.FIGURE_COLUMNS``, typed: ``published`` a timestamp with zone +07:00,
``top_level`` boolean, counts int64, values float64, lists and dicts JSON text),
optionally partitioned by year (hive layout, ``articles/year=2025/part-0.parquet``:
an article by the year of ``published``, a figure by its own ``year``, the one the
totals use; ``year=unknown`` when there is none). Rows are written in row groups, so
memory stays flat; everything lands in a temporary directory first and is renamed
into place on ``close``."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..models import ARTICLE_COLUMNS, FIGURE_COLUMNS, Article, published_year
from ..schema import VN_TZ, Column

__all__ = [
    "ARTICLE_SCHEMA",
    "FIGURE_SCHEMA",
    "UNKNOWN_YEAR",
    "ParquetSink",
    "arrow_schema",
    "typed_rows",
]

UNKNOWN_YEAR = "unknown"  # partition of rows without a year

_ARROW = {
    "str": pa.string(),
    "json": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("ms", tz="+07:00"),
}


def arrow_schema(columns: Iterable[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, _ARROW[c.type]) for c in columns])


ARTICLE_SCHEMA = arrow_schema(ARTICLE_COLUMNS)
FIGURE_SCHEMA = arrow_schema(FIGURE_COLUMNS)


def _typed(v: Any, col: Column) -> Any:
    if v is None:
        return None
    if col.type == "timestamp":
        try:
            return datetime.fromisoformat(v).astimezone(VN_TZ)
        except (TypeError, ValueError):
            return None  # not a date (kept as text in JSON/CSV)
    if col.type == "float":
        return float(v)
    return v


def typed_rows(article: Article) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``Article.to_rows`` with values as the Arrow schema types them."""
    row, figs = article.to_rows()
    a = {c.name: _typed(row[c.name], c) for c in ARTICLE_COLUMNS}
    return a, [{c.name: _typed(f[c.name], c) for c in FIGURE_COLUMNS} for f in figs]


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
        elif self.partitioned:
            (self.root / self.name).mkdir(parents=True, exist_ok=True)
        for writer in self.writers.values():
            writer.close()


class ParquetSink:
    """``<out>/articles.parquet`` + ``<out>/figures.parquet``, or with
    ``partition_by_year`` the directories ``<out>/articles/`` and
    ``<out>/figures/`` partitioned as ``year=YYYY`` (the partition column replaces
    ``year`` inside the figure files; read them as a hive-partitioned dataset)."""

    def __init__(self, out: Path, *, partition_by_year: bool = False) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".parquet.", suffix=".part", dir=out))
        self.partitioned = partition_by_year
        self._a = _Table(self.tmp, "articles", ARTICLE_SCHEMA, partition_by_year)
        fschema = (
            FIGURE_SCHEMA.remove(FIGURE_SCHEMA.get_field_index("year"))
            if partition_by_year
            else FIGURE_SCHEMA
        )
        self._f = _Table(self.tmp, "figures", fschema, partition_by_year)

    def write(self, article: Article) -> None:
        row, figs = typed_rows(article)
        if not self.partitioned:
            self._a.add("", row)
            for f in figs:
                self._f.add("", f)
            return
        year = published_year(article.published)
        self._a.add(str(year) if year is not None else UNKNOWN_YEAR, row)
        for f in figs:
            fy = f.pop("year")
            self._f.add(str(fy) if fy is not None else UNKNOWN_YEAR, f)

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

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
