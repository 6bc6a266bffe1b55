"""Value objects that flow through the pipeline.

Page -> (content) -> Article text -> (figures) -> Figure records -> sinks.

All are plain dataclasses; ``to_dict`` gives the JSON record users depend on
(see DESIGN.md, "Records").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import schema

__all__ = [
    "ADDITIVE_KINDS",
    "ARTICLE_COLUMNS",
    "FIGURE_COLUMNS",
    "KINDS",
    "ORGANIZER_SOURCES",
    "PERIOD_SOURCES",
    "QUALIFIERS",
    "RECORD_VERSION",
    "Article",
    "Figure",
    "Page",
    "Period",
    "Person",
    "RejectReason",
    "Rejection",
    "figure_year",
    "is_top_level",
    "make_article_id",
    "published_year",
    "years_in",
]

KINDS: tuple[str, ...] = (
    "classes",
    "attendances",
    "participants",
    "members",
    "organizations",
    "money",
    "awards",
    "percentage",
    "plan_attainment",
    "term",
    "duration",
    "count",
)

QUALIFIERS: tuple[str, ...] = ("exact", "more_than", "nearly", "approx", "at_least", "at_most")

# Where a figure's period / organizer came from, nearest first: its own clause, its
# sentence, its paragraph (or one it continues), the title and lead, the article's own
# date ("published", periods only); "none" when nothing governs it.
PERIOD_SOURCES: tuple[str, ...] = ("clause", "sentence", "paragraph", "lead", "published", "none")
ORGANIZER_SOURCES: tuple[str, ...] = ("clause", "sentence", "paragraph", "lead", "none")

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")


def years_in(text: str | None) -> tuple[int, ...]:
    """The years a period phrase names, in order, without repeats
    ("nhiệm kỳ 2018-2023" -> (2018, 2023); "quý I/2023" -> (2023,))."""
    out: list[int] = []
    for m in _YEAR.finditer(text or ""):
        y = int(m.group(1))
        if y not in out:
            out.append(y)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Period:
    """When a figure happened: the phrase as written, the years it names, and where it
    came from (one of ``PERIOD_SOURCES``)."""

    text: str
    start: int | None = None  # first year named
    end: int | None = None  # last year named (== start for one year)
    source: str = "sentence"

    @classmethod
    def of(cls, text: str, source: str = "sentence") -> Period:
        ys = years_in(text)
        return cls(text, min(ys) if ys else None, max(ys) if ys else None, source)

    @property
    def years(self) -> tuple[int, ...]:
        if self.start is None or self.end is None:
            return ()
        return tuple(range(self.start, self.end + 1))

    @property
    def single_year(self) -> int | None:
        return self.start if self.start is not None and self.start == self.end else None

    def __str__(self) -> str:
        return self.text


def published_year(published: str | None) -> int | None:
    """The year of a published date in Vietnam time ("2024-05-14T08:15:00+07:00" ->
    2024; "2024-12-31T20:00:00Z" -> 2025, the local date)."""
    iso, _ = schema.normalise_published(published)
    if not iso:
        return None
    m = re.match(r"\s*(\d{4})", iso)
    return int(m.group(1)) if m else None


def figure_year(period: Period | None, published: str | None) -> int | None:
    """The one rule for the year a figure is counted in, shared by every output and
    the report: its period when that names one single year, else the year of the
    article's published date, else None."""
    if period is not None and period.single_year is not None:
        return period.single_year
    return published_year(published)


@dataclass(frozen=True, slots=True)
class Page:
    """Raw input: the bytes of one page or text file and where they came from."""

    content: bytes
    url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int | None = None
    source: str = "file"  # crawl | warc | file | archive | jsonl | stdin
    source_ref: str | None = None  # path, WARC record id, archive member, JSONL line
    fetched_at: str | None = None
    content_type: str | None = None  # "text/html", "text/plain"; None = guess
    # What the input itself says about the article (JSON/JSONL fields, the WARC
    # record): title, published, province, author (these win over what the page
    # shows), crawl_kind (what a crawl took the page for).
    meta: Mapping[str, str] = field(default_factory=dict)


