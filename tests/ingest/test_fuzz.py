"""Fuzzing the whole extract path (reading, decoding, the page loop, content,
figures) with mutated fixture pages: random byte flips, truncation, tag soup,
deep nesting, huge attributes, NUL bytes, invalid UTF-8 and long digit runs,
alone and combined. At least 500 pages, through a worker under the page budget
as ``extract`` runs them: no exception escapes, no page takes more than 10 s,
the worker stays under 1 GB, and every figure of every article is grounded.

Pages that only the budget stops (or that raise inside a stage and become an
error outcome) are listed at the end of the run (``pytest -s``)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.config import Config
from extractor.ingest import Budget, PageError, WorkerPool
from extractor.ingest.budget import rss_mb
from extractor.models import Article, Page, Rejection
from tests.batch.conftest import fixture_pages

EXAMPLES = 500
PAGE_SECONDS = 10.0
RSS_CAP_MB = 1024

_TAGS = [b"<div>", b"</div>", b"<p>", b"</p>", b"<table><tr><td>", b"</td>", b"<script>",
         b"</script>", b"<style>", b"<!--", b"-->", b"<![CDATA[", b"<a href='", b"<br/>",
         b"</body>", b"<html>", b"<article>", b"</", b"<", b">", b"&#x", b"&amp;", b"<p/>",
         b"<iframe>", b"<svg><g>", b"<math>", b"<template>", b"<noscript>"]  # fmt: skip
_BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xe1\xba", b"\xed\xa0\x80", b"\xc0\xaf",
             b"\xf8\x88\x80\x80\x80", b"\x80\x80", b"\xf4\x90\x80\x80"]  # fmt: skip
_UNITS = [" lớp tập huấn", " lượt", " đồng", " tỷ đồng", "%", " người", " đoàn viên", ""]


def _insert(data: bytes, at: int, piece: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + piece + data[at:]


@st.composite
def _mutation(draw: Any, data: bytes) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(
        ["flip", "truncate", "soup", "deep", "attrs", "bigattr", "nul", "utf8", "digits"]
    ))  # fmt: skip
    n = len(data)
    if kind == "flip" and n:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 300))):
            out[draw(st.integers(0, n - 1))] ^= draw(st.integers(1, 255))
        return kind, bytes(out)
    if kind in ("truncate", "flip"):  # (an empty page has nothing to flip)
        return kind, data[: draw(st.integers(0, n))]
    if kind == "soup":
        for _ in range(draw(st.integers(1, 200))):
            data = _insert(data, draw(st.integers(0, n)), draw(st.sampled_from(_TAGS)))
        return kind, data
    if kind == "deep":
        depth = draw(st.integers(100, 20_000))
        tag = draw(st.sampled_from([b"div", b"span", b"b", b"table", b"li"]))
        closed = draw(st.booleans())
        at = data.find(b"<body")
        at = data.find(b">", at) + 1 if at >= 0 else 0
        inner = b"<" + tag + b">" * 1
        wrap = inner * depth
        tail = (b"</" + tag + b">") * depth if closed else b""
        end = data.rfind(b"</body>")
        end = end if end > at else n
        return kind, data[:at] + wrap + data[at:end] + tail + data[end:]
    if kind == "attrs":
        count = draw(st.integers(100, 20_000))
        attrs = b" ".join(b'data-a%d="v%d"' % (i, i) for i in range(count))
        return kind, _insert(data, data.find(b"<p") if b"<p" in data else 0, b"<p " + attrs + b">x</p>")
    if kind == "bigattr":
        size = draw(st.integers(10_000, 2_000_000))
        value = draw(st.sampled_from([b"a", b"\xc3\xa0", b"1", b"&amp;", b" "])) * (size // 2)
        return kind, _insert(data, draw(st.integers(0, n)), b'<img alt="' + value + b'" src="x">')
    if kind == "nul":
        for _ in range(draw(st.integers(1, 50))):
            data = _insert(data, draw(st.integers(0, n)), b"\x00" * draw(st.integers(1, 20)))
        return kind, data
    if kind == "utf8":
        for _ in range(draw(st.integers(1, 200))):
            data = _insert(data, draw(st.integers(0, n)), draw(st.sampled_from(_BAD_UTF8)))
        return kind, data
    alphabet = draw(st.sampled_from(["0123456789", "0123456789.,"]))  # plain, or grouped
    digits = "".join(draw(st.sampled_from(alphabet)) for _ in range(draw(st.integers(1, 60))))
    run = (digits * draw(st.integers(1, 60)))[: draw(st.integers(20, 2_000))]
    unit = draw(st.sampled_from(_UNITS))
    piece = f"<p>Năm 2024, công đoàn tổ chức {run}{unit} cho {run[:400]} lượt cán bộ.</p>"
    at = data.find(b"</p>")
    return kind, _insert(data, at if at >= 0 else n, piece.encode())


@st.composite
def mutated_pages(draw: Any, pages: list[tuple[str, bytes]]) -> tuple[str, str, bytes]:
    url, data = draw(st.sampled_from(pages))
    kinds = []
    for _ in range(draw(st.integers(1, 3))):  # one mutation, or a few on top of each other
        kind, data = draw(_mutation(data))
        kinds.append(kind)
    return url, "+".join(kinds), data


@pytest.fixture
def pool(patterns_dir: Path) -> Any:
    config = Config(patterns_dir=patterns_dir)  # the default pipeline, NLP layer on
    with WorkerPool(config, budget=Budget(PAGE_SECONDS, RSS_CAP_MB, 5.0)) as p:
        yield p


def test_mutated_pages_through_the_extract_path(pool: WorkerPool) -> None:
    pages = fixture_pages()
    seen: Counter[str] = Counter()
    flagged: list[tuple[str, str, str]] = []
    worst = {"seconds": 0.0, "rss_mb": 0.0}

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.large_base_example],
    )  # fmt: skip
    @given(mutated_pages(pages))
    def one(case: tuple[str, str, bytes]) -> None:
        url, kinds, data = case
        page = Page(data, url=url, content_type="text/html", source_ref=f"fuzz:{kinds}")
        started = time.monotonic()
        outcome = pool.process(page)  # no exception may escape
        took = time.monotonic() - started
        worst["seconds"] = max(worst["seconds"], took)
        for slot in pool.slots:
            if slot.handle is not None:
                worst["rss_mb"] = max(worst["rss_mb"], rss_mb(slot.handle.pid) or 0.0)
        seen[kinds.split("+")[0]] += 1
        assert isinstance(outcome, Article | Rejection | PageError)
        if isinstance(outcome, Article):
            for f in outcome.figures:
                assert outcome.text[f.start : f.end] == f.quote
        if isinstance(outcome, PageError):
            flagged.append((kinds, outcome.reason, outcome.message[:120]))
        # over the budget a page is cut: at the budget in Python code, at budget
        # plus grace if a stage is stuck in C code
        assert took < PAGE_SECONDS + pool.budget.grace + 2, (kinds, took)

    one()
    assert sum(seen.values()) >= EXAMPLES
    assert len(seen) == 9  # every kind of mutation was tried
    assert worst["rss_mb"] < RSS_CAP_MB
    print(f"\nfuzz: {sum(seen.values())} pages {dict(seen)}; slowest {worst['seconds']:.2f} s, "
          f"worker RSS up to {worst['rss_mb']:.0f} MB, {pool.replaced} workers replaced")  # fmt: skip
    for kinds, reason, message in flagged:
        print(f"fuzz: {reason}: {kinds}: {message}")
