"""Publication times: machine-readable stamps and Vietnamese visible datelines.

Everything comes out as ISO 8601 with the Vietnam offset (``+07:00``).

Machine stamps (``<meta>``, JSON-LD, ``<time datetime>``) are parsed with their
offset. Vietnamese CMSs often write the *local* wall-clock time with a wrong
offset (VnExpress emits ``17:34:20+08:00`` for a page that shows ``17:34
(GMT+7)``); :func:`reconcile` decides which to trust.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = [
    "VN_TZ",
    "find_dateline",
    "month_from_url",
    "parse_machine_date",
    "published_from_url",
    "reconcile",
]

VN_TZ = timezone(timedelta(hours=7))

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
_US = re.compile(
    r"^(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\s+(?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2}))?\s*(?P<ampm>AM|PM)?$",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"^\d{10}$")


def _tz_of(raw: str | None) -> timezone | None:
    if not raw:
        return None
    if raw == "Z":
        return UTC
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4])
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _safe_datetime(
    y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, tz: timezone | None = None
) -> datetime | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def parse_machine_date(raw: str | None) -> tuple[datetime, bool] | None:
    """Parse a machine-readable stamp. Returns ``(datetime, has_time)``.

    A stamp without an offset is taken as Vietnam local time; the returned
    datetime is always aware.
    """
    if not raw:
        return None
    raw = raw.strip()
    if _EPOCH.match(raw):
        return datetime.fromtimestamp(int(raw), VN_TZ), True
    m = _US.match(raw)
    if m:
        h = int(m["h"])
        ampm = (m["ampm"] or "").upper()
        if ampm == "PM" and h < 12:
            h += 12
        elif ampm == "AM" and h == 12:
            h = 0
        dt = _safe_datetime(
            int(m["y"]), int(m["mo"]), int(m["d"]), h, int(m["mi"]), int(m["s"] or 0), VN_TZ
        )
        return (dt, True) if dt else None
    m = _ISO.search(raw)
    if not m:
        return None
    tz = _tz_of(m["tz"]) or VN_TZ
    has_time = m["h"] is not None
    dt = _safe_datetime(
        int(m["y"]),
        int(m["mo"]),
        int(m["d"]),
        int(m["h"] or 0),
        int(m["mi"] or 0),
        int(m["s"] or 0),
        tz,
    )
    return (dt, has_time) if dt else None


# Visible datelines: "09:36 | 12/02/2019", "Thứ Hai, 12/02/2019 - 09:36",
# "12/2/2019 9:36 (GMT+7)", "19.12.2012 17:41", "24/12/12 11:05 tối", "23-03-2015 08:06".
_DATE = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<mo>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|\d{2})(?!\d)"
_TIME = r"(?P<h>\d{1,2})\s*(?:[:h]|giờ)\s*(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ap>AM|PM|sáng|trưa|chiều|tối|đêm))?"
_DATE_THEN_TIME = re.compile(rf"{_DATE}(?:[\s,|\-–]*(?:lúc\s*)?{_TIME})?", re.IGNORECASE)
_TIME_THEN_DATE = re.compile(
    rf"(?P<h2>\d{{1,2}}):(?P<mi2>\d{{2}})(?:\s*(?P<ap2>AM|PM|sáng|trưa|chiều|tối|đêm))?"
    rf"[\s,|\-–]*(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?(?:ngày\s*)?{_DATE}",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"cập\s*nhật|updated?|sửa\s*đổi", re.IGNORECASE)
_PUBLISHED = re.compile(r"đăng|xuất\s*bản|ngày\s*đăng|published", re.IGNORECASE)


def _apply_ampm(h: int, ap: str | None) -> int:
    if not ap:
        return h
    ap = ap.lower()
    if ap in ("pm", "chiều", "tối") and h < 12:
        return h + 12
    if ap == "đêm" and 6 <= h < 12:
        return h + 12
    if ap == "trưa" and h < 11:
        return h + 12
    if ap in ("am", "sáng") and h == 12:
        return 0
    return h


def _year(raw: str) -> int:
    y = int(raw)
    if len(raw) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _match_to_dt(m: re.Match[str]) -> tuple[datetime, bool] | None:
    groups = m.groupdict()
    h_raw = groups.get("h") or groups.get("h2")
    mi_raw = groups.get("mi") or groups.get("mi2")
    ap = groups.get("ap") or groups.get("ap2")
    has_time = h_raw is not None and mi_raw is not None
    h = _apply_ampm(int(h_raw), ap) if h_raw else 0
    mi = int(mi_raw) if mi_raw else 0
    s = int(groups["s"]) if groups.get("s") else 0
    if h > 23 or mi > 59:
        has_time, h, mi, s = False, 0, 0, 0
    dt = _safe_datetime(_year(m["y"]), int(m["mo"]), int(m["d"]), h, mi, s, VN_TZ)
    return (dt, has_time) if dt else None


def _first_date(text: str) -> tuple[datetime, bool] | None:
    best: tuple[int, tuple[datetime, bool]] | None = None
    for rx in (_TIME_THEN_DATE, _DATE_THEN_TIME):
        for m in rx.finditer(text):
            got = _match_to_dt(m)
            if got is None:
                continue
            # prefer a match carrying a time; then the earliest one in the text
            key = (0 if got[1] else 1) * 10_000_000 + m.start()
            if best is None or key < best[0]:
                best = (key, got)
            break
    return best[1] if best else None


def find_dateline(texts: list[str]) -> tuple[datetime, bool] | None:
    """The publication time shown on the page, from candidate snippets.

    A snippet saying "Cập nhật" (updated) loses against one that does not.
    """
    published: tuple[datetime, bool] | None = None
    updated: tuple[datetime, bool] | None = None
    for raw in texts:
        text = raw[:300]
        got = _first_date(text)
        if got is None:
            continue
        if _UPDATED.search(text) and not _PUBLISHED.search(text):
            if updated is None or (got[1] and not updated[1]):
                updated = got
            continue
        if published is None or (got[1] and not published[1]):
            published = got
            if got[1]:
                break
    return published or updated


def reconcile(
    machine: tuple[datetime, bool] | None, visible: tuple[datetime, bool] | None
) -> str | None:
    """Pick the publication time and format it as ISO 8601 with +07:00."""
    if machine is None and visible is None:
        return None
    if machine is None:
        assert visible is not None
        return visible[0].isoformat()
    dt, has_time = machine
    local_offset = dt.utcoffset() == timedelta(hours=7)
    if visible is not None:
        vdt, vtime = visible
        if not has_time and vdt.date() == dt.date() and vtime:
            return vdt.isoformat()
        if has_time and not local_offset and vtime:
            # The page shows local time; a foreign offset in the metadata is
            # either a wrong label (same wall clock) or a real other zone.
            return vdt.isoformat()
    if local_offset:
        return dt.isoformat()
    return dt.astimezone(VN_TZ).isoformat()


# Dates that article URLs carry: "/2020/07/21/", "/2019/08/19/slug", nld/dantri ids
# "-20260205163704531.htm", thanhnien/nld/doanhnghieptiepthi ids with a 3-digit prefix
# "-196251019124749655.htm" (2025-10-19), "-185251211164911108.htm" (2025-12-11).
_URL_YMD = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$)")
_URL_ID = re.compile(r"[-/](\d{15,20})(?:\.\w{2,5})?(?:[?#]|$)")


def _valid(y: int, mo: int, d: int) -> str | None:
    if not 2000 <= y <= 2099:
        return None
    try:
        return datetime(y, mo, d).strftime("%Y-%m-%d")
    except ValueError:
        return None


def published_from_url(url: str | None) -> str | None:
    """The publication date an article URL encodes (YYYY-MM-DD), or None."""
    if not url:
        return None
    m = _URL_YMD.search(url)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _URL_ID.search(url)
    if m:
        digits = m.group(1)
        if digits.startswith("20"):
            got = _valid(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            if got:
                return got
        if digits[0] == "1":
            got = _valid(2000 + int(digits[3:5]), int(digits[5:7]), int(digits[7:9]))
            if got:
                return got
    return None


_URL_YM = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])/")


def month_from_url(url: str | None) -> str | None:
    """The month an article URL encodes without a day ("/xa-hoi/201705/..." -> "2017-05")."""
    m = _URL_YM.search(url or "")
    return f"{m.group(1)}-{m.group(2)}" if m else None
