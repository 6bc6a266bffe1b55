from extractor import Article, extract_text


def test_extract_text_returns_article() -> None:
    art = extract_text("Năm 2024, LĐLĐ tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ.")
    assert isinstance(art, Article)
    assert art.text.startswith("Năm 2024")
