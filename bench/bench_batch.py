"""Benchmark of ``extractor batch`` (run by hand, not in CI).

Generates WARC.gz archives of fixture pages varied page by page (numbers,
titles and URLs changed), then runs the CLI as a subprocess and measures:

* articles/second/core for the whole path (read -> extract -> figures ->
  dedupe -> write), with our content extractor and with trafilatura;
* peak memory (RSS summed over the driver and its worker processes) at the
  small and the large archive size;
* speed-up from 1 to 2 workers.

Results go to ``bench/RESULTS-batch.md``.

    python bench/bench_batch.py                      # 5,000 and 50,000 pages
    python bench/bench_batch.py --small 1000 --large 10000 --workdir /tmp/bb
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures" / "html"


# -- archive generation --------------------------------------------------------


def _vary(html: bytes, i: int) -> bytes:
    """Copy ``i`` of a page: its numbers shifted by ``i + 1`` (so every copy's
    text differs: near-duplicates, not exact ones) and its title marked."""
    shift = i + 1
    html = re.sub(rb"\b\d{1,4}\b", lambda m: str(int(m.group(0)) + shift).encode(), html)
    return re.sub(rb"(<title[^>]*>)", lambda m: m.group(1) + f"[{i}] ".encode(), html, count=1)


def _record(url: str, body: bytes) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "WARC-Date: 2025-07-01T00:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=1)


def make_archive(path: Path, n: int) -> Path:
    """A WARC.gz of ``n`` pages (one gzip member per record, as crawlers write)."""
    if path.exists():
        return path
    pages = [(p.parent.name, p.stem, p.read_bytes()) for p in sorted(FIXTURES.rglob("*.html"))]
    if not pages:
        sys.exit(f"no fixture pages under {FIXTURES}")
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as fh:
        for i in range(n):
            site, stem, body = pages[i % len(pages)]
            fh.write(_record(f"https://{site}/{stem}-{i}.html", _vary(body, i // len(pages))))
    tmp.rename(path)
    return path


# -- measured runs --------------------------------------------------------------


@dataclass
class Run:
    label: str
    pages: int
    workers: int
    seconds: float
    articles: int
    peak_rss_mb: float
    driver_cpu: float = 0.0  # CPU seconds of the driver process (planning, writing)
    worker_cpu: float = 0.0  # CPU seconds of the worker processes
    driver_rss_mb: float = 0.0  # peak RSS of the driver
    worker_rss_mb: float = 0.0  # peak RSS of the largest worker process

    @property
    def per_core(self) -> float:
        return self.articles / self.seconds / self.workers

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


def _tree_sample(proc: psutil.Process, cpu: dict[int, float], rss: dict[int, int]) -> int:
    """RSS summed over the process tree; records each process's CPU seconds
    and peak RSS."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            r = p.memory_info().rss
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += r
        cpu[p.pid] = t.user + t.system
        rss[p.pid] = max(rss.get(p.pid, 0), r)
    return total


PATTERNS: list[str] = []  # extra CLI flags, e.g. ["--patterns", DIR]


