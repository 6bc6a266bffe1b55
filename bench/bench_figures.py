"""Text path throughput: articles per second on one core, NLP layer on and off.

    .venv/bin/python bench/bench_figures.py [--rounds 20]

Runs ``Pipeline.extract_text`` over every gold article in corpus/ (dev + cases)
and the seeds, ``--rounds`` times, after one warm-up round (models loaded).
Prints a markdown table; paste it into the README.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from extractor import Config, Pipeline
from extractor.config import NlpConfig

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    for d in ("dev", "cases"):
        for p in sorted((ROOT / "corpus" / d).glob("*.json")):
            texts.append(json.loads(p.read_text("utf-8"))["text"])
    return texts


def run(nlp: bool, texts: list[str], rounds: int) -> tuple[float, int, float]:
    pipe = Pipeline(Config(nlp=NlpConfig(enabled=nlp)))
    for t in texts:  # warm-up: load models, fill caches
        pipe.extract_text(t)
    n = 0
    figs = 0
    start = time.process_time()
    for _ in range(rounds):
        for t in texts:
            figs += len(pipe.extract_text(t).figures)
            n += 1
    cpu = time.process_time() - start
    chars = sum(len(t) for t in texts) * rounds
    return n / cpu, figs, chars / cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    texts = corpus_texts()
    print(f"{len(texts)} articles x {args.rounds} rounds, CPU time of one process "
          f"({platform.python_implementation()} {platform.python_version()}, {platform.machine()})\n")
    print("| text path | articles/s per core | chars/s per core | figures |")
    print("|---|---:|---:|---:|")
    results = {}
    for nlp in (False, True):
        aps, figs, cps = run(nlp, texts, args.rounds)
        results[nlp] = aps
        label = "regex only (`--no-nlp`)" if not nlp else "with NLP layer (default)"
        print(f"| {label} | {aps:,.0f} | {cps:,.0f} | {figs // args.rounds} |")
    print(f"\nNLP layer cost: {results[False] / results[True]:.2f}x the regex-only time")


if __name__ == "__main__":
    main()
