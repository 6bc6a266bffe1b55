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

from ..fastre import compile_guarded
from ..lexicon import Lexicon, read_pattern_file

__all__ = ["org_mentions"]

_NEXT_TOKEN = re.compile(r"[ \t]*(\([^()\n]{1,40}\)|TP\.\s?[A-ZĐ][\w.]*|[^\s,;.:!?()“”\"]+)")
_TRAILING_JUNK = re.compile(r"(?:\s+(?:và|của|các|thuộc|trong|tổ chức|,))+\s*$")
_NOT_ORGANIZER_BEFORE = compile_guarded(
    r"(?i)(?:cán bộ|đoàn viên|hoạt động|(?<!đoàn )công tác|phong trào|thành lập|vào|ủy viên|"
    # a count before the name ("88 Công đoàn cơ sở"), not a year or a date ("năm 2018
    # Công đoàn tỉnh ... đã ký": the name acts after a time phrase)
    r"thành viên|cho|tặng|trao|hỗ trợ|thăm|phối hợp|phối hợp cùng|(?:bao )?gồm(?: có)?:?|(?<!thời gian )(?<!sắp )(?:đến|tới)|về|tại|với|các|những|đến từ|(?<![\d.,])\d{1,3}(?:[.,]\d{3})*)\s*$"
)
# between two names of one list: ", ", " và ", or a count of what the first got ("100 trường hợp, ")
_OBJECT_LIST_GAP = re.compile(r"(?:\s+[\d.,]+(?:\s+[^\W\d_]+){1,2})?\s*(?:,|và)\s*(?:và\s+)?")
# the start of a sentence, or after a short opener ("Dịp này, ", "Sáng 2/12, "), not a
# list's comma ("CĐCS Cty A, CĐCS Ban Quản lý dự án ...")
_CLAUSE_OPEN = re.compile(r"(?:^|[;.!?\n])\s*(?:[^\s,;:.!?\n][^,;:.!?\n]{0,28},\s*)?$")
_PREDICATE = re.compile(
    r"\s+(?!(?:và|với|cùng|của|cho|tại|trong|là|thuộc|ở|đã được|được|các|những|và các|có)\b)[a-zà-ỹđ]"
)
_OF_BEFORE = compile_guarded(r"(?i)\bcủa\s*$")
# "Ngày 15/5 LĐLĐ tỉnh tổ chức": a date before the name, not a count
_DATE_BEFORE = compile_guarded(r"(?i)\b(?:ngày|sáng|trưa|chiều|tối|đêm|hôm)\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*$")
_EVENT_TO_BODY = re.compile(r"\s+(?:đại biểu\s+)?")
_EVENT = re.compile(r"(?i)^(?:Đại hội|Hội nghị|Hội thi|Hội thao|Hội diễn|Hội chợ|Hội thảo)\b")


def _continues(lex: Lexicon) -> tuple[frozenset[str], frozenset[str], int]:
    """Continuation words and name pairs (lower case), and the most syllables one has
    ("trực tiếp cơ sở": 4), how far a name is read ahead."""
    got = lex.cache.get("org_continue_lower")
    if got is None:
        words = frozenset(w.lower() for w in lex.org_continue)
        pairs = frozenset(w.lower() for w in lex.org_name_pairs)
        longest = max((len(w.split()) for w in words | pairs), default=1)
        got = lex.cache["org_continue_lower"] = (words, pairs, longest)
    return got


