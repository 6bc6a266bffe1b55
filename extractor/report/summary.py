"""Province x year x kind totals: the one Python form of the counting rules that the
DuckDB view ``figures_by_province_year_kind`` (``extractor/sinks/duckdb.py``) and the
report's tables apply, so every output gives the same numbers.

* province: the article's ``province_2025``, else its ``province`` as reported;
* year: the figure's ``year`` (``models.figure_year``: its period when that names one
  year, else the article's published year), as written in every record;
* near-duplicate articles (``duplicate_of`` set) are left out;
* ``total_value`` adds up the top-level figures only (``models.is_top_level``: a "trong
  đó" part of a same-kind total is inside that total), each distinct (``value``,
  ``value_high``) once per cell (a fact repeated in an article, or reprinted, counts
  once), and only for kinds that add up (``models.ADDITIVE_KINDS``); for the others
  (percentages, plan attainment, terms, durations) it is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import ADDITIVE_KINDS, Article, Figure, figure_year, is_top_level

__all__ = ["Total", "counted_key", "figure_year_of", "province_of", "province_year_totals"]


def province_of(article: Article) -> str | None:
    """The province a figure of this article is counted in."""
    return article.province_2025 or article.province or None


def figure_year_of(figure: Figure, article: Article) -> int | None:
    """The year written in the figure's record."""
    return figure.year if figure.year is not None else figure_year(figure.period, article.published)


def counted_key(figure: Figure) -> tuple[float, float | None]:
    """Figures of one cell with the same key are counted once."""
    high = None if figure.value_high is None else float(figure.value_high)
    return float(figure.value), high


@dataclass(slots=True)
class Total:
    n_figures: int = 0  # figures of the kind, parts included
    n_articles: int = 0
    n_counted: int = 0  # distinct top-level values
    total_value: float | None = None  # None for kinds that do not add up
    _articles: set[str] = field(default_factory=set, repr=False, compare=False)
    _keys: set[tuple[float, float | None]] = field(default_factory=set, repr=False, compare=False)


def province_year_totals(
    articles: Iterable[Article],
) -> dict[tuple[str | None, int | None, str], Total]:
    """(province, year, kind) -> ``Total``, as in ``figures_by_province_year_kind``."""
    out: dict[tuple[str | None, int | None, str], Total] = {}
    for art in articles:
        if art.duplicate_of is not None:
            continue
        province = province_of(art)
        for i, fig in enumerate(art.figures):
            key = (province, figure_year_of(fig, art), fig.kind)
            t = out.get(key)
            if t is None:
                t = out[key] = Total(total_value=0.0 if fig.kind in ADDITIVE_KINDS else None)
            t.n_figures += 1
            t._articles.add(art.article_id)
            t.n_articles = len(t._articles)
            if not is_top_level(art.figures, i):
                continue
            ck = counted_key(fig)
            if ck in t._keys:
                continue
            t._keys.add(ck)
            t.n_counted += 1
            if t.total_value is not None:
                t.total_value += ck[0]
    return out
