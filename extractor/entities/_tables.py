"""Shared helpers for the entity tables: TOML loading and syllable tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PatternError
from ..lexicon import read_pattern_file
from ..textnorm import normalize_text, normalize_tones

__all__ = [
    "WORD",
    "first_char_scan",
    "is_allcaps",
    "is_titlecase",
    "norm_list",
    "read_toml",
    "split_words",
    "surface_key",
    "surface_regex",
    "surfaces_by_first",
    "surfaces_regex",
]

WORD = re.compile(r"[^\W\d_]+")
_DASH = re.compile(r"\s*[-–—]\s*")
_SPACE = re.compile(r"\s+")


# Letters below U+3000 as one explicit class: the regex engine tests a code point
# against a table instead of looking up its Unicode category ([^\W\d_] is twice as
# slow to scan). Texts with characters from U+3000 up use WORD itself.
_EXPLICIT_BELOW = 0x3000
_ABOVE = re.compile(f"[^\\x00-\\u{_EXPLICIT_BELOW - 1:04x}]")


@lru_cache(maxsize=1)
def _letters_split() -> re.Pattern[str]:
    """``(WORD)`` for texts with no character from U+3000 up (built on first use)."""
    ranges: list[str] = []
    start = prev = None
    for cp in range(_EXPLICIT_BELOW + 1):
        ch = chr(cp) if cp < _EXPLICIT_BELOW else ""
        if ch and ch.isalnum() and not ch.isdecimal():  # what [^\W\d_] matches
            if start is None:
                start = cp
            prev = cp
        elif start is not None and prev is not None:
            ranges.append(f"\\u{start:04x}" + (f"-\\u{prev:04x}" if prev > start else ""))
            start = None
    return re.compile("([" + "".join(ranges) + "]+)")


_WORD_SPLIT = re.compile(f"({WORD.pattern})")


def split_words(text: str) -> list[str]:
    """``re.split(f"({WORD.pattern})", text)``: gaps and words (letter runs) in turn."""
    if _ABOVE.search(text) is None:
        return _letters_split().split(text)
    return _WORD_SPLIT.split(text)


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


def _trie(surfaces: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for surface in set(surfaces):
        toks = _surface_tokens(surface)
        if not toks:
            continue
        node = root
        for tok in toks:
            node = node.setdefault(tok, {})
        node[_LEAF] = {}
    return root


def surfaces_regex(surfaces: Iterable[str]) -> str:
    """One regex for many surface forms, each as tolerant as ``surface_regex``.

    The same matches as the forms' alternation sorted longest first (at a given
    position the longest form wins), but factored into a trie of words: the regex
    engine reads a shared first word once instead of once per form, which makes a
    gazetteer of hundreds of names several times faster to scan."""
    body = _trie_regex(_trie(surfaces))
    return body if body else "(?!)"


def surfaces_by_first(surfaces: Iterable[str]) -> dict[str, str]:
    """``surfaces_regex`` cut by first character: for each character a form starts
    with, the regex for the rest of those forms (the same alternatives in the same
    order), so a scan can test the first character before anything else."""
    root = _trie(surfaces)
    out: dict[str, list[str]] = {}
    for sep, word in sorted((k for k in root if k != _LEAF), key=lambda k: (-len(k[1]), k)):
        out.setdefault(word[0], []).append(re.escape(word[1:]) + _trie_regex(root[(sep, word)]))
    return {c: alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")" for c, alts in out.items()}


def first_char_scan(branches: dict[str, list[str]], guard: str = r"\w") -> str:
    """A regex that matches where ``(?<!guard)(?:c1 rest1a|c1 rest1b|c2 rest2a ...)``
    does, written as one branch per first character ``c`` (its rests tried in order)
    with the word-start test after it: the regex engine scans for the first
    characters instead of trying every branch at every position (ten times faster
    on a gazetteer). Only spans: its groups are not the caller's."""
    parts = [
        re.escape(c) + rf"(?<!{guard}.)" + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for c, rests in branches.items()
        if rests
    ]
    return "|".join(parts) if parts else "(?!)"


def is_titlecase(word: str) -> bool:
    return bool(word) and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def is_allcaps(word: str) -> bool:
    return len(word) > 1 and word.isupper()
