"""Who, what and when of each figure, from the sentence and the context that governs it.

- ``organizer``: the organisation that is the subject of the action verb before the
  figure ("LĐLĐ tỉnh tổ chức 8 lớp"), or named by "do X tổ chức" after it, or by a
  sentence-initial "Theo X,"; otherwise the organizer in force from the sentences
  before (articles are usually about one body).
- ``period``: the period expression of the sentence ("Năm 2024,", "Riêng năm 2018",
  "nhiệm kỳ 2013-2018", "Tết Nguyên đán Bính Ngọ 2026"), else the one in force in
  the paragraph, carried into paragraphs that continue it ("Trong đó, ...").
- ``subject``: who or what is counted ("2.596 lượt cán bộ, đoàn viên" -> "cán bộ,
  đoàn viên"; "100% cán bộ CĐ chuyên trách"; "tổng kinh phí 4,5 tỷ đồng").
- ``activity``: the nearest activity word (tập huấn, bồi dưỡng, khám sức khỏe ...).

Everything here is regex over pattern data; the optional NLP layer refines it.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import Figure, Period
from ..sentences import Sentence

__all__ = ["org_mentions", "resolve_attributes"]

_NEXT_TOKEN = re.compile(r"[ \t]*(\([^()\n]{1,40}\)|[^\s,;.:!?()“”\"]+)")
_NOT_ORGANIZER_BEFORE = re.compile(
    r"(?i)(?:cán bộ|đoàn viên|hoạt động|công tác|phong trào|chủ tịch|thành lập|vào|ủy viên|"
    r"thành viên|cho|tặng|của|về|tại|với|các|những|\d)\s*$"
)
_TRAILING_JUNK = re.compile(r"(?:\s+(?:và|của|các|thuộc|trong|tổ chức|,))+\s*$")


def org_mentions(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of organisation names in ``text`` ("LĐLĐ tỉnh Long An", "các cấp CĐ Thủ đô")."""
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
            pair = f"{tok} {two.group(1)}" if two else ""
            if tok.startswith("("):
                if re.search(r"\d", tok) or len(tok) > 24:
                    break  # "(2.442 sáng kiến)" is not part of the name; "(LĐLĐ)" is
                pos = tm.end()
            elif pair and pair in lex.org_continue:
                pos = two.end()  # type: ignore[union-attr]
                named = True
            elif re.fullmatch(r"[IVXLC]+", tok):
                break  # "Đại hội XII CĐ Việt Nam": the numeral ends the congress name
            elif tok[:1].isupper() and not tok.isdigit():
                pos = tm.end()
                named = True
            elif tok in lex.org_continue or f"{prev_tok} {tok}".lower() in lex.org_name_pairs:
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


def _is_organizer_mention(sent: str, start: int) -> bool:
    return _NOT_ORGANIZER_BEFORE.search(sent[:start]) is None


def _phrase_after(text: str, pos: int, lex: Lexicon, max_words: int = 6) -> tuple[int, int] | None:
    """Noun phrase from ``pos`` up to a stop word or punctuation (commas between nouns kept)."""
    words = list(re.finditer(r"[^\s,;.:!?()“”\"]+|,", text[pos : pos + 200]))
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


def _subject(fig: Figure, text: str, lex: Lexicon) -> tuple[int, int] | None:
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
        skip = re.match(r"\s*(?:trở lên|trở xuống)", text[fig.end : fig.end + 12])
        ph = _phrase_after(text, fig.end + (skip.end() if skip else 0), lex)
        if ph:
            return ph
        m = re.search(r"(?i)(?:tỷ lệ|tỉ lệ)\s+([^;.]{3,120}?)\s+(?:là|đạt|chiếm)\s*[^,;.]{0,20}$", sent[: fig.start - s_off])
        if m:
            return s_off + m.start(1), s_off + m.end(1)
        return None
    if fig.kind == "money":
        clause = sent[: fig.start - s_off]
        near = lex.money_heads.search(clause[-24:])
        if near is None:
            # "500.000 đồng/phiếu" -> "trị giá mỗi phiếu" (built, the evidence is "/phiếu")
            unit = fig.unit or ""
            if "/" in unit:
                item = unit.split("/", 1)[1].strip()
                if item and item.lower() not in _PER_RATE:
                    fig.subject = f"trị giá mỗi {item}"
                    return None
            # "29 tỷ đồng từ nguồn tài chính Công đoàn", "1.000.000 đồng cho học sinh tiểu học"
            am = _MONEY_PURPOSE.match(text, fig.end)
            if am:
                ph = _phrase_after(text, am.end(), lex, max_words=6)
                if ph:
                    return am.start(1), ph[1]
        heads = list(lex.money_heads.finditer(clause))
        if heads:
            h = heads[-1]
            seg_end = len(clause.rstrip())
            if seg_end - h.start() <= 60 and not re.search(r"[;,.]", clause[h.end() : seg_end]):
                return s_off + h.start(), s_off + seg_end
            return s_off + h.start(), s_off + h.end()
        return None
    if fig.kind == "term":
        return _term_subject(fig, text, lex)
    if fig.kind == "duration":
        # "hai tháng thi công", "Qua 5 năm thực hiện", "Duy trì hơn 10 năm nay":
        # the time it took to do something -> "thời gian thi công" (built; evidence = verb)
        vm = _DURATION_VERB_AFTER.match(text, fig.end) or _DURATION_VERB_BEFORE.search(
            text, max(s_off, fig.start - 30), fig.start
        )
        if vm:
            fig.subject = f"thời gian {vm.group('verb').lower()}"
            fig.spans["subject"] = (vm.start("verb"), vm.end("verb"))
            return None
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


