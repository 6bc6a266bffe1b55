"""Paths and gold data shared by the entity tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PATTERNS = REPO / "patterns"
DEV = REPO.parent / "shared" / "eval" / "dev"
SEEDS = REPO.parent / "shared" / "seeds"


def dev_articles() -> list[dict[str, Any]]:
    if not DEV.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("*.json"))]
