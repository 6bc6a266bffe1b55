"""Word-level context for figure subjects, without spaCy.

The regex layer marks a figure's subject as the unit phrase and the words after it
up to a stop word. Vietnamese words span several syllables and a stop list cannot
know every verb, so the words around each figure's subject (and nothing else: the
taggers' features reach two words around, so a short window tags as well as the
whole sentence) are segmented and POS-tagged, and the subject is cut at the first
verb, preposition or conjunction after its head noun ("Tổng kinh phí xây dựng căn
nhà dự trù" -> "Tổng kinh phí xây dựng căn nhà": ``dự trù`` is a verb).

Word segmentation and tags come from pyvi (default: as accurate as underthesea on
the gold sets and about 2.4x faster; its CRF models are opened directly, see
``pyvi_crf``) or underthesea, chosen by ``nlp.segmenter``. Models load lazily, once
per process; a tagged window is cached so repeated paragraphs cost nothing. The
tagger only runs where it can change a subject.

``refine_subjects`` is what the pipeline calls; the ``union_context`` spaCy
component (``context.py``) calls the same function on a Doc's figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..attributes.subject import tidy_end
from ..errors import ConfigError
from ..models import Figure

__all__ = [
    "SEGMENTERS",
    "TaggedWord",
    "make_tagger",
    "refine_subjects",
    "subject_window",
    "trim_subject",
]

TaggedWord = tuple[str, str, int, int]  # word, POS, start, end (offsets in the sentence)
SEGMENTERS = ("pyvi", "underthesea", "none")

# POS tags (VLSP / pyvi) that end a noun phrase once its head noun has been seen
_STOP_POS = {"V", "E", "C", "CC", "CH", "F", "P", "R", "T", "X"}
_NOUNISH = {"N", "Np", "Nc", "Nu", "Ny", "Nb", "M", "A", "L"}
_ONE_TOKEN = re.compile(r"\w*")
_HAS_WORD = re.compile(r"\w")


def _align(sentence: str, words: list[str]) -> list[tuple[str, int, int]]:
    out = []
    pos = 0
    for w in words:
        surface = w.replace("_", " ")
        i = sentence.find(surface, pos)
        if i < 0:
            continue
        out.append((surface, i, i + len(surface)))
        pos = i + len(surface)
    return out


def _unknown(segmenter: str) -> ConfigError:
    return ConfigError(f"nlp.segmenter: unknown segmenter {segmenter!r} (underthesea, pyvi, none)")


@lru_cache(maxsize=4)
def make_tagger(segmenter: str) -> Callable[[str], list[TaggedWord]]:
    """A cached sentence tagger for ``segmenter`` (underthesea | pyvi)."""
    if segmenter == "underthesea":
        from underthesea import pos_tag

        def tag_uts(sentence: str) -> list[TaggedWord]:
            pairs = pos_tag(sentence)
            aligned = _align(sentence, [w for w, _ in pairs])
            tags = [t for _, t in pairs]
            return [(w, t, a, b) for (w, a, b), t in zip(aligned, tags, strict=False)]

        return lru_cache(maxsize=4096)(tag_uts)
    if segmenter == "pyvi":
        from .pyvi_crf import load_pyvi

        pyvi = load_pyvi()

        def tag_pyvi(sentence: str) -> list[TaggedWord]:
            words, tags = pyvi.postag(pyvi.tokenize(sentence))
            aligned = _align(sentence, words)
            return [(w, t, a, b) for (w, a, b), t in zip(aligned, tags, strict=False)]

        return lru_cache(maxsize=4096)(tag_pyvi)
    raise _unknown(segmenter)


def subject_window(fig: Figure, text: str) -> tuple[int, int] | None:
    """The stretch of text the tagger needs for a subject: the phrase plus a few
    words of context on each side (the CRF taggers look two words around), within
    the sentence."""
    span = fig.spans.get("subject")
    if span is None:
        return None
    s_start, s_end = fig.sentence_start, fig.sentence_start + len(fig.sentence)
    a = text.rfind(" ", s_start, max(s_start, span[0] - 12))
    a = s_start if a < 0 else a + 1
    b = text.find(" ", min(s_end, span[1] + 20), s_end)
    b = s_end if b < 0 else b
    return a, b


def _can_trim(fig: Figure, text: str) -> bool:
    """False when no tagging can cut the subject: it is all unit phrase (never cut), the
    congress named in a term, or a single run of letters and digits (one word: nothing
    after its head)."""
    span = fig.spans.get("subject")
    if span is None:
        return False
    a, b = span
    if fig.kind == "term" and fig.start <= a and b <= fig.end:
        return False  # the congress's name in the term itself: "Đại hội Công đoàn huyện"
    unit = fig.unit or ""
    if unit and text.startswith(unit, a) and b <= a + len(unit):
        return False
    return _ONE_TOKEN.fullmatch(text, a, b) is None


def trim_subject(
    fig: Figure, tags: list[TaggedWord], text: str, base: int, trailing: frozenset[str] = frozenset()
) -> None:
    """Cut ``fig.subject`` at the first verb/preposition after its head noun.

    ``tags`` carry offsets relative to ``base`` in ``text``."""
    span = fig.spans.get("subject")
    if span is None:
        return
    s0 = base
    a, b = span[0] - s0, span[1] - s0
    inside = [t for t in tags if t[2] >= a and t[3] <= b]
    if not inside:
        return
    seen_noun = False
    end = None
    for _, pos, _, wend in inside:
        if pos in _STOP_POS and seen_noun:
            break
        if pos in _NOUNISH or pos.startswith("N"):
            seen_noun = True
        end = wend
    if end is None or end >= b:
        return
    new_end = s0 + end
    unit = fig.unit or ""
    if unit and text.startswith(unit, span[0]) and new_end < span[0] + len(unit):
        return  # never cut inside the unit phrase ("lớp tập huấn" stays whole)
    new_end = tidy_end(text, span[0], new_end, trailing)
    if text.count("“", span[0], new_end) > text.count("”", span[0], new_end) and text.startswith("”", new_end):
        new_end += 1  # the closing quote of a quoted name stays with it ("“Mái ấm Công đoàn”")
    cut = text[span[0] : new_end].rstrip(" ,")
    if len(cut) >= 2:
        fig.subject = cut
        fig.spans["subject"] = (span[0], span[0] + len(cut))


def refine_subjects(
    figures: list[Figure], text: str, segmenter: str, trailing: frozenset[str] = frozenset()
) -> None:
    """Trim the subjects of ``figures`` (offsets into ``text``) with the word tagger;
    a cut subject never ends with one of ``trailing`` (``[subject] trailing_words``)."""
    if segmenter == "none":
        return
    if segmenter not in SEGMENTERS:
        raise _unknown(segmenter)
    tagger: Callable[[str], list[TaggedWord]] | None = None
    for f in figures:
        if not _can_trim(f, text):
            continue
        win = subject_window(f, text)
        if win is None or not _HAS_WORD.search(text, win[0], win[1]):
            continue
        if tagger is None:
            tagger = make_tagger(segmenter)
        trim_subject(f, tagger(text[win[0] : win[1]]), text, win[0], trailing)
