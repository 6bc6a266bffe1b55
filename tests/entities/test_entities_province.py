from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from entities_testdata import PATTERNS, SEEDS, dev_articles

from extractor.entities import (
    ProvinceMatch,
    canonical_province,
    find_province,
    find_province_mentions,
    province_2025,
)
from extractor.textnorm import normalize_text

DEV = dev_articles()


def _find(text: str, **kw: Any) -> ProvinceMatch | None:
    return find_province(normalize_text(text), patterns_dir=PATTERNS, **kw)


def _name(text: str, **kw: Any) -> str | None:
    m = _find(text, **kw)
    return m.province if m else None


# --- dev gold ---------------------------------------------------------------------


@pytest.mark.skipif(not DEV, reason="shared/eval/dev not available")
@pytest.mark.parametrize("art", DEV, ids=[a["id"] for a in DEV])
def test_dev_gold_province(art: dict[str, Any]) -> None:
    text = normalize_text(art["text"])
    title = normalize_text(art["title"]) if art.get("title") else None
    got = find_province(
        text, title=title, site=art.get("outlet"), url=art.get("url"), patterns_dir=PATTERNS
    )
    if art["province"] is None:
        # national articles: nothing clearly dominates
        assert got is None
        return
    want = canonical_province(art["province"], patterns_dir=PATTERNS)
    assert want is not None, art["province"]
    assert got is not None
    assert got.province == want
    assert got.province_2025 == province_2025(want, patterns_dir=PATTERNS)
    if got.start is not None and got.end is not None:
        assert got.evidence in ("title", "dateline", "text")
        at = [
            m.province
            for m in find_province_mentions(text, patterns_dir=PATTERNS)
            if (m.start, m.end) == (got.start, got.end)
        ]
        assert at == [want]


# --- evidence kinds ---------------------------------------------------------------


def test_title_wins_over_body() -> None:
    m = _find(
        "Yên Bái nâng cao hiệu quả đào tạo\n\nĐoàn công tác của LĐLĐ tỉnh Lào Cai đến thăm.",
        title="Yên Bái nâng cao hiệu quả đào tạo",
    )
    assert m is not None
    assert (m.province, m.province_2025, m.evidence) == ("Yên Bái", "Lào Cai", "title")
    assert (m.start, m.end) == (0, 7)


def test_title_outside_text_has_no_offsets() -> None:
    m = _find("Sáng 5/3, hội nghị đã diễn ra.", title="Hải Dương: tập huấn cán bộ")
    assert m is not None and m.province == "Hải Dương" and m.evidence == "title"
    assert m.start is None and m.end is None


def test_dateline() -> None:
    text = "Long An - Sáng 12/3, hơn 200 đoàn viên dự lớp tập huấn do công đoàn tổ chức."
    m = _find(text)
    assert m is not None and m.evidence == "dateline"
    assert (m.province, m.province_2025) == ("Long An", "Tây Ninh")
    assert text[m.start : m.end] == "Long An"  # type: ignore[misc]


def test_uppercase_dateline() -> None:
    m = _find("BÌNH DƯƠNG - Ngày 5/6, công nhân được khám bệnh miễn phí.")
    assert m is not None and m.province == "Bình Dương" and m.evidence == "dateline"
    assert m.province_2025 == "TP Hồ Chí Minh"


def test_union_body_beats_repeated_bare_mentions() -> None:
    text = (
        "LĐLĐ tỉnh Thái Bình tổ chức lớp tập huấn cho 120 cán bộ. Nhiều học viên "
        "đến từ Hưng Yên. Đoàn Hưng Yên đánh giá cao lớp học."
    )
    m = _find(text)
    assert m is not None and m.province == "Thái Bình" and m.evidence == "text"
    assert normalize_text(text)[m.start : m.end] == "LĐLĐ tỉnh Thái Bình"  # type: ignore[misc]


def test_site_only_for_local_article() -> None:
    m = _find("Năm 2020, toàn tỉnh thành lập được 57 công đoàn cơ sở.", site="baohaiduong.vn")
    assert m is not None
    assert (m.province, m.province_2025, m.evidence) == ("Hải Dương", "Hải Phòng", "site")
    assert m.start is None


def test_site_from_url_host() -> None:
    m = _find(
        "LĐLĐ tỉnh trao 50 suất quà cho đoàn viên.",
        url="https://baoyenbai.com.vn/12/300000/trao-qua.aspx",
    )
    assert m is not None and m.province == "Yên Bái" and m.evidence == "site"


def test_generic_outlet_labels() -> None:
    # not listed in the table, found by the bao<slug> / <slug>.gov.vn conventions
    assert _name("LĐLĐ tỉnh tổ chức hội nghị.", site="www.baophuyen.vn") == "Phú Yên"
    assert _name("LĐLĐ tỉnh tổ chức hội nghị.", site="congdoan.kontum.gov.vn") == "Kon Tum"


