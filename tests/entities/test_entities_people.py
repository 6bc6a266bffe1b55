from __future__ import annotations

from typing import Any

import pytest
from entities_testdata import PATTERNS, SEEDS, dev_articles

from extractor.entities import find_people
from extractor.models import Person
from extractor.textnorm import normalize_text

DEV = {a["id"]: a for a in dev_articles()}


def _people(text: str) -> list[tuple[str, str | None]]:
    text = normalize_text(text)
    found = find_people(text, patterns_dir=PATTERNS)
    for p in found:
        assert text[p.start : p.end] == p.name
    return [(p.name, p.role) for p in found]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Ông Nguyễn Chương Phát - Chủ tịch LĐLĐ tỉnh cho biết: lớp học đạt kết quả tốt.",
            [("Nguyễn Chương Phát", "Chủ tịch LĐLĐ tỉnh")],
        ),
        (
            "Chủ tịch Liên đoàn Lao động tỉnh Hà Đức Quảng trao biểu trưng kinh phí.",
            [("Hà Đức Quảng", "Chủ tịch Liên đoàn Lao động tỉnh")],
        ),
        (
            "Phó Chủ tịch LĐLĐ TP Nguyễn Chính Hữu trao Cờ thi đua.",
            [("Nguyễn Chính Hữu", "Phó Chủ tịch LĐLĐ TP")],
        ),
        (
            "Theo bà Đỗ Hồng Vân, Phó trưởng ban Quan hệ lao động, Tổng Liên đoàn Lao động "
            "Việt Nam, việc chăm lo đời sống là nhiệm vụ trọng tâm.",
            [
                (
                    "Đỗ Hồng Vân",
                    "Phó trưởng ban Quan hệ lao động, Tổng Liên đoàn Lao động Việt Nam",
                )
            ],
        ),
        (
            "Đại hội bầu đồng chí Nguyễn Mạnh Cường - Phó Chánh Văn phòng giữ chức Chủ tịch.",
            [("Nguyễn Mạnh Cường", "Phó Chánh Văn phòng")],
        ),
        (
            "Ông Huỳnh Văn Tuấn, Trưởng Ban Tuyên giáo LĐLĐ TP HCM, cho biết đã có 171.619 lượt.",
            [("Huỳnh Văn Tuấn", "Trưởng Ban Tuyên giáo LĐLĐ TP HCM")],
        ),
        (
            "Chủ tịch LĐLĐ tỉnh Long An – ông Nguyễn Văn Quí – cho biết ngày hội kéo dài 9 ngày.",
            [("Nguyễn Văn Quí", "Chủ tịch LĐLĐ tỉnh Long An")],
        ),
        (
            "Anh Hồ Văn Rê có hoàn cảnh gia đình khó khăn.",
            [("Hồ Văn Rê", None)],
        ),
        (
            "Bài hát của nhạc sĩ Lê Tú Anh được chọn.",
            [("Lê Tú Anh", "nhạc sĩ")],
        ),
    ],
)
def test_roles(text: str, want: list[tuple[str, str | None]]) -> None:
    assert _people(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "LĐLĐ TP Hà Nội tổ chức 2 lớp tập huấn cho 162 học viên.",
        "Học viên học tư tưởng Hồ Chí Minh, nhận học bổng Tôn Đức Thắng.",
        "Lớp học tại Trường THPT Lê Quý Đôn, đường Trần Hưng Đạo.",
        "Đoàn Thanh niên phối hợp tổ chức; Cao Bằng, Lâm Đồng và Hà Nam tham gia.",
        "Chương trình Nghĩa tình Hoàng Sa, Trường Sa chi 25 tỷ đồng.",
        "Lớp học trong nhà máy\n\nLê Tuyết |\n\nDuy trì hơn 10 năm nay, 33 lớp học được mở.",
        "Lớp học kết thúc tốt đẹp.\n\nThu Hiền",
        "Lớp học kết thúc tốt đẹp. Ảnh: Nguyễn Văn Hùng",
    ],
)
def test_not_people(text: str) -> None:
    assert _people(text) == []


def test_same_name_once_and_later_role_fills_in() -> None:
    text = (
        "Ông Trần Văn Lâm phát biểu tại hội nghị. Sau đó, Trần Văn Lâm - Giám đốc "
        "Công ty cho biết sẽ tăng lương. Trần Văn Lâm - Chủ tịch CĐCS nhất trí."
    )
    found = find_people(normalize_text(text), patterns_dir=PATTERNS)
    assert found == [Person("Trần Văn Lâm", "Giám đốc Công ty", 4, 16)]


def test_glued_line_break_splits_name_and_role() -> None:
    assert _people("Nguyễn Chính HữuPhó Chủ tịch LĐLĐ thành phố Hà Nội") == [
        ("Nguyễn Chính Hữu", "Phó Chủ tịch LĐLĐ thành phố Hà Nội")
    ]


def test_academic_degree_between_name_and_role() -> None:
    got = _people("Bùi Văn Cường TS, Ủy viên Trung ương Đảng, Chủ tịch Tổng LĐLĐ Việt Nam")
    assert got == [("Bùi Văn Cường", "Ủy viên Trung ương Đảng, Chủ tịch Tổng LĐLĐ Việt Nam")]


def _dev(aid: str) -> dict[str, Any]:
    if aid not in DEV:
        pytest.skip("shared/eval/dev not available")
    return DEV[aid]


@pytest.mark.parametrize(
    ("aid", "want"),
    [
        ("seed-yenbai-2024", ("Nguyễn Chương Phát", "Chủ tịch LĐLĐ tỉnh")),
        ("seed-hanoi-2019", ("Nguyễn Chính Hữu", "Phó Chủ tịch LĐLĐ TP")),
        ("022", ("Hà Đức Quảng", "Chủ tịch Liên đoàn Lao động tỉnh")),
        (
            "030",
            ("Đỗ Hồng Vân", "Phó trưởng ban Quan hệ lao động, Tổng Liên đoàn Lao động Việt Nam"),
        ),
        ("050", ("Huỳnh Văn Tuấn", "Trưởng Ban Tuyên giáo LĐLĐ TP HCM")),
        ("026", ("Nguyễn Mạnh Cường", "Phó Chánh Văn phòng")),
        ("034", ("Nguyễn Văn Quí", "Chủ tịch LĐLĐ tỉnh Long An")),
    ],
)
def test_dev_people(aid: str, want: tuple[str, str]) -> None:
    assert want in _people(_dev(aid)["text"])


def test_dev_bylines_are_not_people() -> None:
    names = {n for a in DEV.values() for n, _ in _people(a["text"])}
    if not DEV:
        pytest.skip("shared/eval/dev not available")
    assert not names & {"Thu Hiền", "Lê Tuyết", "Quốc Hải", "Đặng Anh", "Hoàng Sa"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not available")
def test_seed_texts() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8"))
        for p in find_people(text, patterns_dir=PATTERNS):
            assert text[p.start : p.end] == p.name
            assert 2 <= len(p.name.split()) <= 4
