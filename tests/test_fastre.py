"""Guarded data regexes match exactly where the plain ones do."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from extractor.fastre import compile_guarded, first_chars
from extractor.lexicon import Lexicon

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _data_patterns(lex: Lexicon) -> list[str]:
    """Every regex source of the pattern files (and the lexicon's own word lists)."""
    out = [r.pattern for r in lex.periods] + [t.regex.pattern for t in lex.terms]
    out += [p.pattern for p in lex.drop_lines]
    out += [w.before.pattern for us in lex.units.values() for u in us for w in u.when if w.before]
    out += [w.after.pattern for us in lex.units.values() for u in us for w in u.when if w.after]
    out += [v.pattern for f in lex.__dataclass_fields__ if isinstance(v := getattr(lex, f), re.Pattern)]
    from extractor.attributes import orgs, periods
    from extractor.content import body
    from extractor.figures import finder
    from extractor.sentences import _END

    code = (_END, finder._NUM_START, orgs._NOT_ORGANIZER_BEFORE, orgs._OF_BEFORE, periods._CANCHI,
            periods._UNTIL_NOW, periods._MAYBE, body._CREDIT_END)  # fmt: skip
    out += [rx.pattern for rx in code]
    return sorted(set(out))


def _unguarded(src: str) -> str:
    """The source as written in the data file (the guard removed)."""
    m = re.match(r"((?:\(\?[aiLmsux]+\))*)\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:(.*)\)$", src, re.S)
    return m.group(1) + m.group(2) if m else src


def _probes(src: str, rng: random.Random) -> list[str]:
    letters = [c for c in src if c.isalpha()] or ["a"]
    pool = letters + list("  0123456789,.;:-–/()“”\"%\n") + ["ĐẠI", "năm", "Năm", "hai", "2024"]
    out = []
    for _ in range(300):
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(0, 40))))
    words = re.findall(r"[^\W\d_]+", src)
    for _ in range(300):
        pool2 = [*words, "1", "12", "2023", "x", ",", "("]
        out.append(" ".join(rng.choice(pool2) for _ in range(rng.randint(1, 12))))
    return out


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((CORPUS / "seeds").glob("*.txt"))]
    texts += [json.loads(p.read_text("utf-8"))["text"] for p in sorted((CORPUS / "dev").glob("*.json"))]
    return texts


def test_guarded_regexes_match_like_the_plain_ones(lexicon: Lexicon, corpus_texts: list[str]) -> None:
    rng = random.Random(11)
    guarded = 0
    for src in _data_patterns(lexicon):
        plain_src = _unguarded(src)
        plain, fast = re.compile(plain_src), compile_guarded(plain_src)
        guarded += fast.pattern != plain.pattern
        for text in _probes(plain_src, rng) + corpus_texts[:20]:
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)], (src, text)
            for pos in range(0, len(text), max(1, len(text) // 7)):
                a, b = plain.match(text, pos), fast.match(text, pos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (src, text, pos)
    assert guarded >= 20  # most data regexes start with \b, a lookbehind or an alternation


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"\bnăm\s+\d", "[n]"),
        (r"(?i)\b(?:Tết|Xuân)", "[TX]"),
        (r"(?<![\d/.-])\d{1,2}", r"[\d]"),
        (r"(?:a|b?)c", "[abc]"),
        (r"x*y+", "[xy]"),
        (r"a?", None),  # can match the empty string
        (r"\b", None),
        (r".x", None),  # any character
        (r"(a)\1", "[a]"),
        (r"[^a]b", None),  # a negated class: not worked out
    ],
)
def test_first_chars(pattern: str, chars: str | None) -> None:
    assert first_chars(pattern) == chars


def test_groups_and_flags_are_kept() -> None:
    rx = compile_guarded(r"(?i)\b(?P<w>khóa)\s+(?P<n>[IVX]+)\b")
    assert rx.pattern.startswith("(?i)(?=")
    m = rx.search("Đại hội KHÓA XII")
    assert m is not None and m.group("w") == "KHÓA" and m.group("n") == "XII"
    assert compile_guarded(r"(?x) \b a  # comment").pattern == r"(?x) \b a  # comment"  # verbose: as is
    assert compile_guarded(r"abc").pattern == "abc"  # a literal is scanned for already
