"""How the report writes numbers (Vietnamese style: ``.`` groups thousands, ``,`` is the
decimal mark) and scales its charts. The page's script (``assets.JS``) mirrors
``money`` and ``scale_max`` so that a filtered page says what the served page said."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable

__all__ = ["CLIP_FACTOR", "fmt_number", "money", "money_exact", "scale_max", "value_text"]

# A bar more than CLIP_FACTOR x the median of its chart's bars is drawn clipped at
# the top of the scale and flagged, so one misread figure cannot flatten the rest.
CLIP_FACTOR = 10.0


def fmt_number(v: float) -> str:
    """``2596`` -> ``2.596``; ``4.5`` -> ``4,5``; ``91.25`` -> ``91,25``."""
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", ".")
    return f"{v:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def _one_decimal(x: float) -> str:
    r = math.floor(abs(x) * 10 + 0.5) / 10 * (1 if x >= 0 else -1)  # half up, as JS Math.round
    if float(r).is_integer():
        return fmt_number(int(r))
    whole, frac = f"{abs(r):.1f}".split(".")
    return ("-" if r < 0 else "") + f"{int(whole):,}".replace(",", ".") + "," + frac


def money(v: float) -> str:
    """An amount of đồng as people read it: ``2.866,9 tỷ đồng``, ``91,3 triệu đồng``,
    ``500.000 đồng``."""
    a = abs(v)
    if a >= 1e9:
        return f"{_one_decimal(v / 1e9)} tỷ đồng"
    if a >= 1e6:
        return f"{_one_decimal(v / 1e6)} triệu đồng"
    return f"{fmt_number(round(v))} đồng"


def money_exact(v: float) -> str:
    """The exact amount, for the hover text: ``2.866.941.250.000 đồng``."""
    return f"{fmt_number(round(v)) if float(v).is_integer() or abs(v) >= 1 else fmt_number(v)} đồng"


def value_text(v: float, kind: str) -> str:
    return money(v) if kind == "money" else fmt_number(v)


def scale_max(values: Iterable[float]) -> float:
    """The top of a chart's scale: the largest value, unless it is more than
    ``CLIP_FACTOR`` x the median of the chart's (positive) values; then the largest
    value within that bound (bars above it are clipped and flagged). Needs 3 values
    to judge."""
    vs = sorted(v for v in values if v > 0)
    if not vs:
        return 1.0
    if len(vs) < 3:
        return vs[-1]
    cap = CLIP_FACTOR * statistics.median(vs)
    within = [v for v in vs if v <= cap]
    return within[-1] if within else vs[-1]
