"""Article-level entities: the province an article is about and the people it names."""

from __future__ import annotations

from .people import find_people
from .province import (
    ProvinceMatch,
    ProvinceMention,
    canonical_province,
    find_province,
    find_province_mentions,
    province_2025,
)

__all__ = [
    "ProvinceMatch",
    "ProvinceMention",
    "canonical_province",
    "find_people",
    "find_province",
    "find_province_mentions",
    "province_2025",
]
