"""Organisation names in a sentence: where they start and end, whether they name an
event ("Đại hội", "Hội nghị": never an organizer) and whether an action verb follows
("LĐLĐ tỉnh tổ chức ...": the body acting in the sentence).

A name starts at a head word from ``patterns/context.toml`` (``[organizer] heads``) and
goes on over capitalised words, abbreviations, short parentheses ("(LĐLĐ)") and the
continuation words ("tỉnh", "thành phố", "các khu công nghiệp" ...), so that names come
out whole: "Công đoàn các khu công nghiệp tỉnh", "LĐLĐ TP.HCM", "Công ty Cổ phần May 10".
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon

__all__ = ["org_mentions"]

_NEXT_TOKEN = re.compile(r"[ \t]*(\([^()\n]{1,40}\)|TP\.\s?[A-ZĐ][\w.]*|[^\s,;.:!?()“”\"]+)")
_TRAILING_JUNK = re.compile(r"(?:\s+(?:và|của|các|thuộc|trong|tổ chức|,))+\s*$")
_NOT_ORGANIZER_BEFORE = re.compile(
    r"(?i)(?:cán bộ|đoàn viên|hoạt động|công tác|phong trào|chủ tịch|thành lập|vào|ủy viên|"
    r"thành viên|cho|tặng|về|tại|với|các|những|\d)\s*$"
)
_OF_BEFORE = re.compile(r"(?i)\bcủa\s*$")
_EVENT = re.compile(r"(?i)^(?:Đại hội|Hội nghị|Hội thi|Hội thao|Hội diễn|Hội chợ|Hội thảo)\b")


def _continues(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    got = lex.cache.get("org_continue_lower")
    if got is None:
        words = frozenset(w.lower() for w in lex.org_continue)
        pairs = frozenset(w.lower() for w in lex.org_name_pairs)
        got = lex.cache["org_continue_lower"] = (words, pairs)
    return got


def _spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    cont, pairs = _continues(lex)
    out: list[tuple[int, int]] = []
    for m in lex.org_head.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        start, end = m.start(), m.end()
        pos = end
        prev_tok = m.group().split()[-1]
        named = False  # a proper name or qualifier follows the head
        while True:
            tm = _NEXT_TOKEN.match(text, pos)
            if tm is None:
                break
            tok = tm.group(1)
            two = _NEXT_TOKEN.match(text, tm.end())
            pair = f"{tok} {two.group(1)}".lower() if two else ""
            if tok.startswith("("):
                if re.search(r"\d", tok) or len(tok) > 24:
                    break  # "(2.442 sáng kiến)" is not part of the name; "(LĐLĐ)" is
                pos = tm.end()
            elif pair and (pair in cont or pair in pairs):
                pos = two.end()  # type: ignore[union-attr]
                named = True
            elif re.fullmatch(r"[IVXLC]+", tok):
                break  # "Đại hội XII CĐ Việt Nam": the numeral ends the congress name
            elif tok[:1].isupper() and not tok.isdigit():
                pos = tm.end()
                named = True
            elif tok.lower() in cont or f"{prev_tok} {tok}".lower() in pairs:
                pos = tm.end()
                named = True
            else:
                break
            prev_tok = tok
            end = pos
        if m.group() in lex.org_needs_name and not named:
            continue
        span = text[start:end]
        trimmed = _TRAILING_JUNK.sub("", span)
        end = start + len(trimmed.rstrip())
        if end > start:
            out.append((start, end))
    return out


def org_mentions(text: str, lex: Lexicon) -> list[tuple[int, int, str, bool]]:
    """Organisation names in ``text``: (start, end, kind, acting).

    kind: "event" for events ("Đại hội ..."), "of" right after "của" (the owner of what
    precedes: "suất quà của Tổng LĐLĐ"), "object" right after words that make the name an
    object or a recipient ("cho", "tặng", "cán bộ ..."), else "". Only plain names can be
    acting bodies."""
    out = []
    for a, b in _spans(text, lex):
        before = text[max(0, a - 40) : a]
        if _EVENT.match(text[a:b]):
            kind = "event"
        elif _OF_BEFORE.search(before):
            kind = "of"
        elif _NOT_ORGANIZER_BEFORE.search(before):
            kind = "object"
        else:
            kind = ""
        acting = kind == "" and lex.org_verbs.match(text, b) is not None
        out.append((a, b, kind, acting))
    return out
