"""Figures that qualify or break down other figures: plan attainment ("40 lớp (đạt 100%
KH)") and "trong đó" parts of a total."""

from __future__ import annotations

import re

from ..models import Figure
from ..sentences import Sentence

__all__ = ["attach_plans", "link_breakdowns"]

_STOP = re.compile(r"[.;]")


def attach_plans(figs: list[Figure], text: str) -> None:
    """'40 lớp (đạt 100% KH)': the plan figure qualifies the figure before it."""
    for i, f in enumerate(figs):
        if f.kind != "plan_attainment" or i == 0:
            continue
        prev = figs[i - 1]
        if prev.kind in ("plan_attainment", "term", "percentage"):
            continue
        gap = text[prev.end : f.start]
        if len(gap) <= 40 and not _STOP.search(gap):
            prev.plan_attainment = f.value


_BREAKDOWN_KINDS_SKIPPED = frozenset({"term", "plan_attainment", "percentage"})


def link_breakdowns(
    figures: list[Figure], base: int, sent: Sentence, prev_start: int, marker: re.Pattern[str]
) -> None:
    """"trong đó" breakdowns: a figure after a marker is a part of the nearest figure of
    the same kind before that marker, in the same sentence or the one before, when the
    total is larger ("2.832 lượt ..., trong đó có 316 lượt ...; 2.516 lượt ..." -> both
    parts of 2.832, even though 2.832 is itself a part of an earlier total)."""
    marks = [sent.start + m.start() for m in marker.finditer(sent.text)]
    if not marks:
        return
    for j in range(base, len(figures)):
        f = figures[j]
        if f.kind in _BREAKDOWN_KINDS_SKIPPED:
            continue
        before = [mp for mp in marks if mp <= f.start]
        if not before:
            continue
        mpos = before[-1]
        for k in range(j - 1, -1, -1):
            p = figures[k]
            if p.sentence_start < prev_start:
                break  # only this sentence and the one before
            if p.kind == f.kind and p.start < mpos:
                if p.value > f.value:
                    f.parent = k
                break
