"""pyvi's word segmenter and POS tagger, without pyvi's loading code.

``import pyvi.ViTokenizer`` unpickles two scikit-learn estimators: it pulls in
sklearn and scipy (about 0.7 s) and every process leaves two ``model*.crfsuite``
files behind in ``$TMPDIR``. The estimators only wrap CRFsuite models, so this
module reads the model bytes out of pyvi's pickles (with an unpickler that builds
nothing but plain records, so no code from the file runs) and opens them with
``pycrfsuite`` in memory: no temporary file, no sklearn. Features and the
joining of syllables into words are pyvi's own (``ViTokenizer.tokenize`` and
``ViPosTagger.postagging``), so the labels are the same.
"""

from __future__ import annotations

import codecs
import importlib.util
import pickle
import re
import string
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = ["PyviTagger", "load_pyvi"]

_SEG_MODEL = "pyvi3.pkl"
_POS_MODEL = "pyvipos3.pkl"


class _Record:
    """Stands in for every class named in the pickles: keeps the state, runs nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args

    def __setstate__(self, state: Any) -> None:
        self.state = state


def _ignore(*_: Any) -> None:
    return None


_ALLOWED: dict[tuple[str, str], Any] = {
    ("sklearn_crfsuite.estimator", "CRF"): _Record,
    ("sklearn_crfsuite._fileresource", "FileResource"): _Record,
    ("pycrfsuite._logparser", "TrainLogParser"): _Record,
    ("numpy", "dtype"): _Record,
    ("numpy.core.multiarray", "scalar"): _ignore,  # training hyper-parameters only
    ("_codecs", "encode"): codecs.encode,  # how Python 2 pickles carry bytes
}


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"unexpected object in pyvi model: {module}.{name}") from None


def _model_bytes(path: Path) -> bytes:
    """The CRFsuite model inside one of pyvi's pickled estimators."""
    with path.open("rb") as fh:
        est = _ModelUnpickler(fh).load()
    try:
        data = est.state["modelfile"].state["__FILE_RESOURCE_DATA__"]
    except (AttributeError, KeyError, TypeError):
        raise ConfigError(f"{path}: not a pyvi CRF model") from None
    if isinstance(data, str):
        data = data.encode("latin-1")
    if not isinstance(data, bytes):
        raise ConfigError(f"{path}: not a pyvi CRF model")
    return data


def _models_dir() -> Path:
    spec = importlib.util.find_spec("pyvi")  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("nlp.segmenter = 'pyvi' needs the pyvi package (pip install pyvi)")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


# --- pyvi's syllables and features (ViTokenizer / ViPosTagger, unchanged) ----------

_SYLLABLE = re.compile(
    "("
    + "|".join(
        [
            r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\.",  # abbreviations
            "==>", "->", r"\.\.\.", ">>", "\n",  # specials
            r"\w+://[^\s]+",  # web
            r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",  # email
            r"\d+([\.,_]\d+)+",  # digits
            r"[^\w\s]",
            r"\w+",
        ]
    )
    + ")",
    re.UNICODE,
)
_PUNCT = string.punctuation
_POS_FILTERED = frozenset([*_PUNCT, "\u2026", "\u201d", "\u201c", "\u2019", "..."])


