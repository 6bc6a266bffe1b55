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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..models import Person
from ._tables import WORD, is_allcaps, is_titlecase, norm_list, read_toml, surface_regex
from .province import find_province_mentions

__all__ = ["find_people"]

_MAX_ROLE = 200


@dataclass(frozen=True, slots=True)
class _Tables:
    family: frozenset[str]
    weak_family: frozenset[str]
    honorifics: tuple[str, ...]
    degrees: frozenset[str]
    role_re: re.Pattern[str]
    role_at: re.Pattern[str]  # for .match() at a known syllable start
    role_syllables: frozenset[str]
    org_words: frozenset[str]
    not_people: frozenset[str]
    place_before: tuple[str, ...]
    byline_cues: tuple[str, ...]


def _build(patterns_dir: Path) -> _Tables:
    where = str(patterns_dir / "people.toml")
    data = read_toml(patterns_dir, "people.toml")
    roles = norm_list(data, "roles", where)
    alt = "|".join(surface_regex(r) for r in sorted(set(roles), key=len, reverse=True))
    syllables = {w.lower() for r in roles for w in r.split()}
    return _Tables(
        family=frozenset(norm_list(data, "family", where)),
        weak_family=frozenset(norm_list(data, "weak_family", where)),
        honorifics=norm_list(data, "honorifics", where),
        degrees=frozenset(norm_list(data, "degrees", where)),
        role_re=re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE),
        role_at=re.compile(rf"(?:{alt})(?!\w)", re.IGNORECASE),
        role_syllables=frozenset(syllables),
        org_words=frozenset(norm_list(data, "org_words", where)),
        not_people=frozenset(norm_list(data, "not_people", where)),
        place_before=norm_list(data, "place_before", where),
        byline_cues=norm_list(data, "byline_cues", where),
    )


@lru_cache(maxsize=8)
def _tables_for(resolved: Path) -> _Tables:
    return _build(resolved)


def _ends_with_any(before: str, markers: tuple[str, ...]) -> str | None:
    """The marker ``before`` ends with (at a word boundary), if any; longest wins."""
    before = before.rstrip(" ")
    for m in sorted(markers, key=len, reverse=True):
        if before.endswith(m) and (len(before) == len(m) or not before[-len(m) - 1].isalpha()):
            return m
    return None


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    word: str


def _tokens(text: str) -> list[_Tok]:
    """Syllables with offsets; "HữuPhó" (a lost line break) gives two syllables."""
    out: list[_Tok] = []
    for m in WORD.finditer(text):
        word, base = m.group(0), m.start()
        if len(word) < 2 or word[1:].islower() or word.isupper():
            out.append(_Tok(base, m.end(), word))  # no lower->upper seam to split
            continue
        cut = 0
        for k in range(1, len(word)):
            if word[k].isupper() and word[k - 1].islower():
                out.append(_Tok(base + cut, base + k, word[cut:k]))
                cut = k
        out.append(_Tok(base + cut, m.end(), word[cut:]))
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
    limit = toks[i].start
    if honorific:
        h_start = text.rfind(honorific, 0, limit)
        sep = _BEFORE_HONORIFIC.search(text, max(0, h_start - 4), h_start)
        if h_start < 0:
            return None
        if sep is None:
            # the honorific may itself be a role: "nhạc sĩ Lê Tú Anh"
            return (h_start, honorific) if t.role_re.fullmatch(honorific) else None
        limit = sep.start()
        while limit > 0 and text[limit - 1] == " ":
            limit -= 1
        while i > 0 and toks[i - 1].end > limit:
            i -= 1
        if i == 0 or toks[i - 1].end != limit:
            return None
    k = i
    while k > 0:
        prev = toks[k - 1]
        gap = text[prev.end : toks[k].start] if k < i else text[prev.end : limit]
        if not _gap_ok(gap, prev.word) and not (k == i and gap == ""):
            break
        if not _orgish(t, prev.word):
            break
        k -= 1
        if limit - toks[k].start > _MAX_ROLE:
            break
    if k == i:
        return None
    m = t.role_re.search(text, toks[k].start, limit)
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
        and toks[j].word in t.degrees
        and text[pos : toks[j].start].strip() in ("", ",")
    ):
        pos = toks[j].end
        j += 1
    sep = _AFTER_SEP.match(text, pos)
    if sep is None:
        return None
    m = t.role_at.match(text, sep.end())
    if m is None:
        return None
    start, end = m.start(), m.end()
    while j < len(toks) and toks[j].start < end:
        j += 1
    while j < len(toks) and end - start < _MAX_ROLE:
        tok = toks[j]
        gap = text[end : tok.start]
        prev_word = toks[j - 1].word if j else ""
        if _gap_ok(gap, prev_word) and _orgish(t, tok.word):
            end = tok.end
            j += 1
            continue
        # continue over ", Tổng Liên đoàn Lao động Việt Nam" / ", Phó Chủ tịch ..."
        if gap == ", " and (is_titlecase(tok.word) or is_allcaps(tok.word)):
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            starts_name = (
                tok.word in t.family
                and nxt is not None
                and text[tok.end : nxt.start] == " "
                and is_titlecase(nxt.word)
            )
            if not starts_name:
                end = tok.end
                j += 1
                continue
        break
    role = text[start:end].strip(" .-,")
    while role.endswith(" và"):
        role = role[:-3].rstrip(" ,")
    return role or None


def _is_byline(t: _Tables, text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[line_start:start] + " " + text[end:line_end]
    for cue in sorted(t.byline_cues, key=len, reverse=True):
        rest = rest.replace(cue, " ")
    if not re.sub(r"[\s|:,.\-–—()/]+", "", rest):
        return True
    before = text[line_start:start]
    return bool(re.search(r"(?:Ảnh|Tin|Bài|Video)\s*:\s*$", before))


def find_people(text: str, *, patterns_dir: Path) -> list[Person]:
    """People named in ``text`` (normalised article text), in order of first mention.

    Each name appears once, with the first role found for it (a later role fills in
    when the first mention had none).  ``text[p.start:p.end] == p.name``.
    """
    t = _tables_for(patterns_dir.resolve())
    toks = _tokens(text)
    places = [(m.start, m.end) for m in find_province_mentions(text, patterns_dir=patterns_dir)]
    people: dict[str, Person] = {}
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not is_titlecase(tok.word):
            i += 1
            continue
        honorific = _ends_with_any(text[max(0, tok.start - 12) : tok.start], t.honorifics)
        if tok.word not in t.family and not honorific:
            i += 1
            continue
        j = i + 1
        while (
            j < len(toks)
            and j - i < 4
            and text[toks[j - 1].end : toks[j].start] == " "
            and is_titlecase(toks[j].word)
            and not t.role_at.match(text, toks[j].start)
        ):
            j += 1
        n = j - i
        start, end = tok.start, toks[j - 1].end
        name = text[start:end]
        weak = tok.word in t.weak_family and not honorific
        if (
            n < 2
            or (weak and n < 3)
            or name in t.not_people
            or any(a < end and start < b for a, b in places)
            or _ends_with_any(text[max(0, start - 25) : start], t.place_before)
            or _is_byline(t, text, start, end)
        ):
            i = j if n >= 2 else i + 1
            continue
        before = _role_before(t, text, toks, i, honorific)
        role = before[1] if before else _role_after(t, text, toks, j, end)
        if name not in people:
            people[name] = Person(name=name, role=role, start=start, end=end)
        elif people[name].role is None and role:
            people[name].role = role
        i = j
    return list(people.values())
