"""Every example and counter-example written in patterns/*.toml is a test case.

Example syntax: "TEXT => kind value [value_high] [qualifier]" (the figure must be
found); counter-example: "TEXT" (no figure at all) or "TEXT => kind value ..." (a
figure with exactly these fields, e.g. the qualifier stays exact).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor import Pipeline
from extractor.models import QUALIFIERS

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"


def _walk(node: Any, where: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("examples", "counter_examples") and isinstance(v, list):
                for ex in v:
                    yield where, k, ex
            else:
                yield from _walk(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            label = v.get("name", i) if isinstance(v, dict) else i
            yield from _walk(v, f"{where}[{label}]")


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for f in sorted(PATTERNS.glob("*.toml")):
        if f.stem in ("numbers", "boilerplate", "context"):
            continue  # tested in their own modules (context: tests/attributes)
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        out.extend(_walk(data, f.stem))
    return out


def _parse(expect: str) -> tuple[str, float, float | None, str]:
    parts = expect.split()
    kind, value = parts[0], float(parts[1])
    high = None
    qual = "exact"
    for p in parts[2:]:
        if p in QUALIFIERS:
            qual = p
        else:
            high = float(p)
    return kind, value, high, qual


CASES = _cases()


def test_there_are_many_pattern_examples() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize(("where", "what", "case"), CASES, ids=[f"{w}:{c[:40]}" for w, _, c in CASES])
def test_pattern_example(pipeline: Pipeline, where: str, what: str, case: str) -> None:
    text, _, expect = case.partition(" => ")
    art = pipeline.extract_text(text)
    got = [(f.kind, float(f.value), None if f.value_high is None else float(f.value_high), f.qualifier) for f in art.figures]
    for f in art.figures:
        assert art.text[f.start : f.end] == f.quote
    if expect:
        assert _parse(expect) in got, f"{where}: {text!r} gave {got}"
    else:
        assert got == [], f"{where}: counter-example {text!r} gave {got}"