def _syllables(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    return [m.group(1) for m in _SYLLABLE.finditer(text)]


def _seg_features(sent: list[str], bi: frozenset[str], tri: frozenset[str]) -> list[dict[str, Any]]:
    out = []
    n = len(sent)
    for i, word in enumerate(sent):
        f: dict[str, Any] = {
            "bias": 1.0,
            "word.lower()": word.lower(),
            "word.isupper()": word.isupper(),
            "word.istitle()": word.istitle(),
            "word.isdigit()": word.isdigit(),
        }
        if i > 0:
            w1 = sent[i - 1]
            f["-1:word.lower()"] = w1.lower()
            f["-1:word.istitle()"] = w1.istitle()
            f["-1:word.isupper()"] = w1.isupper()
            f["-1:word.bi_gram()"] = f"{w1} {word}".lower() in bi
            if i > 1:
                f["-2:word.tri_gram()"] = f"{sent[i - 2]} {w1} {word}".lower() in tri
        if i < n - 1:
            w1 = sent[i + 1]
            f["+1:word.lower()"] = w1.lower()
            f["+1:word.istitle()"] = w1.istitle()
            f["+1:word.isupper()"] = w1.isupper()
            f["+1:word.bi_gram()"] = f"{word} {w1}".lower() in bi
            if i < n - 2:
                f["+2:word.tri_gram()"] = f"{word} {w1} {sent[i + 2]}".lower() in tri
        out.append(f)
    return out


def _pos_features(sent: list[str]) -> list[dict[str, Any]]:
    out = []
    n = len(sent)
    for i, word in enumerate(sent):
        f: dict[str, Any] = {
            "bias": 1.0,
            "word.lower()": word.lower(),
            "word.istitle()": word.istitle(),
            "word.isdigit()": word.isdigit(),
            "word[:1].isdigit()": word[:1].isdigit(),
            "word[:3].isupper()": word[:3].isupper(),
            "word.isfiltered": word in _POS_FILTERED,
        }
        if i > 0:
            w1 = sent[i - 1]
            f["-1:word.lower()"] = w1.lower()
            f["-1:word.istitle()"] = w1.istitle()
            f["-1:word[:1].isdigit()"] = w1[:1].isdigit()
            f["-1:word[:3].isupper()"] = w1[:3].isupper()
            if i > 1:
                w2 = sent[i - 2]
                f["-2:word.lower()"] = w2.lower()
                f["-2:word.istitle()"] = w2.istitle()
                f["-2:word.isupper()"] = w2.isupper()
        else:
            f["BOS"] = True
        if i < n - 1:
            w1 = sent[i + 1]
            f["+1:word.lower()"] = w1.lower()
            f["+1:word.istitle()"] = w1.istitle()
            f["+1:word[:1].isdigit()"] = w1[:1].isdigit()
            f["+1:word.isupper()"] = w1.isupper()
            if i < n - 2:
                w2 = sent[i + 2]
                f["+2:word.lower()"] = w2.lower()
                f["+2:word.istitle()"] = w2.istitle()
                f["+2:word.isupper()"] = w2.isupper()
        else:
            f["EOS"] = True
        out.append(f)
    return out


class PyviTagger:
    """``tokenize`` and ``postag`` exactly as pyvi's ``ViTokenizer.tokenize`` and
    ``ViPosTagger.postagging``, on the same CRF models."""

    def __init__(self, models: Path) -> None:
        import pycrfsuite

        bi: set[str] = set()
        tri: set[str] = set()
        words = (models / "words.txt").read_text(encoding="utf-8")
        for token in words.split("\n"):
            n = len(token.split(" "))
            if n == 2:
                bi.add(token)
            elif n == 3:
                tri.add(token)
        self._bi, self._tri = frozenset(bi), frozenset(tri)
        # CRFsuite reads the models from these buffers: they live as long as the taggers
        self._seg_model = _model_bytes(models / _SEG_MODEL)
        self._pos_model = _model_bytes(models / _POS_MODEL)
        self._seg = pycrfsuite.Tagger()
        self._seg.open_inmemory(self._seg_model)
        self._pos = pycrfsuite.Tagger()
        self._pos.open_inmemory(self._pos_model)

    def tokenize(self, text: str) -> str:
        """Words joined by ``_`` inside, spaces between (``ViTokenizer.tokenize``)."""
        tmp = _syllables(text)
        if not tmp:
            return text
        labels = self._seg.tag(_seg_features(tmp, self._bi, self._tri))
        out = [tmp[0]]
        for i in range(1, len(labels)):
            cur, prev = tmp[i], tmp[i - 1]
            if (
                labels[i] == "I_W"
                and cur not in _PUNCT
                and prev not in _PUNCT
                and not cur[0].isdigit()
                and not prev[0].isdigit()
                and not (cur[0].istitle() and not prev[0].istitle())
            ):
                out.append("_")
            else:
                out.append(" ")
            out.append(cur)
        return "".join(out)

    def postag(self, tokenized: str) -> tuple[list[str], list[str]]:
        """(words, tags) of a tokenized sentence (``ViPosTagger.postagging``)."""
        tokens = tokenized.split(" ")
        return tokens, list(self._pos.tag(_pos_features(tokens)))


@lru_cache(maxsize=1)
def load_pyvi() -> PyviTagger:
    """The tagger, loaded once per process (about 15 ms)."""
    return PyviTagger(_models_dir())
