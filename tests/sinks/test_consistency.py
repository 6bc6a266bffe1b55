"""One meaning for every output: a corpus with "trong đó" breakdowns, hedged figures,
percentages, plan attainment, multi-year periods, a near-duplicate and undated
articles is written by every sink and read back by every path; DuckDB, Parquet (flat
and ``--partition-by-year``), CSV, JSONL, the Python summary and the report all give
the same province x year totals."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import pytest

from extractor.models import Article, Figure, Period
from extractor.report import analyse, load_records
from extractor.report.analysis import MAIN_KINDS, UNKNOWN_PROVINCE
from extractor.report.summary import province_year_totals
from extractor.sinks import open_sink
from extractor.sinks.duckdb import views_sql

Key = tuple[str | None, int | None, str]


def _fig(text: str, quote: str, kind: str, value: float, **kw: Any) -> Figure:
    at = text.index(quote)
    return Figure(kind=kind, value=value, start=at, end=at + len(quote), quote=quote, rule="t",
                  sentence=text, **kw)  # fmt: skip


def corpus() -> list[Article]:
    t1 = ("Năm 2024, các cấp công đoàn tổ chức 21 lớp tập huấn cho hơn 2.596 lượt cán bộ; "
          "trong đó LĐLĐ tỉnh tổ chức 8 lớp, cơ sở tổ chức 13 lớp với 1.200 đoàn viên. "
          "Tổng kinh phí 391,4 tỷ đồng, trong đó 205,2 tỷ đồng hỗ trợ nhà ở. "
          "Tỷ lệ 95% CĐCS đạt 101% KH.")
    a1 = Article(
        article_id="a1", text=t1, url="https://baolaocai.vn/1", site="baolaocai.vn",
        title="=HYPERLINK(\"http://evil\") tập huấn", published="2024-06-01",
        province="Lào Cai", province_2025="Lào Cai",
        figures=[
            _fig(t1, "21 lớp", "classes", 21, period=Period.of("Năm 2024")),
            _fig(t1, "hơn 2.596 lượt", "attendances", 2596, qualifier="more_than"),
            _fig(t1, "8 lớp", "classes", 8, parent=0),
            _fig(t1, "13 lớp", "classes", 13, parent=0),
            _fig(t1, "1.200 đoàn viên", "members", 1200, parent=0),  # another kind: its own total
            _fig(t1, "391,4 tỷ đồng", "money", 391.4e9),
            _fig(t1, "205,2 tỷ đồng", "money", 205.2e9, parent=5),
            _fig(t1, "95%", "percentage", 95),
            _fig(t1, "101% KH", "plan_attainment", 101),
        ],
    )
    t2 = "Năm 2023, LĐLĐ tỉnh Yên Bái tổ chức khoảng 40 lớp; tỷ lệ 80% đoàn viên tham gia."
    a2 = Article(
        article_id="a2", text=t2, site="baoyenbai.com.vn", title="-5 điểm nóng",
        published="2025-01-02T08:30:00+07:00", province="Yên Bái", province_2025="Lào Cai",
        figures=[
            _fig(t2, "khoảng 40 lớp", "classes", 40, qualifier="approx", period=Period.of("Năm 2023"),
                 subject="@cán bộ"),
            _fig(t2, "80%", "percentage", 80, period=Period.of("Năm 2023")),
        ],
    )
    a3 = Article(  # a reprint of a1 elsewhere: never counted twice
        article_id="a3", text=t1, site="congdoan.vn", published="2024-06-02T10:00:00+07:00",
        province="Lào Cai", province_2025="Lào Cai", duplicate_of="a1",
        figures=[_fig(t1, "21 lớp", "classes", 21)],
    )
    t4 = "Nhiệm kỳ 2018-2023, công đoàn Hà Nội kết nạp 120.000 đoàn viên, cùng 120.000 đoàn viên khác."
    a4 = Article(
        article_id="a4", text=t4, site="laodongthudo.vn", published="2023-12-31T23:30:00+07:00",
        province="Hà Nội", province_2025="Hà Nội",
        figures=[
            _fig(t4, "120.000 đoàn viên", "members", 120000, period=Period.of("Nhiệm kỳ 2018-2023")),
            _fig(t4, "cùng 120.000 đoàn viên", "members", 120000),  # the same value: counted once
        ],
    )
    t5 = "Trong năm 2022, công đoàn tặng 300 suất quà trị giá 150 triệu đồng."
    a5 = Article(  # no date, no province: the year comes from the period
        article_id="a5", text=t5, site="x.vn", title="\tquà Tết",
        figures=[_fig(t5, "150 triệu đồng", "money", 150e6, period=Period.of("năm 2022")),
                 _fig(t5, "300 suất", "count", 300)],
    )
    return [a1, a2, a3, a4, a5]


def _clean(totals: dict[Key, Any]) -> dict[Key, tuple[int, int, int, float | None]]:
    return {k: (t.n_figures, t.n_articles, t.n_counted, t.total_value) for k, t in totals.items()}


def _sql_totals(con: duckdb.DuckDBPyConnection, articles: str, figures: str) -> dict[Key, tuple[int, int, int, float | None]]:
    sql = views_sql(articles, figures)["figures_by_province_year_kind"]
    rows = con.execute(f"SELECT province_2025, year, kind, n_figures, n_articles, n_counted, total_value FROM ({sql})").fetchall()
    return {(p, y, k): (nf, na, nc, tv) for p, y, k, nf, na, nc, tv in rows}


def _same(got: dict[Key, tuple[int, int, int, float | None]], want: dict[Key, tuple[int, int, int, float | None]]) -> None:
    assert got.keys() == want.keys()
    for k, w in want.items():
        g = got[k]
        assert g[:3] == w[:3], k
        assert (g[3] is None) == (w[3] is None), k
        if w[3] is not None:
            assert math.isclose(g[3], w[3], rel_tol=1e-12), k  # type: ignore[arg-type]


def test_every_output_gives_the_same_province_year_totals(tmp_path: Path) -> None:
    arts = corpus()
    want = _clean(province_year_totals(arts))
    # the rules themselves, worked by hand
    assert want[("Lào Cai", 2024, "classes")] == (3, 1, 1, 21.0)  # 8 + 13 inside the 21
    assert want[("Lào Cai", 2024, "members")] == (1, 1, 1, 1200.0)
    assert want[("Lào Cai", 2024, "money")] == (2, 1, 1, 391.4e9)
    assert want[("Lào Cai", 2024, "percentage")] == (1, 1, 1, None)
    assert want[("Lào Cai", 2024, "plan_attainment")] == (1, 1, 1, None)
    assert want[("Lào Cai", 2023, "classes")] == (1, 1, 1, 40.0)  # its period, not 2025
    assert want[("Lào Cai", 2023, "percentage")] == (1, 1, 1, None)
    assert want[("Hà Nội", 2023, "members")] == (2, 1, 1, 120000.0)  # a term: the published year
    assert want[(None, 2022, "money")] == (1, 1, 1, 150e6)

    out = tmp_path / "out"
    sinks = [open_sink("jsonl", str(out / "articles.jsonl")), open_sink("csv", str(out / "csv")),
             open_sink("parquet", str(out / "flat")), open_sink("parquet", str(out / "part"), partition_by_year=True),
             open_sink("duckdb", str(out / "db.duckdb"))]  # fmt: skip
    for a in arts:
        for s in sinks:
            s.write(a)
    for s in sinks:
        s.close()

    # every reader -> Article.from_dict/from_rows -> the same totals and the same report cells
    for path in ("articles.jsonl", "csv", "flat", "part", "db.duckdb"):
        back, errors = load_records([out / path])
        assert errors == [], path
        assert [a.article_id for a in back] == [a.article_id for a in arts] or path == "part"
        _same(_clean(province_year_totals(back)), want)
        report = analyse(back)
        for kind in MAIN_KINDS:
            cells = {(None if p == UNKNOWN_PROVINCE else p, y): c.total
                     for (p, y), c in report.tables[kind].items() if c.counted}  # fmt: skip
            assert cells == {(p, y): w[3] for (p, y, k), w in want.items() if k == kind}, (path, kind)
        by_id = {a.article_id: a for a in back}
        assert by_id["a1"].title == arts[0].title and by_id["a2"].title == "-5 điểm nóng"
        assert by_id["a5"].title == "\tquà Tết" and by_id["a2"].figures[0].subject == "@cán bộ"
        assert by_id["a1"].published == "2024-06-01"  # date-only comes back date-only

    # the DuckDB view, and the same SQL over the Parquet and CSV files any tool would read
    con = duckdb.connect(str(out / "db.duckdb"), read_only=True)
    _same(_sql_totals(con, "articles", "figures"), want)
    con.close()
    con = duckdb.connect()
    flat = out / "flat"
    _same(_sql_totals(con, f"read_parquet('{flat}/articles.parquet')", f"read_parquet('{flat}/figures.parquet')"), want)
    part = out / "part"
    _same(_sql_totals(con, f"read_parquet('{part}/articles/*/*.parquet', hive_partitioning=true)",
                      f"read_parquet('{part}/figures/*/*.parquet', hive_partitioning=true)"), want)
    c = out / "csv"
    _same(_sql_totals(con, f"read_csv('{c}/articles.csv', header=true)", f"read_csv('{c}/figures.csv', header=true)"), want)
    con.close()


def test_csv_is_excel_safe(tmp_path: Path) -> None:
    arts = corpus()
    sink = open_sink("csv", str(tmp_path))
    for a in arts:
        sink.write(a)
    sink.close()
    raw = (tmp_path / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese right
    assert (tmp_path / "figures.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    import csv

    with (tmp_path / "articles.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    titles = [r["title"] for r in rows]
    assert titles[0].startswith("'=HYPERLINK") and titles[1] == "'-5 điểm nóng" and titles[4] == "'\tquà Tết"
    for r in rows:  # no text cell a spreadsheet would run as a formula
        for v in r.values():
            assert not v.startswith(("=", "+", "@", "\t", "\r")), v
    with (tmp_path / "figures.csv").open(encoding="utf-8-sig", newline="") as fh:
        frows = list(csv.DictReader(fh))
    assert frows[0]["value"] == "21" and frows[0]["top_level"] == "True"
    assert next(r for r in frows if r["article_id"] == "a2")["subject"] == "'@cán bộ"
    assert {r["published"] for r in rows} >= {"2024-06-01T00:00:00+07:00", "2025-01-02T08:30:00+07:00"}


@pytest.mark.parametrize("title", ["'quoted", "''", "=1+1", "+84 912", "plain", "-", "'=x"])
def test_csv_escape_round_trips(tmp_path: Path, title: str) -> None:
    art = Article("a", "text", title=title)
    sink = open_sink("csv", str(tmp_path))
    sink.write(art)
    sink.close()
    back, errors = load_records([tmp_path])
    assert errors == [] and back[0].title == title


def test_pandas_reads_the_outputs_typed(tmp_path: Path) -> None:
    """What a pandas user does: CSV with ``utf-8-sig`` and ``to_datetime`` on the mixed
    (date-only and timed) ``published`` column, Parquet as it is, partitions included."""
    import pandas as pd
    arts = corpus()
    sinks = [open_sink("csv", str(tmp_path / "csv")), open_sink("parquet", str(tmp_path / "pq")),
             open_sink("parquet", str(tmp_path / "part"), partition_by_year=True)]  # fmt: skip
    for a in arts:
        for s in sinks:
            s.write(a)
    for s in sinks:
        s.close()
    a = pd.read_csv(tmp_path / "csv" / "articles.csv", encoding="utf-8-sig")
    assert list(a.columns)[:2] == ["record_version", "article_id"]
    pub = pd.to_datetime(a["published"])
    assert str(pub.dt.tz) == "UTC+07:00"
    assert [d.year if not pd.isna(d) else None for d in pub] == [2024, 2025, 2024, 2023, None]
    assert list(a["published_precision"].fillna("")) == ["day", "time", "time", "time", ""]
    f = pd.read_csv(tmp_path / "csv" / "figures.csv", encoding="utf-8-sig")
    assert f["value"].dtype.kind == "f" or f["value"].dtype.kind == "i"
    assert f["top_level"].dtype == bool
    totals = f[f["top_level"] & (f["kind"] == "classes")].groupby("year")["value"].sum().to_dict()
    assert totals == {2023: 40, 2024: 42}  # a1's 21 and its reprint a3's 21 (pandas sees no duplicate_of)
    p = pd.read_parquet(tmp_path / "pq" / "articles.parquet")
    assert str(p["published"].dt.tz) in ("+07:00", "UTC+07:00")
    parts = pd.read_parquet(tmp_path / "part" / "figures")
    assert sorted(int(y) for y in parts["year"].astype(str).unique() if y != "unknown") == [2022, 2023, 2024]
