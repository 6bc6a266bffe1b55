from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser

from extractor.models import Article, Figure
from extractor.report import build_report


class _Page(HTMLParser):
    """Collects ids, hrefs, external references, and the text inside each highlight."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: defaultdict[str, int] = defaultdict(int)
        self.mark_text: defaultdict[str, str] = defaultdict(str)
        self._mark: list[str] | None = None
        self.breakdown_rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags[tag] += 1
        if tag == "script" and a.get("type") == "application/json":
            self.tags["data-script"] += 1
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("href") is not None:
            self.hrefs.append(a["href"] or "")
        if a.get("src") is not None:
            self.srcs.append(a["src"] or "")
        if tag == "mark" and "fig" in (a.get("class") or "").split():
            self._mark = (a.get("data-figs") or "").split()
        if tag == "tr" and "bd" in (a.get("class") or "").split():
            self._row = []
        if tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.breakdown_rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._mark:
            for fid in self._mark:
                self.mark_text[fid] += data
        if self._cell is not None:
            self._cell += data


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    p.close()
    return p


def test_seed_figures_are_all_highlighted(seeds: list[Article]) -> None:
    html, data = build_report(seeds)
    page = _parse(html)
    for ai, art in enumerate(seeds):
        assert f"art-{ai}" in page.ids
        assert art.figures
        for fi, fig in enumerate(art.figures):
            fid = f"fig-{ai}-{fi}"
            assert fid in page.ids, fid
            assert f"row-{ai}-{fi}" in page.ids
            assert page.mark_text[fid] == fig.quote, (fid, fig.quote)
    assert sum(len(a.figures) for a in seeds) == len(data.facts) == 12 + 15  # the gold figures


def test_yenbai_breakdown_shown_consistent_and_planted_one_flagged(corpus: list[Article]) -> None:
    html, _ = build_report(corpus)
    page = _parse(html)
    rows = {(r[1], r[3]): r[0] for r in page.breakdown_rows}
    assert rows[("8 + 13 = 21", "21 lớp classes")] == "consistent"
    assert rows[("691 + 1.905 = 2.596", "2.596 lượt attendances")] == "consistent"
    assert rows[("8 + 15 = 23", "21 lớp classes")] == "parts exceed total"
    assert "parts do not add up: 8 + 15 = 23 &gt; total 21 (classes)" in html
    assert 'data-check="conflict"' in html and 'data-check="outlier"' in html
    assert 'data-check="low_confidence"' in html


def test_links_resolve_and_page_is_self_contained(corpus: list[Article]) -> None:
    html, data = build_report(corpus)
    page = _parse(html)
    internal = [h for h in page.hrefs if h.startswith("#")]
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert internal and all(h[1:] in page.ids for h in internal)
    # the only outside links are the articles' own http(s) addresses
    assert set(external) <= {a.url for a in corpus if a.url}
    assert page.srcs == []
    assert page.tags["link"] == 0 and page.tags["iframe"] == 0 and page.tags["img"] == 0
    assert page.tags["script"] == 2 and page.tags["data-script"] == 1  # the code and its data
    assert "@import" not in html and "url(" not in html
    # every province x year cell links to a pane listing its figures
    for cells in data.tables.values():
        for cell in cells.values():
            assert cell.refs
    n_cells = sum(len(c) for c in data.tables.values())
    assert len([i for i in page.ids if i.startswith("cell-")]) == n_cells
    assert len(re.findall(r'<td class="f num cell"', html)) == n_cells
    # old province names shown beside the 2025 ones
    assert 'Lào Cai <span class="old">(Yên Bái)</span>' in html


def test_untrusted_text_is_escaped() -> None:
    evil = '<img src=x onerror=alert(1)>"\'&'
    text = f"Tiêu đề {evil}\nLĐLĐ tổ chức 5 lớp cho {evil}."
    q = "5 lớp"
    i = text.index(q)
    art = Article(
        article_id="x", text=text, title=evil, site=evil, author=evil, province=evil,
        url="javascript:alert(1)", published="2024-01-01",
        figures=[Figure(kind="classes", value=5, start=i, end=i + len(q), quote=q, rule=evil,
                        subject=evil, organizer=evil, sentence=text, unit=evil),
                 Figure(kind=evil, value=1, start=0, end=3, quote="Tiê", rule="r")],
    )
    html, _ = build_report([art], title=evil)
    page = _parse(html)
    assert "<img" not in html and page.tags["img"] == 0
    assert "javascript:" not in " ".join(page.hrefs)
    assert page.tags["script"] == 2 and page.tags["data-script"] == 1  # the code and its data
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert page.mark_text["fig-0-0"] == q


def test_overlapping_figures_render_once_each() -> None:
    text = "tổ chức 40 lớp (đạt 100% KH) với 3844 lượt học viên"
    big = "tổ chức 40 lớp (đạt 100% KH)"
    inner = "đạt 100% KH"
    j = text.index(inner)
    art = Article(article_id="o", text=text, figures=[
        Figure(kind="classes", value=40, start=0, end=len(big), quote=big, rule="r"),
        Figure(kind="plan_attainment", value=100, start=j, end=j + len(inner), quote=inner, rule="r"),
    ])
    html, _ = build_report([art])
    page = _parse(html)
    assert page.mark_text["fig-0-0"] == big
    assert page.mark_text["fig-0-1"] == inner
    assert 'class="fig k-plan_attainment multi"' in html


def test_empty_records_still_make_a_page() -> None:
    html, data = build_report([])
    assert "No figures in these records." in html and data.flags == []
