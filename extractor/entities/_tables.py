"""Shared helpers for the entity tables: TOML loading and syllable tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import PatternError
from ..lexicon import read_pattern_file
from ..textnorm import normalize_text

__all__ = [
    "WORD",
    "is_allcaps",
    "is_titlecase",
    "norm_list",
    "read_toml",
    "surface_key",
    "surface_regex",
]

WORD = re.compile(r"[^\W\d_]+")
_DASH = re.compile(r"\s*[-–—]\s*")
_SPACE = re.compile(r"\s+")


def read_toml(patterns_dir: Path, name: str) -> dict[str, Any]:
    return read_pattern_file(patterns_dir / name)


def norm_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """A list of strings from a TOML table, normalised like article text."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PatternError(f"{where}: '{key}' must be a list of strings")
    return tuple(normalize_text(v) for v in value if v.strip())


def surface_key(text: str) -> str:
    """Lookup key for a surface form: one space, one kind of dash."""
    return _SPACE.sub(" ", _DASH.sub("-", text)).strip()


def surface_regex(surface: str) -> str:
    """Regex for a surface form, tolerant to spacing and dash variants."""
    parts = []
    for i, chunk in enumerate(_DASH.split(surface)):
        if i:
            parts.append(r"\s*[-–—]\s*")
        words = chunk.split()
        parts.append(r"\s+".join(re.escape(w) for w in words))
    return "".join(parts)


def is_titlecase(word: str) -> bool:
    return bool(word) and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def is_allcaps(word: str) -> bool:
    return len(word) > 1 and word.isupper()
