"""Render :class:`~extractor.report.analysis.ReportData` as one self-contained HTML
page: inline CSS, inline SVG charts, a small inline script for the filters and the
article viewer; nothing is fetched when the page is opened.

All record text is untrusted (it comes from web pages): every string goes through
:func:`html.escape`, only http(s) URLs become links, and element ids are built
from indices, never from record values.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from datetime import UTC, datetime
from html import escape

from ..models import KINDS, Article, Figure
from .analysis import MAIN_KINDS, Cell, Fact, ReportData, _fmt

__all__ = ["KIND_COLOURS", "render_html"]

KIND_COLOURS: dict[str, str] = {
    "classes": "#4e79a7",
    "attendances": "#f28e2b",
    "participants": "#59a14f",
    "members": "#e15759",
    "organizations": "#76b7b2",
    "money": "#edc948",
    "awards": "#b07aa1",
    "percentage": "#ff9da7",
    "plan_attainment": "#9c755f",
    "term": "#bab0ac",
    "duration": "#8cd17d",
    "count": "#86bcb6",
}
_OTHER_COLOUR = "#cccccc"
KIND_LABELS: dict[str, str] = {
    "classes": "classes (lớp)",
    "attendances": "attendances (lượt)",
    "participants": "participants (người)",
    "members": "members (đoàn viên)",
    "money": "money (đồng)",
}
_SEP = "|"  # separator of multi-valued filter attributes
_CHECK_LABELS = {
    "breakdown": "parts ≠ total",
    "conflict": "same fact, different numbers",
    "outlier": "outlier vs province history",
    "low_confidence": "low confidence",
    "ungrounded": "evidence not found in text",
}


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _attr_list(values: object) -> str:
    items = values if isinstance(values, list | tuple | set | frozenset) else [values]
    return e(_SEP.join(sorted({"" if v is None else str(v) for v in items})))


def _year_label(y: int | None) -> str:
    return "?" if y is None else str(y)


def _kind_class(kind: str) -> str:
    return f"k-{kind}" if kind in KIND_COLOURS else "k-other"


def _value_text(fig: Figure) -> str:
    v = _fmt(fig.value)
    if fig.value_high is not None:
        v += f"–{_fmt(fig.value_high)}"
    return v


def _safe_url(url: str | None) -> str | None:
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _grounded(fig: Figure, text: str) -> bool:
    return 0 <= fig.start < fig.end <= len(text) and (not fig.quote or text[fig.start : fig.end] == fig.quote)


class _Renderer:
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
    def fig_id(self, fact: Fact) -> str:
        return f"fig-{fact.article}-{fact.index}"

    def fig_link(self, ref: int, label: str | None = None) -> str:
        fact = self.d.facts[ref]
        text = label if label is not None else f"{_value_text(fact.figure)} {fact.figure.unit or ''}".strip()
        return f'<a href="#{self.fig_id(fact)}" class="figlink {_kind_class(fact.figure.kind)}">{e(text)}</a>'

    def art_title(self, ai: int) -> str:
        art = self.d.articles[ai]
        return art.title or (art.text.strip().splitlines() or ["(untitled)"])[0][:90]

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
            ("Articles", str(len(d.articles))),
            ("Sites", str(len(d.sites))),
            ("Provinces", str(len([p for p in d.provinces]))),
            ("Published", dr),
            ("Figures", str(len(d.facts))),
            ("Flags", str(len(d.flags))),
        ]
        html = ['<section id="overview"><h2>Overview</h2><div class="cards">']
        for label, value in cards:
            html.append(f'<div class="card"><div class="v">{e(value)}</div><div class="l">{e(label)}</div></div>')
        html.append("</div>")
        if d.errors:
            html.append(
                f'<details class="errors"><summary>{len(d.errors)} input records could not be read</summary><ul>'
                + "".join(f"<li>{e(x)}</li>" for x in d.errors[:200])
                + "</ul></details>"
            )
        html.append("<h3>Figures by kind</h3>")
        html.append(self.kind_chart())
        html.append("</section>")
        return "".join(html)

    def kind_chart(self) -> str:
        items = [(k, n) for k, n in self.d.kinds.most_common()]
        if not items:
            return '<p class="empty">No figures in these records.</p>'
        row_h, left, width = 22, 130, 560
        top = max(n for _, n in items)
        h = row_h * len(items) + 10
        out = [
            f'<svg class="chart" id="chart-kinds" role="img" aria-label="Figures by kind" '
            f'viewBox="0 0 {left + width + 60} {h}" width="{left + width + 60}" height="{h}">'
        ]
        for i, (k, n) in enumerate(items):
            y = 5 + i * row_h
            w = max(1.0, width * n / top)
            out.append(
                f'<g class="f {_kind_class(k)}" data-kind="{e(k)}">'
                f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{e(k)}</text>'
                f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" class="kbar">'
                f"<title>{e(k)}: {n}</title></rect>"
                f'<text x="{left + w + 5:.1f}" y="{y + 15}">{n}</text></g>'
            )
        out.append("</svg>")
        return "".join(out)

    # -- province x year ---------------------------------------------------------
    def tables(self) -> str:
        html = [
            '<section id="tables"><h2>Province × year</h2>',
            '<p class="note">Provinces in the 34-province scheme (since 1 July 2025), the names '
            "as reported in brackets. A cell adds up the top-level figures of that kind (parts of a "
            "“trong đó” breakdown are inside their total; the same value reported twice counts "
            "once). Click a number to see its figures and sentences.</p>",
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
        out.append(f'<table class="pxy" data-kind="{e(kind)}"><thead><tr><th>Province</th>')
        for y in years:
            out.append(f'<th class="f num" data-year="{e(_year_label(y))}">{e(_year_label(y))}</th>')
        out.append('<th class="num">Total</th></tr></thead><tbody>')
        for p in provinces:
            old = self.d.old_names.get(p)
            name = e(p) + (f' <span class="old">({e(", ".join(old))})</span>' if old else "")
            out.append(f'<tr class="f" data-province="{e(p)}"><th>{name}</th>')
            row_total = 0.0
            for y in years:
                cell = cells.get((p, y))
                if cell is None:
                    out.append(f'<td class="f num" data-year="{e(_year_label(y))}"></td>')
                    continue
                row_total += cell.total
                n_art = len({self.d.facts[r].article for r in cell.refs})
                out.append(
                    f'<td class="f num cell" data-year="{e(_year_label(y))}" data-parts="{self.parts(cell)}">'
                    f'<a href="#{self.cell_id(kind, p, y)}" title="{len(cell.refs)} figures in {n_art} articles">'
                    f'<span class="val">{e(_fmt(cell.total))}</span></a>'
                    f'<span class="nfig">{len(cell.refs)}</span></td>'
                )
            out.append(f'<td class="num rowtotal">{e(_fmt(row_total))}</td></tr>')
        out.append("</tbody></table></div>")
        return "".join(out)

    def kind_chart_svg(
        self, kind: str, cells: dict[tuple[str, int | None], Cell], provinces: list[str], years: list[int | None]
    ) -> str:
        left, top, plot_h, group_w = 60, 10, 160, max(40, 14 * len(provinces) + 16)
        width = left + group_w * len(years) + 10
        height = top + plot_h + 30
        vmax = max((c.total for c in cells.values()), default=0.0) or 1.0
        base = top + plot_h
        bar_w = (group_w - 16) / max(1, len(provinces))
        out = [
            f'<div class="chartwrap"><svg class="chart pxy-chart" id="chart-{e(kind)}" role="img" '
            f'aria-label="{e(kind)} by province and year" data-max="{vmax}" data-base="{base}" '
            f'data-h="{plot_h}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        ]
        for frac in (0.0, 0.5, 1.0):
            gy = base - plot_h * frac
            out.append(
                f'<line x1="{left}" x2="{width - 5}" y1="{gy:.1f}" y2="{gy:.1f}" class="grid"/>'
                f'<text x="{left - 4}" y="{gy + 4:.1f}" text-anchor="end" class="tick ytick" data-frac="{frac}">'
                f"{e(_fmt(round(vmax * frac)))}</text>"
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
                h = plot_h * cell.total / vmax
                colour = f"hsl({(self.prov_idx[p] * 137.5) % 360:.0f},55%,50%)"
                out.append(
                    f'<rect class="f bar" data-province="{e(p)}" data-year="{e(_year_label(y))}" '
                    f'data-parts="{self.parts(cell)}" x="{gx + pi * bar_w:.1f}" y="{base - h:.1f}" '
                    f'width="{max(1.0, bar_w - 1):.1f}" height="{h:.1f}" fill="{colour}">'
                    f"<title>{e(self.d.province_label(p))} {e(_year_label(y))}: {e(_fmt(cell.total))}</title></rect>"
                )
        out.append("</svg><ul class=\"legend\">")
        for p in provinces:
            colour = f"hsl({(self.prov_idx[p] * 137.5) % 360:.0f},55%,50%)"
            out.append(
                f'<li class="f" data-province="{e(p)}"><span class="sw" style="background:{colour}"></span>'
                f"{e(self.d.province_label(p))}</li>"
            )
        out.append("</ul></div>")
        return "".join(out)

    # -- flags -------------------------------------------------------------------
    def flags(self) -> str:
        d = self.d
        counts: dict[str, int] = defaultdict(int)
        for fl in d.flags:
            counts[fl.check] += 1
        html = ['<section id="flags"><h2>Data quality</h2><ul class="flagsum">']
        for check, label in _CHECK_LABELS.items():
            html.append(f'<li><b>{counts.get(check, 0)}</b> {e(label)}</li>')
        html.append("</ul>")
        if d.flags:
            html.append(
                '<table class="flags"><thead><tr><th>Severity</th><th>Check</th><th>What</th>'
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
            html.append("</tbody></table>")
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
                '<table class="breakdowns"><thead><tr><th>Status</th><th>Parts</th><th></th><th>Total</th>'
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
            html.append("</tbody></table>")
        else:
            html.append('<p class="empty">No breakdowns in these records.</p>')
        html.append("</section>")
        return "".join(html)

    # -- articles ----------------------------------------------------------------
    def article_list(self) -> str:
        d = self.d
        html = [
            '<section id="articles"><h2>Articles</h2><table class="artlist"><thead><tr>'
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
                f'<td class="num"><a href="#art-{ai}">{len(refs)}</a></td>'
                f'<td class="num">{n_flags or ""}</td></tr>'
            )
        html.append("</tbody></table></section>")
        return "".join(html)

    def prov_text(self, art: Article) -> str:
        new = art.province_2025 or art.province
        if not new:
            return ""
        return f"{new} ({art.province})" if art.province and art.province != new else new

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
            f"{e(_fmt(cell.total))}</h3><table><thead><tr><th>Value</th><th>Counted</th>"
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
        out.append("</tbody></table></div>")
        return "".join(out)

    def sentence_html(self, fact: Fact) -> str:
        fig = fact.figure
        sent = fig.sentence or fig.quote
        i = sent.find(fig.quote) if fig.quote else -1
        if i < 0:
            return e(sent)
        j = i + len(fig.quote)
        return f'{e(sent[:i])}<mark class="{_kind_class(fig.kind)}">{e(sent[i:j])}</mark>{e(sent[j:])}'

    def tooltip(self, fact: Fact) -> str:
        f = fact.figure
        bits = [f"#{fact.index} {f.kind}: {_value_text(f)} {f.unit or ''}".rstrip()]
        if f.qualifier != "exact":
            bits.append(f"qualifier: {f.qualifier}")
        for name in ("subject", "activity", "organizer", "period"):
            v = getattr(f, name)
            if v:
                src = f.period_source if name == "period" else f.organizer_source
                note = f" ({src})" if name in ("organizer", "period") and src != "none" else ""
                bits.append(f"{name}: {v}{note}")
        if f.plan_attainment is not None:
            bits.append(f"plan attainment: {_fmt(f.plan_attainment)}%")
        if f.parent is not None:
            bits.append(f"part of #{f.parent}")
        bits.append(f"year: {_year_label(fact.year)}")
        bits.append(f"confidence: {f.confidence:.2f}; rule: {f.rule}")
        flags = self.flagged.get(fact.ref, [])
        bits.extend(f"⚠ {self.d.flags[i].message}" for i in flags[:3])
        if len(flags) > 3:
            bits.append(f"⚠ … {len(flags) - 3} more flags")
        return "\n".join(bits)

    def highlighted_text(self, ai: int) -> str:
        art = self.d.articles[ai]
        text = art.text
        facts = [self.d.facts[r] for r in self.d.article_facts[ai]]
        spans = [f for f in facts if _grounded(f.figure, text)]
        if not spans:
            return e(text)
        bounds = sorted({0, len(text)} | {f.figure.start for f in spans} | {f.figure.end for f in spans})
        starts: dict[int, list[Fact]] = defaultdict(list)
        for f in spans:
            starts[f.figure.start].append(f)
        out = []
        for a, b in itertools.pairwise(bounds):
            for f in starts.get(a, []):
                out.append(f'<span class="anchor" id="{self.fig_id(f)}"></span>')
            cover = [f for f in spans if f.figure.start <= a and f.figure.end >= b]
            seg = e(text[a:b])
            if not cover:
                out.append(seg)
                continue
            inner = min(cover, key=lambda f: (f.figure.end - f.figure.start, f.index))
            ids = " ".join(self.fig_id(f) for f in [inner, *(c for c in cover if c is not inner)])
            flagged = any(self.flagged.get(f.ref) for f in cover)
            cls = f"fig {_kind_class(inner.figure.kind)}" + (" multi" if len(cover) > 1 else "") + (
                " flagged" if flagged else ""
            )
            tip = "\n—\n".join(self.tooltip(f) for f in cover)
            kinds = _attr_list([f.figure.kind for f in cover])
            out.append(f'<mark class="{cls}" data-figs="{e(ids)}" data-kind="{kinds}" title="{e(tip)}">{seg}</mark>')
        return "".join(out)

    def year_note(self, fact: Fact) -> str:
        """The year the figure is counted in, when its period does not say it."""
        if fact.figure.period and fact.figure.period.text.strip() == _year_label(fact.year):
            return ""
        return f' <small title="counted in year">→ {e(_year_label(fact.year))}</small>'

    def article_pane(self, ai: int) -> str:
        d = self.d
        art = d.articles[ai]
        url = _safe_url(art.url)
        meta = [
            f"<span>{e(art.site or '')}</span>",
            f"<span>{e(art.published or 'date unknown')}</span>",
            f"<span>{e(self.prov_text(art) or 'province unknown')}</span>",
        ]
        if art.author:
            meta.append(f"<span>{e(art.author)}</span>")
        if url:
            meta.append(f'<a href="{e(url)}" rel="noopener noreferrer nofollow" target="_blank">source</a>')
        elif art.url:
            meta.append(f"<span>{e(art.url)}</span>")
        if art.duplicate_of:
            meta.append(f'<span class="dup">duplicate of {e(art.duplicate_of)}</span>')
        rows = []
        for ref in d.article_facts[ai]:
            fact = d.facts[ref]
            f = fact.figure
            fl = "".join(
                f'<a class="badge {e(d.flags[i].severity)}" href="#flag-{i}" title="{e(d.flags[i].message)}">'
                f"{e(_CHECK_LABELS.get(d.flags[i].check, d.flags[i].check))}</a>"
                for i in self.flagged.get(ref, [])[:5]
                if i in self.shown_set
            )
            parent = (
                f'<a href="#fig-{ai}-{f.parent}">#{f.parent}</a>' if f.parent is not None else ""
            )
            rows.append(
                f'<tr class="figrow" id="row-{ai}-{fact.index}" data-kind="{e(f.kind)}">'
                f'<td><a href="#{self.fig_id(fact)}">#{fact.index}</a></td>'
                f'<td><span class="chip {_kind_class(f.kind)}"></span>{e(f.kind)}</td>'
                f'<td class="num">{e(_value_text(f))}</td><td>{e(f.unit or "")}</td>'
                f'<td>{e("" if f.qualifier == "exact" else f.qualifier)}</td>'
                f'<td>{e(f.subject or "")}</td><td>{e(f.organizer or "")}</td>'
                f'<td>{e(f.activity or "")}</td><td>{e(f.period or "")}{self.year_note(fact)}</td>'
                f"<td>{parent}</td><td>{f.confidence:.2f}</td><td><code>{e(f.rule)}</code></td><td>{fl}</td></tr>"
            )
        legend = "".join(
            f'<span class="lg"><span class="chip {_kind_class(k)}"></span>{e(k)}</span>'
            for k in sorted({d.facts[r].figure.kind for r in d.article_facts[ai]})
        )
        return (
            f'<article class="pane artpane" id="art-{ai}" hidden><h3>{e(self.art_title(ai))}</h3>'
            f'<p class="meta">{" · ".join(meta)}</p><p class="legendline">{legend}</p>'
            f'<div class="artbody"><div class="text">{self.highlighted_text(ai)}</div>'
            f'<div class="side"><table class="figs"><thead><tr><th>#</th><th>Kind</th><th>Value</th>'
            "<th>Unit</th><th>Qual.</th><th>Subject</th><th>Organizer</th><th>Activity</th>"
            "<th>Period</th><th>Part of</th><th>Conf.</th><th>Rule</th><th>Flags</th></tr></thead>"
            f'<tbody>{"".join(rows)}</tbody></table></div></div></article>'
        )


def render_html(
    data: ReportData, title: str = "Union figures: monitoring report", max_flag_rows: int = 5000
) -> str:
    """The whole report as one HTML string (the flags table lists at most
    ``max_flag_rows`` flags, errors first; the counts cover them all)."""
    return _Renderer(data, title, max_flag_rows).page()


_CSS = """
:root{--fg:#1d2330;--mut:#667085;--bg:#fff;--bd:#e4e7ec;--acc:#2f5fb3;--err:#c0392b;--warn:#b7791f;--ok:#2f855a}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#f7f8fa}
header{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--bd);padding:10px 20px}
h1{margin:0;font-size:20px}h2{margin:0 0 10px;font-size:18px}h3{font-size:15px;margin:14px 0 8px}
.sub,.note{color:var(--mut);margin:2px 0 6px}
#filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:6px 0}
#filters select{max-width:230px;padding:2px 4px}#filter-status{color:var(--mut)}
nav a{margin-right:14px;color:var(--acc);text-decoration:none}
main{padding:10px 20px 60px;max-width:1500px}
section{background:#fff;border:1px solid var(--bd);border-radius:6px;padding:14px 18px;margin:14px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--bd);border-radius:6px;padding:8px 14px;min-width:110px}
.card .v{font-size:20px;font-weight:600}.card .l{color:var(--mut);font-size:12px}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border-bottom:1px solid var(--bd);padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f2f4f7;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
td.cell a{color:var(--acc);font-weight:600;text-decoration:none}td.cell a:hover{text-decoration:underline}
.nfig{display:inline-block;margin-left:5px;font-size:10px;color:var(--mut)}
.old{color:var(--mut);font-weight:normal}.rowtotal{font-weight:600}
.chip{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--kc);margin-right:5px}
.chart text{font-size:11px;fill:#333}.chart .tick{fill:var(--mut)}.chart .grid{stroke:#eee}.kbar{fill:var(--kc)}
.chartwrap{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap;overflow-x:auto}
.legend{list-style:none;padding:0;margin:0;font-size:12px;columns:2}.legend .sw{display:inline-block;width:10px;height:10px;margin-right:4px}
.flagsum{display:flex;gap:18px;list-style:none;padding:0}
tr.flag.error td:first-child{color:var(--err);font-weight:600}tr.flag.warning td:first-child{color:var(--warn);font-weight:600}
tr.bd.ok td:first-child{color:var(--ok)}tr.bd.bad td:first-child{color:var(--err);font-weight:600}
a.figlink{color:inherit;text-decoration:none;border-bottom:2px solid var(--kc);margin-right:6px}
mark{background:color-mix(in srgb,var(--kc) 30%,transparent);border-bottom:2px solid var(--kc);color:inherit;border-radius:2px;cursor:help}
mark.multi{outline:1px dashed #555}mark.flagged{box-shadow:0 2px 0 var(--err)}mark.dim{background:none;border-bottom:1px dotted #bbb}
mark.hot{outline:2px solid #111;background:color-mix(in srgb,var(--kc) 60%,transparent)}
.artbody{display:flex;gap:16px;align-items:flex-start}.text{flex:1 1 55%;white-space:pre-wrap;max-height:calc(100vh - 260px);min-height:300px;overflow:auto;border:1px solid var(--bd);padding:10px;border-radius:4px;background:#fcfcfd}
.side{flex:1 1 45%;max-height:calc(100vh - 260px);min-height:300px;overflow:auto;font-size:12px}.figs tr.hot{background:#fff4c2}
.meta{color:var(--mut)}.meta span{margin-right:4px}.legendline .lg{margin-right:12px;font-size:12px}
.badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;color:#fff;text-decoration:none;margin:1px}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.empty{color:var(--mut)}.site{color:var(--mut);font-size:12px}
[hidden]{display:none!important}.pane,.anchor,section{scroll-margin-top:150px}td.sign{font-weight:700;text-align:center}
"""

# Filters: an element with class "f" and data-province/-year/-kind/-site (values joined
# by "|") is shown only when every active filter matches. Cells and chart bars carry
# their parts ([site, value, key]) and are re-summed for the selected site.
_JS = r"""
(function(){
'use strict';
var SEP='|';
var sites=[];document.querySelectorAll('#filter-site option').forEach(function(o){if(o.value)sites.push(o.value);});
function fmt(v){var neg=v<0;v=Math.abs(v);var s=Number.isInteger(v)?String(v):v.toFixed(2).replace('.',',');
 var p=s.split(',');p[0]=p[0].replace(/\B(?=(\d{3})+(?!\d))/g,'.');return (neg?'-':'')+p.join(',');}
function state(){var s={};document.querySelectorAll('[data-filter]').forEach(function(el){s[el.dataset.filter]=el.value;});return s;}
function matches(el,s){for(var k in s){if(!s[k])continue;var v=el.getAttribute('data-'+k);if(v===null)continue;
 if(v.split(SEP).indexOf(s[k])<0)return false;}return true;}
function sumParts(el,site){var parts=JSON.parse(el.getAttribute('data-parts')||'[]');var seen={},t=0;
 parts.forEach(function(p){if(site&&sites[p[0]]!==site)return;if(seen[p[2]])return;seen[p[2]]=1;t+=p[1];});return t;}
function apply(){
 var s=state();
 document.querySelectorAll('.f').forEach(function(el){el.toggleAttribute('hidden',!matches(el,s));});
 document.querySelectorAll('td.cell').forEach(function(td){var t=sumParts(td,s.site);td.dataset.total=t;
  var v=td.querySelector('.val');if(v)v.textContent=fmt(t);td.classList.toggle('zero',t===0);});
 document.querySelectorAll('table.pxy tbody tr').forEach(function(tr){var t=0;
  tr.querySelectorAll('td.cell').forEach(function(td){if(!td.hasAttribute('hidden'))t+=Number(td.dataset.total||0);});
  var rt=tr.querySelector('.rowtotal');if(rt)rt.textContent=fmt(t);});
 document.querySelectorAll('svg.pxy-chart').forEach(function(svg){var b=Number(svg.dataset.base),H=Number(svg.dataset.h),mx=0;
  var bars=Array.from(svg.querySelectorAll('rect.bar'));bars.forEach(function(r){r._v=sumParts(r,s.site);if(!r.hasAttribute('hidden'))mx=Math.max(mx,r._v);});
  mx=mx||1;bars.forEach(function(r){var h=H*r._v/mx;r.setAttribute('height',h.toFixed(1));r.setAttribute('y',(b-h).toFixed(1));});
  svg.querySelectorAll('.ytick').forEach(function(t){t.textContent=fmt(Math.round(mx*Number(t.dataset.frac)));});});
 document.querySelectorAll('mark.fig').forEach(function(m){m.classList.toggle('dim',!!s.kind&&m.dataset.kind.split(SEP).indexOf(s.kind)<0);});
 var rows=document.querySelectorAll('table.artlist tbody tr'),n=0;rows.forEach(function(r){if(!r.hidden)n++;});
 var fl=document.querySelectorAll('table.flags tbody tr'),nf=0;fl.forEach(function(r){if(!r.hidden)nf++;});
 document.getElementById('filter-status').textContent='Showing '+n+' of '+rows.length+' articles, '+nf+' of '+fl.length+' flags';
}
function centre(el){var box=el.closest('.text,.side');if(!box){el.scrollIntoView({block:'center'});return;}
 box.scrollTop+=el.getBoundingClientRect().top-box.getBoundingClientRect().top-box.clientHeight/2;}
function show(hash){
 if(!hash||hash.length<2)return;var el=document.getElementById(decodeURIComponent(hash.slice(1)));if(!el)return;
 var pane=el.classList.contains('pane')?el:el.closest('.pane');
 if(pane){document.getElementById('viewer').hidden=false;document.querySelectorAll('.pane').forEach(function(p){p.hidden=(p!==pane);});}
 document.querySelectorAll('.hot').forEach(function(x){x.classList.remove('hot');});
 if(el.classList.contains('anchor')){var id=el.id;
  document.querySelectorAll('mark.fig').forEach(function(m){if(m.dataset.figs.split(' ').indexOf(id)>=0)m.classList.add('hot');});
  var row=document.getElementById(id.replace('fig-','row-'));if(row)row.classList.add('hot');
  if(pane)pane.scrollIntoView({block:'start'});
  var first=document.querySelector('mark.hot');centre(first||el);if(row)centre(row);
 }else{el.scrollIntoView({block:'start'});}
}
document.addEventListener('click',function(ev){var m=ev.target.closest&&ev.target.closest('mark.fig');if(!m)return;
 var inner=m.dataset.figs.split(' ')[0];history.replaceState(null,'','#'+inner);show('#'+inner);});
document.querySelectorAll('[data-filter]').forEach(function(el){el.addEventListener('change',apply);});
document.getElementById('filter-reset').addEventListener('click',function(){document.querySelectorAll('[data-filter]').forEach(function(el){el.value='';});apply();});
window.addEventListener('hashchange',function(){show(location.hash);});
apply();show(location.hash);
})();
"""
