"""Scope controls applied before fetching: --max-pages, --since, topic filter; and
the CLI re-processing a crawl's WARC."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from extractor.cli import main
from extractor.crawl import Crawler
from extractor.crawl.urls import topic_match

from .conftest import make_config
from .site import SiteServer
from .test_crawl_site import read_jsonl, stable


def _article_requests(site: object) -> set[str]:
    docs = site.docs  # type: ignore[attr-defined]
    faults = site.fault_links  # type: ignore[attr-defined]
    return {e.path for e in site.log if e.path in docs or e.path in faults}  # type: ignore[attr-defined]


def test_max_pages_and_cli_reprocess(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path, capsys: object
) -> None:
    site = servers[0].site
    out = tmp_path / "crawl"
    summary = Crawler(make_config(site, tmp_path, crawl__max_pages=3), out).run(
        [f"{site.base}/cong-doan/"]
    )
    assert len(_article_requests(site)) == 3
    assert sum(v for k, v in summary.outcomes.items() if k == "article:pending") > 0
    records = read_jsonl(out / "articles.jsonl")
    pat = str(make_config(site, tmp_path).patterns_dir)
    n = len(site.log)
    rc = main(["crawl", "--reprocess", str(out), "--no-nlp", "--patterns", pat])
    assert rc == 0 and len(site.log) == n  # nothing fetched
    again = read_jsonl(out / "articles.reprocessed.jsonl")
    assert stable(again) == stable(records)


def test_since_skips_old_feed_and_sitemap_entries_unfetched(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path
) -> None:
    site = servers[0].site
    since = datetime(2020, 1, 1, tzinfo=UTC)
    config = make_config(site, tmp_path, crawl__since="2020-01-01")
    Crawler(config, tmp_path / "crawl").run(
        [f"{site.base}/rss/cong-doan.rss", f"{site.base}/sitemap.xml"]
    )
    # The date known before fetching: pubDate in the feed, <lastmod> in the sitemap.
    hints = {p: site.docs[p].published for p in site.feed_links}
    for p in site.sitemap_news + site.sitemap_archive:
        hints[p] = datetime.fromisoformat(site._lastmod(p))
    old = {p for p, d in hints.items() if d < since}
    new = set(hints) - old
    assert old and new
    requested = _article_requests(site)
    assert requested == new


def test_topic_filter_before_fetching(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path
) -> None:
    site = servers[0].site
    config = make_config(site, tmp_path, crawl__topic_filter=True)
    Crawler(config, tmp_path / "crawl").run([f"{site.base}/", f"{site.base}/cong-doan/"])
    requested = _article_requests(site)
    linked = set(site.home_links) | {p for page in site.listing_pages for p in page}
    kw = config.crawl.topic_keywords
    on_topic = {p for p in linked if topic_match([p, site.docs[p].title], kw)}
    assert linked - on_topic  # some links are off topic (general news fixtures)
    assert requested & linked == on_topic
    # URLs under /cong-doan/ are on topic by their URL alone
    assert set(site.fault_links) <= requested


def test_two_hosts_are_crawled_side_by_side_each_politely(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path
) -> None:
    from .site import Site
    from .site import SiteServer as Server

    site_a = servers[0].site
    with Server(Site()) as other:
        site_b = other.site
        host_b = f"localhost:{other.server_address[1]}"
        config = make_config(
            site_a, tmp_path,
            crawl__allowed_hosts=(site_a.base.split("//")[1], host_b),
            crawl__max_pages=8,
        )
        Crawler(config, tmp_path / "crawl").run(
            [f"{site_a.base}/cong-doan/", f"http://{host_b}/cong-doan/"]
        )
    for site in (site_a, site_b):
        starts = sorted(e.start for e in site.log)
        assert len(starts) > 3
        for k, t in enumerate(starts):
            assert t - starts[0] >= k * Site.ROBOTS_DELAY - 0.03
        assert site.max_inflight <= 2
    # The hosts were fetched at the same time, not one after the other.
    a = sorted(e.start for e in site_a.log)
    b = sorted(e.start for e in site_b.log)
    assert b[0] < a[-1] and a[0] < b[-1]
    assert len(_article_requests(site_a)) + len(_article_requests(site_b)) == 8
