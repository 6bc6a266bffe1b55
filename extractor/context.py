"""Article-level context: the province an article is about (with its 2025 name),
the people it names, the province of each figure and the canonical (abbreviations
expanded) forms of figure subjects and organizers.

A figure's province is the province named in its own sentence next to it
("Hải Phòng 2.000 công nhân"), else the article's.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .abbrev import expand
from .entities import find_people, find_province, find_province_mentions
from .lexicon import Lexicon
from .models import Article
from .textnorm import normalize_tones

__all__ = ["annotate_article"]

_VENUE = re.compile(r"(?i)\b(?:tại|ở)\s+(?:(?:tỉnh|thành phố|TP\.?|thủ đô)\s+)?$")


def annotate_article(article: Article, lexicon: Lexicon) -> None:
    pdir = lexicon.patterns_dir
    # the entity finders match on one tone placement and keep the text's own words
    text = normalize_tones(article.text)
    found = find_province(article.text, title=article.title, site=article.site, url=article.url, patterns_dir=pdir)
    if found is not None:
        article.province = found.province
        article.province_2025 = found.province_2025
    article.people = find_people(article.text, patterns_dir=pdir)
    for fig in article.figures:
        # canonical names next to the surface forms ("LĐLĐ tỉnh" -> "Liên đoàn Lao động tỉnh")
        if fig.subject:
            fig.subject_canonical = expand(fig.subject, lexicon.abbreviations)
        if fig.organizer:
            fig.organizer_canonical = expand(fig.organizer, lexicon.abbreviations)
    if not article.figures:
        return
    # a venue ("tại Hà Nội") is where something happened, not whose work is reported
    mentions = [m for m in find_province_mentions(text, patterns_dir=pdir) if not _VENUE.search(text, max(0, m.start - 24), m.start)]
    ends = [m.end for m in mentions]
    for fig in article.figures:
        s_start = fig.sentence_start
        # the last mention ending before the figure, in its sentence, at most 40 chars before
        k = bisect_right(ends, fig.start) - 1
        near = mentions[k] if k >= 0 else None
        if near is not None and near.start >= s_start and fig.start - near.end <= 40:
            fig.province = near.province
        else:
            fig.province = article.province
