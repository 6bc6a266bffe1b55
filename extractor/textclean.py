"""Plain text as saved from a page -> Content (clean body + what metadata it shows).

Saved text files carry the page's leftovers: navigation words, a dateline, the
headline, image alt texts, related-news teasers, "Tin cùng chuyên mục" blocks,
comment boxes and share buttons. Figures there belong to other articles, so they
are removed here, before any figure is looked for.
"""

from __future__ import annotations

import re
from datetime import datetime

from .content import Content
from .lexicon import Lexicon
from .textnorm import fold_diacritics, normalize_text, normalize_tones

__all__ = ["text_to_content"]

_DATE_PREFIX = re.compile(r"^date (\d{4}-\d{2}(?:-\d{2})?)(?:\s+|$)")
_DATELINE = re.compile(
    r"(?:(?P<h1>\d{1,2})[:h](?P<m1>\d{2})(?::\d{2})?\s*(?:\||-|,)?\s*)?"
    r"(?:(?:Thứ\s+\w+|Chủ nhật|THỨ\s+\w+|CHỦ NHẬT)\s*,?\s*)?"
    r"(?:ngày\s+)?(?P<d>\d{1,2})[/.-](?P<mo>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*(?:\||-|,)?\s*(?P<h2>\d{1,2})[:h](?P<m2>\d{2})(?::\d{2})?)?",
    re.IGNORECASE,
)


_CAPTION = re.compile(r"(?:^|[.!?)]\s*|\s[-–]\s*)\(?(?:Ảnh|Ảnh minh họa|Nguồn ảnh|Video|Clip)\s*:\s*[^.:]{1,40}\)?\.?$")


def _iso(m: re.Match[str]) -> str | None:
    try:
        h = m.group("h1") or m.group("h2")
        mi = m.group("m1") or m.group("m2")
        dt = datetime(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
        if h is not None and mi is not None:
            dt = dt.replace(hour=int(h), minute=int(mi))
            return dt.strftime("%Y-%m-%dT%H:%M:00+07:00")
        return dt.strftime("%Y-%m-%d")
    except ValueError:
        return None


_GMT = re.compile(r"\s*\(?GMT\s*[+-]\s*\d{1,2}\)?\s*$")


def _is_dateline(line: str) -> re.Match[str] | None:
    """A short line that is a date (and time), possibly with a byline name
    ("Kiều Vũ (báo lao động) 16/10/2025 09:05 (GMT+7)")."""
    line = _GMT.sub("", line)
    m = _DATELINE.search(line)
    if m and len(line) <= 60 and len(line) - len(m.group()) <= 30:
        return m
    return None


def _looks_like_title(line: str) -> bool:
    return 15 <= len(line) <= 250 and not line.endswith((".", ":", ";", ",")) and (line[0].isupper() or line[0].isdigit())


_ENDS_MID_PHRASE = re.compile(r"[^\W\d_]$")
_STARTS_LOWER = re.compile(r"^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


def _cut_markers(lexicon: Lexicon) -> frozenset[str]:
    got = lexicon.cache.get("cut_markers_tones")
    if got is None:
        got = lexicon.cache["cut_markers_tones"] = frozenset(normalize_tones(m) for m in lexicon.cut_markers)
    return got


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Saved text sometimes breaks a phrase across lines ("kế\n\nhoạch"): a line that
    stops on a letter, followed (after blank lines) by one that starts in lower case,
    is the same sentence going on, so the two are joined by a space."""
    out: list[str] = []
    pending_blank = 0
    for line in lines:
        s = line.strip()
        if not s:
            pending_blank += 1
            continue
        prev = out[-1] if out else ""
        if prev and len(prev) >= 20 and _ENDS_MID_PHRASE.search(prev) and _STARTS_LOWER.match(s):
            out[-1] = prev + " " + s
        else:
            out.extend([""] * pending_blank)
            out.append(s)
        pending_blank = 0
    out.extend([""] * pending_blank)
    return out


def text_to_content(raw: str, lexicon: Lexicon, url: str | None = None) -> Content:
    """Normalise, find headline/dateline/byline, drop boilerplate, return the body."""
    text = normalize_text(raw)
    lines = text.split("\n")
    published: str | None = None
    title: str | None = None
    author: str | None = None

    # " date 2025-09-23 Title" (exports of some archives)
    date_hint: str | None = None
    if lines and (dm := _DATE_PREFIX.match(lines[0])):
        if len(dm.group(1)) == 10:
            published = dm.group(1)
        else:
            date_hint = dm.group(1)  # " date 2021-09": the month only, not a publication date
        lines[0] = lines[0][dm.end() :]

    lines = _join_broken_lines(lines)
    body: list[str] = []
    seen: set[str] = set()
    substantive = 0  # body paragraphs seen so far (long, sentence-like)
    title_fold: str | None = None
    for idx, line in enumerate(lines):
        s = line.strip()
        if not s:
            body.append("")
            continue
        ms = normalize_tones(s)  # patterns match one tone placement; the line keeps its own
        low = ms.lower().rstrip(":")
        if any(p.search(ms) for p in lexicon.drop_lines):
            continue
        if _CAPTION.search(s) and len(s) < 300:
            continue  # image caption ("... trao quà cho CNLĐ. Ảnh: Ngọc Thạch"): repeats the body
        if low in _cut_markers(lexicon):
            if substantive >= 1:
                break  # related news / comments / footer: the rest is not the article
            continue  # navigation word above the article
        if published is None and (dl := _is_dateline(s)) and (substantive == 0 or (idx < 16 and substantive <= 3)):
            published = _iso(dl)
            continue
        if (
            title is None
            and substantive == 0
            and idx < 8
            and _looks_like_title(s)
            and any(len(rest.strip()) >= 80 for rest in lines[idx + 1 :])
        ):
            title = s
            title_fold = fold_diacritics(s)
            continue
        if title is not None and s == title:
            continue  # headline repeated
        # image alt texts: "nang cao chat luong ... <caption>" (the title without diacritics)
        if title_fold and fold_diacritics(s).startswith(title_fold[:30].lower()) and s[:30].isascii():
            continue
        if len(s) < 40 and substantive == 0 and not re.search(r"\d", s) and idx < 4 and s.isupper():
            continue  # "MỚI NHẤT" and similar banners
        if s in seen and len(s) > 60:
            continue  # paragraph printed twice
        seen.add(s)
        body.append(s)
        if len(s) >= 80:
            substantive += 1

    # byline: a short name-like last line ("Thu Hiền", "T.Nga", "Tin-ảnh: D.Thảo")
    while body and not body[-1].strip():
        body.pop()
    for back in range(1, min(4, len(body)) + 1):
        cand = body[-back].strip()
        if not cand:
            continue
        if len(cand) <= 40 and lexicon.byline.match(cand) and not re.search(r"\d", cand):
            author = re.sub(r"^(?:[^:]{0,15}:)\s*", "", cand).strip() or None
            del body[-back]
        break
    while body and not body[-1].strip():
        body.pop()
    clean = normalize_text("\n".join(body))
    extra = {"date_hint": date_hint} if date_hint else {}
    return Content(text=clean, title=title, published=published, author=author, url=url, extra=extra)
