"""The learned organizer choice: candidates are the rules' spans, picks keep exact
offsets, the shipped model is what retraining gives, and without it the rules stand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor import Config, Pipeline
from extractor.attributes import ArticleContext, ArticleMeta, Resolved, resolve_organizer
from extractor.attributes.picker import (
    MODEL_FILE,
    RULES_ONLY,
    OrganizerModel,
    candidates,
    features,
    organizer_model,
)
from extractor.config import NlpConfig
from extractor.evaluate import load_gold
from extractor.figures import find_figures
from extractor.learn import organizer as learn
from extractor.models import ORGANIZER_SOURCES, Figure
from extractor.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]


def _ctx(pipeline: Pipeline, text: str, title: str | None = None) -> tuple[ArticleContext, list[Figure]]:
    lex = pipeline.lexicon
    meta = ArticleMeta(title=title)
    figs = find_figures(text, lex, meta)
    return ArticleContext(text, split_sentences(text, lex.no_split), lex, meta), figs


def test_candidates_are_the_names_around_the_figure_with_the_rules_answer_marked(pipeline: Pipeline) -> None:
    text = (
        "LĐLĐ tỉnh Nghệ An tổ chức chương trình Tết sum vầy.\n"
        "Đại hội Công đoàn tỉnh đã diễn ra. Tại buổi lễ, Công ty May Việt Tiến trao 300 suất quà cho CĐCS Công ty A."
    )
    ctx, figs = _ctx(pipeline, text, title="LĐLĐ tỉnh Nghệ An chăm lo Tết")
    fig = next(f for f in figs if f.value == 300)
    rule = resolve_organizer(fig, ctx)
    got = candidates(fig, ctx, rule)
    texts = [c.text for c in got]
    assert "Đại hội" not in texts  # an event is never a candidate
    assert "Công ty May Việt Tiến" in texts and "CĐCS Công ty A" in texts
    assert got[0].span is None and got[0].sentence == -1  # the title's name, no span in the body
    assert rule is not None and [c.text for c in got if c.is_rule] == [rule.value]
    for c in got:
        if c.span is not None:
            assert text[c.span[0] : c.span[1]] == c.text
    feats = features(fig, ctx, got, rule)
    assert len(feats) == len(got) and all("bias" in f for f in feats)


def test_every_picked_organizer_is_a_span_of_the_article_or_the_title(pipeline: Pipeline) -> None:
    assert organizer_model(pipeline.lexicon) is not None  # the shipped model is on by default
    seen = 0
    for g in load_gold(ROOT / "corpus" / "cases3"):
        art = pipeline.extract_text(g.text, g.url)
        for f in art.figures:
            assert f.organizer_source in ORGANIZER_SOURCES
            if f.organizer is None:
                continue
            span = f.spans.get("organizer")
            if span is not None:
                assert art.text[span[0] : span[1]] == f.organizer
                seen += 1
            else:
                assert f.organizer in (art.title or ""), f.organizer
    assert seen > 100


def test_without_the_model_file_the_rules_answer_stands(tmp_path: Path) -> None:
    """A patterns directory without the model gives exactly what the rules give."""
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    (patterns / MODEL_FILE).unlink()
    plain = Pipeline(Config(patterns_dir=patterns, nlp=NlpConfig(enabled=False)))
    assert organizer_model(plain.lexicon) is None
    shipped = Pipeline(Config(nlp=NlpConfig(enabled=False)))
    lex = shipped.lexicon
    differs = 0
    try:
        for g in load_gold(ROOT / "corpus" / "train"):
            lex.cache.pop(RULES_ONLY, None)
            learned = [(f.kind, f.value, f.organizer) for f in shipped.extract_text(g.text, g.url).figures]
            lex.cache[RULES_ONLY] = True
            rules = [(f.kind, f.value, f.organizer) for f in shipped.extract_text(g.text, g.url).figures]
            assert [(f.kind, f.value, f.organizer) for f in plain.extract_text(g.text, g.url).figures] == rules, g.id
            differs += learned != rules
    finally:
        lex.cache.pop(RULES_ONLY, None)
    assert differs > 0  # and the model does change some answers


def test_the_memoised_pick_is_the_best_scored_candidate(pipeline: Pipeline) -> None:
    model = organizer_model(pipeline.lexicon)
    assert isinstance(model, OrganizerModel)
    checked = 0
    for g in load_gold(ROOT / "corpus" / "cases3")[:20]:
        ctx, figs = _ctx(pipeline, g.text)
        for fig in figs:
            rule = resolve_organizer(fig, ctx)
            cands = candidates(fig, ctx, rule)
            if len(cands) < 2:
                continue
            scores = [model.score(fs) for fs in features(fig, ctx, cands, rule)]
            best = cands[max(range(len(cands)), key=lambda j: scores[j])]
            got = model.pick(fig, ctx, rule)
            want = rule if best.is_rule else best.text
            assert (got.value if got is not None else None) == (want.value if hasattr(want, "value") else want)
            checked += 1
    assert checked > 20


def test_the_model_scores_a_dot_product_of_its_weights() -> None:
    m = OrganizerModel.from_json({"weights": {"bias": -1.0, "acting": 2.0}})
    assert m.score(["bias", "acting"]) == pytest.approx(1 / (1 + 2.718281828459045 ** -1.0))
    assert m.score(["bias", "unknown"]) < 0.5


def test_retraining_reproduces_the_shipped_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert learn.main(["--check"]) == 0, capsys.readouterr().err
    data = json.loads((ROOT / "patterns" / MODEL_FILE).read_text("utf-8"))
    assert data["meta"]["C"] == learn.C and len(data["weights"]) > 100


def test_held_out_sets_lose_nothing_to_the_model() -> None:
    """Leave one gold set out, train on the others: the model's choice on the held-out
    set is at least as often right as the rules' (the README's table)."""
    pipe = Pipeline()
    examples = learn.collect(learn.gold_sets(), pipe)
    rows = learn.heldout(examples, pipe.lexicon.abbreviations)
    assert len(rows) == 5
    for name, n, rule, got in rows:
        assert got >= rule, (name, n, rule, got)
    total = sum(n for _, n, _, _ in rows)
    assert sum(n * g for _, n, _, g in rows) / total > sum(n * r for _, n, r, _ in rows) / total


def test_a_decisive_answer_is_not_put_to_the_model() -> None:
    """A congress's term is read off its words: the picker is asked about the other
    figures, never about it, and its organizer is the congress's body."""
    pipe = Pipeline(Config(nlp=NlpConfig(enabled=False)))
    asked: list[str] = []

    class Recorder:
        def pick(self, fig: Figure, ctx: ArticleContext, rule: Resolved | None) -> Resolved | None:
            asked.append(fig.kind)
            return rule

    lex = pipe.lexicon  # (the lexicon is shared by the process: its model is put back)
    saved = lex.cache.get("organizer_model")
    lex.cache["organizer_model"] = Recorder()
    text = (
        "Chiều 12/9/2023, Tổng Liên đoàn Lao động Việt Nam duyệt hồ sơ Đại hội Công đoàn tỉnh "
        "Tuyên Quang lần thứ XVII, nhiệm kỳ 2023 - 2028. Dịp này, LĐLĐ tỉnh trao 200 suất quà."
    )
    try:
        figs = {f.kind: f for f in pipe.extract_text(text, "http://x/a").figures}
    finally:
        if saved is None:
            lex.cache.pop("organizer_model", None)
        else:
            lex.cache["organizer_model"] = saved
    assert figs["term"].organizer == "Công đoàn tỉnh Tuyên Quang"
    assert "term" not in asked and "count" in asked
