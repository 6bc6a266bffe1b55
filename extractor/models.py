"""Value objects that flow through the pipeline.

Page -> (content) -> Article text -> (figures) -> Figure records -> sinks.

All are plain dataclasses; ``to_dict`` gives the JSON record users depend on
(see DESIGN.md, "Records").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "KINDS",
    "ORGANIZER_SOURCES",
    "PERIOD_SOURCES",
    "QUALIFIERS",
    "Article",
    "Figure",
    "Page",
    "Period",
    "Person",
    "RejectReason",
    "Rejection",
    "figure_year",
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
    """The year of an ISO date/timestamp ("2024-05-14T08:15:00+07:00" -> 2024)."""
    if not published:
        return None
    m = re.match(r"\s*(\d{4})", published)
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
        d = asdict(self)
        per = self.period
        d["period"] = per.text if per is not None else None
        d["period_start"] = per.start if per is not None else None
        d["period_end"] = per.end if per is not None else None
        d["period_source"] = self.period_source
        d["spans"] = {k: list(v) for k, v in self.spans.items()}
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Figure:
        """Inverse of ``to_dict``."""
        f = {k: v for k, v in d.items() if k in _FIGURE_FIELDS}
        f["spans"] = {k: (int(v[0]), int(v[1])) for k, v in (d.get("spans") or {}).items()}
        text = d.get("period")
        if text:
            start, end = d.get("period_start"), d.get("period_end")
            source = d.get("period_source") or "sentence"
            per = Period.of(str(text), str(source))
            if start is not None and end is not None:
                per = Period(str(text), int(start), int(end), per.source)
            f["period"] = per
        else:
            f["period"] = None
        return cls(**f)


@dataclass(slots=True)
class Person:
    """A person named in the article with the role given to them."""

    name: str
    role: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Person:
        return cls(d["name"], d.get("role"), int(d["start"]), int(d["end"]))


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
        return {
            "article_id": self.article_id,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "province": self.province,
            "province_2025": self.province_2025,
            "fetched_at": self.fetched_at,
            "source": self.source,
            "source_kind": self.source_kind,
            "duplicate_of": self.duplicate_of,
            "text": self.text,
            "figures": [self._figure_record(f) for f in self.figures],
            "people": [p.to_dict() for p in self.people],
        }

    def _figure_record(self, fig: Figure) -> dict[str, Any]:
        d = fig.to_dict()
        if d["year"] is None:
            d["year"] = figure_year(fig.period, self.published)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Article:
        """Inverse of ``to_dict``."""
        fields = {k: v for k, v in d.items() if k in _ARTICLE_FIELDS}
        return cls(
            **fields,
            figures=[Figure.from_dict(f) for f in d.get("figures") or []],
            people=[Person.from_dict(p) for p in d.get("people") or []],
        )


_FIGURE_FIELDS = frozenset(Figure.__dataclass_fields__) - {"spans", "period"}
_ARTICLE_FIELDS = frozenset(Article.__dataclass_fields__) - {"figures", "people"}


def make_article_id(url: str | None, text: str) -> str:
    """Stable id: from the canonical URL when known, else from the text."""
    key = f"url:{url}" if url else f"text:{text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
