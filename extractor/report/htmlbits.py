"""Small pieces of the report page: kind colours and labels, escaping, value texts."""

from __future__ import annotations

from html import escape

from ..models import Figure
from .formats import money_exact, value_text

__all__ = ["KIND_COLOURS", "KIND_LABELS", "e"]

KIND_COLOURS: dict[str, str] = {
    "classes": "#4e79a7",
    "attendances": "#f28e2b",
    "participants": "#59a14f",
    "members": "#e15759",
    "organizations": "#76b7b2",
    "money": "#edc948",
    "awards": "#b07aa1",
    "percentage": "#ff9da7",
    "plan_attainment": "#9c755f",
    "term": "#bab0ac",
    "duration": "#8cd17d",
    "count": "#86bcb6",
}
_OTHER_COLOUR = "#cccccc"
KIND_LABELS: dict[str, str] = {
    "classes": "classes (lớp)",
    "attendances": "attendances (lượt)",
    "participants": "participants (người)",
    "members": "members (đoàn viên)",
    "money": "money (đồng)",
}
_SEP = "|"  # separator of multi-valued filter attributes
_CHECK_LABELS = {
    "breakdown": "parts ≠ total",
    "conflict": "same fact, different numbers",
    "outlier": "outlier vs province history",
    "low_confidence": "low confidence",
    "ungrounded": "evidence not found in text",
}


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _attr_list(values: object) -> str:
    items = values if isinstance(values, list | tuple | set | frozenset) else [values]
    return e(_SEP.join(sorted({"" if v is None else str(v) for v in items})))


def _year_label(y: int | None) -> str:
    return "?" if y is None else str(y)


def _kind_class(kind: str) -> str:
    return f"k-{kind}" if kind in KIND_COLOURS else "k-other"


def _value_text(fig: Figure) -> str:
    """The value as read (money in triệu/tỷ đồng), a range as ``low–high``."""
    v = value_text(fig.value, fig.kind)
    if fig.value_high is not None:
        v += f"–{value_text(fig.value_high, fig.kind)}"
    return v


def _with_unit(fig: Figure) -> str:
    """The value and its unit (money already says đồng)."""
    if fig.kind == "money":
        return _value_text(fig)
    return f"{_value_text(fig)} {fig.unit or ''}".strip()


def _exact(fig: Figure) -> str:
    """The exact value, for the hover text of money."""
    if fig.kind != "money":
        return _value_text(fig)
    hi = f"–{money_exact(fig.value_high)}" if fig.value_high is not None else ""
    return money_exact(fig.value) + hi


def _safe_url(url: str | None) -> str | None:
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _grounded(fig: Figure, text: str) -> bool:
    return 0 <= fig.start < fig.end <= len(text) and (not fig.quote or text[fig.start : fig.end] == fig.quote)
