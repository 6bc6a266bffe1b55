"""The per-article context the attribute resolvers read: sentences, the period and
organisation mentions of each sentence (found once, on demand), the title, the lead
paragraph and the article's own date.

Offsets are into the article text, except for mentions found in the title
(``in_title``), whose offsets are into the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..lexicon import Lexicon
from ..models import Figure
from ..sentences import Sentence
from .orgs import org_mentions
from .periods import period_mentions

__all__ = ["ArticleContext", "ArticleMeta", "Mention", "Resolved"]


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the article says about itself outside its body."""

    title: str | None = None
    published: str | None = None  # ISO 8601
    # a coarser date the page gives when it has no publication date: "2021-09"
    # (an archive's " date 2021-09" marker, a "/202109/" URL path)
    date_hint: str | None = None

    @property
    def article_date(self) -> date | None:
        """The article's own date: ``published``, else the hint (mid-month)."""
        m = re.match(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?", self.published or self.date_hint or "")
        if m is None:
            return None
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 15))
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Mention:
    """A period or organisation named in the text."""

    start: int
    end: int
    text: str
    kind: str = ""  # periods: the rule that found it ("term", "year", "relative", ...); orgs: "event" or ""
    years: tuple[int, int] | None = None  # periods: first and last year, when known
    acting: bool = False  # orgs: an action verb follows ("LĐLĐ tỉnh tổ chức ...")
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class Resolved:
    """An attribute value with its evidence, where it came from and the rule that chose it."""

    value: str
    span: tuple[int, int] | None  # evidence in the article text (None: title or article date)
    source: str  # clause | sentence | paragraph | lead | published
    rule: str
    years: tuple[int, int] | None = None


@dataclass(slots=True)
class ArticleContext:
    text: str
    sentences: list[Sentence]
    lex: Lexicon
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    _index: dict[int, int] = field(default_factory=dict)
    _periods: dict[int, list[Mention]] = field(default_factory=dict)
    _orgs: dict[int, list[Mention]] = field(default_factory=dict)
    _title_periods: list[Mention] | None = None
    _title_orgs: list[Mention] | None = None
    lead: tuple[int, ...] = ()  # indices of the lead paragraph's sentences
    published: date | None = None

    def __post_init__(self) -> None:
        self._index = {s.start: i for i, s in enumerate(self.sentences)}
        self.published = self.meta.article_date
        first = next((s.paragraph for s in self.sentences if len(s.text) >= 40), None)
        self.lead = tuple(i for i, s in enumerate(self.sentences) if s.paragraph == first)

    # -- sentences -----------------------------------------------------------
    def sentence_of(self, fig: Figure) -> int:
        return self._index.get(fig.sentence_start, 0)

    def clause(self, fig: Figure) -> tuple[int, int]:
        """The clause of the figure: its sentence cut at ';' around it."""
        s = self.sentences[self.sentence_of(fig)]
        a = self.text.rfind(";", s.start, fig.start)
        b = self.text.find(";", fig.end, s.end)
        return (s.start if a < 0 else a + 1), (s.end if b < 0 else b)

    def continues(self, i: int) -> bool:
        """Sentence ``i`` is in the same paragraph as ``i - 1``, or opens a paragraph
        that continues the one before ("Trong đó, ...", "Riêng ...")."""
        if i <= 0:
            return False
        s, prev = self.sentences[i], self.sentences[i - 1]
        return s.paragraph == prev.paragraph or bool(self.lex.continuation.match(s.text))

    # -- mentions --------------------------------------------------------------
    def periods(self, i: int) -> list[Mention]:
        found = self._periods.get(i)
        if found is None:
            s = self.sentences[i]
            found = self._periods[i] = period_mentions(s.text, s.start, self.lex, self.published)
        return found

    def orgs(self, i: int) -> list[Mention]:
        found = self._orgs.get(i)
        if found is None:
            s = self.sentences[i]
            found = self._orgs[i] = [
                Mention(s.start + a, s.start + b, s.text[a:b], kind=k, acting=act)
                for a, b, k, act in org_mentions(s.text, self.lex)
            ]
        return found

    @property
    def title_periods(self) -> list[Mention]:
        if self._title_periods is None:
            t = self.meta.title or ""
            self._title_periods = [
                Mention(m.start, m.end, m.text, m.kind, m.years, in_title=True)
                for m in period_mentions(t, 0, self.lex, self.published)
            ]
        return self._title_periods

    @property
    def title_orgs(self) -> list[Mention]:
        if self._title_orgs is None:
            t = self.meta.title or ""
            self._title_orgs = [
                Mention(a, b, t[a:b], kind=k, acting=act or t[b : b + 2].startswith(":"), in_title=True)
                for a, b, k, act in org_mentions(t, self.lex)
            ]
        return self._title_orgs
