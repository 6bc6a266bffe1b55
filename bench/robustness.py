"""Figure F1 on the real gold sets when their text is damaged the way saved pages are.

    .venv/bin/python bench/robustness.py                 # corpus/cases3 and corpus/train
    .venv/bin/python bench/robustness.py corpus/dev

Each perturbation rewrites every gold text (the gold figures stay: scoring matches on
kind, value and value_high, not on offsets) and the set is extracted again as
``extractor eval`` does. Attribute scores are left out: the gold attributes are spelled
right, the records keep the page's (misspelt) words, so they would differ by design.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import Pipeline  # noqa: E402
from extractor.evaluate import GoldArticle, extract_gold, load_gold, score  # noqa: E402

PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "as saved": lambda t: t,
    "'lao đông' for 'lao động'": lambda t: t.replace("lao động", "lao đông"),
    "'xuất quà' for 'suất quà'": lambda t: t.replace("suất quà", "xuất quà"),
    "'tỷ'/'tỉ' without 'đồng'": lambda t: re.sub(r"(t[ỷỉ]) đồng", r"\1", t),
    "line breaks inside phrases": lambda t: t.replace("kế hoạch", "kế\n\nhoạch").replace("đoàn viên", "đoàn\nviên"),
    "non-breaking spaces": lambda t: t.replace(" ", "\u00a0"),
    "new-style tones ('hoà', 'thuỷ')": lambda t: t.replace("hòa", "hoà").replace("thủy", "thuỷ").replace("Hòa", "Hoà"),
}


def _damaged(gold: list[GoldArticle], f: Callable[[str], str]) -> list[GoldArticle]:
    out = []
    for g in gold:
        g2 = copy.copy(g)
        g2.text = f(g.text)
        g2.raw = {**g.raw, "text": g2.text}
        out.append(g2)
    return out


def main(argv: list[str]) -> None:
    sets = argv or ["corpus/cases3", "corpus/train"]
    pipe = Pipeline()
    print("| set | text | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|")
    for s in sets:
        gold = load_gold(ROOT / s)
        for name, f in PERTURBATIONS.items():
            damaged = _damaged(gold, f)
            rep = score(damaged, {g.id: extract_gold(pipe, g) for g in damaged}, pipe.lexicon.abbreviations)
            p, r, f1 = rep.overall()
            print(f"| `{s}` | {name} | {p:.3f} | {r:.3f} | {f1:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
