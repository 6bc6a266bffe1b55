from __future__ import annotations

from extractor.models import Article, Figure, Period
from extractor.report import FlagSettings, analyse, figure_year


def _fig(**kw: object) -> Figure:
    base: dict[str, object] = {"kind": "classes", "value": 1, "start": 0, "end": 1, "quote": "x", "rule": "t"}
    base.update(kw)
    return Figure(**base)  # type: ignore[arg-type]


def test_year_is_single_year_period_else_published() -> None:
    art = Article(article_id="a", text="x", published="2019-02-12T09:36:00+07:00")
    assert figure_year(_fig(period=Period.of("2018")), art) == 2018
    assert figure_year(_fig(period=Period.of("năm 2018")), art) == 2018
    assert figure_year(_fig(period=Period.of("2013-2018")), art) == 2019  # a span: the article's year
    assert figure_year(_fig(period=None), art) == 2019
    assert figure_year(_fig(period=None), Article(article_id="b", text="x")) is None


def test_provinces_use_2025_scheme_with_old_name(seeds: list[Article]) -> None:
    data = analyse(seeds)
    assert data.provinces == ["Hà Nội", "Lào Cai"]
    assert data.province_label("Lào Cai") == "Lào Cai (Yên Bái)"
    assert data.province_label("Hà Nội") == "Hà Nội"
    only_old = Article(article_id="c", text="x", province="Tây Ninh", figures=[_fig(period=Period.of("2024"))])
    assert analyse([only_old]).provinces == ["Tây Ninh"]


def test_yenbai_breakdowns_are_consistent(seeds: list[Article]) -> None:
    data = analyse(seeds)
    found = {
        (data.facts[b.parent].figure.value, tuple(data.facts[k].figure.value for k in b.children)): b.status
        for b in data.breakdowns
    }
    assert found[(21, (8, 13))] == "consistent"
    assert found[(2596, (691, 1905))] == "consistent"
    assert found[(2832, (316, 2516))] == "consistent"
    assert not [f for f in data.flags if f.check == "breakdown"]


def test_seed_tables_count_totals_not_parts(seeds: list[Article]) -> None:
    data = analyse(seeds)
    classes = data.tables["classes"]
    # Yên Bái 2024: 21 classes (the parts 8 and 13 are inside it)
    assert classes[("Lào Cai", 2024)].total == 21
    assert len(classes[("Lào Cai", 2024)].refs) == 3
    # Hà Nội: 40 + 62 classes in 2018; the 2013-2018 term total goes to 2019 (published);
    # the repeated paragraph does not double the sum
    assert classes[("Hà Nội", 2018)].total == 102
    assert classes[("Hà Nội", 2019)].total == 2001
    assert data.tables["attendances"][("Lào Cai", 2024)].total == 2596 + 2832


def test_planted_problems_are_flagged(corpus: list[Article]) -> None:
    data = analyse(corpus)
    by_check: dict[str, list[str]] = {}
    for f in data.flags:
        by_check.setdefault(f.check, []).append(f.message)
    # 8 + 15 != 21 in the planted article; the seed's 8 + 13 = 21 stays consistent
    assert len(by_check["breakdown"]) == 1
    assert "8 + 15 = 23 > total 21" in by_check["breakdown"][0]
    bad = [b for b in data.breakdowns if not b.ok]
    assert [b.status for b in bad] == ["parts_exceed_total"]
    # 2.596 vs 2.965 attendances and 13 vs 15 classes: same fact, two sites
    conflicts = by_check["conflict"]
    assert any("2.596" in m and "2.965" in m for m in conflicts)
    assert any("13 " in m and "15 " in m for m in conflicts)
    assert len(conflicts) == 2
    # Tây Ninh 2023: 480 classes against 10 and 12 in earlier years
    assert len(by_check["outlier"]) == 1 and "480 classes in Tây Ninh 2023" in by_check["outlier"][0]
    assert len(by_check["low_confidence"]) == 1 and "0.30" in by_check["low_confidence"][0]
    assert "ungrounded" not in by_check