def _families(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    got = lex.cache.get("org_families")
    if got is None:
        data = read_pattern_file(lex.patterns_dir / "people.toml")
        weak = frozenset(data.get("weak_family", []))
        got = lex.cache["org_families"] = (frozenset(data.get("family", [])) - weak, weak)
    return got


def _person_starts(toks: list[re.Match[str]], lex: Lexicon) -> bool:
    """The capitalised run at ``toks`` is a person's name ("... tỉnh An Giang Phan Thị Diễm")."""
    strong, weak = _families(lex)
    first = toks[0].group(1)
    rest = [t.group(1) for t in toks[1:]]
    caps = 0
    for w in rest:
        if not w[:1].isupper():
            break
        caps += 1
    return (first in strong and caps >= 1) or (first in weak and caps >= 2)


def _officer_speaks(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """The body's officer, titled before it and named right after it, speaks: "Phó Chủ
    tịch LĐLĐ TP HCM Nguyễn Kim Loan cho biết"."""
    speech, titles = lex.org_speech, lex.org_officer_titles
    if speech is None or titles is None or titles.search(text, max(0, a - 30), a) is None:
        return False
    toks = []
    p = b
    for _ in range(5):
        tm = _NEXT_TOKEN.match(text, p)
        if tm is None or not tm.group(1)[:1].isupper():
            break
        toks.append(tm)
        p = tm.end()
    return len(toks) >= 2 and _person_starts(toks, lex) and speech.match(text, toks[-1].end()) is not None


def _spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    cont, pairs, longest = _continues(lex)
    out: list[tuple[int, int]] = []
    token_at: dict[int, re.Match[str] | None] = {}  # the token read at an offset (read once)
    for m in lex.org_head.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        start, end = m.start(), m.end()
        pos = end
        prev_tok = m.group().split()[-1]
        named = False  # a proper name or qualifier follows the head
        while True:
            toks = []
            p = pos
            for _ in range(longest):
                if p in token_at:
                    tm = token_at[p]
                else:
                    tm = token_at[p] = _NEXT_TOKEN.match(text, p)
                if tm is None:
                    break
                toks.append(tm)
                p = tm.end()
            if not toks:
                break
            tok = toks[0].group(1)
            # the longest run of continuation words: "khu công nghiệp", "thành phố", "cơ sở"
            # continuation words in any case; name pairs ("Tổ chức", "Giáo dục") only
            # capitalised, as inside a proper name
            n = 0
            if not tok.startswith("("):
                got = [t.group(1) for t in toks]
                cap = tok[:1].isupper()
                for k in range(len(toks), 0, -1):
                    run = " ".join(got[:k]).lower()
                    if run in cont or (cap and run in pairs):
                        n = k
                        break
            inner = lex.org_head.match(text, toks[0].start(1))
            if named and inner is not None and inner.group() == m.group():
                break  # "Công đoàn Bình Định Công đoàn Bình Định" (two teasers run together)
            if (
                inner is not None
                and not tok.startswith("(")
                and tok.lower() != "và"
                and not _EVENT.match(inner.group())
            ):
                # a name inside the name: "Ban Thường vụ Liên đoàn Lao động huyện ...",
                # "Công đoàn Công ty CP ..."
                pos = inner.end()
                named = True
                prev_tok = inner.group().split()[-1]
                end = pos
                continue
            if tok.startswith("("):
                if re.search(r"\d", tok) or len(tok) > 24:
                    break  # "(2.442 sáng kiến)" is not part of the name; "(LĐLĐ)" is
                pos = toks[0].end()
            elif n and tok.lower() == "và" and not (
                len(toks) > 1 and (toks[1].group(1).lower() == "các" or lex.org_head.match(text, toks[1].start(1)))
            ):
                break  # "Công đoàn và Nhà trường": "và" joins two names only when a name follows
            elif n:
                pos = toks[n - 1].end()
                named = True
                tok = toks[n - 1].group(1)
            elif re.fullmatch(r"[IVXLC]+", tok):
                break  # "Đại hội XII CĐ Việt Nam": the numeral ends the congress name
            elif tok[:1].isupper() and not tok.isdigit():
                if named and _person_starts(toks, lex):
                    break  # the officer's name after the body's: "LĐLĐ TP Nguyễn Chính Hữu"
                pos = toks[0].end()
                named = True
            elif f"{prev_tok} {tok}".lower() in pairs:
                pos = toks[0].end()
                named = True
            elif tok in ("-", "–") and len(toks) > 1 and toks[1].group(1)[:1].isupper():
                pos = toks[1].end()  # "Công đoàn Than - Khoáng sản Việt Nam"
                tok = toks[1].group(1)
            else:
                break
            prev_tok = tok
            end = pos
        if m.group() in lex.org_needs_name and not named:
            continue
        head_end = m.end()
        span = text[head_end:end]
        trimmed = _TRAILING_JUNK.sub("", span)  # never into the head ("Ban tổ chức")
        end = head_end + len(trimmed.rstrip())
        if end > start:
            out.append((start, end))
    return out


def org_mentions(text: str, lex: Lexicon) -> list[tuple[int, int, str, bool]]:
    """Organisation names in ``text``: (start, end, kind, acting).

    kind: "event" for events ("Đại hội ..."), "of" right after "của" (the owner of what
    precedes: "suất quà của Tổng LĐLĐ"), "object" right after words that make the name an
    object or a recipient ("cho", "tặng", "cán bộ ..."), else "". Only plain names can be
    acting bodies."""
    out: list[tuple[int, int, str, bool]] = []
    for a, b in _spans(text, lex):
        if a and text[a - 1] in "“\"" and lex.name_introducers.search(text, max(0, a - 60), a - 1):
            continue  # the name of a programme or an app: ứng dụng “Công đoàn Hà Nội”
        before = text[max(0, a - 40) : a]
        ev = _EVENT.match(text[a:b])
        if ev is not None:
            # "Đại hội Công đoàn tỉnh Hà Tĩnh lần thứ XIX": the event, and the body whose
            # congress it is (a name in its own right, not acting)
            inner = lex.org_head.search(text, a + ev.end(), b)
            if inner is not None and _EVENT_TO_BODY.fullmatch(text, a + ev.end(), inner.start()):
                out.append((a, a + ev.end(), "event", False))
                out.append((inner.start(), b, "", False))
            else:
                out.append((a, b, "event", False))
            continue
        if _OF_BEFORE.search(before):
            kind = "of"
        elif _NOT_ORGANIZER_BEFORE.search(before) and not _DATE_BEFORE.search(before):
            kind = "object"
        elif (
            out
            and out[-1][2] == "object"
            and _OBJECT_LIST_GAP.fullmatch(text, out[-1][1], a)
            and lex.org_verbs.match(text, b) is None  # "Cùng với Quỹ CEP, Ngân hàng X dành ..."
        ):
            # the list goes on: "hỗ trợ LĐLĐ tỉnh Hà Tĩnh 100 trường hợp, LĐLĐ tỉnh Quảng Bình ..."
            kind = "object"
        else:
            kind = ""
        acting = kind == "" and (
            lex.org_verbs.match(text, b) is not None
            or _officer_speaks(text, a, b, lex)
            # a body that opens its clause, a lower-case word after it, is the clause's
            # subject: "Dịp này, LĐLĐ tỉnh chọn 25 vận động viên"
            or (_CLAUSE_OPEN.search(text, max(0, a - 32), a) is not None and _PREDICATE.match(text, b) is not None)
        )
        out.append((a, b, kind, acting))
    return out
