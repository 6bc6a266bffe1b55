"""Crawler throughput and memory on a local simulated site (run by hand).

    .venv/bin/python bench/crawl_bench.py [N_ARTICLES]

Serves N article pages (real fixture pages under distinct URLs) listed in a
sitemap, with no politeness delay, and reports crawl pages/s, WARC re-processing
pages/s and the peak RSS of the process. Appends nothing to files: copy the
printed table into bench/RESULTS-crawl.md.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from extractor.config import load_config
from extractor.crawl import Crawler, records_from_warc, warc_files
from extractor.pipeline import Pipeline

FIXTURES = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "html"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    bodies = [p.read_bytes() for p in sorted(FIXTURES.glob("vnexpress.net/20*.html"))]
    if not bodies:
        sys.exit(f"fixtures not found under {FIXTURES}")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/sitemap.xml":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                urls = "".join(
                    f"<url><loc>{base}/tin/bai-viet-so-{i:06d}-{100000 + i}.html</loc></url>"
                    for i in range(n)
                )
                body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
                ctype = "application/xml"
            else:
                i = int(self.path.rsplit("-", 1)[-1].split(".")[0]) - 100000
                body, ctype = bodies[i % len(bodies)], "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seed = f"http://127.0.0.1:{server.server_address[1]}/sitemap.xml"
    with tempfile.TemporaryDirectory() as tmp:
        patterns = Path(__file__).resolve().parents[1] / "patterns"
        if not patterns.is_dir():
            patterns = Path(tmp) / "patterns"
            patterns.mkdir()
        config = load_config(
            None,
            {
                "patterns_dir": str(patterns),
                "nlp.enabled": False,
                "crawl.min_delay": 0.0,
                "crawl.per_host_concurrency": 8,
                "crawl.global_concurrency": 8,
            },
        )
        out = Path(tmp) / "crawl"
        t0 = time.perf_counter()
        summary = Crawler(config, out).run([seed])
        crawl_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        articles, _ = records_from_warc(warc_files(out), Pipeline(config), config=config)
        reproc_s = time.perf_counter() - t0
        warc_mb = sum(p.stat().st_size for p in warc_files(out)) / 1e6
    server.shutdown()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| articles | crawl s | crawl pages/s | reprocess pages/s | WARC MB | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {n} ({summary.records} records) | {crawl_s:.1f} | {(n + 2) / crawl_s:.0f} | "
        f"{len(articles) / reproc_s:.0f} | {warc_mb:.1f} | {rss_mb:.0f} |"
    )


if __name__ == "__main__":
    main()
