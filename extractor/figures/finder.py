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
from bisect import bisect_right
from dataclasses import dataclass, replace

from ..attributes import ArticleMeta, resolve_attributes
from ..lexicon import Lexicon, Unit
from ..models import Figure
from ..sentences import Sentence, split_sentences
from ..textnorm import normalize_tones
from .ground import reground
from .numbers import NumberMatch, clean_value, parse_digits, parse_number_at

__all__ = ["find_figures", "roman_to_int"]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# kinds that count whole things: "9,5 điểm" is a score, not 9.5 places
_WHOLE_KINDS = frozenset(
    {"classes", "attendances", "participants", "members", "organizations", "awards", "count"}
)
_LETTER = re.compile(r"[^\W\d_]")
_TOKENS = re.compile(r"[^\W_]+(?:[-–][^\W_]+)*|[,/%]")
_STOP = re.compile(r"[.;:!?()\[\]“”\"«»\n]")
_QUOTES = re.compile(r"“[^”\n]{0,120}”|\"[^\"\n]{0,120}\"|«[^»\n]{0,120}»|‘[^’\n]{0,80}’")
_RANGE = re.compile(r"\s*(?:-|–|—|đến|tới|~)\s*")
_NUM_START = re.compile(
    r"\d|[½¼¾]|(?<![^\W\d_])(?:[Mm]ột|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Bb]ẩy|[Tt]ám|[Cc]hín|[Mm]ười)(?![^\W\d_])"
)


def roman_to_int(s: str) -> int | None:
    total = 0
    prev = 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


@dataclass(slots=True)
class _Cand:
    fig: Figure
    num_start: int


def _words_after(text: str, pos: int, limit: int = 12) -> list[tuple[str, int, int]]:
    """Tokens after ``pos`` up to sentence punctuation: (token, start, end)."""
    out: list[tuple[str, int, int]] = []
    stop = _STOP.search(text, pos)
    end = stop.start() if stop else len(text)
    for m in _TOKENS.finditer(text, pos, end):
        out.append((m.group(), m.start(), m.end()))
        if len(out) >= limit:
            break
    return out


def _unit_keys(tokens: list[tuple[str, int, int]]) -> list[str]:
    """Word list for unit lookup: commas glue to the previous word ("cán bộ,")."""
    words: list[str] = []
    for tok, _, _ in tokens:
        if tok == "," and words:
            words[-1] += ","
        else:
            words.append(tok)
    return words


def _match_unit(
    text: str, pos: int, lex: Lexicon
) -> tuple[Unit, int, str] | None:
    """Unit starting at ``pos``: (unit, end offset, surface as written)."""
    toks = _words_after(text, pos)
    if not toks and re.match(r"\s*[“\"]", text[pos:]):
        # a quoted unit name: 'trao 20 “Mái ấm Công đoàn”'
        q = re.match(r"\s*[“\"]", text[pos:])
        assert q is not None
        toks = _words_after(text, pos + q.end())
        if not toks or text[pos + q.end() : toks[0][1]].strip():
            return None
    elif not toks or text[pos : toks[0][1]].strip():
        return None
    words = _unit_keys(toks)
    firsts = lex.cache.get("unit_first_words")
    if firsts is None:  # the first word of every unit (most numbers have none after them)
        firsts = lex.cache["unit_first_words"] = frozenset(k.split()[0] for k in lex.units if k.strip())
    first = words[0].lower()
    if first not in firsts and first.rstrip(",") not in firsts:
        return None
    found = lex.lookup_unit(words)
    if found is None:
        return None
    unit, n = found
    # map n unit words back to token ends (commas are their own tokens)
    seen = 0
    end = toks[0][2]
    for tok, _, tend in toks:
        if tok == ",":
            continue
        seen += 1
        end = tend
        if seen == n:
            break
    if end < len(text) and text[end] in "”\"" and re.match(r"\s*[“\"]", text[pos:]):
        end += 1  # the closing quote of a quoted unit name
    # per-unit: "đồng/suất", "tháng lương/người"
    per = re.match(r"/\s*([^\W\d_]+(?: [^\W\d_]+)?)", text[end : end + 30])
    if per and unit.kind in ("money", "count", "participants"):
        w = per.group(1).split()[0]
        end += per.start(1) + len(w)
    return unit, end, text[pos:end].strip()


