"""Embedded DuckDB output: tables ``articles`` and ``figures`` (columns as in
the CSV sink) and views for analysis:

* ``figures_by_province_year_kind``: figures counted and summed by
  ``province_2025`` x year of ``published`` x ``kind``, near-duplicate articles
  (``duplicate_of`` set) left out so that a syndicated fact counts once;
* ``figures_with_article``: every figure with its article's site, url,
  province, year and ``duplicate_of``.

The database is built under a temporary name and renamed into place on close.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..models import Article
from .parquet import ARTICLE_SCHEMA, FIGURE_SCHEMA, article_rows

__all__ = ["VIEWS", "DuckdbSink"]


def _ddl(name: str, schema: pa.Schema) -> str:
    types = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.float64(): "DOUBLE"}
    cols = ", ".join(f'"{f.name}" {types[f.type]}' for f in schema)
    return f"CREATE TABLE {name} ({cols})"


VIEWS: dict[str, str] = {
    "figures_with_article": """
        SELECT f.*, a.site, a.url, a.published, a.province_2025 AS article_province_2025,
               TRY_CAST(substr(a.published, 1, 4) AS INTEGER) AS year, a.duplicate_of
        FROM figures f JOIN articles a USING (article_id)
    """,
    "figures_by_province_year_kind": """
        SELECT a.province_2025 AS province_2025,
               TRY_CAST(substr(a.published, 1, 4) AS INTEGER) AS year,
               f.kind AS kind,
               count(*) AS n_figures,
               count(DISTINCT f.article_id) AS n_articles,
               sum(f.value) AS total_value
        FROM figures f JOIN articles a USING (article_id)
        WHERE a.duplicate_of IS NULL
        GROUP BY 1, 2, 3
    """,
}


class DuckdbSink:
    def __init__(self, path: Path, batch: int = 2000) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # duckdb wants to create the file itself
        self.tmp = Path(tmp)
        self.con = duckdb.connect(str(self.tmp))
        self.con.execute(_ddl("articles", ARTICLE_SCHEMA))
        self.con.execute(_ddl("figures", FIGURE_SCHEMA))
        self.batch = batch
        self._arts: list[dict[str, Any]] = []
        self._figs: list[dict[str, Any]] = []

    def write(self, article: Article) -> None:
        row, figs = article_rows(article)
        self._arts.append(row)
        self._figs.extend(figs)
        if len(self._arts) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        for name, rows, schema in (
            ("articles", self._arts, ARTICLE_SCHEMA),
            ("figures", self._figs, FIGURE_SCHEMA),
        ):
            if rows:
                chunk = pa.Table.from_pylist(rows, schema=schema)
                self.con.register("chunk", chunk)
                self.con.execute(f"INSERT INTO {name} SELECT * FROM chunk")
                self.con.unregister("chunk")
        self._arts, self._figs = [], []

    def close(self) -> None:
        self._flush()
        for name, sql in VIEWS.items():
            self.con.execute(f"CREATE VIEW {name} AS {sql}")
        self.con.execute("CHECKPOINT")
        self.con.close()
        os.replace(self.tmp, self.path)
        self.tmp.with_name(self.tmp.name + ".wal").unlink(missing_ok=True)
