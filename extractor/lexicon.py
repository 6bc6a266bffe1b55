"""Pattern data loaded from ``patterns/`` (TOML files), validated and compiled once.

Everything language-specific the figure finder knows (unit words, qualifiers,
number words, exclusions, terms, boilerplate, abbreviations) lives in those
files; this module turns them into typed, compiled structures.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import PatternError
from .fastre import compile_guarded

__all__ = [
    "KindRule",
    "Lexicon",
    "TermRule",
    "Unit",
    "cached_lexicon",
    "load_lexicon",
    "read_pattern_file",
    "word_alternation",
]


@dataclass(frozen=True, slots=True)
class KindRule:
    kind: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    unit: re.Pattern[str] | None = None  # only for these unit words (full match, as written)


@dataclass(frozen=True, slots=True)
class Unit:
    surface: str  # as written in the data file
    group: str  # the [[unit]] name
    kind: str
    case_sensitive: bool
    strong: bool
    duration: bool
    per_unit: bool
    subject_after: bool
    when: tuple[KindRule, ...]


@dataclass(frozen=True, slots=True)
class TermRule:
    name: str
    unit: str
    regex: re.Pattern[str]


@dataclass(slots=True)
class Lexicon:
    """Compiled pattern data. Build with ``load_lexicon``."""

    patterns_dir: Path
    raw: dict[str, dict[str, Any]]
    units: dict[str, list[Unit]]  # key: lower-cased surface
    max_unit_words: int
    digits: dict[str, int]
    after_tens: dict[str, int]
    multipliers: dict[str, int]
    fractions: dict[str, float]
    half_word: str
    vague_before: tuple[str, ...]
    qual_before: dict[str, str]
    qual_after: dict[str, str]
    locative_units: frozenset[str]
    comparative_before: frozenset[str]
    terms: tuple[TermRule, ...]
    percent_signs: tuple[str, ...]
    plan_before: re.Pattern[str]
    plan_reach_before: re.Pattern[str]
    plan_after: re.Pattern[str]
    plan_free_after: re.Pattern[str]
    rate_before: re.Pattern[str]
    exclude_before: tuple[str, ...]
    exclude_before_year: tuple[str, ...]
    exclude_not_after: dict[str, frozenset[str]]
    fractional_units: frozenset[str]
    name_introducers: re.Pattern[str]
    exclude_after: re.Pattern[str]
    exclude_phrase: re.Pattern[str]
    dur_before: re.Pattern[str]
    dur_after: re.Pattern[str]
    dur_exclude_after: re.Pattern[str]
    dur_exclude_before: re.Pattern[str]
    dur_needs_context: frozenset[str]
    breakdown_marker: re.Pattern[str]
    confidence: dict[str, float]
    cut_markers: frozenset[str]
    drop_lines: tuple[re.Pattern[str], ...]
    byline: re.Pattern[str]
    abbreviations: dict[str, str]
    no_split: frozenset[str]
    org_head: re.Pattern[str]
    org_continue: frozenset[str]
    org_needs_name: frozenset[str]
    org_name_pairs: frozenset[str]
    org_verbs: re.Pattern[str]
    org_by: re.Pattern[str]
    org_by_verbs: re.Pattern[str]
    org_according: re.Pattern[str]
    org_speech: re.Pattern[str] | None  # after an officer's name: the body reports ([organizer] speech_verbs)
    org_officer_titles: re.Pattern[str] | None  # before the body: its officer's title
    periods: tuple[re.Pattern[str], ...]
    period_not_after: tuple[re.Pattern[str] | None, ...]  # per rule: the text before makes it no period
    period_block_before: re.Pattern[str]
    continuation: re.Pattern[str]
    subject_stops: frozenset[str]
    subject_trailing: frozenset[str]
    misspelled: re.Pattern[str] | None  # words to correct for matching (same length)
    misspelled_fix: dict[str, str]
    money_heads: re.Pattern[str]
    per_two_word_items: frozenset[str]  # "đồng/trường hợp": two-word items after a slash (units.toml)
    bare_give_context: re.Pattern[str] | None  # "trao 1 tỉ ...": money without "đồng" after a giving verb
    bare_give_after: re.Pattern[str] | None
    activities: re.Pattern[str]
    cache: dict[str, Any] = field(default_factory=dict)

    def fix_misspellings(self, text: str) -> str:
        """``text`` with the misspellings of ``abbreviations.toml [misspelled]``
        corrected; the length never changes, so offsets stay offsets into ``text``."""
        if self.misspelled is None:
            return text
        fix = self.misspelled_fix
        if not any(k in text for k in fix):  # (a plain substring scan: most texts have none)
            return text
        return self.misspelled.sub(lambda m: fix[m.group()], text)

    def lookup_unit(self, words: list[str]) -> tuple[Unit, int] | None:
        """Longest unit that ``words`` start with: (unit, number of words used)."""
        longest = self.cache.get("unit_words_after_first")
        if longest is None:  # first word -> most words of a unit starting with it
            longest = {}
            for k in self.units:
                parts = k.split()
                if parts:
                    longest[parts[0]] = max(longest.get(parts[0], 1), len(parts))
            self.cache["unit_words_after_first"] = longest
        # a key of n > 1 words starts with words[0]: no unit has more words after it
        top = min(self.max_unit_words, len(words), longest.get(words[0].lower(), 1) if words else 1)
        for n in range(top, 0, -1):
            key = " ".join(words[:n]).rstrip(",")
            cands = self.units.get(key.lower())
            if not cands:
                continue
            for u in cands:
                if not u.case_sensitive or u.surface == key:
                    return u, n
        return None


def read_pattern_file(path: Path) -> dict[str, Any]:
    """Parse one TOML file under patterns/, with a one-line PatternError on failure."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PatternError(f"{path}: missing pattern file") from None
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"{path}: {exc}") from None


