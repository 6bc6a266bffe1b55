"""Build the package's spaCy pipeline and read figures back out of a Doc."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import Config
from ..lexicon import Lexicon
from ..models import Figure
from .component import SPANS_KEY, UnionFigures
from .context import UnionContext  # (importing it registers "union_context")
from .tokenizer import SyllableTokenizer

__all__ = ["build_nlp", "doc_to_figures"]


def build_nlp(config: Config, lexicon: Lexicon) -> Language:
    """A blank Vietnamese pipeline with the syllable tokenizer and our components."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    # spaCy's length limit (E088) guards the memory of parsers and NER models; this
    # pipeline has neither (a regex tokenizer and two linear components)
    nlp.max_length = 1 << 40
    nlp.add_pipe("union_figures", config={"patterns_dir": str(config.patterns_dir)})
    comp = nlp.get_pipe("union_figures")
    assert isinstance(comp, UnionFigures)
    comp.lexicon = lexicon  # the pipeline's own (same cached object unless a test swapped it)
    if config.nlp.enabled:
        nlp.add_pipe("union_context", config={"segmenter": config.nlp.segmenter, "patterns_dir": str(config.patterns_dir)})
        ctx_comp = nlp.get_pipe("union_context")
        assert isinstance(ctx_comp, UnionContext)
        ctx_comp.trailing = lexicon.subject_trailing  # the same lexicon as union_figures
    return nlp


def doc_to_figures(doc: Doc) -> list[Figure]:
    figures: Any = doc.user_data.get("union_figures")
    if figures is None:
        figures = [s._.figure for s in doc.spans.get(SPANS_KEY, []) if s._.figure is not None]
    return list(figures)
