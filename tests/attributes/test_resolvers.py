"""Each resolver on its own: one small article, one figure, the value, its source and rule."""

from __future__ import annotations

from extractor import Pipeline
from extractor.attributes import (
    ArticleContext,
    ArticleMeta,
    resolve_activity,
    resolve_organizer,
    resolve_period,
    resolve_subject,
)
from extractor.figures import find_figures
from extractor.models import Figure, Rejection
from extractor.sentences import split_sentences


def _ctx(pipeline: Pipeline, text: str, **meta: str) -> tuple[ArticleContext, list[Figure]]:
    lex = pipeline.lexicon
    m = ArticleMeta(title=meta.get("title"), published=meta.get("published"), date_hint=meta.get("hint"))
    figs = find_figures(text, lex, m)
    return ArticleContext(text, split_sentences(text, lex.no_split), lex, m), figs


def _fig(figs: list[Figure], value: float) -> Figure:
    return next(f for f in figs if float(f.value) == value)


def test_period_sources_nearest_first(pipeline: Pipeline) -> None:
    text = (
        "Năm 2023, LĐLĐ tỉnh tổ chức 12 lớp tập huấn; năm 2024, 15 lớp.\n"
        "Năm 2022, LĐLĐ tỉnh trao 40 suất quà. Ngoài ra, LĐLĐ tỉnh còn trao 25 suất quà.\n"
        "LĐLĐ tỉnh cũng trao 30 suất học bổng."
    )
    ctx, figs = _ctx(pipeline, text, published="2025-03-02", title="Tổng kết năm 2024")
    got = {v: resolve_period(_fig(figs, v), ctx) for v in (12, 15, 40, 25, 30)}
    assert (got[12].value, got[12].source) == ("Năm 2023", "clause")  # type: ignore[union-attr]
    assert (got[15].value, got[15].source) == ("năm 2024", "clause")  # type: ignore[union-attr]
    assert (got[25].value, got[25].source) == ("Năm 2022", "paragraph")  # type: ignore[union-attr]
    assert (got[30].value, got[30].source, got[30].rule) == ("năm 2024", "lead", "title")  # type: ignore[union-attr]


def test_period_from_the_articles_own_date_and_none(pipeline: Pipeline) -> None:
    ctx, figs = _ctx(pipeline, "LĐLĐ tỉnh trao 40 suất quà cho công nhân.", published="2025-03-02")
    got = resolve_period(figs[0], ctx)
    assert got is not None and (got.value, got.source, got.years) == ("2025", "published", (2025, 2025))
    ctx, figs = _ctx(pipeline, "LĐLĐ tỉnh trao 40 suất quà cho công nhân.")
    assert resolve_period(figs[0], ctx) is None
    ctx, figs = _ctx(pipeline, "Trong năm nay, LĐLĐ tỉnh trao 40 suất quà.", hint="2021-09")
    got = resolve_period(figs[0], ctx)
    assert got is not None and got.years == (2021, 2021) and got.source == "clause"


def test_organizer_sources(pipeline: Pipeline) -> None:
    text = (
        "LĐLĐ tỉnh Long An tổ chức chương trình Tết sum vầy.\n"
        "Tại chương trình, 500 suất quà được trao cho công nhân. Công ty May Việt Tiến tặng 50 phần quà.\n"
        "Ngoài ra, 20 suất học bổng được trao cho con công nhân."
    )
    ctx, figs = _ctx(pipeline, text)
    o500 = resolve_organizer(_fig(figs, 500), ctx)
    o50 = resolve_organizer(_fig(figs, 50), ctx)
    o20 = resolve_organizer(_fig(figs, 20), ctx)
    assert o50 is not None and (o50.value, o50.source) == ("Công ty May Việt Tiến", "clause")
    assert o500 is not None and (o500.value, o500.source) == ("LĐLĐ tỉnh Long An", "lead")
    # a sponsor acting in one sentence does not govern the next paragraph; the lead's body does
    assert o20 is not None and o20.value == "LĐLĐ tỉnh Long An"


