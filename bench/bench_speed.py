"""Speed of the whole path users run, next to trafilatura, in one run (issue 13).

    .venv/bin/python bench/bench_speed.py                    # everything (batch: ~25 min)
    .venv/bin/python bench/bench_speed.py --no-batch         # pages and one-file job (~2 min)
    .venv/bin/python bench/bench_speed.py --batch-pages 5000 # batch at 5k pages only

1. The 17 fixture article pages (``shared/fixtures/html``, manifest.json), one process,
   every contender in each round (interleaved rounds, medians): the project end to end
   (``extract_html``, default config), the same with NLP off, content extraction only,
   trafilatura ``bare_extraction(with_metadata=True)``, resiliparse
   ``extract_plain_text(main_content=True)`` (when installed) and selectolax (Lexbor)
   parse + body text. Models and pattern data are loaded before timing; the project's
   per-process caches (tagged windows, province mentions) are emptied every round, so
   no round profits from having seen the pages before.
2. One-file ``extractor extract`` on a seed text: wall time of the command, Python start
   included (median of 5).
3. ``extractor batch`` over WARC.gz archives of the fixture pages varied page by page
   (``bench_batch.py``): pages/s with ``-j1`` and ``-j2`` and peak RSS summed over the
   driver and its workers, at 5,000 and 50,000 pages.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures" / "html"
if not FIXTURES.exists():
    FIXTURES = Path("/work/shared/fixtures/html")
sys.path.insert(0, str(REPO / "bench"))

Page = tuple[bytes, str]


def fixture_pages() -> list[Page]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    return [((FIXTURES / e["file"]).read_bytes(), e["url"]) for e in manifest if e["kind"] == "article"]


def _clear_caches() -> None:
    from extractor.entities import province
    from extractor.nlp.tagging import make_tagger

    make_tagger.cache_clear()  # a new tagger with an empty window cache (models stay loaded)
    province._mentions_of.cache_clear()


def contenders() -> dict[str, Callable[[bytes, str], Any]]:
    from selectolax.lexbor import LexborHTMLParser

    from extractor import Config, NotAnArticle, Pipeline
    from extractor.config import NlpConfig
    from extractor.content import extract_content

    default = Pipeline(Config())
    no_nlp = Pipeline(Config(nlp=NlpConfig(enabled=False)))

    def ours(pipe: Pipeline) -> Callable[[bytes, str], Any]:
        from extractor import extract_html

        def run(html: bytes, url: str) -> Any:
            try:
                return extract_html(html, url, pipeline=pipe)
            except NotAnArticle:
                return None

        return run

    def trafilatura(html: bytes, url: str) -> Any:
        import trafilatura as t

        return t.bare_extraction(html, url=url, with_metadata=True)

    def selectolax(html: bytes, url: str) -> Any:
        body = LexborHTMLParser(html).body
        return body.text() if body is not None else ""

    out: dict[str, Callable[[bytes, str], Any]] = {
        "`extract_html`, default config (figures and attributes)": ours(default),
        "the same with NLP off": ours(no_nlp),
        "content extraction only": extract_content,
        "trafilatura `bare_extraction(with_metadata=True)`": trafilatura,
    }
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        def resiliparse(html: bytes, url: str) -> Any:
            return extract_plain_text(HTMLTree.parse_from_bytes(html), main_content=True)

        out["resiliparse `extract_plain_text(main_content=True)`"] = resiliparse
    except ImportError:
        print("resiliparse is not installed: its row is left out", file=sys.stderr)
    out["selectolax (Lexbor) parse + body text"] = selectolax
    return out


def page_table(rounds: int) -> list[str]:
    pages = fixture_pages()
    tools = contenders()
    for fn in tools.values():  # warm-up: models, pattern data, imports
        for html, url in pages:
            fn(html, url)
    times: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(rounds):
        for name, fn in tools.items():
            _clear_caches()
            start = time.perf_counter()
            for html, url in pages:
                fn(html, url)
            times[name].append(time.perf_counter() - start)
    base = next(n for n in tools if n.startswith("trafilatura"))
    pps = {name: len(pages) / statistics.median(t) for name, t in times.items()}
    lines = [
        f"{len(pages)} fixture article pages, one process, {rounds} interleaved rounds, medians "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores):",
        "",
        "| contender | pages/s | ms/page | vs trafilatura |",
        "|---|---:|---:|---:|",
    ]
    for name in tools:
        lines.append(f"| {name} | {pps[name]:,.0f} | {1000 / pps[name]:.2f} | {pps[name] / pps[base]:.1f}× |")
    return lines


def one_file_job(runs: int = 5) -> list[str]:
    seed = next(iter(sorted((REPO / "corpus" / "seeds").glob("*.txt"))))
    script = Path(sys.executable).parent / "extractor"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "extractor"]
    walls = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*cmd, "extract", str(seed), "-o", f"{tmp}/out.jsonl", "--quiet"],
                           check=True, cwd=tmp)  # fmt: skip
            walls.append(time.perf_counter() - start)
    shown = " ".join(cmd[-1:] if script.exists() else cmd[1:])
    return [
        f"One-file job: `{Path(shown).name} extract corpus/seeds/{seed.name} -o out.jsonl` "
        f"wall time {statistics.median(walls):.2f} s (median of {runs}, Python start included; "
        f"min {min(walls):.2f} s)."
    ]


def batch_table(sizes: list[int], workdir: Path, one_worker_large: bool) -> list[str]:
    import bench_batch as bb

    workdir.mkdir(parents=True, exist_ok=True)
    runs: list[Any] = []
    for n in sizes:
        archive = bb.make_archive(workdir / f"pages-{n}.warc.gz", n)
        workers = (1, 2) if n == min(sizes) or one_worker_large else (2,)
        for j in workers:
            runs.append(bb.run_batch(f"{n:,} pages, -j{j}", archive, n, j, workdir / f"o{n}-{j}", None))
    lines = [
        "| run | pages | workers | seconds | pages/s | peak RSS, all processes (MB) | largest worker (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(f"| {r.label} | {r.pages:,} | {r.workers} | {r.seconds:.1f} | {r.pages_per_s:.1f} | "
                     f"{r.peak_rss_mb:.0f} | {r.worker_rss_mb:.0f} |")  # fmt: skip
    by = {(r.pages, r.workers): r for r in runs}
    small = min(sizes)
    if (small, 1) in by and (small, 2) in by:
        lines.append("")
        lines.append(f"`-j2` vs `-j1` at {small:,} pages: "
                     f"**{by[(small, 1)].seconds / by[(small, 2)].seconds:.2f}×**.")  # fmt: skip
    if len(sizes) > 1 and (small, 2) in by and (max(sizes), 2) in by:
        lines.append(f"Peak RSS with `-j2`: {by[(small, 2)].peak_rss_mb:.0f} MB at {small:,} pages, "
                     f"{by[(max(sizes), 2)].peak_rss_mb:.0f} MB at {max(sizes):,} pages.")  # fmt: skip
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds over the fixture pages")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch runs")
    ap.add_argument("--batch-pages", default="5000,50000", help="archive sizes (comma-separated)")
    ap.add_argument("--large-one-worker", action="store_true", help="-j1 on the large archive too")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench-speed")
    args = ap.parse_args()
    out = page_table(args.rounds)
    print("\n".join(out), flush=True)
    job = one_file_job()
    print("\n" + "\n".join(job), flush=True)
    if not args.no_batch:
        sizes = sorted(int(s) for s in args.batch_pages.split(","))
        print()
        print("\n".join(batch_table(sizes, args.workdir, args.large_one_worker)), flush=True)


if __name__ == "__main__":
    main()
