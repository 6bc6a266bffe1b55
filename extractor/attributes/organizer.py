"""Who organised, gave, did or reported a figure.

In order: the body named right before the figure ("LĐLĐ huyện X (2.442 sáng kiến)"),
the giver named with it ("... 300 suất quà của Tổng LĐLĐ", "do X tổ chức", "thay mặt X
trao ..."), the body acting in its clause, then in its sentence ("Theo X, ..."), the body
acting in its paragraph, then the one acting in the title or the lead; a body named in a
later paragraph governs only its own paragraph. An event ("Đại hội", "Hội nghị") is never
an organizer, and neither is a recipient ("tặng quà cho CĐCS X").
"""

from __future__ import annotations

import re

from ..models import Figure
from .context import ArticleContext, Mention, Resolved, is_generic_level

__all__ = ["resolve_organizer"]

_ON_BEHALF = re.compile(r"(?i)\bthay mặt(?:\s+cho)?\s*$")
_ADJACENT_GAP = re.compile(r"\s*[(:]?\s*")
# "300 suất quà Tết của Tổng LĐLĐ": "của" right after the figure's own words
_OF_GAP = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}?của\s*")
_LIST_GAP = re.compile(r"\s*(?:,|và|cùng)\s*(?:và\s+)?")
# "trao những phần quà Tết của Tổng LĐLĐ Việt Nam đến 300 đoàn viên": the owner of the
# gifts handed to the people counted gave them
_GIFT_OF = re.compile(r"(?i)\b(?:quà|học bổng|hỗ trợ|lì xì|phong bao)\s+(?:[^\W\d_]+\s+){0,2}?của\s*$")
_TO_COUNTED = re.compile(r"(?i)\s*(?:trao\s+)?(?:đến|cho|tới)\s+(?:(?:các|những|hơn|gần|khoảng|trên)\s+)*")
# "Đại hội XIII Công đoàn Việt Nam, nhiệm kỳ ...": a body named as the congress's owner
_CONGRESS_BEFORE = re.compile(r"(?i)\bĐại hội\s+(?:đại biểu\s+)?(?:[IVXLC]+\s+)?$")
# "... Công đoàn tỉnh Tuyên Quang lần thứ XVII, nhiệm kỳ 2023 - 2028": the term that follows it
_CONGRESS_TO_TERM = re.compile(r"(?i)\s*(?:(?:lần thứ|kh[oó]a|khoá)\s+[IVXLC\d]+)?\s*[,(–-]?\s*")


def _r(m: Mention, source: str, rule: str, decisive: bool = False) -> Resolved:
    return Resolved(m.text, None if m.in_title else (m.start, m.end), source, rule, decisive=decisive)


def _congress_owner(text: str, m: Mention) -> bool:
    """``m`` names the body whose congress it is: "Đại hội [đại biểu] [XIII] <m>", a
    named body, not a level with no name ("đại hội công đoàn cơ sở")."""
    return (
        m.kind == ""
        and not is_generic_level(m)
        and _CONGRESS_BEFORE.search(text, max(0, m.start - 30), m.start) is not None
    )


def _term_organizer(fig: Figure, ctx: ArticleContext, i: int, ms: list[Mention]) -> Resolved | None:
    # the body whose congress it is, named in the term itself ("Đại hội Công đoàn tỉnh
    # Tuyên Quang lần thứ XVII"), or in the congress the term follows ("Đại hội XIII Công
    # đoàn Việt Nam, nhiệm kỳ 2023-2028"); the body named right after the term ("Đại hội
    # XII CĐ Việt Nam"), right before it ("Ban Chấp hành Tổng LĐLĐ Việt Nam (khóa XI)"),
    # or acting in its sentence
    text = ctx.text
    for m in ctx.orgs(i):
        if fig.start <= m.start and m.end <= fig.end and _congress_owner(text, m):
            return _r(m, "clause", "term_congress", decisive=True)
    for m in reversed(ms):
        if m.end <= fig.start and _CONGRESS_TO_TERM.fullmatch(text, m.end, fig.start) and _congress_owner(text, m):
            return _r(m, "clause", "term_of_congress", decisive=True)
    for m in ms:
        if 0 <= m.start - fig.end <= 1 and m.kind != "event":
            return _r(m, "clause", "term_named_after", decisive=True)
    for m in reversed(ms):
        if m.end <= fig.start and _ADJACENT_GAP.fullmatch(text[m.end : fig.start]) and m.kind != "event":
            return _r(m, "clause", "term_named_before", decisive=True)
    verbal = [m for m in ms if m.end <= fig.start and m.acting]
    if verbal and not fig.quote.startswith("Đại hội"):
        return _r(verbal[0], "sentence", "term_acting")
    # "trong nhiệm kỳ vừa qua (2013-2018), các cấp CĐ Thủ đô đã tổ chức ...": the body
    # acting in the term's own sentence
    later = [m for m in ms if m.start >= fig.end and m.acting]
    if later and not fig.quote.startswith("Đại hội"):
        return _r(later[0], "sentence", "term_acting_after")
    return None


