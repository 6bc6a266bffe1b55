"""Parquet and DuckDB sinks (registered in ``open_sink``): columns derived from the
record dataclasses, typed values, the partitioned layout and the views."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from extractor import models
from extractor.errors import ConfigError
from extractor.models import ARTICLE_COLUMNS, FIGURE_COLUMNS, Article, Figure, Period, Person
from extractor.schema import dataclass_columns
from extractor.sinks import open_sink

VN = timezone(timedelta(hours=7))


def _fig(kind: str, value: float, start: int, **kw: object) -> Figure:
    return Figure(kind=kind, value=value, start=start, end=start + 2, quote="21", rule="test", **kw)  # type: ignore[arg-type]


def _articles() -> list[Article]:
    return [
        Article(
            article_id="a1", text="x" * 50, url="https://a.vn/1", published="2024-03-01T08:00:00+07:00",
            province="Yên Bái", province_2025="Lào Cai",
            figures=[_fig("classes", 21, 0, spans={"subject": (3, 9)}, subject_canonical="cán bộ"),
                     _fig("attendances", 2596, 10)],
            people=[Person("Nguyễn Văn A", "Chủ tịch", 20, 32)],
        ),
        Article(
            article_id="a2", text="y" * 50, url="https://b.vn/2", published="2024-12-31",
            province="Lào Cai", province_2025="Lào Cai", figures=[_fig("classes", 4, 3)],
        ),
        Article(  # syndicated copy: must not count twice in the views
            article_id="a3", text="x" * 50, url="https://c.vn/3", published="2024-03-02T08:00:00+07:00",
            province_2025="Lào Cai", duplicate_of="a1", figures=[_fig("classes", 21, 0)],
        ),
        Article(
            article_id="a4", text="z" * 50, published="2025-07-02T10:00:00+07:00",
            province_2025="Hà Nội",
            figures=[_fig("money", 1.5e9, 5), _fig("percentage", 95, 9), _fig("percentage", 80, 12),
                     _fig("classes", 3, 20, period=Period.of("năm 2023"))],
        ),
        Article(article_id="a5", text="w" * 50),  # no date, no figures
    ]  # fmt: skip


def test_columns_are_derived_from_the_dataclasses() -> None:
    names = [c.name for c in FIGURE_COLUMNS]
    # every field of Figure is a column (period flattened), nothing dropped
    for f in dataclasses.fields(Figure):
        assert f.name in names
    assert {"period_start", "period_end", "period_source", "spans", "subject_canonical",
            "organizer_canonical", "year", "top_level"} <= set(names)
    a_names = [c.name for c in ARTICLE_COLUMNS]
    assert {"people", "published_precision", "record_version", "n_figures"} <= set(a_names)
    assert "figures" not in a_names
    # a field added to a record class becomes a typed column with no other edit
    @dataclasses.dataclass
    class Extended(Figure):  # type: ignore[misc]
        verified: bool = False
        votes: int | None = None

    extra = {c.name: c.type for c in dataclass_columns(Extended)}
    assert extra["verified"] == "bool" and extra["votes"] == "int" and extra["value"] == "float"
    assert extra["period_start"] == "int" and extra["spans"] == "json"


def test_parquet_tables(tmp_path: Path) -> None:
    sink = open_sink("parquet", str(tmp_path / "out"))
    for a in _articles():
        sink.write(a)
    assert not (tmp_path / "out" / "articles.parquet").exists()  # nothing final before close
    sink.close()
    arts = pq.read_table(tmp_path / "out" / "articles.parquet")
    figs = pq.read_table(tmp_path / "out" / "figures.parquet")
    assert arts.column_names == [c.name for c in ARTICLE_COLUMNS]
    assert figs.column_names == [c.name for c in FIGURE_COLUMNS]
    assert arts.column("article_id").to_pylist() == ["a1", "a2", "a3", "a4", "a5"]
    assert arts.column("n_figures").to_pylist() == [2, 1, 1, 4, 0]
    assert arts.column("duplicate_of").to_pylist() == [None, None, "a1", None, None]
    assert arts.schema.field("published").type == pa.timestamp("ms", tz="+07:00")
    pub = arts.column("published").to_pylist()
    assert pub[0] == datetime(2024, 3, 1, 8, 0, tzinfo=VN) and pub[4] is None
    assert arts.column("published_precision").to_pylist() == ["time", "day", "time", "time", None]
    assert arts.column("people").to_pylist()[0] == (
        '[{"name": "Nguyễn Văn A", "role": "Chủ tịch", "start": 20, "end": 32}]')
    assert figs.column("value").to_pylist() == [21.0, 2596.0, 4.0, 21.0, 1.5e9, 95.0, 80.0, 3.0]
    assert figs.column("figure_index").to_pylist() == [0, 1, 0, 0, 0, 1, 2, 3]
    assert figs.column("year").to_pylist() == [2024, 2024, 2024, 2024, 2025, 2025, 2025, 2023]
    assert figs.column("spans").to_pylist()[0] == '{"subject": [3, 9]}'
    assert figs.column("subject_canonical").to_pylist()[0] == "cán bộ"
    assert figs.schema.field("top_level").type == pa.bool_()
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
    # a figure is filed under its own year: a4's "năm 2023" figure under 2023
    assert rows == {("a1", 2024), ("a2", 2024), ("a3", 2024), ("a4", 2025), ("a4", 2023)}
    assert not list(tmp_path.glob(".parquet.*"))


def test_duckdb_tables_types_and_views(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    sink = open_sink("duckdb", str(path))
    for a in _articles():
        sink.write(a)
    assert not path.exists()
    sink.close()
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    assert con.execute("SELECT count(*) FROM figures").fetchone() == (8,)
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'articles'").fetchall())
    assert types["published"] == "TIMESTAMP WITH TIME ZONE" and types["people"] == "VARCHAR"
    assert con.execute("SELECT year(published) FROM articles WHERE article_id = 'a2'").fetchone() == (2024,)
    rows = con.execute(
        "SELECT province_2025, year, kind, n_figures, n_articles, n_counted, total_value "
        "FROM figures_by_province_year_kind ORDER BY 1, 2, 3"
    ).fetchall()
    assert rows == [
        ("Hà Nội", 2023, "classes", 1, 1, 1, 3.0),  # the figure's period, not the published year
        ("Hà Nội", 2025, "money", 1, 1, 1, 1.5e9),
        ("Hà Nội", 2025, "percentage", 2, 1, 2, None),  # percentages are never summed
        ("Lào Cai", 2024, "attendances", 1, 1, 1, 2596.0),
        ("Lào Cai", 2024, "classes", 2, 2, 2, 25.0),  # a3 (duplicate of a1) left out
    ]
    joined = con.execute(
        "SELECT article_id, year, duplicate_of FROM figures_with_article "
        "WHERE kind = 'classes' ORDER BY article_id, figure_index"
    ).fetchall()
    assert joined[-2:] == [("a3", 2024, "a1"), ("a4", 2023, None)]
    con.close()
    assert not list(tmp_path.glob(".x.duckdb*"))


def test_breakdown_parts_are_inside_their_total(tmp_path: Path) -> None:
    art = Article(
        article_id="b1", text="t" * 40, published="2024-05-01", province_2025="Lào Cai",
        figures=[_fig("money", 391.4e9, 0), _fig("money", 200e9, 5, parent=0),
                 _fig("money", 5.4e9, 9, parent=0), _fig("members", 12, 20, parent=0)],
    )  # fmt: skip
    path = tmp_path / "b.duckdb"
    sink = open_sink("duckdb", str(path))
    sink.write(art)
    sink.close()
    con = duckdb.connect(str(path), read_only=True)
    got = con.execute("SELECT kind, n_figures, total_value FROM figures_by_province_year_kind ORDER BY 1").fetchall()
    assert got == [("members", 1, 12.0), ("money", 3, 391.4e9)]
    tops = con.execute("SELECT top_level FROM figures ORDER BY figure_index").fetchall()
    assert [t for (t,) in tops] == [True, False, False, True]  # another kind is its own total
    con.close()


def test_open_sink_needs_output_for_table_formats() -> None:
    for fmt in ("parquet", "duckdb", "csv"):
        with pytest.raises(ConfigError, match=f"--format {fmt} needs -o"):
            open_sink(fmt, None)
    with pytest.raises(ConfigError, match="unknown output format"):
        open_sink("xml", "x")


def test_record_version_is_written() -> None:
    assert Article("a", "x").to_dict()["record_version"] == models.RECORD_VERSION
