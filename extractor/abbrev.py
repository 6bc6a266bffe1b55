"""Abbreviations of union news expanded to canonical names (data: patterns/abbreviations.toml).

``expand("LĐLĐ tỉnh và CĐCS", table)`` -> ``"Liên đoàn Lao động tỉnh và công đoàn cơ sở"``.
Longest abbreviation first ("Tổng LĐLĐ" before "LĐLĐ"), whole words only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

__all__ = ["expand"]


@lru_cache(maxsize=8)
def _compile(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    table = dict(items)
    alts = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w])"), table


def expand(text: str, table: Mapping[str, str]) -> str:
    if not text or not table:
        return text
    rx, lookup = _compile(tuple(sorted(table.items())))
    return rx.sub(lambda m: lookup[m.group()], text)
