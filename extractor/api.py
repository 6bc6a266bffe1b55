"""The convenience API: one call per article.

Each config gets one ``Pipeline`` per process (models load once); for full
control, make a ``Pipeline`` and call it directly.

``budget=`` bounds the call: the article is extracted in a worker process
(kept for the next calls) under a time and memory budget (``True`` for the
config's ``[limits]``, or an ``extractor.ingest.Budget``); a page over it raises
``OverBudget`` (``reason`` ``timeout`` / ``too_large``) instead of hanging the
caller, and the worker is replaced if it was stuck.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .config import Config
from .errors import NotAnArticle, OverBudget
from .models import Article, Rejection
from .pipeline import Pipeline

if TYPE_CHECKING:
    from .ingest import Budget, WorkerPool

__all__ = ["extract_html", "extract_text"]


@lru_cache(maxsize=4)
def _pipeline_for(config: Config) -> Pipeline:
    return Pipeline(config)


@lru_cache(maxsize=4)
def _pool_for(config: Config, budget: Budget) -> WorkerPool:
    from .ingest import WorkerPool

    return WorkerPool(config, workers=1, budget=budget)


def _bounded(
    method: str, args: tuple[object, ...], url: str | None, config: Config, budget: Budget | bool
) -> Article | Rejection:
    from .ingest import Budget, PageError
    from .ingest.loop import Call

    b = Budget.of(config) if budget is True else budget
    assert isinstance(b, Budget)
    outcome = _pool_for(config, b).process(Call(method, args, url))
    if isinstance(outcome, PageError):
        if outcome.reason in ("timeout", "too_large"):
            raise OverBudget(outcome.reason, outcome.message)
        raise RuntimeError(outcome.message)
    return outcome


def extract_text(
    text: str,
    url: str | None = None,
    *,
    config: Config | None = None,
    pipeline: Pipeline | None = None,
    budget: Budget | bool | None = None,
) -> Article:
    """Extract the figures of a plain-text article.

    ``text`` is the article as saved (boilerplate lines may be included); the
    returned ``Article.text`` is its normalised body, and every figure satisfies
    ``article.text[f.start:f.end] == f.quote``.
    """
    if budget:
        cfg = pipeline.config if pipeline is not None else config or Config()
        result = _bounded("extract_text", (text, url), url, cfg, budget)
        assert isinstance(result, Article)
        return result
    return (pipeline or _pipeline_for(config or Config())).extract_text(text, url)


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    config: Config | None = None,
    pipeline: Pipeline | None = None,
    budget: Budget | bool | None = None,
) -> Article:
    """Extract the article of an HTML page and its figures.

    Raises ``NotAnArticle`` (with ``.reason``) when the page holds no article
    (home page, listing, error page, empty body), and ``OverBudget`` when a
    ``budget`` is given and the page goes over it.
    """
    if budget:
        cfg = pipeline.config if pipeline is not None else config or Config()
        result = _bounded("extract_html", (html, url), url, cfg, budget)
    else:
        result = (pipeline or _pipeline_for(config or Config())).extract_html(html, url)
    if isinstance(result, Rejection):
        raise NotAnArticle(str(result.reason), result.detail)
    return result
