"""The convenience API: one call per article.

These build a default ``Pipeline`` on first use per config; for many articles,
make one ``Pipeline`` and call it directly.
"""

from __future__ import annotations

from .config import Config
from .errors import NotAnArticle
from .models import Article, Rejection
from .pipeline import Pipeline

__all__ = ["extract_html", "extract_text"]


def extract_text(
    text: str,
    url: str | None = None,
    *,
    config: Config | None = None,
    pipeline: Pipeline | None = None,
) -> Article:
    """Extract the figures of a plain-text article.

    ``text`` is the article as saved (boilerplate lines may be included); the
    returned ``Article.text`` is its normalised body, and every figure satisfies
    ``article.text[f.start:f.end] == f.quote``.
    """
    return (pipeline or Pipeline(config)).extract_text(text, url)


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    config: Config | None = None,
    pipeline: Pipeline | None = None,
) -> Article:
    """Extract the article of an HTML page and its figures.

    Raises ``NotAnArticle`` (with ``.reason``) when the page holds no article
    (home page, listing, error page, empty body).
    """
    result = (pipeline or Pipeline(config)).extract_html(html, url)
    if isinstance(result, Rejection):
        raise NotAnArticle(str(result.reason), result.detail)
    return result
