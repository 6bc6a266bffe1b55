"""Site profiles: selectors kept as data in ``patterns/sites/<host>.toml``.

A profile lists, for one site, CSS selectors for the title, publication time,
author, lead, body, blocks to drop inside the body, image captions, article
links on listing pages, and the site's feed addresses. Every field is a list:
the first selector that matches wins, so one profile covers a site's old and
new layouts. ``patterns/sites/_generic.toml`` holds the data the generic
extractor uses for every page (boilerplate markers, outlet names, ...).

Profiles are loaded once per process per patterns directory.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import PatternError

__all__ = [
    "GenericRules",
    "Profile",
    "ProfileSet",
    "load_profiles",
]

_LIST_FIELDS = (
    "hosts",
    "title",
    "published",
    "author",
    "lead",
    "body",
    "drop",
    "captions",
    "listing_links",
    "feeds",
    "title_suffixes",
)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    hosts: tuple[str, ...]
    title: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    listing_links: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    title_suffixes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GenericRules:
    """Data for the generic extractor (from ``_generic.toml``)."""

    drop: tuple[str, ...] = ()
    junk_tokens: re.Pattern[str] = re.compile(r"(?!)")
    keep_tokens: re.Pattern[str] = re.compile(r"(?!)")
    lead: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    stop_lines: tuple[str, ...] = ()  # a paragraph starting with these ends the body
    drop_lines: tuple[str, ...] = ()  # paragraphs starting with these are dropped
    outlets: frozenset[str] = frozenset()  # "Theo <outlet>" is a source, not an author


@dataclass(frozen=True, slots=True)
class ProfileSet:
    profiles: tuple[Profile, ...]
    generic: GenericRules
    _by_host: dict[str, Profile] = field(default_factory=dict)

    def for_host(self, host: str | None) -> Profile | None:
        """The profile for ``host`` or one of its parent domains."""
        if not host:
            return None
        host = host.lower().rstrip(".")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            prof = self._by_host.get(".".join(parts[i:]))
            if prof is not None:
                return prof
        return None


def _tuple(data: dict[str, object], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PatternError(f"{path}: {key!r} must be a list of strings")
    return tuple(value)


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"{path}: invalid TOML ({exc})") from None


_Trie = dict[str, "_Trie"]


def _trie(node: _Trie) -> str:
    alts = [re.escape(ch) + _trie(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _token_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """A class/id token holds one of ``words`` between separators ("box-related-news").

    Plain words are factored into a letter trie (the same matches as their
    alternation, twice as fast: pages carry thousands of class names); words
    that are patterns stay as written."""
    if not words:
        return re.compile(r"(?!)")
    plain = [w for w in words if re.fullmatch(r"[\w-]+", w)]
    root: _Trie = {}
    for w in plain:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    alts = ([_trie(root)] if plain else []) + [w for w in words if w not in plain]
    return re.compile(
        r"(?:^|[-_\s])(?:" + "|".join(alts) + r")(?:$|[-_\d\s])", re.IGNORECASE | re.MULTILINE
    )


def _load_generic(path: Path) -> GenericRules:
    if not path.exists():
        return GenericRules()
    data = _read(path)
    return GenericRules(
        drop=_tuple(data, "drop", path),
        junk_tokens=_token_regex(_tuple(data, "junk_tokens", path)),
        keep_tokens=_token_regex(_tuple(data, "keep_tokens", path)),
        lead=_tuple(data, "lead", path),
        published=_tuple(data, "published", path),
        author=_tuple(data, "author", path),
        captions=_tuple(data, "captions", path),
        stop_lines=tuple(s.lower() for s in _tuple(data, "stop_lines", path)),
        drop_lines=tuple(s.lower() for s in _tuple(data, "drop_lines", path)),
        outlets=frozenset(s.lower() for s in _tuple(data, "outlets", path)),
    )


@lru_cache(maxsize=8)
def load_profiles(patterns_dir: Path) -> ProfileSet:
    """Read every ``sites/*.toml`` under ``patterns_dir`` (cached per directory)."""
    sites = Path(patterns_dir) / "sites"
    profiles: list[Profile] = []
    by_host: dict[str, Profile] = {}
    if sites.is_dir():
        for path in sorted(sites.glob("*.toml")):
            if path.name.startswith("_"):
                continue
            data = _read(path)
            values = {k: _tuple(data, k, path) for k in _LIST_FIELDS}
            hosts = values.pop("hosts") or (path.stem,)
            prof = Profile(
                name=str(data.get("name", path.stem)),
                hosts=tuple(h.lower() for h in hosts),
                **values,
            )
            profiles.append(prof)
            for host in prof.hosts:
                if host in by_host:
                    raise PatternError(f"{path}: host {host!r} already has a profile")
                by_host[host] = prof
    generic = _load_generic(sites / "_generic.toml")
    return ProfileSet(tuple(profiles), generic, by_host)
