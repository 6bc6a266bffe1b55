"""The ``union_context`` spaCy component: word-level context for figure subjects.

A thin spaCy wrapper around ``tagging.refine_subjects`` (the pipeline calls that
function directly, without a Doc): it trims the subjects of the figures the
``union_figures`` component put on the Doc. Models come from the packages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..config import default_patterns_dir
from ..errors import ConfigError
from ..lexicon import cached_lexicon
from ..models import Figure
from .tagging import (
    SEGMENTERS,
    TaggedWord,
    make_tagger,
    refine_subjects,
    subject_window,
    trim_subject,
)
from .tokenizer import doc_text

__all__ = ["TaggedWord", "UnionContext", "make_tagger", "subject_window", "trim_subject"]


class UnionContext:
    def __init__(self, segmenter: str, trailing: frozenset[str] = frozenset()) -> None:
        self.segmenter = segmenter
        self.trailing = trailing

    def __call__(self, doc: Doc) -> Doc:
        figures: list[Figure] = doc.user_data.get("union_figures") or []
        refine_subjects(figures, doc_text(doc), self.segmenter, self.trailing)
        return doc

    # spaCy serialisation hooks: nothing to save, models come from the packages
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _b: bytes, **_: Any) -> UnionContext:
        return self


@Language.factory("union_context", default_config={"segmenter": "pyvi", "patterns_dir": ""})
def make_union_context(nlp: Language, name: str, segmenter: str, patterns_dir: str) -> UnionContext:
    if segmenter not in SEGMENTERS:
        raise ConfigError(f"nlp.segmenter: unknown segmenter {segmenter!r} (underthesea, pyvi, none)")
    lex = cached_lexicon(Path(patterns_dir or default_patterns_dir()))
    return UnionContext(segmenter, lex.subject_trailing)
