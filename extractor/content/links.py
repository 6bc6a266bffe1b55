"""Discovery helpers for the crawler: article links on listing pages, feed URLs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from .decode import decode_html
from .profiles import load_profiles

__all__ = ["feed_urls", "listing_links", "looks_like_article_url"]

# An article address carries a numeric id or a long slug ending in a page suffix.
_ARTICLE_PATH = re.compile(
    r"(?:\d{5,}|/\d{8}/|-[a-z]?\d{4,}[a-z]?\d*)(?:\.\w{2,5})?/?$"
    r"|/(?:[\w\u0300-\u036f%]+-){3,}[\w\u0300-\u036f%]+(?:\.(?:html?|aspx|chn|vn|php))?/?$",
    re.IGNORECASE,
)
_NOT_ARTICLE = re.compile(r"/(?:tag|tags|tim-kiem|search|video|rss|author|tac-gia)/", re.IGNORECASE)


def _root() -> Path:
    from ..config import default_patterns_dir

    return default_patterns_dir()


def _registered(host: str) -> str:
    parts = host.lower().split(".")
    if len(parts) >= 3 and parts[-1] == "vn" and parts[-2] in {"com", "org", "net", "gov", "edu"}:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def looks_like_article_url(url: str) -> bool:
    """Heuristic: does this address look like one article (not a section or tag page)?"""
    path = urlsplit(url).path
    return bool(_ARTICLE_PATH.search(path)) and not _NOT_ARTICLE.search(path)


def listing_links(
    html: str | bytes,
    url: str | None,
    *,
    patterns_dir: Path | None = None,
    same_site: bool = True,
) -> list[str]:
    """Article links on a home/section page, absolute, deduplicated, in page order.

    Uses the site profile's ``listing_links`` selectors when the host has a
    profile, plus a generic heuristic over every ``<a href>`` on the page.
    """
    text = decode_html(html).text
    tree = LexborHTMLParser(text)
    base = url or ""
    base_tag = tree.css_first("base[href]")
    if base_tag is not None and not url:
        base = base_tag.attributes.get("href") or ""
    host = (urlsplit(base).hostname or "").lower()
    profiles = load_profiles(Path(patterns_dir or _root()).resolve())
    profile = profiles.for_host(host)
    site = _registered(host) if host else None
    hrefs: list[str] = []
    if profile is not None:
        for sel in profile.listing_links:
            try:
                nodes = tree.css(sel)
            except Exception:
                continue
            for node in nodes:
                anchor = node if node.tag == "a" else None
                parent = node.parent
                while anchor is None and parent is not None:
                    if parent.tag == "a":
                        anchor = parent
                    parent = parent.parent
                if anchor is not None and anchor.attributes.get("href"):
                    hrefs.append(anchor.attributes["href"] or "")
    hrefs.extend(a.attributes.get("href") or "" for a in tree.css("a[href]"))
    out: list[str] = []
    seen: set[str] = set()
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = urljoin(base, href) if base else href
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        if same_site and site and _registered(parts.hostname) != site:
            continue
        clean = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        if clean in seen or not looks_like_article_url(clean):
            continue
        seen.add(clean)
        out.append(clean)
    return out


def feed_urls(host: str, *, patterns_dir: Path | None = None) -> list[str]:
    """RSS/Atom feed addresses the site profile lists for ``host`` (or a parent domain)."""
    host = host.lower()
    if "://" in host:
        host = urlsplit(host).hostname or ""
    if host.startswith("www."):
        host = host[4:]
    profile = load_profiles(Path(patterns_dir or _root()).resolve()).for_host(host)
    return list(profile.feeds) if profile is not None else []
