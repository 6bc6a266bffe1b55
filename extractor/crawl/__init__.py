"""A polite, resumable crawler: seeds (home, listing, RSS/Atom, sitemaps) ->
article pages -> the page loop (``extractor.ingest``, under the page budget) ->
records, with a WARC archive of every response and crawl state in SQLite."""

from __future__ import annotations

from .crawler import Crawler, CrawlEvent, CrawlSummary
from .discover import Link, discover, listing_links, parse_feed, parse_sitemap
from .fetch import Fetcher, FetchResult, RobotsRules
from .state import CrawlState
from .urls import Scope, looks_like_article, normalize_url
from .warc import WarcArchive, records_from_warc, warc_files

__all__ = [
    "CrawlEvent",
    "CrawlState",
    "CrawlSummary",
    "Crawler",
    "FetchResult",
    "Fetcher",
    "Link",
    "RobotsRules",
    "Scope",
    "WarcArchive",
    "discover",
    "listing_links",
    "looks_like_article",
    "normalize_url",
    "parse_feed",
    "parse_sitemap",
    "records_from_warc",
    "warc_files",
]
