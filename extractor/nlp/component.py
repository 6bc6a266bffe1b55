"""The ``union_figures`` spaCy component.

Usage in a user's own code::

    import spacy
    nlp = spacy.blank("vi")
    nlp.add_pipe("union_figures")
    doc = nlp("Năm 2024, LĐLĐ tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ.")
    for span in doc.spans["figures"]:
        print(span.text, span.label_, span._.figure.value)

Figures become spans in ``doc.spans["figures"]`` labelled with their kind; the
full record is ``span._.figure`` (an ``extractor.Figure``), so ``displacy`` can
render them with ``style="span", options={"spans_key": "figures"}``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..config import default_patterns_dir
from ..figures import find_figures
from ..lexicon import Lexicon, cached_lexicon
from .tokenizer import doc_text

__all__ = ["SPANS_KEY", "UnionFigures", "make_union_figures"]

SPANS_KEY = "figures"

if not Span.has_extension("figure"):
    Span.set_extension("figure", default=None)


class UnionFigures:
    """Finds figures in ``doc.text`` and stores them as spans."""

    def __init__(self, lexicon: Lexicon, spans_key: str = SPANS_KEY) -> None:
        self.lexicon = lexicon
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        figures = find_figures(doc_text(doc), self.lexicon, doc.user_data.get("article_meta"))
        _split_at(doc, {i for fig in figures for i in (fig.start, fig.end)})
        spans = []
        for fig in figures:
            # tokens now end where figures do, so span.text == fig.quote
            span = doc.char_span(fig.start, fig.end, label=fig.kind, alignment_mode="strict")
            if span is None:  # an offset inside whitespace; keep the figure anyway
                span = doc.char_span(fig.start, fig.end, label=fig.kind, alignment_mode="expand")
            if span is None:
                continue
            span._.figure = fig
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.user_data["union_figures"] = figures
        return doc


def _split_at(doc: Doc, offsets: set[int]) -> None:
    """Split the tokens that a figure starts or ends inside (a tokenizer that keeps
    punctuation on a syllable, ``bộ.``), so that each figure is a whole number of
    tokens and its span's text is the figure's quote."""
    cuts: list[tuple[int, list[int]]] = []
    for tok in doc:
        a, b = tok.idx, tok.idx + len(tok.text)
        inner = sorted(o - a for o in offsets if a < o < b)
        if inner:
            cuts.append((tok.i, inner))
    if not cuts:
        return
    with doc.retokenize() as retok:
        for i, inner in cuts:
            tok = doc[i]
            bounds = [0, *inner, len(tok.text)]
            orths = [tok.text[x:y] for x, y in itertools.pairwise(bounds)]
            retok.split(tok, orths, heads=[(tok, 0)] * len(orths))


@Language.factory(
    "union_figures",
    default_config={"patterns_dir": "", "spans_key": SPANS_KEY},
)
def make_union_figures(nlp: Language, name: str, patterns_dir: str, spans_key: str) -> UnionFigures:
    path = patterns_dir or str(default_patterns_dir())
    return UnionFigures(cached_lexicon(Path(path)), spans_key=spans_key)
