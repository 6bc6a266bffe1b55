"""Markdown table of extraction quality on the gold sets in corpus/floors.toml.

    .venv/bin/python bench/quality_table.py

Runs the default pipeline (NLP layer on) over every set, as the quality gate does.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from extractor import Pipeline
from extractor.entities import canonical_province
from extractor.evaluate import load_gold, score

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    floors = tomllib.loads((ROOT / "corpus" / "floors.toml").read_text("utf-8"))
    pipe = Pipeline()
    pdir = pipe.config.patterns_dir
    print("| set | articles | gold figures | precision | recall | F1 | qualifier | subject | organizer | period | province |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for spec in floors["sets"].values():
        gold = load_gold(ROOT / spec["path"])
        preds = {g.id: pipe.extract_text(g.text, g.url).to_dict() for g in gold}
        rep = score(gold, preds, pipe.lexicon.abbreviations,
                    canonical_province=lambda n: canonical_province(n, patterns_dir=pdir))
        p, r, f = rep.overall()
        n_gold = sum(rep.tp.values()) + sum(rep.fn.values())
        acc = rep.attribute_accuracy()
        attrs = " | ".join(f"{acc[a][0]:.3f}" for a in ("qualifier", "subject", "organizer", "period", "province"))
        print(f"| `{spec['path']}` | {rep.articles} | {n_gold} | {p:.3f} | {r:.3f} | {f:.3f} | {attrs} |")


if __name__ == "__main__":
    main()
