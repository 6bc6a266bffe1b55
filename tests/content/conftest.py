from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "html"
if not FIXTURES.exists():  # CI clones main with shared/ beside it
    FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "html"


def manifest() -> list[dict[str, Any]]:
    path = FIXTURES / "manifest.json"
    if not path.exists():
        return []
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.exists():
        pytest.skip("shared fixtures not available")
    return FIXTURES