def _re(src: str, where: str) -> re.Pattern[str]:
    try:
        return compile_guarded(src)
    except re.error as exc:
        raise PatternError(f"{where}: bad regex {src!r}: {exc}") from None


_NOT_AFTER_LETTER = r"(?<![^\W\d_].)"  # after the first character: no letter before it


def word_alternation(words: list[str] | tuple[str, ...], *, ignorecase: bool = False) -> str:
    r"""``(?<![^\W\d_])(?:w1|w2|...)`` (the words tried in the given order, each at the
    start of a word), written as one branch per first character with the word-start
    test after that character: the regex engine then tries only the words that start
    with the character at hand (and, case-sensitive, scans for the first characters)
    instead of testing every word at every position. Same matches, groups untouched
    (the alternation is one non-capturing group)."""
    groups: dict[str, list[str]] = {}
    firsts: dict[str, str] = {}
    for w in words:
        if not w or len(w[0].lower()) != 1:
            plain = "|".join(re.escape(x) for x in words)
            return rf"(?<![^\W\d_])(?:{plain})"
        key = w[0].lower() if ignorecase else w[0]
        firsts.setdefault(key, w[0])
        groups.setdefault(key, []).append(re.escape(w[1:]))
    branches = [
        re.escape(firsts[key]) + _NOT_AFTER_LETTER + "(?:" + "|".join(rests) + ")"
        for key, rests in groups.items()
    ]
    return "(?:" + "|".join(branches) + ")"


