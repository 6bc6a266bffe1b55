from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import InputError
from extractor.models import Article
from extractor.report import detect_format, load_records
from extractor.sinks import CsvSink


def _rows(articles: list[Article]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The two flat tables (``Article.to_rows``) as another tool might write them:
    ``published`` as text, values as floats, types left to pyarrow to infer."""
    arows, frows = [], []
    for art in articles:
        row, figs = art.to_rows()
        arows.append(row)
        for frow in figs:
            for k in ("value", "value_high", "plan_attainment"):
                frow[k] = None if frow[k] is None else float(frow[k])
            frows.append(frow)
    return arows, frows


def _same(got: list[Article], want: list[Article]) -> None:
    assert [a.article_id for a in got] == [a.article_id for a in want]
    for g, w in zip(got, want, strict=True):
        assert (g.text, g.title, g.site, g.published, g.province, g.province_2025) == (
            w.text, w.title, w.site, w.published, w.province, w.province_2025)
        assert len(g.figures) == len(w.figures)
        for gf, wf in zip(g.figures, w.figures, strict=True):
            assert (gf.kind, gf.value, gf.value_high, gf.start, gf.end, gf.quote, gf.parent, gf.period,
                    gf.subject, gf.organizer, gf.qualifier, gf.confidence) == (
                wf.kind, wf.value, wf.value_high, wf.start, wf.end, wf.quote, wf.parent, wf.period,
                wf.subject, wf.organizer, wf.qualifier, wf.confidence)
            assert g.text[gf.start:gf.end] == gf.quote


def test_jsonl_round_trip(corpus_jsonl: Path, corpus: list[Article]) -> None:
    assert detect_format(corpus_jsonl) == "jsonl"
    got, errors = load_records([corpus_jsonl])
    assert errors == []
    _same(got, corpus)


def test_jsonl_gz_and_bad_lines(tmp_path: Path, corpus: list[Article]) -> None:
    p = tmp_path / "r.jsonl.gz"
    lines = [json.dumps(corpus[0].to_dict(), ensure_ascii=False), "{not json", "[1, 2]",
             json.dumps({"text": "no id"}), "", json.dumps(corpus[1].to_dict(), ensure_ascii=False)]
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    got, errors = load_records([p])
    _same(got, corpus[:2])
    assert [e.source for e in errors] == [f"{p}:2", f"{p}:3", f"{p}:4"]


def test_parquet_tables(tmp_path: Path, corpus: list[Article]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    arows, frows = _rows(corpus)
    pq.write_table(pa.Table.from_pylist(arows), tmp_path / "out.articles.parquet")
    pq.write_table(pa.Table.from_pylist(frows), tmp_path / "out.figures.parquet")
    # either file of the pair names the pair; naming both reads it once
    got, errors = load_records([tmp_path / "out.articles.parquet", tmp_path / "out.figures.parquet"])
    assert errors == []
    _same(got, corpus)
    d = tmp_path / "dir"
    d.mkdir()
    pq.write_table(pa.Table.from_pylist(arows), d / "articles.parquet")
    pq.write_table(pa.Table.from_pylist(list(reversed(frows))), d / "figures.parquet")
    got, errors = load_records([d])
    assert errors == []
    _same(got, corpus)


def test_parquet_nested_and_missing_pair(tmp_path: Path, corpus: list[Article]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    nested = [a.to_dict() for a in corpus]
    for d in nested:
        for f in d["figures"]:
            f.pop("spans")
            for k in ("value", "value_high", "plan_attainment"):
                f[k] = None if f[k] is None else float(f[k])
    pq.write_table(pa.Table.from_pylist(nested), tmp_path / "nested.parquet")
    got, errors = load_records([tmp_path / "nested.parquet"])
    assert errors == []
    _same(got, corpus)
    arows, _ = _rows(corpus)
    pq.write_table(pa.Table.from_pylist(arows), tmp_path / "lonely.articles.parquet")
    got, errors = load_records([tmp_path / "lonely.articles.parquet"])
    assert got == [] and "missing lonely.figures.parquet" in str(errors[0])


def test_duckdb_tables(tmp_path: Path, corpus: list[Article]) -> None:
    duckdb = pytest.importorskip("duckdb")
    pa = pytest.importorskip("pyarrow")
    arows, frows = _rows(corpus)
    db = tmp_path / "records.duckdb"
    con = duckdb.connect(str(db))
    articles_t = pa.Table.from_pylist(arows)
    figures_t = pa.Table.from_pylist(frows)
    con.register("a_src", articles_t)
    con.register("f_src", figures_t)
    con.execute("CREATE TABLE articles AS SELECT * FROM a_src")
    con.execute("CREATE TABLE figures AS SELECT * FROM f_src ORDER BY random()")
    con.close()
    assert detect_format(db) == "duckdb"
    got, errors = load_records([db])
    assert errors == []
    _same(got, corpus)
    # a database without the two tables is an error, not a crash
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE x (i INTEGER)").close()
    got, errors = load_records([other])
    assert got == [] and "no 'articles' and 'figures' tables" in str(errors[0])


def test_csv_pair_from_csv_sink(tmp_path: Path, corpus: list[Article]) -> None:
    sink = CsvSink(tmp_path / "csvout")
    for a in corpus:
        sink.write(a)
    sink.close()
    got, errors = load_records([tmp_path / "csvout"])
    assert errors == []
    _same(got, corpus)


def test_missing_and_empty_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    got, errors = load_records([tmp_path / "nope.jsonl", empty, tmp_path])
    assert got == []
    assert [type(e) for e in errors] == [InputError, InputError, InputError]
    assert "no such file" in str(errors[0]) and "empty file" in str(errors[1])