class RejectReason(StrEnum):
    """Expected outcomes that are not articles; counted and reported, never raised."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    NOT_ARTICLE = "not_article"
    NOT_VIETNAMESE = "not_vietnamese"
    NOT_HTML = "not_html"
    ROBOTS_DISALLOWED = "robots_disallowed"
    TOO_LARGE = "too_large"
    DUPLICATE = "duplicate"
    HTTP_ERROR = "http_error"
    MOJIBAKE = "mojibake"  # still garbled after every decoding tried (or TCVN3/VNI)
    BEFORE_SINCE = "before_since"  # --since: published before the date asked for
    OFF_TOPIC = "off_topic"  # --topic: no union/labour keyword


@dataclass(frozen=True, slots=True)
class Rejection:
    """A page that did not yield an article, with the reason why."""

    reason: RejectReason
    detail: str = ""
    source: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "reason": str(self.reason),
            "detail": self.detail,
        }


@dataclass(slots=True)
class Figure:
    """One figure found in an article, grounded by ``text[start:end] == quote``."""

    kind: str
    value: float | int
    start: int
    end: int
    quote: str
    rule: str
    value_high: float | int | None = None
    unit: str | None = None
    qualifier: str = "exact"
    subject: str | None = None
    activity: str | None = None
    organizer: str | None = None
    # abbreviations expanded ("LĐLĐ tỉnh" -> "Liên đoàn Lao động tỉnh"); the fields
    # above keep the surface form as written
    subject_canonical: str | None = None
    organizer_canonical: str | None = None
    period: Period | None = None
    organizer_source: str = "none"  # one of ORGANIZER_SOURCES
    year: int | None = None  # figure_year(period, article.published), set by the pipeline
    plan_attainment: float | int | None = None
    parent: int | None = None  # index into Article.figures of the "trong đó" total
    province: str | None = None
    sentence: str = ""
    sentence_start: int = 0
    confidence: float = 1.0
    # Character offsets of the attribute evidence, when known.
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def period_source(self) -> str:
        return self.period.source if self.period is not None else "none"

    def to_dict(self) -> dict[str, Any]:
        """The figure's record: every field, ``period`` flattened to ``period``,
        ``period_start``, ``period_end``, ``period_source`` (``"none"`` without one).
        In an article's record (``Article.to_dict``) ``year`` is always filled and
        ``top_level`` added."""
        d = schema.field_record(self)
        d["period_source"] = self.period_source
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Figure:
        """Inverse of ``to_dict``; also reads CSV/Parquet/DuckDB rows (cells as text,
        NaN for null, JSON text for ``spans``). Derived keys are ignored."""
        kwargs = schema.from_record(cls, d)
        per = kwargs.get("period")
        if per is not None and (per.start is None or per.end is None):
            # an older record with the phrase only: the years it names
            kwargs["period"] = Period.of(per.text, per.source)
        return cls(**kwargs)


@dataclass(slots=True)
class Person:
    """A person named in the article with the role given to them."""

    name: str
    role: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return schema.field_record(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Person:
        return cls(**schema.from_record(cls, d))


# The version of the record layout, written in every article record. 1: records
# without the field (before the schema was derived from the dataclasses); 2: typed
# ``published`` with ``published_precision``, ``top_level`` and ``year`` on every
# figure, ``people`` and ``spans`` in the flat tables, CSV cells neutralised.
RECORD_VERSION = 2

# Kinds whose values add up across figures; the others (percentages, plan
# attainment, congress terms, durations) are counted but never summed.
ADDITIVE_KINDS: frozenset[str] = frozenset(
    {"classes", "attendances", "participants", "members", "organizations", "money", "awards", "count"}
)


def is_top_level(figures: Sequence[Figure], index: int) -> bool:
    """False for a "trong đó" part whose total (its ``parent``) has the same kind: such a
    part is already inside its total and must not be added to it again."""
    fig = figures[index]
    p = fig.parent
    if p is None or not 0 <= p < len(figures) or p == index:
        return True
    return figures[p].kind != fig.kind


@dataclass(slots=True)
class Article:
    """An article with its metadata, clean text and the figures found in it."""

    article_id: str
    text: str
    url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    province: str | None = None
    province_2025: str | None = None
    fetched_at: str | None = None
    source: str | None = None
    source_kind: str = "file"
    figures: list[Figure] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The article's record (JSON): ``record_version``, every field, ``published``
        as ISO 8601 +07:00 with ``published_precision``, and the figures' records with
        their ``year`` and ``top_level``."""
        d: dict[str, Any] = {"record_version": RECORD_VERSION}
        for k, v in schema.field_record(self, skip=frozenset({"figures"})).items():
            if k == "published":
                d["published"], d["published_precision"] = schema.normalise_published(v)
            else:
                d[k] = v
        d["figures"] = [self._figure_record(i) for i in range(len(self.figures))]
        return d

    def _figure_record(self, i: int) -> dict[str, Any]:
        fig = self.figures[i]
        d = fig.to_dict()
        if d["year"] is None:
            d["year"] = figure_year(fig.period, self.published)
        d["top_level"] = is_top_level(self.figures, i)
        return d

    def to_rows(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The flat rows of the CSV/Parquet/DuckDB tables, keyed by ``ARTICLE_COLUMNS``
        and ``FIGURE_COLUMNS``: the same values as ``to_dict``, lists and dicts as JSON
        text, figures in their own rows joined by ``article_id`` + ``figure_index``."""
        d = self.to_dict()
        d["n_figures"] = len(self.figures)
        row = {c.name: _flat(d.get(c.name), c) for c in ARTICLE_COLUMNS}
        figs = []
        for i, f in enumerate(d["figures"]):
            f = {**f, "article_id": self.article_id, "figure_index": i}
            figs.append({c.name: _flat(f.get(c.name), c) for c in FIGURE_COLUMNS})
        return row, figs

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Article:
        """Inverse of ``to_dict``; also reads a flat article row (CSV/Parquet/DuckDB
        cells, ``people`` as JSON text, ``published`` as text or a datetime) with the
        figures given as records under ``figures``."""
        kwargs = schema.from_record(cls, d, skip=frozenset({"published", "figures"}))
        kwargs["published"] = schema.published_from_cell(d.get("published"), d.get("published_precision"))
        raw: Any = d.get("figures")
        if isinstance(raw, str):
            raw = json.loads(raw) if raw.strip() else []
        if hasattr(raw, "tolist"):  # a numpy array from a nested Parquet column
            raw = raw.tolist()
        kwargs["figures"] = [Figure.from_dict(f) for f in raw or []]
        return cls(**kwargs)

    @classmethod
    def from_rows(cls, row: Mapping[str, Any], figure_rows: Iterable[Mapping[str, Any]]) -> Article:
        """Inverse of ``to_rows``: figure rows in any order (sorted by ``figure_index``;
        ``parent`` re-pointed if the indices have gaps)."""
        rows = sorted(figure_rows, key=lambda r: schema.coerce(r.get("figure_index"), int) or 0)
        pos = {schema.coerce(r.get("figure_index"), int): i for i, r in enumerate(rows)}
        figs = []
        for r in rows:
            par = schema.coerce(r.get("parent"), int)
            figs.append({**r, "parent": pos.get(par) if par is not None else None})
        return cls.from_dict({**row, "figures": figs})


def _flat(v: Any, col: schema.Column) -> Any:
    if col.type == "json" and v is not None and not isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return v


# The flat tables, derived from the dataclasses (a field added to Article, Figure or
# Period appears here, typed from its annotation, with no other edit).
ARTICLE_COLUMNS: tuple[schema.Column, ...] = (
    schema.Column("record_version", "int"),
    *schema.dataclass_columns(
        Article,
        {
            "published": [schema.Column("published", "timestamp"), schema.Column("published_precision", "str")],
            "figures": [schema.Column("n_figures", "int")],
        },
    ),
)
FIGURE_COLUMNS: tuple[schema.Column, ...] = (
    schema.Column("article_id", "str"),
    schema.Column("figure_index", "int"),
    *schema.dataclass_columns(Figure),
    schema.Column("top_level", "bool"),
)


def make_article_id(url: str | None, text: str) -> str:
    """Stable id: from the canonical URL when known, else from the text."""
    key = f"url:{url}" if url else f"text:{text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
