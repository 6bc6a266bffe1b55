"""Would a learned step beat the rules? Leave-one-set-out over the gold corpora.

Two candidate steps, both choosing among rule candidates so every figure keeps its
offsets: (1) the kind of a figure among the kinds its unit word allows, (2) the
organizer among the organisation names of the article. Each is a logistic regression
(scikit-learn, a dev dependency) over clause features: words before the number and
after the unit, the rule's own choice, where the name stands (clause, sentence,
paragraph, lead, title), whether a verb follows it, its head word. For each gold set,
the model is trained on the other sets and scored on it, next to the rules.

    python bench/learned_steps.py            # prints one table per step

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
from extractor.attributes import ArticleContext, ArticleMeta  # noqa: E402
from extractor.evaluate import _same_phrase, load_gold  # noqa: E402
from extractor.models import Figure  # noqa: E402
from extractor.sentences import split_sentences  # noqa: E402

SETS = ["dev", "cases", "cases2", "cases3", "train"]
TOK = re.compile(r"[^\W\d_]+|\d[\d.,]*")
GENERIC = re.compile(r"(?i)^(các cấp|công đoàn cơ sở|công đoàn cấp trên|công đoàn ngành|CĐCS|Ban tổ chức|BTC)")


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


def org_candidates(pipe: Pipeline, text: str, title: str | None, published: str | None, figs: list[Figure]):
    lex = pipe.lexicon
    sents = split_sentences(text, lex.no_split)
    ctx = ArticleContext(text, sents, lex, ArticleMeta(title, published))
    mentions = [(i, m) for i in range(len(sents)) for m in ctx.orgs(i) if m.kind != "event"]
    counts = collections.Counter(m.text.lower() for _, m in mentions)
    for f in figs:
        fi = ctx.sentence_of(f)
        c0, c1 = ctx.clause(f)
        out = []
        for i, m in mentions:
            if m.start < f.end and f.start < m.end:
                continue
            if i == fi:
                where = ("clause" if c0 <= m.start and m.end <= c1 else "sent") + ("_before" if m.end <= f.start else "_after")
            else:
                same = sents[i].paragraph == sents[fi].paragraph
                where = ("para" if same else "lead" if i in ctx.lead else "other") + ("_before" if i < fi else "_after")
            d: dict[str, float] = {"pos=" + where: 1, "kind=" + (m.kind or "plain"): 1,
                                   "head=" + " ".join(m.text.split()[:2]).lower(): 1,
                                   f"count={min(3, counts[m.text.lower()])}": 1, "fkind=" + f.kind: 1}
            if m.acting:
                d["acting"] = 1
                d["acting_" + where] = 1
            if GENERIC.match(m.text):
                d["generic"] = 1
            if (m.start, m.end) == tuple(f.spans.get("organizer", (-1, -1))):
                d["rule_choice"] = 1
            out.append((m.text, d))
        yield f, out


def collect(pipe: Pipeline) -> dict[str, dict[str, list[Any]]]:
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for cands in pipe.lexicon.units.values():
        for u in cands:
            groups[u.group].add(u.kind)
            groups[u.group].update(w.kind for w in u.when)
    data: dict[str, dict[str, list[Any]]] = {}
    for name in SETS:
        kinds, orgs = [], []
        for g in load_gold(ROOT / "corpus" / name):
            art = pipe.extract_text(g.text, g.url)
            by_value = collections.defaultdict(list)
            by_key = {}
            for gf in g.figures:
                by_value[(round(float(gf["value"]), 6), gf.get("value_high"))].append(gf["kind"])
                by_key[(gf["kind"], round(float(gf["value"]), 6), gf.get("value_high"))] = gf
            for f in art.figures:
                if f.rule.startswith("unit:"):
                    allowed = groups[f.rule.split(":")[1].split(">")[0]] | {"count"}
                    gk = [k for k in by_value.get((round(float(f.value), 6), f.value_high), []) if k in allowed]
                    if gk:
                        kinds.append((kind_features(f), f.kind if f.kind in gk else gk[0], f.kind, allowed))
            for f, cands in org_candidates(pipe, art.text, art.title, art.published, art.figures):
                gf = by_key.get((f.kind, round(float(f.value), 6), f.value_high))
                if gf is not None:
                    orgs.append((cands, gf.get("organizer"), f.organizer))
        data[name] = {"kind": kinds, "org": orgs}
    return data


def main() -> None:
    pipe = Pipeline()
    abbr = pipe.lexicon.abbreviations
    data = collect(pipe)
    print("| held-out set | kind: rules | kind: model | organizer: rules | organizer: model |")
    print("|---|---:|---:|---:|---:|")
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
        otrain = [(d, int(bool(gold) and _same_phrase(t, gold, abbr))) for s in SETS if s != held
                  for cands, gold, _ in data[s]["org"] for t, d in cands]
        ov = DictVectorizer()
        om = LogisticRegression(C=1.0, max_iter=3000).fit(ov.fit_transform([d for d, _ in otrain]), [y for _, y in otrain])
        o_rule = o_model = 0
        for cands, gold, rule_pick in data[held]["org"]:
            o_rule += _same_phrase(rule_pick, gold, abbr)
            pick = None
            if cands:
                p = om.predict_proba(ov.transform([d for _, d in cands]))[:, 1]
                best = int(p.argmax())
                pick = cands[best][0] if p[best] > 0.15 else None
            o_model += _same_phrase(pick, gold, abbr)
        nk, no = len(test), len(data[held]["org"])
        tot.update(k_rule=k_rule, k_model=k_model, nk=nk, o_rule=o_rule, o_model=o_model, no=no)
        print(f"| {held} | {k_rule / nk:.3f} | {k_model / nk:.3f} | {o_rule / no:.3f} | {o_model / no:.3f} |")
    print(f"| all | {tot['k_rule'] / tot['nk']:.3f} | {tot['k_model'] / tot['nk']:.3f} | "
          f"{tot['o_rule'] / tot['no']:.3f} | {tot['o_model'] / tot['no']:.3f} |")


if __name__ == "__main__":
    main()
