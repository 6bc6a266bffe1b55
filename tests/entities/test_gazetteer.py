"""The gazetteer regexes: a trie of words matches what the sorted alternation did."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from extractor.config import default_patterns_dir
from extractor.entities import gazetteer, province
from extractor.entities._tables import surface_regex, surfaces_regex


def _alternation(items: set[str]) -> str:
    return "|".join(surface_regex(s) for s in sorted(items, key=len, reverse=True))


def test_trie_matches_like_the_longest_first_alternation() -> None:
    surfaces = set(gazetteer.tables(default_patterns_dir()).surfaces)
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


def test_province_scan_gives_the_mention_regex_matches() -> None:
    t = gazetteer.tables(default_patterns_dir())
    extra = ("LĐLĐ", "LĐLĐ tỉnh", "Công đoàn thành phố", "TP.", "Tp", "thị xã", "Liên đoàn Lao động", "Thành phố")
    probes = _probes(set(t.surfaces), extra)
    probes.append(" ".join(probes[::7]))  # one long line with everything in it
    assert len(probes) > 8_000
    for text in probes:
        scan = [(m.span(), m.groups()) for m in province._mention_matches(t, text)]
        assert scan == [(m.span(), m.groups()) for m in t.mention_re.finditer(text)], text


def test_phrase_regexes_scan_like_the_alternation() -> None:
    data = gazetteer.read_toml(default_patterns_dir(), "provinces.toml")["matching"]
    where = "provinces.toml"
    for key, rx in (("national_markers", "national_re"), ("local_markers", "local_re")):
        phrases = gazetteer.norm_list(data, key, where)
        old = re.compile(rf"(?<!\w)(?:{surfaces_regex(phrases)})(?!\w)")
        new = getattr(gazetteer.tables(default_patterns_dir()), rx)
        for text in _probes(set(phrases), ("của", "toàn", "LĐLĐ")):
            assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text


def _scan_host(provs: list[Any], host: str) -> str | None:
    """The outlet rule as a scan of the table (what the index must answer)."""
    for p in provs:
        if any(host == d or host.endswith("." + d) for d in p.sites):
            return str(p.name)
    labels = host.split(".")
    for p in provs:
        for s in p.host_slugs:
            if any(lab in (f"bao{s}", f"congdoan{s}", f"ldld{s}") for lab in labels):
                return str(p.name)
            if host.endswith(".gov.vn") and s in labels[:-2]:
                return str(p.name)
    return None


def test_outlet_index_answers_like_a_scan_of_the_table() -> None:
    t = gazetteer.tables(default_patterns_dir())
    provs = list(t.provinces.values())
    hosts = ["example.com", "vn", "gov.vn", "baomoi.com", "congdoan.vn"]
    for p in provs:
        for d in p.sites:
            hosts += [d, f"www.{d}", f"m.{d}", f"x{d}", d.split(".", 1)[-1]]
        for s in p.host_slugs:
            hosts += [f"bao{s}.vn", f"www.congdoan{s}.org.vn", f"ldld{s}.com", f"{s}.gov.vn", f"sxd.{s}.gov.vn",
                      f"{s}.com.vn", f"bao{s}x.vn"]  # fmt: skip
    assert len(hosts) > 500
    for host in hosts:
        assert t.outlets.province_of_host(host) == _scan_host(provs, host), host
    for p in provs:
        for s in p.url_slugs:
            for url in (f"https://x.vn/tin-tuc/{s}/a-1.html", f"/{s}-va-{provs[0].url_slugs[0]}", f"{s}x"):
                folded = "-" + gazetteer.slug(urlsplit(url).path if "//" in url else url, "-") + "-"
                hits = [q.name for q in provs if any(f"-{u}-" in folded for u in q.url_slugs)]
                assert t.outlets.province_of_url_path(url) == (hits[0] if len(hits) == 1 else None), url


def test_split_words_is_the_letter_split() -> None:
    from extractor.entities._tables import _WORD_SPLIT, _letters_split, split_words

    letter = re.compile(r"[^\W\d_]")
    explicit = re.compile(_letters_split().pattern[1:-2])  # the class alone
    assert all(bool(letter.fullmatch(chr(cp))) == bool(explicit.fullmatch(chr(cp))) for cp in range(0x3000))
    for text in ("Hà Nội, 12 tháng 3", "a_b1c-dĐ", "ﾊﾝｶｸ Hà\u3000Nội 😀", "", "x" * 5, "HữuPhó ½ ²"):
        assert split_words(text) == _WORD_SPLIT.split(text)
