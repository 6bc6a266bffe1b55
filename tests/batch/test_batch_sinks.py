"""Parquet and DuckDB sinks (registered in ``open_sink``)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from extractor.errors import ConfigError
from extractor.models import Article, Figure
from extractor.sinks import open_sink
from extractor.sinks.csv import ARTICLE_COLUMNS, FIGURE_COLUMNS


def _fig(kind: str, value: float, start: int) -> Figure:
    return Figure(kind=kind, value=value, start=start, end=start + 2, quote="21", rule="test")


def _articles() -> list[Article]:
    return [
        Article(
            article_id="a1", text="x" * 50, url="https://a.vn/1", published="2024-03-01T08:00:00+07:00",
            province="Yên Bái", province_2025="Lào Cai",
            figures=[_fig("classes", 21, 0), _fig("attendances", 2596, 10)],
        ),
        Article(
            article_id="a2", text="y" * 50, url="https://b.vn/2", published="2024-12-31T23:00:00+07:00",
            province="Lào Cai", province_2025="Lào Cai", figures=[_fig("classes", 4, 3)],
        ),
        Article(  # syndicated copy: must not count twice in the views
            article_id="a3", text="x" * 50, url="https://c.vn/3", published="2024-03-02T08:00:00+07:00",
            province_2025="Lào Cai", duplicate_of="a1", figures=[_fig("classes", 21, 0)],
        ),
        Article(
            article_id="a4", text="z" * 50, published="2025-07-02T10:00:00+07:00",
            province_2025="Hà Nội", figures=[_fig("money", 1.5e9, 5)],
        ),
        Article(article_id="a5", text="w" * 50),  # no date, no figures
    ]  # fmt: skip


def test_parquet_tables(tmp_path: Path) -> None:
    sink = open_sink("parquet", str(tmp_path / "out"))
    for a in _articles():
        sink.write(a)
    assert not (tmp_path / "out" / "articles.parquet").exists()  # nothing final before close
    sink.close()
    arts = pq.read_table(tmp_path / "out" / "articles.parquet")
    figs = pq.read_table(tmp_path / "out" / "figures.parquet")
    assert arts.column_names == ARTICLE_COLUMNS and figs.column_names == FIGURE_COLUMNS
    assert arts.column("article_id").to_pylist() == ["a1", "a2", "a3", "a4", "a5"]
    assert arts.column("n_figures").to_pylist() == [2, 1, 1, 1, 0]
    assert arts.column("duplicate_of").to_pylist() == [None, None, "a1", None, None]
    assert figs.column("value").to_pylist() == [21.0, 2596.0, 4.0, 21.0, 1.5e9]
    assert figs.column("figure_index").to_pylist() == [0, 1, 0, 0, 0]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "articles.parquet",
        "figures.parquet",
    ]


def test_parquet_partitioned_by_year(tmp_path: Path) -> None:
    sink = open_sink("parquet", str(tmp_path), partition_by_year=True)
    for a in _articles():
        sink.write(a)
    sink.close()
    years = sorted(p.name for p in (tmp_path / "articles").iterdir())
    assert years == ["year=2024", "year=2025", "year=unknown"]
    arts = ds.dataset(tmp_path / "articles", partitioning="hive").to_table()
    assert sorted(arts.column("article_id").to_pylist()) == ["a1", "a2", "a3", "a4", "a5"]
    figs = ds.dataset(tmp_path / "figures", partitioning="hive").to_table()
    rows = {(r["article_id"], r["year"]) for r in figs.to_pylist()}
    assert rows == {("a1", 2024), ("a2", 2024), ("a3", 2024), ("a4", 2025)}
    assert not list(tmp_path.glob(".parquet.*"))


def test_duckdb_tables_and_views(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    sink = open_sink("duckdb", str(path))
    for a in _articles():
        sink.write(a)
    assert not path.exists()
    sink.close()
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    assert con.execute("SELECT count(*) FROM figures").fetchone() == (5,)
    rows = con.execute(
        "SELECT province_2025, year, kind, n_figures, n_articles, total_value "
        "FROM figures_by_province_year_kind ORDER BY 1, 2, 3"
    ).fetchall()
    assert rows == [
        ("Hà Nội", 2025, "money", 1, 1, 1.5e9),
        ("Lào Cai", 2024, "attendances", 1, 1, 2596.0),
        ("Lào Cai", 2024, "classes", 2, 2, 25.0),  # a3 (duplicate of a1) left out
    ]
    joined = con.execute(
        "SELECT article_id, year, duplicate_of FROM figures_with_article ORDER BY article_id, figure_index"
    ).fetchall()
    assert joined[-2:] == [("a3", 2024, "a1"), ("a4", 2025, None)]
    con.close()
    assert not list(tmp_path.glob(".x.duckdb*"))


def test_open_sink_needs_output_for_table_formats() -> None:
    for fmt in ("parquet", "duckdb", "csv"):
        with pytest.raises(ConfigError, match=f"--format {fmt} needs -o"):
            open_sink(fmt, None)
    with pytest.raises(ConfigError, match="unknown output format"):
        open_sink("xml", "x")
