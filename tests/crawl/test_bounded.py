"""The crawler on a hostile site: decompression bombs of every Content-Encoding
(the crawler and the WARC reader stay small), a redirect to ``javascript:``, a
page that never ends, and a SIGKILL during the final write."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.config import Config, load_config
from extractor.crawl import Crawler

from .conftest import REPO, patterns_dir
from .hostile_site import HostileSite, serve
from .site import FIXTURES, fixture_articles

BOMB = 512 << 20  # 512 MiB of zeros once decoded
RSS_LIMIT_MB = 200


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """Content-Encoding -> a body that decodes to BOMB bytes."""
    chunk = b"\0" * (1 << 20)
    gz = zlib.compressobj(9, zlib.DEFLATED, 31)
    gzip_body = b"".join(gz.compress(chunk) for _ in range(BOMB >> 20)) + gz.flush()
    zl = zlib.compressobj(9, zlib.DEFLATED, 15)
    deflate_body = b"".join(zl.compress(chunk) for _ in range(BOMB >> 20)) + zl.flush()
    br = brotli.Compressor(quality=5)
    br_body = b"".join(br.process(chunk) for _ in range(BOMB >> 20)) + br.finish()
    return {
        "gzip": gzip_body,
        "deflate": deflate_body,
        "br": br_body,
        "gzip, br": brotli.compress(gzip_body),  # gzip applied first, then br
        "br, gzip": zlib.compress(br_body, 9, wbits=31),
        "deflate, gzip, br": brotli.compress(zlib.compress(deflate_body, wbits=31)),
    }


def _config(tmp: Path, **extra: Any) -> Config:
    return load_config(None, {
        "patterns_dir": str(patterns_dir(tmp)), "nlp.enabled": False, "crawl.min_delay": 0.01,
        "crawl.retries": 0, "crawl.read_timeout": 5.0, "crawl.total_timeout": 30.0, **extra,
    })  # fmt: skip


# The peak resident memory of this process since it started (VmHWM: unlike
# ru_maxrss, it does not count what the forked parent held before exec).
_PEAK = """
def peak_rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

_FETCH = _PEAK + """
import asyncio, json, sys, time
from extractor.config import load_config
from extractor.crawl.fetch import Fetcher
from extractor.crawl.urls import Scope
cfg = load_config(None, {"crawl.retries": 0})
urls = sys.argv[2:]
async def main():
    f = Fetcher(cfg.crawl, Scope((sys.argv[1],)))
    out = {}
    for u in urls:
        t = time.monotonic()
        r = await f.fetch(u, html_only=True)
        out[u] = [r.error, len(r.body), round(time.monotonic() - t, 2)]
    await f.aclose()
    return out
res = asyncio.run(main())
print(json.dumps({"results": res, "rss_mb": peak_rss_mb()}))
"""


