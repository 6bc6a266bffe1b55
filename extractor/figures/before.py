"""What the words before a number say about it: its qualifier ("hơn", "gần",
"khoảng"), its clause, and whether it is no figure at all (vague "hàng trăm", an
ordinal, address, date or document number, a quoted name)."""

from __future__ import annotations

import re

from ..lexicon import Lexicon, word_alternation

__all__ = ["clause_before", "ends_with_word", "excluded_before", "qualifier", "quoted_names", "vague"]

_LETTER = re.compile(r"[^\W\d_]")


def qualifier(pre: str, lex: Lexicon) -> tuple[str, int] | None:
    """Qualifier that ends ``pre`` (the text before a number): (qualifier, length)."""
    rx = lex.cache.get("qual_rx")
    if rx is None:
        words = sorted(lex.qual_before, key=len, reverse=True)
        rx = re.compile("(?i)(" + word_alternation(words, ignorecase=True) + r")\s*$")
        lex.cache["qual_rx"] = rx
    window = pre[-40:]
    m = rx.search(window)
    if m is None:
        return None
    return lex.qual_before[m.group(1).lower()], len(window) - m.start()


def clause_before(sent: str, rel: int) -> str:
    """Text of the clause before offset ``rel`` in the sentence (after the last ';')."""
    pre = sent[:rel]
    cut = max(pre.rfind(";"), pre.rfind("\n"))
    return pre[cut + 1 :]


_LONG_QUOTES = re.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{0,400}\"|«[^»\n]{0,400}»")


def quoted_names(sent: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Quoted names in a sentence: short quotes, or any quote right after a name word
    ("Chương trình “1 triệu sáng kiến - ...”"). Long quoted speech is not one."""
    out = []
    for m in _LONG_QUOTES.finditer(sent):
        inner = m.group()[1:-1]
        if len(inner.split()) <= 12 or lex.name_introducers.search(sent[: m.start()]):
            out.append((m.start(), m.end()))
    return out


def ends_with_word(pre: str, words: tuple[str, ...]) -> bool:
    low = pre.rstrip().lower()
    for w in words:
        wl = w.lower()
        if low.endswith(wl) and (len(low) == len(wl) or not _LETTER.match(low[-len(wl) - 1]) or not _LETTER.match(wl[0])):
            return True
    return False


def excluded_before(pre: str, lex: Lexicon) -> bool:
    """A word right before the number that makes it an ordinal/address/date/doc number."""
    if pre.rstrip() != pre and not pre.endswith((" ", "\t")):
        return False
    rx = lex.cache.get("excl_rx")
    if rx is None:
        words = sorted(lex.exclude_before, key=len, reverse=True)
        rx = re.compile(
            r"(?i)(?:^|(?<=[^\w]))(?P<head>\S+\s+)?(?P<w>" + "|".join(re.escape(w) for w in words) + r")\s*$"
        )
        lex.cache["excl_rx"] = rx
    window = pre[-40:]
    m = rx.search(window)
    if m is None:
        return False
    w = m.group("w").lower()
    head = window[: m.start("w")].rstrip().lower()
    # "tổng số 2.860", "trong vòng 15 ngày", "mỗi ngày 400 người"
    return not any(head.endswith(h) for h in lex.exclude_not_after.get(w, ()))


def vague(pre: str, lex: Lexicon) -> bool:
    low = pre.rstrip().lower()
    return any(
        low.endswith(v) and (len(low) == len(v) or not _LETTER.match(low[-len(v) - 1]))
        for v in lex.vague_before
    )
