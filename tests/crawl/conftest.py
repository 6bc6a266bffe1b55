from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.config import Config, load_config

from .site import FIXTURES, Site, SiteServer, start_site

REPO = Path(__file__).resolve().parents[2]


def patterns_dir(tmp: Path) -> Path:
    """The repo's patterns/ when present; the crawl tests do not depend on figures."""
    real = REPO / "patterns"
    if real.is_dir():
        return real
    empty = tmp / "patterns"
    empty.mkdir(exist_ok=True)
    return empty


def crawl_overrides(site: Site, tmp: Path) -> dict[str, Any]:
    """Tiny delays and timeouts so the whole directory runs in seconds."""
    return {
        "patterns_dir": str(patterns_dir(tmp)),
        "nlp.enabled": False,
        "crawl.min_delay": 0.05,
        "crawl.per_host_concurrency": 2,
        "crawl.global_concurrency": 4,
        "crawl.retries": 2,
        "crawl.connect_timeout": 2.0,
        "crawl.read_timeout": 0.75,
        "crawl.total_timeout": 10.0,
        "crawl.max_body_bytes": 2_000_000,
        "crawl.backoff_base": 0.05,
        "crawl.user_agent": "union-figures-test/0.1 (+mailto:test@example.org)",
    }


def make_config(site: Site, tmp: Path, **extra: Any) -> Config:
    overrides = crawl_overrides(site, tmp)
    overrides.update({k.replace("__", "."): v for k, v in extra.items()})
    return load_config(None, overrides)


def seeds(site: Site) -> list[str]:
    return [
        f"{site.base}/",
        f"{site.base}/cong-doan/",
        f"{site.base}/rss/cong-doan.rss",
        f"{site.base}/sitemap.xml",
    ]


@pytest.fixture()
def servers() -> Iterator[tuple[SiteServer, SiteServer]]:
    if not (FIXTURES / "manifest.json").is_file():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (clone shared/ next to the repo)")
    main, ext = start_site()
    with ext, main:
        yield main, ext
