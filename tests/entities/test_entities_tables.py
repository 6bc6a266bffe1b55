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


def _probes(surfaces: set[str], extra: tuple[str, ...]) -> list[str]:
    out = []
    for s in sorted(surfaces):
        out += [s, f"tỉnh {s}.", f"{s} là", f"{s}x", f"x{s}", f"{s}-Tây", f"ở {s}, {s}", s.upper(), s.lower()]
        out += [f"{e} {s}" for e in extra] + [f"{e}{s}" for e in extra]
    return out


def test_province_scan_finds_what_the_mention_regex_matches() -> None:
    t = province._tables(default_patterns_dir())
    extra = ("LĐLĐ", "LĐLĐ tỉnh", "Công đoàn thành phố", "TP.", "Tp", "thị xã", "Liên đoàn Lao động", "Thành phố")
    probes = _probes(set(t.surfaces), extra)
    probes.append(" ".join(probes[::7]))  # one long line with everything in it
    assert len(probes) > 8_000
    for text in probes:
        scan = [m.span() for m in t.mention_scan.finditer(text)]
        assert scan == [m.span() for m in t.mention_re.finditer(text)], text


def test_phrase_regexes_scan_like_the_alternation() -> None:
    data = province.read_toml(default_patterns_dir(), "provinces.toml")["matching"]
    where = "provinces.toml"
    for key, rx in (("national_markers", "national_re"), ("local_markers", "local_re")):
        phrases = province.norm_list(data, key, where)
        old = re.compile(rf"(?<!\w)(?:{surfaces_regex(phrases)})(?!\w)")
        new = getattr(province._tables(default_patterns_dir()), rx)
        for text in _probes(set(phrases), ("của", "toàn", "LĐLĐ")):
            assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text
