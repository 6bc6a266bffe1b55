"""Shared helpers for the entity tables: TOML loading and syllable tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import PatternError
from ..lexicon import read_pattern_file
from ..textnorm import normalize_text, normalize_tones

__all__ = [
    "WORD",
    "is_allcaps",
    "is_titlecase",
    "norm_list",
    "read_toml",
    "surface_key",
    "surface_regex",
    "surfaces_regex",
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
    return tuple(normalize_tones(normalize_text(v)) for v in value if v.strip())


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


def _surface_tokens(surface: str) -> list[tuple[str, str]]:
    """(separator regex, word) pairs of a surface form, as ``surface_regex`` reads it."""
    out: list[tuple[str, str]] = []
    for i, chunk in enumerate(_DASH.split(surface)):
        for j, word in enumerate(chunk.split()):
            sep = "" if not out else (r"\s*[-–—]\s*" if i and j == 0 else r"\s+")
            out.append((sep, word))
    return out


_Trie = dict[tuple[str, str], "_Trie"]
_LEAF = ("", "")  # marks the end of a surface form in the trie


def _trie_regex(node: _Trie) -> str:
    children = sorted((k for k in node if k != _LEAF), key=lambda k: (-len(k[1]), k))
    alts = [sep + re.escape(word) + _trie_regex(node[(sep, word)]) for sep, word in children]
    if not alts:
        return ""
    group = alts[0] if len(alts) == 1 and _LEAF not in node else "(?:" + "|".join(alts) + ")"
    # a form that ends here is tried after every longer one (the group is greedy)
    return group + "?" if _LEAF in node else group


def surfaces_regex(surfaces: Iterable[str]) -> str:
    """One regex for many surface forms, each as tolerant as ``surface_regex``.

    The same matches as the forms' alternation sorted longest first (at a given
    position the longest form wins), but factored into a trie of words: the regex
    engine reads a shared first word once instead of once per form, which makes a
    gazetteer of hundreds of names several times faster to scan."""
    root: _Trie = {}
    for surface in set(surfaces):
        toks = _surface_tokens(surface)
        if not toks:
            continue
        node = root
        for tok in toks:
            node = node.setdefault(tok, {})
        node[_LEAF] = {}
    body = _trie_regex(root)
    return body if body else "(?!)"


def is_titlecase(word: str) -> bool:
    return bool(word) and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def is_allcaps(word: str) -> bool:
    return len(word) > 1 and word.isupper()
