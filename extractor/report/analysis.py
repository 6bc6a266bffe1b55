"""Turn articles into what the monitoring report shows: figures placed in a
province and a year, province x year totals, and data-quality flags.

Everything here is plain data; :mod:`extractor.report.html` only renders it.

Rules: those of :mod:`extractor.report.summary` (the DuckDB view applies the same):

* Province: the article's ``province_2025`` (34-province scheme since 1 July 2025),
  else its ``province`` as reported; the reported name is kept as the old name.
* Year of a figure: its ``year`` (``models.figure_year``: its ``period`` when that is
  a single year, else the year of the article's ``published`` date), else unknown.
* Totals count top-level figures only (a "trong đó" part whose parent has the same
  kind is already inside its total); the same (kind, value, value_high) in one
  province and year is counted once, so a fact repeated in an article or reprinted
  by another site is not added twice. The tables show additive kinds only
  (``MAIN_KINDS``): percentages are never summed.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import Article, Figure, is_top_level, published_year
from ..textnorm import fold_diacritics
from .formats import fmt_number as _fmt
from .summary import counted_key, figure_year_of, province_of

__all__ = [
    "MAIN_KINDS",
    "UNKNOWN_PROVINCE",
    "Breakdown",
    "Cell",
    "Fact",
    "Flag",
    "FlagSettings",
    "ReportData",
    "analyse",
    "figure_year",
    "published_year",
]

MAIN_KINDS: tuple[str, ...] = ("classes", "attendances", "participants", "members", "money")
UNKNOWN_PROVINCE = "(không rõ tỉnh)"
# Kinds whose size can be compared with a province's history (not ratios, ordinals, lengths).
_OUTLIER_KINDS = frozenset(
    {"classes", "attendances", "participants", "members", "money", "organizations", "awards", "count"}
)
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FlagSettings:
    """Thresholds of the data-quality checks."""

    low_confidence: float = 0.5  # figures below this confidence are flagged
    outlier_factor: float = 10.0  # flag figures > factor x the median of the other years
    min_history: int = 2  # figures from other years needed before judging an outlier
    sentence_similarity: float = 0.6  # sentences this alike (numbers ignored) state one fact
    tolerance: float = 0.10  # slack for approximate (hơn, gần, khoảng) figures


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure placed in its article, province and year."""

    ref: int  # index into ReportData.facts
    article: int  # index into ReportData.articles
    index: int  # index into the article's figures
    figure: Figure
    province: str  # 2025 name (or as reported when no 2025 name is known)
    province_old: str | None  # the name as reported, when different
    year: int | None
    site: str
    top_level: bool  # not a part of a same-kind total


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A "trong đó" total and its same-kind parts."""

    parent: int  # fact ref
    children: tuple[int, ...]
    total: float
    parts_sum: float
    status: str  # consistent | approximate | partial | parts_below_total | parts_exceed_total

    @property
    def ok(self) -> bool:
        return self.status in ("consistent", "approximate", "partial")


@dataclass(frozen=True, slots=True)
class Flag:
    check: str  # breakdown | conflict | outlier | low_confidence
    severity: str  # error | warning
    message: str
    refs: tuple[int, ...]  # fact refs, the flagged one first
    province: str
    year: int | None
    kind: str


@dataclass(slots=True)
class Cell:
    """The figures of one kind in one province and year."""

    refs: list[int] = field(default_factory=list)  # every figure, parts included
    counted: list[int] = field(default_factory=list)  # those adding to the total
    total: float = 0.0


@dataclass(slots=True)
class ReportData:
    articles: list[Article]
    facts: list[Fact]
    article_facts: list[list[int]]  # per article, fact refs by figure index
    provinces: list[str]  # sorted 2025 names
    old_names: dict[str, list[str]]  # 2025 name -> names as reported
    years: list[int | None]  # sorted, None (unknown) last
    sites: list[str]
    kinds: Counter[str]
    tables: dict[str, dict[tuple[str, int | None], Cell]]
    breakdowns: list[Breakdown]
    flags: list[Flag]
    date_range: tuple[str, str] | None
    settings: FlagSettings
    errors: list[str] = field(default_factory=list)

    def province_label(self, province: str) -> str:
        old = self.old_names.get(province, [])
        return f"{province} ({', '.join(old)})" if old else province

    def flags_of(self, ref: int) -> list[Flag]:
        return [f for f in self.flags if ref in f.refs]


def figure_year(figure: Figure, article: Article) -> int | None:
    """The year the figure is counted in: ``models.figure_year`` (its period when that
    names one single year, else the article's published year), as written in its record
    when the record has it."""
    return figure_year_of(figure, article)


def _norm(s: str | None) -> str:
    return " ".join(fold_diacritics(s).casefold().split()) if s else ""


def _sentence_tokens(f: Figure) -> list[str]:
    text = f.sentence or f.quote
    return _WORD_RE.findall(_DIGITS_RE.sub(" # ", fold_diacritics(text).casefold()))


def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-9)


def analyse(
    articles: Iterable[Article],
    settings: FlagSettings | None = None,
    errors: Sequence[str] = (),
) -> ReportData:
    """Place every figure and run the data-quality checks."""
    settings = settings or FlagSettings()
    arts = list(articles)
    facts: list[Fact] = []
    article_facts: list[list[int]] = []
    old_names: dict[str, set[str]] = defaultdict(set)
    for ai, art in enumerate(arts):
        province = province_of(art) or UNKNOWN_PROVINCE
        old = art.province if art.province and art.province != province else None
        if old:
            old_names[province].add(old)
        site = art.site or "(không rõ trang)"
        refs = []
        for fi, fig in enumerate(art.figures):
            top = is_top_level(art.figures, fi)
            refs.append(len(facts))
            facts.append(
                Fact(len(facts), ai, fi, fig, province, old, figure_year(fig, art), site, top)
            )
        article_facts.append(refs)

    provinces = sorted({f.province for f in facts} | {province_of(a) or UNKNOWN_PROVINCE for a in arts})
    years_set = {f.year for f in facts}
    years: list[int | None] = [*sorted(y for y in years_set if y is not None)]
    if None in years_set:
        years.append(None)
    dates = sorted(a.published for a in arts if a.published)

    data = ReportData(
        articles=arts,
        facts=facts,
        article_facts=article_facts,
        provinces=provinces,
        old_names={k: sorted(v) for k, v in old_names.items()},
        years=years,
        sites=sorted({a.site or "(không rõ trang)" for a in arts}),
        kinds=Counter(f.figure.kind for f in facts),
        tables={},
        breakdowns=[],
        flags=[],
        date_range=(dates[0], dates[-1]) if dates else None,
        settings=settings,
        errors=list(errors),
    )
    data.tables = _tables(data)
    _check_breakdowns(data)
    _check_conflicts(data)
    _check_outliers(data)
    _check_confidence(data)
    _check_grounding(data)
    return data


def _counted(data: ReportData, fact: Fact) -> bool:
    return fact.top_level and data.articles[fact.article].duplicate_of is None


def _tables(data: ReportData) -> dict[str, dict[tuple[str, int | None], Cell]]:
    tables: dict[str, dict[tuple[str, int | None], Cell]] = {}
    for kind in MAIN_KINDS:
        cells: dict[tuple[str, int | None], Cell] = {}
        seen: dict[tuple[str, int | None], set[tuple[float, float | None]]] = defaultdict(set)
        for fact in data.facts:
            if fact.figure.kind != kind:
                continue
            key = (fact.province, fact.year)
            cell = cells.setdefault(key, Cell())
            cell.refs.append(fact.ref)
            dedup = counted_key(fact.figure)
            if _counted(data, fact) and dedup not in seen[key]:
                seen[key].add(dedup)
                cell.counted.append(fact.ref)
                cell.total += float(fact.figure.value)
        tables[kind] = cells
    return tables


def _check_breakdowns(data: ReportData) -> None:
    s = data.settings
    for ai, refs in enumerate(data.article_facts):
        figs = data.articles[ai].figures
        children: dict[int, list[int]] = defaultdict(list)
        for fi, ref in enumerate(refs):
            fig = figs[fi]
            if not data.facts[ref].top_level and fig.parent is not None:
                children[fig.parent].append(ref)
        for pi, kids in sorted(children.items()):
            parent = data.facts[refs[pi]]
            total = float(parent.figure.value)
            parts = sum(float(data.facts[k].figure.value) for k in kids)
            approx = any(
                data.facts[r].figure.qualifier != "exact" for r in (parent.ref, *kids)
            )
            if _close(parts, total, 1e-9):
                status = "consistent"
            elif approx and _close(parts, total, s.tolerance):
                status = "approximate"
            elif parts > total:
                status = "parts_exceed_total"
            elif len(kids) == 1 or approx:
                status = "partial"  # "trong đó" naming one part, or hedged figures
            else:
                status = "parts_below_total"
            bd = Breakdown(parent.ref, tuple(kids), total, parts, status)
            data.breakdowns.append(bd)
            if bd.ok:
                continue
            sums = " + ".join(_fmt(data.facts[k].figure.value) for k in kids)
            rel = ">" if parts > total else "<"
            data.flags.append(
                Flag(
                    check="breakdown",
                    severity="error" if status == "parts_exceed_total" else "warning",
                    message=f"parts do not add up: {sums} = {_fmt(parts)} {rel} total {_fmt(total)} "
                    f"({parent.figure.kind})",
                    refs=(parent.ref, *kids),
                    province=parent.province,
                    year=parent.year,
                    kind=parent.figure.kind,
                )
            )


def _check_conflicts(data: ReportData) -> None:
    """Figures of two articles that state the same fact (same province, year, kind,
    subject or organizer, and a similar sentence once numbers are ignored) are put
    in one cluster; a cluster holding different numbers is one flag."""
    s = data.settings
    buckets: dict[tuple[object, ...], list[Fact]] = defaultdict(list)
    for fact in data.facts:
        if data.articles[fact.article].duplicate_of is not None or fact.year is None:
            continue
        fig = fact.figure
        base = (fact.province, fact.year, fig.kind)
        subj, org = _norm(fig.subject), _norm(fig.organizer)
        if subj:
            buckets[(*base, "s", subj)].append(fact)
        if org:
            buckets[(*base, "o", org)].append(fact)
        if not subj and not org:
            buckets[(*base, "-")].append(fact)

    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    compared: set[tuple[int, int]] = set()
    for group in buckets.values():
        if len(group) < 2:
            continue
        # identical sentences with the same value are one representative
        reps: dict[tuple[float, tuple[str, ...]], list[Fact]] = defaultdict(list)
        for f in group:
            reps[(float(f.figure.value), tuple(_sentence_tokens(f.figure)))].append(f)
        items = list(reps.items())
        for members in reps.values():
            for m in members[1:]:
                if m.article != members[0].article:
                    union(members[0].ref, m.ref)
        for i, ((_, ta), ma) in enumerate(items):
            a = ma[0]
            for (_, tb), mb in items[i + 1 :]:
                b = mb[0]
                key = (a.ref, b.ref)
                if key in compared or find(a.ref) == find(b.ref):
                    continue
                compared.add(key)
                if {x.article for x in ma} == {x.article for x in mb} and len(ma) == len(mb) == 1:
                    continue  # two figures of one article are two facts
                sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
                if sm.real_quick_ratio() < s.sentence_similarity or sm.ratio() < s.sentence_similarity:
                    continue
                union(a.ref, b.ref)

    clusters: dict[int, list[Fact]] = defaultdict(list)
    for ref in parent:
        clusters[find(ref)].append(data.facts[ref])
    for members in clusters.values():
        by_value: dict[float, Fact] = {}
        for f in sorted(members, key=lambda f: f.ref):
            by_value.setdefault(float(f.figure.value), f)
        if len(by_value) < 2 or len({f.article for f in members}) < 2:
            continue
        lo, hi = min(by_value), max(by_value)
        hedged = any(f.figure.qualifier != "exact" for f in members)
        if hedged and _close(lo, hi, s.tolerance):
            continue
        reps_sorted = [by_value[v] for v in sorted(by_value)]
        first = reps_sorted[0]
        listed = ", ".join(f"{_fmt(float(f.figure.value))} ({f.site})" for f in reps_sorted[:8])
        more = f" and {len(reps_sorted) - 8} more values" if len(reps_sorted) > 8 else ""
        n_art = len({f.article for f in members})
        data.flags.append(
            Flag(
                check="conflict",
                severity="error",
                message=f"same fact, different numbers in {n_art} articles: {listed}{more}; "
                f"{first.figure.kind}, {first.province} {first.year}",
                refs=tuple(f.ref for f in reps_sorted),
                province=first.province,
                year=first.year,
                kind=first.figure.kind,
            )
        )


def _multi_year(fig: Figure) -> bool:
    return fig.period is not None and len(fig.period.years) > 1


def _check_outliers(data: ReportData) -> None:
    """A figure far above what the same province reported for the same kind in its
    other years. Only upward: small figures are usually parts (one district, one
    course), not errors. Multi-year totals (nhiệm kỳ 2013-2018) are not yearly
    figures and take no part."""
    s = data.settings
    groups: dict[tuple[str, str], dict[int, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for fact in data.facts:
        if (
            fact.year is None
            or fact.figure.kind not in _OUTLIER_KINDS
            or not _counted(data, fact)
            or _multi_year(fact.figure)
        ):
            continue
        groups[(fact.province, fact.figure.kind)][fact.year].append(fact)
    for (province, kind), by_year in groups.items():
        if len(by_year) < 2:
            continue
        values = {y: sorted({float(f.figure.value) for f in fs}) for y, fs in by_year.items()}
        for year, facts in by_year.items():
            others = [v for y, vs in values.items() if y != year for v in vs]
            if len(others) < s.min_history:
                continue
            median = statistics.median(others)
            if median <= 0:
                continue
            for f in facts:
                v = float(f.figure.value)
                if v > s.outlier_factor * median:
                    data.flags.append(
                        Flag(
                            check="outlier",
                            severity="warning",
                            message=f"{_fmt(v)} {kind} in {province} {year} is {v / median:.1f}x the "
                            f"median {_fmt(median)} of its other years ({len(others)} figures)",
                            refs=(f.ref,),
                            province=province,
                            year=year,
                            kind=kind,
                        )
                    )


def _check_confidence(data: ReportData) -> None:
    limit = data.settings.low_confidence
    for fact in data.facts:
        if fact.figure.confidence < limit:
            data.flags.append(
                Flag(
                    check="low_confidence",
                    severity="warning",
                    message=f"low confidence {fact.figure.confidence:.2f} "
                    f"(< {limit:g}) for {fact.figure.kind} {_fmt(fact.figure.value)} "
                    f"(rule {fact.figure.rule or '?'})",
                    refs=(fact.ref,),
                    province=fact.province,
                    year=fact.year,
                    kind=fact.figure.kind,
                )
            )


def _check_grounding(data: ReportData) -> None:
    for fact in data.facts:
        f = fact.figure
        text = data.articles[fact.article].text
        if 0 <= f.start < f.end <= len(text) and (not f.quote or text[f.start : f.end] == f.quote):
            continue
        data.flags.append(
            Flag(
                check="ungrounded",
                severity="error",
                message=f"text[{f.start}:{f.end}] is not the quote {f.quote[:60]!r}",
                refs=(fact.ref,),
                province=fact.province,
                year=fact.year,
                kind=f.kind,
            )
        )