def _qualifier(pre: str, lex: Lexicon) -> tuple[str, int] | None:
    """Qualifier that ends ``pre`` (the text before a number): (qualifier, length)."""
    rx = lex.cache.get("qual_rx")
    if rx is None:
        words = sorted(lex.qual_before, key=len, reverse=True)
        rx = re.compile(r"(?i)(?<![^\W\d_])(" + "|".join(re.escape(w) for w in words) + r")\s*$")
        lex.cache["qual_rx"] = rx
    window = pre[-40:]
    m = rx.search(window)
    if m is None:
        return None
    return lex.qual_before[m.group(1).lower()], len(window) - m.start()


def _clause_before(sent: str, rel: int) -> str:
    """Text of the clause before offset ``rel`` in the sentence (after the last ';')."""
    pre = sent[:rel]
    cut = max(pre.rfind(";"), pre.rfind("\n"))
    return pre[cut + 1 :]


_LONG_QUOTES = re.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{0,400}\"|«[^»\n]{0,400}»")


def _quoted_names(sent: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Quoted names in a sentence: short quotes, or any quote right after a name word
    ("Chương trình “1 triệu sáng kiến - ...”"). Long quoted speech is not one."""
    out = []
    for m in _LONG_QUOTES.finditer(sent):
        inner = m.group()[1:-1]
        if len(inner.split()) <= 12 or lex.name_introducers.search(sent[: m.start()]):
            out.append((m.start(), m.end()))
    return out


def _ends_with_word(pre: str, words: tuple[str, ...]) -> bool:
    low = pre.rstrip().lower()
    for w in words:
        wl = w.lower()
        if low.endswith(wl) and (len(low) == len(wl) or not _LETTER.match(low[-len(wl) - 1]) or not _LETTER.match(wl[0])):
            return True
    return False


def _excluded_before(pre: str, lex: Lexicon) -> bool:
    """A word right before the number that makes it an ordinal/address/date/doc number."""
    if pre.rstrip() != pre and not pre.endswith((" ", "\t")):
        return False
    rx = lex.cache.get("excl_rx")
    if rx is None:
        words = sorted(lex.exclude_before, key=len, reverse=True)
        rx = re.compile(
            r"(?i)(?:^|(?<=[^\w]))(?P<head>\S+\s+)?(?P<w>" + "|".join(re.escape(w) for w in words) + r")\s*$"
        )
        lex.cache["excl_rx"] = rx
    window = pre[-40:]
    m = rx.search(window)
    if m is None:
        return False
    w = m.group("w").lower()
    head = window[: m.start("w")].rstrip().lower()
    # "tổng số 2.860", "trong vòng 15 ngày", "mỗi ngày 400 người"
    return not any(head.endswith(h) for h in lex.exclude_not_after.get(w, ()))


def _vague(pre: str, lex: Lexicon) -> bool:
    low = pre.rstrip().lower()
    return any(
        low.endswith(v) and (len(low) == len(v) or not _LETTER.match(low[-len(v) - 1]))
        for v in lex.vague_before
    )


class _SentenceScanner:
    def __init__(self, sent: Sentence, lex: Lexicon) -> None:
        self.s = sent
        self.t = sent.text
        self.lex = lex
        self.used: list[tuple[int, int]] = []
        self.out: list[_Cand] = []
        # excluded phrases and quoted names: looked for once a number needs them
        # (most sentences hold no number at all)
        self._excluded: list[tuple[int, int]] | None = None
        self._quoted: list[tuple[int, int]] | None = None

    @property
    def excluded(self) -> list[tuple[int, int]]:
        if self._excluded is None:
            self._excluded = [(m.start(), m.end()) for m in self.lex.exclude_phrase.finditer(self.t)]
        return self._excluded

    @property
    def quoted(self) -> list[tuple[int, int]]:
        if self._quoted is None:
            self._quoted = _quoted_names(self.t, self.lex)
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
            clause = _clause_before(sent, rel)
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
        after = t[num.end : num.end + 3]
        if re.match(r"[.,:]\d", after):
            return False  # 4.0, 13.1, 22:12, 2,3,4
        if re.match(r"[/-]\s*[A-ZĐ]", after) or re.match(r"[a-zA-Z]/", after):
            return False  # 68/KH-TLĐ, 02-NQ/TW, 4a/NQ
        return not re.match(r"/\d{1,2}(?:/|\b)(?!\d{3})", after) or self._split_ratio(num) is not None

    def _split_ratio(self, num: NumberMatch) -> NumberMatch | None:
        """"542/500 CĐ cơ sở": achieved / target, both figures (not a date)."""
        m = re.match(r"/(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,])", self.t[num.end :])
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
        pct = re.match(r"\s*(%|phần trăm)", t[end:])
        after_first = end + (pct.end() if pct else 0)
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
                and not re.match(r"[.,/:]\d", t[second.end : second.end + 2])
                and not (num.year_like and second.year_like)
            ):
                high = second.value
                end = second.end
                if not num.has_multiplier and second.has_multiplier and not num.is_word:
                    # "3-5 triệu đồng": the multiplier of the upper end applies to both
                    first_digits = re.match(r"[\d.,]+", second.raw)
                    if first_digits:
                        mult = second.value / parse_digits(first_digits.group(), decimal_comma=True)
                        value *= mult
        self.number_with_unit(num, high, end, value=value)

    def _allowed(self, num: NumberMatch) -> bool:
        """Not vague ("hàng trăm"), not an ordinal, address, date or document number,
        not inside a quoted name or an excluded phrase."""
        t, lex = self.t, self.lex
        pre = t[: num.start]
        if _vague(pre, lex) or _excluded_before(pre, lex):
            return False
        if any(a < num.start < b for a, b in self.quoted):
            return False
        if num.year_like and _ends_with_word(pre, lex.exclude_before_year):
            return False
        return not any(a <= num.start < b for a, b in self.excluded)

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
        v = num.value if value is None else value
        pre = t[: num.start]
        clause = _clause_before(t, num.start)
        qual = _qualifier(pre, lex)
        q_name = qual[0] if qual else "exact"
        q_start = num.start - qual[1] if qual else num.start
        # "từ 20 đến 30": start the quote at "từ"
        if high is not None:
            fm = re.search(r"(?<![^\W\d_])[Tt]ừ\s*$", pre)
            if fm:
                q_start = fm.start()
        clause_core = clause[: len(clause) - (qual[1] if qual else 0)]

        pct = re.match(r"\s*(%|phần trăm)", t[end:])
        if pct:
            uend = end + pct.end()
            after = t[uend:]
            kind, rule = "percentage", "percent"
            unit_text = "%"
            free = lex.plan_free_after.match(after) is not None
            in_parens = bool(re.search(r"\(\s*(?:\S+\s+){0,2}$", clause_core))
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
            am = re.match(r"\s*(trở lên|trở xuống)", after)
            if am:
                q_name = lex.qual_after[am.group(1)]
            if not self._allowed(num):
                return
            fig = self.fig(kind, clean_value(v), q_start, uend, rule, unit=unit_text,
                           qualifier=q_name,
                           value_high=clean_value(high) if high is not None else None)
            self.add(fig, num.start, (num.start, uend), word=num.is_word)
            return

        um = _match_unit(t, end, lex)
        if um is None:
            # glued money: "500.000đ"
            gm = re.match(r"(đ|đồng|VNĐ|VND|vnđ)(?![^\W\d_])", t[end:])
            bare = _bare_money(num, clause_core, t[end:], lex) if not gm else None
            if not gm and bare is None:
                return
            um_unit = lex.lookup_unit(["đồng"] if bare else [gm.group(1)])  # type: ignore[union-attr]
            if um_unit is None:
                return
            if bare is not None:
                unit, uend, surface = um_unit[0], end, bare  # "hơn 2 tỷ để hỗ trợ": the amount is in đồng
            else:
                unit, uend, surface = um_unit[0], end + gm.end(), gm.group(1)  # type: ignore[union-attr]
        else:
            unit, uend, surface = um
            if t[end:uend] and not t[end].isspace() and unit.kind != "money":
                return  # glued letters: "10kg", "4a"
        if lex.exclude_after.match(t[end:]):
            return
        if num.is_word and num.raw.lower() == "một" and not (
            unit.strong and re.search(r"(?:tổ chức|mở|khai giảng|có|được|thêm|trong|chỉ|mất|kéo dài|trị giá|hỗ trợ|tặng)\s+$", pre)
        ):
            return  # "một" is mostly the indefinite article
        if unit.kind == "money" and v < 1000 and not num.has_multiplier and unit.surface in ("đồng", "đ", "Đ", "VNĐ", "VND", "vnđ"):
            # "2 đồng chí" is handled by the longer unit; a bare "5 đồng" is rarely a real amount
            if not re.match(r"\s*/", t[uend:]) and v < 100:
                return
        after = t[uend:]
        kind = unit.kind
        rule = f"unit:{unit.group}"
        for w in unit.when:
            if (w.before is None or w.before.search(clause_core)) and (
                w.after is None or w.after.match(after)
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
                if re.fullmatch(r"[^.;:!?]{0,40}?(?:,|và|\bcùng)\s*", gap):
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
        if num.year_like and re.search(r"(?:năm|Năm|từ|đến|-|–)\s*$", pre):
            return
        if unit.duration:
            if not self._duration_ok(num, unit, clause_core, after, q_name):
                return
            kind, rule = "duration", f"duration:{unit.surface}"
            half = re.match(r"\s*rưỡi", after)
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
        am = re.match(r"\s*(trở lên|trở xuống)", after)
        if am:
            q_name = lex.qual_after[am.group(1)]
            if re.search(r"(?<![^\W\d_])[Tt]ừ\s*$", pre[: q_start]):
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


_MULTIPLIER_END = re.compile(r"(?i)(triệu|tỷ|tỉ)\s*$")


def _bare_money(num: NumberMatch, clause: str, after: str, lex: Lexicon) -> str | None:
    """"vận động được hơn 2 tỷ để hỗ trợ": an amount in triệu/tỷ without "đồng", in a
    money context (``rules.toml`` ``[money] bare_context``); returns the multiplier word."""
    if not num.has_multiplier:
        return None
    m = _MULTIPLIER_END.search(num.raw)
    if m is None:
        return None
    rx = lex.cache.get("bare_money")
    if rx is None:
        rx = lex.cache["bare_money"] = re.compile(lex.raw["rules"]["money"]["bare_context"])
    if re.match(r"\s*(?:người|lượt|đoàn viên|lao động|công nhân|USD|đô)", after):
        return None
    return m.group(1) if rx.search(clause[-80:]) else None


def _attach_plans(cands: list[_Cand], text: str) -> None:
    """'40 lớp (đạt 100% KH)': the plan figure qualifies the figure before it."""
    for i, c in enumerate(cands):
        if c.fig.kind != "plan_attainment" or i == 0:
            continue
        prev = cands[i - 1].fig
        if prev.kind in ("plan_attainment", "term", "percentage"):
            continue
        gap = text[prev.end : c.fig.start]
        if len(gap) <= 40 and not re.search(r"[.;]", gap):
            prev.plan_attainment = c.fig.value


def _term_sentences(text: str, sentences: list[Sentence], lexicon: Lexicon) -> set[int]:
    """Indices of the sentences a term rule can match in: those that a match of the
    rule over the whole text touches (term rules are rare words: most sentences skip
    them), and any sentence cut inside a word (its edges read differently alone)."""
    ends = [x.end for x in sentences]
    out: set[int] = set()
    for rule in lexicon.terms:
        for m in rule.regex.finditer(text):
            i = bisect_right(ends, m.start())  # the first sentence ending after the match starts
            while i < len(sentences) and sentences[i].start < m.end():
                out.add(i)
                i += 1
    for i, x in enumerate(sentences):
        if (x.start and not text[x.start - 1].isspace()) or (x.end < len(text) and not text[x.end].isspace()):
            out.add(i)
    return out


_KEY_GAPS = re.compile(r"\W+")


def find_figures(text: str, lexicon: Lexicon, meta: ArticleMeta | None = None) -> list[Figure]:
    """All figures of an article body, in text order, offsets into ``text``; ``meta``
    (title, published date) lets the attribute stage use what the article says about
    itself outside its body.

    Patterns match on one tone placement (``normalize_tones``); quotes and attribute
    values are the text's own words (``reground``)."""
    original = text
    text = normalize_tones(text)
    original_title = meta.title if meta is not None else None
    if meta is not None and meta.title:
        meta = replace(meta, title=normalize_tones(meta.title))
    sentences = split_sentences(text, lexicon.no_split)
    seen_sentences: set[str] = set()
    figures: list[Figure] = []
    marker = lexicon.breakdown_marker
    with_terms = _term_sentences(text, sentences, lexicon)
    prev_start = 0
    for si, sent in enumerate(sentences):
        key = _KEY_GAPS.sub(" ", sent.text).strip().lower()
        if len(key) > 30 and key in seen_sentences:
            continue  # a paragraph printed twice yields its figures once
        seen_sentences.add(key)
        sc = _SentenceScanner(sent, lexicon)
        if si in with_terms:
            sc.terms()
        sc.numbers()
        cands = sorted(sc.out, key=lambda c: c.fig.start)
        _attach_plans(cands, text)
        base_index = len(figures)
        for c in cands:
            figures.append(c.fig)
        _link_breakdowns(figures, base_index, sent, prev_start, marker)
        prev_start = sent.start
    resolve_attributes(text, figures, sentences, lexicon, meta)
    reground(figures, original, text, None if meta is None else original_title)
    return figures


_BREAKDOWN_KINDS_SKIPPED = frozenset({"term", "plan_attainment", "percentage"})


def _link_breakdowns(
    figures: list[Figure], base: int, sent: Sentence, prev_start: int, marker: re.Pattern[str]
) -> None:
    """"trong đó" breakdowns: a figure after a marker is a part of the nearest figure of
    the same kind before that marker, in the same sentence or the one before, when the
    total is larger ("2.832 lượt ..., trong đó có 316 lượt ...; 2.516 lượt ..." -> both
    parts of 2.832, even though 2.832 is itself a part of an earlier total)."""
    marks = [sent.start + m.start() for m in marker.finditer(sent.text)]
    if not marks:
        return
    for j in range(base, len(figures)):
        f = figures[j]
        if f.kind in _BREAKDOWN_KINDS_SKIPPED:
            continue
        before = [mp for mp in marks if mp <= f.start]
        if not before:
            continue
        mpos = before[-1]
        for k in range(j - 1, -1, -1):
            p = figures[k]
            if p.sentence_start < prev_start:
                break  # only this sentence and the one before
            if p.kind == f.kind and p.start < mpos:
                if p.value > f.value:
                    f.parent = k
                break
