"""Subjects that name the thing, where the words right before the number only frame it.

Money: "trị giá", "số tiền", "tổng kinh phí" frame an amount; the subject is the item it
is the value of, the activity it pays for, or the purpose after it. Durations: "thời
gian", "kéo dài", "diễn ra" frame a length of time; the subject is the activity or
event timed. Data: ``patterns/context.toml`` (``[subject]``).
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import Figure

__all__ = ["duration_subject", "money_noun_after", "money_subject", "money_unframed", "purpose_later", "spend_verbs"]

_WORD = re.compile(r"[“”\"]?[^\W\d_][^\s,;.:!?()]*[“”\"]?|\d[\d.,]*|[,;.:!?()]")
_PER_ITEM = re.compile(r"\s+(mỗi\s+[^\W\d_]+(?:\s+(?!\d)[^\W\d_]+)?)\s+(?=\d)")
_PURPOSE_AFTER = re.compile(r"(?:/\S+)?\s+(?:cho|để|nhằm|giúp|hỗ trợ)\s+")


# a number and the noun it counts ("328 suất quà"), not a year, a date or a unit of time
_COUNTED = re.compile(r"(?<![\d.,/])(\d[\d.,]*)\s+(?!(?:năm|tháng|ngày|giờ|tuổi|%|m2|m²|m|km|kg|ha|tấn|tạ|lít|cm)(?![^\W\d_]))([^\W\d_])")
_YEAR = re.compile(r"(?:19|20)\d\d")
class _Data:
    def __init__(self, lex: Lexicon) -> None:
        sub = lex.raw["context"]["subject"]
        self.frame = re.compile(sub["money_frame"])
        self.things = frozenset(sub.get("money_frame_things", []))
        self.stops = frozenset(sub.get("item_stops", []))
        verbs = sorted(sub.get("purpose_verbs", []), key=len, reverse=True)
        self.verbs = re.compile(r"(?i)(?<![^\W\d_])(?:" + "|".join(map(re.escape, verbs)) + r")(?![^\W\d_])")
        openers = sorted(sub.get("scene_openers", []), key=len, reverse=True)
        self.openers = re.compile(r"(?i)(?:" + "|".join(map(re.escape, openers)) + r")(?![^\W\d_])")
        self.spend_verbs = frozenset(sub.get("spend_verbs", []))
        after = sorted(sub.get("purpose_after", []), key=len, reverse=True)
        self.purpose_after = re.compile(r"(?:/\S+)?\s+((?:" + "|".join(map(re.escape, after)) + r")\s)")


def spend_verbs(lex: Lexicon) -> frozenset[str]:
    """Money heads that are bare verbs ("Chi 100 tỉ đồng cho ..."), from context.toml."""
    return _data(lex).spend_verbs


def _data(lex: Lexicon) -> _Data:
    got = lex.cache.get("subject_frames")
    if got is None:
        got = lex.cache["subject_frames"] = _Data(lex)
    return got


def _phrase_back(text: str, a: int, b: int, stops: frozenset[str], max_words: int = 6) -> tuple[int, int] | None:
    """The noun phrase that ends at ``b`` (read backwards, not before ``a``), up to a
    number, punctuation or a stop word ("trao 174 suất quà" -> "suất quà")."""
    words = list(_WORD.finditer(text, a, b))
    start = None
    n = 0
    i = len(words) - 1
    while i >= 0 and n < max_words:
        w = words[i].group()
        if w[0].isdigit() or w in ",;.:!?()":
            break
        two = f"{words[i - 1].group()} {w}".lower() if i > 0 else ""
        if two in stops:
            break
        if w.lower() in stops:
            break
        start = words[i].start()
        n += 1
        i -= 1
    if start is None:
        return None
    end = words[-1].end() if words else b
    return start, end


_FORWARD_STOPS = ("cho", "với", "tại", "của", "từ")


def _phrase_forward(
    text: str, a: int, b: int, max_words: int = 5, stops: tuple[str, ...] = _FORWARD_STOPS
) -> tuple[int, int] | None:
    """The phrase from ``a`` up to a number, punctuation, one of ``stops`` or ``b``."""
    end = None
    n = 0
    for m in _WORD.finditer(text, a, b):
        w = m.group()
        if w[0].isdigit() or w in ",;.:!?()" or (n and w.lower() in stops):
            break
        end = m.end()
        n += 1
        if n >= max_words:
            break
    return (a, end) if end is not None else None


def money_subject(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The item, activity or purpose of a money figure framed by "trị giá", "số tiền" ...;
    None when no frame word stands before the amount."""
    d = _data(lex)
    s0 = fig.sentence_start
    clause0 = max(s0, text.rfind(";", s0, fig.start) + 1)
    fm = d.frame.search(text, clause0, fig.start)
    if fm is None or fm.end() < fig.start - 1:
        return None
    head = re.sub(r"(?i)^tổng\s+", "", fm.group("head"))
    if head.lower() in d.things:
        a = fm.start("head") + (len(fm.group("head")) - len(head))
        return a, a + len(head)
    before_end = fm.start()
    # "trao 328 suất quà Tết, tổng trị giá ...": the item counted just before
    item = _phrase_back(text, clause0, before_end, d.stops)
    if item is not None and (am := d.openers.match(text, item[0])) is not None and am.end() >= item[1]:
        item = None  # "Ngoài số tiền 30 triệu đồng ...": the opener is no item
    # "tặng 612 suất quà Tết cho đoàn viên khó khăn, tổng trị giá ...": the words before
    # the frame are the recipients; the amount is the value of what was counted
    for_m = _FOR_BEFORE.search(text, clause0, item[0]) if item is not None else None
    recipient = for_m is not None
    item_before_for = None
    if for_m is not None:
        item = None
        given = _phrase_back(text, clause0, for_m.start(), d.stops, max_words=5)
        if given is not None and given[1] >= for_m.start() - 1 and _object_of_verb(text, clause0, given[0], d.stops):
            item_before_for = given
    counted = item is not None and re.search(r"\d\s*$", text[clause0 : item[0]]) is not None
    per = _PER_ITEM.match(text, fm.end("head"))
    if per is not None and per.end() <= fig.start:
        return per.start(1), per.end(1)  # "trị giá mỗi nhà 20 triệu đồng" -> "mỗi nhà"
    valued = head.lower() in ("trị giá", "giá trị", "giá", "có giá", "tương đương")
    verbs = list(d.verbs.finditer(text, clause0, before_end))
    # "bảo lãnh vay tín chấp cho 435 trường hợp với số tiền ...": the activity paid for,
    # unless the amount is the value of the items counted ("trao 328 suất quà, tổng trị giá")
    # "trao tổng số tiền 55 triệu đồng hỗ trợ cho 4 trường hợp ...": the purpose stated
    # right after the amount names it better than the verbs before
    pv = d.purpose_after.match(text, fig.end)
    if pv is not None and not valued:
        got = _phrase_forward(text, pv.start(1), fig.sentence_start + len(fig.sentence), 6)
        if got is not None:
            return got
    if verbs and not valued:
        got = _phrase_forward(text, verbs[-1].start(), before_end)
        if got is not None:
            return got
    if valued or counted:
        if item is not None:
            return item
    if valued or recipient:
        # "trao tặng 328 suất quà cho viên chức nhân dịp Tết 2022 với tổng trị giá ...":
        # the last thing counted in the clause (not a year)
        got = None
        for cm in _COUNTED.finditer(text, clause0, before_end):
            if not _YEAR.fullmatch(cm.group(1)):
                got = _phrase_forward(text, cm.start(2), before_end, 3)
        if got is not None:
            return got
    if item_before_for is not None:
        # "bàn giao “Mái ấm Công đoàn” cho đoàn viên X với số tiền trị giá 25 triệu đồng":
        # what was given to them, the object of the giving verb
        return item_before_for
    if valued and fig.sentence_start < clause0 + 1:
        # "Căn nhà bàn giao có diện tích 50 m2, ..., có tổng trị giá 85 triệu đồng"
        first = _phrase_forward(text, s0, fm.start(), 3)
        if first is not None and not re.search(r"\d", text[first[0] : first[1]]) and not d.openers.match(text, first[0]):
            return first
    if item is not None:
        return item
    # "... số tiền 5 triệu đồng cho đoàn viên X": the purpose after the amount
    pm = _PURPOSE_AFTER.match(text, fig.end)
    if pm:
        return _phrase_forward(text, pm.start() + len(pm.group()) - len(pm.group().lstrip()), fig.sentence_start + len(fig.sentence), 6)
    return None


