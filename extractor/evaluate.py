"""Score extraction against gold files (``shared/eval/dev/*.json`` format).

Figures match on (kind, value, value_high) per article, as sets: a fact found
twice counts once (SCHEMA.md, "Scoring"). Precision, recall and F1 are
micro-averaged over articles, overall and per kind.

Attributes are compared on matched figures. Surface forms are normalised first:
NFC, case-folded, abbreviations expanded (``LĐLĐ`` -> ``liên đoàn lao động``),
punctuation and spacing collapsed. ``subject`` and ``organizer`` count as right
when the normalised forms are equal or one contains the other (the gold quotes
"as written" phrases whose extent is a judgement call); ``period`` is right when
both name the same set of years (``2013-2018`` = ``nhiệm kỳ 2013-2018``), or,
when the gold names no year, when the normalised forms match as above;
``qualifier`` must be equal. A gold value of null is matched by a null prediction.
The article ``province`` is compared through the gazetteer's canonical names
("TP HCM" = "TP Hồ Chí Minh").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .abbrev import expand
from .errors import InputError
from .models import PERIOD_SOURCES, Article, Page, Period
from .textnorm import normalize_tones

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["EvalReport", "GoldArticle", "extract_gold", "load_gold", "normalise_surface", "score"]

Key = tuple[str, float, float | None]


@dataclass(slots=True)
class GoldArticle:
    id: str
    url: str | None
    text: str
    province: str | None
    figures: list[dict[str, Any]]
    raw: dict[str, Any]


def load_gold(directory: Path) -> list[GoldArticle]:
    if not directory.is_dir():
        raise InputError(str(directory), "gold directory not found")
    out = []
    for p in sorted(directory.glob("*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(str(p), f"not a gold JSON file ({exc})") from None
        out.append(
            GoldArticle(
                id=str(d.get("id") or p.stem),
                url=d.get("url"),
                text=d.get("text", ""),
                province=d.get("province"),
                figures=list(d.get("figures", [])),
                raw=d,
            )
        )
    if not out:
        raise InputError(str(directory), "no *.json gold files")
    return out


def extract_gold(pipeline: Pipeline, g: GoldArticle) -> dict[str, Any]:
    """The record ``extractor extract`` writes for the gold file: its text with its
    supplied url, title and date (the same input layer), so eval scores what users get."""
    from .ingest.fields import ReadOptions, page_from_object

    page = page_from_object(g.raw, g.id, ReadOptions(), source="json")
    if not isinstance(page, Page):
        return {"figures": []}
    got = pipeline.process(page)
    return got.to_dict() if isinstance(got, Article) else {"figures": []}


def _num(v: Any) -> float | None:
    if v is None:
        return None
    return round(float(v), 6)


def _key(f: Mapping[str, Any]) -> Key:
    v = _num(f.get("value"))
    return (str(f.get("kind")), v if v is not None else float("nan"), _num(f.get("value_high")))


_PAREN_ABBR = re.compile(r"\s*\((?:[A-ZĐ][A-ZĐa-z&.-]{1,11})\)")


_LIST_JOIN = re.compile(r"(?<=\w) cùng(?: với)? (?=\w)")


def normalise_surface(s: str | None, abbreviations: Mapping[str, str] | None = None) -> str:
    if not s:
        return ""
    s = normalize_tones(unicodedata.normalize("NFC", s))
    s = _PAREN_ABBR.sub(" ", s)  # "Liên đoàn Lao động (LĐLĐ) tỉnh" = "Liên đoàn Lao động tỉnh"
    if abbreviations:
        s = expand(s, abbreviations)
    s = s.casefold()
    s = re.sub(r"[^\w%]+", " ", s)
    s = _LIST_JOIN.sub(" và ", f" {s} ")  # "A cùng B", "A cùng với B" list the same bodies as "A và B"
    return re.sub(r"\s+", " ", s).strip()


def _years(s: str | None) -> frozenset[int]:
    """The years a period names, as the span they cover ("2013-2018" = "nhiệm kỳ 2013-2018")."""
    per = Period.of(s) if s else None
    return frozenset(per.years) if per is not None else frozenset()


def _same_phrase(pred: str | None, gold: str | None, abbr: Mapping[str, str]) -> bool:
    a, b = normalise_surface(pred, abbr), normalise_surface(gold, abbr)
    if not b:
        return not a
    if not a:
        return False
    return a == b or a in b or b in a


def _pred_years(fig: Mapping[str, Any]) -> frozenset[int]:
    """The years a predicted figure's period covers: its record's ``period_start`` /
    ``period_end`` (relative phrases such as "năm nay" resolved by the extractor), else
    the years its text names."""
    a, b = fig.get("period_start"), fig.get("period_end")
    if isinstance(a, int) and isinstance(b, int) and a <= b:
        return frozenset(range(a, b + 1))
    return _years(fig.get("period"))


def _same_period(pred: Mapping[str, Any], gold: str | None, abbr: Mapping[str, str]) -> bool:
    gy = _years(gold)
    if gy:
        return _pred_years(pred) == gy
    if not normalise_surface(gold, abbr) and _pred_years(pred):
        return False
    return _same_phrase(pred.get("period"), gold, abbr)


@dataclass
class EvalReport:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    attr_right: Counter[str] = field(default_factory=Counter)
    attr_total: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    # (attribute, source) -> right / total, for period and organizer
    source_right: Counter[tuple[str, str]] = field(default_factory=Counter)
    source_total: Counter[tuple[str, str]] = field(default_factory=Counter)

    def count_source(self, attr: str, source: Any, right: bool) -> None:
        key = (attr, str(source or "none"))
        self.source_total[key] += 1
        if right:
            self.source_right[key] += 1

    def by_source(self) -> dict[str, dict[str, tuple[float, int]]]:
        """Accuracy of period and organizer by where the value came from."""
        out: dict[str, dict[str, tuple[float, int]]] = {}
        order = {s: i for i, s in enumerate(PERIOD_SOURCES)}
        for (attr, src), n in sorted(self.source_total.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99))):
            out.setdefault(attr, {})[src] = (self.source_right[(attr, src)] / n, n)
        return out

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def overall(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_kind(self) -> dict[str, tuple[int, int, int, float, float, float]]:
        kinds = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        out = {}
        for k in kinds:
            tp, fp, fn = self.tp[k], self.fp[k], self.fn[k]
            out[k] = (tp + fn, tp + fp, tp, *self.prf(tp, fp, fn))
        return out

    def attribute_accuracy(self) -> dict[str, tuple[float, int]]:
        return {
            a: (self.attr_right[a] / self.attr_total[a] if self.attr_total[a] else 1.0, self.attr_total[a])
            for a in ("qualifier", "subject", "organizer", "period", "province")
        }

    def to_dict(self) -> dict[str, Any]:
        p, r, f = self.overall()
        return {
            "articles": self.articles,
            "overall": {"precision": p, "recall": r, "f1": f},
            "per_kind": {
                k: {"gold": g, "pred": pr, "tp": tp, "precision": pp, "recall": rr, "f1": ff}
                for k, (g, pr, tp, pp, rr, ff) in self.per_kind().items()
            },
            "attributes": {k: {"accuracy": a, "n": n} for k, (a, n) in self.attribute_accuracy().items()},
            "by_source": {
                attr: {src: {"accuracy": a, "n": n} for src, (a, n) in srcs.items()}
                for attr, srcs in self.by_source().items()
            },
        }

    def format(self) -> str:
        lines = [f"{'kind':<16}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
        for k, (g, pr, tp, p, r, f) in self.per_kind().items():
            lines.append(f"{k:<16}{g:>6}{pr:>6}{tp:>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        attrs = "  ".join(f"{k}={a:.3f} (n={n})" for k, (a, n) in self.attribute_accuracy().items())
        lines.append(f"attributes on matched figures: {attrs}")
        for attr, srcs in self.by_source().items():
            parts = "  ".join(f"{src}={a:.3f} (n={n})" for src, (a, n) in srcs.items())
            lines.append(f"{attr} by source: {parts}")
        p, r, f = self.overall()
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        lines.append(
            f"overall ({self.articles} articles): precision={p:.3f} recall={r:.3f} f1={f:.3f}"
            f"  (tp={tp} fp={fp} fn={fn})"
        )
        return "\n".join(lines)


def score(
    gold: Iterable[GoldArticle],
    predictions: Mapping[str, Mapping[str, Any]],
    abbreviations: Mapping[str, str] | None = None,
    canonical_province: Callable[[str], str | None] | None = None,
) -> EvalReport:
    """``predictions``: gold id -> article record (``Article.to_dict()`` shape).

    ``canonical_province`` maps a province as written ("TP HCM", "tỉnh Yên Bái") to
    one canonical name, so that spelling variants compare equal.
    """
    abbr = abbreviations or {}
    canon = canonical_province or (lambda s: s)
    rep = EvalReport()
    for g in gold:
        rep.articles += 1
        pred = predictions.get(g.id, {"figures": []})
        pfigs = [f for f in pred.get("figures", [])]
        gkeys: dict[Key, list[dict[str, Any]]] = defaultdict(list)
        for f in g.figures:
            gkeys[_key(f)].append(f)
        pkeys: dict[Key, list[Mapping[str, Any]]] = defaultdict(list)
        for f in pfigs:
            pkeys[_key(f)].append(f)
        for k in gkeys.keys() | pkeys.keys():
            kind = k[0]
            if k in gkeys and k in pkeys:
                rep.tp[kind] += 1
                gf, pf = gkeys[k][0], pkeys[k][0]
                # choose the best-matching prediction for attributes when the key repeats
                checks: dict[str, Callable[[Any, Any], bool]] = {
                    "qualifier": lambda a, b: (a or "exact") == (b or "exact"),
                    "subject": lambda a, b: _same_phrase(a, b, abbr),
                    "organizer": lambda a, b: _same_phrase(a, b, abbr),
                }
                for attr, ok in checks.items():
                    rep.attr_total[attr] += 1
                    good = [p for p in pkeys[k] if ok(p.get(attr), gf.get(attr))]
                    if good:
                        rep.attr_right[attr] += 1
                    else:
                        rep.errors.append({"article": g.id, "type": f"attr:{attr}", "key": k,
                                           "pred": pf.get(attr), "gold": gf.get(attr)})
                    if attr == "organizer":
                        rep.count_source(attr, (good[0] if good else pf).get("organizer_source"), bool(good))
                rep.attr_total["period"] += 1
                good = [p for p in pkeys[k] if _same_period(p, gf.get("period"), abbr)]
                if good:
                    rep.attr_right["period"] += 1
                else:
                    rep.errors.append({"article": g.id, "type": "attr:period", "key": k,
                                       "pred": pf.get("period"), "pred_source": pf.get("period_source"),
                                       "gold": gf.get("period")})
                rep.count_source("period", (good[0] if good else pf).get("period_source"), bool(good))
            elif k in pkeys:
                rep.fp[kind] += 1
                rep.errors.append({"article": g.id, "type": "fp", "key": k,
                                   "quote": pkeys[k][0].get("quote"), "rule": pkeys[k][0].get("rule")})
            else:
                rep.fn[kind] += 1
                rep.errors.append({"article": g.id, "type": "fn", "key": k,
                                   "quote": gkeys[k][0].get("quote")})
        if g.province:
            rep.attr_total["province"] += 1
            pp = pred.get("province")
            if _same_phrase(pp, g.province, abbr) or (pp and canon(pp) == canon(g.province)):
                rep.attr_right["province"] += 1
            else:
                rep.errors.append({"article": g.id, "type": "attr:province", "key": None,
                                   "pred": pred.get("province"), "gold": g.province})
    return rep
