"""``extractor extract PATH... [-o OUT] [--format jsonl|csv]``

The same reading as ``batch`` (files, folders, stdin, WARC, zip, tar, JSONL),
the same page loop under the same page budget (one worker process), the same
dedupe rule; written in input order, streamed to stdout or a file.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from ..ingest import PageError, Stats, WorkerPool, plan_inputs
from ..ingest.dedupe import Deduper
from ..ingest.flags import (
    add_budget_flags,
    add_input_flags,
    budget_overrides,
    check_output_dir,
    check_output_file,
    input_overrides,
    read_options,
    remove_stale_parts,
    stop_on_signals,
)
from ..ingest.outcomes import Outcome
from ..models import Article, Rejection, RejectReason
from ..sinks import Sink, open_sink

__all__ = ["add_parser", "run"]

# Rejections that mean the input itself is bad (exit status 1), as opposed to
# expected outcomes such as "this page is not an article".
_BAD_INPUT = {RejectReason.EMPTY, RejectReason.BINARY, RejectReason.UNDECODABLE}


def add_parser(sub: Any) -> None:
    from ..cli import add_config_flags

    p = sub.add_parser(
        "extract",
        help="extract articles and figures from .txt/.html/.json files, archives, directories or stdin",
        description="Extract articles and figures. PATH: a .txt or .html/.htm file, a .json "
        "article ({\"text\" or \"html\", \"url\", \"title\", \"published\", \"province\"...}), "
        "an archive (WARC/WARC.gz, zip, tar[.gz|.bz2|.xz], JSONL[.gz]), a directory (walked "
        "recursively; README/SCHEMA and other non-article files are not read) or - for stdin. "
        "Records go to stdout as JSON Lines unless -o is given; the same article is written "
        "once. For large archives use 'extractor batch' (parallel, resumable).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="jsonl: output file (default: stdout); csv: a directory for "
                        "articles.csv + figures.csv, or PREFIX.csv; checked before any work")  # fmt: skip
    p.add_argument(
        "--format", choices=["jsonl", "csv"], default="jsonl",
        help="jsonl: one JSON record per article, figures nested (default; stdout without -o); "
        "csv: OUT/articles.csv + OUT/figures.csv joined by article_id (UTF-8 with BOM, "
        "formula-like text cells prefixed with ')",
    )  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no per-page lines and no summary")
    add_input_flags(p)
    add_budget_flags(p)
    add_config_flags(p)
    p.set_defaults(run=run)


def _open_sink(fmt: str, out: str | None) -> Sink:
    """Check ``-o`` before any work and open the sink there."""
    if out not in (None, "-"):
        assert out is not None
        path = Path(out)
        if fmt == "jsonl":
            check_output_file(path)
            remove_stale_parts(path.parent, (path.name,))
        elif path.suffix.lower() == ".csv":
            check_output_file(path)
            stem = path.with_suffix("").name
            remove_stale_parts(path.parent, (f"{stem}.articles.csv", f"{stem}.figures.csv"))
        else:
            check_output_dir(path)
            remove_stale_parts(path, ("articles.csv", "figures.csv"))
    return open_sink(fmt, out)


class _Run:
    def __init__(self, sink: Sink, dedupe: Deduper, quiet: bool) -> None:
        self.sink, self.dedupe, self.quiet = sink, dedupe, quiet
        self.stats = Stats()
        self.failed = 0

    def take(self, outcome: Outcome) -> None:
        if isinstance(outcome, Article):
            keep, dup_of = self.dedupe.check_article(outcome)
            if not keep:
                outcome = Rejection(
                    RejectReason.DUPLICATE, "same URL or text as an earlier article",
                    outcome.source, outcome.url,
                )  # fmt: skip
            else:
                outcome.duplicate_of = dup_of
                self.sink.write(outcome)
        self.stats.add(outcome)
        if isinstance(outcome, PageError):
            self.failed += 1
            print(f"extractor: error: {outcome.line()}", file=sys.stderr)
        elif isinstance(outcome, Rejection):
            if outcome.reason in _BAD_INPUT:
                self.failed += 1
                print(f"extractor: error: {outcome.source}: {outcome.detail}", file=sys.stderr)
            elif not self.quiet:
                print(
                    f"extractor: skipped {outcome.source}: {outcome.reason} ({outcome.detail})",
                    file=sys.stderr,
                )


def run(args: argparse.Namespace) -> int:
    from ..cli import config_from_args

    config = config_from_args(args, {**input_overrides(args), **budget_overrides(args)})
    read = read_options(config)
    sink = _open_sink(args.format, args.output)
    dedupe = Deduper(None, config.batch.near_duplicate_threshold)
    state = _Run(sink, dedupe, args.quiet)
    pool = WorkerPool(config, workers=1, read=read)
    stopped: int | None = None
    with stop_on_signals() as got:
        try:
            shards = plan_inputs(args.paths, config.batch.shard_size, read, stdin=True)
            for _, outcomes in pool.map_shards(shards, ordered=True):
                for outcome in outcomes:
                    state.take(outcome)
            pool.close()
        except KeyboardInterrupt:
            # stop cleanly: what was finished (also inside the shard in work) is written
            stopped = got.get("signal", signal.SIGINT)
            for _, outcomes in pool.partial():
                for outcome in outcomes:
                    state.take(outcome)
            pool.close(kill=True)
        except BaseException:
            pool.close(kill=True)
            raise
        finally:
            dedupe.close()
        sink.close()
    stats = state.stats
    if not args.quiet:
        dups = stats.rejected.get("duplicate", 0)
        print(
            f"extractor: {stats.text()}"
            + (f" ({dups} duplicates not written)" if dups else "")
            + ("; interrupted, the pages finished were written" if stopped else ""),
            file=sys.stderr,
        )
    if stopped is not None:
        return 128 + stopped
    return 1 if state.failed else 0
