"""Scores on the real gold sets when their text is damaged the way saved pages are, and
when the same articles name other places and bodies.

    .venv/bin/python bench/robustness.py                 # corpus/cases3 and corpus/train
    .venv/bin/python bench/robustness.py corpus/dev

Damage (misspellings, broken lines, dropped "đồng", ...) rewrites every gold text and
keeps the gold figures (scoring matches on kind, value and value_high, not on offsets);
only figure scores are printed, since the records keep the page's (misspelt) words and
the gold attributes are spelt right. Renaming (other provinces, abbreviations spelt out,
related-news teasers appended) rewrites the text and the gold attributes alike, so the
attribute scores should not move either: a score that moves is a rule that learnt a name.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import Pipeline  # noqa: E402
from extractor.evaluate import GoldArticle, extract_gold, load_gold, score  # noqa: E402

Rewrite = Callable[[str], str]

DAMAGE: dict[str, Rewrite] = {
    "as saved": lambda t: t,
    "'lao đông' for 'lao động'": lambda t: t.replace("lao động", "lao đông"),
    "'xuất quà' for 'suất quà'": lambda t: t.replace("suất quà", "xuất quà"),
    "'tỷ'/'tỉ' without 'đồng'": lambda t: re.sub(r"(t[ỷỉ]) đồng", r"\1", t),
    "line breaks inside phrases": lambda t: t.replace("kế hoạch", "kế\n\nhoạch").replace("đoàn viên", "đoàn\nviên"),
    "non-breaking spaces": lambda t: t.replace(" ", "\u00a0"),
    "new-style tones ('hoà', 'thuỷ')": lambda t: t.replace("hòa", "hoà").replace("thủy", "thuỷ").replace("Hòa", "Hoà"),
}


def _swap(pairs: list[tuple[str, str]]) -> Rewrite:
    def f(s: str) -> str:
        for a, b in pairs:
            s = s.replace(a, b)
        return s

    return f


_TEASERS = (
    "\nTin liên quan\nLĐLĐ tỉnh Cà Mau trao 300 suất quà cho công nhân khó khăn\n"
    "Hơn 1.200 đoàn viên được khám sức khỏe miễn phí\nXem thêm\n"
    "Công đoàn ngành Y tế tổ chức 5 lớp tập huấn\n"
)

# (rewrite of text and gold strings, rewrite of the text only)
RENAME: dict[str, tuple[Rewrite, Rewrite]] = {
    "as saved": (lambda s: s, lambda t: t),
    "other provinces": (
        _swap([("Quảng Trị", "Hà Giang"), ("Bình Định", "Lạng Sơn"), ("Đồng Nai", "Sóc Trăng"),
               ("Yên Bái", "Kon Tum"), ("Nghệ An", "Thanh Hóa"), ("An Giang", "Bến Tre"),
               ("Hà Tĩnh", "Ninh Bình"), ("Hải Dương", "Phú Yên")]),
        lambda t: t,
    ),
    "'LĐLĐ' spelt out": (_swap([("LĐLĐ", "Liên đoàn Lao động")]), lambda t: t),
    "'Liên đoàn Lao động' abbreviated": (_swap([("Liên đoàn Lao động", "LĐLĐ"), ("Liên đoàn lao động", "LĐLĐ")]), lambda t: t),
    "teasers appended": (lambda s: s, lambda t: t + _TEASERS),
}


def _rewritten(gold: list[GoldArticle], f: Rewrite, text_only: Rewrite) -> list[GoldArticle]:
    out = []
    for g in gold:
        raw: dict[str, Any] = copy.deepcopy(g.raw)
        for k in ("text", "title", "province"):
            if isinstance(raw.get(k), str):
                raw[k] = f(raw[k])
        raw["text"] = text_only(raw["text"])
        for fig in raw.get("figures", []):
            for k in ("subject", "organizer", "period", "quote", "unit"):
                if isinstance(fig.get(k), str):
                    fig[k] = f(fig[k])
        g2 = copy.copy(g)
        g2.raw, g2.text, g2.figures, g2.province = raw, raw["text"], raw["figures"], raw.get("province")
        out.append(g2)
    return out


def main(argv: list[str]) -> None:
    sets = argv or ["corpus/cases3", "corpus/train"]
    pipe = Pipeline()
    print("| set | text | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|")
    for s in sets:
        gold = load_gold(ROOT / s)
        for name, f in DAMAGE.items():
            damaged = _rewritten(gold, lambda x: x, f)
            rep = score(damaged, {g.id: extract_gold(pipe, g) for g in damaged}, pipe.lexicon.abbreviations)
            p, r, f1 = rep.overall()
            print(f"| `{s}` | {name} | {p:.3f} | {r:.3f} | {f1:.3f} |")
    print()
    print("| set | text and gold | F1 | subject | organizer | period |")
    print("|---|---|---:|---:|---:|---:|")
    for s in sets:
        gold = load_gold(ROOT / s)
        for name, (f, t) in RENAME.items():
            renamed = _rewritten(gold, f, t)
            rep = score(renamed, {g.id: extract_gold(pipe, g) for g in renamed}, pipe.lexicon.abbreviations)
            a = rep.attribute_accuracy()
            print(f"| `{s}` | {name} | {rep.overall()[2]:.3f} | {a['subject'][0]:.3f} | {a['organizer'][0]:.3f} | {a['period'][0]:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