def test_provincial_site_with_national_news_is_none() -> None:
    text = (
        "Tổng Liên đoàn Lao động Việt Nam vừa ban hành kế hoạch tổ chức cuộc thi "
        "trực tuyến dành cho đoàn viên trên địa bàn cả nước."
    )
    assert _find(text, site="congdoan.tayninh.gov.vn") is None


def test_url_slug() -> None:
    m = _find(
        "Ngày hội diễn ra trong 3 ngày với nhiều gian hàng.",
        url="https://laodong.vn/cong-doan/ngay-hoi-tet-tai-long-an-1292309.ldo",
    )
    assert m is not None and m.province == "Long An" and m.evidence == "url"


def test_national_article_listing_provinces_is_none() -> None:
    text = (
        "Tổng LĐLĐ Việt Nam tổ chức khám bệnh cho công nhân ở 7 tỉnh, thành phố. "
        "Dự kiến TP Hồ Chí Minh có 4.000 công nhân, Hải Phòng 2.000, Bắc Ninh 2.000, "
        "Thanh Hóa 2.000, Nghệ An 2.000 công nhân."
    )
    assert _find(text) is None


def test_national_article_with_dominant_province_in_lead() -> None:
    text = (
        "Tổng LĐLĐ Việt Nam phối hợp với LĐLĐ tỉnh Bắc Ninh tổ chức Tết Sum vầy cho "
        "3.000 công nhân tại Bắc Ninh. LĐLĐ tỉnh Bắc Ninh trao 500 suất quà."
    )
    m = _find(text)
    assert m is not None and m.province == "Bắc Ninh"


def test_no_province() -> None:
    assert _find("Công đoàn cơ sở tổ chức 3 lớp tập huấn cho 150 đoàn viên.") is None
    assert _find("") is None


def test_single_passing_mention_is_not_enough() -> None:
    text = (
        "Công đoàn cơ sở công ty tổ chức 3 lớp tập huấn cho 150 đoàn viên. "
        + "Các lớp học kéo dài 2 ngày với nhiều nội dung thiết thực. " * 12
        + "Một học viên quê ở Tây Ninh chia sẻ."
    )
    assert _find(text) is None


# --- variants ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province", "p2025"),
    [
        ("LĐLĐ TP HCM tổ chức hội thi.", "TP Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("LĐLĐ TP.HCM tổ chức hội thi.", "TP Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Công nhân ở TPHCM được khám bệnh.", "TP Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Hội thi do LĐLĐ Thành phố Hồ Chí Minh tổ chức.", "TP Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Các cấp CĐ thủ đô đã thành lập mới 542 CĐ cơ sở.", "Hà Nội", "Hà Nội"),
        ("LĐLĐ TP Hà Nội tổ chức 2 lớp tập huấn.", "Hà Nội", "Hà Nội"),
        ("LĐLĐ tỉnh Thừa Thiên Huế trao 20 Mái ấm công đoàn.", "Huế", "Huế"),
        ("LĐLĐ tỉnh Thừa Thiên - Huế trao 20 Mái ấm công đoàn.", "Huế", "Huế"),
        ("Công nhân KCN VSIP (TP.Thủ Dầu Một) học tin học.", "Bình Dương", "TP Hồ Chí Minh"),
        ("Lớp học mở tại TP Biên Hòa cho 80 công nhân.", "Đồng Nai", "Đồng Nai"),
        ("LĐLĐ tỉnh Đăk Lăk tổ chức lớp học.", "Đắk Lắk", "Đắk Lắk"),
        ("LĐLĐ tỉnh Bà Rịa – Vũng Tàu tổ chức lớp học.", "Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh"),
        ("Liên đoàn Lao động tỉnh Quảng Nam trao quà.", "Quảng Nam", "Đà Nẵng"),
        ("Công đoàn TP Vinh tổ chức hội nghị.", "Nghệ An", "Nghệ An"),
        ("LĐLĐ tỉnh Hoà Bình tổ chức hội nghị.", "Hòa Bình", "Phú Thọ"),
        ("LĐLĐ TỈNH YÊN BÁI TỔ CHỨC HỘI NGHỊ.", "Yên Bái", "Lào Cai"),
    ],
)
def test_variants(text: str, province: str, p2025: str) -> None:
    m = _find(text)
    assert m is not None, text
    assert (m.province, m.province_2025) == (province, p2025)


