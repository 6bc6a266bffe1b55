"""The crawl loop: seeds -> discovery -> polite fetching -> extraction -> records.

``Crawler(config, out_dir).run(seeds)`` is resumable: all progress lives in
``DIR/crawl.sqlite`` (see ``state``), raw responses go to ``DIR/warc/*.warc.gz``,
and ``DIR/articles.jsonl`` is rewritten (atomically, sorted by URL, one record
per article by the one dedupe rule) from the state at the end of every run.
A run counts as finished only once that file is in place, so a kill during
the final write costs the next start nothing but the write.

Article pages go through the page loop (``extractor.ingest``) in a worker
process under the page budget: a page that hangs or blows up is an error
outcome (``page_error:timeout``...), not asked again, and the crawl goes on.
SIGTERM or Ctrl-C stops the crawl cleanly: requests in flight are dropped (the
next start asks them again), the records so far are written.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx

from ..config import Config
from ..ingest import PageError, WorkerPool
from ..ingest.dedupe import Deduper
from ..ingest.flags import remove_stale_parts
from ..ingest.warc import http_page
from ..models import Article, Rejection, RejectReason
from ..sinks.base import AtomicFile
from .discover import Link, discover
from .fetch import Fetcher, FetchResult
from .state import CrawlState, UrlRow
from .urls import Scope, host_of, normalize_url, parse_date, topic_match
from .warc import WarcArchive

_FILTERS = (RejectReason.BEFORE_SINCE, RejectReason.OFF_TOPIC)

__all__ = ["CrawlEvent", "CrawlSummary", "Crawler"]


@dataclass(frozen=True, slots=True)
class CrawlEvent:
    """One settled URL, for progress displays and logs."""

    url: str
    kind: str
    outcome: str
    status: int | None
    detail: str = ""
    found: int = 0  # links newly queued by this process so far


@dataclass(slots=True)
class CrawlSummary:
    run_id: int
    resumed: bool
    outcomes: dict[str, int] = field(default_factory=dict)
    records: int = 0
    requests: int = 0
    out_dir: Path = Path(".")
    interrupted: bool = False
    signal: int | None = None  # what stopped an interrupted run

    def to_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "resumed": self.resumed,
            "records": self.records,
            "requests": self.requests,
            "interrupted": self.interrupted,
            "outcomes": dict(sorted(self.outcomes.items())),
        }


def _iso_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Crawler:
    def __init__(
        self,
        config: Config,
        out_dir: Path,
        *,
        on_event: Callable[[CrawlEvent], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.cfg = config.crawl
        self.out_dir = out_dir
        self.on_event = on_event
        self.transport = transport
        self.found = 0
        self._stop: asyncio.Event | None = None
        self._signal: int | None = None

    # -- public -------------------------------------------------------------
    def run(self, seeds: list[str]) -> CrawlSummary:
        return asyncio.run(self.arun(seeds))

    def stop(self, signum: int | None = None) -> None:
        """Stop the crawl cleanly (what SIGTERM and Ctrl-C do)."""
        if self._signal is None:
            self._signal = signum
        if self._stop is not None:
            self._stop.set()

    async def arun(self, seeds: list[str]) -> CrawlSummary:
        norm = [u for u in (normalize_url(s) for s in seeds) if u]
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # what a run killed during its final write left behind
        remove_stale_parts(self.out_dir, ("articles.jsonl", "crawl-summary.json"))
        self._stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        handled = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.stop, sig)
                handled.append(sig)
        try:
            return await self._arun(norm)
        finally:
            for sig in handled:
                loop.remove_signal_handler(sig)

    async def _arun(self, norm: list[str]) -> CrawlSummary:
        state = CrawlState(self.out_dir / "crawl.sqlite")
        scope = Scope.build(self.cfg, norm)
        state.begin_run(norm)
        archive = WarcArchive(self.out_dir, state.run_id)
        fetcher = Fetcher(
            self.cfg,
            scope,
            robots_loader=state.load_robots,
            robots_saver=state.save_robots,
            transport=self.transport,
        )
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        pool = WorkerPool(self.config, workers=1)
        self._state, self._scope, self._archive, self._fetcher = state, scope, archive, fetcher
        self._executor, self._pool = executor, pool
        try:
            await self._loop()
        finally:
            pool.close(kill=self._stop is not None and self._stop.is_set())
            executor.shutdown(wait=True)
            await fetcher.aclose()
            archive.close()
        interrupted = self._stop is not None and self._stop.is_set()
        summary = CrawlSummary(
            run_id=state.run_id,
            resumed=state.resumed,
            outcomes=state.outcomes(),
            requests=fetcher.requests,
            out_dir=self.out_dir,
            interrupted=interrupted,
            signal=self._signal,
        )
        summary.records = self.export(state)
        report = AtomicFile(self.out_dir / "crawl-summary.json")
        report.fh.write(json.dumps(summary.to_dict(), indent=2) + "\n")
        report.commit()
        if not interrupted:
            # only now: a kill before this point leaves the run to be resumed,
            # and resuming it costs the write, not a re-crawl
            state.finish_run()
        state.close()
        return summary

    def export(self, state: CrawlState) -> int:
        """Write ``DIR/articles.jsonl``: sorted by URL, one record per article
        (the first by URL wins; same URL identity or same text is one article,
        near copies carry ``duplicate_of``)."""
        from ..sinks import open_sink

        sink = open_sink("jsonl", str(self.out_dir / "articles.jsonl"))
        dedupe = Deduper(None, self.config.batch.near_duplicate_threshold)
        n = 0
        try:
            for record in state.records():
                article = Article.from_dict(record)
                keep, dup_of = dedupe.check_article(article)
                if not keep:
                    continue
                article.duplicate_of = dup_of
                sink.write(article)
                n += 1
        finally:  # (a failed write leaves its .part, removed by the next start)
            dedupe.close()
        sink.close()
        return n

    # -- loop -----------------------------------------------------------------
    async def _loop(self) -> None:
        state = self._state
        tasks: set[asyncio.Task[None]] = set()
        inflight: set[str] = set()
        requested = state.articles_requested()
        limit = self.cfg.max_pages
        per_host = max(1, self.cfg.per_host_concurrency)
        # Up to twice the global limit of tasks, at most per_host per host: requests
        # themselves are bounded by the fetcher's global semaphore, and a host that
        # is waiting out its delay does not stop others from being fetched.
        max_tasks = 2 * max(1, self.cfg.global_concurrency)
        assert self._stop is not None
        stopping: asyncio.Future[Any] = asyncio.ensure_future(self._stop.wait())
        try:
            await self._schedule(tasks, inflight, requested, limit, per_host, max_tasks, stopping)
        finally:
            if not stopping.done():
                stopping.cancel()
            for t in tasks:  # stopped: requests in flight stay pending for the next start
                t.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)

    async def _schedule(
        self,
        tasks: set[asyncio.Task[None]],
        inflight: set[str],
        requested: int,
        limit: int | None,
        per_host: int,
        max_tasks: int,
        stopping: asyncio.Future[Any],
    ) -> None:
        state = self._state
        while not stopping.done():
            while len(tasks) < max_tasks:
                more = limit is None or requested < limit
                load = Counter(host_of(u) for u in inflight)
                busy = frozenset(h for h, n in load.items() if n >= per_host)
                row = state.next_pending(inflight, articles=more, busy_hosts=busy)
                if row is None:
                    break
                if row.kind == "article":
                    requested += 1
                inflight.add(row.url)
                task = asyncio.create_task(self._handle(row, inflight))
                tasks.add(task)
            if not tasks:
                break
            waiting: set[asyncio.Future[Any]] = {*tasks, stopping}
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                if t is stopping:
                    continue
                tasks.discard(t)
                t.result()

    def _emit(self, row: UrlRow, outcome: str, status: int | None = None, detail: str = "") -> None:
        if self.on_event is not None:
            self.on_event(CrawlEvent(row.url, row.kind, outcome, status, detail, self.found))

    def _settle_only(self, row: UrlRow, outcome: str, detail: str = "", *, requested: bool) -> None:
        with self._state.tx():
            self._state.settle(row.url, outcome, detail=detail, requested=requested)
        self._emit(row, outcome, None, detail)

    async def _handle(self, row: UrlRow, inflight: set[str]) -> None:
        try:
            await self._handle_inner(row)
        except Exception as exc:  # the crawl boundary: record it, go on with the rest
            self._settle_only(row, "error", f"{type(exc).__name__}: {exc}", requested=True)
        finally:
            inflight.discard(row.url)

    async def _handle_inner(self, row: UrlRow) -> None:
        article = row.kind == "article"
        if not self._scope.allows(row.url, article=article):
            self._settle_only(row, "out_of_scope", requested=False)
            return
        if not await self._fetcher.allowed(row.url):
            self._settle_only(row, "robots_disallowed", requested=False)
            return
        res = await self._fetcher.fetch(
            row.url, etag=row.etag, last_modified=row.last_modified, html_only=article
        )
        if res.status == 304 and res.error is None:
            with self._state.tx():
                self._state.settle(
                    row.url,
                    "not_modified",
                    http_status=304,
                    etag=res.header("etag") or row.etag,
                    last_modified=res.header("last-modified") or row.last_modified,
                    fetched=True,
                )
            self._emit(row, "not_modified", 304)
            return
        if res.error is not None:
            self._settle_only_status(row, res)
            return
        date = _iso_now()
        self._archive.write(
            url=res.final_url,
            kind=row.kind,
            status=res.status or 200,
            reason=_reason(res.status),
            headers=res.headers,
            body=res.body,
            request_headers=res.request_headers,
            http_version=res.http_version,
            date=date,
        )
        if article:
            await self._article(row, res, date)
        else:
            self._discovery(row, res)

    def _settle_only_status(self, row: UrlRow, res: FetchResult) -> None:
        outcome = res.error or "error"
        if outcome.startswith("http_"):
            # 4xx other than 408/429 will not get better by asking again
            code = res.status or 0
            outcome = "http_error_4xx" if 400 <= code < 500 and code not in (408, 429) else "http_error"
        detail = res.detail or (f"HTTP {res.status}" if res.status else "")
        if res.attempts > 1:
            detail = f"{detail} after {res.attempts} attempts".strip()
        with self._state.tx():
            self._state.settle(row.url, outcome, detail=detail, http_status=res.status)
        self._emit(row, outcome, res.status, detail)


    def _discovery(self, row: UrlRow, res: FetchResult) -> None:
        found = discover(res.body, res.final_url, res.content_type, max_bytes=self.cfg.max_body_bytes)
        state = self._state
        new = 0
        with state.tx():
            for link in found.links:
                if self._wanted(link, row):
                    depth = row.depth + 1 if link.kind == "listing" else row.depth
                    new += state.offer(
                        link.url, link.kind, depth=depth, hint_date=link.date, title=link.title
                    )
            state.settle(
                row.url,
                f"discovered:{found.kind}",
                detail=f"{len(found.links)} links, {new} new",
                http_status=res.status,
                fetched=True,
                etag=res.header("etag"),
                last_modified=res.header("last-modified"),
            )
            if res.final_url != row.url:
                state.mark_alias(res.final_url)
        self.found += new
        self._emit(row, f"discovered:{found.kind}", res.status, f"{new} new links")

    def _wanted(self, link: Link, parent: UrlRow) -> bool:
        """Scope and pre-fetch filters (since, topic, pagination depth) for one link."""
        if link.kind == "article":
            if not self._scope.allows(link.url, article=True):
                return False
            if self.cfg.since and link.date:
                since, date = parse_date(self.cfg.since), parse_date(link.date)
                if since and date and date < since:
                    return False
            if self.cfg.topic_filter and not topic_match(
                (link.url, link.title), self.cfg.topic_keywords
            ):
                return False
            return True
        if not self._scope.allows(link.url, article=False):
            return False
        if link.kind == "listing":
            return parent.depth + 1 <= self.cfg.max_listing_pages
        return True

    async def _article(self, row: UrlRow, res: FetchResult, date: str) -> None:
        page = http_page(
            res.final_url, res.status, res.headers, res.body, fetched_at=date, source="crawl",
            source_ref=res.final_url, kind="article",
        )  # fmt: skip
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self._executor, self._pool.process, page)
        state = self._state
        detail = ""
        with state.tx():
            if isinstance(result, Rejection):
                prefix = "filtered" if result.reason in _FILTERS else "rejected"
                outcome = f"{prefix}:{result.reason}"
                detail = result.detail
                state.drop_record(res.final_url)
            elif isinstance(result, PageError):
                outcome = f"page_error:{result.reason}"
                detail = result.message
                state.drop_record(res.final_url)
            else:
                outcome = "article"
                state.put_record(res.final_url, result.article_id, _record(result))
            state.settle(
                row.url,
                outcome,
                detail=detail,
                http_status=res.status,
                fetched=True,
                etag=res.header("etag"),
                last_modified=res.header("last-modified"),
            )
            if res.final_url != row.url:
                state.mark_alias(res.final_url)
        self._emit(row, outcome, res.status, detail)


def _record(article: Article) -> dict[str, object]:
    return article.to_dict()


def _reason(status: int | None) -> str:
    try:
        return HTTPStatus(status or 200).phrase
    except ValueError:
        return ""
