"""Main-content extraction from HTML with selectolax (minimal generic version)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from ..config import ContentConfig
from ..models import Rejection, RejectReason
from ..textnorm import decode_bytes, normalize_text

__all__ = ["Content", "extract_content"]


@dataclass(slots=True)
class Content:
    """What the content stage hands on: clean body text plus metadata."""

    text: str  # normalised, one paragraph per line, title not included
    title: str | None = None
    published: str | None = None  # ISO 8601 with +07:00
    author: str | None = None
    site: str | None = None
    url: str | None = None  # canonical URL when the page states one
    lead: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


_DROP = "script, style, noscript, nav, footer, header, aside, form, iframe, svg"


def extract_content(
    html: str | bytes,
    url: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    config: ContentConfig | None = None,
) -> Content | Rejection:
    cfg = config or ContentConfig()
    if isinstance(html, bytes):
        html, _ = decode_bytes(html)
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("meta[property='og:title']")
    title = title_node.attributes.get("content") if title_node else None
    if not title:
        t = tree.css_first("title")
        title = t.text(strip=True) if t else None
    for node in tree.css(_DROP):
        node.decompose()
    paras = [p.text(separator=" ", strip=True) for p in tree.css("p")]
    text = normalize_text("\n".join(p for p in paras if p))
    if len(text) < cfg.min_body_chars:
        return Rejection(RejectReason.NOT_ARTICLE, "no article body found", url=url)
    return Content(text=text, title=normalize_text(title) if title else None, url=url)
