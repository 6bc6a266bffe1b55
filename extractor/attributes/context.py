"""The per-article context the attribute resolvers read: sentences, the period and
organisation mentions of each sentence (found once, on demand), the title, the lead
paragraph and the article's own date.

Offsets are into the article text, except for mentions found in the title
(``in_title``), whose offsets are into the title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from ..lexicon import Lexicon
from ..models import Figure
from ..sentences import Sentence
from .orgs import org_mentions
from .periods import period_mentions

_T = TypeVar("_T")

__all__ = ["SPAN_KINDS", "ArticleContext", "ArticleMeta", "Mention", "Resolved", "is_generic_level", "is_single_year", "is_weak_org"]


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
    # read off the figure's own words, not chosen among bodies near it: no learned step
    # second-guesses it (a congress's term belongs to the body whose congress it is)
    decisive: bool = False


# period kinds named after a figure that belong to what follows, not to the figure
SPAN_KINDS = frozenset({"term", "stage", "stage_number"})
# period kinds that name a festival or a yearly programme ("Tết Nguyên đán Bính Ngọ 2026")
FESTIVAL_KINDS = frozenset({"tet", "tet_canchi", "programme_year"})

# bodies that govern later figures only when no union or state body does: generic
# levels with no name ("công đoàn cơ sở", "các cấp công đoàn") and sponsors (companies,
# banks) that act in one sentence of a union's article
_LEVEL = (
    r"(?:nhiều |các )?(?:công đoàn cơ sở|cđcs|công đoàn ngành|công đoàn cấp trên(?: trực tiếp cơ sở)?|"
    r"các cấp công đoàn|các cấp cđ|công đoàn các cấp)"
)
_GENERIC_LEVEL = re.compile(rf"(?i)^{_LEVEL}$")
_WEAK = re.compile(rf"(?i)^(?:{_LEVEL}|(?:Công ty|Cty|Tổng công ty|Tập đoàn|Ngân hàng|Doanh nghiệp)\b.*)$")


_NOT_ONE_YEAR = SPAN_KINDS | {"since_year", "past_term"}


def is_single_year(m: Mention) -> bool:
    """A single named year ("năm 2019", "Tết 2024"): not a term, a stage, a range, a
    "từ năm 2022 đến nay" whose end is the unknown date, nor a year of long ago."""
    return m.years is not None and m.kind not in _NOT_ONE_YEAR and m.years[0] == m.years[1] and m.years[0] >= 1990


def is_weak_org(m: Mention) -> bool:
    return _WEAK.match(m.text) is not None


def is_generic_level(m: Mention) -> bool:
    """A level of the union with no name ("công đoàn cơ sở", "các cấp công đoàn")."""
    return _GENERIC_LEVEL.match(m.text) is not None


@dataclass
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
    _acting: dict[tuple[bool, bool], dict[int, tuple[int, Mention] | None]] = field(default_factory=dict)
    _acting_lists: dict[tuple[int, bool], list[Mention]] = field(default_factory=dict)
    _prev_period: dict[int, tuple[int, Mention] | None] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # per-article answers of a resolver

    def __post_init__(self) -> None:
        self._index = {s.start: i for i, s in enumerate(self.sentences)}
        self.published = self.meta.article_date
        first = next((s.paragraph for s in self.sentences if self._leads(s.text)), None)
        self.lead = tuple(i for i, s in enumerate(self.sentences) if s.paragraph == first)

    @cached_property
    def reference(self) -> date | None:
        """The date relative phrases ("năm nay", "Tết Bính Ngọ") resolve against: the
        article's own date, else the one year its title, else its lead, names ("lễ trao học
        bổng lần thứ 15 năm 2025"; mid-year). Read when a period is first asked for."""
        if self.published is not None:
            return self.published
        for texts in ([self.meta.title or ""], [self.sentences[k].text for k in self.lead]):
            years = {m.years[0] for t in texts for m in period_mentions(t, 0, self.lex, None) if m.years and is_single_year(m)}
            if len(years) == 1:
                return date(years.pop(), 6, 30)
            if years:
                return None
        return None

    def _leads(self, text: str) -> bool:
        """A sentence that can open the lead: long enough, and not the headline repeated
        in the saved text ("Thời sự / Chi 100 tỉ đồng cho ... / Thu Hằng / 11/12/2025")."""
        if len(text) < 40:
            return False
        return not (self._title_key and " ".join(text.split()).rstrip(" .").casefold() == self._title_key)

    @cached_property
    def _title_key(self) -> str:
        return " ".join((self.meta.title or "").split()).rstrip(" .").casefold()

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
            found = self._periods[i] = period_mentions(s.text, s.start, self.lex, self.reference)
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

    # -- linear-time walks ------------------------------------------------------
    # Every question a resolver asks about the text around a figure ("the period in
    # force in its paragraph", "the body acting before it") is a walk over the
    # sentences that stops at the first one with an answer. A walk remembers its
    # answer for every sentence it passed, so no sentence is probed twice for one
    # question and a long paragraph costs linear time; mentions are found only in the
    # sentences a walk reaches (most questions are answered next to their figure).
    @cached_property
    def block_start(self) -> list[int]:
        """For each sentence, the first sentence of its paragraph and of the paragraphs
        it continues ("Trong đó, ...")."""
        out: list[int] = []
        for i in range(len(self.sentences)):
            out.append(out[i - 1] if self.continues(i) else i)
        return out

    @staticmethod
    def _walk(
        memo: dict[int, _T | None],
        i: int,
        step: int,
        offset: int,
        done: Callable[[int], bool],
        probe: Callable[[int], _T | None],
    ) -> _T | None:
        """The answer for sentence ``i``: ``probe(j + offset)`` for ``j`` = ``i``,
        ``i + step`` ... until one answers or ``done(j)`` (no answer); every ``j``
        passed gets the same answer in ``memo``."""
        passed: list[int] = []
        got: _T | None = None
        j = i
        while True:
            if j in memo:
                got = memo[j]
                break
            passed.append(j)
            if done(j):
                break
            got = probe(j + offset)
            if got is not None:
                break
            j += step
        for k in passed:
            memo[k] = got
        return got

    def prev_period(self, i: int) -> tuple[int, Mention] | None:
        """The last period mention in the sentences before sentence ``i`` in its block
        (its paragraph and the ones it continues, ``block_start``)."""
        block = self.block_start

        def probe(k: int) -> tuple[int, Mention] | None:
            got = self.periods(k)
            return (k, got[-1]) if got else None

        return self._walk(self._prev_period, i, -1, -1, lambda j: j == block[j], probe)

    @cached_property
    def lead_periods(self) -> list[Mention]:
        return [m for k in self.lead for m in self.periods(k)]

    @cached_property
    def festival(self) -> Mention | None:
        """The festival or programme year the article opens with ("nhân dịp Tết Nguyên
        đán Bính Ngọ 2026", "Chợ Tết Công đoàn - Xuân 2026"): named in the lead or in the
        paragraph after it."""
        if not self.lead:
            return None
        paras = {self.sentences[self.lead[0]].paragraph}
        if self.lead[-1] + 1 < len(self.sentences):  # (the next paragraph opens right after the lead)
            paras.add(self.sentences[self.lead[-1] + 1].paragraph)
        for k in range(self.lead[0], len(self.sentences)):
            if self.sentences[k].paragraph not in paras:
                break
            for m in self.periods(k):
                if m.kind in FESTIVAL_KINDS and m.years is not None:
                    return m
        return None

    @cached_property
    def undated_year(self) -> tuple[int, Mention] | None:
        """For an article with no date of its own: the anniversary it marks ("kỷ niệm 95
        năm ... (28/7/1929 – 28/7/2024)" -> 2024), else the one year its periods name."""
        rx = self.lex.cache.get("anniversary_re")
        if rx is None:
            rx = self.lex.cache["anniversary_re"] = re.compile(self.lex.raw["context"]["period"]["anniversary"])
        for j, s in enumerate(self.sentences):
            am = rx.search(s.text)
            if am is not None:
                y = int(am.group("year"))
                return j, Mention(s.start + am.start(), s.start + am.end(), am.group(), "anniversary", (y, y))
        first: tuple[int, Mention] | None = None
        years: set[tuple[int, int]] = set()
        for j in range(len(self.sentences)):
            for m in self.periods(j):
                if is_single_year(m):
                    assert m.years is not None
                    years.add(m.years)
                    first = first or (j, m)
        return first if len(years) == 1 else None

    @cached_property
    def article_terms(self) -> dict[tuple[int, int] | None, tuple[int, Mention]]:
        """The congress terms the article names: years -> first (sentence, mention)."""
        seen: dict[tuple[int, int] | None, tuple[int, Mention]] = {}
        for j in range(len(self.sentences)):
            for m in self.periods(j):
                if m.kind == "term" and m.years not in seen:
                    seen[m.years] = (j, m)
        return seen

    @cached_property
    def stage_years(self) -> dict[str, tuple[int, int]]:
        """"giai đoạn 1" -> the years of its definition in the article."""
        out: dict[str, tuple[int, int]] = {}
        for j in range(len(self.sentences)):
            for m in self.periods(j):
                if m.kind == "stage_number" and m.years is not None:
                    key = " ".join(m.text.lower().split()[:3])
                    out.setdefault(key, m.years)
        return out

    def _acting_in(self, k: int, strong: bool) -> list[Mention]:
        """The bodies acting in sentence ``k`` (union or state bodies only: ``strong``)."""
        key = (k, strong)
        got = self._acting_lists.get(key)
        if got is None:
            got = self._acting_lists[key] = [m for m in self.orgs(k) if m.acting and not (strong and is_weak_org(m))]
        return got

    def prev_acting(self, i: int, strong: bool) -> tuple[int, Mention] | None:
        """The last body acting in the sentences before sentence ``i``."""
        if i >= len(self.sentences):
            return None

        def probe(k: int) -> tuple[int, Mention] | None:
            acting = self._acting_in(k, strong)
            return (k, acting[-1]) if acting else None

        memo = self._acting.setdefault((strong, True), {})
        return self._walk(memo, i, -1, -1, lambda j: j == 0, probe)

    def next_acting(self, i: int, strong: bool) -> tuple[int, Mention] | None:
        """The first body acting in sentence ``i`` or after it."""
        n = len(self.sentences)
        if i >= n:
            return None

        def probe(k: int) -> tuple[int, Mention] | None:
            acting = self._acting_in(k, strong)
            return (k, acting[0]) if acting else None

        memo = self._acting.setdefault((strong, False), {})
        return self._walk(memo, i, 1, 0, lambda j: j >= n, probe)

    def lead_acting(self, strong: bool) -> tuple[int, Mention] | None:
        """The body acting in the title, else in the first lead sentence that has one."""
        for m in self.title_orgs:
            if m.acting and m.kind == "" and not (strong and is_weak_org(m)):
                return (-1, m)
        for k in self.lead:
            acting = self._acting_in(k, strong)
            if acting:
                return (k, acting[-1])
        return None

    def lead_named(self, strong: bool) -> Mention | None:
        """The first body the title or the lead names, acting or not."""
        for m in self.title_orgs:
            if m.kind == "" and not (strong and is_weak_org(m)):
                return m
        for k in self.lead:
            for m in self.orgs(k):
                if m.kind == "" and not (strong and is_weak_org(m)):
                    return m
        return None

    @property
    def title_periods(self) -> list[Mention]:
        if self._title_periods is None:
            t = self.meta.title or ""
            self._title_periods = [
                Mention(m.start, m.end, m.text, m.kind, m.years, in_title=True)
                for m in period_mentions(t, 0, self.lex, self.reference)
            ]
        return self._title_periods

    @property
    def title_orgs(self) -> list[Mention]:
        if self._title_orgs is None:
            t = self.meta.title or ""
            self._title_orgs = [
                # the title's own subject acts ("LĐLĐ tỉnh trao ...", "LĐLĐ tỉnh Bắc Kạn: ..."),
                # not a body further in ("... được Tổng LĐLĐ vinh danh")
                Mention(a, b, t[a:b], kind=k, acting=(act and a <= 20) or t[b : b + 2].startswith(":"), in_title=True)
                for a, b, k, act in org_mentions(t, self.lex)
            ]
        return self._title_orgs
