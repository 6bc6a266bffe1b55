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