_MONEY_NOUN_AFTER = re.compile(r"\s+((?:tiền|quà)\s+[^\W\d_])")


def money_noun_after(fig: Figure, text: str) -> tuple[int, int] | None:
    """The money noun right after an amount: "60.000.000 đồng tiền chế độ dinh dưỡng cho
    ...", "1 triệu đồng tiền mặt và 500.000 đồng quà hiện vật" (not "tiền" alone)."""
    nm = _MONEY_NOUN_AFTER.match(text, fig.end)
    if nm is None:
        return None
    return _phrase_forward(text, nm.start(1), fig.sentence_start + len(fig.sentence), 6, (*_FORWARD_STOPS, "và"))


_FOR_BEFORE = re.compile(r"(?i)(?<![^\W\d_])cho\s*$")
_OPEN_PAREN = re.compile(r"\s*\(\s*$")


_CLAUSE_END = re.compile(r"[,;.:!?()]")


def purpose_later(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The purpose verb later in the amount's clause and what follows it ("30 triệu đồng
    được Công đoàn Cao su VN hỗ trợ xây nhà" -> "hỗ trợ xây nhà")."""
    d = _data(lex)
    s1 = fig.sentence_start + len(fig.sentence)
    stop = _CLAUSE_END.search(text, fig.end, s1)
    c1 = stop.start() if stop is not None else s1
    vm = d.verbs.search(text, fig.end, c1)
    if vm is None:
        return None
    return _phrase_forward(text, vm.start(), c1, 6)


def money_unframed(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """What an amount no frame word names is for: the money noun after it ("trao
    60.000.000 đồng tiền chế độ dinh dưỡng"), the purpose verb after it ("đóng góp 800
    triệu đồng hỗ trợ cho ..." -> "hỗ trợ ..."), else the thing given right before it
    ("trao phần quà 10.000.000 đồng", "tặng hoa và quà (30 triệu đồng)")."""
    d = _data(lex)
    s1 = fig.sentence_start + len(fig.sentence)
    noun = money_noun_after(fig, text)
    if noun is not None:
        return noun
    pv = d.purpose_after.match(text, fig.end)
    if pv is not None:
        verb = text[pv.start(1) : pv.end(1)].rstrip()
        if verb.lower() in ("để", "nhằm"):
            # "dành 35 tỷ đồng để chăm lo cho ...": what it is for, without "để"
            return _phrase_forward(text, pv.end(1), s1, 6)
        got = _phrase_forward(text, pv.start(1), s1, 6)
        return got if got is not None else (pv.start(1), pv.start(1) + len(verb))
    clause0 = max(fig.sentence_start, text.rfind(";", fig.sentence_start, fig.start) + 1)
    end = fig.start
    paren = _OPEN_PAREN.search(text, clause0, fig.start)
    if paren is not None:
        end = paren.start()
    item = _phrase_back(text, clause0, end, d.stops, max_words=4)
    if item is None or item[1] < end - 1:
        return None
    # only the object of a giving verb ("trao phần quà"), not any words before the amount
    return item if _object_of_verb(text, clause0, item[0], d.stops) else None


# item stops that join two things rather than govern the one after them
_NOT_VERBS = frozenset({"và", "là", "của", "với"})


def _object_of_verb(text: str, clause0: int, a: int, stops: frozenset[str]) -> bool:
    """The phrase at ``a`` is governed by the word of ``stops`` before it: a giving verb
    ("trao", "bàn giao") or a preposition ("cho hóa đơn từ 300.000 đồng"), not a
    conjunction ("và", "với")."""
    before = text[max(clause0, a - 16) : a].lower().split()
    if not before or before[-1] in _NOT_VERBS:
        return False
    return before[-1] in stops or " ".join(before[-2:]) in stops


_TIMED_BEFORE = re.compile(
    r"(?i)(?:\s*(?:được|sẽ|đã|đang|dự kiến))*\s*(?:diễn ra|kéo dài|được tổ chức|tổ chức|triển khai|thực hiện|hoạt động|duy trì"
    # "thi trắc nghiệm và tự luận trong thời gian 60 phút": what the time frame is for
    r"|trong thời gian|trong thời hạn|trong vòng)"
    r"(?:\s+(?:trong(?: vòng| suốt)?|suốt|hơn|gần|khoảng|trên|không quá|tối đa|tối thiểu|ít nhất))*\s*$"
)
# a clause that opens with the time ("Trong 2 ngày 20 và 21.1, ...", "* Trong 5 ngày, ...")
_LEADING_TIME = re.compile(r"(?i)[\s*•+–-]*(?:trong|sau|qua|suốt)\b")
# "Sau 2 năm bị ảnh hưởng bởi dịch bệnh, ...": what went on for that long, right after it
_AFTER_SPAN = re.compile(r"(?i)[\s*•+–-]*(?:sau|qua|suốt)\b")
_SPAN_TAIL = re.compile(r"(?i)\s+(?:qua\s+|nay\s+)?(?=[^\W\d_])")
# the period a term names stands between the event and the verb ("Đại hội ... lần thứ
# XVII, nhiệm kỳ 2023 - 2028 sẽ diễn ra trong 2 ngày")
_TERM_BEFORE = re.compile(r"(?i),?\s*nhiệm kỳ\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s*$")


def duration_subject(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The event or activity a duration times: "Chợ Tết này diễn ra trong hai ngày" ->
    "Chợ Tết này"; "Chương trình học bổng được triển khai gần 30 năm qua" -> "Chương trình
    học bổng"; "Trong hai ngày 5-6/2, LĐLĐ tỉnh tổ chức chương trình ..." -> "chương trình ..."."""
    s0 = fig.sentence_start
    s1 = s0 + len(fig.sentence)
    clause0 = max(s0, text.rfind(";", s0, fig.start) + 1, text.rfind(",", s0, fig.start) + 1)
    tb = _TIMED_BEFORE.search(text, clause0, fig.start)
    if tb is not None and tb.end() >= fig.start - 1:
        got = _phrase_back(text, clause0, tb.start(), frozenset({"và", "là", "của"}), max_words=10)
        if got is None:
            term = _TERM_BEFORE.search(text, s0, tb.start())
            if term is not None:
                c0 = max(s0, text.rfind(";", s0, term.start()) + 1, text.rfind(",", s0, term.start()) + 1)
                got = _phrase_back(text, c0, term.start(), frozenset({"và", "là", "của"}), max_words=10)
        if got is not None:
            return got
    lead = _LEADING_TIME.match(text, clause0)
    if lead is not None and lead.end() <= fig.start and _AFTER_SPAN.match(text, clause0):
        # "Sau 2 năm bị ảnh hưởng bởi dịch bệnh, ..." -> "bị ảnh hưởng bởi dịch bệnh"
        tail = _SPAN_TAIL.match(text, fig.end)
        if tail is not None:
            comma = text.find(",", tail.end(), s1)
            got = _phrase_forward(text, tail.end(), comma if comma > 0 else s1, 8)
            if got is not None and _names_activity(text, got, lex):
                return got
    if lead is not None and lead.end() <= fig.start:
        # the object of what the body named after the time phrase does: "Trong hai ngày
        # 5-6/2, LĐLĐ tỉnh tổ chức chương trình ..." (a body first, then its verb)
        cm = _CLAUSE_COMMA.search(text, fig.end, s1)  # (not the comma of "08,09 tháng 12")
        body = lex.org_head.match(text, cm.end()) if cm is not None else None
        if body is not None:
            vm = lex.org_verbs.search(text, body.end(), s1)
            if vm is not None:
                got = _phrase_forward(text, vm.end() + (len(text[vm.end():]) - len(text[vm.end():].lstrip())), s1, 8)
                if got is not None and _names_activity(text, got, lex):
                    return got
    return None


_CLAUSE_COMMA = re.compile(r",\s+")
_NOT_ACTIVITY_START = frozenset({"hơn", "gần", "khoảng", "trên", "qua", "nay", "có", "là", "được", "đã"})


def _names_activity(text: str, span: tuple[int, int], lex: Lexicon) -> bool:
    """A phrase read after a time span can name what went on: not a body, not opening
    with a qualifier or a function word ("hơn", "qua"), one word only when it is an action."""
    words = text[span[0] : span[1]].split()
    if not words or lex.org_head.match(text, span[0]) is not None:
        return False
    if len(words) == 1:  # one word: an action ("trao"), not a fragment ("viên", "câu")
        return lex.org_verbs.fullmatch(text, span[0], span[1]) is not None
    first = words[0].lower()
    return first not in _NOT_ACTIVITY_START and first not in lex.subject_stops
