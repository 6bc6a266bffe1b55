"""The province gazetteer: ``patterns/provinces.toml`` read into lookup tables (names,
towns, outlets, URL slugs, the 2025 merger), once per process and patterns directory."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PatternError
from ..textnorm import fold_diacritics, normalize_text, normalize_tones
from ._tables import (
    first_char_scan,
    norm_list,
    read_toml,
    surface_key,
    surfaces_by_first,
    surfaces_regex,
)
from .outlets import OutletIndex, slug

__all__ = ["Tables", "canonical_province", "province_2025", "tables"]


@dataclass(frozen=True, slots=True)
class _Surface:
    province: str
    kind: str  # name | town | weak
    needs_prefix: bool


@dataclass(frozen=True, slots=True)
class _Province:
    name: str
    official: str
    name_2025: str
    sites: tuple[str, ...]
    host_slugs: tuple[str, ...]
    url_slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tables:
    provinces: dict[str, _Province]
    surfaces: dict[str, _Surface]
    canonical: dict[str, str]  # folded surface -> canonical name
    mention_re: re.Pattern[str]
    mention_scan: re.Pattern[str]  # places mention_re may match at (all of them), found fast
    admin_prefixes: frozenset[str]
    allowed_before: frozenset[str]
    person_markers: tuple[str, ...]
    company_markers: tuple[str, ...]
    national_re: re.Pattern[str] | None
    local_re: re.Pattern[str] | None
    weights: dict[str, float]
    outlets: OutletIndex


def _alternation(items: Iterable[str]) -> str:
    """All ``items`` as one regex: longest form first, factored by words (a trie)."""
    return surfaces_regex(items)


def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    r"""``(?<!\w)(?:phrases)(?!\w)``, scanned first character first (no groups)."""
    if not phrases:
        return None
    rests = {c: [rest + r"(?!\w)"] for c, rest in surfaces_by_first(phrases).items()}
    return re.compile(first_char_scan(rests))


def _fold_key(text: str) -> str:
    return surface_key(fold_diacritics(normalize_tones(normalize_text(text)))).replace("-", " ").replace(".", "")


def _build(patterns_dir: Path) -> Tables:
    where = str(patterns_dir / "provinces.toml")
    data = read_toml(patterns_dir, "provinces.toml")
    matching: dict[str, Any] = data.get("matching", {})
    weights_raw: dict[str, Any] = data.get("weights", {})
    weights = {k: float(v) for k, v in weights_raw.items()}
    rows = data.get("province")
    if not isinstance(rows, list) or not rows:
        raise PatternError(f"{where}: no [[province]] tables")

    provinces: dict[str, _Province] = {}
    surfaces: dict[str, _Surface] = {}
    canonical: dict[str, str] = {}

    def add(surface: str, entry: _Surface) -> None:
        for form in {surface, surface.upper()}:
            surfaces.setdefault(surface_key(form), entry)

    for row in rows:
        try:
            name = normalize_tones(normalize_text(row["name"]))
            official = normalize_tones(normalize_text(row["official"]))
            name_2025 = normalize_tones(normalize_text(row["name_2025"]))
        except KeyError as exc:
            raise PatternError(f"{where}: province {row!r} lacks {exc}") from None
        bare_ok = bool(row.get("bare", True))
        variants = norm_list(row, "variants", where)
        core = name.removeprefix("TP ") if not bare_ok else name
        add(core, _Surface(name, "name", needs_prefix=not bare_ok))
        for v in variants:
            add(v, _Surface(name, "name", needs_prefix=False))
        for v in norm_list(row, "prefixed", where):
            add(v, _Surface(name, "name", needs_prefix=True))
        for v in norm_list(row, "weak", where):
            add(v, _Surface(name, "weak", needs_prefix=False))
        for v in norm_list(row, "towns", where):
            add(v, _Surface(name, "town", needs_prefix=False))
        for v in norm_list(row, "towns_prefixed", where):
            add(v, _Surface(name, "town", needs_prefix=True))
        for form in (name, official, core, *variants):
            canonical.setdefault(_fold_key(form), name)
        short = official.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        canonical.setdefault(_fold_key(short), name)
        host_slugs = tuple(
            dict.fromkeys([slug(core, ""), *(slug(s, "") for s in row.get("slugs", []))])
        )
        url_slugs = [slug(f, "-") for f in (core, *variants) if len(f.split()) >= 2]
        if not bare_ok:
            url_slugs = [f"tp-{s}" for s in url_slugs] + [f"thanh-pho-{s}" for s in url_slugs]
        url_slugs += [s for s in host_slugs if len(s) >= 6 and s != slug(core, "")]
        provinces[name] = _Province(
            name=name,
            official=official,
            name_2025=name_2025,
            sites=tuple(s.lower() for s in row.get("sites", [])),
            host_slugs=host_slugs,
            url_slugs=tuple(dict.fromkeys(url_slugs)),
        )
    for p in provinces.values():
        if p.name_2025 not in provinces:
            raise PatternError(f"{where}: {p.name}: name_2025 {p.name_2025!r} is not a province")
        canonical.setdefault(_fold_key(p.name_2025), p.name_2025)

    admin = norm_list(matching, "admin_prefixes", where)
    town_pfx = norm_list(matching, "town_prefixes", where)
    unions = norm_list(matching, "union_bodies", where)
    prefixes = sorted(set(admin + town_pfx), key=len, reverse=True)
    prefix_alt = "|".join(re.escape(p) for p in prefixes)
    union_alt = _alternation(unions)
    names_alt = _alternation(surfaces)
    mention_re = re.compile(
        rf"(?<!\w)(?:(?P<union>{union_alt})\s+)?(?:(?P<prefix>{prefix_alt})\s*)?"
        rf"(?P<name>{names_alt})(?!\w)"
    )
    # where mention_re can match, by first character: a union body and a space, a
    # prefix, or a name (mention_re then reads the whole mention there)
    by_union = surfaces_by_first(unions)
    by_prefix: dict[str, list[str]] = {}
    for pfx in prefixes:
        by_prefix.setdefault(pfx[0], []).append(re.escape(pfx[1:]))
    by_name = surfaces_by_first(surfaces)
    branches: dict[str, list[str]] = {}
    for c in dict.fromkeys([*by_union, *by_prefix, *by_name]):
        rests: list[str] = []
        branches[c] = rests
        if c in by_union:
            rests.append(rf"{by_union[c]}\s")
        if c in by_prefix:
            rests.append(rf"(?:{'|'.join(by_prefix[c])})")
        if c in by_name:
            rests.append(rf"{by_name[c]}(?!\w)")
    return Tables(
        provinces=provinces,
        surfaces=surfaces,
        canonical=canonical,
        mention_re=mention_re,
        mention_scan=re.compile(first_char_scan(branches)),
        admin_prefixes=frozenset(p.rstrip(".") for p in admin),
        allowed_before=frozenset(norm_list(matching, "allowed_before", where)),
        person_markers=norm_list(matching, "person_markers", where),
        company_markers=norm_list(matching, "company_markers", where),
        national_re=_phrase_re(norm_list(matching, "national_markers", where)),
        local_re=_phrase_re(norm_list(matching, "local_markers", where)),
        weights=weights,
        outlets=OutletIndex.build((p.name, p.sites, p.host_slugs, p.url_slugs) for p in provinces.values()),
    )


@lru_cache(maxsize=8)
def _tables_for(resolved: Path) -> Tables:
    return _build(resolved)


@lru_cache(maxsize=32)
def tables(patterns_dir: Path) -> Tables:
    # Path.resolve() asks the file system for every part of the path: once per path
    return _tables_for(patterns_dir.resolve())


def canonical_province(name: str, *, patterns_dir: Path) -> str | None:
    """Canonical province name for any known spelling ("TP.HCM", "tỉnh Yên Bái")."""
    t = tables(patterns_dir)
    key = _fold_key(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix) and key not in t.canonical:
            key = key[len(prefix) :]
    return t.canonical.get(key)


def province_2025(name: str, *, patterns_dir: Path) -> str | None:
    """The 2025 (34-province) province for an old or new province name."""
    canon = canonical_province(name, patterns_dir=patterns_dir)
    if canon is None:
        return None
    return tables(patterns_dir).provinces[canon].name_2025
