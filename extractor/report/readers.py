"""Read the records the tool wrote back into ``Article`` objects.

Formats, told apart by content first and file name second:

* JSONL (``.jsonl``, ``.jsonl.gz``, ``.json``): one ``Article.to_dict()`` per line,
  figures nested.
* Parquet: two tables ``articles`` and ``figures`` joined by ``article_id``
  (columns ``ARTICLE_COLUMNS`` / ``FIGURE_COLUMNS`` of :mod:`extractor.sinks.csv`),
  found as ``DIR/articles.parquet`` + ``DIR/figures.parquet`` or
  ``PREFIX.articles.parquet`` + ``PREFIX.figures.parquet``; a single Parquet file
  with a nested ``figures`` column is read as well.
* DuckDB: one database file with the tables ``articles`` and ``figures``.
* CSV: the two files ``CsvSink`` writes (same layout as Parquet).

pyarrow and duckdb are optional: they are imported only when such a file is read,
and a missing library is reported as a one-line ``InputError``.

Readers yield an ``Article`` per record or an ``InputError`` for a record or
file that cannot be read, so one bad line never loses the rest.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..models import Article, Figure, Period, Person

__all__ = [
    "article_from_dict",
    "detect_format",
    "iter_records",
    "read_csv",
    "read_duckdb",
    "read_jsonl",
    "read_parquet",
]

_PARQUET_MAGIC = b"PAR1"
_DUCKDB_MAGIC = b"DUCK"  # at byte offset 8 of a DuckDB database file


# -- value coercion ---------------------------------------------------------------


def _blank(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, float) and math.isnan(v))


def _str(v: Any) -> str | None:
    if _blank(v):
        return None
    return str(v)


def _num(v: Any) -> float | int | None:
    """A number from JSON/Parquet/CSV; integral floats become ints."""
    if _blank(v) or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if math.isnan(f):
        return None
    return int(f) if f.is_integer() else f


def _int(v: Any) -> int | None:
    n = _num(v)
    return None if n is None else int(n)


def _spans(v: Any) -> dict[str, tuple[int, int]]:
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError:
            return {}
    out: dict[str, tuple[int, int]] = {}
    if isinstance(v, Mapping):
        for k, pair in v.items():
            if isinstance(pair, list | tuple) and len(pair) == 2:
                a, b = _int(pair[0]), _int(pair[1])
                if a is not None and b is not None:
                    out[str(k)] = (a, b)
    return out


def _period(d: Mapping[str, Any]) -> Period | None:
    text = _str(d.get("period"))
    if text is None:
        return None
    per = Period.of(text, _str(d.get("period_source")) or "sentence")
    start, end = _int(d.get("period_start")), _int(d.get("period_end"))
    if start is not None and end is not None:
        per = Period(text, start, end, per.source)
    return per


def figure_from_dict(d: Mapping[str, Any]) -> Figure:
    """A ``Figure`` from its record; missing optional fields take their defaults."""
    kind = _str(d.get("kind"))
    value = _num(d.get("value"))
    start, end = _int(d.get("start")), _int(d.get("end"))
    if kind is None or value is None or start is None or end is None:
        raise ValueError("figure without kind, value, start or end")
    conf = _num(d.get("confidence"))
    return Figure(
        kind=kind,
        value=value,
        start=start,
        end=end,
        quote=_str(d.get("quote")) or "",
        rule=_str(d.get("rule")) or "",
        value_high=_num(d.get("value_high")),
        unit=_str(d.get("unit")),
        qualifier=_str(d.get("qualifier")) or "exact",
        subject=_str(d.get("subject")),
        activity=_str(d.get("activity")),
        organizer=_str(d.get("organizer")),
        subject_canonical=_str(d.get("subject_canonical")),
        organizer_canonical=_str(d.get("organizer_canonical")),
        period=_period(d),
        organizer_source=_str(d.get("organizer_source")) or "none",
        year=_int(d.get("year")),
        plan_attainment=_num(d.get("plan_attainment")),
        parent=_int(d.get("parent")),
        province=_str(d.get("province")),
        sentence=_str(d.get("sentence")) or "",
        sentence_start=_int(d.get("sentence_start")) or 0,
        confidence=1.0 if conf is None else float(conf),
        spans=_spans(d.get("spans")),
    )


def article_from_dict(d: Mapping[str, Any]) -> Article:
    """An ``Article`` (with figures) from ``Article.to_dict()`` output."""
    aid = _str(d.get("article_id"))
    if aid is None:
        raise ValueError("record without article_id")
    figures_raw = d.get("figures")
    if isinstance(figures_raw, str):  # a CSV/Parquet cell holding JSON
        figures_raw = json.loads(figures_raw) if figures_raw else []
    people_raw = d.get("people")
    if isinstance(people_raw, str):
        people_raw = json.loads(people_raw) if people_raw else []
    people = []
    for p in people_raw or []:
        s, e = _int(p.get("start")), _int(p.get("end"))
        if p.get("name") and s is not None and e is not None:
            people.append(Person(name=str(p["name"]), role=_str(p.get("role")), start=s, end=e))
    return Article(
        article_id=aid,
        text=_str(d.get("text")) or "",
        url=_str(d.get("url")),
        site=_str(d.get("site")),
        title=_str(d.get("title")),
        published=_str(d.get("published")),
        author=_str(d.get("author")),
        province=_str(d.get("province")),
        province_2025=_str(d.get("province_2025")),
        fetched_at=_str(d.get("fetched_at")),
        source=_str(d.get("source")),
        source_kind=_str(d.get("source_kind")) or "file",
        figures=[figure_from_dict(f) for f in figures_raw or []],
        people=people,
        duplicate_of=_str(d.get("duplicate_of")),
    )


def _attach_figures(
    source: str,
    articles: Iterable[Mapping[str, Any]],
    figures: Mapping[str, list[Mapping[str, Any]]],
) -> Iterator[Article | InputError]:
    """Join flat figure rows (``article_id``, ``figure_index``) onto their articles.

    ``parent`` is an index into the article's figure list; rows are ordered by
    ``figure_index`` and parents re-pointed in case the indices have gaps."""
    for row in articles:
        aid = _str(row.get("article_id"))
        try:
            rows = sorted(figures.get(aid or "", []), key=lambda r: _int(r.get("figure_index")) or 0)
            pos = {_int(r.get("figure_index")): i for i, r in enumerate(rows)}
            fixed = []
            for r in rows:
                r2 = dict(r)
                par = _int(r.get("parent"))
                r2["parent"] = pos.get(par) if par is not None else None
                fixed.append(r2)
            d = dict(row)
            d["figures"] = fixed
            yield article_from_dict(d)
        except (ValueError, TypeError, KeyError) as exc:
            yield InputError(source, f"article {aid}: {exc}")


# -- format detection -------------------------------------------------------------


def detect_format(path: Path) -> str:
    """``jsonl`` | ``parquet`` | ``duckdb`` | ``csv`` for a records path."""
    if path.is_dir():
        names = {p.name for p in path.iterdir()}
        if {"articles.parquet", "figures.parquet"} <= names:
            return "parquet"
        if {"articles.csv", "figures.csv"} <= names:
            return "csv"
        raise InputError(str(path), "directory holds no articles/figures .parquet or .csv pair")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if head.startswith(_PARQUET_MAGIC):
        return "parquet"
    if head[8:12] == _DUCKDB_MAGIC:
        return "duckdb"
    name = path.name.lower()
    if name.endswith((".duckdb", ".ddb")):
        return "duckdb"
    if name.endswith(".csv"):
        return "csv"
    if not head:
        raise InputError(str(path), "empty file")
    return "jsonl"


def _pair(path: Path, ext: str) -> tuple[Path, Path]:
    """The (articles, figures) files for a directory or one file of the pair."""
    if path.is_dir():
        return path / f"articles{ext}", path / f"figures{ext}"
    name = path.name
    for which in ("articles", "figures"):
        if name == f"{which}{ext}":
            return path.with_name(f"articles{ext}"), path.with_name(f"figures{ext}")
        if name.endswith(f".{which}{ext}"):
            stem = name[: -len(f".{which}{ext}")]
            return path.with_name(f"{stem}.articles{ext}"), path.with_name(f"{stem}.figures{ext}")
    return path.with_name(f"{path.stem}.articles{ext}"), path.with_name(f"{path.stem}.figures{ext}")


# -- readers ----------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[Article | InputError]:
    """One article per line; a bad line is reported and skipped."""
    fh: IO[str]
    if path.name.endswith(".gz"):
        fh = gzip.open(path, "rt", encoding="utf-8")
    else:
        fh = path.open(encoding="utf-8")
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if not isinstance(d, dict):
                    raise ValueError("not a JSON object")
                yield article_from_dict(d)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                yield InputError(f"{path}:{n}", f"bad record ({exc})")


def read_parquet(path: Path) -> Iterator[Article | InputError]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(str(path), "reading Parquet needs pyarrow (pip install 'union-figures[report]')")
        return
    if _nested_parquet(path):
            for batch in pq.ParquetFile(path).iter_batches():
                for row in batch.to_pylist():
                    try:
                        yield article_from_dict(row)
                    except (ValueError, TypeError, KeyError) as exc:
                        yield InputError(str(path), f"article {row.get('article_id')}: {exc}")
            return
    a_path, f_path = _pair(path, ".parquet")
    for p in (a_path, f_path):
        if not p.is_file():
            yield InputError(str(path), f"missing {p.name} next to it")
            return
    figures: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for batch in pq.ParquetFile(f_path).iter_batches():
        for row in batch.to_pylist():
            figures[str(row.get("article_id"))].append(row)
    articles = (row for batch in pq.ParquetFile(a_path).iter_batches() for row in batch.to_pylist())
    yield from _attach_figures(str(a_path), articles, figures)


def read_duckdb(path: Path) -> Iterator[Article | InputError]:
    try:
        import duckdb
    except ImportError:
        yield InputError(str(path), "reading DuckDB needs duckdb (pip install 'union-figures[report]')")
        return
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        yield InputError(str(path), f"cannot open DuckDB database ({exc})")
        return
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"articles", "figures"} <= tables:
            yield InputError(str(path), "database has no 'articles' and 'figures' tables")
            return

        def rows(sql: str) -> Iterator[dict[str, Any]]:
            cur = con.execute(sql)
            cols = [c[0] for c in cur.description]
            while chunk := cur.fetchmany(2048):
                for r in chunk:
                    yield dict(zip(cols, r, strict=True))

        figures: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for row in rows("SELECT * FROM figures"):
            figures[str(row.get("article_id"))].append(row)
        yield from _attach_figures(str(path), list(rows("SELECT * FROM articles")), figures)
    finally:
        con.close()


def read_csv(path: Path) -> Iterator[Article | InputError]:
    a_path, f_path = _pair(path, ".csv")
    for p in (a_path, f_path):
        if not p.is_file():
            yield InputError(str(path), f"missing {p.name} next to it")
            return
    csv.field_size_limit(1 << 30)
    figures: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    with f_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            figures[row.get("article_id") or ""].append(row)
    with a_path.open(encoding="utf-8", newline="") as fh:
        yield from _attach_figures(str(a_path), csv.DictReader(fh), figures)


def _nested_parquet(path: Path) -> bool:
    """A single Parquet file of articles with their figures nested."""
    if not path.is_file():
        return False
    try:
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
    except ImportError:
        return False
    return "figures" in names and "text" in names


def _dedup_path(fmt: str, path: Path) -> Path:
    if fmt == "csv" or (fmt == "parquet" and not _nested_parquet(path)):
        return _pair(path, f".{fmt}")[0].resolve()
    return path.resolve()


_READERS = {"jsonl": read_jsonl, "parquet": read_parquet, "duckdb": read_duckdb, "csv": read_csv}


def iter_records(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Articles from every path in turn (any supported format, mixed freely).

    The two files of a Parquet/CSV pair named separately are read once."""
    seen: set[tuple[str, Path]] = set()
    for raw in paths:
        path = Path(raw)
        try:
            fmt = detect_format(path)
        except InputError as exc:
            yield exc
            continue
        key = (fmt, _dedup_path(fmt, path))
        if key in seen:
            continue
        seen.add(key)
        try:
            yield from _READERS[fmt](path)
        except InputError as exc:
            yield exc
        except (OSError, UnicodeDecodeError) as exc:
            yield InputError(str(path), f"cannot read ({exc})")
