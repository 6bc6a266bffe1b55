"""Discovery, URL and robots helpers on real fixture feeds/pages and small inputs."""

from __future__ import annotations

import gzip
import json

import pytest

from extractor.config import CrawlConfig
from extractor.content.decode import decode_html
from extractor.crawl import RobotsRules, Scope, looks_like_article, normalize_url
from extractor.crawl.discover import discover, listing_links, parse_feed, parse_sitemap
from extractor.crawl.fetch import _retry_after, agent_token
from extractor.crawl.urls import host_of, parse_date, topic_match

from .site import SHARED

FEEDS = SHARED / "fixtures" / "feeds"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://vnexpress.net/cong-nhan-mat-viec-chat-vat-lo-tet-4546470.html", True),
        ("https://laodong.vn/cong-doan/hon-2000-doan-vien-duoc-ho-tro-1234567.ldo", True),
        ("https://plo.vn/doan-dai-bieu-tphcm-dang-hoa-post874982.html", True),
        ("https://nld.com.vn/cong-doan.htm", False),
        ("https://nld.com.vn/tag/cong-doan-123456.html", False),
        ("https://nld.com.vn/tim-kiem?q=cong-doan-co-so-thanh-lap-moi", False),
        ("https://nld.com.vn/cong-doan/trang-2.htm", False),
        ("https://nld.com.vn/files/bao-cao-cong-doan-2024-123456.pdf", False),
        ("https://nld.com.vn/", False),
    ],
)
def test_looks_like_article(url: str, expected: bool) -> None:
    assert looks_like_article(url) is expected


def test_normalize_url() -> None:
    assert normalize_url("HTTP://Example.VN:80/a?utm_source=x&id=2#top") == "http://example.vn/a?id=2"
    assert normalize_url("../b.html", "https://x.vn/a/c/") == "https://x.vn/a/b.html"
    assert normalize_url("javascript:void(0)") is None
    assert normalize_url("ftp://x.vn/a") is None


def test_scope_hosts_and_patterns() -> None:
    cfg = CrawlConfig(allowed_hosts=("laodong.vn",), exclude=(r"/video/",))
    scope = Scope.build(cfg, [])
    assert scope.allows("https://www.laodong.vn/a-123456.ldo", article=True)
    assert not scope.allows("https://laodong.vn.evil.com/a", article=False)
    assert not scope.allows("https://laodong.vn/video/a-123456.ldo", article=True)
    seeded = Scope.build(CrawlConfig(), ["http://127.0.0.1:8080/"])
    assert seeded.host_allowed("http://127.0.0.1:8080/x")
    assert not seeded.host_allowed("http://127.0.0.1:8081/x")


def test_topic_match_folds_diacritics() -> None:
    kw = CrawlConfig().topic_keywords
    assert topic_match(["https://x.vn/cong-doan-co-so-12345.html"], kw)
    assert topic_match([None, "LĐLĐ tỉnh tập huấn cho Đoàn viên"], kw)
    assert not topic_match(["https://x.vn/gia-vang-hom-nay-12345.html", "Giá vàng"], kw)


def test_parse_date_defaults_to_vietnam_time() -> None:
    assert parse_date("2024-01-02T08:00:00").isoformat() == "2024-01-02T01:00:00+00:00"  # type: ignore[union-attr]
    assert parse_date("Mon, 18 Feb 2019 21:05:27 +0700").isoformat() == "2019-02-18T14:05:27+00:00"  # type: ignore[union-attr]
    assert parse_date("yesterday") is None


def test_parse_fixture_rss_feed() -> None:
    path = FEEDS / "vnexpress.net" / "tin-moi-nhat-2019a.xml"
    if not path.is_file():
        pytest.skip(f"shared fixtures not found at {FEEDS}")
    meta = next(m for m in json.loads((FEEDS / "manifest.json").read_text()) if m["file"].endswith("2019a.xml"))
    links = parse_feed(path.read_bytes(), meta["feed_url"])
    assert len(links) == meta["item_count"]
    assert [link.url for link in links[:5]] == meta["first_item_links"]
    assert links[0].date == "2019-02-18T13:35:51+00:00"
    assert links[0].title and links[0].title.startswith(meta["first_item_titles"][0])
    assert discover(path.read_bytes(), meta["feed_url"], "text/xml", max_bytes=10**6).kind == "feed"


def test_listing_links_on_fixture_home_page() -> None:
    path = SHARED / "fixtures" / "html" / "vnexpress.net" / "listing-home-2012.html"
    if not path.is_file():
        pytest.skip("shared fixtures not found")
    links = listing_links(path.read_bytes(), "https://vnexpress.net/")
    articles = [link.url for link in links if link.kind == "article"]
    assert len(articles) >= 10
    assert all(host_of(u) == "vnexpress.net" for u in articles)
    assert not any("/tag/" in u or "tim-kiem" in u for u in articles)


def test_sitemap_index_and_gzipped_urlset() -> None:
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://x.vn/s1.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap></sitemapindex>"""
    links = parse_sitemap(index, "https://x.vn/sitemap.xml")
    assert [(link.url, link.kind) for link in links] == [("https://x.vn/s1.xml.gz", "sitemap")]
    urlset = gzip.compress(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.vn/a-123456.html'
        b"</loc><lastmod>2024-05-01T10:00:00+07:00</lastmod></url></urlset>"
    )
    found = discover(urlset, "https://x.vn/s1.xml.gz", "application/x-gzip", max_bytes=10**6)
    assert found.kind == "sitemap"
    assert found.links[0].date == "2024-05-01T03:00:00+00:00"
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000)
    assert discover(bomb, "https://x.vn/b.xml.gz", "", max_bytes=1000).links == []


def test_robots_rules_rfc9309_fallbacks() -> None:
    rules = RobotsRules(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n")
    assert not rules.allowed("https://x.vn/private/a", "union-figures")
    assert rules.allowed("https://x.vn/a", "union-figures")
    assert rules.crawl_delay("union-figures") == 2.0
    assert RobotsRules(404).allowed("https://x.vn/a", "ua")  # no robots.txt: all allowed
    assert not RobotsRules(503).allowed("https://x.vn/a", "ua")  # server error: none
    assert not RobotsRules(None).allowed("https://x.vn/a", "ua")  # unreachable: none
    assert agent_token("union-figures/0.1 (+mailto:a@b)") == "union-figures"


def test_retry_after_seconds_and_date() -> None:
    assert _retry_after("7") == 7.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert _retry_after("soon") is None


def test_a_wrong_or_missing_charset_is_corrected() -> None:
    # the one decoding of every page (crawl, WARC, files) is content.decode
    utf8 = "<p>Công đoàn</p>".encode()
    assert decode_html(utf8, {"content-type": "text/html; charset=iso-8859-1"}).encoding == "utf-8"
    assert decode_html(utf8, {"content-type": "text/html"}).text == "<p>Công đoàn</p>"
    legacy = "<p>Công đoàn</p>".encode("cp1258")
    got = decode_html(legacy, {"content-type": "text/html; charset=windows-1258"})
    assert got.encoding == "cp1258" and got.text == "<p>Công đoàn</p>"
    meta = b"<meta charset='windows-1258'><p>C\xf4ng \xf0o\xe0n</p>"
    assert decode_html(meta).text.endswith("<p>Công đoàn</p>")
