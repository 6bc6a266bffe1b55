"""Sentence spans with exact offsets: paragraphs are lines; sentences end at
. ! ? … (not after abbreviations such as ``TP.`` or initials such as ``T.``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .fastre import compile_guarded

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the line (paragraph) it belongs to
    text: str


# Latin letters by case (Vietnamese capitals with their marks: "Ông", "Ủy ban", "Ở")
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and unicodedata.name(c, "").startswith("LATIN"))
_LOWER = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.islower() and unicodedata.name(c, "").startswith("LATIN"))
# (an ellipsis glued to the next sentence ends it too: "... như Canon, Vinamilk…Năm 2021, ...";
# not "TP.HCM...TP.HCM", where a capital follows the capital)
_END = compile_guarded(
    r"(?:\.{3}|[.!?…])[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-ZĐÀ-ỸẠ-ỹ0-9])"
    rf"|(?:\.{{3}}|…)(?=[{_UPPER}][{_LOWER}])"
)
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"[A-ZĐ]")


MAX_SENTENCE = 2000  # longer runs (tables flattened to text, junk) are cut at spaces
MAX_PARAGRAPH = 20_000  # longer lines are cut after a sentence end (else at a space)
_LOOKBACK = 48  # the word before a full stop is read from this many characters


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            yield from _bounded_paragraph(text, pos, end)
        pos = end + 1


def _bounded_paragraph(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A line as one paragraph, or several when it is longer than ``MAX_PARAGRAPH``
    (a page flattened to one line must not make one paragraph of a million words)."""
    while end - start > MAX_PARAGRAPH:
        lo = start + MAX_PARAGRAPH // 2
        hi = start + MAX_PARAGRAPH
        cut = max(text.rfind(". ", lo, hi), text.rfind("? ", lo, hi), text.rfind("! ", lo, hi))
        cut = cut + 1 if cut >= 0 else text.rfind(" ", lo, hi)
        if cut <= start:
            cut = hi
        yield start, cut
        start = cut
    yield start, end


def _bounded(s: int, e: int, pi: int, text: str) -> Iterator[Sentence]:
    while e - s > MAX_SENTENCE:
        cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
        if cut <= s:
            cut = s + MAX_SENTENCE
        yield Sentence(s, cut, pi, text[s:cut])
        s = cut
        while s < e and text[s] == " ":
            s += 1
    if e > s:
        yield Sentence(s, e, pi, text[s:e])


def split_sentences(text: str, no_split: frozenset[str] = frozenset()) -> list[Sentence]:
    """Sentences of ``text`` with exact offsets; none longer than ``MAX_SENTENCE``,
    no paragraph longer than ``MAX_PARAGRAPH``. Linear in the length of ``text``."""
    return [b for sent in _split(text, no_split) for b in _bounded(sent.start, sent.end, sent.paragraph, text)]


def _word_before(text: str, pos: int, floor: int) -> str:
    """The token (non-space run) ending at ``pos``, read from at most ``_LOOKBACK``
    characters; a longer token comes back cut (it is no abbreviation anyway)."""
    lo = max(floor, pos - _LOOKBACK)
    if pos > lo and text[pos - 1] == "\n":  # ("$" also matches before a final newline)
        m = _TOKEN_BEFORE.search(text, lo, pos)
        return m.group(1) if m else ""
    k = pos  # the same run of non-spaces as (\S+)$, walked back in place
    while k > lo and not text[k - 1].isspace():
        k -= 1
    return text[k:pos]


def _split(text: str, no_split: frozenset[str]) -> list[Sentence]:
    out: list[Sentence] = []
    for pi, (ps, pe) in enumerate(_paragraphs(text)):
        start = ps
        for m in _END.finditer(text, ps, pe):
            cut = m.end()
            word = _word_before(text, m.start(), ps)
            if word.rstrip(".") in no_split or (m.group() == "." and _INITIAL.fullmatch(word[-1:]) and len(word) <= 2):
                continue  # "TP. HCM", "T. Nga"
            seg = text[start:cut].strip()
            if seg:
                s = start + (len(text[start:cut]) - len(text[start:cut].lstrip()))
                out.append(Sentence(s, s + len(seg), pi, seg))
            start = cut
        seg = text[start:pe].strip()
        if seg:
            s = start + (len(text[start:pe]) - len(text[start:pe].lstrip()))
            out.append(Sentence(s, s + len(seg), pi, seg))
    return out
