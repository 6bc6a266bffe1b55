"""A simulated union-news site on a real HTTP server (127.0.0.1, port 0).

Article pages are the real pages under ``shared/fixtures/html`` (canonical/og:url
tags removed so records point at the simulated URLs); home, listing pages with
pagination, an RSS feed, a nested sitemap index (one part gzipped) and robots.txt
are generated around them. Fault pages: 500s (transient and permanent), 429 with
Retry-After, a slow first response, a truncated body, a redirect loop, a redirect
out of scope, a 50 MB streamed page, a wrong charset, an image posing as an
article, a 404, and articles that change between two crawls (ETag and
Last-Modified validators, 304s).

Every request goes into ``site.log`` (path, start/end time, headers, status,
bytes sent), which the tests assert on.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import brotli

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
FIXTURES = SHARED / "fixtures" / "html"

_CANONICAL = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']og:url[\"'][^>]*>", re.I
)


@dataclass
class Entry:
    path: str
    method: str
    start: float
    end: float = 0.0
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    sent: int = 0


@dataclass
class Doc:
    body: bytes
    title: str
    published: datetime
    etag: str | None = None
    last_modified: datetime | None = None
    version: int = 1
    anchor: bytes | None = None  # a piece of the article's last paragraph, to edit inside it


def fixture_articles() -> list[dict[str, Any]]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    return [m for m in manifest if m["kind"] == "article"]


class Site:
    """State of the simulated site; the handler reads it under ``lock``."""

    ROBOTS_DELAY = 0.1
    BIG = 50 * 1024 * 1024

    def __init__(self, ext_base: str = "http://localhost:9/", *, articles: bool = True) -> None:
        self.lock = threading.Lock()
        self.log: list[Entry] = []
        self.inflight = 0
        self.max_inflight = 0
        self.hits: dict[str, int] = {}
        self.ext_base = ext_base.rstrip("/")
        self.base = ""
        self.docs: dict[str, Doc] = {}
        fixtures = fixture_articles() if articles else []
        # vnexpress pages first: the minimal content extractor accepts them, so the
        # pages whose records tests look at (charset, flaky, changed) use them.
        fixtures.sort(key=lambda m: (not m["file"].startswith("vnexpress"), m["file"]))
        specials = [
            "/cong-doan/sai-bang-ma-ky-tu-100008.html",
            "/cong-doan/loi-may-chu-tam-thoi-100001.html",
            "/cong-doan/qua-tai-yeu-cau-100003.html",
            "/cong-doan/phan-hoi-cham-100004.html",
            "/cong-doan/bai-da-chuyen-dia-chi-moi-100011.html",
        ]
        self.special = specials
        paths = list(specials)
        for i, m in enumerate(fixtures[len(specials) :]):
            slug = re.sub(r"^\d{4}-", "", Path(m["file"]).stem)
            paths.append(f"/tin-tuc/{slug}-{200001 + i}.html")
        for i, (path, m) in enumerate(zip(paths, fixtures, strict=False)):
            raw = (FIXTURES / m["file"]).read_bytes()
            body = _CANONICAL.sub(b"", raw)
            published = datetime.fromisoformat(m["published"]) if m.get("published") else (
                datetime(2024, 1, 1, tzinfo=UTC)
            )
            doc = Doc(body, m.get("title") or path, published.astimezone(UTC))
            for key in ("body_last", "body_first"):
                piece = (m.get(key) or "")[:25].encode()
                if piece and piece in body:
                    doc.anchor = piece
                    break
            if i % 2 == 0:
                doc.etag = f'"v1-{i}"'
            else:
                doc.last_modified = datetime(2025, 1, 1, 8, 0, i, tzinfo=UTC)
            self.docs[path] = doc
        self.articles = [p for p in paths if p != "/cong-doan/bai-da-chuyen-dia-chi-moi-100011.html"]
        # The plain articles, spread over the discovery sources.
        plain = [p for p in self.articles if p not in specials]
        self.home_links = plain[0:3]
        self.listing_pages = [plain[3:6], plain[6:8], plain[8:9]]
        self.feed_links = plain[0:2] + plain[9:10]
        self.sitemap_news = plain[10:11]
        self.sitemap_archive = plain[11:]
        self.fault_links = [
            "/cong-doan/loi-may-chu-tam-thoi-100001.html",
            "/cong-doan/loi-may-chu-vinh-vien-100002.html",
            "/cong-doan/qua-tai-yeu-cau-100003.html",
            "/cong-doan/phan-hoi-cham-100004.html",
            "/cong-doan/trang-bi-cat-ngang-100005.html",
            "/cong-doan/vong-lap-chuyen-huong-a-100006.html",
            "/cong-doan/trang-sieu-lon-50mb-100007.html",
            "/cong-doan/sai-bang-ma-ky-tu-100008.html",
            "/cong-doan/hinh-anh-hoat-dong-100009.html",
            "/cong-doan/chuyen-huong-ra-ngoai-100010.html",
            "/cong-doan/duong-dan-cu-100011.html",
            "/cong-doan/bai-da-bi-xoa-100012.html",
        ]
        self.private = "/private/bi-mat-cong-doan-300001.html"
        self.external = f"{self.ext_base}/cong-doan/ngoai-pham-vi-400001.html"

    # -- what a complete crawl must give --------------------------------------
    def expected_article_paths(self) -> set[str]:
        """Pages that a complete crawl fetches with a 200 and hands to extraction."""
        return set(self.articles)

    def change(self, path: str) -> None:
        """Edit an article (new body, new validators, newer sitemap/feed date)."""
        with self.lock:
            doc = self.docs[path]
            doc.version += 1
            # the update goes into the article body (after the paragraph holding the
            # anchor), where a content extractor looks, not after the page footer
            update = "<p>Cập nhật: Công đoàn bổ sung số liệu mới về đoàn viên.</p>".encode()
            at = doc.body.find(doc.anchor) if doc.anchor else -1
            end_p = re.compile(rb"</p>", re.IGNORECASE).search(doc.body, at) if at >= 0 else None
            if end_p is not None:
                cut = end_p.end()
                doc.body = doc.body[:cut] + update + doc.body[cut:]
            else:
                doc.body = doc.body.replace(b"</body>", update + b"</body>", 1)
            if doc.etag:
                doc.etag = f'"v{doc.version}-{path}"'
            else:
                doc.last_modified = datetime.now(UTC).replace(microsecond=0)
            doc.published = datetime.now(UTC)

    def requests_for(self, path: str) -> list[Entry]:
        return [e for e in self.log if e.path == path]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()
            self.hits.clear()

    # -- generated pages ---------------------------------------------------------
    def _a(self, path: str) -> str:
        doc = self.docs.get(path)
        title = doc.title if doc else path.rsplit("/", 1)[-1]
        return f'<li><a href="{path}">{title}</a></li>'

    def home(self) -> bytes:
        links = "".join(self._a(p) for p in self.home_links)
        return (
            "<!doctype html><html><head><meta charset='utf-8'><title>Báo Lao Động Giả Lập</title>"
            "</head><body><nav><a href='/'>Trang chủ</a> <a href='/cong-doan/'>Công đoàn</a> "
            "<a href='/tag/cong-doan'>#congdoan</a> <a href='/tim-kiem?q=cong+doan'>Tìm</a></nav>"
            f"<ul>{links}"
            f"<li><a href='{self.private}'>Tin nội bộ công đoàn</a></li>"
            f"<li><a href='{self.external}'>Bài ngoài phạm vi công đoàn</a></li>"
            "<li><a href='/files/bao-cao-cong-doan-2024-123456.pdf'>Báo cáo</a></li>"
            "</ul></body></html>"
        ).encode()

    def listing(self, n: int) -> bytes:
        items = list(self.listing_pages[n - 1])
        if n == 1:
            items += self.fault_links
        links = "".join(self._a(p) for p in items)
        pager = ""
        if n < len(self.listing_pages):
            pager += f"<a class='next' href='/cong-doan/trang-{n + 1}.html'>Trang sau</a>"
        if n > 1:
            pager += "<a href='/cong-doan/'>Trang 1</a>"
        return (
            "<!doctype html><html><head><meta charset='utf-8'><title>Công đoàn</title></head>"
            f"<body><h1>Công đoàn - trang {n}</h1><ul>{links}</ul><div class='pager'>{pager}</div>"
            "</body></html>"
        ).encode()

    def rss(self) -> bytes:
        items = []
        for p in self.feed_links:
            doc = self.docs[p]
            items.append(
                f"<item><title>{doc.title}</title><link>{self.base}{p}</link>"
                f"<guid>{self.base}{p}</guid><pubDate>{format_datetime(doc.published)}</pubDate>"
                "<description>Tin công đoàn</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Công đoàn</title><link>{self.base}/</link>{''.join(items)}</channel></rss>"
        ).encode()

    def _urlset(self, paths: list[str]) -> bytes:
        urls = "".join(
            f"<url><loc>{self.base}{p}</loc><lastmod>{self._lastmod(p)}</lastmod></url>"
            for p in paths
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()

    def _lastmod(self, path: str) -> str:
        doc = self.docs[path]
        when = doc.last_modified or doc.published
        if doc.version > 1:
            when = datetime.now(UTC)
        return when.isoformat()

    def _index(self, parts: list[str]) -> bytes:
        items = "".join(f"<sitemap><loc>{self.base}{p}</loc></sitemap>" for p in parts)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
        ).encode()

    def robots(self) -> bytes:
        return (
            "User-agent: *\nDisallow: /private/\n"
            f"Crawl-delay: {self.ROBOTS_DELAY}\n\nUser-agent: BadBot\nDisallow: /\n"
        ).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SiteServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        entry = Entry(self.path, "GET", time.monotonic(), headers=dict(self.headers.items()))
        with site.lock:
            site.log.append(entry)
            site.inflight += 1
            site.max_inflight = max(site.max_inflight, site.inflight)
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            hit = site.hits[self.path]
        try:
            self._route(site, entry, hit)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            entry.end = time.monotonic()
            with site.lock:
                site.inflight -= 1

    # -- helpers -----------------------------------------------------------------
    def _send(
        self,
        entry: Entry,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        extra: dict[str, str] | None = None,
        encode: bool = True,
    ) -> None:
        headers = dict(extra or {})
        accept = self.headers.get("Accept-Encoding", "")
        if encode and body and status == 200:
            if "br" in accept and entry.path.endswith("0.html"):
                body, headers["Content-Encoding"] = brotli.compress(body, quality=4), "br"
            elif "gzip" in accept:
                body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        entry.status = status
        self.send_response(status)
        if body or status not in (204, 304):
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
            entry.sent = len(body)

    def _redirect(self, entry: Entry, status: int, location: str) -> None:
        self._send(entry, status, b"", extra={"Location": location})

    def _route(self, site: Site, entry: Entry, hit: int) -> None:
        path = self.path
        if path == "/robots.txt":
            return self._send(entry, 200, site.robots(), "text/plain")
        if path == "/":
            return self._send(entry, 200, site.home())
        if path == "/cong-doan/":
            return self._send(entry, 200, site.listing(1))
        m = re.fullmatch(r"/cong-doan/trang-(\d+)\.html", path)
        if m and 1 < int(m.group(1)) <= len(site.listing_pages):
            return self._send(entry, 200, site.listing(int(m.group(1))))
        if path == "/rss/cong-doan.rss":
            return self._send(entry, 200, site.rss(), "application/rss+xml; charset=utf-8")
        if path == "/sitemap.xml":
            return self._send(
                entry, 200, site._index(["/sitemaps/news.xml", "/sitemaps/archive-index.xml"]),
                "application/xml",
            )
        if path == "/sitemaps/news.xml":
            return self._send(entry, 200, site._urlset(site.sitemap_news), "application/xml")
        if path == "/sitemaps/archive-index.xml":
            return self._send(entry, 200, site._index(["/sitemaps/2012.xml.gz"]), "application/xml")
        if path == "/sitemaps/2012.xml.gz":
            data = gzip.compress(site._urlset(site.sitemap_archive))
            return self._send(entry, 200, data, "application/x-gzip", encode=False)
        # -- fault modes --------------------------------------------------------
        if path == "/cong-doan/loi-may-chu-tam-thoi-100001.html" and hit <= 2:
            return self._send(entry, 500, b"<h1>500</h1>")
        if path == "/cong-doan/loi-may-chu-vinh-vien-100002.html":
            return self._send(entry, 500, b"<h1>500</h1>")
        if path == "/cong-doan/qua-tai-yeu-cau-100003.html" and hit == 1:
            return self._send(entry, 429, b"slow down", extra={"Retry-After": "1"})
        if path == "/cong-doan/phan-hoi-cham-100004.html" and hit == 1:
            time.sleep(1.5)
        if path == "/cong-doan/trang-bi-cat-ngang-100005.html":
            entry.status = 200
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "30000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>" + "Công đoàn ".encode() * 500)
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/cong-doan/vong-lap-chuyen-huong-a-100006.html":
            return self._redirect(entry, 302, "/cong-doan/vong-lap-chuyen-huong-b-100006.html")
        if path == "/cong-doan/vong-lap-chuyen-huong-b-100006.html":
            return self._redirect(entry, 302, "/cong-doan/vong-lap-chuyen-huong-a-100006.html")
        if path == "/cong-doan/chuyen-huong-ra-ngoai-100010.html":
            return self._redirect(entry, 301, site.external)
        if path == "/cong-doan/duong-dan-cu-100011.html":
            return self._redirect(entry, 301, "/cong-doan/bai-da-chuyen-dia-chi-moi-100011.html")
        if path == "/cong-doan/trang-sieu-lon-50mb-100007.html":
            return self._stream_big(entry)
        if path == "/cong-doan/hinh-anh-hoat-dong-100009.html":
            return self._send(entry, 200, b"\xff\xd8\xff\xe0" + b"\x00" * 5000, "image/jpeg")
        doc = site.docs.get(path)
        if doc is None:
            return self._send(entry, 404, b"<h1>404</h1>")
        return self._article(entry, path, doc)

    def _article(self, entry: Entry, path: str, doc: Doc) -> None:
        with self.server.site.lock:
            body, etag, lm = doc.body, doc.etag, doc.last_modified
        extra: dict[str, str] = {}
        if etag:
            extra["ETag"] = etag
            if self.headers.get("If-None-Match") == etag:
                return self._send(entry, 304, extra=extra)
        if lm is not None:
            extra["Last-Modified"] = format_datetime(lm, usegmt=True)
            since = self.headers.get("If-Modified-Since")
            if since and not etag:
                try:
                    if parsedate_to_datetime(since) >= lm:
                        return self._send(entry, 304, extra=extra)
                except (TypeError, ValueError):
                    pass
        ctype = "text/html; charset=utf-8"
        if path == "/cong-doan/sai-bang-ma-ky-tu-100008.html":
            ctype = "text/html; charset=iso-8859-1"  # the body is UTF-8
        return self._send(entry, 200, body, ctype, extra)

    def _stream_big(self, entry: Entry) -> None:
        """50 MB of HTML, chunked, no Content-Length: the client must cut it."""
        entry.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 8) + b"</p>\n"
        sent = 0
        try:
            while sent < Site.BIG:
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
                entry.sent = sent
            self.wfile.write(b"0\r\n\r\n")
        finally:
            self.close_connection = True


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site
        site.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up (cut bodies, timeouts) are part of the tests

    def __enter__(self) -> SiteServer:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


def start_site() -> tuple[SiteServer, SiteServer]:
    """The news site and an out-of-scope site (``localhost``, another port) whose
    log must stay empty."""
    ext = SiteServer(Site(articles=False))
    site = Site(f"http://localhost:{ext.server_address[1]}")
    return SiteServer(site), ext
