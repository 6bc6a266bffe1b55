"""Fixtures for the batch tests: fixture HTML pages from ``<repo>/../shared``,
WARC files written with warcio, and a fast configuration (no NLP layer)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.config import Config

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO.parent / "shared" / "fixtures" / "html"

WarcMaker = Callable[..., Path]


def fixture_pages() -> list[tuple[str, bytes]]:
    """(url, html) of the article fixtures, in a stable order."""
    if not FIXTURES.is_dir():
        pytest.skip(f"fixture pages not found at {FIXTURES} (clone with shared/ beside the repo)")
    pages = []
    for path in sorted(FIXTURES.rglob("*.html")):
        pages.append((f"https://{path.parent.name}/{path.stem}.html", path.read_bytes()))
    return pages


def varied(html: bytes, i: int) -> bytes:
    """The page with its small numbers shifted by ``i``, so that texts differ."""
    if i == 0:
        return html
    return re.sub(rb"\b\d{1,4}\b", lambda m: str(int(m.group(0)) + i).encode(), html)


@pytest.fixture
def pages() -> list[tuple[str, bytes]]:
    return fixture_pages()


@pytest.fixture
def patterns_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shipped = REPO / "patterns"
    if shipped.is_dir():
        return shipped
    return tmp_path_factory.mktemp("patterns")


@pytest.fixture
def config(patterns_dir: Path) -> Config:
    return Config(patterns_dir=patterns_dir).with_overrides({"nlp.enabled": False})


def write_warc(path: Path, records: Sequence[tuple[str, bytes]], *, status: int = 200) -> Path:
    """A WARC (gzipped when the name ends in .gz) with a warcinfo record and,
    per page, a request record and a response record, as crawlers write them."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, body in records:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            headers = StatusAndHeaders(
                f"{status} OK" if status == 200 else f"{status} Error",
                [("Content-Type", "text/html; charset=utf-8")],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
    return path


@pytest.fixture
def make_warc() -> WarcMaker:
    return write_warc
