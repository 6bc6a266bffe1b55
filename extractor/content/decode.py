"""Bytes -> text for HTML pages: BOM, HTTP header, ``<meta charset>``, detection.

When the declared charsets disagree with the bytes, the bytes win: a page that
decodes as strict UTF-8 is UTF-8 whatever a header says (Vietnamese pages are
never Latin-1). Mojibake left by an earlier wrong decoding (``Ã¡`` for ``á``) is
repaired; when it cannot be, the caller is told so.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..textnorm import repair_mojibake

__all__ = ["DecodedHtml", "decode_html", "mojibake_score"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_SINGLE_BYTE_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_MOJIBAKE_CHARS = re.compile("[ÃÄÆ][\u0080-\u00bf\u2018-\u203a\u0152-\u0192]|á»|áº|Ä‘|Æ°")


@dataclass(frozen=True, slots=True)
class DecodedHtml:
    text: str
    encoding: str
    declared: str | None
    mojibake_repaired: bool


def _norm_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type" and "charset=" in value.lower():
            raw = value.lower().split("charset=", 1)[1].split(";")[0]
            return _norm_codec(raw)
    return None


def mojibake_score(text: str) -> int:
    """Number of UTF-8-read-as-Latin-1 sequences in ``text``."""
    if "Ã" not in text and "á»" not in text and "áº" not in text and "Ä" not in text and "Æ" not in text:
        return 0
    return len(_MOJIBAKE_CHARS.findall(text))


def decode_html(data: bytes | str, headers: Mapping[str, str] | None = None) -> DecodedHtml:
    """Decode an HTML page; never raises (undecodable bytes become U+FFFD)."""
    if isinstance(data, str):
        text, repaired = _repair(data)
        return DecodedHtml(text, "str", None, repaired)
    if data.startswith(b"\xef\xbb\xbf"):
        return _finish(data[3:].decode("utf-8", errors="replace"), "utf-8", "bom")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _finish(data.decode("utf-16", errors="replace"), "utf-16", "bom")
    declared = _header_charset(headers)
    if declared is None:
        m = _META_CHARSET.search(data[:8192])
        declared = _norm_codec(m.group(1).decode("ascii", "replace")) if m else None
    try:
        return _finish(data.decode("utf-8"), "utf-8", declared)
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8" and declared not in _SINGLE_BYTE_WESTERN:
        try:
            return _finish(data.decode(declared), declared, declared)
        except (UnicodeDecodeError, LookupError):
            pass
    # Mostly UTF-8 with a few broken bytes: keep UTF-8, mark the holes.
    sample = data[:200_000]
    bad = len(sample.decode("utf-8", errors="replace")) - len(
        sample.decode("utf-8", errors="ignore")
    )
    if bad <= max(8, len(sample) // 500):
        return _finish(data.decode("utf-8", errors="replace"), "utf-8", declared)
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    enc = _norm_codec(best.encoding) if best is not None else None
    if enc is None:
        enc = declared or "cp1258"
    return _finish(data.decode(enc, errors="replace"), enc, declared)


def _repair(text: str) -> tuple[str, bool]:
    if mojibake_score(text[:200_000]) < 3:
        return text, False
    fixed, repaired = repair_mojibake(text)
    if repaired:
        return fixed, True
    # Lines may mix good and bad text; repair line by line.
    lines = []
    changed = False
    for line in text.split("\n"):
        new, ok = repair_mojibake(line)
        lines.append(new)
        changed = changed or ok
    return ("\n".join(lines), True) if changed else (text, False)


def _finish(text: str, encoding: str, declared: str | None) -> DecodedHtml:
    text, repaired = _repair(text)
    return DecodedHtml(text, encoding, declared, repaired)
