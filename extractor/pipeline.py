"""The pipeline: Page -> Content -> Article (with figures).

A ``Pipeline`` owns the loaded resources (pattern data, the word tagger) and
loads them lazily, once per process. It pickles as its config only, so worker
processes rebuild it. ``Pipeline.nlp`` is the same figure finder as a spaCy
``Language`` (built on first use only: the pipeline itself never needs spaCy).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .attributes import ArticleMeta
from .config import Config
from .content import Content, extract_content, site_of
from .content.dates import month_from_url, published_from_url
from .models import Article, Page, Rejection, RejectReason, figure_year, make_article_id
from .textnorm import decode_bytes, looks_binary, repair_mojibake

if TYPE_CHECKING:
    from spacy.language import Language

    from .lexicon import Lexicon

__all__ = ["Pipeline"]


class Pipeline:
    """Turns pages, HTML or plain text into Articles with grounded figures."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._lexicon: Lexicon | None = None
        self._nlp: Language | None = None

    # -- pickling: ship the config only; resources reload lazily in the worker
    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            from .lexicon import cached_lexicon

            self._lexicon = cached_lexicon(self.config.patterns_dir)
        return self._lexicon

    @property
    def nlp(self) -> Language:
        """The package's spaCy pipeline (``union_figures`` + ``union_context``)."""
        if self._nlp is None:
            from .nlp.pipeline import build_nlp

            self._nlp = build_nlp(self.config, self.lexicon)
        return self._nlp

    # -- stages -------------------------------------------------------------
    def content_from_text(self, raw: str, url: str | None = None) -> Content:
        from .textclean import text_to_content

        return text_to_content(raw, self.lexicon, url=url)

    def content_from_html(
        self, html: str | bytes, url: str | None = None, headers: dict[str, str] | None = None
    ) -> Content | Rejection:
        content_cfg = self.config.content
        if content_cfg.patterns_dir is None:
            content_cfg = replace(content_cfg, patterns_dir=self.config.patterns_dir)
        return extract_content(html, url, headers=headers, config=content_cfg)

    def article_from_content(
        self,
        content: Content,
        *,
        url: str | None = None,
        source: str | None = None,
        source_kind: str = "file",
        fetched_at: str | None = None,
    ) -> Article:
        """Content -> Article: figures, their subjects refined by the word tagger,
        then article context (province, people) and each figure's year.

        The stages are called directly on the text: no spaCy ``Doc`` is built here
        (``self.nlp`` is the same finder as a spaCy pipeline, for users)."""
        from .context import annotate_article
        from .figures import find_figures

        canonical = content.url or url
        published = content.published or published_from_url(canonical) or published_from_url(url)
        article = Article(
            article_id=make_article_id(canonical, content.text),
            text=content.text,
            url=canonical,
            site=content.site or site_of(canonical),
            title=content.title,
            published=published,
            author=content.author,
            fetched_at=fetched_at,
            source=source if source is not None else canonical,
            source_kind=source_kind,
        )
        hint = content.extra.get("date_hint") or month_from_url(canonical) or month_from_url(url)
        meta = ArticleMeta(title=content.title, published=published, date_hint=hint)
        article.figures = find_figures(content.text, self.lexicon, meta)
        if self.config.nlp.enabled:
            from .nlp.tagging import refine_subjects

            refine_subjects(article.figures, content.text, self.config.nlp.segmenter, self.lexicon.subject_trailing)
        annotate_article(article, self.lexicon)
        for fig in article.figures:
            fig.year = figure_year(fig.period, article.published)
        return article

    # -- entry points -------------------------------------------------------
    def process(self, page: Page) -> Article | Rejection:
        """Page -> Article, or a Rejection saying why there is no article."""
        ref = page.source_ref or page.url
        data = page.content
        if not data or not data.strip():
            return Rejection(RejectReason.EMPTY, "empty input", source=ref, url=page.url)
        if looks_binary(data):
            return Rejection(
                RejectReason.BINARY, "binary content, not text", source=ref, url=page.url
            )
        declared = None
        ctype = page.content_type or page.headers.get("content-type", "")
        if "charset=" in ctype:
            declared = ctype.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
        is_html = "html" in ctype or (not ctype and data.lstrip()[:1] == b"<")
        if is_html:
            result = self.content_from_html(data, page.url, dict(page.headers))
            if isinstance(result, Rejection):
                return Rejection(result.reason, result.detail, source=ref, url=page.url)
            content = result
        else:
            try:
                raw, _ = decode_bytes(data, declared)
            except UnicodeDecodeError:
                return Rejection(
                    RejectReason.UNDECODABLE, "no text encoding fits", source=ref, url=page.url
                )
            raw, _ = repair_mojibake(raw)
            content = self.content_from_text(raw, page.url)
            if not content.text.strip():
                return Rejection(RejectReason.EMPTY, "no text left", source=ref, url=page.url)
        content = _with_supplied(content, page.meta)
        return self.article_from_content(
            content,
            url=page.url,
            source=ref,
            source_kind=page.source,
            fetched_at=page.fetched_at,
        )

    def extract_text(self, text: str, url: str | None = None) -> Article:
        return self.article_from_content(self.content_from_text(text, url), url=url, source=url)

    def extract_html(self, html: str | bytes, url: str | None = None) -> Article | Rejection:
        result = self.content_from_html(html, url)
        if isinstance(result, Rejection):
            return result
        return self.article_from_content(result, url=url, source=url)


def _with_supplied(content: Content, meta: Mapping[str, str]) -> Content:
    """The input's own title and date (a JSON/JSONL field, ``Page.meta``) win over what
    the page shows, before figures are read: the attribute stage dates and credits
    figures from them. A supplied day that the page gives to the minute keeps the
    page's time."""
    title, published = meta.get("title"), meta.get("published")
    if published and len(published) == 10 and (content.published or "")[:10] == published:
        published = None
    if not title and not published:
        return content
    return replace(content, title=title or content.title, published=published or content.published)
