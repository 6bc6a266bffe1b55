"""Open the report in Debian's headless Chromium (driven over the DevTools protocol):
tables, a chart and a highlighted article render, filters change what is shown,
and the console stays free of errors. Screenshots go to test-artifacts/."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from extractor.models import Article
from extractor.report import build_report

from .conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium not installed (scripts/setup-system.sh installs Debian's chromium)",
)


def _visible(b: Any, selector: str) -> int:
    return int(b.eval(
        f"Array.from(document.querySelectorAll({selector!r}))"
        ".filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height > 0).length"
    ))


def _select(b: Any, name: str, value: str) -> None:
    b.eval(
        f"(() => {{ const s = document.getElementById('filter-{name}'); s.value = {value!r};"
        " s.dispatchEvent(new Event('change')); })()"
    )


def _wait(b: Any, expression: str, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = b.eval(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


def _cell_text(b: Any, kind: str, province: str, year: str) -> str:
    return str(b.eval(
        f"document.querySelector('table.pxy[data-kind={kind}] tr[data-province=\"{province}\"] "
        f"td[data-year=\"{year}\"] .val').textContent"
    ))


def test_report_renders_and_filters_in_chromium(tmp_path: Path, corpus: list[Article]) -> None:
    from .cdp import Browser

    html, _ = build_report(corpus)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    with Browser() as b:
        b.goto(page.as_uri())
        assert b.eval("document.title") == "Union figures: monitoring report"

        # tables and charts
        assert _visible(b, "table.pxy tbody tr") == 3 + 2  # classes: 3 provinces, attendances: 2
        assert _cell_text(b, "classes", "Lào Cai", "2024") == "21"
        assert _cell_text(b, "attendances", "Lào Cai", "2024") == "8.393"
        assert _visible(b, "#chart-classes rect.bar") == 6
        assert _visible(b, "#chart-kinds rect") == len({f.kind for a in corpus for f in a.figures})
        assert _visible(b, "table.flags tbody tr") == 5
        assert b.eval("document.querySelector('tr.bd.ok td').textContent") == "consistent"
        ARTIFACTS.mkdir(exist_ok=True)
        b.screenshot(ARTIFACTS / "report-overview.png", full_page=True)

        # province filter: only Tây Ninh rows, articles and flags remain
        assert _visible(b, "table.artlist tbody tr") == 6
        _select(b, "province", "Tây Ninh")
        assert _visible(b, "table.artlist tbody tr") == 3
        assert _visible(b, "table.pxy tbody tr") == 1
        assert _visible(b, "#chart-classes rect.bar") == 3
        assert _visible(b, "table.flags tbody tr") == 2  # outlier + low confidence
        assert b.eval("document.getElementById('filter-status').textContent") == (
            "Showing 3 of 6 articles, 2 of 5 flags")
        b.screenshot(ARTIFACTS / "report-filtered.png")

        # site filter re-sums the cells: only the planted article's 2.965 is left
        b.eval("document.getElementById('filter-reset').click()")
        assert _visible(b, "table.artlist tbody tr") == 6
        _select(b, "site", "congdoan.vn")
        assert _cell_text(b, "attendances", "Lào Cai", "2024") == "2.965"
        # year filter hides the other years' columns
        b.eval("document.getElementById('filter-reset').click()")
        _select(b, "year", "2018")
        assert _visible(b, "table.pxy thead th[data-year]") == 2
        b.eval("document.getElementById('filter-reset').click()")

        # a table cell opens the list of its figures, which links into the article
        b.eval("document.querySelector('table.pxy[data-kind=classes] tr[data-province=\"Lào Cai\"] td.cell a').click()")
        _wait(b, "!document.getElementById('viewer').hidden")
        assert _visible(b, ".cellpane tbody tr") == 6  # 3 seed + 3 planted figures
        # the seed article with its highlighted figures: the 8 of 8 + 13 = 21
        b.eval("location.hash = '#fig-0-3'")
        _wait(b, "document.querySelector('#art-0') && !document.querySelector('#art-0').hidden")
        assert _visible(b, "#art-0 mark.fig") >= len(corpus[0].figures)
        assert b.eval("document.querySelector('mark.hot').textContent") == "LĐLĐ tỉnh tổ chức 8 lớp"
        bg = b.eval("getComputedStyle(document.querySelector('mark.hot')).backgroundColor")
        assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
        assert "classes: 8 lớp" in b.eval("document.querySelector('mark.hot').title")
        assert b.eval("document.getElementById('row-0-3').classList.contains('hot')")
        # kind filter dims the other kinds' highlights
        _select(b, "kind", "attendances")
        assert b.eval("document.querySelector('mark.hot').classList.contains('dim')")
        _select(b, "kind", "")
        b.screenshot(ARTIFACTS / "report-article.png")

        assert b.console_errors() == []


def _wide_corpus(corpus: list[Article]) -> list[Article]:
    """The test corpus plus 16 years of money and members in three provinces (a wide
    table), amounts like 2.866.941.250.000 đồng, and one misread outlier (Hà Nội 2024
    members: 12.478.018, a national figure, next to tens of thousands)."""
    from extractor.models import Figure, Period

    extra = []
    for pi, (prov, old) in enumerate((("Hà Nội", None), ("Lào Cai", "Yên Bái"), ("Tây Ninh", "Long An"))):
        for year in range(2010, 2026):
            money = 2_866_941_250_000 + 1_000_000_000 * (year - 2010) * (pi + 1)
            members = 12_478_018 if (prov, year) == ("Hà Nội", 2024) else 20_000 + 1_000 * (year - 2010) + pi
            text = (f"Năm {year}, LĐLĐ tỉnh đã chi {money} đồng cho công tác chăm lo; "
                    f"kết nạp {members} đoàn viên.")  # fmt: skip
            m_q, n_q = f"chi {money} đồng", f"{members} đoàn viên"
            figs = [
                Figure(kind="money", value=money, start=text.index(m_q), end=text.index(m_q) + len(m_q), quote=m_q,
                       rule="t", unit="đồng", period=Period.of(f"Năm {year}"), organizer="LĐLĐ tỉnh",
                       organizer_source="sentence", sentence=text),
                Figure(kind="members", value=members, start=text.index(n_q), end=text.index(n_q) + len(n_q),
                       quote=n_q, rule="t", unit="đoàn viên", period=Period.of(f"Năm {year}"), sentence=text),
            ]  # fmt: skip
            extra.append(Article(
                article_id=f"w-{pi}-{year}", text=text, site="wide.vn", title=f"{prov} {year}",
                published=f"{year}-12-30T09:00:00+07:00", province=old or prov, province_2025=prov, figures=figs,
            ))  # fmt: skip
    return [*corpus, *extra]


@pytest.mark.parametrize("width", [800, 1400])
def test_report_fits_the_window_and_filters_every_number(tmp_path: Path, corpus: list[Article], width: int) -> None:
    from extractor.report.summary import province_of

    from .cdp import Browser

    arts = _wide_corpus(corpus)
    html, data = build_report(arts)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    no_hscroll = "document.documentElement.scrollWidth <= window.innerWidth"
    with Browser(width=width, height=900) as b:
        b.goto(page.as_uri())
        assert b.eval("window.innerWidth") == width
        assert b.eval(no_hscroll), b.eval("document.documentElement.scrollWidth")

        # every province x year table keeps its Total column on screen, inside its own box
        for kind in ("classes", "attendances", "members", "money"):
            b.eval(f"document.querySelector('table.pxy[data-kind={kind}]').scrollIntoView()")
            box = b.eval(
                f"(() => {{ const t = document.querySelector('table.pxy[data-kind={kind}]');"
                " const w = t.closest('.tablewrap').getBoundingClientRect();"
                " const c = t.querySelector('thead .totcol').getBoundingClientRect();"
                " return [c.left, c.right, w.left, w.right, window.innerWidth, t.scrollWidth > w.width]; })()"
            )
            left, right, w_left, w_right, inner, _ = box
            assert w_left - 1 <= left and right <= w_right + 1 and right <= inner, (kind, box)
        wide = b.eval(
            "(() => { const w = document.querySelector('table.pxy[data-kind=money]').closest('.tablewrap');"
            " return w.scrollWidth > w.clientWidth; })()"
        )
        if width == 800:
            assert wide  # 16 years do not fit: the table scrolls in its box, not the page

        # money in triệu/tỷ đồng, the exact amount on hover
        cell = "table.pxy[data-kind=money] tr[data-province=\"Hà Nội\"] td[data-year=\"2010\"]"
        assert b.eval(f"document.querySelector('{cell} .val').textContent") == "2.866,9 tỷ đồng"
        assert b.eval(f"document.querySelector('{cell} a').title").startswith("2.866.941.250.000 đồng")
        assert "tỷ đồng" in b.eval(
            "document.querySelector('table.pxy[data-kind=money] tr[data-province=\"Hà Nội\"] .rowtotal').textContent")

        # one outlier does not flatten the chart: it is clipped and named, the rest keeps its height
        bars = b.eval(
            "Array.from(document.querySelectorAll('#chart-members rect.bar'))"
            ".map(r => [r.dataset.label, Number(r.getAttribute('height')), r.classList.contains('clipped')])"
        )
        clipped = [x for x in bars if x[2]]
        assert [x[0] for x in clipped] == ["Hà Nội 2024"]
        plot_h = float(b.eval("document.getElementById('chart-members').dataset.h"))
        assert max(h for _, h, c in bars if not c) == pytest.approx(plot_h, abs=0.2)
        assert "Hà Nội 2024: 12.478.018" in b.eval("document.querySelector('p.clipnote[data-kind=members]').textContent")
        assert b.eval("!document.querySelector('p.clipnote[data-kind=members]').hidden")

        # the Overview cards and the kind chart follow the filters
        def card(name: str) -> str:
            return str(b.eval(f"document.querySelector('#card-{name} .v').textContent"))

        assert card("figures") == str(len(data.facts)) and card("articles") == str(len(arts))
        _select(b, "province", "Tây Ninh")
        tn = [a for a in arts if province_of(a) == "Tây Ninh"]
        assert card("articles") == str(len(tn)) == str(_visible(b, "table.artlist tbody tr"))
        assert card("figures") == str(sum(len(a.figures) for a in tn))
        assert card("provinces") == "1" and card("sites") == str(len({a.site for a in tn}))
        assert card("flags") == str(sum(1 for f in data.flags if f.province == "Tây Ninh"))
        flagsum = b.eval("Array.from(document.querySelectorAll('.flagsum li b')).map(x => Number(x.textContent))")
        assert sum(flagsum) == int(card("flags"))
        _select(b, "kind", "money")
        assert card("figures") == "16"
        counts = b.eval("Array.from(document.querySelectorAll('table.artlist tbody tr')).filter(r => !r.hidden)"
                        ".map(r => r.querySelector('td.nfigs a').textContent)")
        assert counts == ["1"] * 16  # each article's money figures only
        kinds = b.eval("Array.from(document.querySelectorAll('#chart-kinds g.kindrow')).map(g => [g.dataset.kind, g.querySelector('text.kn').textContent])")
        assert dict(kinds)["money"] == "16" and dict(kinds)["classes"] == "0"
        _select(b, "year", "2015")
        assert card("figures") == "1" and card("published").startswith("2015-12-30")
        b.eval("document.getElementById('filter-reset').click()")
        assert card("figures") == str(len(data.facts))
        assert b.eval(no_hscroll)

        # an article: the tooltip says where period and organizer came from; still no sideways scroll
        ai = next(i for i, a in enumerate(arts) if a.article_id == "w-0-2012")
        b.eval(f"location.hash = '#fig-{ai}-0'")
        _wait(b, f"!document.getElementById('art-{ai}').hidden")
        tip = b.eval(f"document.querySelector('#art-{ai} mark.fig').title")
        assert "organizer_source: sentence" in tip and "period_source: sentence" in tip
        assert "tỷ đồng (2.868.941.250.000 đồng)" in tip
        assert b.eval(no_hscroll), b.eval("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        b.screenshot(ARTIFACTS / f"report-{width}.png")
        assert b.console_errors() == []
