"""Train the organizer picker (``patterns/organizer_model.json``) from the gold corpora.

    python -m extractor.learn.organizer            # retrain and write the model file
    python -m extractor.learn.organizer --check    # retrain, compare with the shipped file
    python -m extractor.learn.organizer --heldout  # leave one set out: rules vs model

The gold sets are those of ``corpus/floors.toml``. Each gold file is extracted with the
rules alone (the picker switched off); for every figure that matches a gold figure and
that the picker is asked about (not one a rule answered decisively, ``Resolved.decisive``:
those count in ``--heldout`` with the rules' answer in both columns), every candidate body of :func:`extractor.attributes.picker.candidates` is one training row,
positive when it names the gold organizer (the same body, or a longer name of it; a
shorter name only when it keeps most of the gold name, so that a bare "Công đoàn" does
not count as "Công đoàn Giáo dục Việt Nam"). A logistic regression (scikit-learn,
L2, ``C`` below, no class weights) learns the feature weights; the file keeps them rounded,
and ``--check`` passes when retraining gives every weight within ``TOLERANCE``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..attributes.context import ArticleContext, Resolved
from ..attributes.picker import (
    MODEL_FILE,
    RULES_ONLY,
    Candidate,
    OrganizerModel,
    candidates,
    features,
)
from ..evaluate import _key, _same_phrase, extract_gold, load_gold, normalise_surface
from ..models import Figure
from ..pipeline import Pipeline

__all__ = ["Example", "collect", "main", "train"]

C = 0.2
ROUND = 4
TOLERANCE = 0.002  # --check: how far a retrained weight may be from the shipped one


@dataclass
class Example:
    """One matched figure: its candidates' features and labels, and the rules' answer."""

    set: str
    article: str
    key: tuple[Any, ...]
    gold: str
    texts: list[str]
    feats: list[list[str]]
    labels: list[bool]
    rule: str | None


@dataclass
class _Recorder:
    seen: list[tuple[tuple[Any, ...], list[Candidate], list[list[str]], Resolved | None]] = field(default_factory=list)

    def pick(self, fig: Figure, ctx: ArticleContext, rule: Resolved | None) -> Resolved | None:
        cands = candidates(fig, ctx, rule)
        key = _key({"kind": fig.kind, "value": fig.value, "value_high": fig.value_high})
        self.seen.append((key, cands, features(fig, ctx, cands, rule), rule))
        return rule


def names_gold(cand: str, gold: str, abbr: Mapping[str, str]) -> bool:
    """A candidate is a right answer: the gold body, or a longer name of it, or a
    shorter one that keeps most of it."""
    a, b = normalise_surface(cand, abbr), normalise_surface(gold, abbr)
    if not a or not b:
        return False
    return a == b or b in a or (a in b and len(a) >= 0.6 * len(b))


def _root() -> Path:
    return Path(__file__).resolve().parents[2]


def gold_sets(root: Path | None = None) -> dict[str, Path]:
    root = root or _root()
    floors = tomllib.loads((root / "corpus" / "floors.toml").read_text("utf-8"))
    # a set marked ``learn = false`` stays out of training: the shipped model has not seen it
    return {name: root / spec["path"] for name, spec in floors["sets"].items() if spec.get("learn", True)}


def collect(sets: Mapping[str, Path], pipe: Pipeline | None = None) -> list[Example]:
    """Rule-only extraction of every gold file, one :class:`Example` per matched figure."""
    pipe = pipe or Pipeline()
    lex = pipe.lexicon
    abbr = lex.abbreviations
    saved = {k: lex.cache.pop(k) for k in ("organizer_model", RULES_ONLY) if k in lex.cache}
    out: list[Example] = []
    try:
        for name, path in sets.items():
            for g in load_gold(path):
                rec = _Recorder()
                lex.cache["organizer_model"] = rec
                record = extract_gold(pipe, g)
                gold: dict[tuple[Any, ...], str | None] = {}
                for gf in g.figures:
                    gold.setdefault(_key(gf), gf.get("organizer"))
                done: set[tuple[Any, ...]] = set()
                for key, cands, feats, rule in rec.seen:
                    if key not in gold or key in done:
                        continue
                    done.add(key)
                    go = gold[key]
                    if not go:
                        continue
                    out.append(Example(name, g.id, key, go, [c.text for c in cands], feats,
                                       [names_gold(c.text, go, abbr) for c in cands],
                                       rule.value if rule is not None else None))
                # figures the model is not asked about (a decisive rule answered): no
                # candidates to learn from, scored by the rules' answer in --heldout
                for f in record.get("figures", []):
                    key = _key(f)
                    if key in gold and key not in done and gold[key]:
                        done.add(key)
                        out.append(Example(name, g.id, key, str(gold[key]), [], [], [], f.get("organizer")))
    finally:
        lex.cache.pop("organizer_model", None)
        lex.cache.update(saved)
    return out


def train(examples: Iterable[Example]) -> OrganizerModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows: list[dict[str, int]] = []
    ys: list[int] = []
    for ex in examples:
        if not any(ex.labels):
            continue  # no candidate names the gold body: nothing to learn about the choice
        for fs, y in zip(ex.feats, ex.labels, strict=True):
            rows.append(dict.fromkeys(fs, 1))
            ys.append(int(y))
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows)
    lr = LogisticRegression(C=C, fit_intercept=False, max_iter=2000, solver="lbfgs")
    lr.fit(x, ys)
    weights = {
        name: round(float(w), ROUND)
        for name, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)
        if round(float(w), ROUND) != 0.0
    }
    return OrganizerModel(weights, {"rows": len(ys), "positives": int(sum(ys)), "C": C})


def choose(model: OrganizerModel, ex: Example) -> str | None:
    if not ex.texts:
        return ex.rule
    scores = [model.score(fs) for fs in ex.feats]
    best = max(range(len(scores)), key=lambda j: scores[j])
    return ex.texts[best]


def heldout(examples: list[Example], abbr: Mapping[str, str]) -> list[tuple[str, int, float, float]]:
    """Leave one set out: accuracy of the rules and of a model trained on the other sets."""
    out = []
    for name in sorted({e.set for e in examples}):
        model = train(e for e in examples if e.set != name)
        test = [e for e in examples if e.set == name]
        rule = sum(_same_phrase(e.rule, e.gold, abbr) for e in test) / len(test)
        got = sum(_same_phrase(choose(model, e), e.gold, abbr) for e in test) / len(test)
        out.append((name, len(test), rule, got))
    return out


def _weight_difference(target: Path, fresh: str) -> float | None:
    """The largest difference between the shipped weights and fresh ones (a weight one
    side lacks counts as 0), None without a comparable file. Numerical libraries of other
    versions may move the last rounded digit, hence a tolerance, not equality."""
    if not target.is_file():
        return None
    try:
        old = json.loads(target.read_text("utf-8"))
    except ValueError:
        return None
    new = json.loads(fresh)
    if old.get("meta") != new.get("meta"):
        return None
    a, b = old["weights"], new["weights"]
    return max((abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in a.keys() | b.keys()), default=0.0)


def to_json(model: OrganizerModel) -> str:
    data = {"meta": model.meta, "weights": dict(sorted(model.weights.items()))}
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extractor.learn.organizer", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="retrain and compare with the shipped model file")
    ap.add_argument("--heldout", action="store_true", help="leave-one-set-out accuracy, rules vs model")
    args = ap.parse_args(argv)
    pipe = Pipeline()
    target = pipe.config.patterns_dir / MODEL_FILE
    examples = collect(gold_sets(), pipe)
    abbr = pipe.lexicon.abbreviations
    if args.heldout:
        print("| held-out set | figures | rules | model trained on the other sets |")
        print("|---|---:|---:|---:|")
        for name, n, rule, got in heldout(examples, abbr):
            print(f"| {name} | {n} | {rule:.3f} | {got:.3f} |")
        return 0
    text = to_json(train(examples))
    if args.check:
        diff = _weight_difference(target, text)
        if diff is None or diff > TOLERANCE:
            what = "missing" if diff is None else f"weights differ by up to {diff:.4f}"
            print(f"{target}: {what} against a fresh training run; retrain with python -m extractor.learn.organizer",
                  file=sys.stderr)
            return 1
        print(f"{target}: reproduced (weights within {TOLERANCE} of a fresh training run)")
        return 0
    target.write_text(text, "utf-8")
    print(f"wrote {target} ({len(json.loads(text)['weights'])} weights, {len(examples)} figures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
