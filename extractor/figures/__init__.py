"""Figure finding: regex candidates over normalised text, classified by pattern data."""

from __future__ import annotations

from .finder import find_figures

__all__ = ["find_figures"]
