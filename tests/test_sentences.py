"""Sentence spans (extractor/sentences.py): where sentences end, with exact offsets."""

from __future__ import annotations

from extractor.sentences import split_sentences


def _texts(text: str) -> list[str]:
    got = split_sentences(text)
    for s in got:
        assert text[s.start : s.end] == s.text  # offsets point at the page's own words
    return [s.text for s in got]


def test_sentences_end_at_a_full_stop_before_a_capital() -> None:
    assert _texts("LĐLĐ tỉnh tổ chức 21 lớp. Các lớp thu hút 2.596 lượt cán bộ.") == [
        "LĐLĐ tỉnh tổ chức 21 lớp.",
        "Các lớp thu hút 2.596 lượt cán bộ.",
    ]


def test_an_ellipsis_glued_to_the_next_sentence_ends_it() -> None:
    # saved pages lose the space after "…": the year after it opens the next sentence
    text = "còn lại quản lý phối hợp như Samsung, Canon, Vinamilk…Năm 2021, Công đoàn thành lập 134 CĐCS."
    assert _texts(text) == [
        "còn lại quản lý phối hợp như Samsung, Canon, Vinamilk…",
        "Năm 2021, Công đoàn thành lập 134 CĐCS.",
    ]
    # a capital with its marks opens a sentence as well
    assert _texts("Đoàn thăm Canon…Ông Nguyễn Văn A cho biết.") == ["Đoàn thăm Canon…", "Ông Nguyễn Văn A cho biết."]


def test_no_split_inside_abbreviations_or_before_an_acronym() -> None:
    assert _texts("Đoàn đến TP.HCM ngày 12/3...TP.HCM đón đoàn.") == ["Đoàn đến TP.HCM ngày 12/3...TP.HCM đón đoàn."]


def test_paragraphs_are_lines() -> None:
    got = split_sentences("Dòng một có 5 lớp\nDòng hai có 6 lớp")
    assert [s.paragraph for s in got] == [0, 1]
