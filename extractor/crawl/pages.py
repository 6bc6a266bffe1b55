"""Turning a fetched (or archived) HTTP response into a ``Page``, and the filters
applied to the resulting Article. Shared by the live crawl and WARC re-processing
so both give the same records for the same bytes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..config import CrawlConfig
from ..models import Article, Page
from .urls import parse_date, topic_match

__all__ = ["article_filter", "effective_content_type", "make_page"]

_SINGLE_BYTE_WESTERN = {
    "iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1", "iso_8859-1",
    "windows-1252", "cp1252", "us-ascii", "ascii",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def effective_content_type(content_type: str, body: bytes) -> str:
    """The Content-Type to decode ``body`` with, correcting a wrong or missing charset.

    Vietnamese sites often declare ISO-8859-1/Windows-1252 (server defaults) while
    sending UTF-8; text decoded that way is mojibake. A body that is valid UTF-8 with
    non-ASCII bytes is UTF-8 whatever the header says. With no charset in the header,
    a ``<meta charset>`` in the page is used.
    """
    mime = content_type.split(";", 1)[0].strip().lower() or "text/html"
    declared = None
    if "charset=" in content_type.lower():
        declared = content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    if declared is None:
        m = _META_CHARSET.search(body[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
    if (declared is None or declared in _SINGLE_BYTE_WESTERN) and not body.isascii() and _is_utf8(
        body
    ):
        declared = "utf-8"
    return f"{mime}; charset={declared}" if declared else mime


def make_page(
    url: str,
    status: int | None,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    *,
    fetched_at: str | None,
    source: str = "crawl",
    source_ref: str | None = None,
) -> Page:
    hdrs = {k.lower(): v for k, v in headers}
    return Page(
        content=body,
        url=url,
        headers=hdrs,
        status=status,
        source=source,
        source_ref=source_ref,
        fetched_at=fetched_at,
        content_type=effective_content_type(hdrs.get("content-type", ""), body),
    )


def article_filter(article: Article, config: CrawlConfig) -> str | None:
    """Why a fetched article is out of the crawl's scope (``--since``, topic), or None."""
    if config.since:
        since = parse_date(config.since)
        published = parse_date(article.published)
        if since and published and published < since:
            return "before_since"
    if config.topic_filter and not topic_match(
        (article.url, article.title, article.text[:2000]), config.topic_keywords
    ):
        return "off_topic"
    return None
