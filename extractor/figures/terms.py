"""Congress terms: where term rules (``rules.toml`` ``[[term]]``) can match, and roman
numerals ("khóa XI", "Đại hội XII")."""

from __future__ import annotations

from bisect import bisect_right

from ..lexicon import Lexicon
from ..sentences import Sentence

__all__ = ["roman_to_int", "term_sentences"]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    total = 0
    prev = 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def term_sentences(text: str, sentences: list[Sentence], lexicon: Lexicon) -> set[int]:
    """Indices of the sentences a term rule can match in: those that a match of the
    rule over the whole text touches (term rules are rare words: most sentences skip
    them), and any sentence cut inside a word (its edges read differently alone)."""
    ends = [x.end for x in sentences]
    out: set[int] = set()
    for rule in lexicon.terms:
        for m in rule.regex.finditer(text):
            i = bisect_right(ends, m.start())  # the first sentence ending after the match starts
            while i < len(sentences) and sentences[i].start < m.end():
                out.add(i)
                i += 1
    for i, x in enumerate(sentences):
        if (x.start and not text[x.start - 1].isspace()) or (x.end < len(text) and not text[x.end].isspace()):
            out.add(i)
    return out
