"""Period mentions (extractor/attributes/periods.py): what each names and which years."""

from __future__ import annotations

from datetime import date

from extractor.attributes.periods import period_mentions
from extractor.lexicon import Lexicon


def _mentions(text: str, lexicon: Lexicon) -> list[tuple[str, str, tuple[int, int] | None]]:
    return [(m.text, m.kind, m.years) for m in period_mentions(text, 0, lexicon, date(2022, 10, 1))]


def test_two_periods_joined_by_va_are_one_over_both(lexicon: Lexicon) -> None:
    assert _mentions("Năm 2021 và 9 tháng đầu năm 2022, Công đoàn thành lập 134 CĐCS.", lexicon) == [
        ("Năm 2021 và 9 tháng đầu năm 2022", "joined", (2021, 2022))
    ]


def test_terms_are_never_joined(lexicon: Lexicon) -> None:
    got = _mentions("Khen thưởng trong nhiệm kỳ 2018-2023 và nhiệm kỳ 2023-2028.", lexicon)
    assert [(t, y) for t, _, y in got] == [("nhiệm kỳ 2018-2023", (2018, 2023)), ("nhiệm kỳ 2023-2028", (2023, 2028))]


def test_periods_apart_stay_apart(lexicon: Lexicon) -> None:
    got = _mentions("Năm 2021, LĐLĐ tỉnh kết nạp 300 đoàn viên; năm 2022 kết nạp 400 đoàn viên.", lexicon)
    assert [y for _, _, y in got] == [(2021, 2021), (2022, 2022)]


def test_two_dates_joined_stay_dates(lexicon: Lexicon) -> None:
    # (so a named period of the lead, "Tết 2025", still comes before them)
    assert _mentions("Ngày 20/1/2025 và 21/1/2025, LĐLĐ tỉnh tặng 300 suất quà.", lexicon) == [
        ("20/1/2025 và 21/1/2025", "date", (2025, 2025))
    ]
