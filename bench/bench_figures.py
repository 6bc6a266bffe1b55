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
from extractor.nlp.context import make_tagger

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    for d in ("dev", "cases", "cases2"):
        for p in sorted((ROOT / "corpus" / d).glob("*.json")):
            texts.append(json.loads(p.read_text("utf-8"))["text"])
    return texts


WARMUP = "Năm 2023, Công đoàn ngành tổ chức 5 lớp bồi dưỡng cho 300 lượt đoàn viên."


def run(nlp: bool, texts: list[str], rounds: int, segmenter: str = "pyvi") -> tuple[float, int, float]:
    n = 0
    figs = 0
    cpu = 0.0
    for _ in range(rounds):
        # a fresh tagger cache each round, so every sentence is really tagged
        make_tagger.cache_clear()
        pipe = Pipeline(Config(nlp=NlpConfig(enabled=nlp, segmenter=segmenter)))
        pipe.extract_text(WARMUP)  # loads patterns and models, outside the timing
        start = time.process_time()
        for t in texts:
            figs += len(pipe.extract_text(t).figures)
            n += 1
        cpu += time.process_time() - start
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
    configs = [
        ("regex only (`--no-nlp`)", False, "underthesea"),
        ("with NLP layer, pyvi (default)", True, "pyvi"),
        ("with NLP layer, underthesea (`--segmenter underthesea`)", True, "underthesea"),
    ]
    for label, nlp, seg in configs:
        aps, figs, cps = run(nlp, texts, args.rounds, seg)
        results[label] = aps
        print(f"| {label} | {aps:,.0f} | {cps:,.0f} | {figs // args.rounds} |")
    base = results[configs[0][0]]
    for label, _, _ in configs[1:]:
        print(f"\n{label}: {base / results[label]:.2f}x the regex-only time", end="")
    print()

if __name__ == "__main__":
    main()
