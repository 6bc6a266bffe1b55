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
