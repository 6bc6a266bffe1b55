"""Data regexes that start with a zero-width test or a list of alternatives, compiled so
the regex engine rules out most positions with one character test.

Python's regex engine scans quickly for a literal or a character class that starts a
pattern, but a pattern starting with ``\\b``, a lookbehind or an alternation of
phrases is tried in full at every position of the text. ``compile_guarded`` works out
the set of characters any match can start with (from the parsed pattern) and puts a
lookahead for that set in front: same matches, same groups, but a position whose
character cannot start a match is left after one test. Patterns it cannot reason
about (back-references, a match that can be empty, an unknown construct) are
compiled as they are.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["compile_guarded", "first_chars"]

_sre_parse: Any
_c: Any
try:  # the parser the re module itself uses (private: without it, no guard)
    _sre_parse = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - CPython 3.11+ has both
    _sre_parse = _c = None

_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _class_items(items: list[tuple[Any, Any]]) -> list[str] | None:
    out: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY:
            cat = {
                _c.CATEGORY_DIGIT: r"\d",
                _c.CATEGORY_NOT_DIGIT: r"\D",
                _c.CATEGORY_SPACE: r"\s",
                _c.CATEGORY_NOT_SPACE: r"\S",
                _c.CATEGORY_WORD: r"\w",
                _c.CATEGORY_NOT_WORD: r"\W",
            }.get(av)
            if cat is None:
                return None
            out.append(cat)
        else:  # a negated class, ...: give up
            return None
    return out


def _first(seq: Any) -> tuple[list[str] | None, bool]:
    """(class items a match of ``seq`` can start with, or None for "any"; whether
    ``seq`` can match the empty string)."""
    out: list[str] = []
    for op, av in seq:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
            return out, False
        if op is _c.IN:
            items = _class_items(av)
            if items is None:
                return None, False
            return out + items, False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the next item reads the first character
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                return None, False  # local flags: not worth the reasoning
            got, empty = _first(sub.data)
        elif op is _c.ATOMIC_GROUP:
            got, empty = _first(av.data)
        elif op is _c.BRANCH:
            got, empty = [], False
            for alt in av[1]:
                sub_got, sub_empty = _first(alt.data)
                if sub_got is None:
                    return None, False
                got += sub_got
                empty = empty or sub_empty
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, item = av
            got, empty = _first(item.data)
            empty = empty or low == 0
        else:  # ANY, NOT_LITERAL, GROUPREF, ...: any character may start a match
            return None, False
        if got is None:
            return None, False
        out += got
        if not empty:
            return out, False
    return out, True


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class holding the first character of every match of ``pattern``
    (read with the pattern's flags), or None when there is no such class (the
    pattern can match the empty string, or starts with something else)."""
    if _sre_parse is None:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None
    return _class_of(parsed)


def _class_of(parsed: Any) -> str | None:
    items, empty = _first(parsed.data)
    if items is None or empty or not items:
        return None
    return "[" + "".join(dict.fromkeys(items)) + "]"


def _worth_guarding(parsed: Any) -> bool:
    """The pattern starts with something the engine tries in full at every position: a
    zero-width test, an alternation or a repeat. (A leading literal or class, or
    case-sensitive alternatives that all start with a literal, are scanned for quickly
    already.)"""
    ignorecase = bool(parsed.state.flags & re.IGNORECASE)
    seq = parsed.data
    while seq:
        op, av = seq[0]
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            seq = av[3].data
            continue
        if op is _c.BRANCH:
            return ignorecase or not all(alt.data and alt.data[0][0] is _c.LITERAL for alt in av[1])
        return op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT, _c.MAX_REPEAT, _c.MIN_REPEAT)
    return False


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with a lookahead for the characters a match can
    start with in front when that saves work (see the module docstring). The pattern
    is parsed once for the decision; one pattern is compiled."""
    if _sre_parse is None:
        return re.compile(pattern, flags)
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return re.compile(pattern, flags)  # raises the error re.compile gives
    if parsed.state.flags & re.VERBOSE or not _worth_guarding(parsed):
        return re.compile(pattern, flags)
    chars = _class_of(parsed)
    if chars is None:
        return re.compile(pattern, flags)
    head = ""
    body = pattern
    while m := _GLOBAL_FLAGS.match(body):
        head += m.group()
        body = body[m.end() :]
    guarded = re.compile(f"{head}(?={chars})(?:{body})", flags)
    if guarded.groups != parsed.state.groups - 1 or guarded.groupindex != dict(parsed.state.groupdict):
        return re.compile(pattern, flags)
    return guarded
