"""Link discovery from feeds, sitemaps and listing pages.

Each parser takes the bytes of one page and returns ``Link`` values; none of them
fetches anything. Scope and filters are applied by the crawler.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Literal

from selectolax.lexbor import LexborHTMLParser

from .urls import looks_like_article, looks_like_pagination, normalize_url, parse_date

__all__ = [
    "Discovered",
    "Link",
    "PageKind",
    "discover",
    "gunzip_limited",
    "listing_links",
    "parse_feed",
    "parse_sitemap",
    "sniff_kind",
]

PageKind = Literal["feed", "sitemap", "html", "other"]


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    kind: Literal["article", "listing", "feed", "sitemap"]
    date: str | None = None  # ISO 8601 (UTC) from a feed entry or sitemap <lastmod>
    title: str | None = None  # anchor text or feed entry title + summary


@dataclass(slots=True)
class Discovered:
    kind: PageKind
    links: list[Link]


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Decompress a gzip body (e.g. ``sitemap.xml.gz``) to at most ``limit`` bytes."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        out = fh.read(limit + 1)
    if len(out) > limit:
        raise ValueError(f"decompressed body exceeds {limit} bytes")
    return out


def sniff_kind(body: bytes, content_type: str = "") -> PageKind:
    head = body[:2048].lstrip().lower()
    ctype = content_type.lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if "html" in ctype or head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    if "xml" in ctype and (b"<urlset" in body[:65536] or b"<sitemapindex" in body[:65536]):
        return "sitemap"
    return "other"


def _iso(dt_text: str | None) -> str | None:
    dt = parse_date(dt_text)
    return dt.isoformat() if dt else None


def parse_feed(body: bytes, base: str) -> list[Link]:
    """RSS 0.9x/2.0, RSS 1.0 and Atom entries -> article links with date and title."""
    import feedparser

    parsed = feedparser.parse(body)
    links: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("link") or entry.get("id")
        url = normalize_url(str(href), base) if href else None
        if url is None:
            continue
        date = None
        for key in ("published_parsed", "updated_parsed"):
            st = entry.get(key)
            if st:
                y, mo, d, h, mi, sec = (int(x) for x in st[:6])
                date = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{sec:02d}+00:00"
                break
        summary = re.sub(r"<[^>]+>", " ", str(entry.get("summary", "")))
        title = " ".join(t for t in (str(entry.get("title", "")), summary) if t).strip()
        links.append(Link(url, "article", date, title or None))
    return links


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_sitemap(body: bytes, base: str) -> list[Link]:
    """``<sitemapindex>`` -> sitemap links; ``<urlset>`` -> article links (with lastmod)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return []
    child_kind: Literal["sitemap", "article"] = (
        "sitemap" if _local(root.tag) == "sitemapindex" else "article"
    )
    links: list[Link] = []
    for node in root:
        if _local(node.tag) not in ("sitemap", "url"):
            continue
        loc = lastmod = title = None
        for child in node.iter():
            name = _local(child.tag)
            text = (child.text or "").strip()
            if name == "loc" and loc is None:
                loc = text
            elif name in ("lastmod", "publication_date") and text:
                lastmod = lastmod or text
            elif name == "title" and text:
                title = text  # Google News sitemap <news:title>
        url = normalize_url(loc, base) if loc else None
        if url:
            links.append(Link(url, child_kind, _iso(lastmod), title))
    return links


def listing_links(body: bytes | str, base: str) -> list[Link]:
    """Article-like and pagination links of a home or listing page (same host only;
    the crawler checks scope again)."""
    tree = LexborHTMLParser(body if isinstance(body, str) else body.decode("utf-8", "replace"))
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        href = base_node.attributes.get("href")
        base = normalize_url(href, base) or base if href else base
    base_host = normalize_url(base)
    from .urls import host_of

    host = host_of(base_host) if base_host else ""
    seen: set[str] = set()
    links: list[Link] = []
    for node in tree.css("a[href], link[rel='next'][href]"):
        href = node.attributes.get("href")
        if not href:
            continue
        url = normalize_url(href, base)
        if url is None or url in seen or host_of(url) != host:
            continue
        rel = (node.attributes.get("rel") or "").lower()
        if rel == "next" or looks_like_pagination(url):
            seen.add(url)
            links.append(Link(url, "listing"))
        elif looks_like_article(url):
            seen.add(url)
            text = node.text(separator=" ", strip=True) if node.tag == "a" else ""
            title = text or node.attributes.get("title") or None
            links.append(Link(url, "article", None, title))
    return links


def discover(body: bytes, url: str, content_type: str, *, max_bytes: int) -> Discovered:
    """Sniff what the page is and return the links it offers."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip_limited(body, max_bytes)
        except (OSError, EOFError, ValueError):
            return Discovered("other", [])
    kind = sniff_kind(body, content_type)
    if kind == "sitemap":
        return Discovered(kind, parse_sitemap(body, url))
    if kind == "feed":
        return Discovered(kind, parse_feed(body, url))
    if kind == "html":
        return Discovered(kind, listing_links(body, url))
    return Discovered(kind, [])
