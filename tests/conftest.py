from __future__ import annotations

from pathlib import Path

import pytest

from extractor import Config, Pipeline
from extractor.config import NlpConfig
from extractor.lexicon import Lexicon

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """Regex-only pipeline (fast); NLP-layer tests build their own."""
    return Pipeline(Config(nlp=NlpConfig(enabled=False)))


@pytest.fixture(scope="session")
def lexicon(pipeline: Pipeline) -> Lexicon:
    return pipeline.lexicon


@pytest.fixture(scope="session")
def nlp_pipeline() -> Pipeline:
    """The default pipeline, NLP layer on (as users run it)."""
    return Pipeline(Config())
