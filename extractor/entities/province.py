"""Which province an article is about, in the old (63) and the 2025 (34) schemes.

Evidence is collected as *mentions* (spans of the article text that name a province,
one of its towns or its union federation) plus the outlet (site/URL), each weighed by
kind and place (title > dateline > union body > administrative name > bare name >
town > weak variant; mentions in the lead count more).  The best province wins when it
is clearly ahead; articles about national bodies ("Tổng LĐLĐ Việt Nam", "cả nước")
need a province named in the title or lead and a wider margin.

All tables live in ``patterns/provinces.toml``; they are loaded once per process and
patterns directory.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..textnorm import normalize_tones
from ._tables import (
    WORD,
    is_titlecase,
    surface_key,
)
from .gazetteer import Tables, canonical_province, province_2025, tables
from .outlets import host_of

__all__ = [
    "EVIDENCE_KINDS",
    "ProvinceMatch",
    "ProvinceMention",
    "canonical_province",
    "find_province",
    "find_province_mentions",
    "province_2025",
]

EVIDENCE_KINDS = ("title", "dateline", "text", "site", "url")

# Mention kinds, strongest first.
_KINDS = ("union_body", "admin", "bare", "town", "weak")


@dataclass(frozen=True, slots=True)
class ProvinceMatch:
    """The province an article is about.

    ``province``: canonical name in the 63-province scheme (or the post-2025 name when
    that is what the article says); ``province_2025``: the 34-province scheme in force
    since 1 July 2025.  ``start``/``end`` are offsets of the evidence in the text
    (None when it comes from the title outside the text, the site or the URL);
    ``evidence`` is one of ``EVIDENCE_KINDS``; ``score`` the weight of evidence.
    """

    province: str
    province_2025: str
    start: int | None
    end: int | None
    evidence: str
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class ProvinceMention:
    """One span of text naming a province (directly, by a town or by its union body)."""

    province: str
    start: int
    end: int
    kind: str  # union_body | admin | bare | town | weak
    dateline: bool = False


# --- mentions ---------------------------------------------------------------------

_DATELINE_BEFORE = re.compile(r"\s*(?:\([^()\n]{1,20}\)\s*[-–—]?\s*)?$")  # used with .match
_DATELINE_AFTER = re.compile(r"\s*[-–—:]")
_DATELINE_REACH = 64  # longer than any "(...) - " before a dateline


def _prev_word(text: str, start: int) -> tuple[str, str]:
    """The word right before ``start`` and the characters between it and ``start``."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    gap = text[i:start]
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    return text[j:i].rstrip("."), gap


def _next_word(text: str, end: int) -> tuple[str, str]:
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    m = WORD.match(text, i)
    return (m.group(0) if m else ""), text[end:i]


def _preceded_by(text: str, start: int, markers: tuple[str, ...], window: int = 40) -> bool:
    before = text[max(0, start - window) : start].rstrip()
    return any(
        before.endswith(m) and (len(before) == len(m) or not before[-len(m) - 1].isalpha())
        for m in markers
    )


def _plausible(t: Tables, text: str, start: int, end: int, kind: str) -> bool:
    """Reject names that are part of a longer proper noun or of a person's name."""
    prev, gap = _prev_word(text, start)
    if prev and gap and "\n" not in gap and is_titlecase(prev) and prev not in t.allowed_before:
        # "Nguyễn Thái Bình", "Thái Bình Dương" (for Bình Dương): part of another name,
        # unless the previous word starts a sentence.
        k = start - len(gap) - len(prev)
        before = text[max(0, k - 3) : k].rstrip(" ")
        if before and before[-1] not in '.!?:;\n"“(|-–—':
            return False
    if _preceded_by(text, start, t.person_markers):
        return False
    nxt, gap2 = _next_word(text, end)
    if nxt and gap2 and "\n" not in gap2 and is_titlecase(nxt):
        return False  # "Thái Bình Dương", "Hà Nam Ninh", "Sài Gòn Co.op"
    return not (kind == "weak" and _preceded_by(text, start, t.company_markers, window=60))


