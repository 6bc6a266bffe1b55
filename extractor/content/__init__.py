"""Page -> main content: body text (one paragraph per line) and metadata.

``extract_content`` is the only entry point the rest of the package uses;
``listing_links`` and ``feed_urls`` serve the crawler's discovery.
"""

from __future__ import annotations

from .base import CAPTION_MARK, Content, extract_content, site_of
from .links import feed_urls, listing_links, looks_like_article_url

__all__ = [
    "CAPTION_MARK",
    "Content",
    "extract_content",
    "feed_urls",
    "listing_links",
    "looks_like_article_url",
    "site_of",
]
