from __future__ import annotations

import json

from extractor import Pipeline
from tests.conftest import CORPUS

BODY = (
    "Năm 2024, Liên đoàn Lao động tỉnh đã tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ, "
    "đoàn viên công đoàn các cấp trong toàn tỉnh, tăng so với năm trước."
)


def test_headline_dateline_byline_and_teasers(pipeline: Pipeline) -> None:
    raw = "\n".join(
        [
            "MỚI NHẤT",
            "09:36 | 12/02/2019",
            "",
            "Nâng cao chất lượng đào tạo cán bộ công đoàn",
            "",
            BODY,
            "nang cao chat luong dao tao can bo cong doan Phấn đấu đào tạo cho 100% cán bộ",
            BODY,
            "Thu Hiền",
            "",
            "Bình luận (0)",
            "Tin cùng chuyên mục",
            "Trao 500 suất quà cho công nhân khó khăn với tổng kinh phí 2 tỷ đồng",
            "fb yt zl tw",
        ]
    )
    art = pipeline.extract_text(raw)
    assert art.title == "Nâng cao chất lượng đào tạo cán bộ công đoàn"
    assert art.published == "2019-02-12T09:36:00+07:00"
    assert art.author == "Thu Hiền"
    assert "Tin cùng chuyên mục" not in art.text and "500 suất quà" not in art.text
    assert "Phấn đấu" not in art.text  # alt-text teaser line
    got = sorted((f.kind, f.value) for f in art.figures)
    # the paragraph printed twice yields its figures once
    assert got == [("attendances", 2596), ("classes", 21)]


def test_comment_box_and_related_blocks_in_dev_gold_are_dropped(pipeline: Pipeline) -> None:
    d = json.loads((CORPUS / "dev" / "seed-yenbai-2024.json").read_text("utf-8"))
    art = pipeline.extract_text(d["text"])
    assert "91,25 triệu" not in art.text  # teaser of another article
    assert "Ý kiến bạn đọc" not in art.text
    assert art.author == "Thu Hiền"
    assert all(f.value != 91250000 for f in art.figures)


def test_single_line_is_not_mistaken_for_a_headline(pipeline: Pipeline) -> None:
    art = pipeline.extract_text("Đại hội XII CĐ Việt Nam")
    assert art.title is None and [(f.kind, f.value) for f in art.figures] == [("term", 12)]


def test_a_phrase_broken_across_lines_is_joined(pipeline: Pipeline) -> None:
    art = pipeline.extract_text(
        "LĐLĐ tỉnh đã hoàn thành 100% kế\n\nhoạch năm 2024 về phát triển đoàn viên.\n\n"
        "Năm 2025, LĐLĐ tỉnh phấn đấu kết nạp 1.500 đoàn viên."
    )
    assert "kế hoạch năm 2024" in art.text
    assert "phát triển đoàn viên.\n\nNăm 2025" in art.text  # a new sentence keeps its paragraph
    assert [(f.kind, f.value) for f in art.figures][:1] == [("plan_attainment", 100)]


def test_month_only_date_marker_is_a_hint_not_a_publication_date(pipeline: Pipeline) -> None:
    art = pipeline.extract_text(" date 2021-09 Công đoàn ngành Y tế trao quà cho 60 y, bác sĩ trong năm nay.")
    assert art.published is None
    fig = next(f for f in art.figures if f.value == 60)
    assert fig.period is not None and fig.period.start == 2021