# --- false friends ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("LĐLĐ tỉnh Hà Nam tổ chức lớp tập huấn.", "Hà Nam"),
        ("LĐLĐ tỉnh Nam Định tổ chức lớp tập huấn.", "Nam Định"),
        ("LĐLĐ tỉnh Bình Định tổ chức lớp tập huấn.", "Bình Định"),
        ("LĐLĐ tỉnh Quảng Ngãi tổ chức lớp tập huấn.", "Quảng Ngãi"),
        ("LĐLĐ tỉnh Bắc Ninh tổ chức lớp tập huấn.", "Bắc Ninh"),
    ],
)
def test_close_names_are_kept_apart(text: str, province: str) -> None:
    assert _name(text) == province


@pytest.mark.parametrize(
    "text",
    [
        "Anh Nguyễn Thái Bình, công nhân công ty, được tặng Bằng khen.",
        "Tàu vượt Thái Bình Dương trong 20 ngày, công nhân được tập huấn.",
        "Chị Trần Hải Dương nhận học bổng của công đoàn.",
        "Chương trình Nghĩa tình Hoàng Sa, Trường Sa đã chi 25 tỷ đồng.",
        "Công đoàn Việt Nam phát động phong trào thi đua trong cả nước.",
        "Công ty Bia Sài Gòn trao 300 suất quà cho công nhân.",
        "Học viên học tư tưởng Hồ Chí Minh và Chủ tịch Hồ Chí Minh.",
        "Bà Huế chia sẻ về lớp học nghề.",
        "Hội thi tổ chức tại Cung Văn hóa Lao động, nhiều đoàn viên tham gia.",
    ],
)
def test_false_friends_give_no_province(text: str) -> None:
    assert _find_mentions(text) == []


def _find_mentions(text: str) -> list[str]:
    return [m.province for m in find_province_mentions(normalize_text(text), patterns_dir=PATTERNS)]


def test_mentions_have_offsets() -> None:
    text = normalize_text("Lớp học tại Hà Nội và LĐLĐ tỉnh Yên Bái, TP.Thủ Dầu Một.")
    ms = find_province_mentions(text, patterns_dir=PATTERNS)
    assert [(m.province, m.kind, text[m.start : m.end]) for m in ms] == [
        ("Hà Nội", "bare", "Hà Nội"),
        ("Yên Bái", "union_body", "LĐLĐ tỉnh Yên Bái"),
        ("Bình Dương", "town", "TP.Thủ Dầu Một"),
    ]


def test_canonical_province_spellings() -> None:
    c = lambda s: canonical_province(s, patterns_dir=PATTERNS)  # noqa: E731
    assert c("TP HCM") == c("TP.HCM") == c("Thành phố Hồ Chí Minh") == "TP Hồ Chí Minh"
    assert c("tỉnh Yên Bái") == c("YÊN BÁI") == "Yên Bái"
    assert c("Thừa Thiên Huế") == c("Huế") == "Huế"
    assert c("Hoà Bình") == "Hòa Bình"
    assert c("Atlantis") is None


def test_tables_loaded_once_per_dir(tmp_path: Path) -> None:
    from extractor.entities import gazetteer as mod

    mod.tables.cache_clear()
    mod._tables_for.cache_clear()
    for _ in range(3):
        _find("LĐLĐ tỉnh Yên Bái.")
    assert mod._tables_for.cache_info().misses == 1
    assert mod.tables.cache_info().misses == 1  # the path is resolved once, too


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not available")
def test_seed_texts_without_metadata() -> None:
    # the seeds are bare text: the heading line stands in for the title
    got = {}
    for path in sorted(SEEDS.glob("*.txt")):
        m = find_province(normalize_text(path.read_text(encoding="utf-8")), patterns_dir=PATTERNS)
        got[path.name[:3]] = (m.province, m.province_2025) if m else None
    assert got == {"000": ("Yên Bái", "Lào Cai"), "002": ("Hà Nội", "Hà Nội")}


def test_heading_line_counts_as_title_only_when_short() -> None:
    m = _find("Hải Dương vượt chỉ tiêu\n\nTrong năm, TP Hải Phòng và Hải Phòng ...")
    assert m is not None and m.province == "Hải Dương" and m.evidence == "title"
    long_first = "Trong năm 2020, đoàn viên Hải Dương tham gia nhiều lớp tập huấn. " * 3
    m2 = _find(long_first)
    assert m2 is not None and m2.province == "Hải Dương" and m2.evidence == "text"


def test_a_venue_does_not_make_a_national_story_local() -> None:
    from extractor import extract_text

    art = extract_text(
        "Chiều 12/9/2023, tại Hà Nội, Tổng Liên đoàn Lao động Việt Nam tổ chức hội nghị tổng kết. "
        "Cả nước có 12.478.018 đoàn viên, tăng 300.000 so với năm trước."
    )
    assert art.province is None
    assert all(f.province is None for f in art.figures)
    local = extract_text("Ngày 12/3, LĐLĐ tỉnh Yên Bái tổ chức 20 lớp tập huấn tại thành phố Yên Bái cho 1.200 cán bộ.")
    assert local.province == "Yên Bái"
