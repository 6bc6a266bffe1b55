"""Organisation names come out whole, and events or recipients are told apart."""

from __future__ import annotations

import pytest

from extractor import Pipeline
from extractor.attributes.orgs import org_mentions
from extractor.textnorm import normalize_tones


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Công đoàn các khu công nghiệp tỉnh tổ chức 10 lớp.", "Công đoàn các khu công nghiệp tỉnh"),
        ("Sau Đại hội XVI CĐ Thành phố tổ chức tập huấn.", "CĐ Thành phố"),
        ("Ban Thường vụ Liên đoàn Lao động huyện Gò Dầu tổ chức hội nghị.", "Ban Thường vụ Liên đoàn Lao động huyện Gò Dầu"),
        ("Ban tổ chức đã trao 10 giải.", "Ban tổ chức"),
        ("LĐLĐ TP.HCM trao 100 suất quà.", "LĐLĐ TP.HCM"),
        ("Chủ tịch LĐLĐ tỉnh An Giang Phan Thị Diễm cho biết.", "LĐLĐ tỉnh An Giang"),
        ("Công đoàn Than - Khoáng sản Việt Nam (TKV) tổ chức.", "Công đoàn Than - Khoáng sản Việt Nam (TKV)"),
        ("Uỷ ban Pháp luật Quốc hội tặng quà.", "Uỷ ban Pháp luật Quốc hội"),
        # "trực tiếp" goes on a name only as "trực tiếp cơ sở" (four syllables), not as the
        # adverb after it
        ("Công đoàn cấp trên trực tiếp cơ sở đã kết nạp 300 đoàn viên.", "Công đoàn cấp trên trực tiếp cơ sở"),
        ("LĐLĐ TP trực tiếp trao 10.000 phần quà.", "LĐLĐ TP"),
        ("Dịp này, ban tổ chức đã trao 200 phần quà.", "ban tổ chức"),
    ],
)
def test_names_come_out_whole(pipeline: Pipeline, text: str, name: str) -> None:
    text = normalize_tones(text)  # names are matched on one tone placement, as the finder does
    name = normalize_tones(name)
    names = [text[a:b] for a, b, kind, _ in org_mentions(text, pipeline.lexicon) if kind != "event"]
    assert name in names, names


def test_kinds_of_mention(pipeline: Pipeline) -> None:
    text = "Đại hội Công đoàn tỉnh biểu quyết; LĐLĐ tỉnh trao quà cho Công đoàn cơ sở Công ty May Việt Tiến; 300 suất quà của Tổng LĐLĐ Việt Nam."
    got = {text[a:b]: (kind, acting) for a, b, kind, acting in org_mentions(text, pipeline.lexicon)}
    # the event, and the body whose congress it is (named, not acting)
    assert got["Đại hội"] == ("event", False)
    assert got["Công đoàn tỉnh"] == ("", False)
    assert got["LĐLĐ tỉnh"] == ("", True)
    assert got["Công đoàn cơ sở Công ty May Việt Tiến"][0] == "object"
    assert got["Tổng LĐLĐ Việt Nam"][0] == "of"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # a year or a date before the name is a time phrase: the name still acts
        ("Năm 2018 Công đoàn tỉnh Yên Bái đã ký thỏa ước với 88/168 DN.", "Công đoàn tỉnh Yên Bái", ""),
        ("Ngày 15/5 LĐLĐ tỉnh tổ chức hội nghị.", "LĐLĐ tỉnh", ""),
        # a count before it makes it what is counted
        ("Đã thành lập mới 542/500 CĐ cơ sở.", "CĐ cơ sở", "object"),
        ("Có 1.200 Công đoàn cơ sở tham gia.", "Công đoàn cơ sở", "object"),
    ],
)
def test_count_before_a_name_makes_it_an_object_a_year_does_not(
    pipeline: Pipeline, text: str, name: str, kind: str
) -> None:
    got = {text[a:b]: k for a, b, k, _ in org_mentions(text, pipeline.lexicon)}
    assert got[name] == kind, got


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Đại hội Công đoàn tỉnh Hà Tĩnh lần thứ XIX, nhiệm kỳ 2023-2028 diễn ra với 250 đại biểu.",
         "Công đoàn tỉnh Hà Tĩnh"),
        ("Đại hội đại biểu Công đoàn các Khu công nghiệp tỉnh lần thứ IV thành công tốt đẹp.",
         "Công đoàn các Khu công nghiệp tỉnh"),
    ],
)
def test_the_body_whose_congress_it_is_organises_its_figures(pipeline: Pipeline, text: str, body: str) -> None:
    figs = pipeline.extract_text(text).figures
    assert figs and all(f.organizer == body for f in figs), [(f.quote, f.organizer) for f in figs]


