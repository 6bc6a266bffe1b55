"""Text normalisation, done once at ingestion.

Everything downstream (offsets, quotes, sentences) refers to the text this module
returns, so ``normalize_text`` must be idempotent.

- Unicode NFC (pages arrive in NFD too); the page's own tone placement is kept
  (``khoá`` stays ``khoá``): stored text and quotes are the outlet's words;
- non-breaking and exotic spaces become plain spaces, zero-width characters and
  soft hyphens disappear, line endings become ``\\n``;
- runs of spaces collapse, lines are stripped, blank lines collapse to one.

Matching is done on ``normalize_tones(text)``: one tone placement (the traditional one,
``hòa``, ``khóa``, ``thủy``), so ``hoà``/``hòa`` give the same figures. Moving a tone
mark never changes the length, so offsets found on it are offsets into the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "decode_bytes",
    "fold_diacritics",
    "join_broken_lines",
    "looks_binary",
    "normalize_many",
    "normalize_text",
    "normalize_tones",
    "repair_mojibake",
]

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_MULTI_SPACE = re.compile(r" {2,}")
_MULTI_BLANK = re.compile(r"\n{3,}")

# vowel -> (base, tone index); tone index 0..5 = none, grave, acute, hook, tilde, dot
_TONED: dict[str, tuple[str, int]] = {}
_TONE_TABLE = {
    "a": "aàáảãạ",
    "e": "eèéẻẽẹ",
    "o": "oòóỏõọ",
    "u": "uùúủũụ",
    "y": "yỳýỷỹỵ",
}
for _base, _row in _TONE_TABLE.items():
    for _i, _ch in enumerate(_row):
        _TONED[_ch] = (_base, _i)
        _TONED[_ch.upper()] = (_base.upper(), _i)


def _with_tone(base: str, tone: int) -> str:
    row = _TONE_TABLE[base.lower()]
    ch = row[tone]
    return ch.upper() if base.isupper() else ch


_LETTER = r"[^\W\d_]"
_TONED_A = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"
_TONED_Y = "ỳýỷỹỵỲÝỶỸỴ"
# "oà", "oé", "uỷ" at the end of a syllable (no final consonant): new-style placement.
# The pair comes first (the regex engine scans for its first character) and the
# "not after q" test looks back past it.
_NEW_STYLE = re.compile(rf"(?:[oO][{_TONED_A}]|[uU][{_TONED_Y}])(?!{_LETTER})(?<![qQ]..)")


def _to_old_style(m: re.Match[str]) -> str:
    pair = m.group()
    base2, tone = _TONED[pair[1]]
    return _with_tone(pair[0], tone) + base2


# article texts are matched by several stages (figures, province, people, context):
# the long ones are normalised once
_TONES_CACHE = 4
_TONES_CACHED_FROM = 256


@lru_cache(maxsize=_TONES_CACHE)
def _tones_cached(text: str) -> str:
    return _NEW_STYLE.sub(_to_old_style, text)


def normalize_tones(text: str) -> str:
    """One tone placement (``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``) for matching; the
    length never changes, so offsets into the result are offsets into ``text``."""
    if len(text) < _TONES_CACHED_FROM:
        return _NEW_STYLE.sub(_to_old_style, text)
    return _tones_cached(text)


# a line break inside a phrase of saved text ("kế\n\nhoạch", "đoàn\nviên"): after a
# letter, one or two line breaks, the next line going on in lower case
def join_broken_lines(text: str) -> str:
    """Line breaks inside a phrase turned into spaces, for matching; the length never
    changes, so offsets into the result are offsets into ``text``."""
    i = text.find("\n")
    if i < 0:
        return text
    out: list[str] = []
    last = 0
    n = len(text)
    while i >= 0:
        a = i
        while a > 0 and text[a - 1] in " \t":
            a -= 1
        b = i + 1
        if b < n and text[b] == "\n":
            b += 1
        while b < n and text[b] in " \t":
            b += 1
        if a > 0 and b < n and text[a - 1].isalpha() and text[b].islower():
            out.append(text[last:a])
            out.append(" " * (b - a))
            last = b
        i = text.find("\n", b if b > i else i + 1)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def normalize_text(text: str) -> str:
    """Return the canonical form of ``text`` (idempotent)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _MULTI_SPACE.sub(" ", text)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return _MULTI_BLANK.sub("\n\n", text)


# what normalize_text changes in a one-line text, besides NFC and the ends
# (a character class alone: the regex engine scans for it in a tight loop, four times
# faster than with the " {2}" alternative, which ``"  " in text`` tests instead)
_NOT_NORMAL = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v\r\n\u2028\x00]")


def _is_normal_line(text: str) -> bool:
    """``normalize_many`` returns ``text`` as it is (one line, no character it changes)."""
    if text and (text[0].isspace() or text[-1].isspace()):
        return False
    if "  " in text or _NOT_NORMAL.search(text):
        return False
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize_text(t) for t in texts]`` for one-line texts, in one pass.

    Texts already in normal form (most paragraphs of a page) are kept as they are; the
    others run through the regexes once instead of once per text: a NUL joins them
    (nothing in ``normalize_text`` touches it, and each text is normalised on its own).
    """
    todo = [i for i, t in enumerate(texts) if not _is_normal_line(t)]
    if not todo:
        return list(texts)
    out = list(texts)
    rest = [texts[i] for i in todo]
    joined = normalize_text("\x00".join(t.replace("\x00", " ").replace("\n", " ") for t in rest))
    parts = [p.strip() for p in joined.split("\x00")]
    if len(parts) != len(rest):  # cannot happen; stay correct if it ever does
        parts = [normalize_text(t) for t in rest]
    for i, part in zip(todo, parts, strict=True):
        out[i] = part
    return out


def fold_diacritics(text: str) -> str:
    """Lower-case ASCII fold: ``Đoàn`` -> ``doan`` (same length for NFC input)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower())
    return "".join(out)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


_MOJIBAKE = re.compile("[ÃÄÆáº][\u0080-\u00bf\u2018-\u203a\u0152-\u0192]|á»|áº")


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as cp1252/latin-1 (``Ã¡`` for ``á``). Returns (text, repaired)."""
    if not _MOJIBAKE.search(text):
        return text, False
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)):
            return fixed, True
    return text, False


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text: BOM, then UTF-8, then the declared charset, the
    Vietnamese legacy encodings (windows-1258) and detection, each reading
    scored by how Vietnamese it is (see ``content.decode``). Mojibake is repaired.

    Returns ``(text, encoding_used)``; raises ``UnicodeDecodeError`` when no
    reading is plausible.
    """
    from .content.decode import decode_text

    decoded = decode_text(data, declared)
    if not decoded.encoding:
        raise UnicodeDecodeError("unknown", data[:16], 0, 1, "no encoding fits")
    return decoded.text, decoded.encoding