def resolve_organizer(fig: Figure, ctx: ArticleContext) -> Resolved | None:
    i = ctx.sentence_of(fig)
    text = ctx.text
    ms = [m for m in ctx.orgs(i) if not (m.start < fig.end and fig.start < m.end)]
    if fig.kind == "term":
        got = _term_organizer(fig, ctx, i, ms)
        if got is not None:
            return got
        return _in_force(fig, ctx, i)
    c0, c1 = ctx.clause(fig)
    # a "trong đó" part's clause starts at the marker: the bodies before it did the total
    for bm in ctx.lex.breakdown_marker.finditer(text, c0, fig.start):
        c0 = bm.start()
    # "LĐLĐ huyện Quỳnh Phụ (2.442 sáng kiến)", "LĐLĐ tỉnh: 200 suất quà"
    for m in reversed(ms):
        if m.end <= fig.start and m.kind in ("", "of") and _ADJACENT_GAP.fullmatch(text[m.end : fig.start]):
            return _r(m, "clause", "adjacent")
    # "300 suất quà của Tổng LĐLĐ Việt Nam", "do LĐLĐ tỉnh tổ chức",
    # "do Tỉnh ủy, Tổng LĐLĐ Việt Nam, Trường Đại học Công đoàn tổ chức"
    after = [m for m in ms if m.start >= fig.end and m.end <= c1]
    for n, m in enumerate(after):
        if m.kind == "of" and _OF_GAP.fullmatch(text[fig.end : m.start]):
            return _r(m, "clause", "of")
        if not any(bm.end() == m.start for bm in ctx.lex.org_by.finditer(text, fig.end, m.start + 1)):
            continue
        last = m
        for nxt in after[n + 1 :]:
            if not _LIST_GAP.fullmatch(text[last.end : nxt.start]):
                break
            last = nxt
        if ctx.lex.org_by_verbs.match(text, last.end):
            if last is m:
                return _r(m, "clause", "by")
            return Resolved(text[m.start : last.end], (m.start, last.end), "clause", "by_list")
    # "trao quà của Tổng LĐLĐ Việt Nam cho 300 đoàn viên"
    for m in reversed(ms):
        if (
            m.end <= fig.start
            and m.start >= c0
            and m.kind == "of"
            and _TO_COUNTED.fullmatch(text, m.end, fig.start)
            and _GIFT_OF.search(text, max(c0, m.start - 40), m.start)
        ):
            return _r(m, "clause", "gift_of")
    # "thay mặt Tổng LĐLĐ trao 100 suất quà"
    for m in reversed(ms):
        if m.end <= fig.start and m.start >= c0 and _ON_BEHALF.search(text[max(c0, m.start - 20) : m.start]):
            return _r(m, "clause", "on_behalf")
    # the body acting before the figure in its clause
    for m in reversed(ms):
        if m.end > fig.start or m.kind not in ("",):
            continue
        if m.start < c0 and fig.parent is not None:
            break
        if m.acting or (
            m.start >= c0
            and not re.search(r"[.;]", text[m.end : fig.start])
            and ctx.lex.org_verbs.search(text, m.end, fig.start) is not None
        ):
            source = "clause" if m.start >= c0 else "sentence"
            first = _list_start(m, ms, text)
            if first is not m:  # "LĐLĐ tỉnh, LĐLĐ huyện và CĐCS đã trao": they did it together
                return Resolved(text[first.start : m.end], (first.start, m.end), source, "acting_list")
            return _r(m, source, "acting")
    # "Theo LĐLĐ tỉnh, ..."
    acc = ctx.lex.org_according.match(ctx.sentences[i].text)
    if acc:
        for m in ms:
            if m.start - ctx.sentences[i].start == acc.end():
                return _r(m, "sentence", "according")
    return _in_force(fig, ctx, i)


def _list_start(m: Mention, ms: list[Mention], text: str) -> Mention:
    """The first name of the list of plain names that ends with ``m``."""
    first = m
    for prev in reversed([x for x in ms if x.end <= m.start]):
        if prev.kind != "" or not _LIST_GAP.fullmatch(text, prev.end, first.start):
            break
        first = prev
    return first


def _in_force(fig: Figure, ctx: ArticleContext, i: int) -> Resolved | None:
    """The body acting in the figure's paragraph before it, else in the title or lead,
    else the last one acting in an earlier paragraph; a union or state body before a
    generic level or a sponsor."""
    memo: dict[int, Resolved | None] = ctx.cache.setdefault("organizer_in_force", {})
    if i in memo:  # (it depends on the sentence only: once per sentence)
        return memo[i]
    got = None
    for strong_only in (True, False):
        got = _in_force_pass(fig, ctx, i, strong_only)
        if got is not None:
            break
    memo[i] = got
    return got


def _in_force_pass(fig: Figure, ctx: ArticleContext, i: int, strong_only: bool) -> Resolved | None:
    block = ctx.block_start[i]
    prev = ctx.prev_acting(i, strong_only)
    if prev is not None and prev[0] >= block:
        return _r(prev[1], "paragraph", "in_paragraph")
    lead = ctx.lead_acting(strong_only)
    if lead is not None and lead[0] < i:
        return _r(lead[1], "lead", "lead")
    earlier = ctx.prev_acting(block, strong_only)
    if earlier is not None:
        return _r(earlier[1], "paragraph", "earlier")
    # no body acts anywhere before: the first one the title or the lead names
    named = ctx.lead_named(strong_only)
    if named is not None:
        return _r(named, "lead", "lead_named")
    # the body acting later in the article ("Phó Chủ tịch LĐLĐ TP HCM ... cho biết")
    later = ctx.next_acting(i, strong_only)
    if later is not None:
        return _r(later[1], "paragraph", "later")
    return None