_TIME_LINE = re.compile(r"(?i)^(?:thời gian|thời hạn)(?: thực hiện| tổ chức| diễn ra)?\s*:")
_TERMISH = re.compile(r"(?i)nhiệm kỳ|giai đoạn \d\b")


def _clean_period(s: str) -> str:
    s = s.strip()
    if s.endswith(")") and "(" not in s:
        s = s[:-1].rstrip()
    return s


_DURATION_LEAD = re.compile(
    r"(?i)(?:\s*(?:đã|được|sẽ|kéo dài|diễn ra|trong(?: vòng| suốt)?|sau|qua|mất|suốt|duy trì|"
    r"hơn|gần|khoảng|trên|chỉ|trước|dành|cần|tối đa|tối thiểu|không quá|ít nhất))+\s*$"
)
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
_PER_RATE = frozenset({"người", "tháng", "năm", "ngày", "lao động", "công nhân", "đoàn viên", "hộ", "gia đình", "lượt", "giờ", "km"})
_MONEY_PURPOSE = re.compile(r"(?:/\S+)?\s+((?:cho|từ|để|hỗ trợ|giúp)\s)")


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
    if m:
        a = s_off + m.start(1)
        seg = m.group(1).strip()
        return a, a + len(seg)
    return None


def _periods_in(sent: Sentence, lex: Lexicon) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for rx in lex.periods:
        for m in rx.finditer(sent.text):
            if any(m.start() < e and s < m.end() for s, e in found):
                continue
            if lex.period_block_before.search(sent.text[max(0, m.start() - 80) : m.start()]):
                continue
            found.append((m.start(), m.end()))
    return sorted(found)


