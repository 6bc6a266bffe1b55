"""People named in an article, with the role given to them.

A name is 2-4 capitalised syllables starting with a family name (``people.toml``
``family``), or 2-4 capitalised syllables right after an honorific ("ông", "bà",
"đồng chí").  The role is the role phrase right before the name ("Chủ tịch LĐLĐ tỉnh
Hà Đức Quảng") or right after it ("Nguyễn Chương Phát - Chủ tịch LĐLĐ tỉnh", "bà Đỗ
Hồng Vân, Phó trưởng ban Quan hệ lao động, Tổng Liên đoàn Lao động Việt Nam").
Bylines ("Thu Hiền" alone on a line, "Ảnh: Ngọc Thạch") are authors and are skipped,
and so are place names ("Hà Nội", "Cao Bằng"), streets and prizes named after people
("đường Lê Lợi", "học bổng Tôn Đức Thắng").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Final

from ..models import Person
from ..textnorm import normalize_tones
from ._tables import WORD, is_allcaps, is_titlecase, norm_list, read_toml, surface_regex
from .province import ProvinceMention, find_province_mentions

__all__ = ["find_people"]

_MAX_ROLE = 200
_MAX_BYLINE = 300  # a line longer than this is running text, not a byline


@dataclass(frozen=True, slots=True)
class _Tables:
    family: frozenset[str]
    weak_family: frozenset[str]
    honorifics: tuple[str, ...]  # longest first (as every marker list here)
    degrees: frozenset[str]
    role_re: re.Pattern[str]
    role_at: re.Pattern[str]  # for .match() at a known syllable start
    role_syllables: frozenset[str]
    org_words: frozenset[str]
    not_people: frozenset[str]
    place_before: tuple[str, ...]
    byline_cues: tuple[str, ...]


def _longest_first(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(items, key=len, reverse=True))


def _build(patterns_dir: Path) -> _Tables:
    where = str(patterns_dir / "people.toml")
    data = read_toml(patterns_dir, "people.toml")
    roles = norm_list(data, "roles", where)
    alt = "|".join(surface_regex(r) for r in sorted(set(roles), key=len, reverse=True))
    syllables = {w.lower() for r in roles for w in r.split()}
    return _Tables(
        family=frozenset(norm_list(data, "family", where)),
        weak_family=frozenset(norm_list(data, "weak_family", where)),
        honorifics=_longest_first(norm_list(data, "honorifics", where)),
        degrees=frozenset(norm_list(data, "degrees", where)),
        role_re=re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE),
        role_at=re.compile(rf"(?:{alt})(?!\w)", re.IGNORECASE),
        role_syllables=frozenset(syllables),
        org_words=frozenset(norm_list(data, "org_words", where)),
        not_people=frozenset(norm_list(data, "not_people", where)),
        place_before=_longest_first(norm_list(data, "place_before", where)),
        byline_cues=_longest_first(norm_list(data, "byline_cues", where)),
    )


@lru_cache(maxsize=8)
def _tables_for(resolved: Path) -> _Tables:
    return _build(resolved)


@lru_cache(maxsize=32)
def _tables_of(patterns_dir: Path) -> _Tables:
    # Path.resolve() asks the file system for every part of the path: once per path
    return _tables_for(patterns_dir.resolve())


def _ends_with_any(before: str, markers: tuple[str, ...]) -> str | None:
    """The marker ``before`` ends with (at a word boundary), if any; longest wins
    (``markers`` come longest first)."""
    before = before.rstrip(" ")
    if not before.endswith(markers):  # one C call settles almost every case
        return None
    for m in markers:
        if before.endswith(m) and (len(before) == len(m) or not before[-len(m) - 1].isalpha()):
            return m
    return None


# a token: (start, end, syllable)
_Tok = tuple[int, int, str]
_START: Final = 0
_END: Final = 1
_WORD: Final = 2


def _tokens(text: str) -> list[_Tok]:
    """Syllables with offsets; "HữuPhó" (a lost line break) gives two syllables."""
    out: list[_Tok] = []
    append = out.append
    for m in WORD.finditer(text):
        word = m.group()
        # no lower->upper seam to split in all-lower, Title or UPPER words
        if word.islower() or word.istitle() or word.isupper() or len(word) < 2:
            append((m.start(), m.end(), word))
            continue
        base = m.start()
        cut = 0
        for k in range(1, len(word)):
            if word[k].isupper() and word[k - 1].islower():
                append((base + cut, base + k, word[cut:k]))
                cut = k
        append((base + cut, m.end(), word[cut:]))
    return out


def _orgish(t: _Tables, word: str) -> bool:
    return (
        is_titlecase(word)
        or is_allcaps(word)
        or word in t.org_words
        or word.lower() in t.role_syllables
    )


def _gap_ok(gap: str, prev: str) -> bool:
    if gap in (" ", ".", "-", "/", "&"):
        return True
    return gap == ". " and prev in {"TP", "Tp", "TX", "Q", "P", "T", "H"}


_BEFORE_HONORIFIC = re.compile(r"[-–—,]\s*$")


def _role_before(
    t: _Tables, text: str, toks: list[_Tok], i: int, honorific: str | None
) -> tuple[int, str] | None:
    """Role phrase ending right before token ``i`` (the first syllable of a name).

    "Chủ tịch LĐLĐ tỉnh Hà Đức Quảng", and across an honorific after a dash or comma:
    "Chủ tịch LĐLĐ tỉnh Long An – ông Nguyễn Văn Quí".
    """
    limit = toks[i][_START]
    if honorific:
        # found right before the name (see find_people): no need to look further back
        h_start = text.rfind(honorific, max(0, limit - 64), limit)
        sep = _BEFORE_HONORIFIC.search(text, max(0, h_start - 4), h_start)
        if h_start < 0:
            return None
        if sep is None:
            # the honorific may itself be a role: "nhạc sĩ Lê Tú Anh"
            return (h_start, honorific) if t.role_re.fullmatch(honorific) else None
        limit = sep.start()
        while limit > 0 and text[limit - 1] == " ":
            limit -= 1
        while i > 0 and toks[i - 1][_END] > limit:
            i -= 1
        if i == 0 or toks[i - 1][_END] != limit:
            return None
    k = i
    while k > 0:
        prev = toks[k - 1]
        gap = text[prev[_END] : toks[k][_START]] if k < i else text[prev[_END] : limit]
        if not _gap_ok(gap, prev[_WORD]) and not (k == i and gap == ""):
            break
        if not _orgish(t, prev[_WORD]):
            break
        k -= 1
        if limit - toks[k][_START] > _MAX_ROLE:
            break
    if k == i:
        return None
    m = t.role_re.search(text, toks[k][_START], limit)
    if m is None:
        return None
    role = text[m.start() : limit].strip(" .-,")
    return (m.start(), role) if role else None


_AFTER_SEP = re.compile(r"\s*(?:[-–—,:(]\s*)?")


def _role_after(t: _Tables, text: str, toks: list[_Tok], j: int, pos: int) -> str | None:
    """Role phrase right after a name ending at ``pos`` (``toks[j]`` is the next token)."""
    # skip a degree: "Bùi Văn Cường TS, Ủy viên ..."
    if (
        j < len(toks)
        and toks[j][_WORD] in t.degrees
        and text[pos : toks[j][_START]].strip() in ("", ",")
    ):
        pos = toks[j][_END]
        j += 1
    sep = _AFTER_SEP.match(text, pos)
    if sep is None:
        return None
    m = t.role_at.match(text, sep.end())
    if m is None:
        return None
    start, end = m.start(), m.end()
    while j < len(toks) and toks[j][_START] < end:
        j += 1
    while j < len(toks) and end - start < _MAX_ROLE:
        tok = toks[j]
        gap = text[end : tok[_START]]
        prev_word = toks[j - 1][_WORD] if j else ""
        if _gap_ok(gap, prev_word) and _orgish(t, tok[_WORD]):
            end = tok[_END]
            j += 1
            continue
        # continue over ", Tổng Liên đoàn Lao động Việt Nam" / ", Phó Chủ tịch ..."
        if gap == ", " and (is_titlecase(tok[_WORD]) or is_allcaps(tok[_WORD])):
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            starts_name = (
                tok[_WORD] in t.family
                and nxt is not None
                and text[tok[_END] : nxt[_START]] == " "
                and is_titlecase(nxt[_WORD])
            )
            if not starts_name:
                end = tok[_END]
                j += 1
                continue
        break
    role = text[start:end].strip(" .-,")
    while role.endswith(" và"):
        role = role[:-3].rstrip(" ,")
    return role or None


_BYLINE_SEPARATORS = re.compile(r"[\s|:,.\-–—()/]+")
_CREDIT_BEFORE = re.compile(r"(?:Ảnh|Tin|Bài|Video)\s*:\s*$")


def _is_byline(t: _Tables, text: str, start: int, end: int) -> bool:
    """The name fills its line, with byline cues ("Thu Hiền", "Ảnh: Ngọc Thạch").
    Only the line around the name is read (at most ``_MAX_BYLINE`` characters each
    side: a longer line is running text), so a giant line costs no more."""
    lo = max(0, start - _MAX_BYLINE)
    line_start = text.rfind("\n", lo, start) + 1
    long_line = line_start == 0 and lo > 0
    if line_start == 0:
        line_start = lo
    line_end = text.find("\n", end, end + _MAX_BYLINE)
    if line_end < 0:
        long_line = long_line or end + _MAX_BYLINE < len(text)
        line_end = min(len(text), end + _MAX_BYLINE)
    if not long_line:
        rest = text[line_start:start] + " " + text[end:line_end]
        for cue in t.byline_cues:
            rest = rest.replace(cue, " ")
        if not _BYLINE_SEPARATORS.sub("", rest):
            return True
    return _CREDIT_BEFORE.search(text, max(line_start, start - 40), start) is not None


def _overlaps_place(places: list[ProvinceMention], ends: list[int], start: int, end: int) -> bool:
    k = bisect_right(ends, start)  # the first place that ends after ``start``
    return k < len(places) and places[k].start < end


def find_people(text: str, *, patterns_dir: Path) -> list[Person]:
    """People named in ``text`` (normalised article text), in order of first mention.

    Each name appears once, with the first role found for it (a later role fills in
    when the first mention had none).  ``text[p.start:p.end] == p.name``.
    """
    t = _tables_of(patterns_dir)
    original = text
    text = normalize_tones(text)  # matched on one tone placement, names kept as written
    toks = _tokens(text)
    places = find_province_mentions(text, patterns_dir=patterns_dir)  # in order, disjoint
    place_ends = [m.end for m in places]
    people: dict[str, Person] = {}
    words = [tok[_WORD] for tok in toks]
    # a name starts at a Title-case syllable: find those in C (istitle accepts every
    # such word, and a few more that is_titlecase then turns down)
    titles = [i for i in compress(range(len(words)), map(str.istitle, words)) if is_titlecase(words[i])]
    resume = 0  # the next token a name may start at
    for i in titles:
        if i < resume:
            continue
        tok = toks[i]
        honorific = _ends_with_any(text[max(0, tok[_START] - 12) : tok[_START]], t.honorifics)
        if tok[_WORD] not in t.family and not honorific:
            continue
        j = i + 1
        while (
            j < len(toks)
            and j - i < 4
            and text[toks[j - 1][_END] : toks[j][_START]] == " "
            and is_titlecase(toks[j][_WORD])
            and not t.role_at.match(text, toks[j][_START])
        ):
            j += 1
        n = j - i
        start, end = tok[_START], toks[j - 1][_END]
        name = text[start:end]
        weak = tok[_WORD] in t.weak_family and not honorific
        if (
            n < 2
            or (weak and n < 3)
            or name in t.not_people
            or _overlaps_place(places, place_ends, start, end)
            or _ends_with_any(text[max(0, start - 25) : start], t.place_before)
            or _is_byline(t, text, start, end)
        ):
            resume = j if n >= 2 else i + 1
            continue
        before = _role_before(t, text, toks, i, honorific)
        role = before[1] if before else _role_after(t, text, toks, j, end)
        if name not in people:
            people[name] = Person(name=original[start:end], role=role, start=start, end=end)
        elif people[name].role is None and role:
            people[name].role = role
        resume = j
    return list(people.values())
