from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

import pytest

from extractor.figures.numbers import clean_value, parse_digits, parse_number_at
from extractor.lexicon import Lexicon

NUMBERS = tomllib.loads((Path(__file__).resolve().parents[2] / "patterns" / "numbers.toml").read_text("utf-8"))


@pytest.mark.parametrize("case", NUMBERS["examples"])
def test_numbers_toml_examples(lexicon: Lexicon, case: str) -> None:
    text, _, expect = case.partition(" => ")
    # skip a leading qualifier word ("hơn 80 nghìn")
    pos = next(i for i, ch in enumerate(text) if ch.isdigit() or ch in "½¼¾" or text[i:].startswith(("hai", "mười", "một", "ba")))
    m = parse_number_at(text, pos, lexicon)
    assert m is not None
    assert clean_value(m.value) == pytest.approx(float(expect))


@pytest.mark.parametrize(
    ("raw", "decimal", "value"),
    [("2.596", False, 2596), ("4,5", False, 4.5), ("1,200", False, 1200), ("1,200", True, 1.2), ("3.052,6", False, 3052.6)],
)
def test_parse_digits(raw: str, decimal: bool, value: float) -> None:
    assert parse_digits(raw, decimal_comma=decimal) == pytest.approx(value)


def test_clean_value_keeps_ints_as_ints() -> None:
    assert clean_value(2596.0) == 2596 and isinstance(clean_value(2596.0), int)
    assert clean_value(4.5) == 4.5


def test_word_number_stops_at_second_digit_word(lexicon: Lexicon) -> None:
    m = parse_number_at("Năm năm qua", 0, lexicon)
    assert m is not None and m.value == 5 and m.end == 3


def test_word_right_after_a_digit_number_is_its_unit(lexicon: Lexicon) -> None:
    text = "kỷ niệm 95 năm Ngày thành lập; danh hiệu 5 năm cấp cơ sở"
    for word in ("năm Ngày", "năm cấp"):
        assert parse_number_at(text, text.index(word), lexicon) is None
    assert parse_number_at("trong năm năm qua", 6, lexicon) is not None


def test_word_numbers_read_as_far_as_they_go(lexicon: Lexicon) -> None:
    """The word scan stops after the second word when no number goes on with it: the
    same value and end as reading eight words."""
    from extractor.figures.numbers import _parse_words

    rng = random.Random(4)
    vocab = [*lexicon.digits, *lexicon.multipliers, *lexicon.after_tens, "mười", "mươi", "trăm", "lăm",
             "linh", "lẻ", "không", "người", "năm", "lớp", "Hai", "BA", "đồng"]  # fmt: skip
    for _ in range(3_000):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 9))]
        text = " ".join(words) + rng.choice(["", ".", " x"])
        got = parse_number_at(text, 0, lexicon)
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\W\d_]+", text)][:8]
        ref = _parse_words([text[a:b] for a, b in spans], lexicon)
        if ref is None:
            assert got is None, text
        else:
            assert got is not None and (got.value, got.end) == (ref[0], spans[ref[1] - 1][1]), text
