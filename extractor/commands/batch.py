"""``extractor batch INPUT... -o OUTDIR [--format jsonl,csv,parquet,duckdb]
[--workers N | --scheduler tcp://HOST:PORT]``

Resumable: run the same command again after a crash or a kill and it picks up
where it stopped; the result equals that of an uninterrupted run. Every page
has a time and memory budget (``--page-timeout``, ``--page-memory``).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    from ..cli import add_config_flags
    from ..ingest.flags import add_budget_flags, add_input_flags

    p = sub.add_parser(
        "batch",
        help="process archives (WARC, zip, tar, JSONL, folders) in parallel, resumably",
        description="Extract articles and figures from WARC/WARC.gz files, zip and tar(.gz) "
        "archives, JSONL dumps and folders of .html/.txt files, with N local processes or on "
        "a Dask cluster. OUTDIR receives articles.jsonl (or the chosen formats), errors.jsonl "
        "and summary.json; OUTDIR/.batch holds the resume state.",
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="file.warc[.gz], .zip, .tar[.gz|.bz2|.xz], .jsonl[.gz], .html/.txt, or a directory",
    )  # fmt: skip
    p.add_argument(
        "-o", "--output", required=True, type=Path, metavar="OUTDIR",
        help="output directory (created, and checked before any work): the chosen formats, "
        "errors.jsonl, summary.json and the resume state in OUTDIR/.batch (run the same "
        "command again to resume)",
    )  # fmt: skip
    p.add_argument(
        "--format",
        default="jsonl",
        help="comma-separated: jsonl (articles.jsonl), csv (articles.csv + figures.csv), "
        "parquet (articles/figures tables), duckdb (articles.duckdb with views)",
    )
    p.add_argument("--partition-by-year", action="store_true", default=None,
                   help="parquet: OUTDIR/articles/year=YYYY/ by year of published and "
                        "OUTDIR/figures/year=YYYY/ by each figure's own year")  # fmt: skip
    p.add_argument("-j", "--workers", type=int, default=None,
                   help="worker processes (default: the machine's cores)")  # fmt: skip
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run on this Dask distributed scheduler instead of local processes")  # fmt: skip
    p.add_argument("--shard-size", type=int, default=None,
                   metavar="N",
                   help="pages per unit of work and resume checkpoint (default 100; a WARC.gz is "
                        "split into byte ranges of N x 40 KB)")  # fmt: skip
    add_input_flags(p)
    add_budget_flags(p)
    p.add_argument("--near-duplicate-threshold", type=float, default=None, metavar="J",
                   help="estimated Jaccard similarity for duplicate_of (default 0.8)")  # fmt: skip
    p.add_argument("--fresh", action="store_true", help="ignore the resume state in OUTDIR")
    p.add_argument("--keep-parts", action="store_true",
                   help="keep the per-shard parts after the run (to re-export in another format)")  # fmt: skip
    p.add_argument("--no-progress", dest="progress", action="store_false", default=None,
                   help="no progress bar (shown by default on a terminal)")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    add_config_flags(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..batch import BatchOptions, run_batch
    from ..cli import config_from_args
    from ..errors import ConfigError
    from ..ingest.flags import budget_overrides, input_overrides, stop_on_signals

    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    config = config_from_args(
        args,
        {
            "batch.workers": args.workers,
            "batch.scheduler": args.scheduler,
            "batch.shard_size": args.shard_size,
            "batch.partition_by_year": args.partition_by_year,
            "batch.near_duplicate_threshold": args.near_duplicate_threshold,
            **input_overrides(args),
            **budget_overrides(args),
        },
    )
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    opts = BatchOptions(
        inputs=tuple(args.inputs),
        out=args.output,
        formats=formats or ("jsonl",),
        fresh=args.fresh,
        keep_parts=args.keep_parts,
        progress=args.progress,
        quiet=args.quiet,
    )
    # SIGTERM / Ctrl-C: workers are stopped, the outputs are written with what was
    # finished, and the next run with the same arguments completes them
    with stop_on_signals() as got:
        summary = run_batch(config, opts)
    if not args.quiet:
        print(summary.text(args.output), file=sys.stderr)
    if summary.interrupted:
        return 128 + got.get("signal", signal.SIGINT)
    return 1 if summary.errors else 0
