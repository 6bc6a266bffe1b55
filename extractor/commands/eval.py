"""``extractor eval GOLD_DIR [--predictions FILE]``"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..entities import canonical_province
from ..errors import InputError
from ..evaluate import extract_gold, load_gold, score
from ..pipeline import Pipeline


def add_parser(sub: Any) -> None:
    from ..cli import add_config_flags

    p = sub.add_parser(
        "eval",
        help="score extraction against gold annotations",
        description="Score figures against gold files (one JSON per article). Without "
        "--predictions the gold texts are extracted now; with it, the records in FILE "
        "(JSONL written by `extractor extract`) are scored, matched to gold by id/url/source.",
    )
    p.add_argument("gold_dir", type=Path, metavar="GOLD_DIR")
    p.add_argument("--predictions", type=Path, help="JSONL of article records to score")
    p.add_argument("--json", dest="as_json", action="store_true", help="print the report as JSON")
    p.add_argument("--errors", action="store_true", help="list false positives/negatives")
    add_config_flags(p)
    p.set_defaults(run=run)


def _match_predictions(path: Path, gold_ids: dict[str, str | None]) -> dict[str, dict[str, Any]]:
    by_url = {u: i for i, u in gold_ids.items() if u}
    out: dict[str, dict[str, Any]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{path}:{n}", "not a JSON line") from None
        src = str(rec.get("source") or "")
        stem = Path(src).stem
        gid = rec.get("gold_id") or (stem if stem in gold_ids else None) or by_url.get(rec.get("url"))
        if gid:
            out[gid] = rec
    return out


def run(args: argparse.Namespace) -> int:
    from ..cli import config_from_args

    gold = load_gold(args.gold_dir)
    pipeline = Pipeline(config_from_args(args))
    if args.predictions:
        preds = _match_predictions(args.predictions, {g.id: g.url for g in gold})
    else:
        preds = {g.id: extract_gold(pipeline, g) for g in gold}
    pdir = pipeline.config.patterns_dir
    report = score(
        gold,
        preds,
        pipeline.lexicon.abbreviations,
        canonical_province=lambda name: canonical_province(name, patterns_dir=pdir),
    )
    if args.errors:
        for e in report.errors:
            print(json.dumps(e, ensure_ascii=False), file=sys.stderr)
    if args.as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.format())
    return 0
