"""Value objects that flow through the pipeline.

Page -> (content) -> Article text -> (figures) -> Figure records -> sinks.

All are plain dataclasses; ``to_dict`` gives the JSON record users depend on
(see DESIGN.md, "Records").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "KINDS",
    "QUALIFIERS",
    "Article",
    "Figure",
    "Page",
    "Person",
    "RejectReason",
    "Rejection",
    "make_article_id",
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
    period: str | None = None
    plan_attainment: float | int | None = None
    parent: int | None = None  # index into Article.figures of the "trong đó" total
    province: str | None = None
    sentence: str = ""
    sentence_start: int = 0
    confidence: float = 1.0
    # Character offsets of the attribute evidence, when known.
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["spans"] = {k: list(v) for k, v in self.spans.items()}
        return d


@dataclass(slots=True)
class Person:
    """A person named in the article with the role given to them."""

    name: str
    role: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
            "figures": [f.to_dict() for f in self.figures],
            "people": [p.to_dict() for p in self.people],
        }


def make_article_id(url: str | None, text: str) -> str:
    """Stable id: from the canonical URL when known, else from the text."""
    key = f"url:{url}" if url else f"text:{text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
