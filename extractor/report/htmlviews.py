"""The article panes of the report: the text with every figure highlighted (hover:
value and attributes, with where period and organizer came from) and the figure
table beside it. A mixin of the renderer in :mod:`extractor.report.html`."""

from __future__ import annotations

import itertools
from collections import defaultdict

from ..models import Article
from .analysis import Fact, ReportData
from .formats import fmt_number as _fmt
from .htmlbits import (
    _CHECK_LABELS,
    _attr_list,
    _exact,
    _grounded,
    _kind_class,
    _safe_url,
    _value_text,
    _with_unit,
    _year_label,
    e,
)

__all__ = ["ArticleViews"]


class ArticleViews:
    d: ReportData
    flagged: dict[int, list[int]]
    shown_set: set[int]

    def fig_id(self, fact: Fact) -> str:
        return f"fig-{fact.article}-{fact.index}"

    def art_title(self, ai: int) -> str:
        art = self.d.articles[ai]
        return art.title or (art.text.strip().splitlines() or ["(untitled)"])[0][:90]

    def prov_text(self, art: Article) -> str:
        new = art.province_2025 or art.province
        if not new:
            return ""
        return f"{new} ({art.province})" if art.province and art.province != new else new

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
        bits = [f"#{fact.index} {f.kind}: {_with_unit(f)}"]
        if f.kind == "money":
            bits[0] += f" ({_exact(f)})"
        if f.qualifier != "exact":
            bits.append(f"qualifier: {f.qualifier}")
        for name in ("subject", "activity"):
            v = getattr(f, name)
            if v:
                bits.append(f"{name}: {v}")
        # where the organizer and the period came from (clause, sentence, paragraph,
        # lead, published date, none): says how far the attribute was carried
        bits.append(f"organizer: {f.organizer or '—'} (organizer_source: {f.organizer_source})")
        bits.append(f"period: {f.period or '—'} (period_source: {f.period_source})")
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
                f'<td class="num" title="{e(_exact(f))}">{e(_value_text(f))}</td><td>{e(f.unit or "")}</td>'
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
