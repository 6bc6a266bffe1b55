"""Main-content extraction from HTML with selectolax (Lexbor).

``extract_content`` reduces a page to the article: title, publication time,
author, site, canonical URL, lead and body text (one paragraph per line,
normalised, without the title). Pages that are not articles come back as a
``Rejection`` with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..config import ContentConfig, default_patterns_dir
from ..models import Rejection, RejectReason
from ..textnorm import normalize_text
from .body import Para, drop_boilerplate, drop_invisible, find_body, render_paragraphs
from .bounds import bound_html
from .dates import find_dateline, parse_machine_date, reconcile
from .decode import DecodedHtml, decode_html, mojibake_score
from .meta import PageMeta, clean_author, parse_byline, pick_canonical, pick_title, read_meta
from .profiles import GenericRules, ProfileSet, load_profiles

__all__ = ["CAPTION_MARK", "Content", "extract_content", "profiles_for", "site_of"]

CAPTION_MARK = "[caption] "


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


_DEFAULT_DIR = default_patterns_dir()


def profiles_for(config: ContentConfig | None = None, patterns_dir: Path | None = None) -> ProfileSet:
    """The profile set for a config (loaded once per patterns directory)."""
    cfg_dir = config.patterns_dir if config is not None else None
    return _profiles_at(patterns_dir or cfg_dir or _DEFAULT_DIR)


@lru_cache(maxsize=32)
def _profiles_at(patterns_dir: Path | str) -> ProfileSet:
    # Path() and the load_profiles cache key, once per directory object
    return load_profiles(Path(patterns_dir))


def site_of(url: str | None) -> str | None:
    """The outlet of a URL: its host without ``www.``, ``m.`` or ``amp.``
    (``https://m.baohaiduong.vn/...`` -> ``baohaiduong.vn``)."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host or None


_VI_CHARS = frozenset(
    "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)


_VI_RX = re.compile("[" + "".join(sorted(_VI_CHARS)) + "]")
_LETTERS = re.compile(r"[^\W\d_]")


def vietnamese_ratio(text: str) -> float:
    """Share of letters that only Vietnamese writes (about 0.2-0.3 in Vietnamese prose)."""
    sample = text[:5000].lower()
    letters = len(_LETTERS.findall(sample))
    vi = len(_VI_RX.findall(sample))
    return vi / letters if letters else 0.0


def _is_vietnamese(text: str, threshold: float) -> bool:
    """``vietnamese_ratio(text) >= threshold``, usually without counting every letter:
    a sample has no more letters than characters, so enough Vietnamese letters among
    the first ones settle it."""
    sample = text[:5000].lower()
    need = int(threshold * len(sample)) + 1
    if _at_least(need).match(sample):
        return True
    return vietnamese_ratio(text) >= threshold


@lru_cache(maxsize=512)
def _at_least(n: int) -> re.Pattern[str]:
    """Matches a text holding ``n`` letters that only Vietnamese writes (in one C call)."""
    vi = _VI_RX.pattern
    return re.compile(f"(?:[^{vi[1:-1]}]*+{vi}){{{n}}}")


def _first_text(root: LexborNode | LexborHTMLParser, selectors: tuple[str, ...], limit: int = 1) -> list[str]:
    out: list[str] = []
    for sel in selectors:
        try:
            nodes = root.css(sel)
        except Exception:
            continue
        for node in nodes:
            text = normalize_text(node.text(deep=True, separator=" "))
            if text:
                out.append(text)
                if len(out) >= limit:
                    return out
    return out


def _lower_starts(text: str, prefixes: tuple[str, ...]) -> bool:
    return text.lower().startswith(tuple(prefixes))


_WS = re.compile(r"\s+")
_TERMINAL = re.compile(r"[.!?…:;\"”'»)]$")


def _clean_paragraphs(paras: list[Para], rules: GenericRules) -> list[Para]:
    out: list[Para] = []
    seen: set[str] = set()
    in_teasers = False
    for para in paras:
        text = para.text
        short = len(text) < 160
        if short and len(text) < 60 and _lower_starts(text, rules.stop_lines):
            in_teasers = True
            continue
        if in_teasers:
            if para.link_ratio >= 0.5 or (len(text) < 150 and not _TERMINAL.search(text)):
                continue
            in_teasers = False
        if short and _lower_starts(text, rules.drop_lines):
            continue
        if para.link_ratio >= 0.6 and not para.caption:
            continue
        key = text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(para)
    return out


def _split_byline(paras: list[Para], rules: GenericRules) -> tuple[list[Para], str | None]:
    """Strip byline / source lines at the end; return the first author name among them."""
    authors: list[str] = []
    end = len(paras)
    while end > 0 and len(paras) - end < 4:
        para = paras[end - 1]
        if para.caption:
            end -= 1
            continue
        is_byline, name = parse_byline(para.text, rules.outlets)
        if not is_byline:
            break
        if name:
            authors.append(name)
        end -= 1
    if end == len(paras) or end == 0:
        return paras, None
    kept = paras[:end] + [p for p in paras[end:] if p.caption]
    return kept, (authors[-1] if authors else None)


def _find_lead(
    root: LexborHTMLParser, selectors: tuple[str, ...], rules: GenericRules
) -> list[str]:
    """The sapo / lead paragraph(s), cleaned like the body ('>>' links go)."""
    for sel in selectors:
        try:
            nodes = root.css(sel)
        except Exception:
            continue
        for node in nodes[:3]:
            paras = _clean_paragraphs(render_paragraphs(node, []), rules)
            lines = [p.text for p in paras]
            if 20 <= sum(len(x) for x in lines) <= 2000:
                return lines
    return []


def _published(
    tree: LexborHTMLParser,
    container: LexborNode,
    meta: PageMeta,
    profile_dates: list[str],
    rules: GenericRules,
) -> str | None:
    machine = None
    for raw in meta.date_candidates():
        machine = parse_machine_date(raw)
        if machine is not None:
            break
    if machine is None:
        for node in tree.css("time[datetime]")[:3]:
            machine = parse_machine_date(node.attributes.get("datetime"))
            if machine is not None:
                break
    visible = find_dateline(profile_dates)
    if visible is None:
        # nearest first: the body's own ancestors hold the article's dateline,
        # the rest of the page holds other articles' dates
        scope: LexborNode | None = container
        for _ in range(4):
            if scope is None:
                break
            snippets = [s for s in _first_text(scope, rules.published, limit=8) if len(s) <= 200]
            visible = find_dateline(snippets)
            if visible is not None:
                break
            scope = scope.parent
        if visible is None:
            snippets = [s for s in _first_text(tree, rules.published, limit=12) if len(s) <= 200]
            visible = find_dateline(snippets)
    return reconcile(machine, visible)


def _sibling_byline(container: LexborNode, rules: GenericRules) -> str | None:
    """A short right-aligned name right after the body block (old CMS layouts)."""
    node = container.next
    for _ in range(4):
        if node is None:
            return None
        if node.is_element_node:
            text = normalize_text(node.text(deep=True, separator=" "))
            if text:
                return clean_author(text, rules.outlets) if len(text) <= 60 else None
        node = node.next
    return None


def _author(
    tree: LexborHTMLParser,
    container: LexborNode,
    meta: PageMeta,
    profile_authors: list[str],
    rules: GenericRules,
    byline: str | None,
) -> str | None:
    for text in profile_authors:
        name = clean_author(text, rules.outlets)
        if name:
            return name
    if byline:
        return byline
    sibling = _sibling_byline(container, rules)
    if sibling:
        return sibling
    ld = meta.ld_value("author")
    names: list[str] = []
    for item in ld if isinstance(ld, list) else [ld]:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
        elif isinstance(item, str):
            names.append(item)
    raw_meta = meta.get("author", "article:author", "dc.creator")
    if raw_meta:
        names.append(raw_meta)
    for raw in names:
        name = clean_author(raw, rules.outlets)
        if name:
            return name
    for text in _first_text(tree, rules.author, limit=3):
        name = clean_author(text, rules.outlets)
        if name:
            return name
    return None


def _parser_input(html: str | bytes, decoded: DecodedHtml) -> str | bytes:
    """What Lexbor parses: the page with depth and attributes capped. A UTF-8 page
    that needed nothing goes in as its own bytes: they are exactly what Lexbor would
    get from the decoded text, without encoding it back (a sixth of the parse time)."""
    bounded = bound_html(decoded.text)
    if (
        bounded is decoded.text
        and isinstance(html, bytes)
        and decoded.encoding == "utf-8"
        and not decoded.mojibake_repaired
        and not html.startswith(b"\xef\xbb\xbf")
        and "\ufffd" not in decoded.text  # not decoded with replacements
    ):
        return html
    return bounded


def extract_content(
    html: str | bytes,
    url: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    config: ContentConfig | None = None,
) -> Content | Rejection:
    """Reduce one HTML page to its article, or say why there is none."""
    cfg = config or ContentConfig()
    if len(html) > cfg.max_bytes:
        return Rejection(RejectReason.TOO_LARGE, f"page larger than {cfg.max_bytes} bytes", url=url)
    decoded = decode_html(html, headers)
    if not decoded.text or decoded.text.isspace():  # (no copy of the page, as strip() made)
        return Rejection(RejectReason.EMPTY, "empty page", url=url)
    tree = LexborHTMLParser(_parser_input(html, decoded))
    profiles = profiles_for(cfg)
    rules = profiles.generic
    meta = read_meta(tree)
    canonical = pick_canonical(meta, url, decoded.text)
    site = site_of(url) or site_of(canonical)
    profile = profiles.for_host(site)

    drop_invisible(tree, rules)
    # Metadata the profile locates is read before boilerplate goes (a site's
    # header block may hold title, time and author and be dropped as a whole).
    title = pick_title(
        tree,
        meta,
        profile.title if profile else (),
        rules.outlets,
        profile.title_suffixes if profile else (),
    )
    profile_dates = _first_text(tree, profile.published, limit=3) if profile else []
    profile_authors = _first_text(tree, profile.author, limit=2) if profile else []
    lead_lines = _find_lead(tree, profile.lead, rules) if profile else []
    drop_boilerplate(tree, profile, rules)
    container = find_body(tree, profile, cfg.min_body_chars)
    if container is None:
        return Rejection(RejectReason.NOT_ARTICLE, "no article body found", url=url)
    caption_sels = list(rules.captions) + list(profile.captions if profile else ())
    paras = _clean_paragraphs(render_paragraphs(container, caption_sels), rules)
    # the title repeated inside the body container is not body text
    if title:
        paras = [p for p in paras if p.text != title]
    paras, byline = _split_byline(paras, rules)
    if not lead_lines:
        lead_lines = _find_lead(tree, rules.lead, rules)
    if not lead_lines and paras:
        # lead inside the body block: the page description, or a long heading first
        first = paras[0]
        desc = normalize_text(meta.get("og:description", "description") or "")
        if (desc and first.text.startswith(desc[:50])) or (first.heading and len(first.text) >= 100):
            lead_lines = [first.text]
    if lead_lines:
        # The lead belongs in the text (it carries figures), once, first.
        lead_set = set(lead_lines)
        paras = [p for p in paras if p.text not in lead_set]
    lead = "\n".join(lead_lines) or None
    lines: list[str] = list(lead_lines)
    for para in paras:
        if para.caption:
            if cfg.captions == "drop":
                continue
            if cfg.captions == "mark":
                lines.append(CAPTION_MARK + para.text)
                continue
        lines.append(para.text)
    # every line is normalised already (render_paragraphs) and normalize_text works
    # line by line: the joined text is its own normal form (tests/content checks it)
    text = "\n".join(lines)
    body_chars = sum(len(p.text) for p in paras if not p.caption)
    if body_chars < cfg.min_body_chars:
        return Rejection(RejectReason.NOT_ARTICLE, "no article body found", url=url)
    listing = _looks_like_listing(tree, meta, paras, canonical or url)
    if listing:
        return Rejection(RejectReason.NOT_ARTICLE, listing, url=url)
    if mojibake_score(text) > max(3, len(text) // 400):
        return Rejection(RejectReason.MOJIBAKE, "text is mojibake (wrong charset)", url=url)
    if cfg.require_vietnamese and not _is_vietnamese(text, 0.05):
        return Rejection(RejectReason.NOT_VIETNAMESE, "body text is not Vietnamese", url=url)
    extra = {"encoding": decoded.encoding}
    if decoded.mojibake_repaired:
        extra["mojibake_repaired"] = "true"
    if profile is not None:
        extra["profile"] = profile.name
    return Content(
        text=text,
        title=title,
        published=_published(tree, container, meta, profile_dates, rules),
        author=_author(tree, container, meta, profile_authors, rules, byline),
        site=site,
        url=canonical,
        lead=lead,
        extra=extra,
    )


def _looks_like_listing(
    tree: LexborHTMLParser, meta: PageMeta, paras: list[Para], url: str | None
) -> str | None:
    """A home page or section listing: many headline links, little running text."""
    path = urlsplit(url).path if url else None
    if path in ("", "/") and (meta.get("og:type") or "website") == "website":
        return "home page, not an article"
    long_paras = [p for p in paras if len(p.text) >= 120 and p.link_ratio < 0.3]
    if len(long_paras) >= 3:
        return None
    if meta.get("og:type") == "article" or meta.ld_value("datePublished"):
        return None
    headline_links = len(tree.css("h2 a, h3 a, h4 a"))
    if headline_links >= 15:
        return f"listing page ({headline_links} headline links, little text)"
    return None
