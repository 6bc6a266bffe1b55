"""Page metadata: <meta> tags, JSON-LD, canonical URL, title, bylines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..textnorm import normalize_text

__all__ = [
    "PageMeta",
    "clean_author",
    "parse_byline",
    "pick_canonical",
    "pick_title",
    "read_meta",
]

_DATE_KEYS = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "og:published_time",
    "date",
    "datecreated",
)
_NEWS_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage"}


@dataclass(slots=True)
class PageMeta:
    metas: dict[str, str] = field(default_factory=dict)  # lower-cased name/property -> content
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    canonical: str | None = None

    def get(self, *keys: str) -> str | None:
        for key in keys:
            value = self.metas.get(key)
            if value and value.strip():
                return value.strip()
        return None

    def ld_value(self, key: str) -> Any:
        for obj in self.jsonld:
            value = obj.get(key)
            if value:
                return value
        return None

    def date_candidates(self) -> Iterator[str]:
        value = self.ld_value("datePublished")
        if isinstance(value, str):
            yield value
        for key in _DATE_KEYS:
            raw = self.metas.get(key)
            if raw and raw.strip():
                yield raw.strip()


def _walk_ld(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:50]:
            _walk_ld(item, out, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in _NEWS_TYPES for k in kinds):
            out.append(data)
        graph = data.get("@graph")
        if graph is not None:
            _walk_ld(graph, out, depth + 1)


def read_meta(tree: LexborHTMLParser) -> PageMeta:
    meta = PageMeta()
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if not key or content is None:
            continue
        key = key.strip().lower()
        if key not in meta.metas or not meta.metas[key].strip():
            meta.metas[key] = content
        item = attrs.get("itemprop")
        if item and item.lower() != key and item.lower() not in meta.metas:
            meta.metas[item.lower()] = content
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True)
        if not raw or len(raw) > 500_000:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        found: list[dict[str, Any]] = []
        _walk_ld(data, found)
        # NewsArticle before the WebPage wrapper
        found.sort(key=lambda d: 0 if "datePublished" in d else 1)
        meta.jsonld.extend(found)
    link = tree.css_first('link[rel="canonical"]')
    if link is not None:
        href = (link.attributes.get("href") or "").strip()
        meta.canonical = href or None
    return meta


_TRAILING_ID = re.compile(r"(\d{5,})(?:\.\w+)?/?$")


def pick_canonical(meta: PageMeta, url: str | None, html: str) -> str | None:
    """link rel=canonical or og:url; when they disagree, the one the page agrees with."""
    cands = []
    for raw in (meta.canonical, meta.get("og:url")):
        if raw and raw.startswith(("http://", "https://", "/")):
            cands.append(urljoin(url or "", raw) if raw.startswith("/") else raw)
    cands = [c for c in cands if urlsplit(c).hostname]
    if not cands:
        return url
    if len(cands) == 1 or cands[0] == cands[1]:
        return cands[0]
    canon, og = cands
    id_c, id_o = _TRAILING_ID.search(canon), _TRAILING_ID.search(og)
    if id_c and id_o and id_c.group(1) != id_o.group(1):
        if html.count(id_o.group(1)) > html.count(id_c.group(1)):
            return og
        return canon
    # same article: the longer path is the real address (the other is a share link)
    return og if len(urlsplit(og).path) > len(urlsplit(canon).path) else canon


def _squash(text: str) -> str:
    return "".join(text.split()).lower()  # (``re.sub(r"\s+", "", text)``: the same spaces)


_NON_SPACE_RUN = re.compile(r"\S+")


def _prefix_matching(full: str, squashed_len: int) -> str:
    """The shortest prefix of ``full`` holding ``squashed_len`` non-space characters
    (``full`` when it holds fewer), found a word at a time."""
    if squashed_len > 0:
        before = 0
        for m in _NON_SPACE_RUN.finditer(full):
            after = before + m.end() - m.start()
            if after >= squashed_len:
                return full[: m.start() + squashed_len - before]
            before = after
        return full
    count = 0
    for i, ch in enumerate(full):
        if not ch.isspace():
            count += 1
        if count == squashed_len:
            return full[: i + 1]
    return full


_SEPARATORS = re.compile(r"\s+[-|–—:»]\s+|\s*\|\s*")


def _strip_suffix(title: str, outlets: frozenset[str], suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if title.endswith(suffix):
            title = title[: -len(suffix)].rstrip()
    parts = _SEPARATORS.split(title)
    while len(parts) > 1:
        last = parts[-1].strip().lower()
        if (
            last.isascii()
            or last in outlets
            or any(o in last for o in ("báo", "online", "vnexpress", "tin tức", "điện tử"))
            or any(o in last for o in outlets if len(o) > 4)
        ):
            # cut the last separator and the segment after it
            idx = title.rfind(parts[-1])
            title = _SEPARATORS.sub("\x00", title[:idx]).rstrip("\x00").replace("\x00", " - ")
            parts = parts[:-1]
            continue
        break
    return title.strip()


def _node_text(node: LexborNode) -> str:
    return normalize_text(node.text(deep=True, separator=" "))


def pick_title(
    tree: LexborHTMLParser,
    meta: PageMeta,
    selectors: tuple[str, ...],
    outlets: frozenset[str],
    suffixes: tuple[str, ...],
) -> str | None:
    metas: list[str] = []
    title_node = tree.css_first("title")
    for raw in (
        meta.get("og:title"),
        meta.get("twitter:title"),
        meta.ld_value("headline") if isinstance(meta.ld_value("headline"), str) else None,
        title_node.text() if title_node is not None else None,
    ):
        if raw and raw.strip():
            metas.append(normalize_text(raw.replace("\n", " ")))
    heads: list[str] = []
    for sel in (*selectors, "h1"):
        try:
            nodes = tree.css(sel)
        except Exception:
            continue
        for node in nodes[:5]:
            text = _node_text(node)
            if 4 <= len(text) <= 400:
                heads.append(text)
        if heads and sel != "h1":
            break
    for head in heads:
        sq = _squash(head)
        for cand in metas:
            if _squash(cand).startswith(sq):
                return _prefix_matching(cand, len(sq)).strip()
    if heads:
        return heads[0]
    for cand in metas:
        title = _strip_suffix(cand, outlets, suffixes)
        if title:
            return title
    return None


_BYLINE_PREFIX = re.compile(
    r"^(?:(?:tin|bài|ảnh|clip|video|thực hiện|nhóm)"
    r"(?:\s*(?:[,\-–/&+]|và)\s*(?:tin|bài|ảnh|clip|video))*\s*[:\-–]\s*"
    r"|theo\s+|nguồn\s*:?\s*|tác giả\s*:\s*|pv\s*:\s*)",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:[-–,&/]|\bvà\b)\s*")
_DOMAIN = re.compile(r"\w\.(?:vn|com|net|org|info)\b", re.IGNORECASE)


def _name_like(text: str) -> bool:
    if not text or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if text[-1] in ".!?…:;\"”'" and not re.search(r"\b\w\.$", text):
        return False
    names = [n for n in _NAME_SPLIT.split(text) if n]
    if not names or len(names) > 4:
        return False
    for name in names:
        words = name.replace(".", ". ").split()
        if not 1 <= len(words) <= 5:
            return False
        if not all(w[0].isupper() for w in words if w[0].isalpha()):
            return False
        if not any(w[0].isalpha() for w in words):
            return False
    return True


def clean_author(raw: str, outlets: frozenset[str]) -> str | None:
    """``Theo Sầm Hoa (Vietnamnet/Reuters)`` -> ``Sầm Hoa``; outlets and URLs -> None."""
    text = normalize_text(raw).strip(" -–|,")
    if not text or text.startswith(("http://", "https://")):
        return None
    m = _BYLINE_PREFIX.match(text)
    if m:
        if m.group(0).lower().startswith("nguồn"):
            return None
        text = text[m.end() :]
    text = re.split(r"\s*[(/]", text, maxsplit=1)[0].strip(" -–|,")
    if not text or text.lower() in outlets or _DOMAIN.search(text):
        return None
    return text if _name_like(text) else None


def parse_byline(line: str, outlets: frozenset[str]) -> tuple[bool, str | None]:
    """Is this closing paragraph a byline / source line? And whose name does it give?"""
    if len(line) > 80:
        return False, None
    m = _BYLINE_PREFIX.match(line)
    if m:
        prefix = m.group(0).lower()
        rest = line[m.end() :]
        if prefix.startswith("nguồn"):
            return (len(rest) < 80), None
        if prefix.startswith("theo"):
            name = clean_author(line, outlets)
            base = re.sub(r"\s*\([^)]*\)\s*$", "", rest).strip()
            if name is None and (base.lower() in outlets or _DOMAIN.search(base) or _name_like(base)):
                return True, None
            return (name is not None), name
        name = clean_author(line, outlets)
        return (name is not None), name
    if _name_like(line):
        return True, line
    return False, None
