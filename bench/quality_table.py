"""Markdown table of extraction quality on the gold sets in corpus/floors.toml.

    .venv/bin/python bench/quality_table.py              # the extractor in this checkout
    .venv/bin/python bench/quality_table.py --rev 0624c73  # an older commit's extractor,
                                                           # scored with today's gold and scorer

Runs the default pipeline (NLP layer on) over every set, as the quality gate does. With
``--rev``, the commit is checked out in a temporary git worktree and its own code
extracts the gold texts (in a subprocess, with this virtualenv); the records are then
scored here, so the two tables differ only in the extractor.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from extractor import Pipeline
from extractor.entities import canonical_province
from extractor.evaluate import extract_gold, load_gold, score

ROOT = Path(__file__).resolve().parent.parent

_DUMP = """
import json, sys
from pathlib import Path
from extractor import Pipeline
pipe = Pipeline()
for line in sys.stdin:
    g = json.loads(line)
    print(json.dumps(pipe.extract_text(g["text"], g["url"]).to_dict(), ensure_ascii=False))
"""


def _predictions_at(rev: str, gold: list[Any], tmp: Path) -> dict[str, dict[str, Any]]:
    tree = tmp / "tree"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), rev], check=True)
    feed = "".join(json.dumps({"text": g.text, "url": g.url}, ensure_ascii=False) + "\n" for g in gold)
    out = subprocess.run(
        [sys.executable, "-c", _DUMP], input=feed, capture_output=True, text=True, cwd=tree, check=True
    ).stdout.splitlines()
    return {g.id: json.loads(line) for g, line in zip(gold, out, strict=True)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="score this commit's extractor instead of the checkout's")
    args = ap.parse_args()
    floors = tomllib.loads((ROOT / "corpus" / "floors.toml").read_text("utf-8"))
    pipe = Pipeline()
    pdir = pipe.config.patterns_dir
    print("| set | articles | gold figures | precision | recall | F1 | qualifier | subject | organizer | period | province |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for spec in floors["sets"].values():
                gold = load_gold(ROOT / spec["path"])
                if args.rev:
                    preds = _predictions_at(args.rev, gold, Path(tmp))
                else:
                    preds = {g.id: extract_gold(pipe, g) for g in gold}
                rep = score(gold, preds, pipe.lexicon.abbreviations,
                            canonical_province=lambda n: canonical_province(n, patterns_dir=pdir))
                p, r, f = rep.overall()
                n_gold = sum(rep.tp.values()) + sum(rep.fn.values())
                acc = rep.attribute_accuracy()
                attrs = " | ".join(f"{acc[a][0]:.3f}" for a in ("qualifier", "subject", "organizer", "period", "province"))
                print(f"| `{spec['path']}` | {rep.articles} | {n_gold} | {p:.3f} | {r:.3f} | {f:.3f} | {attrs} |")
        finally:
            if args.rev and (Path(tmp) / "tree").exists():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(Path(tmp) / "tree")],
                               check=False)


if __name__ == "__main__":
    main()
