"""Word lists compiled by first character match what the plain alternation matched."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractor import Pipeline
from extractor.lexicon import Lexicon, word_alternation

_PLAIN = r"(?<![^\W\d_])(?:{})(?![^\W\d_])"


def _probes(words: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [*words, "x", "a", "Ă", "1", " ", ",", ":", "\n", "đ", "_"]
    out = []
    for _ in range(3_000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 8))]
        glued = rng.choice(["", " ", "a", ", "]).join(parts)
        out += [glued, glued.upper(), glued.lower()]
    return out


@pytest.mark.parametrize("ignorecase", [False, True])
def test_word_alternation_matches_like_the_plain_one(lexicon: Lexicon, ignorecase: bool) -> None:
    ctx = lexicon.raw["context"]
    lists = [ctx["organizer"]["heads"], ctx["activity"]["words"], list(lexicon.qual_before),
             ["Hà", "Hà Nam", "hà", "à", "a", "Ăn", "ăn uống", "TP.", "(x)"]]  # fmt: skip
    flag = "(?i)" if ignorecase else ""
    for k, words in enumerate(lists):
        words = sorted(words, key=len, reverse=True)
        plain = re.compile(flag + _PLAIN.format("|".join(re.escape(w) for w in words)))
        fast = re.compile(flag + word_alternation(words, ignorecase=ignorecase) + r"(?![^\W\d_])")
        for text in _probes(words, k):
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)], text
            assert [m.span() for m in plain.finditer(text[:-1])] == [m.span() for m in fast.finditer(text[:-1])]


def test_word_alternation_keeps_the_order_of_the_words() -> None:
    # the first word that fits wins, as in the plain alternation ("Hà" before "Hà Nam")
    rx = re.compile(word_alternation(["Hà", "Hà Nam"]))
    m = rx.search("tỉnh Hà Nam")
    assert m is not None and m.group() == "Hà"
    rx = re.compile(word_alternation(["Hà Nam", "Hà"]))
    m = rx.search("tỉnh Hà Nam")
    assert m is not None and m.group() == "Hà Nam"
    assert rx.search("Thà Nam") is None  # inside a word: no match


def test_unit_lookup_tries_only_lengths_a_unit_can_have(lexicon: Lexicon) -> None:
    def plain(words: list[str]) -> object:  # every length, as the lookup was written
        for n in range(min(lexicon.max_unit_words, len(words)), 0, -1):
            key = " ".join(words[:n]).rstrip(",")
            for u in lexicon.units.get(key.lower(), []):
                if not u.case_sensitive or u.surface == key:
                    return u, n
        return None

    rng = random.Random(21)
    vocab = [w for k in lexicon.units for w in k.split()] + ["x", ",", "người,", "CĐ", "Đv"]
    for _ in range(20_000):
        words = [rng.choice(vocab) for _ in range(rng.randint(0, 9))]
        if rng.random() < 0.3:
            words = rng.choice(list(lexicon.units)).split() + words
        words = [w.upper() if rng.random() < 0.1 else w for w in words]
        assert lexicon.lookup_unit(words) == plain(words), words


def test_misspellings_are_corrected_for_matching_only(pipeline: Pipeline) -> None:
    text = "LĐLĐ huyện trao 300 xuất quà cho người lao đông khó khăn."
    assert pipeline.lexicon.fix_misspellings(text) == "LĐLĐ huyện trao 300 suất quà cho người lao động khó khăn."
    art = pipeline.extract_text(text)
    fig = next(f for f in art.figures if f.value == 300)
    assert fig.kind == "count" and fig.quote == "300 xuất quà" and fig.unit == "xuất quà"  # the page's words
    assert art.text[fig.start : fig.end] == fig.quote


def test_a_misspelling_must_keep_the_length(tmp_path: Path) -> None:
    import shutil

    from extractor.errors import PatternError
    from extractor.lexicon import load_lexicon

    patterns = tmp_path / "patterns"
    shutil.copytree(Path(__file__).resolve().parent.parent / "patterns", patterns)
    f = patterns / "abbreviations.toml"
    f.write_text(f.read_text("utf-8").replace('"luợt" = "lượt"', '"luọot" = "lượt"'), "utf-8")
    with pytest.raises(PatternError, match="same length"):
        load_lexicon(patterns)


def test_a_bad_regex_in_the_new_pattern_keys_is_one_error_at_load(tmp_path: Path) -> None:
    import shutil

    from extractor.errors import PatternError
    from extractor.lexicon import load_lexicon

    patterns = tmp_path / "patterns"
    shutil.copytree(Path(__file__).resolve().parent.parent / "patterns", patterns)
    f = patterns / "context.toml"
    text = f.read_text("utf-8")
    start = text.index("officer_titles = ")
    end = text.index("\n", start)
    f.write_text(text[:start] + 'officer_titles = "(unclosed"' + text[end:], "utf-8")
    with pytest.raises(PatternError, match=r"context\.toml: bad regex"):
        load_lexicon(patterns)
