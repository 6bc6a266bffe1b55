"""What follows a number: its unit (the longest match in ``units.toml``, a per-unit
"đồng/suất", a quoted unit name) or, in a money context, a bare amount in triệu/tỷ."""

from __future__ import annotations

import re

from ..lexicon import Lexicon, Unit
from .numbers import NumberMatch

__all__ = ["bare_money", "match_unit", "unit_keys", "words_after"]

_TOKENS = re.compile(r"[^\W_]+(?:[-–][^\W_]+)*|[,/%]")
_STOP = re.compile(r"[.;:!?()\[\]“”\"«»\n]")


def words_after(text: str, pos: int, limit: int = 12) -> list[tuple[str, int, int]]:
    """Tokens after ``pos`` up to sentence punctuation: (token, start, end)."""
    out: list[tuple[str, int, int]] = []
    stop = _STOP.search(text, pos)
    end = stop.start() if stop else len(text)
    for m in _TOKENS.finditer(text, pos, end):
        out.append((m.group(), m.start(), m.end()))
        if len(out) >= limit:
            break
    return out


def unit_keys(tokens: list[tuple[str, int, int]]) -> list[str]:
    """Word list for unit lookup: commas glue to the previous word ("cán bộ,")."""
    words: list[str] = []
    for tok, _, _ in tokens:
        if tok == "," and words:
            words[-1] += ","
        else:
            words.append(tok)
    return words


_QUOTE_OPEN = re.compile(r"\s*[“\"]")
_FIRST_TOKEN = re.compile(r"[^\S\n]*(" + _TOKENS.pattern + ")")
_PER_UNIT = re.compile(r"/\s*([^\W\d_]+(?: [^\W\d_]+)?)")


def _first_words(lex: Lexicon) -> frozenset[str]:
    """The first word of every unit, lower-cased, trailing commas dropped (most numbers
    have no unit word after them: one look at the next word settles them)."""
    firsts = lex.cache.get("unit_first_words_loose")
    if firsts is None:
        words = frozenset(k.split()[0] for k in lex.units if k.strip())
        firsts = lex.cache["unit_first_words_loose"] = frozenset(w.rstrip(",") for w in words)
    return firsts


def match_unit(
    text: str, pos: int, lex: Lexicon
) -> tuple[Unit, int, str] | None:
    """Unit starting at ``pos``: (unit, end offset, surface as written)."""
    first_tok = _FIRST_TOKEN.match(text, pos)
    quote: re.Match[str] | None = None
    if first_tok is not None:
        # a word right after the number (spaces between, no line break): what the
        # token scan below finds first, at ``pos``; and then no quote opens there
        if first_tok.group(1).lower().rstrip(",") not in _first_words(lex):
            return None
        start = pos
    else:
        quote = _QUOTE_OPEN.match(text, pos)
        toks = words_after(text, pos, 1)
        if not toks and quote:
            # a quoted unit name: 'trao 20 “Mái ấm Công đoàn”'
            start = pos + len(quote.group())
            toks = words_after(text, start, 1)
            if not toks or text[start : toks[0][1]].strip():
                return None
        elif not toks or text[pos : toks[0][1]].strip():
            return None
        else:
            start = pos
        # the lookup key starts with this word (a comma may be glued to it): no unit starts so
        if toks[0][0].lower().rstrip(",") not in _first_words(lex):
            return None
    toks = words_after(text, start)
    words = unit_keys(toks)
    firsts = lex.cache.get("unit_first_words")
    if firsts is None:  # the first word of every unit
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
    if end < len(text) and text[end] in "”\"" and quote:
        end += 1  # the closing quote of a quoted unit name
    # per-unit: "đồng/suất", "tháng lương/người"
    per = _PER_UNIT.match(text, end, end + 30)
    if per and unit.kind in ("money", "count", "participants"):
        words = per.group(1).split()
        # "đồng/suất", "đồng/trường hợp" (one item, the two words of "trường hợp")
        w = per.group(1) if len(words) == 2 and per.group(1).lower() in lex.per_two_word_items else words[0]
        end += per.start(1) - end + len(w)
    return unit, end, text[pos:end].strip()


_MULTIPLIER_END = re.compile(r"(?i)(triệu|tỷ|tỉ)\s*$")
_COUNTED_AFTER = re.compile(r"\s*(?:người|lượt|đoàn viên|lao động|công nhân|USD|đô)")


def bare_money(num: NumberMatch, clause: str, after: str, lex: Lexicon) -> str | None:
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
    if _COUNTED_AFTER.match(after):
        return None
    if rx.search(clause[-80:]):
        return m.group(1)
    ctx_rx, after_rx = lex.bare_give_context, lex.bare_give_after
    if after_rx is None or not after_rx.match(after):
        return None
    if m.group(1).lower() in lex.raw["rules"]["money"].get("bare_alone", ()):
        return m.group(1)
    return m.group(1) if ctx_rx is not None and ctx_rx.search(clause[-60:]) else None