def _mention_matches(t: Tables, text: str) -> Iterator[re.Match[str]]:
    """``t.mention_re.finditer(text)``: mention_re is tried only where the scan finds a
    union body, a prefix or a name starting (it can match nowhere else)."""
    scan, match = t.mention_scan.search, t.mention_re.match
    pos = 0
    while (hit := scan(text, pos)) is not None:
        m = match(text, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        yield m
        pos = m.end()


def _mentions(t: Tables, text: str) -> list[ProvinceMention]:
    found: list[ProvinceMention] = []
    for m in _mention_matches(t, text):
        surface = t.surfaces.get(surface_key(m.group("name")))
        if surface is None:
            continue
        prefix = m.group("prefix")
        union = m.group("union")
        if surface.needs_prefix and not prefix:
            continue
        if prefix and surface.kind == "name" and prefix.rstrip(".") not in t.admin_prefixes:
            continue
        start, end = m.start(), m.end()
        name_start = m.start("name")
        if union:
            kind = "union_body"
        elif prefix:
            kind = "admin" if surface.kind == "name" else "town"
        else:
            kind = {"name": "bare", "town": "town", "weak": "weak"}[surface.kind]
        if not union and not prefix and not _plausible(t, text, name_start, end, kind):
            continue
        # a dateline opens its line: "(LĐ) - Hà Nội:", only a few characters before it
        line_start = text.rfind("\n", max(0, start - _DATELINE_REACH), start) + 1
        dateline = (
            (line_start > 0 or start <= _DATELINE_REACH)
            and _DATELINE_BEFORE.match(text, line_start, start) is not None
            and _DATELINE_AFTER.match(text, end) is not None
        )
        found.append(ProvinceMention(surface.province, start, end, kind, dateline))
    return found


@lru_cache(maxsize=8)
def _mentions_of(patterns_dir: Path, text: str) -> tuple[ProvinceMention, ...]:
    # the article's text is scanned by find_province and again for figure provinces;
    # names match on one tone placement (offsets are the same in the text)
    return tuple(_mentions(tables(patterns_dir), normalize_tones(text)))


def find_province_mentions(text: str, *, patterns_dir: Path) -> list[ProvinceMention]:
    """Every span of ``text`` that names a province, a town of it or its union body."""
    return list(_mentions_of(patterns_dir, text))


# --- scoring ----------------------------------------------------------------------


@dataclass(slots=True)
class _Score:
    total: float = 0.0
    title: bool = False
    dateline: ProvinceMention | None = None
    best: ProvinceMention | None = None
    in_lead: bool = False
    site: bool = False
    url: bool = False


def _has_unnamed_local(t: Tables, text: str, mentions: list[ProvinceMention]) -> bool:
    """A local reference without a province name ("toàn tỉnh", "LĐLĐ tỉnh tổ chức")."""
    if t.local_re is None:
        return False
    starts = [x.start for x in mentions]  # in text order
    reach = max((x.end - x.start for x in mentions), default=0)
    for lm in t.local_re.finditer(text):
        # a mention that starts by lm.end() + 2 and ends at lm.start() or later names it
        hi = bisect_right(starts, lm.end() + 2)
        lo = bisect_left(starts, lm.start() - reach, 0, hi)
        if not any(mentions[k].end >= lm.start() for k in range(lo, hi)):
            return True
    return False


def _title_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Where the title is in the text; without a title, a short heading-like first line."""
    if not title:
        first = text.lstrip("\n").split("\n", 1)[0]
        offset = len(text) - len(text.lstrip("\n"))
        if 0 < len(first) <= 160 and not first.rstrip().endswith((".", ":", ";", ",")):
            return (offset, offset + len(first))
        return None
    title = title.strip()
    i = text.find(title)
    return (i, i + len(title)) if i >= 0 else None


_VENUE_BEFORE = re.compile(r"(?i)\b(?:tại|ở)\s+(?:(?:tỉnh|thành phố|TP\.?|thủ đô)\s+)?$")


def find_province(
    text: str,
    *,
    title: str | None = None,
    site: str | None = None,
    url: str | None = None,
    patterns_dir: Path,
) -> ProvinceMatch | None:
    """The province the article is about, or None when no province clearly dominates.

    ``text`` and ``title`` are normalised article text (``normalize_text``); ``site`` is
    the outlet (host name such as ``baoyenbai.com.vn``), ``url`` the article URL.
    """
    t = tables(patterns_dir)
    w = t.weights
    lead_chars = int(w.get("lead_chars", 600))
    scores: dict[str, _Score] = {}

    def score(name: str) -> _Score:
        return scores.setdefault(name, _Score())

    text = normalize_tones(text)
    title = normalize_tones(title) if title else title
    head = text[:lead_chars]
    national = t.national_re is not None and any(
        t.national_re.search(part) for part in (head, title or "")
    )
    tspan = _title_span(text, title)
    found = list(_mentions_of(patterns_dir, text))
    for m in found:
        s = score(m.province)
        in_title = tspan is not None and tspan[0] <= m.start < tspan[1]
        weight = w.get(m.kind, 1.0)
        # "tại Hà Nội": where a meeting was held, not whose work is reported
        # (in a national story only: in a local one the venue is usually the province)
        venue = national and _VENUE_BEFORE.search(text, max(0, m.start - 24), m.start) is not None
        if venue:
            weight *= w.get("venue_factor", 0.25)
        elif m.start < lead_chars:
            weight *= w.get("lead_factor", 1.0)
            s.in_lead = True
        s.total += weight
        if in_title and not s.title:
            s.title = True
            s.total += w.get("title", 10.0)
            s.best = m
        if m.dateline and s.dateline is None:
            s.dateline = m
            s.total += w.get("dateline", 6.0)
        if s.best is None or (
            not s.title
            and _KINDS.index(m.kind) < _KINDS.index(s.best.kind)
            and not (s.best.dateline and not m.dateline)
        ):
            s.best = m
    if title and tspan is None:
        for m in _mentions(t, title):
            s = score(m.province)
            if not s.title:
                s.title = True
                s.total += w.get("title", 10.0)

    local = _has_unnamed_local(t, text, found)

    host = host_of(site, url)
    site_prov = t.outlets.province_of_host(host) if host else None
    if site_prov:
        s = score(site_prov)
        s.site = True
        s.total += w.get("site", 2.5) if (local or not national) else w.get("site_national", 0.0)
    if url:
        url_prov = t.outlets.province_of_url_path(url)
        if url_prov:
            s = score(url_prov)
            s.url = True
            s.total += w.get("url_slug", 1.0)

    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1].total, reverse=True)
    titled = [kv for kv in ranked if kv[1].title]
    if titled:
        name, best = titled[0]
        return _result(t, name, best, "title")
    name, best = ranked[0]
    runner_up = ranked[1][1].total if len(ranked) > 1 else 0.0
    if best.total < w.get("min_score", 1.5):
        return None
    if national and not local:
        if not (best.in_lead or best.dateline) or best.total < w.get(
            "national_dominance", 2.0
        ) * max(runner_up, 1e-9):
            return None
    elif best.total < w.get("dominance", 1.5) * runner_up:
        return None
    return _result(t, name, best, None)


def _result(t: Tables, name: str, s: _Score, evidence: str | None) -> ProvinceMatch:
    p = t.provinces[name]
    mention = s.dateline or s.best
    if evidence is None:
        if s.dateline is not None:
            evidence = "dateline"
        elif mention is not None:
            evidence = "text"
        elif s.site:
            evidence = "site"
        else:
            evidence = "url"
    if evidence == "title" and s.best is not None and s.title:
        mention = s.best
    elif evidence == "title":
        mention = None
    start = mention.start if mention is not None and evidence != "site" else None
    end = mention.end if mention is not None and evidence != "site" else None
    return ProvinceMatch(p.name, p.name_2025, start, end, evidence, round(s.total, 2))
