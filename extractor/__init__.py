"""Turn Vietnamese trade-union news into grounded figure records."""

from __future__ import annotations

from .api import extract_html, extract_text
from .config import Config, load_config
from .errors import (
    ConfigError,
    ExtractorError,
    InputError,
    NotAnArticle,
    OverBudget,
    PatternError,
)
from .ingest import Budget
from .models import KINDS, QUALIFIERS, Article, Figure, Page, Person, Rejection, RejectReason
from .pipeline import Pipeline

__all__ = [
    "KINDS",
    "QUALIFIERS",
    "Article",
    "Budget",
    "Config",
    "ConfigError",
    "ExtractorError",
    "Figure",
    "InputError",
    "NotAnArticle",
    "OverBudget",
    "Page",
    "PatternError",
    "Person",
    "Pipeline",
    "RejectReason",
    "Rejection",
    "extract_html",
    "extract_text",
    "load_config",
]

__version__ = "0.1.0"