def run_batch(
    label: str, archive: Path, pages: int, workers: int, out: Path, config: Path | None
) -> Run:
    cmd = [sys.executable, "-m", "extractor", "batch", str(archive), "-o", str(out), "--fresh",
           "--quiet", "-j", str(workers), *PATTERNS]  # fmt: skip
    if config is not None:
        cmd += ["--config", str(config)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "bench")])}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, float] = {}
    rss: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_sample(ps, cpu, rss))
            stop.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    rc = proc.wait()
    seconds = time.monotonic() - started
    stop.set()
    t.join()
    if rc not in (0, 1):
        sys.exit(f"{label}: extractor batch exited with {rc}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    if summary["errors"] > pages // 2:
        first = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()[0]
        sys.exit(f"{label}: {summary['errors']} of {pages} pages crashed, e.g. {first}")
    driver_cpu = cpu.pop(proc.pid, 0.0)
    driver_rss = rss.pop(proc.pid, 0)
    run = Run(label, pages, workers, seconds, int(summary["articles"]), peak / 2**20,
              driver_cpu, sum(cpu.values()), driver_rss / 2**20,
              max(rss.values(), default=0) / 2**20)  # fmt: skip
    print(
        f"{label:<34} {pages:>6} pages  {workers} worker(s)  {seconds:7.1f} s  "
        f"{run.articles:>6} articles  {run.per_core:6.1f} art/s/core  peak {run.peak_rss_mb:6.0f} MB  "
        f"(driver {run.driver_rss_mb:.0f}, worker {run.worker_rss_mb:.0f})  "
        f"cpu driver {run.driver_cpu:.1f} s workers {run.worker_cpu:.1f} s",
        flush=True,
    )
    return run


# -- trafilatura as the content extractor ---------------------------------------


def trafilatura_pipeline(config: Any) -> Any:
    """A Pipeline whose content stage is trafilatura (used via batch.pipeline)."""
    from extractor.content import Content
    from extractor.models import Rejection, RejectReason
    from extractor.pipeline import Pipeline
    from extractor.textnorm import decode_bytes, normalize_text

    class TrafilaturaPipeline(Pipeline):
        def content_from_html(
            self, html: str | bytes, url: str | None = None, headers: dict[str, str] | None = None
        ) -> Content | Rejection:
            import trafilatura

            if isinstance(html, bytes):
                html, _ = decode_bytes(html)
            doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
            if doc is None:
                return Rejection(RejectReason.NOT_ARTICLE, "trafilatura found no body", url=url)
            data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            text = normalize_text(data.get("text") or "")
            if len(text) < self.config.content.min_body_chars:
                return Rejection(RejectReason.NOT_ARTICLE, "no article body found", url=url)
            return Content(text=text, title=data.get("title"), published=data.get("date"), url=url)

    return TrafilaturaPipeline(config)


# -- report ---------------------------------------------------------------------


def write_results(path: Path, runs: list[Run], notes: list[str]) -> None:
    by = {r.label: r for r in runs}
    lines = [
        "# Batch benchmark (`bench/bench_batch.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}. Archive: WARC.gz of fixture pages from "
        "`shared/fixtures/html` varied page by page (numbers, titles, URLs). Whole path: "
        "read WARC -> content -> figures -> dedupe -> JSONL, default configuration. "
        "Peak memory is the RSS summed over the driver and its worker processes.",
        "",
        "| run | pages | workers | seconds | articles | pages/s | articles/s/core | peak RSS (MB) "
        "| peak RSS driver / largest worker (MB) | CPU s driver / workers |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        lines.append(
            f"| {r.label} | {r.pages:,} | {r.workers} | {r.seconds:.1f} | {r.articles:,} | "
            f"{r.pages_per_s:.1f} | {r.per_core:.1f} | {r.peak_rss_mb:.0f} | "
            f"{r.driver_rss_mb:.0f} / {r.worker_rss_mb:.0f} | {r.driver_cpu:.1f} / {r.worker_cpu:.1f} |"
        )
    lines.append("")
    one, two = by.get("ours, 1 worker"), by.get("ours, 2 workers")
    if one and two:
        lines.append(
            f"- Speed-up from 1 to 2 workers at {one.pages:,} pages: **{one.seconds / two.seconds:.2f}x**."
        )
    one_l, two_l = by.get("ours, 1 worker, large"), by.get("ours, 2 workers, large")
    if one_l and two_l:
        lines.append(
            f"- Speed-up from 1 to 2 workers at {one_l.pages:,} pages: "
            f"**{one_l.seconds / two_l.seconds:.2f}x**."
        )
    traf, ours_t = by.get("trafilatura, 1 worker"), by.get("ours, 1 worker, trafilatura sample")
    if ours_t and traf:
        lines.append(
            f"- Content extractor on the same {traf.pages:,} pages: ours {ours_t.per_core:.1f} vs "
            f"trafilatura {traf.per_core:.1f} articles/s/core ({ours_t.pages_per_s:.1f} vs "
            f"{traf.pages_per_s:.1f} pages/s; article counts differ because the extractors "
            "accept different pages, e.g. listing pages)."
        )
    small, large = by.get("ours, 2 workers"), by.get("ours, 2 workers, large")
    if small and large:
        lines.append(
            f"- Peak memory: {small.peak_rss_mb:.0f} MB at {small.pages:,} pages, "
            f"{large.peak_rss_mb:.0f} MB at {large.pages:,} pages."
        )
    lines += [f"- {n}" for n in notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--small", type=int, default=5_000)
    ap.add_argument("--large", type=int, default=50_000)
    ap.add_argument("--trafilatura-pages", type=int, default=1_000)
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument(
        "--large-one-worker", action="store_true", help="also 1 worker on the large archive"
    )
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/bench-batch"))
    ap.add_argument("--results", type=Path, default=REPO / "bench" / "RESULTS-batch.md")
    ap.add_argument("--note", action="append", default=[], help="line added to the results")
    ap.add_argument("--patterns", type=Path, help="patterns directory (default: the bundled one)")
    args = ap.parse_args()
    if args.patterns is not None:
        PATTERNS.extend(["--patterns", str(args.patterns)])
    args.workdir.mkdir(parents=True, exist_ok=True)
    t = time.monotonic()
    small = make_archive(args.workdir / f"pages-{args.small}.warc.gz", args.small)
    print(
        f"archive {small} ({small.stat().st_size / 2**20:.0f} MB) in {time.monotonic() - t:.0f} s"
    )
    traf_cfg = args.workdir / "trafilatura.toml"
    traf_cfg.write_text(
        '[batch]\npipeline = "bench_batch:trafilatura_pipeline"\n', encoding="utf-8"
    )
    # trafilatura is much slower: its rate is measured on a smaller archive
    tsmall = make_archive(
        args.workdir / f"pages-{args.trafilatura_pages}.warc.gz", args.trafilatura_pages
    )
    runs = [
        run_batch("ours, 1 worker", small, args.small, 1, args.workdir / "o1", None),
        run_batch("ours, 2 workers", small, args.small, 2, args.workdir / "o2", None),
        run_batch("ours, 1 worker, trafilatura sample", tsmall, args.trafilatura_pages, 1,
                  args.workdir / "o1t", None),
        run_batch("trafilatura, 1 worker", tsmall, args.trafilatura_pages, 1, args.workdir / "t1", traf_cfg),
    ]  # fmt: skip
    write_results(args.results, runs, args.note)
    if not args.skip_large:
        t = time.monotonic()
        large = make_archive(args.workdir / f"pages-{args.large}.warc.gz", args.large)
        print(
            f"archive {large} ({large.stat().st_size / 2**20:.0f} MB) in {time.monotonic() - t:.0f} s"
        )
        runs.append(
            run_batch("ours, 2 workers, large", large, args.large, 2, args.workdir / "o2l", None)
        )
        write_results(args.results, runs, args.note)
        if args.large_one_worker:
            runs.append(
                run_batch("ours, 1 worker, large", large, args.large, 1, args.workdir / "o1l", None)
            )
            write_results(args.results, runs, args.note)


if __name__ == "__main__":
    main()
