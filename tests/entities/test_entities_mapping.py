"""The 2025 column of patterns/provinces.toml agrees with underthesea's mapping."""

from __future__ import annotations

import tomllib

import pytest
from entities_testdata import PATTERNS

from extractor.entities import province_2025
from extractor.textnorm import normalize_text

address = pytest.importorskip("underthesea.address")

PAIRS = [
    ("Yên Bái", "Lào Cai"),
    ("Hải Dương", "Hải Phòng"),
    ("Bình Dương", "TP Hồ Chí Minh"),
    ("Long An", "Tây Ninh"),
    ("Thái Bình", "Hưng Yên"),
    ("Quảng Nam", "Đà Nẵng"),
    ("Hà Nội", "Hà Nội"),
    ("Hà Giang", "Tuyên Quang"),
    ("Bắc Kạn", "Thái Nguyên"),
    ("Hòa Bình", "Phú Thọ"),
    ("Bắc Giang", "Bắc Ninh"),
    ("Nam Định", "Ninh Bình"),
    ("Kon Tum", "Quảng Ngãi"),
    ("Bình Định", "Gia Lai"),
    ("Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh"),
    ("Bạc Liêu", "Cà Mau"),
    ("Kiên Giang", "An Giang"),
]


def _short(official: str) -> str:
    name = normalize_text(official)
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return "TP Hồ Chí Minh" if name == "Hồ Chí Minh" else name


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_known_pairs(old: str, new: str) -> None:
    assert province_2025(old, patterns_dir=PATTERNS) == new


def test_every_province_agrees_with_underthesea() -> None:
    rows = tomllib.loads((PATTERNS / "provinces.toml").read_text(encoding="utf-8"))["province"]
    assert len(rows) == 63
    assert len({r["name_2025"] for r in rows}) == 34
    for row in rows:
        result = address.convert_address(row["official"])
        assert result.converted, row["official"]
        assert _short(result.converted) == row["name_2025"], row["name"]
