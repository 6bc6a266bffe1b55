"""A small hostile site on 127.0.0.1: a sitemap listing article URLs whose
responses a test chooses (decompression bombs, a redirect to ``javascript:``,
a page that never ends...). Every request is logged."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Response = tuple[int, dict[str, str], bytes]


@dataclass
class HostileSite:
    routes: dict[str, Response | Callable[[Any], None]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def article_urls(self) -> list[str]:
        return [self.base + p for p in self.routes if p.endswith(".html")]

    def sitemap(self) -> bytes:
        locs = "".join(f"<url><loc>{u}</loc></url>" for u in self.article_urls())
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        ).encode()

    def hits(self, path: str) -> int:
        with self.lock:
            return self.log.count(path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.log.append(self.path)
        if self.path == "/sitemap.xml":
            return self._send(200, {"Content-Type": "application/xml"}, site.sitemap())
        route = site.routes.get(self.path)
        if route is None:
            return self._send(404, {"Content-Type": "text/html"}, b"<h1>404</h1>")
        if callable(route):
            route(self)
            return None
        status, headers, body = route
        return self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site: HostileSite) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        site.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class serve:
    """``with serve(site) as s:`` runs the site on 127.0.0.1 for the block."""

    def __init__(self, site: HostileSite) -> None:
        self.server = _Server(site)

    def __enter__(self) -> HostileSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server.site

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
