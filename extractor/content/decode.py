"""Bytes -> text, once, at ingestion: BOM, HTTP header, ``<meta charset>``,
then the Vietnamese legacy encodings, then detection.

When the bytes are not UTF-8, every plausible reading is scored by how much of
it is made of well-formed Vietnamese syllables (``vietnamese_score``): the
declared charset, windows-1258 (with its combining tone marks, composed to
NFC), UTF-8 with holes, the detector's guess and windows-1252. A reading other
than a declared charset that decodes cleanly must be convincingly Vietnamese
to win, so a correctly declared Chinese or Russian page stays as declared.

Mojibake left by an earlier wrong decoding (``Ã¡`` for ``á``) is repaired.
What cannot be fixed is reported in ``garbled``: UTF-8 read as Latin-1 that
would not repair, text in the TCVN3 (ABC) or VNI font encodings (recognised,
not decoded: ``legacy`` names them), or many undecodable bytes. Such a page is
rejected with reason ``mojibake`` and never stored with figures.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ..textnorm import repair_mojibake

__all__ = [
    "DecodedHtml",
    "DecodedText",
    "decode_html",
    "decode_text",
    "garbled_reason",
    "legacy_encoding",
    "mojibake_score",
    "vietnamese_score",
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_SINGLE_BYTE_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
# "[ÃÄÆ][...]|á»|áº|Ä‘|Æ°" with the class spelt out per letter: every alternative then
# starts with a letter, and the regex engine scans for those letters alone (4x faster;
# the same matches: each is two characters, the first alternative that fits wins)
_LATIN1_TAIL = "[\u0080-\u00bf\u2018-\u203a\u0152-\u0192]"
_MOJIBAKE_CHARS = re.compile(f"Ã{_LATIN1_TAIL}|Ä{_LATIN1_TAIL}|Æ{_LATIN1_TAIL}|á»|áº|Ä‘|Æ°")
SAMPLE = 200_000
_NO_FIT = "no text encoding fits"

# -- how Vietnamese a reading is ----------------------------------------------
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_BASES = "aăâeêioôơuưy"
_VOWELS = "".join(
    sorted({unicodedata.normalize("NFC", b + t) for b in _BASES for t in ("", *_TONES)})
)
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> float:
    """Share of the words with non-ASCII letters that are well-formed Vietnamese
    syllables (about 0.95 for Vietnamese prose; near 0 for a wrong decoding),
    less a penalty for U+FFFD replacement characters."""
    sample = unicodedata.normalize("NFC", text[:SAMPLE]).lower()
    words = [w for w in _WORD.findall(sample) if not w.isascii()]
    if not words:
        return 0.0
    good = sum(1 for w in words if _SYLLABLE.fullmatch(w))
    holes = sample.count("\ufffd")
    return good / len(words) - 2.0 * holes / (len(words) + holes)


# -- what cannot be decoded --------------------------------------------------------
# TCVN3 (ABC, .VnTime fonts) read as Windows-1252: "c«ng ®oµn" = "công đoàn".
_TCVN3 = re.compile("(?<=[A-Za-z])[«µ¸¶·¹¨©ª¬\u00ad¾]|®(?=[a-z])|§(?=[a-zA-Z])")
# VNI (VNI-Times fonts) read as Windows-1252: "Coâng ñoaøn" = "Công đoàn".
_VNI = re.compile("(?<=[A-Za-z])[øûïäåÿ]|\\b[ñÑ](?=[a-zA-Zâêôö])")
_ANY_WORD = re.compile(r"\w+")
# cheap first pass: the characters those patterns look for
_TCVN3_CHARS = re.compile("[«µ¸¶·¹¨©ª¬\u00ad¾®§]")
_VNI_CHARS = re.compile("[øûïäåÿñÑ]")


def legacy_encoding(text: str) -> str | None:
    """``TCVN3`` or ``VNI`` when ``text`` reads like Vietnamese typed in one of
    those font encodings (and decoded as Windows-1252), else None."""
    sample = text[:SAMPLE]
    words: int | None = None
    for name, rx, chars in (("TCVN3", _TCVN3, _TCVN3_CHARS), ("VNI", _VNI, _VNI_CHARS)):
        if len(chars.findall(sample)) < 5:
            continue
        hits = len(rx.findall(sample))
        if hits < 5:
            continue
        if words is None:
            words = sum(1 for _ in _ANY_WORD.finditer(sample))
        if hits >= 0.05 * words:
            return name
    return None


def mojibake_score(text: str) -> int:
    """Number of UTF-8-read-as-Latin-1 sequences in ``text``."""
    # every sequence holds Ã, Ä, Æ, "á»" or "áº"; a one-character search is many
    # times faster than a two-character one, so "»" / "º" are looked for first
    if (
        "Ã" not in text
        and "Ä" not in text
        and "Æ" not in text
        and ("»" not in text or "á»" not in text)
        and ("º" not in text or "áº" not in text)
    ):
        return 0
    return len(_MOJIBAKE_CHARS.findall(text))


_MOJIBAKE_REASON = "text is mojibake (UTF-8 read with a wrong charset)"


def garbled_reason(text: str) -> str | None:
    """Why ``text`` (already decoded and repaired) is still garbled, or None."""
    sample = text[:SAMPLE]
    if not sample or sample.isspace():  # (``not sample.strip()``, without the copy)
        return None
    if mojibake_score(sample) > max(3, len(sample) // 400):
        return _MOJIBAKE_REASON
    return _unreadable(sample, _legacy(sample))


def _unreadable(sample: str, legacy: str | None) -> str | None:
    """``garbled_reason`` past its mojibake test, given ``_legacy(sample)``."""
    if legacy is not None:
        return _legacy_text(legacy)
    holes = sample.count("\ufffd") if "\ufffd" in sample else 0  # (the test alone is 4x faster)
    if holes > max(8, len(sample) // 50):
        return f"{holes} undecodable bytes"
    return None


def _legacy_text(name: str) -> str:
    return f"text is in the {name} legacy font encoding, which is not decoded"


def _legacy_bytes(data: bytes) -> str | None:
    """TCVN3/VNI recognised on the bytes themselves (read as Windows-1252, as
    those fonts expect), whatever reading scored best."""
    return legacy_encoding(data[:SAMPLE].decode("cp1252", errors="replace"))


# 20 of the letters, in one scan that stops at the 20th
_PLAIN_20 = re.compile("(?:[^đươĐƯƠ]*+[đươĐƯƠ]){20}")


def _plainly_vietnamese(sample: str) -> bool:
    """Cheap: letters no legacy font encoding produces in a Windows-1252 reading
    (at least 20 of them)."""
    return _PLAIN_20.match(sample) is not None


def _legacy(sample: str) -> str | None:
    if _plainly_vietnamese(sample):
        return None
    legacy = legacy_encoding(sample)
    if legacy is not None and vietnamese_score(sample) < 0.5:
        return legacy
    return None


# -- choosing a reading ----------------------------------------------------------------
def _norm_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _detected(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return _norm_codec(best.encoding) if best is not None else None


def _reading(data: bytes, enc: str, errors: str = "replace") -> str:
    text = data.decode(enc, errors=errors)
    return unicodedata.normalize("NFC", text) if enc == "cp1258" else text


def choose_encoding(data: bytes, declared: str | None) -> str | None:
    """The codec to read ``data`` (which is not valid UTF-8) with; None when no
    reading is plausible (not Vietnamese, nothing declared, nothing detected)."""
    sample = data[:SAMPLE]
    strict: str | None = None  # a declared charset that decodes the bytes cleanly
    if declared and declared != "utf-8":
        try:
            sample.decode(declared)
            strict = declared
        except (UnicodeDecodeError, LookupError):
            strict = None
    candidates = [c for c in (strict, "utf-8", "cp1258") if c]
    detected = _detected(sample)
    for extra in (detected, declared, "cp1252"):
        if extra and extra not in candidates:
            candidates.append(extra)
    scores: dict[str, float] = {}
    for enc in candidates:
        try:
            scores[enc] = vietnamese_score(_reading(sample, enc))
        except LookupError:
            continue
    best = max(scores, key=lambda e: (scores[e], -candidates.index(e)))
    if strict is not None and best != strict:
        # a clean declared reading loses only to a convincingly Vietnamese one
        if scores[best] < 0.6 or scores[best] < scores[strict] + 0.2:
            return strict
    if scores[best] >= 0.2:
        return best
    # not Vietnamese whatever the reading: mostly UTF-8 with holes stays UTF-8
    bad = len(sample.decode("utf-8", errors="replace")) - len(sample.decode("utf-8", errors="ignore"))
    if bad <= max(8, len(sample) // 500):
        return "utf-8"
    return strict or detected or _norm_codec(declared)


@dataclass(frozen=True, slots=True)
class DecodedHtml:
    text: str
    encoding: str
    declared: str | None
    mojibake_repaired: bool
    garbled: str | None = None  # why the text is still unreadable, if it is
    legacy: str | None = None  # TCVN3 / VNI when recognised


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    mojibake_repaired: bool
    garbled: str | None = None


def _header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type" and "charset=" in value.lower():
            raw = value.lower().split("charset=", 1)[1].split(";")[0]
            return _norm_codec(raw)
    return None


def decode_html(data: bytes | str, headers: Mapping[str, str] | None = None) -> DecodedHtml:
    """Decode an HTML page; never raises (undecodable bytes become U+FFFD)."""
    if isinstance(data, str):
        text, repaired = _repair(data)
        return _judged(text, "str", None, repaired)
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
    enc = choose_encoding(data, declared if declared not in _SINGLE_BYTE_WESTERN else None)
    if enc is None:
        text, repaired = _repair(_reading(data, "cp1258"))
        return DecodedHtml(text, "cp1258", declared, repaired, _NO_FIT, None)
    legacy = _legacy_bytes(data)
    if legacy is not None:
        return DecodedHtml(_reading(data, enc), enc, declared, False, _legacy_text(legacy), legacy)
    return _finish(_reading(data, enc), enc, declared)


def decode_text(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode a plain-text article the same way (never raises)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        norm = _norm_codec(declared)
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            chosen = choose_encoding(data, norm if norm not in _SINGLE_BYTE_WESTERN else None)
            if chosen is None:
                return DecodedText(_reading(data, "cp1258"), "", False, _NO_FIT)
            enc = chosen
            text = _reading(data, enc)
            legacy = _legacy_bytes(data)
            if legacy is not None:
                return DecodedText(text, enc, False, _legacy_text(legacy))
    text, repaired = repair_mojibake(text)
    return DecodedText(text, enc, repaired, garbled_reason(text))


def _repair(text: str) -> tuple[str, bool]:
    fixed, repaired, _ = _repair_scored(text)
    return fixed, repaired


def _repair_scored(text: str) -> tuple[str, bool, int | None]:
    """``_repair`` and, when the text comes back unchanged, its sample's
    ``mojibake_score`` (``garbled_reason`` needs it too)."""
    score = mojibake_score(text[:SAMPLE])
    if score < 3:
        return text, False, score
    fixed, repaired = repair_mojibake(text)
    if repaired:
        return fixed, True, None
    # Lines may mix good and bad text; repair line by line.
    lines = []
    changed = False
    for line in text.split("\n"):
        new, ok = repair_mojibake(line)
        lines.append(new)
        changed = changed or ok
    return ("\n".join(lines), True, None) if changed else (text, False, score)


def _judged(
    text: str, encoding: str, declared: str | None, repaired: bool, score: int | None = None
) -> DecodedHtml:
    """The decoded page with ``garbled_reason(text)`` and ``_legacy`` of its sample,
    each test run once (``score``: the sample's ``mojibake_score`` when known)."""
    sample = text[:SAMPLE]
    legacy = _legacy(sample)
    garbled: str | None = None
    if sample and not sample.isspace():
        if score is None:
            score = mojibake_score(sample)
        garbled = _MOJIBAKE_REASON if score > max(3, len(sample) // 400) else _unreadable(sample, legacy)
    return DecodedHtml(text, encoding, declared, repaired, garbled, legacy)


def _finish(text: str, encoding: str, declared: str | None) -> DecodedHtml:
    text, repaired, score = _repair_scored(text)
    return _judged(text, encoding, declared, repaired, score)
