"""Sentence spans with exact offsets: paragraphs are lines; sentences end at
. ! ? … (not after abbreviations such as ``TP.`` or initials such as ``T.``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the line (paragraph) it belongs to
    text: str


_END = re.compile(r"(?:\.{3}|[.!?…])[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-ZĐÀ-ỸẠ-ỹ0-9])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            yield pos, end
        pos = end + 1


MAX_SENTENCE = 2000  # longer runs (tables flattened to text, junk) are cut at spaces


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
    """Sentences of ``text`` with exact offsets; none longer than ``MAX_SENTENCE``."""
    return [b for sent in _split(text, no_split) for b in _bounded(sent.start, sent.end, sent.paragraph, text)]


def _split(text: str, no_split: frozenset[str]) -> list[Sentence]:
    out: list[Sentence] = []
    for pi, (ps, pe) in enumerate(_paragraphs(text)):
        start = ps
        para = text[ps:pe]
        for m in _END.finditer(para):
            cut = ps + m.end()
            before = _TOKEN_BEFORE.search(para[: m.start()])
            word = before.group(1) if before else ""
            if word.rstrip(".") in no_split or (m.group() == "." and re.fullmatch(r"[A-ZĐ]", word[-1:] or "") and len(word) <= 2):
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
