"""A syllable tokenizer for spaCy's ``vi``: splits on spaces and punctuation.

spaCy's own Vietnamese tokenizer needs pyvi for words and otherwise leaves
punctuation glued to syllables ("2024,"), which makes figure spans ragged. This
one is regex-only and fast; word segmentation (underthesea) runs later, only on
sentences that hold a figure.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

__all__ = ["SyllableTokenizer", "create_syllable_tokenizer", "doc_text"]


def doc_text(doc: Doc) -> str:
    """The text of ``doc``; cheap when our tokenizer made it (``doc.text`` builds a
    Python object per token)."""
    text = doc.user_data.get("text")
    return text if isinstance(text, str) else doc.text

# numbers with Vietnamese separators stay whole: 2.596 / 4,5 / 91,25 / 5%
# every character lands in a token or a trailing space, so doc.text == text
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+|[^\w\s]|\s+|\w")


class SyllableTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            tok = m.group()
            if tok == " " and words and not spaces[-1]:
                spaces[-1] = True  # a single space after a token is its trailing space
            else:
                words.append(tok)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # components read the text from here: ``doc.text`` rebuilds it token by token
        doc.user_data["text"] = text
        return doc

    # spaCy serialisation hooks (nothing to save)
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _b: bytes, **_: Any) -> SyllableTokenizer:
        return self

    def to_disk(self, _p: Any, **_: Any) -> None:
        return None

    def from_disk(self, _p: Any, **_: Any) -> SyllableTokenizer:
        return self


@registry.tokenizers("union_figures.syllable_tokenizer.v1")  # type: ignore[untyped-decorator]
def create_syllable_tokenizer() -> Any:
    def make(nlp: Any) -> SyllableTokenizer:
        return SyllableTokenizer(nlp.vocab)

    return make
