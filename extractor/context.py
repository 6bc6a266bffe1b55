"""Article-level context: the province an article is about (with its 2025 name),
the people it names, the province of each figure and the canonical (abbreviations
expanded) forms of figure subjects and organizers.

A figure's province is the province named in its own sentence next to it
("Hải Phòng 2.000 công nhân"), else the article's.
"""

from __future__ import annotations

from .abbrev import expand
from .entities import find_people, find_province, find_province_mentions
from .lexicon import Lexicon
from .models import Article

__all__ = ["annotate_article"]


def annotate_article(article: Article, lexicon: Lexicon) -> None:
    pdir = lexicon.patterns_dir
    match = find_province(
        article.text, title=article.title, site=article.site, url=article.url, patterns_dir=pdir
    )
    if match is not None:
        article.province = match.province
        article.province_2025 = match.province_2025
    article.people = find_people(article.text, patterns_dir=pdir)
    for fig in article.figures:
        # canonical names next to the surface forms ("LĐLĐ tỉnh" -> "Liên đoàn Lao động tỉnh")
        if fig.subject:
            fig.subject_canonical = expand(fig.subject, lexicon.abbreviations)
        if fig.organizer:
            fig.organizer_canonical = expand(fig.organizer, lexicon.abbreviations)
    if not article.figures:
        return
    mentions = find_province_mentions(article.text, patterns_dir=pdir)
    for fig in article.figures:
        s_start, s_end = fig.sentence_start, fig.sentence_start + len(fig.sentence)
        near = [m for m in mentions if s_start <= m.start and m.end <= s_end and m.end <= fig.start]
        if near and fig.start - near[-1].end <= 40:
            fig.province = near[-1].province
        else:
            fig.province = article.province
