"""Find figures in normalised article text.

Regex does the number finding; pattern data (``patterns/*.toml``) decides what
the number counts. Per sentence:

1. congress terms (``nhiệm kỳ 2013-2018``, ``khóa XI``, ``Đại hội XII``);
2. every number (digits, words, fractions) with its multipliers and range;
3. checks that it is a figure at all (not a date, year, document number, phone,
   ordinal, address, programme name in quotes, vague ``hàng trăm`` ...);
4. its unit (longest match in ``units.toml``) and kind, refined by the clause;
5. its qualifier (``hơn``, ``gần``, ``khoảng``, ``trở lên`` ...).

Then, across sentences: plan attainment attached to the figure it qualifies,
``trong đó`` breakdowns linked to their total, repeated paragraphs dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..attributes import ArticleMeta, resolve_attributes
from ..fastre import compile_guarded
from ..lexicon import Lexicon, Unit
from ..models import Figure
from ..sentences import Sentence, split_sentences
from ..textnorm import join_broken_lines, normalize_tones
from .before import clause_before, ends_with_word, excluded_before, qualifier, quoted_names, vague
from .breakdowns import attach_plans, link_breakdowns
from .ground import reground
from .numbers import NumberMatch, clean_value, parse_digits, parse_number_at
from .terms import roman_to_int, term_sentences
from .units import bare_money, match_unit

__all__ = ["find_figures"]

# kinds that count whole things: "9,5 điểm" is a score, not 9.5 places
_WHOLE_KINDS = frozenset(
    {"classes", "attendances", "participants", "members", "organizations", "awards", "count"}
)
_PERCENT = re.compile(r"\s*(%|phần trăm)")
_GLUED_MONEY = re.compile(r"(đ|đồng|VNĐ|VND|vnđ)(?![^\W\d_])")
# after a number (read in a window of 3 characters, as the checks were written)
_DECIMAL_AFTER = re.compile(r"[.,:]\d")
_CODE_AFTER = re.compile(r"[/-]\s*[A-ZĐ]")
_CODE_AFTER_LETTER = re.compile(r"[a-zA-Z]/")
_DATE_AFTER = re.compile(r"/\d{1,2}(?:/|\b)(?!\d{3})")
_RATIO_SECOND = re.compile(r"/(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,])")
_CONTINUED = re.compile(r"[.,/:]\d")
_DIGIT_RUN = re.compile(r"[\d.,]+")
_FROM_BEFORE = re.compile(r"(?<![^\W\d_])[Tt]ừ\s*$")
_IN_PARENS = re.compile(r"\(\s*(?:\S+\s+){0,2}$")
_OR_MORE = re.compile(r"\s*(trở lên|trở xuống)")
_ONE_AFTER = re.compile(r"(?:tổ chức|mở|khai giảng|có|được|thêm|trong|chỉ|mất|kéo dài|trị giá|hỗ trợ|tặng)\s+$")
_SLASH = re.compile(r"\s*/")
_LIST_GAP = re.compile(r"[^.;:!?]{0,40}?(?:,|và|\bcùng)\s*")
_YEAR_BEFORE = re.compile(r"(?:năm|Năm|từ|đến|-|–)\s*$")
_HALF = re.compile(r"\s*rưỡi")
_RANGE = re.compile(r"\s*(?:-|–|—|đến|tới|~)\s*")
_NUM_START = compile_guarded(
    r"\d|[½¼¾]|(?<![^\W\d_])(?:[Mm]ột|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Bb]ẩy|[Tt]ám|[Cc]hín|[Mm]ười)(?![^\W\d_])"
)


@dataclass(slots=True)
class _Cand:
    fig: Figure
    num_start: int


class _SentenceScanner:
    def __init__(self, sent: Sentence, lex: Lexicon) -> None:
        self.s = sent
        self.t = sent.text
        self.lex = lex
        self.used: list[tuple[int, int]] = []
        self.out: list[_Cand] = []
        # excluded phrases and quoted names: looked for once a number needs them
        # (most sentences hold no number at all), excluded phrases only as far as
        # the number asked about
        self._excluded: list[tuple[int, int]] = []
        self._excluded_iter: Iterator[re.Match[str]] | None = None
        self._excluded_done = False
        self._quoted: list[tuple[int, int]] | None = None

    def in_excluded(self, pos: int) -> bool:
        """``pos`` is inside an excluded phrase (``rules.toml`` ``[exclude] phrase``).
        The phrases are read from the sentence start until one starts after ``pos``."""
        found = self._excluded
        if not self._excluded_done:
            it = self._excluded_iter
            if it is None:
                it = self._excluded_iter = self.lex.exclude_phrase.finditer(self.t)
            while not found or found[-1][0] <= pos:
                m = next(it, None)
                if m is None:
                    self._excluded_done = True
                    break
                found.append((m.start(), m.end()))
        return any(a <= pos < b for a, b in found)

    @property
    def quoted(self) -> list[tuple[int, int]]:
        if self._quoted is None:
            self._quoted = quoted_names(self.t, self.lex)
        return self._quoted

    def overlaps(self, a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in self.used)

    def add(self, fig: Figure, num_start: int, span: tuple[int, int], *, word: bool = False) -> None:
        self.used.append(span)
        conf = self.lex.confidence
        c = conf.get(fig.kind, 0.8)
        if word:
            c -= conf.get("word_number", 0.0)
        if fig.rule.endswith(":list"):
            c -= conf.get("coordination", 0.0)
        if fig.kind == "duration":
            sent = self.t
            rel = fig.start - self.s.start
            clause = clause_before(sent, rel)
            after = sent[fig.end - self.s.start :]
            if not (self.lex.dur_before.search(clause) or self.lex.dur_after.match(after)):
                c -= conf.get("duration_without_context", 0.0)
        fig.confidence = round(max(0.0, min(1.0, c)), 2)
        self.out.append(_Cand(fig, num_start))

    def fig(
        self, kind: str, value: float | int, rel_start: int, rel_end: int, rule: str, **kw: object
    ) -> Figure:
        base = self.s.start
        f = Figure(
            kind=kind,
            value=value,
            start=base + rel_start,
            end=base + rel_end,
            quote=self.t[rel_start:rel_end],
            rule=rule,
            sentence=self.t,
            sentence_start=base,
        )
        for k, v in kw.items():
            setattr(f, k, v)
        return f

    # -- terms ------------------------------------------------------------
    def terms(self) -> None:
        for rule in self.lex.terms:
            for m in rule.regex.finditer(self.t):
                if self.overlaps(m.start(), m.end()):
                    continue
                gd = m.groupdict()
                if gd.get("roman"):
                    r = gd["roman"]
                    v = int(r) if r.isdigit() else roman_to_int(r)
                    if v is None or v > 40:
                        continue
                    self.add(self.fig("term", v, m.start(), m.end(), rule.name, unit=rule.unit),
                             m.start(), (m.start(), m.end()))
                else:
                    lo, hi = int(gd["value"]), int(gd["high"])
                    if not 0 < hi - lo <= 10:
                        continue
                    self.add(
                        self.fig("term", lo, m.start(), m.end(), rule.name, unit=rule.unit,
                                 value_high=hi),
                        m.start(), (m.start(), m.end()),
                    )

    # -- numbers ----------------------------------------------------------
    def numbers(self) -> None:
        t, lex = self.t, self.lex
        pos = 0
        while True:
            m = _NUM_START.search(t, pos)
            if m is None:
                break
            start = m.start()
            pos = m.end()
            if self.overlaps(start, start + 1):
                continue
            num = parse_number_at(t, start, lex)
            if num is None:
                continue
            pos = max(pos, num.end)
            if not num.too_large:  # a 30-digit run is an ID or junk, never a figure
                self.number(num)

    def _boundary_ok(self, num: NumberMatch) -> bool:
        t = self.t
        before = t[num.start - 1] if num.start > 0 else " "
        if before.isalnum() or before in "._/:@#&":
            return False
        if before in ",":
            return not (num.start > 1 and t[num.start - 2].isdigit())
        if before in "-–" and num.start > 1 and t[num.start - 2].isalnum():
            return False  # Covid-19, F-35, 02-NQ
        a, b = num.end, num.end + 3  # the three characters after the number
        if _DECIMAL_AFTER.match(t, a, b):
            return False  # 4.0, 13.1, 22:12, 2,3,4
        if _CODE_AFTER.match(t, a, b) or _CODE_AFTER_LETTER.match(t, a, b):
            return False  # 68/KH-TLĐ, 02-NQ/TW, 4a/NQ
        return not _DATE_AFTER.match(t, a, b) or self._split_ratio(num) is not None

    def _split_ratio(self, num: NumberMatch) -> NumberMatch | None:
        """"542/500 CĐ cơ sở": achieved / target, both figures (not a date)."""
        m = _RATIO_SECOND.match(self.t, num.end)
        if not m:
            return None
        second = parse_number_at(self.t, num.end + 1, self.lex)
        if second is None or second.too_large:
            return None
        if num.value <= 31 and second.value <= 12:
            return None  # 24/6 is a date
        if second.year_like or (len(m.group(1)) >= 4 and 1900 <= second.value <= 2100):
            return None  # 6/2025
        return second

    def number(self, num: NumberMatch) -> None:
        t, lex = self.t, self.lex
        if not num.is_word and not self._boundary_ok(num):
            return
        if num.value == 0:
            return
        # the exclusions (vague, ordinal/address/date words, quoted names, excluded
        # phrases) are looked at only once the number has a unit: see _allowed
        # ranges and ratios
        value: float = num.value
        high: float | None = None
        end = num.end
        pct = _PERCENT.match(t, end)
        after_first = pct.end() if pct else end
        ratio = self._split_ratio(num)
        if ratio is not None:
            self.number_with_unit(num, None, ratio.end, ratio_second=ratio)
            return
        rm = _RANGE.match(t, after_first)
        if rm and rm.end() < len(t) and _NUM_START.match(t, rm.end()):
            second = parse_number_at(t, rm.end(), lex)
            if (
                second is not None
                and not second.too_large
                and second.value > value
                and not _CONTINUED.match(t, second.end, second.end + 2)
                and not (num.year_like and second.year_like)
            ):
                high = second.value
                end = second.end
                if not num.has_multiplier and second.has_multiplier and not num.is_word:
                    # "3-5 triệu đồng": the multiplier of the upper end applies to both
                    first_digits = _DIGIT_RUN.match(second.raw)
                    if first_digits:
                        mult = second.value / parse_digits(first_digits.group(), decimal_comma=True)
                        value *= mult
        self.number_with_unit(num, high, end, value=value)

    def _allowed(self, num: NumberMatch) -> bool:
        """Not vague ("hàng trăm"), not an ordinal, address, date or document number,
        not inside a quoted name or an excluded phrase."""
        t, lex = self.t, self.lex
        pre = t[: num.start]
        if vague(pre, lex) or excluded_before(pre, lex):
            return False
        if any(a < num.start < b for a, b in self.quoted):
            return False
        if num.year_like and ends_with_word(pre, lex.exclude_before_year):
            return False
        return not self.in_excluded(num.start)

    def number_with_unit(
        self,
        num: NumberMatch,
        high: float | None,
        end: int,
        *,
        value: float | None = None,
        ratio_second: NumberMatch | None = None,
    ) -> None:
        t, lex = self.t, self.lex
        # the unit first: most numbers have none, and then nothing else is needed
        pct = _PERCENT.match(t, end)
        um = gm = None
        if not pct:
            um = match_unit(t, end, lex)
            if um is None:
                gm = _GLUED_MONEY.match(t, end)  # "500.000đ"
                if not gm and not num.has_multiplier:
                    return  # no unit, and no amount in triệu/tỷ (see bare_money)
        v = num.value if value is None else value
        pre = t[: num.start]
        clause = clause_before(t, num.start)
        qual = qualifier(pre, lex)
        q_name = qual[0] if qual else "exact"
        q_start = num.start - qual[1] if qual else num.start
        # "từ 20 đến 30": start the quote at "từ"
        if high is not None:
            fm = _FROM_BEFORE.search(pre)
            if fm:
                q_start = fm.start()
        clause_core = clause[: len(clause) - (qual[1] if qual else 0)]

        if pct:
            uend = pct.end()
            after = t[uend:]
            kind, rule = "percentage", "percent"
            unit_text = "%"
            free = lex.plan_free_after.match(after) is not None
            in_parens = bool(_IN_PARENS.search(clause_core))
            pa = lex.plan_after.match(after)
            if pa:
                kind, rule = "plan_attainment", "plan_after"
                unit_text = "%" + after[: pa.end()].rstrip()
            elif free and lex.plan_before.search(clause_core) and not lex.rate_before.search(clause_core):
                kind, rule = "plan_attainment", "plan_before"
            elif (
                free
                and lex.plan_reach_before.search(clause_core)
                and (v >= 100 or in_parens)
                and not lex.rate_before.search(clause_core)
            ):
                kind, rule = "plan_attainment", "plan_reached"
            am = _OR_MORE.match(after)
            if am:
                q_name = lex.qual_after[am.group(1)]
            if not self._allowed(num):
                return
            fig = self.fig(kind, clean_value(v), q_start, uend, rule, unit=unit_text,
                           qualifier=q_name,
                           value_high=clean_value(high) if high is not None else None)
            self.add(fig, num.start, (num.start, uend), word=num.is_word)
            return

        if um is None:
            bare = bare_money(num, clause_core, t[end:], lex) if not gm else None
            if not gm and bare is None:
                return
            um_unit = lex.lookup_unit(["đồng"] if bare else [gm.group(1)])  # type: ignore[union-attr]
            if um_unit is None:
                return
            if bare is not None:
                unit, uend, surface = um_unit[0], end, bare  # "hơn 2 tỷ để hỗ trợ": the amount is in đồng
            else:
                unit, uend, surface = um_unit[0], gm.end(), gm.group(1)  # type: ignore[union-attr]
        else:
            unit, uend, surface = um
            if t[end:uend] and not t[end].isspace() and unit.kind != "money":
                return  # glued letters: "10kg", "4a"
        if lex.exclude_after.match(t[end:]):
            return
        if num.is_word and num.raw.lower() == "một" and not (
            unit.strong and _ONE_AFTER.search(pre)
        ):
            return  # "một" is mostly the indefinite article
        if unit.kind == "money" and v < 1000 and not num.has_multiplier and unit.surface in ("đồng", "đ", "Đ", "VNĐ", "VND", "vnđ"):
            # "2 đồng chí" is handled by the longer unit; a bare "5 đồng" is rarely a real amount
            if not _SLASH.match(t, uend) and v < 100:
                return
        after = t[uend:]
        kind = unit.kind
        rule = f"unit:{unit.group}"
        for w in unit.when:
            if (
                (w.before is None or w.before.search(clause_core))
                and (w.after is None or w.after.match(after))
                and (w.unit is None or w.unit.fullmatch(t[end:uend].strip()) is not None)
            ):
                kind = w.kind
                rule = f"unit:{unit.group}>{w.kind}"
                break
        else:
            # coordination: "bầu 03 đại biểu chính thức, 01 đại biểu dự khuyết" -
            # a list item takes the kind its first item got from the context
            prev = self.out[-1] if self.out else None
            if prev is not None and prev.fig.unit == surface and prev.fig.rule.startswith(f"unit:{unit.group}>"):
                gap = t[prev.fig.end - self.s.start : q_start]
                if _LIST_GAP.fullmatch(gap):
                    kind = prev.fig.kind
                    rule = prev.fig.rule.removesuffix(":list") + ":list"
        if num.year_like and kind not in ("attendances", "classes", "participants", "members", "money"):
            return
        if (
            kind in _WHOLE_KINDS
            and not num.has_multiplier
            and high is None
            and v != int(v)
            and unit.surface.lower() not in lex.fractional_units
        ):
            return  # "đạt 9,5 điểm", "1,5 lần": a score or a ratio, not a count of things
        if num.year_like and _YEAR_BEFORE.search(pre):
            return
        if unit.duration:
            if not self._duration_ok(num, unit, clause_core, after, q_name):
                return
            kind, rule = "duration", f"duration:{unit.surface}"
            half = _HALF.match(after)
            if half:
                v += 0.5
                uend += half.end()
                after = t[uend:]
        if q_name == "more_than" and qual:
            qword = pre[len(pre) - qual[1] :].strip().lower()
            head = pre[: len(pre) - qual[1]].rstrip().lower()
            if qword == "trên" and (unit.surface.lower() in lex.locative_units):
                q_name = "exact"
            elif qword == "hơn" and head.split()[-1:] and head.split()[-1] in lex.comparative_before:
                q_name = "exact"
        am = _OR_MORE.match(after)
        if am:
            q_name = lex.qual_after[am.group(1)]
            if _FROM_BEFORE.search(pre[:q_start]):
                q_start = pre[: q_start].rstrip().rfind(" ") + 1 if " " in pre[:q_start].rstrip() else 0
        if not self._allowed(num):
            return
        fig = self.fig(
            kind,
            clean_value(v),
            q_start,
            uend,
            rule,
            unit=surface,
            qualifier=q_name,
            value_high=clean_value(high) if high is not None else None,
        )
        if ratio_second is not None:
            fig.quote = t[q_start:num.end]
            fig.end = self.s.start + num.end
            self.add(fig, num.start, (num.start, ratio_second.end), word=num.is_word)
            second = self.fig(kind, clean_value(ratio_second.value), ratio_second.start, uend,
                              rule + ":target", unit=surface)
            second.confidence = fig.confidence
            self.out.append(_Cand(second, ratio_second.start))
            return
        self.add(fig, num.start, (num.start, uend), word=num.is_word)

    def _duration_ok(self, num: NumberMatch, unit: Unit, clause: str, after: str, qual: str) -> bool:
        lex = self.lex
        if num.year_like or num.value > 200:
            return False
        if lex.dur_exclude_after.match(after) or lex.dur_exclude_before.search(clause):
            return False
        strict = lex.cache.get("dur_strict")
        if strict is None:
            strict = lex.cache["dur_strict"] = frozenset(lex.raw["rules"]["duration"].get("strict_context", []))
        if unit.surface.lower() in strict or (unit.surface.lower() in lex.dur_needs_context and qual == "exact"):
            return bool(lex.dur_before.search(clause) or lex.dur_after.match(after))
        return True


_KEY_WORDS = re.compile(r"\w+")  # a sentence's key: its words, lower-cased


def find_figures(text: str, lexicon: Lexicon, meta: ArticleMeta | None = None) -> list[Figure]:
    """All figures of an article body, in text order, offsets into ``text``; ``meta``
    (title, published date) lets the attribute stage use what the article says about
    itself outside its body.

    Patterns match on one tone placement (``normalize_tones``), with line breaks inside a
    phrase read as spaces (``join_broken_lines``) and common misspellings corrected
    (``Lexicon.fix_misspellings``); quotes and attribute values are the text's
    own words (``reground``)."""
    original = text
    text = lexicon.fix_misspellings(join_broken_lines(normalize_tones(text)))
    original_title = meta.title if meta is not None else None
    if meta is not None and meta.title:
        meta = replace(meta, title=normalize_tones(meta.title))
    sentences = split_sentences(text, lexicon.no_split)
    seen_sentences: set[str] = set()
    figures: list[Figure] = []
    marker = lexicon.breakdown_marker
    with_terms = term_sentences(text, sentences, lexicon)
    prev_start = 0
    for si, sent in enumerate(sentences):
        if len(sent.text) > 30:  # (a shorter key is never looked up)
            key = " ".join(_KEY_WORDS.findall(sent.text)).lower()  # (the \W+ runs as one space, ends stripped)
            if len(key) > 30 and key in seen_sentences:
                continue  # a paragraph printed twice yields its figures once
            seen_sentences.add(key)
        sc = _SentenceScanner(sent, lexicon)
        if si in with_terms:
            sc.terms()
        sc.numbers()
        cands = sorted(sc.out, key=lambda c: c.fig.start)
        attach_plans([c.fig for c in cands], text)
        base_index = len(figures)
        for c in cands:
            figures.append(c.fig)
        if cands:
            link_breakdowns(figures, base_index, sent, prev_start, marker)
        prev_start = sent.start
    resolve_attributes(text, figures, sentences, lexicon, meta)
    reground(figures, original, text, None if meta is None else original_title)
    return figures
