"""When a figure happened: the nearest statement that governs it.

In order: a period in the figure's clause (the last one before it, else the first one
after it), elsewhere in its sentence (before it), a "Thời gian: ..." sentence right
after it, the period in force in its paragraph (or in one it continues), else one the
next sentence of the paragraph states, the title and the lead (a lead that gives only
the event's dates yields to the festival the article opens with, "nhân dịp Tết Nguyên
đán Bính Ngọ 2026"), and last the article's own date.
Relative phrases ("năm nay", "năm qua", "6 tháng đầu năm", "Tết Giáp Thìn") are resolved
against that date, or, in an article with none, the one year its title or lead names.

Congress terms: an ordinal ("Đại hội XII", "khóa I") takes the term stated with it, or
the article's one congress term; a "nhiệm kỳ X-Y" figure is itself a period and has none.
"""

from __future__ import annotations

import re

from ..models import Figure
from .context import SPAN_KINDS, ArticleContext, Mention, Resolved
from .periods import DATE_KINDS

__all__ = ["resolve_period"]

_TIME_LINE = re.compile(r"(?i)^(?:thời gian|thời hạn)(?: thực hiện| tổ chức| diễn ra)?\s*:")


def _resolved(m: Mention, source: str, rule: str, ctx: ArticleContext) -> Resolved:
    years = m.years
    if years is None and m.kind == "stage_number":
        years = _stage_years(m, ctx)
    if years is None and m.kind == "past_term":
        years = _past_term(ctx)
    return Resolved(m.text, None if m.in_title else (m.start, m.end), source, rule, years)


_SPANS = SPAN_KINDS
_STAGE = re.compile(r"(?i)giai đoạn\s+\d")


def _stage_years(m: Mention, ctx: ArticleContext) -> tuple[int, int] | None:
    """"giai đoạn 1" takes the years of the article's definition of that stage."""
    key = _STAGE.match(m.text)
    if key is None:
        return None
    return ctx.stage_years.get(" ".join(key.group().lower().split()))


def _past_term(ctx: ArticleContext) -> tuple[int, int] | None:
    """"nhiệm kỳ qua": the term the article names that ends when its latest one starts,
    else as long a term before it."""
    terms = sorted(y for y in ctx.article_terms if y is not None)
    if ctx.published is not None:  # not a term still to come ("nhiệm kỳ 2028-2033")
        terms = [y for y in terms if y[0] <= ctx.published.year] or terms
    if not terms:
        return None
    a, b = terms[-1]
    for y in terms:
        if y[1] == a:
            return y
    return (a - (b - a), a) if b > a else None


# "có thành tích xuất sắc trong nhiệm kỳ 2018-2023": a term after the figure governs it
# when the clause says the figure happened during it
_DURING = re.compile(r"(?i)\b(?:trong|suốt|của)\s+(?:cả\s+)?$")


def _named_first(ms: list[Mention]) -> Mention:
    named = [m for m in ms if m.kind not in DATE_KINDS and m.years is not None]
    return named[0] if named else ms[0]


def _term_period(fig: Figure, ctx: ArticleContext) -> Resolved | None:
    if fig.value_high is not None:
        return None  # "nhiệm kỳ 2023-2028" is a period itself
    i = ctx.sentence_of(fig)
    terms = [m for m in ctx.periods(i) if m.kind == "term" and not (m.start < fig.end and fig.start < m.end)]
    for m in terms:
        if 0 <= m.start - fig.end <= 3:
            return _resolved(m, "clause", "term_after_ordinal", ctx)
    if terms:
        return _resolved(terms[0], "sentence", "term_in_sentence", ctx)
    # the article's one congress term
    seen = ctx.article_terms
    if len(seen) == 1:
        j, m = next(iter(seen.values()))
        return _resolved(m, "lead" if j in ctx.lead else "paragraph", "article_term", ctx)
    return None


def resolve_period(fig: Figure, ctx: ArticleContext) -> Resolved | None:
    if fig.kind == "term":
        return _term_period(fig, ctx)
    i = ctx.sentence_of(fig)
    sent = ctx.sentences[i]
    ms = [m for m in ctx.periods(i) if not (m.start < fig.end and fig.start < m.end)]
    c0, c1 = ctx.clause(fig)
    before = [m for m in ms if m.end <= fig.start]
    in_clause = [m for m in before if m.start >= c0]
    if in_clause:
        return _resolved(in_clause[-1], "clause", "before_in_clause", ctx)
    # a period after the figure governs it only inside its clause, never a congress term
    after = [
        m
        for m in ms
        if m.start >= fig.end
        and m.end <= c1
        and (
            (m.kind not in _SPANS and m.kind != "past_term")
            or _DURING.search(ctx.text, max(fig.end, m.start - 12), m.start)
        )
    ]
    if after:
        return _resolved(after[0], "clause", "after_in_clause", ctx)
    if before:
        return _resolved(before[-1], "sentence", "before_in_sentence", ctx)
    # the next sentence of its paragraph, if any
    nxt = i + 1 if i + 1 < len(ctx.sentences) and ctx.sentences[i + 1].paragraph == sent.paragraph else None
    # "... gồm 4 đợt. Thời gian: từ ngày 12/10/2020 đến ngày 8/11/2020"
    if nxt is not None and _TIME_LINE.match(ctx.sentences[nxt].text):
        got = ctx.periods(nxt)
        if got:
            return _resolved(got[0], "paragraph", "time_line", ctx)
    # in force in the paragraph (and the ones it continues)
    prev = ctx.prev_period(i)
    if prev is not None:
        return _resolved(prev[1], "paragraph", "in_paragraph", ctx)
    # stated in the next sentence of its paragraph ("Tham dự giải có 26 đội bóng. Giải dự
    # kiến kết thúc vào ngày 03/7/2022"), not further on: a period two sentences later
    # belongs to what is said there
    if nxt is not None:
        later = next((m for m in ctx.periods(nxt) if m.kind not in SPAN_KINDS and m.years is not None), None)
        if later is not None:
            return _resolved(later, "paragraph", "next_sentence", ctx)
    # the title, then the lead: a named period before a bare date (a figure in the lead
    # paragraph has seen the lead's periods before it already)
    if ctx.title_periods:
        return _resolved(_named_first(ctx.title_periods), "lead", "title", ctx)
    in_lead = bool(ctx.lead) and ctx.sentences[ctx.lead[0]].paragraph == sent.paragraph
    # a lead that gives only the event's dates: the festival the article opens with
    # governs ("từ ngày 20.12.2025 đến 3.2.2026 ... nhân dịp Tết Nguyên đán Bính Ngọ 2026")
    if not in_lead:
        lead = _named_first(ctx.lead_periods) if ctx.lead_periods else None
        fest = ctx.festival
        if fest is not None and (lead is None or lead.kind in DATE_KINDS):
            return _resolved(fest, "lead", "festival", ctx)
        if lead is not None:
            return _resolved(lead, "lead", "lead", ctx)
    if ctx.published is not None:
        y = ctx.published.year
        return Resolved(str(y), None, "published", "published", (y, y))
    # no date of its own: the anniversary it marks, or the one year it names
    undated = ctx.undated_year  # once per article
    if undated is not None:
        j, um = undated
        return _resolved(um, "lead" if j in ctx.lead else "paragraph", "undated_" + um.kind, ctx)
    return None
