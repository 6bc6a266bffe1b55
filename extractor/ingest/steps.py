"""The filters of the page loop, as steps around ``Pipeline.process``.

Before the pipeline (Page -> Page or Rejection): HTTP status, what a crawl
archived the page as, HTML-only for HTTP responses (a ``robots.txt``, a feed or
an image in a WARC is not an article), the size cap, and decoding (the page is
decoded once here; a page still garbled after every reading is a ``mojibake``
rejection, and one in a legacy encoding reaches the pipeline as UTF-8).

After it (Article -> Article or Rejection): the fields the input supplied
(title, published, province, author win over what the page shows), the
language (text inputs too: not Vietnamese is rejected), and the crawl's scope
filters (``--since``, ``--topic``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..config import Config
from ..models import Article, Page, Rejection, RejectReason, figure_year
from ..textnorm import fold_diacritics, looks_binary

__all__ = ["HTML_TYPES", "Steps", "parse_date", "topic_match"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
_VN = timezone(timedelta(hours=7))


def parse_date(value: str | None) -> datetime | None:
    """ISO 8601, RFC 2822 or a bare date; naive values are Vietnam time (+07:00)."""
    if not value:
        return None
    value = value.strip()
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_VN)
    return dt.astimezone(UTC)


def topic_match(texts: Iterable[str | None], keywords: Iterable[str]) -> bool:
    """True when a folded keyword occurs in any of the texts (URLs count: '-' is a space)."""
    hay = " ".join(re.sub(r"[-_/.+]+", " ", fold_diacritics(t).lower()) for t in texts if t)
    hay = f" {hay} "
    return any(f" {k} " in hay or (len(k) > 6 and k in hay) for k in keywords)


def _mime(page: Page) -> str:
    ctype = page.content_type or page.headers.get("content-type", "")
    return ctype.split(";", 1)[0].strip().lower()


def _declared(ctype: str) -> str | None:
    if "charset=" not in ctype.lower():
        return None
    return ctype.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'") or None


def _is_html(page: Page) -> bool:
    """The pipeline's own rule for choosing the HTML path."""
    ctype = page.content_type or page.headers.get("content-type", "")
    return "html" in ctype or (not ctype and page.content.lstrip()[:1] == b"<")


class Steps:
    """The filters for one configuration."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.max_bytes = config.content.max_bytes
        crawl = config.crawl
        self.since = parse_date(crawl.since) if crawl.since else None
        self.topic = crawl.topic_keywords if crawl.topic_filter else None

    # -- before the pipeline -----------------------------------------------
    def before(self, page: Page) -> Page | Rejection:
        ref, url = page.source_ref or page.url, page.url
        if page.status is not None and not 200 <= page.status < 300:
            return Rejection(RejectReason.HTTP_ERROR, f"HTTP {page.status}", ref, url)
        kind = page.meta.get("crawl_kind")
        if kind and kind != "article":
            return Rejection(RejectReason.NOT_ARTICLE, f"archived by the crawl as {kind}", ref, url)
        if page.status is not None:  # an HTTP response: only HTML pages are articles
            if url and urlsplit(url).path.lower() == "/robots.txt":
                return Rejection(RejectReason.NOT_ARTICLE, "robots.txt", ref, url)
            mime = _mime(page)
            if mime and mime not in HTML_TYPES:
                return Rejection(RejectReason.NOT_HTML, f"content type {mime}", ref, url)
            if not mime and page.content.lstrip()[:1] != b"<":
                return Rejection(RejectReason.NOT_HTML, "no content type, not HTML", ref, url)
        if len(page.content) > self.max_bytes:
            return Rejection(RejectReason.TOO_LARGE, f"more than {self.max_bytes} bytes", ref, url)
        return self.decode(page)

    def decode(self, page: Page) -> Page | Rejection:
        """Decode once; hand the pipeline UTF-8, or reject what stays garbled."""
        data = page.content
        if not data.strip() or looks_binary(data):
            return page  # the pipeline says empty / binary
        from ..content.decode import decode_html, decode_text

        ref, url = page.source_ref or page.url, page.url
        ctype = page.content_type or page.headers.get("content-type", "")
        if _is_html(page):
            html = decode_html(data, dict(page.headers) or {"content-type": ctype})
            if html.garbled:
                return Rejection(RejectReason.MOJIBAKE, html.garbled, ref, url)
            if html.encoding == "utf-8" and not html.mojibake_repaired:
                return page
            new_type = "text/html; charset=utf-8"
            text = html.text
        else:
            plain = decode_text(data, _declared(ctype))
            if plain.garbled and plain.encoding:
                return Rejection(RejectReason.MOJIBAKE, plain.garbled, ref, url)
            if not plain.encoding or (plain.encoding == "utf-8" and not plain.mojibake_repaired):
                return page
            new_type = "text/plain; charset=utf-8"
            text = plain.text
        headers = {k: v for k, v in page.headers.items() if k.lower() != "content-type"}
        headers["content-type"] = new_type
        return replace(page, content=text.encode("utf-8"), content_type=new_type, headers=headers)

    # -- after the pipeline ----------------------------------------------------
    def after(self, article: Article, page: Page) -> Article | Rejection:
        ref, url = page.source_ref or page.url, article.url or page.url
        if page.meta:
            self.supply(article, page.meta)
        if self.config.content.require_vietnamese:
            from ..content.base import vietnamese_ratio

            if vietnamese_ratio(article.text) < 0.05:
                return Rejection(RejectReason.NOT_VIETNAMESE, "text is not Vietnamese", ref, url)
        if self.since is not None:
            published = parse_date(article.published)
            if published is not None and published < self.since:
                return Rejection(
                    RejectReason.BEFORE_SINCE, f"published {article.published}", ref, url
                )
        if self.topic is not None and not topic_match(
            (article.url, article.title, article.text[:2000]), self.topic
        ):
            return Rejection(RejectReason.OFF_TOPIC, "no union/labour keyword", ref, url)
        return article

    def supply(self, article: Article, meta: Mapping[str, str]) -> None:
        """The input's own title, date, author and province win over the page's."""
        get = meta.get
        if title := get("title"):
            article.title = title
        if author := get("author"):
            article.author = author
        published = get("published")
        if published and not (len(published) == 10 and (article.published or "")[:10] == published):
            # (a supplied day the page gives to the minute keeps the page's time)
            article.published = published
            for fig in article.figures:
                fig.year = figure_year(fig.period, article.published)
        if province := get("province"):
            from ..entities import canonical_province, province_2025

            pdir = self.config.patterns_dir
            name = canonical_province(province, patterns_dir=pdir) or province
            detected = article.province
            article.province = name
            article.province_2025 = province_2025(name, patterns_dir=pdir)
            for fig in article.figures:
                # figures that took the article's province take the supplied one
                if fig.province is None or fig.province == detected:
                    fig.province = name