def resolve_attributes(text: str, figures: list[Figure], sentences: list[Sentence], lex: Lexicon) -> None:
    """Fill organizer, period, subject and activity of ``figures`` in place."""
    by_sentence: dict[int, list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.sentence_start, []).append(f)
    current_period: tuple[int, int] | None = None
    # the lead's period ("... năm học 2018-2019", "Chợ Tết Công đoàn năm 2026") governs
    # figures that no closer period does
    article_period: tuple[int, int] | None = None
    lead = [x for x in sentences if len(x.text) >= 60][:1]
    if lead:
        first_para = lead[0].paragraph
        for s0 in sentences:
            if s0.paragraph < first_para:
                continue
            if s0.paragraph != first_para:
                break
            ps = _periods_in(s0, lex)
            if ps:
                article_period = (s0.start + ps[0][0], s0.start + ps[0][1])
                break
    current_org: tuple[int, int] | None = None
    last_para = -1
    para_start = 0
    for si, sent in enumerate(sentences):
        if sent.paragraph != last_para:
            if not lex.continuation.match(sent.text):
                current_period = None
            last_para = sent.paragraph
            para_start = sent.start
        periods = [(sent.start + a, sent.start + b) for a, b in _periods_in(sent, lex)]
        # "... gồm 4 đợt. Thời gian: từ ngày 12/10/2020 đến ngày 8/11/2020": a following
        # sentence that only states the time governs this one
        nxt = sentences[si + 1] if si + 1 < len(sentences) else None
        lookahead: tuple[int, int] | None = None
        if not periods and nxt is not None and nxt.paragraph == sent.paragraph and _TIME_LINE.match(nxt.text):
            periods_next = _periods_in(nxt, lex)
            if periods_next:
                lookahead = (nxt.start + periods_next[0][0], nxt.start + periods_next[0][1])
        mentions = [
            (sent.start + a, sent.start + b)
            for a, b in org_mentions(sent.text, lex)
            if _is_organizer_mention(sent.text, a)
        ]
        acc = lex.org_according.match(sent.text)
        according = None
        if acc:
            for a, b in mentions:
                if a - sent.start == acc.end():
                    according = (a, b)
        figs = by_sentence.get(sent.start, [])
        acts = list(lex.activities.finditer(text, sent.start, sent.end)) if figs else []
        for f in figs:
            own = (f.start, f.end)
            # period: last before the figure in the sentence, else first after, else in force
            cands = [p for p in periods if not (p[0] < own[1] and own[0] < p[1])]
            before = [p for p in cands if p[1] <= f.start]
            # a period after the figure governs it only inside its clause, and never
            # when it names a congress term ("... tại Đại hội XII, nhiệm kỳ 2018-2023")
            clause_end = text.find(";", f.end, sent.end)
            clause_end = sent.end if clause_end < 0 else clause_end
            after = [
                p for p in cands
                if p[0] >= f.end and p[1] <= clause_end and not _TERMISH.match(text, p[0])
            ]
            per = before[-1] if before else (after[0] if after else None)
            per_source = "sentence"
            if f.kind == "term":
                # "khóa I, nhiệm kỳ 2023-2028": the term years right after an ordinal
                per = None
                for p in periods:
                    if 0 <= p[0] - f.end <= 3 and _TERMISH.match(text, p[0]) and f.value_high is None:
                        per = p
            elif per is None:
                if lookahead is not None or current_period is not None:
                    per, per_source = lookahead or current_period, "paragraph"
                elif article_period is not None:
                    per, per_source = article_period, "lead"
            if per is not None:
                f.period = Period.of(_clean_period(text[per[0] : per[1]]), per_source)
                f.spans["period"] = per
            # organizer
            org = None
            clause_start = max(sent.start, text.rfind(";", sent.start, f.start) + 1)
            # "LĐLĐ huyện Quỳnh Phụ (2.442 sáng kiến)": the name right before the figure
            for a, b in mentions:
                if b <= f.start and re.fullmatch(r"\s*[(:]?\s*", text[b : f.start]):
                    org = (a, b)
            for a, b in reversed(mentions if org is None else []):
                if b > f.start:
                    continue
                if lex.org_verbs.match(text, b) or (b <= f.start and a >= clause_start and
                                                     not re.search(r"[.;]", text[b:f.start])):
                    if (a, b) != own and not (a >= f.start):
                        org = (a, b)
                        break
            if org is None:
                bym = list(lex.org_by.finditer(text, f.end, sent.end))
                for bm in bym:
                    for a, b in mentions:
                        if a == bm.end() and lex.org_by_verbs.match(text, b):
                            org = (a, b)
                            break
                    if org:
                        break
            if org is None and according is not None:
                org = according
            if f.kind == "term":
                # the body named right after the term ("Đại hội XII CĐ Việt Nam"), right
                # before it ("Ban Chấp hành Tổng LĐLĐ Việt Nam (khóa XI)"), or acting in
                # the sentence ("LĐLĐ ... cho biết ... nhiệm kỳ 2013-2018")
                adjacent = org
                org = None
                for a, b in mentions:
                    if 0 <= a - f.end <= 1 and not text[a:b].startswith("Đại hội"):
                        org = (a, b)
                if org is None and adjacent is not None and not text[adjacent[0] : adjacent[1]].startswith("Đại hội"):
                    org = adjacent
                if org is None and not f.quote.startswith("Đại hội"):
                    verbal = [
                        (a, b) for a, b in mentions
                        if b <= f.start and lex.org_verbs.match(text, b) and not text[a:b].startswith("Đại hội")
                    ]
                    if verbal:
                        org = verbal[0]
            elif org is None and current_org is not None:
                org = current_org
                f.organizer_source = "paragraph" if current_org[0] >= para_start else "lead"
            if org is not None:
                if f.organizer_source == "none":
                    f.organizer_source = "sentence"
                f.organizer = text[org[0] : org[1]]
                f.spans["organizer"] = org
                if f.kind != "term":
                    current_org = org
            # subject
            subj = _subject(f, text, lex)  # may set a built subject itself and return None
            if subj is not None and subj[1] > subj[0]:
                f.subject = text[subj[0] : subj[1]].strip(" ,")
                f.spans["subject"] = subj
                if f.kind == "term" and subj[0] >= f.end and f.quote.startswith("Đại hội"):
                    f.subject = f"Đại hội {f.subject}"  # "Đại hội XI Công đoàn Việt Nam"
            # activity: nearest before in the clause, else after in the sentence
            pre = [m for m in acts if m.end() <= f.start and m.start() >= clause_start]
            post = [m for m in acts if m.start() >= f.end]
            am = pre[-1] if pre else (post[0] if post else None)
            if am is not None:
                f.activity = am.group()
                f.spans["activity"] = (am.start(), am.end())
        if periods:
            last = periods[-1]
            current_period = last
        if mentions:
            verbal = [m for m in mentions if lex.org_verbs.match(text, m[1])]
            if verbal:
                current_org = verbal[-1]
        for f in figs:
            if f.kind == "plan_attainment" and f.subject is None:
                prev = [g for g in figs if g.end <= f.start and g.kind not in ("plan_attainment", "term")]
                if prev and prev[-1].subject:
                    f.subject = prev[-1].subject
