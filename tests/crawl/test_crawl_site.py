"""End-to-end crawls of the simulated site; assertions read the server's own log."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from extractor.crawl import Crawler, records_from_warc, warc_files
from extractor.pipeline import Pipeline

from .conftest import make_config, seeds
from .site import Site, SiteServer, fixture_articles

# fetched_at (and WARC-Date) is the wall-clock time of the fetch: it legitimately
# differs between two crawls of the same bytes, so record comparisons leave it out.
# source/source_kind say where a record came from (the live crawl or a WARC file)
# and differ by design between a crawl and its re-processing.
VOLATILE = {"fetched_at", "source", "source_kind"}


def stable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in VOLATILE} for r in records]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def statuses(site: Site, path: str) -> list[int]:
    return [e.status for e in site.requests_for(path)]


def test_complete_polite_crawl(servers: tuple[SiteServer, SiteServer], tmp_path: Path) -> None:
    main, ext = servers
    site = main.site
    config = make_config(site, tmp_path)
    out = tmp_path / "crawl"
    summary = Crawler(config, out).run(seeds(site))
    log = list(site.log)

    # Complete: every article page was fetched with a 200 and handed to extraction.
    for path in site.expected_article_paths():
        assert 200 in statuses(site, path), path
    records = read_jsonl(out / "articles.jsonl")
    urls = [r["url"] for r in records]
    assert urls == sorted(urls) and len(set(urls)) == len(urls)
    assert len({r["article_id"] for r in records}) == len(records)
    assert summary.records == len(records) == summary.outcomes["article:article"]
    b = site.base
    for path in site.special:  # pages behind faults all end as records
        assert f"{b}{path}" in urls, path

    # Robots: fetched once, disallowed path never requested, Crawl-delay honoured.
    assert statuses(site, "/robots.txt") == [200]
    assert site.requests_for(site.private) == []
    assert summary.outcomes["article:robots_disallowed"] == 1
    starts = sorted(e.start for e in log)
    gaps = [b2 - a for a, b2 in itertools.pairwise(starts)]
    # The crawler schedules request k no earlier than k Crawl-delays after the first
    # (robots.txt). A request that leaves late (busy event loop) can sit closer to
    # the next one, so single gaps only get a loose bound; the schedule gets a
    # tight one (30 ms for stamping by the server thread).
    d = Site.ROBOTS_DELAY
    for k, t in enumerate(starts):
        assert t - starts[0] >= k * d - 0.03, (k, t - starts[0])
    assert min(gaps) > d / 4, min(gaps)
    assert site.max_inflight <= 2
    ua = config.crawl.user_agent
    assert all(e.headers.get("User-Agent") == ua for e in log)
    assert all("br" in e.headers.get("Accept-Encoding", "") for e in log)

    # Scope: nothing reached the other host, not even through a redirect; no
    # tag/search/PDF links followed.
    assert ext.site.log == []
    assert summary.outcomes["article:out_of_scope_redirect"] == 1
    for e in log:
        assert not e.path.startswith(("/tag/", "/tim-kiem", "/files/")), e.path

    # Retries: 5xx retried with backoff (retries=2 -> 3 tries), 404 not retried.
    assert statuses(site, "/cong-doan/loi-may-chu-tam-thoi-100001.html") == [500, 500, 200]
    assert statuses(site, "/cong-doan/loi-may-chu-vinh-vien-100002.html") == [500, 500, 500]
    assert statuses(site, "/cong-doan/bai-da-bi-xoa-100012.html") == [404]
    assert summary.outcomes["article:http_error_4xx"] == 1
    assert summary.outcomes["article:http_error"] == 1
    # 429 + Retry-After: 1 -> the retry waits at least one second.
    r429 = site.requests_for("/cong-doan/qua-tai-yeu-cau-100003.html")
    assert [e.status for e in r429] == [429, 200]
    assert r429[1].start - r429[0].start >= 1.0
    # Slow first response: read timeout, then a retry that succeeds.
    assert len(site.requests_for("/cong-doan/phan-hoi-cham-100004.html")) == 2
    # Truncated bodies are retried, then reported; no record from a cut page.
    assert len(site.requests_for("/cong-doan/trang-bi-cat-ngang-100005.html")) == 3
    assert summary.outcomes["article:truncated"] == 1
    assert f"{b}/cong-doan/trang-bi-cat-ngang-100005.html" not in urls
    # Redirect loop detected after one request to each end.
    assert len(site.requests_for("/cong-doan/vong-lap-chuyen-huong-a-100006.html")) == 1
    assert len(site.requests_for("/cong-doan/vong-lap-chuyen-huong-b-100006.html")) == 1
    assert summary.outcomes["article:redirect_loop"] == 1
    # A redirected article is fetched once and recorded under its new address.
    assert statuses(site, "/cong-doan/bai-da-chuyen-dia-chi-moi-100011.html") == [200]
    # 50 MB page: one request, cut at max_body_bytes long before the server is done.
    big = site.requests_for("/cong-doan/trang-sieu-lon-50mb-100007.html")
    assert len(big) == 1 and big[0].sent < 20 * 1024 * 1024
    assert summary.outcomes["article:too_large"] == 1
    # An image posing as an article never reaches the HTML extractor.
    assert summary.outcomes["article:not_html"] == 1
    # Wrong charset in the header (ISO-8859-1 for a UTF-8 body): clean Vietnamese.
    charset = next(r for r in records if r["url"].endswith("sai-bang-ma-ky-tu-100008.html"))
    first = sorted(
        (m for m in fixture_articles() if m["file"].startswith("vnexpress")), key=lambda m: m["file"]
    )[0]
    assert charset["title"].startswith(first["title"])
    assert "Ã" not in charset["text"] and "á»" not in charset["text"]

    # The WARC re-processes to the same records, without any request.
    n_requests = len(site.log)
    again, outcomes = records_from_warc(warc_files(out), Pipeline(config), config=config)
    assert len(site.log) == n_requests
    assert stable([a.to_dict() for a in again]) == stable(records)
    assert outcomes["article"] == len(records)
    assert all(a.source_kind == "warc" for a in again)


def test_recrawl_fetches_only_changed(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path
) -> None:
    main, _ = servers
    site = main.site
    config = make_config(site, tmp_path)
    out = tmp_path / "crawl"
    Crawler(config, out).run(seeds(site))
    first = {r["url"]: r for r in read_jsonl(out / "articles.jsonl")}

    etag_page = "/cong-doan/sai-bang-ma-ky-tu-100008.html"  # has an ETag
    lm_page = "/cong-doan/loi-may-chu-tam-thoi-100001.html"  # Last-Modified only
    assert site.docs[etag_page].etag and site.docs[lm_page].last_modified
    site.change(etag_page)
    site.change(lm_page)
    site.clear_log()
    summary = Crawler(config, out).run(seeds(site))
    assert not summary.resumed and summary.run_id == 2

    full = {e.path for e in site.log if e.status == 200 and e.path in site.docs}
    # Pages that failed for good last time are tried again; nothing else is fetched
    # in full but the two changed articles.
    failed_before = {
        "/cong-doan/loi-may-chu-vinh-vien-100002.html",
        "/cong-doan/trang-bi-cat-ngang-100005.html",
    }
    assert full == {etag_page, lm_page}
    article_requests = [e for e in site.log if e.path in site.docs]
    # (clear_log also resets the fault pages, which answer 500/429 first again)
    assert {e.status for e in article_requests if e.path not in site.fault_links} <= {200, 304}
    conditional = [e for e in article_requests if e.status == 304]
    assert all("If-None-Match" in e.headers or "If-Modified-Since" in e.headers for e in conditional)
    assert set(e.path for e in site.log if e.path in failed_before) == failed_before
    # ... while pages that failed for good (404, image, 50 MB, redirect loop) are not.
    for path in (
        "/cong-doan/bai-da-bi-xoa-100012.html",
        "/cong-doan/hinh-anh-hoat-dong-100009.html",
        "/cong-doan/trang-sieu-lon-50mb-100007.html",
        "/cong-doan/vong-lap-chuyen-huong-a-100006.html",
    ):
        assert site.requests_for(path) == [], path
    assert summary.outcomes["article:known_failure:too_large"] == 1

    # Articles known only from the sitemap or the feed, whose dates there are older
    # than our last fetch, are not even requested.
    dated_only = site.sitemap_news + site.sitemap_archive + site.feed_links[2:]
    assert dated_only and not [e.path for e in site.log if e.path in dated_only]
    assert summary.outcomes["article:unchanged_by_date"] == len(dated_only)

    second = {r["url"]: r for r in read_jsonl(out / "articles.jsonl")}
    assert second.keys() == first.keys()
    changed = {site.base + etag_page, site.base + lm_page}
    for url in first:
        if url in changed:
            assert "Cập nhật: Công đoàn bổ sung" in second[url]["text"]
        else:
            assert second[url] == first[url]