def test_decompression_bombs_of_every_encoding_stay_small_in_the_crawler(
    bombs: dict[str, bytes],
) -> None:
    site = HostileSite()
    for i, (enc, body) in enumerate(bombs.items()):
        site.routes[f"/bom-{i}-123456.html"] = (
            200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": enc}, body,
        )  # fmt: skip
    with serve(site) as s:
        host = s.base.split("//", 1)[1]
        run = subprocess.run(
            [sys.executable, "-c", _FETCH, host, *s.article_urls()],
            env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=300,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    got = json.loads(run.stdout)
    for url, (error, size, seconds) in got["results"].items():
        assert error == "too_large", url
        assert size <= 10_000_000 and seconds < 20, url
    assert got["rss_mb"] < RSS_LIMIT_MB


_READ = _PEAK + """
import json, sys
from extractor.sources import iter_pages
items = [type(i).__name__ + ":" + str(getattr(i, "reason", "")) for i in iter_pages(sys.argv[1:])]
print(json.dumps({"items": items, "rss_mb": peak_rss_mb()}))
"""


def test_decompression_bombs_in_a_warc_stay_small_in_the_reader(
    tmp_path: Path, bombs: dict[str, bytes]
) -> None:
    warc = tmp_path / "bombs.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (enc, body) in enumerate(bombs.items()):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                               ("Content-Encoding", enc)], protocol="HTTP/1.1")  # fmt: skip
            writer.write_record(writer.create_warc_record(
                f"https://a.vn/bom-{i}.html", "response", payload=io.BytesIO(body), http_headers=http,
            ))  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", _READ, str(warc)], env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    got = json.loads(run.stdout)
    assert got["items"] == ["Rejection:too_large"] * len(bombs)
    assert got["rss_mb"] < RSS_LIMIT_MB


def test_redirect_to_javascript_is_permanent_and_said_so(tmp_path: Path) -> None:
    site = HostileSite({
        "/tin/chuyen-huong-js-123456.html": (302, {"Location": "javascript:void(0)"}, b""),
        "/tin/chuyen-huong-js-123457.html": (301, {"Location": " JavaScript:alert(1)"}, b""),
    })  # fmt: skip
    out = tmp_path / "crawl"
    with serve(site) as s:
        first = Crawler(_config(tmp_path), out).run([f"{s.base}/sitemap.xml"])
        second = Crawler(_config(tmp_path), out).run([f"{s.base}/sitemap.xml"])
        hits = [s.hits(p) for p in site.routes]
    assert first.outcomes["article:bad_redirect"] == 2
    assert second.outcomes["article:known_failure:bad_redirect"] == 2
    assert hits == [1, 1]  # not asked again
    import sqlite3

    with sqlite3.connect(out / "crawl.sqlite") as db:
        details = {d for (d,) in db.execute("SELECT detail FROM urls WHERE kind='article'")}
    assert details == {"Location 'javascript:void(0)'", "Location 'JavaScript:alert(1)'"}


def _article_site(n: int) -> HostileSite:
    site = HostileSite()
    for i, m in enumerate(fixture_articles()[:n]):
        body = (FIXTURES / m["file"]).read_bytes()
        site.routes[f"/tin/bai-viet-so-{i}-12345{i}.html"] = (
            200, {"Content-Type": "text/html; charset=utf-8", "ETag": f'"v{i}"'}, body,
        )  # fmt: skip
    return site


def test_a_page_that_never_ends_costs_one_record_and_is_not_asked_again(tmp_path: Path) -> None:
    site = _article_site(4)
    stuck_path = "/tin/bai-viet-so-1-123451.html"
    status, headers, body = site.routes[stuck_path]  # type: ignore[misc]
    site.routes[stuck_path] = (status, headers, b"<!-- hostile-stuck -->" + body)
    cfg = _config(
        tmp_path, **{"batch.pipeline": "tests.ingest.hostile:stuck", "limits.page_seconds": 1.0,
                     "limits.grace_seconds": 1.0},
    )  # fmt: skip
    out = tmp_path / "crawl"
    with serve(site) as s:
        first = Crawler(cfg, out).run([f"{s.base}/sitemap.xml"])
        second = Crawler(cfg, out).run([f"{s.base}/sitemap.xml"])
        hits = s.hits(stuck_path)
    assert first.outcomes["article:page_error:timeout"] == 1
    assert first.outcomes["article:article"] == first.records >= 2
    assert second.outcomes["article:known_failure:page_error:timeout"] == 1
    assert hits == 1


_KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from extractor.config import load_config
from extractor.crawl import crawler
def export(self, state):
    out = crawler.AtomicFile(self.out_dir / "articles.jsonl")
    out.fh.write('{"half": ')
    out.fh.flush()
    os.kill(os.getpid(), signal.SIGKILL)
crawler.Crawler.export = export
cfg = load_config(None, {"patterns_dir": sys.argv[3], "nlp.enabled": False, "crawl.min_delay": 0.01})
crawler.Crawler(cfg, Path(sys.argv[1])).run([sys.argv[2]])
"""


def test_sigkill_during_the_final_write_costs_the_next_start_no_refetch(tmp_path: Path) -> None:
    site = _article_site(4)
    out = tmp_path / "crawl"
    with serve(site) as s:
        run = subprocess.run(
            [sys.executable, "-c", _KILLED_EXPORT, str(out), f"{s.base}/sitemap.xml",
             str(patterns_dir(tmp_path))],
            env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=120,
        )  # fmt: skip
        assert run.returncode == -signal.SIGKILL, run.stderr.decode()[-2000:]
        assert [p for p in out.iterdir() if p.name.endswith(".part")]  # what the kill left
        fetched = {p: s.hits(p) for p in site.routes}
        assert set(fetched.values()) == {1}
        again = Crawler(_config(tmp_path), out).run([f"{s.base}/sitemap.xml"])
        assert {p: s.hits(p) for p in site.routes} == fetched  # nothing fetched again
    assert again.resumed and again.requests == 0
    records = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == again.records >= 2
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith((".part", "-wal", "-shm"))]
    assert leftovers == []
