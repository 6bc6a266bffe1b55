"""Article-level context: province, people, figure provinces."""

from __future__ import annotations

from .lexicon import Lexicon
from .models import Article

__all__ = ["annotate_article"]


def annotate_article(article: Article, lexicon: Lexicon) -> None:
    return None