def test_conflict_needs_similar_sentence_and_same_subject() -> None:
    def art(aid: str, text: str, value: int, subject: str) -> Article:
        q = f"{value} lớp"
        i = text.index(q)
        return Article(article_id=aid, text=text, province="Huế", published="2024-05-01", site=aid,
                       figures=[_fig(value=value, start=i, end=i + len(q), quote=q, subject=subject,
                                     sentence=text)])

    a = art("a", "LĐLĐ thành phố tổ chức 30 lớp tập huấn pháp luật cho cán bộ.", 30, "cán bộ")
    similar = art("b", "LĐLĐ thành phố tổ chức 35 lớp tập huấn pháp luật cho cán bộ.", 35, "cán bộ")
    other_subject = art("c", "LĐLĐ thành phố tổ chức 35 lớp tập huấn pháp luật cho cán bộ.", 35, "công nhân")
    unrelated = art("d", "Công đoàn ngành Y tế mở 35 lớp dạy bơi miễn phí cho con công nhân.", 35, "cán bộ")
    assert [f.check for f in analyse([a, similar]).flags] == ["conflict"]
    assert analyse([a, other_subject]).flags == []
    assert analyse([a, unrelated]).flags == []
    # hedged figures within the tolerance are not a conflict ("hơn 30" vs 32)
    hedged = art("e", "LĐLĐ thành phố tổ chức 32 lớp tập huấn pháp luật cho cán bộ.", 32, "cán bộ")
    a.figures[0].qualifier = "more_than"
    assert analyse([a, hedged]).flags == []


def test_thresholds_are_settings(corpus: list[Article]) -> None:
    data = analyse(corpus, FlagSettings(low_confidence=0.95, outlier_factor=100))
    checks = [f.check for f in data.flags]
    assert "outlier" not in checks
    assert checks.count("low_confidence") == len(data.facts)  # all gold figures carry 0.9 or less


def test_ungrounded_figure_is_flagged() -> None:
    art = Article(article_id="a", text="tổ chức 21 lớp", figures=[_fig(start=8, end=14, quote="22 lớp")])
    data = analyse([art])
    assert [f.check for f in data.flags] == ["ungrounded"]


def test_breakdown_statuses() -> None:
    text = "tổng 10 lớp, trong đó 4 lớp và 3 lớp"

    def figs(parts: list[int], qual: str = "exact") -> list[Figure]:
        out = [_fig(value=10, qualifier=qual)]
        out += [_fig(value=v, parent=0) for v in parts]
        return out

    def status(parts: list[int], qual: str = "exact") -> str:
        return analyse([Article(article_id="a", text=text, figures=figs(parts, qual))]).breakdowns[0].status

    assert status([6, 4]) == "consistent"
    assert status([4, 3]) == "parts_below_total"
    assert status([4]) == "partial"
    assert status([7, 5]) == "parts_exceed_total"
    assert status([6, 5], "approx") == "approximate"
    # a part of another kind ("trong đó 100% ...") is no same-kind breakdown
    mixed = [_fig(value=10), _fig(kind="percentage", value=100, parent=0)]
    assert analyse([Article(article_id="a", text=text, figures=mixed)]).breakdowns == []


def test_reprints_make_one_conflict_flag_per_fact() -> None:
    arts = []
    for i, v in enumerate([30, 30, 35, 36, 30]):
        text = f"LĐLĐ thành phố tổ chức {v} lớp tập huấn pháp luật cho cán bộ."
        q = f"{v} lớp"
        at = text.index(q)
        arts.append(Article(article_id=f"a{i}", text=text, province="Huế", published="2024-05-01",
                            site=f"site{i}.vn",
                            figures=[_fig(value=v, start=at, end=at + len(q), quote=q, subject="cán bộ",
                                          sentence=text)]))
    flags = analyse(arts).flags
    assert [f.check for f in flags] == ["conflict"]
    assert "in 5 articles: 30 (site0.vn), 35 (site2.vn), 36 (site3.vn)" in flags[0].message
    assert len(flags[0].refs) == 3
