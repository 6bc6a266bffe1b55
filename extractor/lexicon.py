"""Pattern data loaded from ``patterns/`` (TOML files), validated once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PatternError

__all__ = ["Lexicon", "load_lexicon"]


@dataclass(slots=True)
class Lexicon:
    data: dict[str, Any] = field(default_factory=dict)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"{path}: {exc}") from None


def load_lexicon(patterns_dir: Path) -> Lexicon:
    if not patterns_dir.is_dir():
        raise PatternError(f"{patterns_dir}: patterns directory not found")
    data = {p.stem: _read(p) for p in sorted(patterns_dir.glob("*.toml"))}
    return Lexicon(data=data)
