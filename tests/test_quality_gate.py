"""The gold corpus gates extraction quality: floors pinned in corpus/floors.toml."""

from __future__ import annotations

import tomllib

import pytest

from extractor import Pipeline
from extractor.entities import canonical_province
from extractor.evaluate import EvalReport, extract_gold, load_gold, score
from tests.conftest import ROOT

FLOORS = tomllib.loads((ROOT / "corpus" / "floors.toml").read_text("utf-8"))
SETS = FLOORS["sets"]


def _report(pipeline: Pipeline, name: str) -> tuple[EvalReport, list[str]]:
    gold = load_gold(ROOT / SETS[name]["path"])
    preds = {}
    ungrounded = []
    for g in gold:
        rec = extract_gold(pipeline, g)  # what `extractor extract` gives for the gold file
        text = rec.get("text", "")
        for f in rec["figures"]:
            if text[f["start"] : f["end"]] != f["quote"]:
                ungrounded.append(f"{g.id}: {f['quote']!r}")
        preds[g.id] = rec
    pdir = pipeline.config.patterns_dir
    rep = score(gold, preds, pipeline.lexicon.abbreviations,
                canonical_province=lambda n: canonical_province(n, patterns_dir=pdir))
    return rep, ungrounded


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_floors(nlp_pipeline: Pipeline, name: str) -> None:
    floors = SETS[name]
    rep, ungrounded = _report(nlp_pipeline, name)
    assert ungrounded == [], "figures whose quote is not text[start:end]"
    p, r, f = rep.overall()
    summary = rep.format()
    assert p >= floors["precision"], summary
    assert r >= floors["recall"], summary
    assert f >= floors["f1"], summary
    for kind, (n_gold, _, _, _, _, kf) in rep.per_kind().items():
        if n_gold >= FLOORS["min_gold"]:
            assert kf >= floors["kind_f1"], f"{kind}: F1 {kf:.3f} < {floors['kind_f1']}\n{summary}"
    for attr, (acc, n) in rep.attribute_accuracy().items():
        if attr in floors and n:
            assert acc >= floors[attr], f"{attr}: {acc:.3f} < {floors[attr]}\n{summary}"


def test_attribute_surfaces_match_across_spelling_abbreviation_and_list_words() -> None:
    from extractor.evaluate import normalise_surface

    assert normalise_surface("LĐLĐ tỉnh cùng Công đoàn Bộ Công an") == normalise_surface(
        "LĐLĐ tỉnh và Công đoàn Bộ Công an"
    )
    assert normalise_surface("Liên đoàn Lao động (LĐLĐ) tỉnh") == normalise_surface("Liên đoàn Lao động tỉnh")
    assert normalise_surface("khoá học") == normalise_surface("khóa học")
    assert normalise_surface("cùng") == "cùng"  # a word alone is not a list
