"""Figures found on the matching form of a text, put back onto the text itself.

Matching runs on ``normalize_tones(text)`` (one tone placement, so "hoà" and "hòa"
match the same patterns); moving a tone mark keeps the length, so every offset found
there is an offset into the text. This step re-reads every string a figure carries
(quote, sentence, unit, subject, organizer, activity, period) from the text at those
offsets, so records quote the page's own words.
"""

from __future__ import annotations

from dataclasses import replace

from ..models import Figure
from ..textnorm import normalize_tones

__all__ = ["reground"]


def _back(value: str, span: tuple[int, int] | None, text: str, match: str,
          title: str | None, match_title: str | None) -> str:
    if span is not None:
        seg = match[span[0] : span[1]]
        if seg and seg in value:
            return value.replace(seg, text[span[0] : span[1]], 1)
    if title and match_title and value in match_title:
        k = match_title.index(value)
        return title[k : k + len(value)]
    return value


def reground(figures: list[Figure], text: str, match: str, title: str | None = None) -> None:
    """Replace, in place, the strings of ``figures`` found on ``match`` by the same
    stretches of ``text`` (``len(text) == len(match)``)."""
    if text == match:
        return
    match_title = normalize_tones(title) if title else None
    for f in figures:
        f.quote = text[f.start : f.end]
        f.sentence = text[f.sentence_start : f.sentence_start + len(f.sentence)]
        if f.unit:
            u = text[f.end - len(f.unit) : f.end]
            if match[f.end - len(f.unit) : f.end] == f.unit:
                f.unit = u  # the unit as the page writes it (tones, misspellings)
        for name in ("subject", "organizer", "activity"):
            value = getattr(f, name)
            if value:
                setattr(f, name, _back(value, f.spans.get(name), text, match, title, match_title))
        if f.period is not None:
            new = _back(f.period.text, f.spans.get("period"), text, match, title, match_title)
            if new != f.period.text:
                f.period = replace(f.period, text=new)
