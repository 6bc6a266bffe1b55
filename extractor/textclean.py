"""Plain text (as saved from pages) -> Content."""

from __future__ import annotations

from .content import Content
from .lexicon import Lexicon
from .textnorm import normalize_text

__all__ = ["text_to_content"]


def text_to_content(raw: str, lexicon: Lexicon, url: str | None = None) -> Content:
    return Content(text=normalize_text(raw), url=url)