def test_recipients_and_destinations_are_objects_a_delegation_acts(pipeline: Pipeline) -> None:
    text = normalize_tones(
        "LĐLĐ thành phố Hà Nội hỗ trợ Liên đoàn Lao động tỉnh Hà Tĩnh 100 trường hợp, "
        "Liên đoàn Lao động tỉnh Quảng Bình 100 trường hợp. Đoàn đến Công ty TNHH Victortex Huế "
        "trao 60 suất. Đoàn công tác LĐLĐ tỉnh cùng Công đoàn Bộ Công an trao 700 suất quà. "
        "Cùng với Quỹ CEP, Ngân hàng VietinBank dành 2.000 tỷ đồng. Thời gian đến Công đoàn "
        "Công ty May sẽ bàn giao 4 căn nhà."
    )
    got = {text[a:b]: k for a, b, k, _ in org_mentions(text, pipeline.lexicon)}
    assert got[normalize_tones("Liên đoàn Lao động tỉnh Hà Tĩnh")] == "object"
    assert got[normalize_tones("Liên đoàn Lao động tỉnh Quảng Bình")] == "object"  # the list goes on
    assert got["Công ty TNHH Victortex Huế"] == "object"
    assert got["LĐLĐ tỉnh"] == ""
    assert got[normalize_tones("Công đoàn Bộ Công an")] == ""
    assert got["Quỹ CEP"] == "object"
    assert got["Ngân hàng VietinBank"] == ""
    assert got[normalize_tones("Công đoàn Công ty May")] == ""


def test_a_quoted_programme_or_app_name_is_not_a_body(pipeline: Pipeline) -> None:
    text = normalize_tones("Riêng ứng dụng “Công đoàn Hà Nội” có hơn 420 nghìn tài khoản; Công đoàn Hà Nội trao 50 suất quà.")
    names = [text[a:b] for a, b, _, _ in org_mentions(text, pipeline.lexicon)]
    assert names == [normalize_tones("Công đoàn Hà Nội")]
    (a, _, _, acting), = org_mentions(text, pipeline.lexicon)
    assert a > text.index(";") and acting


def test_a_body_opening_its_clause_acts_a_partner_and_a_list_item_do_not(pipeline: Pipeline) -> None:
    text = normalize_tones(
        "Dịp này, LĐLĐ tỉnh chọn 25 vận động viên. Tổng LĐLĐ Việt Nam phối hợp UBND tỉnh Long An "
        "khởi công dự án. Trong quý, thành lập mới 4 CĐCS, gồm: CĐCS Cty Bảo Việt, CĐCS Ban Quản lý dự án tỉnh."
    )
    got = {text[a:b]: (k, act) for a, b, k, act in org_mentions(text, pipeline.lexicon)}
    assert got["LĐLĐ tỉnh"] == ("", True)
    assert got[normalize_tones("Tổng LĐLĐ Việt Nam")] == ("", True)
    assert got["UBND tỉnh Long An"][0] == "object"
    assert not got[normalize_tones("CĐCS Ban Quản lý")][1]


def test_a_body_whose_officer_speaks_after_it_acts(pipeline: Pipeline) -> None:
    text = normalize_tones("Phó Chủ tịch LĐLĐ TP HCM Nguyễn Kim Loan cho biết Tết Trung thu là dịp đoàn tụ.")
    got = {text[a:b]: acting for a, b, kind, acting in org_mentions(text, pipeline.lexicon)}
    assert got == {"LĐLĐ TP HCM": True}
    # a worker of a company who speaks does not make the company act
    text = normalize_tones("Tại buổi lễ, công nhân Công ty May Việt Tiến Nguyễn Thị Hoa chia sẻ niềm vui.")
    got = {text[a:b]: acting for a, b, kind, acting in org_mentions(text, pipeline.lexicon)}
    assert got == {"Công ty May Việt Tiến": False}


def test_the_same_head_after_a_named_body_starts_another_name(pipeline: Pipeline) -> None:
    text = "Đại hội XIV Công đoàn Bình Định Công đoàn Bình Định đồng hành với đoàn viên"
    names = [text[a:b] for a, b, kind, _ in org_mentions(text, pipeline.lexicon) if kind != "event"]
    assert "Công đoàn Bình Định Công đoàn Bình Định" not in names
    assert "Công đoàn Bình Định" in names
    for whole in ("Ban Thường vụ Liên đoàn Lao động huyện Gò Dầu", "Công đoàn Công ty May Việt Tiến"):
        other = f"{whole} tổ chức hội nghị"
        assert [other[a:b] for a, b, _, _ in org_mentions(other, pipeline.lexicon)] == [whole]


@pytest.mark.parametrize(
    "name",
    ["Viện Công nhân và Công đoàn", "Công đoàn Giao thông vận tải tỉnh", "Sở Công thương tỉnh", "Công đoàn Công thương Việt Nam"],
)
def test_names_of_sectors_come_out_whole(pipeline: Pipeline, name: str) -> None:
    text = f"{name} tổ chức hội nghị."
    assert [text[a:b] for a, b, _, _ in org_mentions(text, pipeline.lexicon)] == [name]
