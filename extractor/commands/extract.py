"""``extractor extract PATH... [-o OUT] [--format jsonl|csv]``"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from ..errors import InputError
from ..models import Rejection, RejectReason
from ..pipeline import Pipeline
from ..sinks import open_sink
from ..sources import iter_pages

# Rejections that mean the input itself is bad (exit status 1), as opposed to
# expected outcomes such as "this page is not an article".
_BAD_INPUT = {RejectReason.EMPTY, RejectReason.BINARY, RejectReason.UNDECODABLE}


def add_parser(sub: Any) -> None:
    from ..cli import add_config_flags

    p = sub.add_parser(
        "extract",
        help="extract articles and figures from .txt/.html/.json files, archives, directories or stdin",
        description="Extract articles and figures. PATH: a .txt or .html/.htm file, a .json "
        "article ({\"text\": ..., \"url\": ...} or {\"html\": ...}), an archive (WARC/WARC.gz, "
        "zip, tar[.gz|.bz2|.xz], JSONL[.gz]), a directory (walked recursively) or - for stdin. "
        "For large archives use 'extractor batch' (parallel, resumable).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", help="output file (jsonl) or directory/prefix (csv)")
    p.add_argument(
        "--format", choices=["jsonl", "csv"], default="jsonl",
        help="jsonl: one JSON record per article, figures nested (default; stdout without -o); "
        "csv: OUT/articles.csv + OUT/figures.csv joined by article_id (UTF-8 with BOM, "
        "formula-like text cells prefixed with ')",
    )  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no summary on stderr")
    add_config_flags(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..cli import config_from_args

    pipeline = Pipeline(config_from_args(args))
    sink = open_sink(args.format, args.output)
    outcomes: Counter[str] = Counter()
    failed = 0
    figures = 0
    for item in iter_pages(args.paths):
        if isinstance(item, InputError):
            print(f"extractor: error: {item}", file=sys.stderr)
            failed += 1
            outcomes["error"] += 1
            continue
        try:
            result = pipeline.process(item)
        except Exception as exc:  # batch boundary: record and go on
            print(
                f"extractor: error: {item.source_ref}: unexpected {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            failed += 1
            outcomes["error"] += 1
            continue
        if isinstance(result, Rejection):
            outcomes[f"rejected:{result.reason}"] += 1
            if result.reason in _BAD_INPUT:
                failed += 1
                print(f"extractor: error: {result.source}: {result.detail}", file=sys.stderr)
            elif not args.quiet:
                print(
                    f"extractor: skipped {result.source}: {result.reason} ({result.detail})",
                    file=sys.stderr,
                )
            continue
        outcomes["article"] += 1
        figures += len(result.figures)
        if not result.figures:
            outcomes["article_without_figures"] += 1
        sink.write(result)
    sink.close()
    if not args.quiet:
        parts = ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items()))
        print(f"extractor: {parts}; figures={figures}", file=sys.stderr)
    return 1 if failed else 0
