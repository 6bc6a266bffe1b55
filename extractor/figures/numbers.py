"""Vietnamese numbers as written in the press.

``.`` groups thousands and ``,`` is the decimal mark (``2.596`` = 2596,
``4,5`` = 4.5); multipliers (``91,25 triệu``, ``2 tỷ 500 triệu``), word numbers
(``hai``, ``mười lăm``, ``hai mươi mốt``, ``một trăm``), ``rưỡi`` and ``½``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..lexicon import Lexicon

__all__ = [
    "DIGITS_RE",
    "MAX_VALUE",
    "NumberMatch",
    "clean_value",
    "parse_digits",
    "parse_number_at",
]

# Nothing the press counts comes near a billion billion (Vietnam's GDP is about
# 10^16 VND); a longer digit run is a code, an ID or junk, never a figure.
MAX_VALUE = 10**18
_MAX_DIGITS = 19  # whole-part digits (without leading zeros) that can still be <= MAX_VALUE

# A digit group: 1.234.567,89 | 1234,5 | 1,200 (thousands when 3 digits and no multiplier)
DIGITS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_WORD = re.compile(r"[^\W\d_]+")
_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
_PERCENT_AFTER = re.compile(r"\s*(?:%|phần trăm)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEXT_DIGITS = re.compile(r"[ \t]+(" + DIGITS_RE.pattern + r")")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    value: float
    start: int
    end: int
    is_word: bool  # written in words ("hai", "mười lăm")
    has_multiplier: bool
    raw: str
    year_like: bool  # a bare 4-digit 1900..2099: probably a year
    too_large: bool = False  # over MAX_VALUE: not a figure (its digits are skipped whole)


def parse_digits(s: str, *, decimal_comma: bool) -> float:
    """'2.596' -> 2596, '4,5' -> 4.5, '1,200' -> 1200 unless ``decimal_comma``.

    Exact: whole numbers come back as ``int`` (no float rounding, no overflow);
    ``inf`` when the whole part has more digits than any figure (see ``MAX_VALUE``)."""
    whole, frac = s, ""
    if "," in s:
        whole, frac = s.rsplit(",", 1)
        if not decimal_comma and len(frac) == 3 and "." not in whole and len(whole) <= 3:
            whole, frac = whole + frac, ""
    whole = whole.replace(".", "").lstrip("0") or "0"
    if len(whole) > _MAX_DIGITS:
        return float("inf")  # int() of a huge digit run is slow, and refused past 4300 digits
    if not frac:
        return int(whole)
    return float(Decimal(f"{whole}.{frac[:_MAX_DIGITS]}"))


_AFTER_DIGITS = re.compile(r"\d[ \t\u00a0]+$")


def clean_value(v: float) -> float | int:
    """Integers as ints (2596, not 2596.0); others rounded to 6 decimals."""
    if isinstance(v, int):
        return v
    r = round(v, 6)
    return int(r) if r == int(r) else r


def _parse_words(words: list[str], lex: Lexicon) -> tuple[float, int] | None:
    """Parse a word number from the start of ``words``; returns (value, words used)."""
    digits, after_tens = lex.digits, lex.after_tens
    i = 0
    total = 0.0
    group = 0.0
    seen = False

    def below_thousand(i: int) -> tuple[float, int] | None:
        n = len(words)
        if i >= n:
            return None
        w = words[i].lower()
        val = 0.0
        if w == "mười":
            val = 10
            i += 1
            if i < n and words[i].lower() in ("lăm", "nhăm"):
                return 15, i + 1
            if i < n and words[i].lower() in digits and words[i].lower() not in ("mười", "không"):
                nxt = words[i].lower()
                if nxt != "năm":  # "mười năm" = ten years
                    return 10 + digits[nxt], i + 1
            return val, i
        if w not in digits or w == "không":
            return None
        d = digits[w]
        i += 1
        if i < n and words[i].lower() == "trăm":
            val = d * 100
            i += 1
            if i < n and words[i].lower() in ("linh", "lẻ") and i + 1 < n:
                u = words[i + 1].lower()
                if u in digits and u != "mười":
                    return val + digits[u], i + 2
                return val, i
            rest = below_hundred(i)
            if rest is not None:
                return val + rest[0], rest[1]
            return val, i
        if i < n and words[i].lower() == "mươi":
            val = d * 10
            i += 1
            if i < n:
                u = words[i].lower()
                if u in after_tens:
                    return val + after_tens[u], i + 1
                if u in digits and u not in ("mười", "một", "năm", "không"):
                    return val + digits[u], i + 1
            return val, i
        return float(d), i

    def below_hundred(i: int) -> tuple[float, int] | None:
        if i >= len(words):
            return None
        w = words[i].lower()
        if w == "mười" or (w in digits and i + 1 < len(words) and words[i + 1].lower() == "mươi"):
            return below_thousand(i)
        return None

    while True:
        part = below_thousand(i)
        if part is None:
            break
        seen = True
        group, i = part
        if i < len(words) and words[i].lower() in lex.multipliers and words[i].lower() != "trăm":
            total += group * lex.multipliers[words[i].lower()]
            group = 0.0
            i += 1
            continue
        total += group
        group = 0.0
        break
    if not seen:
        return None
    return total, i


def _number_words(lex: Lexicon) -> frozenset[str]:
    """Every word ``_parse_words`` reads after the first one (digits, tens, multipliers,
    "trăm", "mươi", "lăm", "linh" ...): after any other word, the number is one word."""
    got = lex.cache.get("number_words")
    if got is None:
        got = lex.cache["number_words"] = frozenset(
            {*lex.digits, *lex.after_tens, *lex.multipliers}
            | {"mười", "lăm", "nhăm", "trăm", "mươi", "linh", "lẻ", "không"}
        )
    return got


def parse_number_at(text: str, pos: int, lex: Lexicon) -> NumberMatch | None:
    """Parse the number that starts at ``pos`` (digits, words or a fraction sign)."""
    ch = text[pos]
    if ch in lex.fractions:
        return NumberMatch(lex.fractions[ch], pos, pos + 1, False, False, ch, False)
    if ch.isdigit():
        m = DIGITS_RE.match(text, pos)
        if m is None:
            return None
        raw = m.group()
        end = m.end()
        value: float | None = None
        has_mult = False
        # multipliers: "91,25 triệu", "2 tỷ 500 triệu", "80 nghìn", "1 triệu rưỡi"
        total: float = 0  # int while the parts are whole: exact
        cur_raw, cur_end = raw, end
        while True:
            mm = _NEXT_WORD.match(text, cur_end)
            word = mm.group(1).lower() if mm else ""
            if mm is None or word not in lex.multipliers:
                break
            mult = lex.multipliers[word]
            total += parse_digits(cur_raw, decimal_comma=True) * mult
            has_mult = True
            end = mm.end()
            half = _NEXT_WORD.match(text, end)
            if half and half.group(1).lower() == lex.half_word:
                total += 0.5 * mult
                end = half.end()
                break
            # "2 tỷ 500 triệu": a smaller multiplier group continues the number
            nxt = _NEXT_DIGITS.match(text, end)
            if nxt is None:
                break
            w2 = _NEXT_WORD.match(text, nxt.end())
            if w2 is None or lex.multipliers.get(w2.group(1).lower(), mult) >= mult:
                break
            cur_raw, cur_end = nxt.group(1), nxt.end()
        if has_mult:
            # "131,7 tỷ" is 131.7 × 10⁹ = 131699999999.99998 in floating point: a whole
            # amount within rounding error is the whole amount
            value = total
            if total <= MAX_VALUE:  # not inf or nan: those are refused just below
                whole = round(total)
                value = whole if abs(total - whole) <= 1e-9 * max(1.0, abs(total)) else total
        else:
            pct = _PERCENT_AFTER.match(text, end, end + 12)
            value = parse_digits(raw, decimal_comma=bool(pct))
        year_like = not has_mult and _YEAR.fullmatch(raw) is not None
        too_large = not value <= MAX_VALUE  # also inf and nan
        if too_large:
            value = 0
        return NumberMatch(value, pos, end, False, has_mult, text[pos:end], year_like, too_large)
    # word numbers; one right after a digit number is its unit ("95 năm Ngày thành lập",
    # "5 năm cấp cơ sở"), not a second number
    if _AFTER_DIGITS.search(text, max(0, pos - 4), pos):
        return None
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    number_words = _number_words(lex)
    for wm in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        if wm.start() != pos and text[spans[-1][1] : wm.start()].strip():
            break
        words.append(wm.group())
        spans.append((wm.start(), wm.end()))
        if len(words) >= 8 or (len(words) == 2 and words[1].lower() not in number_words):
            break  # a second word no number goes on with: the first word is the number
    if not words:
        return None
    parsed = _parse_words(words, lex)
    if parsed is None:
        return None
    value, used = parsed
    end = spans[used - 1][1]
    has_mult = any(w.lower() in lex.multipliers for w in words[:used])
    return NumberMatch(value, pos, end, True, has_mult, text[pos:end], False)
