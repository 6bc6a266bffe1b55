"""URL helpers: scope and article-likeness. The URL normaliser, the URL identity
and the date/topic filters are the ingestion layer's (one of each for crawl,
batch and extract), re-exported here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..config import CrawlConfig
from ..ingest.steps import parse_date, topic_match
from ..ingest.urls import normalize_url, url_key

__all__ = [
    "Scope",
    "host_of",
    "looks_like_article",
    "looks_like_pagination",
    "normalize_url",
    "parse_date",
    "topic_match",
    "url_key",
]

def host_of(url: str) -> str:
    """``host[:port]`` in lower case (the unit of politeness and scope)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    return host


@dataclass(frozen=True, slots=True)
class Scope:
    """Which URLs the crawl may request: allowed hosts plus include/exclude regexes."""

    hosts: tuple[str, ...]
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, config: CrawlConfig, seeds: Iterable[str]) -> Scope:
        hosts = tuple(h.lower() for h in config.allowed_hosts) or tuple(
            sorted({host_of(s) for s in seeds})
        )
        return cls(
            hosts=hosts,
            include=tuple(re.compile(p) for p in config.include),
            exclude=tuple(re.compile(p) for p in config.exclude),
        )

    def host_allowed(self, url: str) -> bool:
        host = host_of(url)
        bare = host.split(":", 1)[0]
        for allowed in self.hosts:
            if ":" in allowed:
                if host == allowed:
                    return True
            elif bare == allowed or bare.endswith("." + allowed):
                return True
        return False

    def allows(self, url: str, *, article: bool) -> bool:
        """Host check for every URL; include/exclude patterns apply to article URLs."""
        if not self.host_allowed(url):
            return False
        if not article:
            return True
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)


_NOT_ARTICLE_SEGMENT = re.compile(
    r"^(tag|tags|tu-khoa|tim-kiem|search|chu-de|topic|topics|category|categories|danh-muc|"
    r"chuyen-muc|author|tac-gia|login|dang-nhap|dang-ky|lien-he|contact|gioi-thieu|about|"
    r"rss|feed|video|videos|photo|anh|media|podcast|event|su-kien|static|assets|files?)$",
    re.I,
)
_ARTICLE_END = re.compile(r"\.(html?|ldo|vn|chn|aspx?|php)$", re.I)
_NUMERIC_ID = re.compile(r"(?:^|[-_./a-z])\d{5,}(?:\.\w+)?$", re.I)
_BINARY_EXT = re.compile(
    r"\.(pdf|jpe?g|png|gif|webp|svg|mp[34]|avi|mov|zip|rar|gz|docx?|xlsx?|pptx?|css|js|xml|rss)$",
    re.I,
)
_PAGINATION = re.compile(
    r"(/(trang|page|p)[-/]?\d+(\.html?)?/?$)|([?&](page|trang|p|pg)=\d+)|(-p\d+\.html?$)", re.I
)


def looks_like_pagination(url: str) -> bool:
    return bool(_PAGINATION.search(url))


def looks_like_article(url: str) -> bool:
    """Heuristic for listing links: a long slug, a numeric id or an article ending;
    never tag/search/category-like paths or pagination."""
    parts = urlsplit(url)
    path = parts.path
    segments = [s for s in path.split("/") if s]
    if not segments or looks_like_pagination(url):
        return False
    if any(_NOT_ARTICLE_SEGMENT.match(s) for s in segments):
        return False
    last = segments[-1]
    if _BINARY_EXT.search(last):
        return False
    stem = _ARTICLE_END.sub("", last)
    words = [w for w in re.split(r"[-_]", stem) if w]
    if _NUMERIC_ID.search(last) and len(words) >= 2:
        return True
    if _NUMERIC_ID.search(last) and re.search(r"\d{6,}", last):
        return True
    if _ARTICLE_END.search(last) and len(words) >= 4:
        return True
    return len(words) >= 6
