from __future__ import annotations

import unicodedata

import pytest

from extractor import Pipeline
from extractor.textnorm import (
    decode_bytes,
    fold_diacritics,
    looks_binary,
    normalize_text,
    normalize_tones,
    repair_mojibake,
)

SENT = "Năm 2024, Liên đoàn Lao động tỉnh tổ chức 21 lớp tập huấn, bồi dưỡng cho 2.596 lượt cán bộ, đoàn viên; khoảng 15 lớp hòa giải."


def _figs(p: Pipeline, text: str) -> list[tuple[str, float, str]]:
    art = p.extract_text(text)
    for f in art.figures:
        assert art.text[f.start : f.end] == f.quote
    return [(f.kind, f.value, f.quote) for f in art.figures]


@pytest.mark.parametrize(
    "variant",
    [
        unicodedata.normalize("NFD", SENT),
        SENT.replace(" ", "\u00a0"),
        SENT.replace("lớp", "l\u200bớp").replace("2.596", "2.\u200b596"),
        SENT.replace("hòa", "hoà"),
        SENT.replace(" ", "  ").replace(",", " ,", 1),
        SENT.replace("\n", "\r\n"),
        "\ufeff" + SENT,
    ],
    ids=["nfd", "nbsp", "zero-width", "new-tone", "double-space", "crlf", "bom"],
)
def test_unicode_variants_give_same_figures(pipeline: Pipeline, variant: str) -> None:
    base = [(k, v) for k, v, _ in _figs(pipeline, SENT)]
    assert base and ("attendances", 2596) in base
    assert [(k, v) for k, v, _ in _figs(pipeline, variant)] == base


@pytest.mark.parametrize(
    ("new", "old"),
    [("hoà", "hòa"), ("khoá", "khóa"), ("thuỷ", "thủy"), ("Hoà Bình", "Hòa Bình"), ("uỷ ban", "ủy ban"), ("khoẻ", "khỏe")],
)
def test_tone_placement_is_normalised_for_matching_only(new: str, old: str) -> None:
    assert normalize_tones(new) == old and len(normalize_tones(new)) == len(new)
    assert normalize_tones(old) == old
    assert normalize_text(new) == new  # stored text keeps the page's own placement


@pytest.mark.parametrize("word", ["hoàng", "toán", "quý", "quỳnh", "thuyền", "Nguyễn"])
def test_tone_placement_leaves_closed_syllables_alone(word: str) -> None:
    assert normalize_tones(word) == word


def test_normalize_is_idempotent() -> None:
    messy = unicodedata.normalize("NFD", "  Hoà\u00a0 bình \r\n\n\n\nkhoá\u200b XI  ")
    once = normalize_text(messy)
    assert normalize_text(once) == once == "Hoà bình\n\nkhoá XI"


def test_fold_and_binary_and_decode() -> None:
    assert fold_diacritics("Đoàn Viên") == "doan vien"
    assert looks_binary(b"\x00\x01\x02PNG") and not looks_binary("Công đoàn".encode())
    assert decode_bytes("Công đoàn".encode("utf-16"))[0] == "Công đoàn"
    assert decode_bytes("Công đoàn".encode("cp1258"), "windows-1258")[0] == "Công đoàn"


def test_mojibake_repaired() -> None:
    broken = "Công đoàn tổ chức".encode().decode("cp1252", errors="replace")
    fixed, did = repair_mojibake(broken)
    assert did and fixed == "Công đoàn tổ chức"


def test_line_breaks_inside_a_phrase_read_as_spaces_for_matching() -> None:
    from extractor.textnorm import join_broken_lines

    assert join_broken_lines("đạt 120% kế\n\nhoạch") == "đạt 120% kế  hoạch"
    assert join_broken_lines("Hơn 200 đoàn\nviên công đoàn") == "Hơn 200 đoàn viên công đoàn"
    # a new paragraph starts with a capital, a number or punctuation: it stays
    for text in ("Hội nghị kết thúc.\nỦy ban kiểm tra", "hoạt động\n- công nhân", "năm 2024\n12 lớp"):
        assert join_broken_lines(text) == text
    s = "a\nb\n\nC d\ne"
    assert len(join_broken_lines(s)) == len(s)


def test_a_broken_unit_phrase_is_still_its_unit(pipeline: Pipeline) -> None:
    art = pipeline.extract_text("Hơn 200 đoàn\nviên công đoàn đến từ 18 công đoàn cơ sở tham gia hội thi.")
    fig = next(f for f in art.figures if f.value == 200)
    assert fig.kind == "participants" and art.text[fig.start : fig.end] == fig.quote
