"""Typed outcomes of one page, and mergeable counts of them.

Every page read by every command ends as exactly one of:

* an ``Article`` (with its figures);
* a ``Rejection`` with its reason (not an article, not Vietnamese, HTTP 404,
  duplicate, mojibake...): an expected outcome, counted;
* a ``PageError`` with its source: a bad input (``bad_input``), a page over its
  budget (``timeout``, ``too_large``) or an unexpected crash (``error``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import Article, Rejection

__all__ = ["ERROR_REASONS", "Line", "Outcome", "PageError", "Stats", "outcome_line", "record_line"]

ERROR_REASONS = ("bad_input", "timeout", "too_large", "crash", "error")


@dataclass(frozen=True, slots=True)
class PageError:
    """A page (or input, record, member) that failed, with where it came from."""

    source: str | None
    url: str | None
    message: str
    reason: str = "error"  # one of ERROR_REASONS
    error_type: str = ""
    where: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source_ref": self.source,
            "url": self.url,
            "reason": self.reason,
            "error_type": self.error_type,
            "message": self.message,
        }
        if self.where:
            d["where"] = self.where
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PageError:
        return cls(
            d.get("source_ref"),
            d.get("url"),
            str(d.get("message", "")),
            str(d.get("reason") or "error"),
            str(d.get("error_type") or ""),
            str(d.get("where") or ""),
        )

    def line(self) -> str:
        """One line for a terminal: ``SOURCE: message``."""
        return f"{self.source or self.url or '?'}: {self.message}"


Outcome = Article | Rejection | PageError


# A part-file line: (count key: article | rejected:REASON | error, JSON line bytes)
Line = tuple[str, bytes]


def record_line(outcome: Outcome) -> Line:
    """The outcome as the JSON line of a batch part file (articles carry their
    dedupe keys), with its count key; made where the page was processed, so
    that workers share the cost."""
    import json

    rec = outcome_line(outcome)
    if isinstance(outcome, Article):
        from .dedupe import dedupe_keys

        rec["dedupe"] = dedupe_keys(outcome.url, outcome.text).to_dict()
        key = "article"
    elif isinstance(outcome, Rejection):
        key = f"rejected:{outcome.reason}"
    else:
        key = "error"
    return key, (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")


def outcome_line(outcome: Outcome) -> dict[str, Any]:
    """The outcome as a JSON-able line (``t`` = article | rejected | error)."""
    if isinstance(outcome, Article):
        return {"t": "article", "article": outcome.to_dict()}
    if isinstance(outcome, Rejection):
        return {"t": "rejected", **outcome.to_dict()}
    return {"t": "error", **outcome.to_dict()}


@dataclass
class Stats:
    """Counts of outcomes; ``merge`` adds another run's (or worker's) counts."""

    pages: int = 0
    articles: int = 0
    figures: int = 0
    without_figures: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.pages += 1
        if isinstance(outcome, Article):
            self.articles += 1
            self.figures += len(outcome.figures)
            self.without_figures += not outcome.figures
        elif isinstance(outcome, Rejection):
            self.rejected[str(outcome.reason)] += 1
        else:
            self.errors[outcome.reason] += 1

    def merge(self, other: Stats) -> Stats:
        self.pages += other.pages
        self.articles += other.articles
        self.figures += other.figures
        self.without_figures += other.without_figures
        self.rejected.update(other.rejected)
        self.errors.update(other.errors)
        return self

    @property
    def n_errors(self) -> int:
        return sum(self.errors.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "articles": self.articles,
            "figures": self.figures,
            "articles_without_figures": self.without_figures,
            "rejected": dict(sorted(self.rejected.items())),
            "errors": dict(sorted(self.errors.items())),
        }

    def text(self) -> str:
        rej = ", ".join(f"{k}={v}" for k, v in sorted(self.rejected.items())) or "none"
        err = ", ".join(f"{k}={v}" for k, v in sorted(self.errors.items())) or "none"
        return (
            f"{self.pages} pages -> {self.articles} articles, {self.figures} figures; "
            f"rejected: {rej}; errors: {err}"
        )