def _is_abbrev(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _units(data: dict[str, Any], path: Path) -> tuple[dict[str, list[Unit]], int]:
    table: dict[str, list[Unit]] = {}
    longest = 1
    for i, entry in enumerate(data.get("unit", [])):
        where = f"{path}: unit #{i + 1} ({entry.get('name', '?')})"
        try:
            kind = entry["kind"]
            words = entry["words"]
        except KeyError as exc:
            raise PatternError(f"{where}: missing {exc}") from None
        when = tuple(
            KindRule(
                kind=w["kind"],
                before=_re(w["before"], where) if "before" in w else None,
                after=_re(w["after"], where) if "after" in w else None,
                unit=_re(w["unit"], where) if "unit" in w else None,
            )
            for w in entry.get("when", [])
        )
        for surface in words:
            unit = Unit(
                surface=surface,
                group=entry.get("name", kind),
                kind=kind,
                case_sensitive=_is_abbrev(surface),
                strong=bool(entry.get("strong", False)),
                duration=bool(entry.get("duration", False)),
                per_unit=bool(entry.get("per_unit", False)),
                subject_after=entry.get("subject") == "after",
                when=when,
            )
            table.setdefault(surface.lower(), []).append(unit)
            longest = max(longest, len(surface.split()))
    # exact-case entries first so "ĐV" does not shadow "đv" lookups
    for cands in table.values():
        cands.sort(key=lambda u: not u.case_sensitive)
    return table, longest


def load_lexicon(patterns_dir: Path) -> Lexicon:
    """Read and compile every pattern file; raises PatternError on bad data."""
    patterns_dir = Path(patterns_dir)
    if not patterns_dir.is_dir():
        raise PatternError(f"{patterns_dir}: patterns directory not found")
    names = ("numbers", "qualifiers", "units", "rules", "boilerplate", "abbreviations", "context")
    raw = {n: read_pattern_file(patterns_dir / f"{n}.toml") for n in names}
    num, qual, rules, bp, abbr = (
        raw["numbers"], raw["qualifiers"], raw["rules"], raw["boilerplate"], raw["abbreviations"]
    )
    units, longest = _units(raw["units"], patterns_dir / "units.toml")
    ap = str(patterns_dir / "abbreviations.toml")
    fix = {str(k): str(v) for k, v in abbr.get("misspelled", {}).get("fix", {}).items()}
    for wrong, right in fix.items():
        if len(wrong) != len(right):
            raise PatternError(f"{ap}: misspelled {wrong!r} -> {right!r}: not the same length")
    rp = str(patterns_dir / "rules.toml")
    terms = tuple(
        TermRule(name=t["name"], unit=t["unit"], regex=_re(t["regex"], f"{rp}: {t['name']}"))
        for t in rules.get("term", [])
    )
    excl = rules["exclude"]
    dur = rules["duration"]
    pct = rules["percent"]
    ctx = raw["context"]
    cp = str(patterns_dir / "context.toml")
    org = ctx["organizer"]
    heads = sorted(org["heads"], key=len, reverse=True)
    return Lexicon(
        patterns_dir=patterns_dir,
        raw=raw,
        units=units,
        max_unit_words=longest,
        digits=dict(num["digits"]),
        after_tens=dict(num["after_tens"]),
        multipliers=dict(num["multipliers"]),
        fractions={k: float(v) for k, v in num["fractions"].items()},
        half_word=num.get("half", "rưỡi"),
        vague_before=tuple(sorted(num.get("vague_before", []), key=len, reverse=True)),
        qual_before=dict(qual["before"]),
        qual_after=dict(qual["after"]),
        locative_units=frozenset(qual.get("locative_units", [])),
        comparative_before=frozenset(qual.get("comparative_before", [])),
        terms=terms,
        percent_signs=tuple(pct["signs"]),
        plan_before=_re(pct["plan_before"], rp),
        plan_reach_before=_re(pct["plan_reach_before"], rp),
        plan_after=_re(pct["plan_after"], rp),
        plan_free_after=_re(pct["plan_free_after"], rp),
        rate_before=_re(pct["rate_before"], rp),
        exclude_before=tuple(sorted(excl["before"], key=len, reverse=True)),
        exclude_not_after={
            k.lower(): frozenset(w.lower() for w in v) for k, v in excl.get("not_after", {}).items()
        },
        fractional_units=frozenset(w.lower() for w in excl.get("fractional_units", [])),
        exclude_before_year=tuple(sorted(excl.get("before_year", []), key=len, reverse=True)),
        name_introducers=_re(
            "(?i)"
            + word_alternation(sorted(excl.get("name_introducers", []), key=len, reverse=True), ignorecase=True)
            + r"(?:\s+[^\W\d_]+){0,3}\s*[:,]?\s*$",
            rp,
        ),
        exclude_after=_re(excl["after"], rp),
        exclude_phrase=_re("|".join(f"(?:{p})" for p in excl["phrase"]), rp),
        dur_before=_re(dur["before"], rp),
        dur_after=_re(dur["after"], rp),
        dur_exclude_after=_re(dur["exclude_after"], rp),
        dur_exclude_before=_re(dur["exclude_before"], rp),
        dur_needs_context=frozenset(dur.get("needs_context", [])),
        breakdown_marker=_re(rules["breakdown"]["marker"], rp),
        confidence={k: float(v) for k, v in rules.get("confidence", {}).items()},
        cut_markers=frozenset(m.lower() for m in bp["cut_markers"]),
        drop_lines=tuple(_re(p, str(patterns_dir / "boilerplate.toml")) for p in bp["drop_lines"]),
        byline=_re(bp["byline"], str(patterns_dir / "boilerplate.toml")),
        abbreviations=dict(abbr["expand"]),
        no_split=frozenset(abbr.get("no_split", [])),
        org_head=_re(word_alternation(heads) + r"(?![^\W\d_])", cp),
        org_continue=frozenset(org["continue_words"]),
        org_needs_name=frozenset(org.get("needs_name", [])),
        org_name_pairs=frozenset(p.lower() for p in org.get("name_pairs", [])),
        org_verbs=_re(r"\s*,?\s*" + org["verbs"], cp),  # used with .match(text, pos)
        org_by=_re(org["by"], cp),
        org_by_verbs=_re(org["by_verbs"], cp),
        org_according=_re(org["according"], cp),
        org_speech=_re(r"\s*" + org["speech_verbs"], cp) if "speech_verbs" in org else None,
        org_officer_titles=_re(org["officer_titles"], cp) if "officer_titles" in org else None,
        periods=tuple(_re(r["regex"], cp) for r in ctx["period"]["rule"]),
        period_not_after=tuple(_re(r["not_after"], cp) if "not_after" in r else None for r in ctx["period"]["rule"]),
        continuation=_re(ctx["period"]["continuation"], cp),
        period_block_before=_re(ctx["period"]["block_before"], cp),
        subject_stops=frozenset(ctx["subject"]["stop_words"]),
        subject_trailing=frozenset(ctx["subject"].get("trailing_words", [])),
        misspelled=_re(
            r"(?<![^\W\d_])(?:" + "|".join(re.escape(k) for k in sorted(fix, key=len, reverse=True)) + r")(?![^\W\d_])",
            ap,
        )
        if fix
        else None,
        misspelled_fix=fix,
        money_heads=_re(ctx["subject"]["money_heads"], cp),
        per_two_word_items=frozenset(w.lower() for w in raw["units"].get("per_two_word_items", [])),
        bare_give_context=_re(rules["money"]["bare_give_context"], rp) if "bare_give_context" in rules.get("money", {}) else None,
        bare_give_after=_re(rules["money"]["bare_give_after"], rp) if "bare_give_after" in rules.get("money", {}) else None,
        activities=_re(
            "(?i)"
            + word_alternation(sorted(ctx["activity"]["words"], key=len, reverse=True), ignorecase=True)
            + r"(?![^\W\d_])",
            cp,
        ),
    )


@lru_cache(maxsize=4)
def cached_lexicon(patterns_dir: Path) -> Lexicon:
    """``load_lexicon`` once per process and patterns directory (shared by the
    Pipeline and the spaCy component, in workers too)."""
    return load_lexicon(Path(patterns_dir).resolve())
