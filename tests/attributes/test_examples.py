"""The attribute examples written in patterns/context.toml (``[[example]]`` articles and
``[[period.rule]]`` examples) are test cases."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from extractor import Pipeline
from extractor.attributes import ArticleMeta, resolve_attributes
from extractor.attributes.periods import period_mentions
from extractor.figures import find_figures
from extractor.lexicon import Lexicon
from extractor.sentences import split_sentences

CONTEXT = tomllib.loads((Path(__file__).resolve().parents[2] / "patterns" / "context.toml").read_text("utf-8"))
ARTICLES: list[dict[str, Any]] = CONTEXT["example"]
PERIODS: list[tuple[str, str, str]] = [
    (r["name"], kind, ex)
    for r in CONTEXT["period"]["rule"]
    for kind in ("examples", "counter_examples")
    for ex in r.get(kind, [])
]


def test_there_are_attribute_examples() -> None:
    assert len(ARTICLES) >= 10
    assert len(PERIODS) >= 30


@pytest.mark.parametrize(("rule", "what", "case"), PERIODS, ids=[f"{r}:{c[:40]}" for r, _, c in PERIODS])
def test_period_rule_example(pipeline: Pipeline, rule: str, what: str, case: str) -> None:
    text, _, expect = case.partition(" => ")
    published = None
    if " | published " in expect:
        expect, _, pub = expect.partition(" | published ")
        published = date.fromisoformat(pub.strip())
    got = period_mentions(text, 0, pipeline.lexicon, published)
    if what == "counter_examples":
        assert [m for m in got if m.kind == rule] == [], f"{rule}: {text!r} gave {got}"
        return
    assert got, f"{rule}: {text!r} names no period"
    years = got[0].years
    want = expect.strip()
    if want == "-":
        assert years is None, got
    else:
        lo, _, hi = want.partition("-")
        assert years == (int(lo), int(hi or lo)), f"{rule}: {text!r} gave {got}"


def _figures(lex: Lexicon, ex: dict[str, Any]) -> list[Any]:
    meta = ArticleMeta(title=ex.get("title"), published=ex.get("published"))
    return find_figures(ex["text"], lex, meta)


@pytest.mark.parametrize("ex", ARTICLES, ids=[e["text"][:40] for e in ARTICLES])
def test_attribute_example(pipeline: Pipeline, ex: dict[str, Any]) -> None:
    figs = _figures(pipeline.lexicon, ex)
    for want in ex["figures"]:
        found = [f for f in figs if f.kind == want["kind"] and float(f.value) == float(want["value"])]
        assert found, f"no {want['kind']} {want['value']} in {[(f.kind, f.value) for f in figs]}"
        f = found[0]
        got: dict[str, Any] = {
            "period": f.period.text if f.period else "-",
            "period_source": f.period_source,
            "period_start": f.period.start if f.period and f.period.start is not None else "-",
            "period_end": f.period.end if f.period and f.period.end is not None else "-",
            "organizer": f.organizer or "-",
            "organizer_source": f.organizer_source,
            "subject": f.subject or "-",
            "parent": figs[f.parent].value if f.parent is not None else "-",
        }
        for key, value in want.items():
            if key in ("kind", "value"):
                continue
            assert got[key] == value, f"{want['kind']} {want['value']}: {key} = {got[key]!r}, want {value!r}"


def test_resolve_attributes_is_the_one_entry_point(pipeline: Pipeline) -> None:
    text = "Năm 2023, LĐLĐ tỉnh trao 50 suất quà."
    sents = split_sentences(text)
    figs = find_figures(text, pipeline.lexicon)
    for f in figs:  # clear and resolve again: same answers
        f.period, f.organizer, f.organizer_source = None, None, "none"
    resolve_attributes(text, figs, sents, pipeline.lexicon)
    assert figs[0].period is not None and figs[0].period.start == 2023
    assert figs[0].organizer == "LĐLĐ tỉnh"


def test_period_rule_needs_are_spelt_by_the_rule() -> None:
    """`needs` is a substring test before the regex: each entry is lower case and written
    in the regex as it is (a space in it only where the regex has a literal space, never
    across a `\\s+`, which also matches a line break)."""
    for r in CONTEXT["period"]["rule"]:
        for w in r.get("needs", []):
            assert w == w.lower() and w in r["regex"].lower(), (r["name"], w)


def test_a_period_split_by_a_line_break_is_still_found(pipeline: Pipeline) -> None:
    for text, years in (("Trong năm\n\nnay, LĐLĐ tỉnh", (2025, 2025)), ("Từ đầu\n\nnăm đến nay", (2025, 2025)),
                        ("Trong năm\n\nqua", (2025, 2025))):
        got = period_mentions(text, 0, pipeline.lexicon, date(2025, 6, 1))
        assert got and got[0].years == years, (text, got)