def test_an_event_is_never_the_organizer(pipeline: Pipeline) -> None:
    ctx, figs = _ctx(pipeline, "Đại hội đã biểu quyết thông qua 6 chương trình hành động.")
    assert resolve_organizer(figs[0], ctx) is None


def test_money_subject_names_the_thing(pipeline: Pipeline) -> None:
    text = "LĐLĐ tỉnh trao 328 suất quà Tết, tổng trị giá 164 triệu đồng; mỗi suất quà trị giá 500.000 đồng."
    ctx, figs = _ctx(pipeline, text)
    assert resolve_subject(_fig(figs, 164_000_000), ctx).value == "suất quà Tết"  # type: ignore[union-attr]
    assert resolve_subject(_fig(figs, 500_000), ctx).value == "mỗi suất quà"  # type: ignore[union-attr]


def test_activity_nearest_before_in_clause(pipeline: Pipeline) -> None:
    ctx, figs = _ctx(pipeline, "LĐLĐ tỉnh tổ chức tập huấn cho 120 cán bộ công đoàn cơ sở.")
    got = resolve_activity(figs[0], ctx)
    assert got is not None and (got.value, got.source) == ("tập huấn", "clause")


def test_supplied_title_and_date_reach_the_attribute_stage(pipeline: Pipeline) -> None:
    """A JSON/JSONL input's own date and title (Page.meta) date the figures."""
    from extractor.models import Page

    page = Page(
        content="LĐLĐ tỉnh trao 40 suất quà cho công nhân.".encode(),
        content_type="text/plain; charset=utf-8",
        meta={"published": "2023-05-04T00:00:00+07:00"},
    )
    art = pipeline.process(page)
    assert not isinstance(art, Rejection)
    fig = art.figures[0]
    assert fig.period is not None and (fig.period.text, fig.period_source, fig.year) == ("2023", "published", 2023)


def test_bodies_acting_together_are_named_together(pipeline: Pipeline) -> None:
    text = "LĐLĐ tỉnh cùng Công đoàn Bộ Công an trao 700 suất quà. LĐLĐ tỉnh, LĐLĐ huyện và Công đoàn cơ sở đã trao 90 suất quà."
    ctx, figs = _ctx(pipeline, text)
    got = {v: resolve_organizer(_fig(figs, v), ctx) for v in (700, 90)}
    assert (got[700].value, got[700].rule) == ("LĐLĐ tỉnh cùng Công đoàn Bộ Công an", "acting_list")  # type: ignore[union-attr]
    assert got[90].value == "LĐLĐ tỉnh, LĐLĐ huyện và Công đoàn cơ sở"  # type: ignore[union-attr]


def test_the_lead_is_not_the_headline_repeated_in_the_saved_text(pipeline: Pipeline) -> None:
    title = "Chi 100 tỉ đồng cho Chợ tết công đoàn trực tuyến"
    text = f"Thời sự\n\n{title}\n\nThu Hằng\n\nNhân dịp Tết Nguyên đán Bính Ngọ 2026, Tổng LĐLĐ Việt Nam tổ chức chợ tết.\n\nTổng LĐLĐ Việt Nam chi 100 tỉ đồng."
    ctx, figs = _ctx(pipeline, text, title=title, published="2025-12-11")
    assert ctx.sentences[ctx.lead[0]].text.startswith("Nhân dịp")
    got = resolve_period(figs[-1], ctx)
    assert got is not None and (got.source, got.years) == ("lead", (2026, 2026))


