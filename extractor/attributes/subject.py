"""Who or what a figure counts: the unit phrase and the noun phrase after it ("2.596 lượt
cán bộ, đoàn viên" -> "cán bộ, đoàn viên"), for money what it is for or of, for a
duration the activity timed, for a congress term the congress.

The optional NLP layer (``extractor.nlp.context``) trims the phrase at the first verb or
preposition after its head noun.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import Figure
from .context import ArticleContext, Resolved
from .frames import (
    duration_subject,
    money_noun_after,
    money_subject,
    money_unframed,
    purpose_later,
    spend_verbs,
)
from .orgs import org_mentions

__all__ = ["resolve_subject", "tidy_end"]


def _phrase_after(text: str, pos: int, lex: Lexicon, max_words: int = 6) -> tuple[int, int] | None:
    """Noun phrase from ``pos`` up to a stop word or punctuation (commas between nouns kept)."""
    words = list(re.finditer(r"[^\s,;.:!?()“”\"]+|,", text[pos : pos + 200]))
    if words and re.search(r"[.;:!?]", text[pos : pos + words[0].start()]):
        return None  # the sentence ends first: "giảm giá từ 30%-50%. Dịp này, ..."
    end = None
    n = 0
    i = 0
    while i < len(words):
        w = words[i].group()
        low = w.lower()
        nxt = words[i + 1].group().lower() if i + 1 < len(words) else ""
        if w == ",":
            # keep "cán bộ, đoàn viên": a comma followed by another people/noun word
            if nxt in ("đoàn", "cán", "công", "người", "viên", "nlđ", "cnlđ", "lao") and n < max_words:
                i += 1
                continue
            break
        if low in lex.subject_stops or f"{low} {nxt}" in lex.subject_stops:
            break
        if re.match(r"\d", w):
            break
        if i > 0 and words[i - 1].end() < words[i].start() - 1:
            break
        end = words[i].end()
        n += 1
        if n >= max_words:
            break
        i += 1
    if end is None:
        return None
    return pos + (words[0].start() if words else 0), pos + end


def _subject_span(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    s_off = fig.sentence_start
    sent = fig.sentence
    if fig.kind == "attendances":
        unit = fig.unit or ""
        rest = unit[len("lượt") :].strip() if unit.lower().startswith("lượt") else ""
        if rest:
            u0 = fig.end - len(rest)
            ph = _phrase_after(text, fig.end, lex)
            return (u0, ph[1]) if ph else (u0, fig.end)
        return _phrase_after(text, fig.end, lex)
    if fig.kind in ("percentage",):
        # "lao động nữ chiếm 57,8%": what takes the share is named before "chiếm"
        share = _SHARE_BEFORE.search(text, max(s_off, fig.start - 120), fig.start)
        if share is not None:
            return share.start(1), share.end(1)
        # "có hơn 620.000 nữ đoàn viên, chiếm 58,7%": what was counted before the comma
        listed = _COUNTED_SHARE.search(text, max(s_off, fig.start - 120), fig.start)
        if listed is not None:
            return listed.start(1), listed.end(1)
        # "trong đó khoảng 45% là nữ": who the share is
        m_is = _IS_AFTER.match(text, fig.end)
        if m_is is not None:
            ph = _phrase_after(text, m_is.end(), lex)
            if ph:
                return ph
        # "giảm giá từ 10% đến 50%", "tăng lương 6%", "lãi suất ưu đãi 0,8%": the change
        change = _CHANGE_BEFORE.search(text, max(s_off, fig.start - 60), fig.start)
        if change is not None:
            if change.group(1).lower() in ("tăng", "giảm"):
                # "Thu nhập bình quân tăng 7%": what rose is named before the verb
                c0 = max(s_off, text.rfind(",", s_off, change.start()) + 1, text.rfind(";", s_off, change.start()) + 1)
                what = _phrase_back_plain(text, c0, change.start(), lex)
                if what is not None:
                    return what
            return change.start(1), change.end(1)
        skip = re.match(r"\s*(?:trở lên|trở xuống)", text[fig.end : fig.end + 12])
        pos = fig.end + (skip.end() if skip else 0)
        total = _OF_TOTAL.match(text, pos)  # "đạt 71,3% tổng số đoàn viên"
        if total is not None:
            ph = _phrase_after(text, total.end(), lex)
            return (total.start(1), ph[1] if ph else total.end(1))
        ph = _phrase_after(text, pos, lex) if not text.startswith("/", pos) else None
        if ph:
            return ph
        m = re.search(r"(?i)(?:tỷ lệ|tỉ lệ)\s+([^;.]{3,120}?)\s+(?:là|đạt|chiếm|(?:mới\s+)?chỉ|ở mức)\s*[^,;.]{0,20}$", sent[: fig.start - s_off])
        if m:
            return s_off + m.start(1), s_off + m.end(1)
        return None
    if fig.kind == "money":
        framed = money_subject(fig, text, lex)
        each = _each_item(fig, text, lex)
        if each is not None and (framed is None or not _names_item(text, framed, each) or _EACH_ONLY.fullmatch(text, *framed)):
            # "300.000 đồng/suất", "700 nghìn đồng mỗi suất", "(mỗi suất 500 nghìn đồng)":
            # the amount is the value of one item, whatever frames it; as the sentence
            # counts it when it does ("tặng 20 suất quà, mỗi suất trị giá 500.000 đồng")
            return _counted_item(fig, text, lex, each)
        if framed is not None:
            return framed
        clause = sent[: fig.start - s_off]
        near = lex.money_heads.search(clause[-24:])
        if near is None:
            # "500.000 đồng/phiếu": the value of one "phiếu"
            unit = fig.unit or ""
            if "/" in unit:
                item = unit.split("/", 1)[1].strip()
                if item and item.lower() not in _PER_RATE:
                    return fig.end - len(item), fig.end
            # "29 tỷ đồng từ nguồn tài chính Công đoàn", "1.000.000 đồng cho học sinh tiểu học"
            got = _purpose(fig, text, lex)
            if got is not None:
                return got
        heads = list(lex.money_heads.finditer(clause))
        if heads and heads[-1].group().lower() in spend_verbs(lex) and clause[heads[-1].end() :].strip() == "":
            # "Chi 100 tỉ đồng cho Chợ tết ...": a bare verb says nothing; what it pays for does
            got = _purpose(fig, text, lex, bare_verb=True)
            if got is not None:
                return got
        if not heads or _FRAME_ONLY.fullmatch(clause[heads[-1].start() :].strip()):
            # no word names the amount, or only a frame word does ("với số tiền"): what
            # the sentence gives or pays with it
            got = money_unframed(fig, text, lex)
            if got is not None:
                return got
        noun = money_noun_after(fig, text)
        if noun is not None:
            # "1 triệu đồng tiền mặt và 500.000 đồng quà hiện vật": the money noun after it
            return noun
        if heads and _AMOUNT.search(clause, heads[-1].end()):
            # a head with another amount after it may name that one ("giải Nhất trị giá 3
            # triệu đồng, giải Khuyến khích 500 nghìn đồng"): the figure's own clause, when
            # it opens after that head, names this one
            own = _clause_subject(fig, text, lex)
            if own is not None and own[0] >= s_off + heads[-1].end():
                return own
        if heads and _FRAME_ONLY.fullmatch(clause[heads[-1].start() :].strip()):
            # only a frame word names it, and nothing before it says what of: what the
            # clause after it says it paid for ("Ngoài số tiền 30 triệu đồng được Công
            # đoàn X hỗ trợ, ..." -> "hỗ trợ"), never the frame word
            return purpose_later(fig, text, lex)
        if heads:
            h = heads[-1]
            seg_end = len(clause.rstrip())
            if seg_end - h.start() <= 60 and not re.search(r"[;,.]", clause[h.end() : seg_end]):
                return s_off + h.start(), s_off + seg_end
            return s_off + h.start(), s_off + h.end()
        return _clause_subject(fig, text, lex)
    if fig.kind == "term":
        return _term_subject(fig, text, lex)
    if fig.kind == "duration":
        timed = duration_subject(fig, text, lex)
        if timed is not None:
            return timed
        # "hai tháng thi công", "Qua 5 năm thực hiện", "Duy trì hơn 10 năm nay":
        # the activity timed
        vm = _DURATION_VERB_AFTER.match(text, fig.end) or _DURATION_VERB_BEFORE.search(
            text, max(s_off, fig.start - 30), fig.start
        )
        if vm:
            return vm.start("verb"), vm.end("verb")
        # "Mỗi đợt khám kéo dài 5 - 10 ngày" -> "Mỗi đợt khám"
        clause_start = max(
            s_off,
            text.rfind(";", s_off, fig.start) + 1,
            text.rfind(",", s_off, fig.start) + 1,
            text.rfind(":", s_off, fig.start) + 1,
        )
        head = text[clause_start : fig.start]
        head = _DURATION_LEAD.sub("", head).strip()
        if head and len(head.split()) <= 8 and not re.search(r"\d", head):
            a = text.find(head, clause_start)
            return a, a + len(head)
        return None
    if fig.kind == "plan_attainment":
        return None
    unit = fig.unit or ""
    if not unit:
        return None
    if unit.lower() in _generic_people(lex):
        who = _who_people_are(fig, text, lex)
        if who is not None:
            return who
    u_start = fig.end - len(unit)
    u_end = fig.end
    if text[u_start:u_end] != unit:
        # "542/500 CĐ cơ sở": the unit follows the second number
        idx = text.find(unit, fig.end, fig.end + 20)
        if idx < 0:
            return None
        u_start, u_end = idx, idx + len(unit)
    ph = _phrase_after(text, u_end, lex, max_words=4)
    if ph and ph[0] - u_end <= 1:
        return u_start, ph[1]
    return u_start, u_end


_DURATION_LEAD = re.compile(
    r"(?i)(?:\s*(?:đã|được|sẽ|kéo dài|diễn ra|trong(?: vòng| suốt)?|sau|qua|mất|suốt|duy trì|"
    r"hơn|gần|khoảng|trên|chỉ|trước|dành|cần|tối đa|tối thiểu|không quá|ít nhất))+\s*$"
)
_SHARE_BEFORE = re.compile(
    r"(?:^|[,;:(]|\btrong đó|\bTrong đó)\s*([^\W\d_][^,;:.()\d]{1,80}?)\s+chiếm(?:\s+(?:tỉ lệ|tỷ lệ|khoảng|hơn|gần|trên|tới|đến))*\s*$"
)
_COUNTED_SHARE = re.compile(r"(?<![\w.,])\d[\d.,]*\s+([^\W\d_][^,;:.()\d]{0,60}?)\s*,\s*chiếm(?:\s+(?:khoảng|hơn|gần|trên))?\s*$")
_CHANGE_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])((?:giảm giá|tăng lương|giảm|tăng|ưu đãi|chiết khấu|lãi suất)(?:\s+(?:ưu đãi|thêm))?)"
    r"\s+(?:(?:được|chỉ|thêm|từ|khoảng|ở mức|tối đa|tối thiểu|đến|lên|xuống)\s+)*$"
)
_OF_TOTAL = re.compile(r"\s+((?:so với\s+)?tổng số)\s+")
_CONGRESS = re.compile(r"\bĐại hội\b")
_DURATION_VERBS = (
    r"thi công|thực hiện|triển khai|phát động|hoạt động|duy trì|học tập|học|tập huấn|"
    r"xây dựng|làm việc|công tác|diễn ra|tổ chức|thi đua|vận hành|sửa chữa|điều trị|nghỉ"
)
_DURATION_VERB_AFTER = re.compile(r"\s+(?:nay\s+)?(?P<verb>" + _DURATION_VERBS + r")\b")
_DURATION_VERB_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])(?P<verb>" + _DURATION_VERBS + r")\s+(?:được\s+)?(?:hơn|gần|khoảng|trên|trong|suốt|qua)?\s*$"
)
# "/người", "/tháng" make a rate (a wage, a monthly allowance), not the value of an item
_PER_RATE = frozenset({"người", "trường hợp", "tháng", "năm", "ngày", "lao động", "công nhân", "đoàn viên", "hộ", "gia đình", "lượt", "giờ", "km"})
# money heads that only frame an amount: never a subject on their own
_FRAME_ONLY = re.compile(r"(?i)(?:với\s+)?(?:tổng\s+)?(?:số tiền|trị giá|giá trị|tổng cộng)(?:\s+(?:trị giá|là|khoảng|hơn|gần|trên))*")
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:triệu|tỷ|tỉ|nghìn|ngàn|đồng)(?![^\W\d_])(?!\s+(?:chí|bào|nghiệp|hành)\b)")
_MONEY_PURPOSE = re.compile(r"(?:/\S+)?\s+((?:cho|từ|để|hỗ trợ|giúp)\s)")


def _purpose(fig: Figure, text: str, lex: Lexicon, bare_verb: bool = False) -> tuple[int, int] | None:
    """What the amount is for, said right after it: "1.000.000 đồng cho học sinh tiểu
    học", "dành 35 tỷ đồng để chăm lo cho ..." -> "chăm lo" (never "để"); with
    ``bare_verb``, the purpose verb alone when nothing follows it ("chi hơn 9 tỉ đồng hỗ
    trợ 723 đoàn viên" -> "hỗ trợ")."""
    am = _MONEY_PURPOSE.match(text, fig.end)
    if am is None:
        return None
    word = am.group(1).strip()
    ph = _phrase_after(text, am.end(), lex, max_words=6)
    if ph:
        return (ph[0] if word == "để" else am.start(1)), ph[1]
    if bare_verb and word in ("hỗ trợ", "giúp"):
        return am.start(1), am.start(1) + len(word)
    return None


_RATE_AFTER = re.compile(r"\s*/\s*(?:tháng|năm|ngày|tuần|giờ|người|lượt)(?![^\W\d_])")
_EACH_AFTER = re.compile(r"\s*(?:/\s*)?(mỗi\s+[^\W\d_]+(?:\s+[^\W\d_]+)?)")
_EACH_BEFORE = re.compile(r"(?<![^\W\d_])(mỗi\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,2}?)\s*(?:là|trị giá|có giá|khoảng|:)?\s*$")


def _each_item(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The one item an amount is the value of: the unit's "/suất", "mỗi suất" right after
    the amount, or "mỗi suất" right before it."""
    unit = fig.unit or ""
    if _RATE_AFTER.match(text, fig.end):
        return None  # "2,5 triệu đồng/căn/tháng": a rate, not the value of one item
    if "/" in unit:
        item = unit.split("/", 1)[1].strip()
        if item.lower().startswith("mỗi"):
            m = _EACH_AFTER.match(text, fig.end - len(item) - 1)
            return (m.start(1), _trim_each(text, m, lex)) if m else None
        if item and item.lower() not in _PER_RATE:
            return fig.end - len(item), fig.end
        return None
    m = _EACH_AFTER.match(text, fig.end)
    if m is not None:
        return m.start(1), _trim_each(text, m, lex)
    s0 = max(fig.sentence_start, text.rfind(";", fig.sentence_start, fig.start) + 1, text.rfind("(", fig.sentence_start, fig.start) + 1)
    b = _EACH_BEFORE.search(text, s0, fig.start)
    if b is not None:
        return b.start(1), _trim_each(text, b, lex)
    return None


_COUNTED_WORDS = re.compile(r"(?<![\w.,])\d[\d.,]*\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,3})")


def _counted_item(fig: Figure, text: str, lex: Lexicon, each: tuple[int, int]) -> tuple[int, int]:
    """The item as the sentence counts it: "trao 50 suất quà Tết, mỗi suất 1 triệu đồng"
    -> "suất quà Tết" (else the item as the amount names it, "mỗi suất")."""
    words = text[each[0] : each[1]].split()
    word = words[1] if words[0].lower() == "mỗi" and len(words) > 1 else words[0]
    found = None
    for m in _COUNTED_WORDS.finditer(text, fig.sentence_start, fig.start):
        if m.group(1).split()[0].casefold() == word.casefold():
            found = m
    if found is None:
        return each
    a = found.start(1)
    end = a + len(word)
    for w in re.finditer(r"\S+", text[a + len(word) : found.end(1)]):
        if w.group().lower().strip(",.;:") in lex.subject_stops or not w.group()[-1:].isalpha():
            break
        end = a + len(word) + w.end()
    return a, end


def _trim_each(text: str, m: re.Match[str], lex: Lexicon) -> int:
    """"mỗi suất quà" ends before a stop word ("mỗi suất cho", "mỗi phần là")."""
    words = list(re.finditer(r"\S+", text[m.start(1) : m.end(1)]))
    end = m.start(1) + words[1].end()
    for w in words[2:]:
        if w.group().lower() in lex.subject_stops:
            break
        end = m.start(1) + w.end()
    return end


_CLAUSE_START = re.compile(r"(?:^|[;:(]|,\s)\s*(?:-\s+)?([^\W\d_][^;:(),\d]{1,80}?)\s*$")
_AMOUNT_VERB = re.compile(
    r"(?i)(?:\s+(?:hiện|đã|sẽ|chỉ|còn|ước(?: tính| khoảng)?|khoảng|đạt|là|lên(?: tới| đến)?|tới|gần|hơn|trên|tối đa|tối thiểu))+$"
)


def _clause_subject(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """An amount no word names: what its clause opens with, when that is all there is
    before the verb ("Thiệt hại về vật chất ước khoảng 4,3 tỷ đồng", "tổng thu tài chính
    công đoàn toàn tỉnh đạt 186,7 tỷ đồng", "..., làm lợi ước tính 120 triệu đồng")."""
    s0 = fig.sentence_start
    m = _CLAUSE_START.search(text[s0 : fig.start])  # (on the slice: "^" is the sentence start)
    if m is None:
        return None
    a, b = s0 + m.start(1), s0 + m.end(1)
    v = _AMOUNT_VERB.search(text, a, b)
    if v is not None:
        b = v.start()
    words = text[a:b].split()
    if not 2 <= len(words) <= 8 or lex.org_head.match(text, a) is not None:
        return None
    if words[0].lower() in lex.subject_stops or words[-1].lower() in lex.subject_stops:
        return None
    return a, b


_EACH_ONLY = re.compile(r"(?i)mỗi\s+[^\W\d_]+")  # "mỗi suất": the item, not named


def _names_item(text: str, framed: tuple[int, int], each: tuple[int, int]) -> bool:
    """The framed subject already names the item ("mỗi suất quà trị giá 500.000 đồng/suất")."""
    item = text[each[0] : each[1]].lower().removeprefix("mỗi").split()
    return bool(item) and item[0] in text[framed[0] : framed[1]].lower().split()


_IS_AFTER = re.compile(r"\s+(?:đều\s+)?là\s+")
_PEOPLE_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*)([^\W\d_][^,;:.()\d]{2,80}?)\s+(?:hiện\s+)?là\s+(?:(?:khoảng|hơn|gần|trên|tổng cộng)\s+)?$"
)


_NOUN_BEFORE = re.compile(r"([^\W\d_][^\W\d_ ]*(?: [^\W\d_][^\W\d_ ]*){1,5})\s+(?:(?:đã|đều|cũng|đạt|được)\s+)?$")


def _phrase_back_plain(text: str, a: int, b: int, lex: Lexicon) -> tuple[int, int] | None:
    """Two to six words right before ``b`` (from ``a``), when nothing else is between:
    the thing a bare "tăng" or "giảm" is about; never a body."""
    m = _NOUN_BEFORE.search(text[a:b])
    if m is None or lex.org_head.match(m.group(1)) is not None:
        return None
    return a + m.start(1), a + m.end(1)


def _generic_people(lex: Lexicon) -> frozenset[str]:
    got = lex.cache.get("generic_people")
    if got is None:
        got = lex.cache["generic_people"] = frozenset(lex.raw["context"]["subject"].get("generic_people", []))
    return got


def _who_people_are(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """Who "N người" are: "hơn 2.900 người là đoàn viên công đoàn" -> "đoàn viên công
    đoàn"; "Tổng số đoàn viên toàn huyện hiện là 4.812 người" -> "Tổng số đoàn viên toàn
    huyện" (the caller drops "Tổng số"); never what has them ("công ty có 300 người"),
    a body or "trong đó"."""
    m = _IS_AFTER.match(text, fig.end)
    if m is not None:
        ph = _phrase_after(text, m.end(), lex)
        if ph is not None:
            return ph
    s0 = fig.sentence_start
    b = _PEOPLE_BEFORE.search(text[s0 : fig.start])  # (on the slice: "^" is the sentence start)
    if b is None:
        return None
    a, e = s0 + b.start(1), s0 + b.end(1)
    phrase = text[a:e]
    if len(phrase.split()) > 10 or lex.org_head.match(phrase) or re.match(r"(?i)trong đó\b", phrase):
        return None
    return a, e


_NOT_A_NAME = frozenset({"trong", "sau", "qua", "theo", "tại", "với", "từ", "đến", "khi", "và", "của", "cho"})


def _term_subject(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The congress a term belongs to: "Đại hội XI Công đoàn Việt Nam" ->
    "Đại hội ... Công đoàn Việt Nam"; "Đại hội Công đoàn khóa I" -> "Đại hội Công đoàn"."""
    s_off = fig.sentence_start
    quote = fig.quote
    if quote.startswith("Đại hội"):
        if fig.rule == "term_congress_lan_thu":
            head = re.sub(r"\s*,?\s*lần thứ\s+\S+$", "", quote)
            return fig.start, fig.start + len(head)
        # "Đại hội XII CĐ Việt Nam": the name after the numeral
        names = [m for m in org_mentions(text[fig.end : fig.end + 80], lex) if m[0] <= 1]
        if names:
            return fig.end + names[0][0], fig.end + names[0][1]  # caller prefixes "Đại hội"
        return fig.start, fig.start + len("Đại hội")
    before = text[s_off : fig.start]
    congresses = list(_CONGRESS.finditer(before))
    if congresses:
        a = s_off + congresses[-1].start()
        seg = text[a : fig.start].rstrip(" ,(")
        if 0 < len(seg.split()) <= 14:
            return a, a + len(seg)
    # "Điều lệ Công đoàn Việt Nam (khóa XII)": the capitalised name right before
    m = re.search(r"((?:[A-ZĐ][^\s,;.()]*\s+){1,8})\(?\s*$", before)
    if m and m.group(1).split()[0].lower() not in _NOT_A_NAME:  # not "Trong nhiệm kỳ ..."
        a = s_off + m.start(1)
        seg = m.group(1).strip()
        return a, a + len(seg)
    return None




_CLASSIFIER = re.compile(r"(?i)(?:bản|chiếc|cái|ngôi|tấm|đồng chí|em|chị|cháu|vị|số|tổng số)\s+(?=[^\W\d_])(?!lao động|viên|nhà\b)")


_TAIL = re.compile(r"[\s,;:*–—-]+$|(?<=\s)([^\W\d_]+)$")


def tidy_end(text: str, a: int, b: int, trailing: frozenset[str]) -> int:
    """The end of the subject ``text[a:b]`` without the punctuation and the words a
    subject never ends with (``[subject] trailing_words``); its first word always stays."""
    while b > a:
        m = _TAIL.search(text, a, b)
        if m is None:
            break
        if m.group(1) is None:
            b = m.start()
            continue
        if m.group(1).lower() not in trailing or not text[a : m.start()].strip():
            break
        b = m.start()
    return b


def resolve_subject(fig: Figure, ctx: ArticleContext) -> Resolved | None:
    text = ctx.text
    span = _subject_span(fig, text, ctx.lex)
    if span is None or span[1] <= span[0]:
        return None
    span = span[0], tidy_end(text, span[0], span[1], ctx.lex.subject_trailing)
    if not re.search(r"[^\W\d_]", text[span[0] : span[1]]):
        return None  # "*", "–": no word at all
    value = text[span[0] : span[1]].strip(" ,")
    if not value:
        return None
    a = span[0] + text[span[0] : span[1]].index(value)
    # a classifier before the noun ("bản thỏa ước", "đồng chí cán bộ", "em học sinh") and
    # "số" before a count ("số đoàn viên") say nothing the noun does not
    cm = _CLASSIFIER.match(value)
    if cm and len(value) > cm.end():
        a += cm.end()
        value = value[cm.end() :]
    if fig.kind == "term" and a >= fig.end and fig.quote.startswith("Đại hội"):
        # "Đại hội XI Công đoàn Việt Nam": the congress named after the numeral
        return Resolved(f"Đại hội {value}", (a, a + len(value)), "clause", "congress_name")
    return Resolved(value, (a, a + len(value)), "clause", f"subject:{fig.kind}")
