"""Period mentions in a stretch of text: which years each names, read from the text or
resolved against the article's own date ("năm nay", "Tết Giáp Thìn", "6 tháng đầu năm").

The rules are data (``patterns/context.toml``, ``[[period.rule]]``); the first rule that
matches a stretch of text names its period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from ..fastre import compile_guarded
from ..lexicon import Lexicon
from ..models import years_in

if TYPE_CHECKING:
    from .context import Mention

__all__ = ["DATE_KINDS", "PeriodRule", "canchi_year", "period_mentions", "period_rules"]

_STEMS = ("canh", "tân", "nhâm", "quý", "giáp", "ất", "bính", "đinh", "mậu", "kỷ")  # year % 10
_BRANCHES = ("thân", "dậu", "tuất", "hợi", "tý", "sửu", "dần", "mão", "thìn", "tỵ", "ngọ", "mùi")  # year % 12
_BRANCH_ALIASES = {"mẹo": "mão", "tị": "tỵ"}
_CANCHI = compile_guarded(
    r"(?i)\b(" + "|".join(_STEMS) + r")\s+(" + "|".join((*_BRANCHES, *_BRANCH_ALIASES)) + r")\b"
)
_UNTIL_NOW = compile_guarded(r"(?i)(?:đến|tới)\s+nay\b")
# a quick test that a sentence can name a period at all
_MAYBE = compile_guarded(r"(?i)\d|năm|quý|tết|xuân|tháng|nhiệm kỳ")  # (a cheap test before the rules)


@dataclass(frozen=True, slots=True)
class PeriodRule:
    name: str
    regex: re.Pattern[str]
    years: str | int  # "text" | "canchi" | "recent" | offset in years from the article's year
    fallback: int | None = None  # "text" rules naming no year: this offset from the article's year
    not_after: re.Pattern[str] | None = None  # the text before the mention makes it no period
    needs: tuple[str, ...] = ()  # tried only on text containing one of these (lower case)


def period_rules(lex: Lexicon) -> tuple[PeriodRule, ...]:
    rules = lex.cache.get("period_rules")
    if rules is None:
        raw = lex.raw["context"]["period"]["rule"]
        rules = tuple(
            PeriodRule(r["name"], rx, r.get("years", "text"), r.get("fallback"), na, tuple(w.lower() for w in r.get("needs", [])))
            for r, rx, na in zip(raw, lex.periods, lex.period_not_after, strict=True)
        )
        lex.cache["period_rules"] = rules
    return rules


def canchi_year(text: str, near: date | None) -> int | None:
    """The year named by a can-chi pair ("Giáp Thìn" -> 2024), the one nearest ``near``."""
    m = _CANCHI.search(text)
    if m is None or near is None:
        return None
    stem = _STEMS.index(m.group(1).lower())
    low = m.group(2).lower()
    branch = _BRANCHES.index(_BRANCH_ALIASES.get(low, low))
    for dy in (0, 1, -1, 2, -2):
        y = near.year + dy
        if y % 10 == stem and y % 12 == branch:
            return y
    return None


def _years(rule: PeriodRule, text: str, published: date | None) -> tuple[int, int] | None:
    if rule.years == "text":
        ys = years_in(text)
        if not ys:
            if rule.fallback is not None and published is not None:
                return published.year + rule.fallback, published.year + rule.fallback
            return None
        lo, hi = min(ys), max(ys)
        if published is not None and _UNTIL_NOW.search(text) and published.year > hi:
            hi = published.year
        return lo, hi
    if rule.years == "canchi":
        y = canchi_year(text, published)
        return (y, y) if y is not None else None
    if published is None:
        return None
    if rule.years == "recent":
        y = published.year - 1 if published.month <= 3 else published.year
        return y, y
    y = published.year + int(rule.years)
    return y, y


def _clean(s: str) -> str:
    s = s.strip()
    if s.endswith(")") and "(" not in s:
        s = s[:-1].rstrip()
    return s


@lru_cache(maxsize=1)
def _mention_class() -> type[Mention]:
    from .context import Mention  # context imports this module: not at import time

    return Mention


def period_mentions(text: str, offset: int, lex: Lexicon, published: date | None) -> list[Mention]:
    """Period mentions in ``text`` (offsets shifted by ``offset``), in text order."""
    if not _MAYBE.search(text):
        return []
    make = _mention_class()  # the class, imported once
    found: list[tuple[int, int, PeriodRule]] = []
    low = text.lower()
    for rule in period_rules(lex):
        if rule.needs and not any(w in low for w in rule.needs):
            continue
        for m in rule.regex.finditer(text):
            a, b = m.start(), m.end()
            if any(a < e and s < b for s, e, _ in found):
                continue
            if lex.period_block_before.search(text[max(0, a - 80) : a]):
                continue
            if rule.not_after is not None and rule.not_after.search(text[max(0, a - 24) : a]):
                continue
            found.append((a, b, rule))
    out: list[Mention] = []
    for a, b, rule in sorted(found, key=lambda t: t[0]):
        raw = _clean(text[a:b])
        named_term = raw.lower().startswith("nhiệm kỳ") and rule.name != "past_term"
        kind = "term" if rule.name == "term" or named_term else rule.name
        got = make(offset + a, offset + a + len(raw), raw, kind=kind, years=_years(rule, raw, published))
        prev = out[-1] if out else None
        if (
            prev is not None
            and _joinable(prev)
            and _joinable(got)
            and _AND.fullmatch(text, prev.end - offset, a)
        ):
            # "Năm 2021 và 9 tháng đầu năm 2022": one period over both
            assert prev.years is not None and got.years is not None
            years = (min(prev.years[0], got.years[0]), max(prev.years[1], got.years[1]))
            j0, j1 = prev.start - offset, got.end - offset
            kind = prev.kind if prev.kind == got.kind else "date_range" if {prev.kind, got.kind} <= DATE_KINDS else "joined"
            out[-1] = make(prev.start, got.end, text[j0:j1], kind=kind, years=years)
            continue
        out.append(got)
    return out


_AND = compile_guarded(r"\s+và\s+")
# period kinds that name days ("ngày 20/1/2025", "từ ngày 10 đến 12/4")
DATE_KINDS = frozenset({"date", "date_range"})
_NOT_JOINED = frozenset({"term", "past_term", "stage", "stage_number"})


def _joinable(m: Mention) -> bool:
    return m.years is not None and m.kind not in _NOT_JOINED
