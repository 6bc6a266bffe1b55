"""The per-shard work, identical in a local process pool and on a Dask worker:
read the shard's pages, run ``Pipeline.process`` on each, and return the
outcomes as JSON lines (articles with their dedupe keys, rejections, errors).

A page that crashes the extractor becomes an ``error`` line with its source
reference; the shard goes on.
"""

from __future__ import annotations

import gc
import importlib
import json
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..errors import ConfigError
from ..models import Article, Page, Rejection, RejectReason
from ..pipeline import Pipeline
from .dedupe import dedupe_keys
from .readers import BadRecord, ReadOptions, Shard, read_shard

__all__ = [
    "ShardResult",
    "article_from_dict",
    "pipeline_factory",
    "process_shard",
    "worker_pipeline",
]

# One Pipeline per worker process and configuration; its models load lazily on
# first use and then serve the shards this process handles, until
# ``batch.recycle_pages`` pages have gone through it: then it is dropped and
# rebuilt, so that state the models accumulate page after page (spaCy's
# StringStore grows with every new token) cannot grow with the archive.
_PIPELINES: dict[Config, Pipeline] = {}
_PAGES: dict[Config, int] = {}


def worker_pipeline(config: Config) -> Pipeline:
    """This process's pipeline for ``config`` (built on first use).

    ``config.batch.pipeline`` may name another factory as ``module:callable``
    (taking the Config, returning an object with ``process(page)``), e.g. to
    compare content extractors on the same archive.
    """
    pipeline = _PIPELINES.get(config)
    if pipeline is None:
        pipeline = _PIPELINES[config] = pipeline_factory(config.batch.pipeline)(config)
    return pipeline


def _count_pages(config: Config, pages: int) -> None:
    done = _PAGES.get(config, 0) + pages
    limit = config.batch.recycle_pages
    if limit and done >= limit:
        _PIPELINES.pop(config, None)
        gc.collect()
        done = 0
    _PAGES[config] = done


def pipeline_factory(spec: str | None) -> Any:
    """``Pipeline``, or the callable named by ``module:attr``."""
    if not spec:
        return Pipeline
    module, _, attr = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ConfigError(f"batch.pipeline {spec!r} cannot be loaded: {exc}") from None


@dataclass(frozen=True, slots=True)
class ShardResult:
    index: int
    key: str
    pages: int
    payload: bytes  # JSON lines, one per page outcome
    counts: dict[str, int] = field(default_factory=dict)


def _prefilter(page: Page, max_bytes: int) -> Rejection | None:
    """Expected non-articles that the archive itself tells us about."""
    ref = page.source_ref
    if page.status is not None and not 200 <= page.status < 300:
        return Rejection(RejectReason.HTTP_ERROR, f"HTTP {page.status}", source=ref, url=page.url)
    if len(page.content) > max_bytes:
        return Rejection(
            RejectReason.TOO_LARGE, f"more than {max_bytes} bytes", source=ref, url=page.url
        )
    ctype = (page.content_type or "").split(";")[0].strip().lower()
    if ctype and not (ctype.startswith("text/") or "html" in ctype or "xml" in ctype):
        return Rejection(RejectReason.NOT_HTML, f"content type {ctype}", source=ref, url=page.url)
    return None


def _error_line(
    ref: str | None, url: str | None, etype: str, message: str, **extra: Any
) -> dict[str, Any]:
    return {
        "t": "error",
        "source_ref": ref,
        "url": url,
        "error_type": etype,
        "message": message,
        **extra,
    }


def process_shard(shard: Shard, config: Config, opts: ReadOptions) -> ShardResult:
    """Run the pipeline over every page of ``shard``; never raises for a page."""
    pipeline = worker_pipeline(config)
    counts: Counter[str] = Counter()
    lines: list[str] = []
    pages = 0
    items = read_shard(shard, opts)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except Exception as exc:  # the reader itself failed: report, stop this shard
            lines.append(_json(_error_line(shard.path, None, type(exc).__name__, str(exc))))
            counts["error"] += 1
            break
        pages += 1
        if isinstance(item, BadRecord):
            lines.append(_json(_error_line(item.source_ref, item.url, "InputError", item.message)))
            counts["error"] += 1
            continue
        try:
            result = _prefilter(item, opts.max_bytes) or pipeline.process(item)
            if isinstance(result, Rejection):
                rec: dict[str, Any] = {"t": "rejected", **result.to_dict()}
                counts[f"rejected:{result.reason}"] += 1
            else:
                keys = dedupe_keys(result.url, result.text)
                rec = {"t": "article", "article": result.to_dict(), "dedupe": keys.to_dict()}
                counts["article"] += 1
            lines.append(_json(rec))
        except Exception as exc:  # batch boundary: record the page and go on
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else ""
            lines.append(
                _json(
                    _error_line(
                        item.source_ref, item.url, type(exc).__name__, str(exc), where=where
                    )
                )
            )
            counts["error"] += 1
    _count_pages(config, pages)
    payload = "".join(lines).encode("utf-8")
    return ShardResult(shard.index, shard.key, pages, payload, dict(counts))


def _json(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def article_from_dict(d: dict[str, Any]) -> Article:
    """Inverse of ``Article.to_dict``."""
    return Article.from_dict(d)
