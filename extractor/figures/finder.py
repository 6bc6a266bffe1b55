from __future__ import annotations

from ..lexicon import Lexicon
from ..models import Figure


def find_figures(text: str, lexicon: Lexicon) -> list[Figure]:
    return []
