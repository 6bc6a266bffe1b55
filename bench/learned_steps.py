"""Would a learned kind step beat the rules? Leave-one-set-out over the gold corpora.

The step chooses the kind of a figure among the kinds its unit word allows (so every
figure keeps its offsets): a logistic regression (scikit-learn, a dev dependency) over
clause features, the words before the number and after the unit and the rule's own
choice. For each gold set, the model is trained on the other sets and scored on it,
next to the rules. (The organizer step, which is shipped, has its own held-out table:
``python -m extractor.learn.organizer --heldout``.)

    python bench/learned_steps.py

The rules were tuned on these sets, so the rule column is optimistic; a model that
still loses to it is not worth shipping. Results are in the README ("Quality").
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import Pipeline  # noqa: E402
from extractor.evaluate import load_gold  # noqa: E402
from extractor.models import Figure  # noqa: E402

SETS = ["dev", "cases", "cases2", "cases3", "train"]
TOK = re.compile(r"[^\W\d_]+|\d[\d.,]*")


def kind_features(f: Figure) -> dict[str, float]:
    s0 = f.sentence_start
    pre = f.sentence[: f.start - s0]
    pre = pre[pre.rfind(";") + 1 :]
    before = [t.lower() for t in TOK.findall(pre)][-10:]
    after = [t.lower() for t in TOK.findall(f.sentence[f.end - s0 :])][:8]
    grp = f.rule.split(":")[1].split(">")[0] if f.rule.startswith("unit:") else "-"
    d: dict[str, float] = {"rule=" + f.kind: 1, "unit=" + (f.unit or "").lower(): 1, "grp=" + grp: 1}
    for i, t in enumerate(reversed(before[-3:])):
        d[f"p{i + 1}={t}"] = 1
    for i, t in enumerate(after[:3]):
        d[f"n{i + 1}={t}"] = 1
    for t in before:
        d["b=" + t] = 1
    for t in after:
        d["a=" + t] = 1
    return d


def collect(pipe: Pipeline) -> dict[str, dict[str, list[Any]]]:
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for cands in pipe.lexicon.units.values():
        for u in cands:
            groups[u.group].add(u.kind)
            groups[u.group].update(w.kind for w in u.when)
    data: dict[str, dict[str, list[Any]]] = {}
    for name in SETS:
        kinds = []
        for g in load_gold(ROOT / "corpus" / name):
            art = pipe.extract_text(g.text, g.url)
            by_value = collections.defaultdict(list)
            for gf in g.figures:
                by_value[(round(float(gf["value"]), 6), gf.get("value_high"))].append(gf["kind"])
            for f in art.figures:
                if f.rule.startswith("unit:"):
                    allowed = groups[f.rule.split(":")[1].split(">")[0]] | {"count"}
                    gk = [k for k in by_value.get((round(float(f.value), 6), f.value_high), []) if k in allowed]
                    if gk:
                        kinds.append((kind_features(f), f.kind if f.kind in gk else gk[0], f.kind, allowed))
        data[name] = {"kind": kinds}
    return data


def main() -> None:
    pipe = Pipeline()
    data = collect(pipe)
    print("| held-out set | kind: rules | kind: model |")
    print("|---|---:|---:|")
    tot = collections.Counter()
    for held in SETS:
        train = [x for s in SETS if s != held for x in data[s]["kind"]]
        v = DictVectorizer()
        m = LogisticRegression(C=1.0, max_iter=3000).fit(v.fit_transform([x[0] for x in train]), [x[1] for x in train])
        cls = list(m.classes_)
        test = data[held]["kind"]
        probs = m.predict_proba(v.transform([x[0] for x in test]))
        k_rule = sum(x[2] == x[1] for x in test)
        k_model = sum(max((p[cls.index(k)], k) for k in x[3] if k in cls)[1] == x[1] for x, p in zip(test, probs, strict=True))
        nk = len(test)
        tot.update(k_rule=k_rule, k_model=k_model, nk=nk)
        print(f"| {held} | {k_rule / nk:.3f} | {k_model / nk:.3f} |")
    print(f"| all | {tot['k_rule'] / tot['nk']:.3f} | {tot['k_model'] / tot['nk']:.3f} |")


if __name__ == "__main__":
    main()
