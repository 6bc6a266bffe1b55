"""Read the records the tool wrote back into ``Article`` objects, through the one
record schema (``Article.from_dict`` / ``Article.from_rows`` in ``models.py``).

Formats, told apart by content first and file name second:

* JSONL (``.jsonl``, ``.jsonl.gz``, ``.json``): one ``Article.to_dict()`` per line,
  figures nested.
* Parquet: two tables ``articles`` and ``figures`` joined by ``article_id``
  (columns ``models.ARTICLE_COLUMNS`` / ``models.FIGURE_COLUMNS``), found as
  ``DIR/articles.parquet`` + ``DIR/figures.parquet``, ``PREFIX.articles.parquet`` +
  ``PREFIX.figures.parquet``, or the ``--partition-by-year`` layout
  ``DIR/articles/year=*/`` + ``DIR/figures/year=*/`` (a figure's ``year`` is its
  partition); a single Parquet file with a nested ``figures`` column is read as well.
* DuckDB: one database file with the tables ``articles`` and ``figures``.
* CSV: the two files ``CsvSink`` writes (same layout as Parquet; BOM skipped, the
  formula neutralisation of text cells undone).
* A ``batch`` output directory: the first of Parquet, CSV, DuckDB, JSONL it holds.

pyarrow and duckdb are optional: they are imported only when such a file is read,
and a missing library is reported as a one-line ``InputError``.

Readers yield an ``Article`` per record or an ``InputError`` for a record or
file that cannot be read, so one bad line never loses the rest.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..models import ARTICLE_COLUMNS, FIGURE_COLUMNS, Article
from ..sinks.csv import restore_cell

UNKNOWN_YEAR = "unknown"  # the partition of rows without a year (sinks/parquet.py)

__all__ = [
    "detect_format",
    "iter_records",
    "read_csv",
    "read_duckdb",
    "read_jsonl",
    "read_parquet",
]

_PARQUET_MAGIC = b"PAR1"
_DUCKDB_MAGIC = b"DUCK"  # at byte offset 8 of a DuckDB database file


def _attach_figures(
    source: str,
    articles: Iterable[Mapping[str, Any]],
    figures: Mapping[str, list[Mapping[str, Any]]],
) -> Iterator[Article | InputError]:
    """Join flat figure rows (``article_id``, ``figure_index``) onto their articles
    (``Article.from_rows``)."""
    for row in articles:
        aid = row.get("article_id")
        try:
            yield Article.from_rows(row, figures.get(str(aid), []))
        except (ValueError, TypeError, KeyError) as exc:
            yield InputError(source, f"article {aid}: {exc}")


# -- format detection -------------------------------------------------------------


def detect_format(path: Path) -> str:
    """``jsonl`` | ``parquet`` | ``duckdb`` | ``csv`` for a records path."""
    if path.is_dir():
        names = {p.name for p in path.iterdir()}
        if {"articles.parquet", "figures.parquet"} <= names or _partitioned(path):
            return "parquet"
        if {"articles.csv", "figures.csv"} <= names:
            return "csv"
        if "articles.duckdb" in names:
            return "duckdb"
        if "articles.jsonl" in names:
            return "jsonl"
        raise InputError(
            str(path),
            "directory holds no articles/figures .parquet or .csv pair, "
            "articles/ + figures/ partitions, articles.duckdb or articles.jsonl",
        )
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


def _partitioned(path: Path) -> bool:
    """A directory holding the ``--partition-by-year`` layout: ``articles/year=*/``
    and ``figures/year=*/`` (or empty partition directories)."""
    return (path / "articles").is_dir() and (path / "figures").is_dir()


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
    if path.is_dir():
        path = path / "articles.jsonl"
    fh: IO[str]
    if path.name.endswith(".gz"):
        fh = gzip.open(path, "rt", encoding="utf-8-sig")
    else:
        fh = path.open(encoding="utf-8-sig")
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if not isinstance(d, dict):
                    raise ValueError("not a JSON object")
                yield Article.from_dict(d)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                yield InputError(f"{path}:{n}", f"bad record ({exc})")


def _year_partition(v: Any) -> int | None:
    if v is None or v == UNKNOWN_YEAR:
        return None
    return int(v)


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
                    yield Article.from_dict(row)
                except (ValueError, TypeError, KeyError) as exc:
                    yield InputError(str(path), f"article {row.get('article_id')}: {exc}")
        return
    figures: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    if path.is_dir() and not (path / "articles.parquet").is_file() and _partitioned(path):
        # --partition-by-year: hive directories; a figure's year is its partition
        import pyarrow as pa
        import pyarrow.dataset as ds

        part = ds.partitioning(pa.schema([("year", pa.string())]), flavor="hive")
        for batch in ds.dataset(path / "figures", format="parquet", partitioning=part).to_batches():
            for row in batch.to_pylist():
                row["year"] = _year_partition(row.get("year"))
                figures[str(row.get("article_id"))].append(row)
        adata = ds.dataset(path / "articles", format="parquet", partitioning=part)
        articles = (row for batch in adata.to_batches() for row in batch.to_pylist())
        yield from _attach_figures(str(path / "articles"), articles, figures)
        return
    a_path, f_path = _pair(path, ".parquet")
    for p in (a_path, f_path):
        if not p.is_file():
            yield InputError(str(path), f"missing {p.name} next to it")
            return
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
    if path.is_dir():
        path = path / "articles.duckdb"
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


_CSV_TEXT = {
    "articles": frozenset(c.name for c in ARTICLE_COLUMNS if not c.numeric),
    "figures": frozenset(c.name for c in FIGURE_COLUMNS if not c.numeric),
}


def _restored(row: dict[str, str], text_columns: frozenset[str]) -> dict[str, str]:
    """Undo the CSV sink's formula neutralisation in the text columns (numeric
    columns were never prefixed)."""
    for k in text_columns & row.keys():
        v = row[k]
        if v:
            row[k] = restore_cell(v)
    return row


def read_csv(path: Path) -> Iterator[Article | InputError]:
    """The pair ``CsvSink`` writes. Files from record version 2 on have their text
    cells neutralised against formulas (a leading ``'``), undone here; older files
    (no ``record_version`` column) are read as they are."""
    a_path, f_path = _pair(path, ".csv")
    for p in (a_path, f_path):
        if not p.is_file():
            yield InputError(str(path), f"missing {p.name} next to it")
            return
    csv.field_size_limit(1 << 30)
    with a_path.open(encoding="utf-8-sig", newline="") as fh:
        arows = list(csv.DictReader(fh))
    version = 1
    if arows:
        try:
            version = int(arows[0].get("record_version") or 1)
        except ValueError:
            version = 1
    escaped = version >= 2
    figures: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    with f_path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if escaped:
                row = _restored(row, _CSV_TEXT["figures"])
            figures[row.get("article_id") or ""].append(row)
    if escaped:
        arows = [_restored(r, _CSV_TEXT["articles"]) for r in arows]
    yield from _attach_figures(str(a_path), arows, figures)


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
    if path.is_dir():
        return path.resolve()
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
