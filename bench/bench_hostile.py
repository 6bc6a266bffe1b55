"""Time of hostile inputs (issue 11): each row ran for tens of seconds, forever, or
raised before the caps; the regression tests (tests/content/test_bounds.py,
tests/test_text_bounds.py) only guard against hangs, the numbers are here.

    .venv/bin/python bench/bench_hostile.py            # every row, one process each
    .venv/bin/python bench/bench_hostile.py --timeout 60

Each row runs in its own process (so a hang is cut at --timeout and shown as such).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

SENTENCE = (
    "Ông Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh Hà Nam, cho biết trong đó {i} lớp tập huấn "
    "cho {i}0 lượt cán bộ năm 2024 tại Hải Phòng. "
)
PARAS = "".join(
    f"<p>Đợt {i}: Liên đoàn Lao động tỉnh tổ chức {i + 20} lớp tập huấn cho 2.596 lượt cán bộ.</p>"
    for i in range(4)
)


def one_line(chars: int) -> str:
    parts, total, i = [], 0, 1
    while total < chars:
        s = SENTENCE.format(i=i)
        parts.append(s)
        total += len(s)
        i += 1
    return "".join(parts)


def nested(open_tags: str, close_tags: str, n: int) -> str:
    return "<html><body>" + open_tags * n + PARAS + close_tags * n + "</body></html>"


ROWS: dict[str, str] = {
    "1,000,000 nested <div>": "content:nested('<div>', '</div>', 1_000_000)",
    "100,000 nested <div>": "content:nested('<div>', '</div>', 100_000)",
    "100,000 nested <ul><li>": "content:nested('<ul><li>', '</li></ul>', 100_000)",
    "100,000 nested <blockquote>": "content:nested('<blockquote>', '</blockquote>', 100_000)",
    "100,000 x <span><div> (end tags ignored)": "content:nested('<span><div>', '</span></div>', 100_000)",
    "100,000 attributes on one element": (
        "content:'<html><body><div ' + ' '.join(f'a{i}=\"x\"' for i in range(100_000)) + '>' + PARAS + '</div></body></html>'"
    ),
    "1 MB paragraph: sentence split": "split:one_line(1_000_000)",
    "1 MB paragraph: people": "people:one_line(1_000_000)",
    "1 MB paragraph: province": "province:one_line(1_000_000)",
    "1 MB paragraph: figures (finder + attributes)": "figures:one_line(1_000_000)",
    "1.1 MB article text, extract_text (NLP off)": "text:one_line(100_000) + chr(10) + 'Công nhân lao động được chăm lo. ' * 30_000",
    "a number of 310 digits before a unit word": "text:'Công đoàn trao ' + '9' * 310 + ' suất quà cho công nhân.'",
}

RUNNER = """
import sys, time
sys.path.insert(0, {bench!r})
from bench_hostile import *
from extractor import Config, Pipeline
from extractor.config import NlpConfig, default_patterns_dir
from extractor.lexicon import cached_lexicon
stage, _, expr = {row!r}.partition(":")
data = eval(expr)
lex = cached_lexicon(default_patterns_dir())
pipe = Pipeline(Config(nlp=NlpConfig(enabled=False)))
pipe.extract_text("Năm 2024, LĐLĐ tỉnh tổ chức 21 lớp tập huấn.")
start = time.perf_counter()
if stage == "content":
    from extractor.content import extract_content
    r = type(extract_content(data)).__name__
elif stage == "split":
    from extractor.sentences import split_sentences
    r = f"{{len(split_sentences(data, lex.no_split))}} sentences"
elif stage == "people":
    from extractor.entities import find_people
    r = f"{{len(find_people(data, patterns_dir=lex.patterns_dir))}} people"
elif stage == "province":
    from extractor.entities import find_province
    r = find_province(data, patterns_dir=lex.patterns_dir).province
elif stage == "figures":
    from extractor.figures import find_figures
    r = f"{{len(find_figures(data, lex))}} figures"
else:
    r = f"{{len(pipe.extract_text(data).figures)}} figures"
print(f"{{time.perf_counter() - start:.2f}}\\t{{r}}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    import os

    bench = os.path.dirname(os.path.abspath(__file__))
    print("| input | seconds | outcome |\n|---|---:|---|")
    for label, row in ROWS.items():
        start = time.perf_counter()
        try:
            out = subprocess.run([sys.executable, "-c", RUNNER.format(bench=bench, row=row)],
                                 capture_output=True, text=True, timeout=args.timeout)  # fmt: skip
        except subprocess.TimeoutExpired:
            print(f"| {label} | > {args.timeout:.0f} | killed (timeout) |", flush=True)
            continue
        if out.returncode != 0:
            err = (out.stderr.strip().splitlines() or ["?"])[-1]
            print(f"| {label} | {time.perf_counter() - start:.1f} | raised: {err[:80]} |", flush=True)
            continue
        took, result = out.stdout.strip().split("\t")
        print(f"| {label} | {float(took):.2f} | {result} |", flush=True)


if __name__ == "__main__":
    main()
