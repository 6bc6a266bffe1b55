"""The gazetteer regexes: a trie of words matches what the sorted alternation did."""

from __future__ import annotations

import re

from extractor.config import default_patterns_dir
from extractor.entities import province
from extractor.entities._tables import surface_regex, surfaces_regex


def _alternation(items: set[str]) -> str:
    return "|".join(surface_regex(s) for s in sorted(items, key=len, reverse=True))


def test_trie_matches_like_the_longest_first_alternation() -> None:
    surfaces = set(province._tables(default_patterns_dir()).surfaces)
    surfaces |= {"Hà", "Hà Nam", "Hà Nam Ninh", "Bà Rịa - Vũng Tàu", "TP. HCM", "TP.HCM"}
    old = re.compile(rf"(?<!\w)(?:{_alternation(surfaces)})(?!\w)")
    new = re.compile(rf"(?<!\w)(?:{surfaces_regex(surfaces)})(?!\w)")
    probes = []
    for s in sorted(surfaces):
        probes += [s, f"tỉnh {s}.", f"{s} là", f"{s}x", f"{s}-Tây", f"ở {s}, {s}"]
    assert len(probes) > 1_000
    for text in probes:
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text


def test_empty_list_matches_nothing() -> None:
    assert re.search(surfaces_regex([]), "Hà Nội") is None
