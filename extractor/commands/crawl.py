"""``extractor crawl SEED... --out DIR`` and ``extractor crawl --reprocess DIR``"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    from ..cli import add_config_flags
    from ..ingest.flags import add_budget_flags

    p = sub.add_parser(
        "crawl",
        help="crawl news sites politely: home/listing pages, RSS/Atom feeds, sitemaps",
        description="Discover and fetch articles from SEEDs (home or listing pages, RSS/Atom "
        "feeds, sitemaps or sitemap indexes), extract them and write DIR/articles.jsonl, the raw "
        "pages as DIR/warc/*.warc.gz and the crawl state DIR/crawl.sqlite. Running the same "
        "command again resumes an interrupted crawl, or re-crawls fetching only what changed.",
    )
    p.add_argument("seeds", nargs="*", metavar="SEED")
    p.add_argument("--out", "-o", type=Path, help="crawl directory (state, WARC, records)")
    p.add_argument(
        "--reprocess",
        type=Path,
        metavar="DIR",
        help="re-extract the WARC files of crawl DIR without fetching (writes "
        "DIR/articles.reprocessed.jsonl, or --out FILE)",
    )
    p.add_argument("--allow-host", action="append", default=None, metavar="HOST",
                   help="host allowed in the crawl (repeatable; default: the seeds' hosts)")
    p.add_argument("--include", action="append", default=None, metavar="REGEX",
                   help="article URLs must match one of these")
    p.add_argument("--exclude", action="append", default=None, metavar="REGEX",
                   help="article URLs matching one of these are skipped")
    p.add_argument("--since", metavar="DATE", help="skip articles published before DATE")
    p.add_argument("--max-pages", type=int, help="fetch at most N article pages in this run")
    p.add_argument("--topic", action="store_true", default=None,
                   help="only union/labour articles (keywords in URL, title or feed entry)")
    p.add_argument("--user-agent", help="User-Agent header (include a contact address)")
    p.add_argument("--delay", type=float, help="minimum seconds between requests to a host")
    p.add_argument("--per-host", type=int, help="concurrent requests per host")
    p.add_argument("--concurrency", type=int, help="concurrent requests in total")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress, only the summary")
    add_budget_flags(p)
    add_config_flags(p)
    p.set_defaults(run=run)


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    from ..ingest.flags import budget_overrides

    return {
        **budget_overrides(args),
        "crawl.allowed_hosts": tuple(args.allow_host) if args.allow_host else None,
        "crawl.include": tuple(args.include) if args.include else None,
        "crawl.exclude": tuple(args.exclude) if args.exclude else None,
        "crawl.since": args.since,
        "crawl.max_pages": args.max_pages,
        "crawl.topic_filter": args.topic,
        "crawl.user_agent": args.user_agent,
        "crawl.min_delay": args.delay,
        "crawl.per_host_concurrency": args.per_host,
        "crawl.global_concurrency": args.concurrency,
    }


def run(args: argparse.Namespace) -> int:
    from ..cli import config_from_args

    config = config_from_args(args, _overrides(args))
    if args.reprocess is not None:
        return _reprocess(args, config)
    if not args.seeds or args.out is None:
        raise ConfigError("crawl needs SEED... and --out DIR (or --reprocess DIR)")
    from ..crawl import Crawler
    from ..crawl.urls import normalize_url

    bad = [s for s in args.seeds if normalize_url(s) is None]
    if bad:
        raise ConfigError(f"not an http(s) URL: {bad[0]}")
    from ..ingest.flags import check_output_dir

    check_output_dir(args.out, "crawl directory")
    progress = _Progress(quiet=args.quiet)
    crawler = Crawler(config, args.out, on_event=progress.event)
    try:
        summary = crawler.run(list(args.seeds))
    finally:
        progress.close()
    parts = ", ".join(f"{k}={v}" for k, v in sorted(summary.outcomes.items()))
    verb = "resumed run" if summary.resumed else "run"
    print(
        f"extractor: crawl {verb} {summary.run_id}: {summary.records} records in "
        f"{args.out / 'articles.jsonl'}; {summary.requests} requests; {parts}"
        + ("; interrupted: run the same command to go on" if summary.interrupted else ""),
        file=sys.stderr,
    )
    if summary.interrupted:
        return 128 + (summary.signal or 2)
    return 0


def _reprocess(args: argparse.Namespace, config: Any) -> int:
    from ..crawl.warc import records_from_warc, warc_files
    from ..ingest.flags import check_output_file, remove_stale_parts
    from ..sinks import open_sink

    files = warc_files(args.reprocess)
    if not files:
        raise ConfigError(f"{args.reprocess}: no crawl WARC files (warc/crawl-*.warc.gz)")
    out = Path(args.out or args.reprocess / "articles.reprocessed.jsonl")
    check_output_file(out)
    remove_stale_parts(out.parent, (out.name,))
    articles, outcomes = records_from_warc(files, config=config)
    sink = open_sink("jsonl", str(out))
    for article in articles:
        sink.write(article)
    sink.close()
    parts = ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items()))
    print(f"extractor: reprocessed {len(files)} WARC files -> {out}: {parts}", file=sys.stderr)
    return 0


class _Progress:
    """A live rich display on a terminal, one plain log line per page otherwise."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty() and not quiet
        self.counts = {"fetched": 0, "articles": 0, "failed": 0, "skipped": 0}
        self.start = time.monotonic()
        self._progress: Any = None
        self._task: Any = None
        if self.tty:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("crawling", total=None)

    def event(self, ev: Any) -> None:
        outcome: str = ev.outcome
        if outcome in ("robots_disallowed", "out_of_scope") or outcome.startswith(
            ("filtered:", "known_failure:")
        ):
            self.counts["skipped"] += 1
        elif outcome == "article":
            self.counts["fetched"] += 1
            self.counts["articles"] += 1
        elif ev.status is not None and not outcome.startswith("http_error") and (
            outcome.startswith(("discovered", "rejected", "not_modified"))
        ):
            self.counts["fetched"] += 1
        else:
            self.counts["failed"] += 1
        if self.quiet:
            return
        if self._progress is not None:
            rate = self.counts["fetched"] / max(1e-6, time.monotonic() - self.start)
            c = self.counts
            self._progress.update(
                self._task,
                description=f"found {ev.found}  fetched {c['fetched']}  articles {c['articles']}  "
                f"failed {c['failed']}  skipped {c['skipped']}  ({rate:.1f} pages/s)",
            )
        else:
            status = ev.status if ev.status is not None else "-"
            detail = f" ({ev.detail})" if ev.detail else ""
            print(f"crawl: {status} {outcome} {ev.url}{detail}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
