"""Render :class:`~extractor.report.analysis.ReportData` as one self-contained HTML
page: inline CSS, inline SVG charts, a small inline script for the filters and the
article viewer; nothing is fetched when the page is opened.

All record text is untrusted (it comes from web pages): every string goes through
:func:`html.escape`, only http(s) URLs become links, and element ids are built
from indices, never from record values.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

from ..models import KINDS
from .analysis import MAIN_KINDS, Cell, ReportData
from .assets import CSS as _CSS
from .assets import JS as _JS
from .formats import fmt_number as _fmt
from .formats import money_exact, scale_max, value_text
from .htmlbits import (
    _CHECK_LABELS,
    _OTHER_COLOUR,
    KIND_COLOURS,
    KIND_LABELS,
    _attr_list,
    _kind_class,
    _value_text,
    _with_unit,
    _year_label,
    e,
)
from .htmlviews import ArticleViews

__all__ = ["KIND_COLOURS", "render_html"]

class _Renderer(ArticleViews):
    def __init__(self, data: ReportData, title: str, max_flag_rows: int = 5000) -> None:
        self.d = data
        self.title = title
        self.site_idx = {s: i for i, s in enumerate(data.sites)}
        self.prov_idx = {p: i for i, p in enumerate(data.provinces)}
        self.year_idx = {y: i for i, y in enumerate(data.years)}
        self.flagged: dict[int, list[int]] = defaultdict(list)  # fact ref -> flag indices
        for i, fl in enumerate(data.flags):
            for r in fl.refs:
                self.flagged[r].append(i)
        order = sorted(range(len(data.flags)), key=lambda i: (data.flags[i].severity != "error", i))
        self.shown_flags = sorted(order[:max_flag_rows])
        self.shown_set = set(self.shown_flags)

    # -- helpers -----------------------------------------------------------------
    def fig_link(self, ref: int, label: str | None = None) -> str:
        fact = self.d.facts[ref]
        text = label if label is not None else _with_unit(fact.figure)
        return f'<a href="#{self.fig_id(fact)}" class="figlink {_kind_class(fact.figure.kind)}">{e(text)}</a>'

    def cell_id(self, kind: str, province: str, year: int | None) -> str:
        return f"cell-{MAIN_KINDS.index(kind)}-{self.prov_idx[province]}-{self.year_idx[year]}"

    def parts(self, cell: Cell) -> str:
        """Per counted figure: [site index, value, dedup key] for the in-page re-sum."""
        out = []
        for ref in cell.refs:
            fact = self.d.facts[ref]
            if not fact.top_level or self.d.articles[fact.article].duplicate_of is not None:
                continue
            f = fact.figure
            out.append([self.site_idx[fact.site], float(f.value), f"{float(f.value)}/{f.value_high}"])
        return e(json.dumps(out, separators=(",", ":")))

    def fact_sites(self, refs: tuple[int, ...] | list[int]) -> list[str]:
        return [self.d.facts[r].site for r in refs]

    # -- page --------------------------------------------------------------------
    def page(self) -> str:
        parts = [
            "<!DOCTYPE html>",
            '<html lang="vi"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
            f"<title>{e(self.title)}</title>",
            f"<style>{self.css()}</style></head><body>",
            self.header(),
            "<main>",
            self.overview(),
            self.tables(),
            self.flags(),
            self.article_list(),
            self.viewer(),
            "</main>",
            f"<script>{_JS}</script>",
            "</body></html>",
        ]
        return "\n".join(parts)

    def css(self) -> str:
        kinds = "".join(
            f".k-{k}{{--kc:{c}}}" for k, c in KIND_COLOURS.items()
        )
        return _CSS + kinds + f".k-other{{--kc:{_OTHER_COLOUR}}}"

    def header(self) -> str:
        d = self.d

        def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
            opts = "".join(f'<option value="{e(v)}">{e(t)}</option>' for v, t in options)
            return (
                f'<label>{e(label)} <select id="filter-{name}" data-filter="{name}">'
                f'<option value="">all</option>{opts}</select></label>'
            )

        kinds = [k for k in KINDS if d.kinds.get(k)] + sorted(k for k in d.kinds if k not in KINDS)
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return (
            f'<header><h1>{e(self.title)}</h1><p class="sub">Generated {e(generated)} from '
            f"{len(d.articles)} articles. Every number links to the sentence it came from.</p>"
            '<form id="filters" onsubmit="return false">'
            + select("province", "Province", [(p, d.province_label(p)) for p in d.provinces])
            + select("year", "Year", [(_year_label(y), _year_label(y)) for y in d.years])
            + select("kind", "Kind", [(k, k) for k in kinds])
            + select("site", "Site", [(s, s) for s in d.sites])
            + '<button type="button" id="filter-reset">Reset</button>'
            '<span id="filter-status" aria-live="polite"></span></form>'
            '<nav><a href="#overview">Overview</a><a href="#tables">Province × year</a>'
            '<a href="#flags">Data quality</a><a href="#articles">Articles</a></nav></header>'
        )

    def overview(self) -> str:
        d = self.d
        dr = f"{d.date_range[0][:10]} → {d.date_range[1][:10]}" if d.date_range else "unknown"
        cards = [
            ("articles", "Articles", str(len(d.articles))),
            ("sites", "Sites", str(len(d.sites))),
            ("provinces", "Provinces", str(len(d.provinces))),
            ("published", "Published", dr),
            ("figures", "Figures", str(len(d.facts))),
            ("flags", "Flags", str(len(d.flags))),
        ]
        html = ['<section id="overview"><h2>Overview</h2><div class="cards">']
        for key, label, value in cards:
            html.append(
                f'<div class="card" id="card-{key}"><div class="v">{e(value)}</div>'
                f'<div class="l">{e(label)}</div></div>'
            )
        html.append("</div>")
        if d.errors:
            html.append(
                f'<details class="errors"><summary>{len(d.errors)} input records could not be read</summary><ul>'
                + "".join(f"<li>{e(x)}</li>" for x in d.errors[:200])
                + "</ul></details>"
            )
        html.append("<h3>Figures by kind</h3>")
        html.append(self.kind_chart())
        html.append(self.overview_data())
        html.append("</section>")
        return "".join(html)

    def overview_data(self) -> str:
        """What the filters need to recount the Overview: per figure [province, year,
        kind, site, article] and per flag [province, year, kind, [sites]] as indices."""
        d = self.d
        kinds = sorted(d.kinds)
        kind_idx = {k: i for i, k in enumerate(kinds)}
        facts = [
            [self.prov_idx[f.province], self.year_idx[f.year], kind_idx[f.figure.kind],
             self.site_idx[f.site], f.article]
            for f in d.facts
        ]  # fmt: skip
        flags = [
            [self.prov_idx.get(fl.province, -1), self.year_idx.get(fl.year, -1), kind_idx.get(fl.kind, -1),
             sorted({self.site_idx[self.d.facts[r].site] for r in fl.refs}), fl.check]
            for fl in d.flags
        ]  # fmt: skip
        arts = [
            [self.site_idx[a.site or "(không rõ trang)"], (a.published or "")[:10]] for a in d.articles
        ]
        payload = {
            "provinces": d.provinces,
            "years": [_year_label(y) for y in d.years],
            "kinds": kinds,
            "sites": d.sites,
            "facts": facts,
            "flags": flags,
            "articles": arts,
        }
        text = (
            json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )  # nothing in the data can close the element or look like markup
        return f'<script type="application/json" id="report-data">{text}</script>'

    def kind_chart(self) -> str:
        items = [(k, n) for k, n in self.d.kinds.most_common()]
        if not items:
            return '<p class="empty">No figures in these records.</p>'
        row_h, left, width = 22, 130, 560
        top = max(n for _, n in items)
        h = row_h * len(items) + 10
        out = [
            f'<div class="chartbox"><svg class="chart" id="chart-kinds" role="img" aria-label="Figures by kind" '
            f'data-left="{left}" data-width="{width}" '
            f'viewBox="0 0 {left + width + 60} {h}" width="{left + width + 60}" height="{h}">'
        ]
        for i, (k, n) in enumerate(items):
            y = 5 + i * row_h
            w = max(1.0, width * n / top)
            out.append(
                f'<g class="kindrow {_kind_class(k)}" data-kind="{e(k)}">'
                f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{e(k)}</text>'
                f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" class="kbar">'
                f"<title>{e(k)}: {n}</title></rect>"
                f'<text class="kn" x="{left + w + 5:.1f}" y="{y + 15}">{n}</text></g>'
            )
        out.append("</svg></div>")
        return "".join(out)

    # -- province x year ---------------------------------------------------------
    def tables(self) -> str:
        html = [
            '<section id="tables"><h2>Province × year</h2>',
            '<p class="note">Provinces in the 34-province scheme (since 1 July 2025), the names '
            "as reported in brackets. A cell adds up the top-level figures of that kind (parts of a "
            "“trong đó” breakdown are inside their total; the same value reported twice counts "
            "once). Money in triệu/tỷ đồng: hover for the exact amount. Click a number to see its "
            "figures and sentences.</p>",
        ]
        for kind in MAIN_KINDS:
            html.append(self.kind_block(kind))
        html.append("</section>")
        return "".join(html)

    def kind_block(self, kind: str) -> str:
        cells = self.d.tables.get(kind, {})
        label = KIND_LABELS.get(kind, kind)
        head = f'<div class="kind-block f" data-kind="{e(kind)}" id="kind-{e(kind)}"><h3><span class="chip {_kind_class(kind)}"></span>{e(label)}</h3>'
        if not cells:
            return head + '<p class="empty">No figures of this kind.</p></div>'
        provinces = sorted({p for p, _ in cells}, key=self.prov_idx.__getitem__)
        years = sorted({y for _, y in cells}, key=self.year_idx.__getitem__)
        out = [head, self.kind_chart_svg(kind, cells, provinces, years)]
        out.append(
            f'<div class="tablewrap"><table class="pxy" data-kind="{e(kind)}">'
            '<thead><tr><th class="pcol">Province</th>'
        )
        for y in years:
            out.append(f'<th class="f num" data-year="{e(_year_label(y))}">{e(_year_label(y))}</th>')
        out.append('<th class="num totcol">Total</th></tr></thead><tbody>')
        for p in provinces:
            old = self.d.old_names.get(p)
            name = e(p) + (f' <span class="old">({e(", ".join(old))})</span>' if old else "")
            out.append(f'<tr class="f" data-province="{e(p)}"><th class="pcol">{name}</th>')
            row_total = 0.0
            for y in years:
                cell = cells.get((p, y))
                if cell is None:
                    out.append(f'<td class="f num" data-year="{e(_year_label(y))}"></td>')
                    continue
                row_total += cell.total
                n_art = len({self.d.facts[r].article for r in cell.refs})
                out.append(
                    f'<td class="f num cell" data-year="{e(_year_label(y))}" data-parts="{self.parts(cell)}" '
                    f'data-n="{len(cell.refs)} figures in {n_art} articles">'
                    f'<a href="#{self.cell_id(kind, p, y)}" title="{e(self.hover(kind, cell.total))}'
                    f' · {len(cell.refs)} figures in {n_art} articles">'
                    f'<span class="val">{e(value_text(cell.total, kind))}</span></a>'
                    f'<span class="nfig">{len(cell.refs)}</span></td>'
                )
            out.append(
                f'<td class="num rowtotal totcol" title="{e(self.hover(kind, row_total))}">'
                f"{e(value_text(row_total, kind))}</td></tr>"
            )
        out.append("</tbody></table></div></div>")
        return "".join(out)

    @staticmethod
    def hover(kind: str, v: float) -> str:
        return money_exact(v) if kind == "money" else _fmt(v)

    def kind_chart_svg(
        self, kind: str, cells: dict[tuple[str, int | None], Cell], provinces: list[str], years: list[int | None]
    ) -> str:
        left, top, plot_h, group_w = 116 if kind == "money" else 60, 10, 160, max(40, 14 * len(provinces) + 16)
        width = left + group_w * len(years) + 10
        height = top + plot_h + 30
        vmax = scale_max(c.total for c in cells.values())
        base = top + plot_h
        bar_w = (group_w - 16) / max(1, len(provinces))
        clipped = []
        out = [
            f'<div class="chartwrap"><div class="chartbox"><svg class="chart pxy-chart" id="chart-{e(kind)}" role="img" '
            f'aria-label="{e(kind)} by province and year" data-max="{vmax}" data-base="{base}" '
            f'data-h="{plot_h}" data-kind="{e(kind)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        ]
        for frac in (0.0, 0.5, 1.0):
            gy = base - plot_h * frac
            out.append(
                f'<line x1="{left}" x2="{width - 5}" y1="{gy:.1f}" y2="{gy:.1f}" class="grid"/>'
                f'<text x="{left - 4}" y="{gy + 4:.1f}" text-anchor="end" class="tick ytick" data-frac="{frac}">'
                f"{e(value_text(vmax * frac if kind == 'money' else round(vmax * frac), kind))}</text>"
            )
        for yi, y in enumerate(years):
            gx = left + yi * group_w + 8
            out.append(
                f'<text class="f tick" data-year="{e(_year_label(y))}" x="{gx + (group_w - 16) / 2:.1f}" '
                f'y="{base + 16}" text-anchor="middle">{e(_year_label(y))}</text>'
            )
            for pi, p in enumerate(provinces):
                cell = cells.get((p, y))
                if cell is None:
                    continue
                over = cell.total > vmax
                if over:
                    clipped.append(f"{self.d.province_label(p)} {_year_label(y)}: {value_text(cell.total, kind)}")
                h = plot_h * min(cell.total, vmax) / vmax
                colour = f"hsl({(self.prov_idx[p] * 137.5) % 360:.0f},55%,50%)"
                out.append(
                    f'<rect class="f bar{" clipped" if over else ""}" data-province="{e(p)}" '
                    f'data-label="{e(self.d.province_label(p))} {e(_year_label(y))}" data-year="{e(_year_label(y))}" '
                    f'data-parts="{self.parts(cell)}" x="{gx + pi * bar_w:.1f}" y="{base - h:.1f}" '
                    f'width="{max(1.0, bar_w - 1):.1f}" height="{h:.1f}" fill="{colour}">'
                    f"<title>{e(self.d.province_label(p))} {e(_year_label(y))}: {e(value_text(cell.total, kind))}"
                    f"{' (' + e(money_exact(cell.total)) + ')' if kind == 'money' else ''}"
                    f"{' — off the scale' if over else ''}</title></rect>"
                )
        out.append("</svg></div><ul class=\"legend\">")
        for p in provinces:
            colour = f"hsl({(self.prov_idx[p] * 137.5) % 360:.0f},55%,50%)"
            out.append(
                f'<li class="f" data-province="{e(p)}"><span class="sw" style="background:{colour}"></span>'
                f"{e(self.d.province_label(p))}</li>"
            )
        note = (
            f"Scale cut at {value_text(vmax, kind)}; off the scale (hatched, possibly a misread "
            f"figure): {'; '.join(clipped)}" if clipped else ""
        )
        out.append(f'</ul></div><p class="clipnote" data-kind="{e(kind)}"{"" if clipped else " hidden"}>{e(note)}</p>')
        return "".join(out)

    # -- flags -------------------------------------------------------------------
    def flags(self) -> str:
        d = self.d
        counts: dict[str, int] = defaultdict(int)
        for fl in d.flags:
            counts[fl.check] += 1
        html = ['<section id="flags"><h2>Data quality</h2><ul class="flagsum">']
        for check, label in _CHECK_LABELS.items():
            html.append(f'<li data-check="{e(check)}"><b>{counts.get(check, 0)}</b> {e(label)}</li>')
        html.append("</ul>")
        if d.flags:
            html.append(
                '<div class="tablewrap"><table class="flags"><thead><tr><th>Severity</th><th>Check</th><th>What</th>'
                "<th>Province</th><th>Year</th><th>Figures</th></tr></thead><tbody>"
            )
            for i in self.shown_flags:
                fl = d.flags[i]
                links = " ".join(
                    self.fig_link(r, f"{_value_text(d.facts[r].figure)} · {self.art_title(d.facts[r].article)[:40]}")
                    for r in fl.refs
                )
                html.append(
                    f'<tr class="f flag {e(fl.severity)}" id="flag-{i}" data-check="{e(fl.check)}" '
                    f'data-province="{e(fl.province)}" data-year="{e(_year_label(fl.year))}" '
                    f'data-kind="{e(fl.kind)}" data-site="{_attr_list(self.fact_sites(fl.refs))}">'
                    f"<td>{e(fl.severity)}</td><td>{e(_CHECK_LABELS.get(fl.check, fl.check))}</td>"
                    f"<td>{e(fl.message)}</td><td>{e(d.province_label(fl.province))}</td>"
                    f"<td>{e(_year_label(fl.year))}</td><td>{links}</td></tr>"
                )
            html.append("</tbody></table></div>")
            if len(self.shown_flags) < len(d.flags):
                html.append(
                    f'<p class="note">Showing the first {len(self.shown_flags)} of {len(d.flags)} flags '
                    "(errors first). Raise the thresholds (--low-confidence, --outlier-factor, "
                    "--similarity) or filter the records to see the rest.</p>"
                )
        else:
            html.append('<p class="empty">No flags.</p>')
        html.append("<h3>“Trong đó” breakdowns</h3>")
        if d.breakdowns:
            html.append(
                '<div class="tablewrap"><table class="breakdowns"><thead><tr><th>Status</th><th>Parts</th><th></th><th>Total</th>'
                "<th>Article</th></tr></thead><tbody>"
            )
            for bd in d.breakdowns:
                parent = d.facts[bd.parent]
                parts = " + ".join(self.fig_link(k, _fmt(d.facts[k].figure.value)) for k in bd.children)
                sign = "=" if bd.status == "consistent" else ("≈" if bd.status == "approximate" else "≠")
                html.append(
                    f'<tr class="f bd {"ok" if bd.ok else "bad"}" data-status="{e(bd.status)}" '
                    f'data-province="{e(parent.province)}" data-year="{e(_year_label(parent.year))}" '
                    f'data-kind="{e(parent.figure.kind)}" data-site="{e(parent.site)}">'
                    f"<td>{e(bd.status.replace('_', ' '))}</td>"
                    f"<td>{parts} = {e(_fmt(bd.parts_sum))}</td><td class=\"sign\">{sign}</td>"
                    f"<td>{self.fig_link(bd.parent)} {e(parent.figure.kind)}</td>"
                    f'<td><a href="#art-{parent.article}">{e(self.art_title(parent.article))}</a></td></tr>'
                )
            html.append("</tbody></table></div>")
        else:
            html.append('<p class="empty">No breakdowns in these records.</p>')
        html.append("</section>")
        return "".join(html)

    # -- articles ----------------------------------------------------------------
    def article_list(self) -> str:
        d = self.d
        html = [
            '<section id="articles"><h2>Articles</h2><div class="tablewrap"><table class="artlist"><thead><tr>'
            "<th>Title</th><th>Site</th><th>Published</th><th>Province</th><th>Figures</th><th>Flags</th>"
            "</tr></thead><tbody>"
        ]
        for ai, art in enumerate(d.articles):
            refs = d.article_facts[ai]
            facts = [d.facts[r] for r in refs]
            province = art.province_2025 or art.province or ""
            years = {_year_label(f.year) for f in facts}
            if art.published:
                years.add(art.published[:4])
            n_flags = len({i for r in refs for i in self.flagged.get(r, [])})
            html.append(
                f'<tr class="f" data-province="{e(facts[0].province if facts else province or "(không rõ tỉnh)")}" '
                f'data-site="{e(art.site or "(không rõ trang)")}" data-year="{_attr_list(years)}" '
                f'data-kind="{_attr_list([f.figure.kind for f in facts])}">'
                f'<td><a href="#art-{ai}">{e(self.art_title(ai))}</a></td><td>{e(art.site or "")}</td>'
                f"<td>{e((art.published or '')[:10])}</td><td>{e(self.prov_text(art))}</td>"
                f'<td class="num nfigs"><a href="#art-{ai}">{len(refs)}</a></td>'
                f'<td class="num">{n_flags or ""}</td></tr>'
            )
        html.append("</tbody></table></div></section>")
        return "".join(html)

    def viewer(self) -> str:
        html = ['<section id="viewer" hidden><h2>Detail</h2>']
        for kind in MAIN_KINDS:
            for (p, y), cell in self.d.tables.get(kind, {}).items():
                html.append(self.cell_pane(kind, p, y, cell))
        for ai in range(len(self.d.articles)):
            html.append(self.article_pane(ai))
        html.append("</section>")
        return "".join(html)

    def cell_pane(self, kind: str, province: str, year: int | None, cell: Cell) -> str:
        d = self.d
        counted = set(cell.counted)
        out = [
            f'<div class="pane cellpane" id="{self.cell_id(kind, province, year)}" hidden>'
            f"<h3>{e(kind)} · {e(d.province_label(province))} · {e(_year_label(year))}: "
            f'<span class="paneval" data-kind="{e(kind)}" data-parts="{self.parts(cell)}" '
            f'title="{e(self.hover(kind, cell.total))}">{e(value_text(cell.total, kind))}</span></h3>'
            '<div class="tablewrap"><table><thead><tr><th>Value</th><th>Counted</th>'
            "<th>Sentence</th><th>Article</th></tr></thead><tbody>"
        ]
        for ref in cell.refs:
            fact = d.facts[ref]
            fig = fact.figure
            if ref in counted:
                why = "yes"
            elif not fact.top_level:
                why = f"part of #{fig.parent}"
            elif d.articles[fact.article].duplicate_of is not None:
                why = "duplicate article"
            else:
                why = "same value counted once"
            out.append(
                f'<tr class="f" data-site="{e(fact.site)}"><td>{self.fig_link(ref)}</td><td>{e(why)}</td>'
                f"<td>{self.sentence_html(fact)}</td>"
                f'<td><a href="#art-{fact.article}">{e(self.art_title(fact.article))}</a> '
                f'<span class="site">{e(fact.site)}</span></td></tr>'
            )
        out.append("</tbody></table></div></div>")
        return "".join(out)

def render_html(
    data: ReportData, title: str = "Union figures: monitoring report", max_flag_rows: int = 5000
) -> str:
    """The whole report as one HTML string (the flags table lists at most
    ``max_flag_rows`` flags, errors first; the counts cover them all)."""
    return _Renderer(data, title, max_flag_rows).page()
