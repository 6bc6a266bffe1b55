"""The ``union_context`` component: word-level context for sentences with figures."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["UnionContext"]


class UnionContext:
    def __init__(self, segmenter: str) -> None:
        self.segmenter = segmenter

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("union_context", default_config={"segmenter": "underthesea"})
def make_union_context(nlp: Language, name: str, segmenter: str) -> UnionContext:
    return UnionContext(segmenter)
