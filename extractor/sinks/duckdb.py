"""Embedded DuckDB output: tables ``articles`` and ``figures`` (columns
``models.ARTICLE_COLUMNS`` / ``models.FIGURE_COLUMNS``; ``published`` is TIMESTAMPTZ,
``top_level`` BOOLEAN, lists and dicts JSON text) and views for analysis:

* ``figures_by_province_year_kind``: per province (``province_2025``, else the
  province as reported), figure ``year`` (``models.figure_year``: the period when it
  names one year, else the published year) and ``kind``: ``n_figures``, ``n_articles``,
  ``n_counted`` and ``total_value``. The total adds up the top-level figures only (a
  "trong đó" part of a same-kind total is inside that total), each distinct value
  (``value``, ``value_high``) once per cell, and only for kinds that add up
  (``models.ADDITIVE_KINDS``: never percentages, plan attainment, terms or
  durations, whose ``total_value`` is NULL). Near-duplicate articles
  (``duplicate_of`` set) are left out, so a syndicated fact counts once. The same
  numbers as ``extractor.report.summary.province_year_totals`` and the report.
* ``figures_with_article``: every figure with its article's site, url, published,
  provinces and ``duplicate_of``.

The database is built under a temporary name and renamed into place on close.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..models import ADDITIVE_KINDS, ARTICLE_COLUMNS, FIGURE_COLUMNS, Article
from ..schema import Column
from .parquet import ARTICLE_SCHEMA, FIGURE_SCHEMA, typed_rows

__all__ = ["VIEWS", "DuckdbSink", "create_table_sql", "views_sql"]

_SQL_TYPES = {
    "str": "VARCHAR",
    "json": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMPTZ",
}


def create_table_sql(name: str, columns: tuple[Column, ...]) -> str:
    cols = ", ".join(f'"{c.name}" {_SQL_TYPES[c.type]}' for c in columns)
    return f"CREATE TABLE {name} ({cols})"


def views_sql(articles: str = "articles", figures: str = "figures") -> dict[str, str]:
    """The views' SELECTs over the given tables (or any relation with their
    columns: ``read_parquet(...)``, ``read_csv(...)``)."""
    additive = ", ".join(f"'{k}'" for k in sorted(ADDITIVE_KINDS))
    return {
        "figures_with_article": f"""
            SELECT f.*, a.site, a.url, a.published, a.published_precision,
                   a.province AS article_province, a.province_2025 AS article_province_2025,
                   a.duplicate_of
            FROM {figures} f JOIN {articles} a USING (article_id)
        """,
        "figures_by_province_year_kind": f"""
            WITH f AS (
                SELECT coalesce(a.province_2025, a.province) AS province_2025,
                       TRY_CAST(f.year AS INTEGER) AS year, f.kind, f.article_id,
                       CAST(f.value AS DOUBLE) AS value,
                       CAST(f.value_high AS DOUBLE) AS value_high,
                       CAST(f.top_level AS BOOLEAN) AS top_level
                FROM {figures} f JOIN {articles} a USING (article_id)
                WHERE a.duplicate_of IS NULL
            ),
            counted AS (
                SELECT province_2025, year, kind, count(*) AS n_counted, sum(value) AS total
                FROM (SELECT DISTINCT province_2025, year, kind, value, value_high
                      FROM f WHERE top_level)
                GROUP BY ALL
            ),
            cells AS (
                SELECT province_2025, year, kind, count(*) AS n_figures,
                       count(DISTINCT article_id) AS n_articles
                FROM f GROUP BY ALL
            )
            SELECT c.province_2025, c.year, c.kind, c.n_figures, c.n_articles,
                   coalesce(t.n_counted, 0) AS n_counted,
                   CASE WHEN c.kind IN ({additive}) THEN coalesce(t.total, 0) END AS total_value
            FROM cells c LEFT JOIN counted t
              ON c.province_2025 IS NOT DISTINCT FROM t.province_2025
             AND c.year IS NOT DISTINCT FROM t.year AND c.kind = t.kind
        """,
    }


VIEWS: dict[str, str] = views_sql()


class DuckdbSink:
    def __init__(self, path: Path, batch: int = 2000) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # duckdb wants to create the file itself
        self.tmp = Path(tmp)
        self.con = duckdb.connect(str(self.tmp))
        self.con.execute(create_table_sql("articles", ARTICLE_COLUMNS))
        self.con.execute(create_table_sql("figures", FIGURE_COLUMNS))
        self.batch = batch
        self._arts: list[dict[str, Any]] = []
        self._figs: list[dict[str, Any]] = []

    def write(self, article: Article) -> None:
        row, figs = typed_rows(article)
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
