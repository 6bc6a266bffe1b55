"""The one page -> outcome loop, used by every command.

``PageLoop.process(item)`` takes what a reader gave (a Page, an InputError, a
Rejection) and returns one typed outcome: the filters before the pipeline
(``Steps.before``), ``Pipeline.process``, the filters after it
(``Steps.after``). An unexpected exception is caught here, at the batch
boundary, and becomes a ``PageError`` with the page's source and where it was
raised. ``pool`` runs this loop in worker processes under the page budget.
"""

from __future__ import annotations

import gc
import importlib
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..errors import ConfigError, InputError
from ..models import Page, Rejection
from .outcomes import Outcome, PageError
from .shards import Item
from .steps import Steps

__all__ = ["Call", "PageLoop", "item_ref", "pipeline_factory"]


def pipeline_factory(spec: str | None) -> Any:
    """``Pipeline``, or the callable named by ``module:attr`` (``batch.pipeline``:
    takes the Config, returns an object with ``process(page)``)."""
    if not spec:
        from ..pipeline import Pipeline

        return Pipeline
    module, _, attr = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ConfigError(f"batch.pipeline {spec!r} cannot be loaded: {exc}") from None


@dataclass(frozen=True, slots=True)
class Call:
    """A pipeline method to run in a worker under the budget (the Python API's
    ``budget=``): ``pipeline.<method>(*args)``."""

    method: str
    args: tuple[Any, ...] = ()
    url: str | None = None


def item_ref(item: Item | Call) -> tuple[str | None, str | None]:
    """``(source reference, url)`` of a reader item."""
    if isinstance(item, Call):
        return item.url, item.url
    if isinstance(item, Page):
        return item.source_ref or item.url, item.url
    if isinstance(item, InputError):
        return item.source, item.url
    return item.source, item.url


class PageLoop:
    """Reader items -> outcomes, for one configuration.

    The pipeline is built on first use and rebuilt after
    ``batch.recycle_pages`` pages (state that models accumulate page after page,
    such as spaCy's StringStore, cannot grow with the archive) and after a page
    was interrupted for its budget.
    """

    def __init__(self, config: Config, pipeline: Any | None = None) -> None:
        self.config = config
        self.steps = Steps(config)
        self._pipeline = pipeline
        self._given = pipeline is not None
        self._pages = 0

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            self._pipeline = pipeline_factory(self.config.batch.pipeline)(self.config)
        return self._pipeline

    def reset(self) -> None:
        """Drop the pipeline (it is rebuilt on the next page)."""
        if not self._given:
            self._pipeline = None
            gc.collect()
        self._pages = 0

    def process(self, item: Item) -> Outcome:
        if isinstance(item, InputError):
            return PageError(item.source, item.url, item.reason, "bad_input", "InputError")
        if isinstance(item, Rejection):
            return item
        limit = self.config.batch.recycle_pages
        if limit and self._pages >= limit:
            self.reset()
        self._pages += 1
        ref, url = item_ref(item)
        try:
            page = self.steps.before(item)
            if isinstance(page, Rejection):
                return page
            result = self.pipeline.process(page)
            if isinstance(result, Rejection):
                if result.source is None:
                    return Rejection(result.reason, result.detail, ref, url)
                return result
            return self.steps.after(result, page)
        except MemoryError:
            self.reset()
            return PageError(ref, url, "out of memory", "too_large", "MemoryError")
        except Exception as exc:  # the batch boundary: record the page and go on
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else ""
            message = f"unexpected {type(exc).__name__}: {str(exc)[:300]}"
            return PageError(ref, url, message, "error", type(exc).__name__, where)

    def run(self, items: Iterable[Item]) -> Iterator[Outcome]:
        for item in items:
            yield self.process(item)
