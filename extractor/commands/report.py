"""``extractor report RECORDS... -o report.html``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="build a self-contained HTML monitoring report from extracted records",
        description="Build one self-contained HTML report (no network needed to open it) from "
        "the records the tool wrote. RECORDS: JSONL files (.jsonl, .jsonl.gz), Parquet "
        "(articles.parquet + figures.parquet, a directory holding them, or the "
        "--partition-by-year directories), DuckDB databases (tables articles and figures), CSV "
        "pairs, or a batch output directory.",
    )
    p.add_argument("records", nargs="+", metavar="RECORDS")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write")
    p.add_argument("--title", default="Union figures: monitoring report",
                   help="the page's title and heading (default: %(default)s)")  # fmt: skip
    p.add_argument("--low-confidence", type=float, default=0.5, metavar="C",
                   help="flag figures with confidence below C (default 0.5)")
    p.add_argument("--outlier-factor", type=float, default=10.0, metavar="X",
                   help="flag figures more than X times the median of the "
                   "province's other years (default 10)")
    p.add_argument("--min-history", type=int, default=2, metavar="N",
                   help="figures from other years needed before judging an outlier (default 2)")
    p.add_argument("--similarity", type=float, default=0.6, metavar="S",
                   help="sentence similarity (0-1, numbers ignored) above which two articles "
                   "state the same fact (default 0.6)")
    p.add_argument("--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .. import report as api
    from ..sinks.base import AtomicFile

    if args.outlier_factor <= 1 or not 0 <= args.similarity <= 1 or args.min_history < 1:
        raise ConfigError("--outlier-factor must be > 1, --similarity in [0, 1], --min-history >= 1")
    settings = api.FlagSettings(
        low_confidence=args.low_confidence,
        outlier_factor=args.outlier_factor,
        min_history=args.min_history,
        sentence_similarity=args.similarity,
    )
    articles, errors = api.load_records(args.records)
    for err in errors:
        print(f"extractor: error: {err}", file=sys.stderr)
    if not articles and errors:
        raise InputError(", ".join(args.records), "no readable records")
    html, data = api.build_report(articles, settings, args.title, [str(x) for x in errors])
    out = AtomicFile(Path(args.output))
    try:
        out.fh.write(html)
    except BaseException:
        out.abort()
        raise
    out.commit()
    if not args.quiet:
        n_bad = sum(1 for b in data.breakdowns if not b.ok)
        print(
            f"extractor: report {args.output}: articles={len(data.articles)}, figures={len(data.facts)}, "
            f"provinces={len(data.provinces)}, flags={len(data.flags)} "
            f"(breakdowns: {len(data.breakdowns) - n_bad} ok, {n_bad} not adding up)",
            file=sys.stderr,
        )
    return 1 if errors else 0