def test_subjects_name_the_thing_not_the_scene_or_the_bare_verb(pipeline: Pipeline) -> None:
    text = (
        "Cùng ngày, Công đoàn trường trao tặng 328 suất quà cho viên chức nhân dịp Tết Nguyên đán 2022 với tổng trị giá là 164 triệu đồng.\n"
        "Trong đó, lao động địa phương chiếm tỉ lệ 24,6%, lao động nữ chiếm 57,8%.\n"
        "Tổng LĐLĐ Việt Nam chi 100 tỉ đồng cho Chợ tết công đoàn trực tuyến.\n"
        "Công đoàn công ty trao tổng số tiền 55 triệu đồng hỗ trợ cho 4 trường hợp khó khăn.\n"
        "Ngoài số tiền 30 triệu đồng được Công đoàn ngành hỗ trợ, gia đình vay thêm."
    )
    ctx, figs = _ctx(pipeline, text)
    got = {v: resolve_subject(_fig(figs, v), ctx) for v in (164_000_000, 24.6, 57.8, 100_000_000_000, 55_000_000, 30_000_000)}
    assert got[164_000_000].value == "suất quà"  # type: ignore[union-attr]
    assert got[24.6].value == "lao động địa phương"  # type: ignore[union-attr]
    assert got[57.8].value == "lao động nữ"  # type: ignore[union-attr]
    assert got[100_000_000_000].value.startswith("cho Chợ tết")  # type: ignore[union-attr]
    assert got[55_000_000].value == "hỗ trợ"  # type: ignore[union-attr]  # the purpose after, not "tổng số tiền"
    assert got[30_000_000] is None or got[30_000_000].value != "Ngoài"


def test_an_undated_article_is_dated_by_its_anniversary_or_its_one_year(pipeline: Pipeline) -> None:
    text = (
        "LĐLĐ thành phố tuyên dương 95 cán bộ công đoàn tiêu biểu.\n"
        "Chương trình nhằm kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2024)."
    )
    ctx, figs = _ctx(pipeline, text)
    got = resolve_period(_fig(figs, 95), ctx)
    assert got is not None and (got.years, got.rule) == ((2024, 2024), "undated_anniversary")
    text = "LĐLĐ huyện bàn giao 1 Mái ấm Công đoàn trị giá 25 triệu đồng.\nĐược biết, trong năm 2019, LĐLĐ huyện đã trao 50 suất quà."
    ctx, figs = _ctx(pipeline, text)
    got = resolve_period(_fig(figs, 25_000_000), ctx)
    assert got is not None and got.years == (2019, 2019)
    # two different years named: no guess
    text = "LĐLĐ huyện bàn giao 1 Mái ấm Công đoàn trị giá 25 triệu đồng.\nNăm 2018 trao 40 suất quà, năm 2019 trao 50 suất quà."
    ctx, figs = _ctx(pipeline, text)
    assert resolve_period(_fig(figs, 25_000_000), ctx) is None


def test_a_rate_per_item_and_month_is_not_the_value_of_the_item(pipeline: Pipeline) -> None:
    text = "Nhà ở xã hội cho công nhân được cho thuê với giá từ 1,8 đến 2,5 triệu đồng/căn/tháng."
    ctx, figs = _ctx(pipeline, text)
    got = resolve_subject(_fig(figs, 1800000), ctx)
    assert got is None or "căn" not in got.value
    text = "Mỗi trường hợp được hỗ trợ 10 triệu đồng/trường hợp."
    ctx, figs = _ctx(pipeline, text)
    got = resolve_subject(_fig(figs, 10000000), ctx)
    assert got is None or got.value != "trường"


def test_tidy_end_drops_trailing_function_words_but_keeps_the_first_word() -> None:
    from extractor.attributes import tidy_end

    words = frozenset({"luôn", "đó", "này", "lần"})
    text = "học bổng lần này –"
    assert text[: tidy_end(text, 0, len(text), words)] == "học bổng"
    assert tidy_end("này", 0, 3, words) == 3  # nothing but the word: it stays
    text = "khâu đột phá"
    assert tidy_end(text, 0, len(text), words) == len(text)


def test_a_term_is_not_named_by_the_word_that_opens_its_sentence(pipeline: Pipeline) -> None:
    ctx, figs = _ctx(pipeline, "Trong nhiệm kỳ 2018-2023, Công đoàn tỉnh kết nạp 500 đoàn viên.")
    got = resolve_subject(next(f for f in figs if f.kind == "term"), ctx)
    assert got is None or got.value != "Trong"
