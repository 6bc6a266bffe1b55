"""The convenience API: one call per article.

Each config gets one ``Pipeline`` per process (models load once); for full
control, make a ``Pipeline`` and call it directly.
"""

from __future__ import annotations

from functools import lru_cache

from .config import Config
from .errors import NotAnArticle
from .models import Article, Rejection
from .pipeline import Pipeline

__all__ = ["extract_html", "extract_text"]


@lru_cache(maxsize=4)
def _pipeline_for(config: Config) -> Pipeline:
    return Pipeline(config)


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
    return (pipeline or _pipeline_for(config or Config())).extract_text(text, url)


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
    result = (pipeline or _pipeline_for(config or Config())).extract_html(html, url)
    if isinstance(result, Rejection):
        raise NotAnArticle(str(result.reason), result.detail)
    return result
