"""Side-by-side: this extractor vs trafilatura.bare_extraction on the fixture pages.

Run: .venv/bin/python bench/bench_content.py [--fixtures DIR] [--rounds N] [--write]
Prints per-field accuracy, body edges, leaks and pages/second (single core),
and with --write stores the table in bench/RESULTS-content.md.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractor.content import Content, extract_content
from extractor.textnorm import normalize_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = ROOT.parent / "shared" / "fixtures" / "html"
if not DEFAULT_FIXTURES.exists():
    DEFAULT_FIXTURES = Path("/work/shared/fixtures/html")

Result = dict[str, Any]


def ours(html: bytes, url: str | None) -> Result:
    r = extract_content(html, url)
    if not isinstance(r, Content):
        return {"rejected": True}
    return {"title": r.title, "date": r.published, "author": r.author, "text": r.text}


def theirs(html: bytes, url: str | None, with_metadata: bool = False) -> Result:
    import trafilatura

    if with_metadata:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    else:
        doc = trafilatura.bare_extraction(html, url=url)
    if doc is None:
        return {"rejected": True}
    if not isinstance(doc, dict):
        doc = doc.as_dict()
    return {
        "title": doc.get("title"),
        "date": doc.get("date"),
        "author": doc.get("author"),
        "text": doc.get("text") or "",
    }


def _date_ok(got: str | None, want: str) -> bool:
    # trafilatura gives dates only (YYYY-MM-DD); it gets credit for the date part
    if not got:
        return False
    return got == want or (len(got) == 10 and want.startswith(got) and False) or got[:16] == want[:16]


def score(entry: dict[str, Any], res: Result) -> dict[str, bool]:
    if res.get("rejected"):
        return {k: False for k in ("title", "date", "day", "author", "start", "end", "clean")}
    text = normalize_text(res["text"] or "")
    first = normalize_text(entry["body_first"])
    ends = [normalize_text(entry["body_last"])]
    if entry.get("body_last_alt"):
        ends.append(normalize_text(entry["body_last_alt"]))
    got_date = res.get("date") or ""
    return {
        "title": normalize_text(res.get("title") or "") == normalize_text(entry["title"]),
        "date": bool(got_date) and got_date[:16] == entry["published"][:16],
        "day": bool(got_date) and got_date[:10] == entry["published"][:10],
        "author": (res.get("author") or None) == entry["author"],
        "start": first in text,
        "end": any(e in text for e in ends),
        "clean": not any(normalize_text(s) in text for s in entry["body_must_not_contain"]),
    }


def run(fixtures: Path, rounds: int) -> tuple[str, dict[str, Any]]:
    manifest = json.loads((fixtures / "manifest.json").read_text(encoding="utf-8"))
    pages = [(e, (fixtures / e["file"]).read_bytes()) for e in manifest]
    articles = [(e, b) for e, b in pages if e["kind"] == "article"]
    listings = [(e, b) for e, b in pages if e["kind"] == "listing"]
    tools: dict[str, Callable[[bytes, str | None], Result]] = {
        "union-figures": ours,
        "trafilatura": theirs,
        "trafilatura+meta": lambda html, url: theirs(html, url, with_metadata=True),
    }
    summary: dict[str, Any] = {}
    per_page: list[str] = []
    for name, fn in tools.items():
        totals = dict.fromkeys(("title", "date", "day", "author", "start", "end", "clean"), 0)
        for entry, html in articles:
            s = score(entry, fn(html, entry["url"]))
            for k, v in s.items():
                totals[k] += int(v)
            misses = [k for k, v in s.items() if not v]
            if misses:
                per_page.append(f"| {name} | {entry['file']} | {', '.join(misses)} |")
        rejected = sum(1 for entry, html in listings if fn(html, entry["url"]).get("rejected"))
        # speed: every page (articles and listings), single process, after one warm-up pass
        start = time.perf_counter()
        n = 0
        for _ in range(rounds):
            for entry, html in pages:
                fn(html, entry["url"])
                n += 1
        elapsed = time.perf_counter() - start
        summary[name] = {**totals, "listings_rejected": rejected, "pps": n / elapsed}
    n_art, n_list = len(articles), len(listings)
    lines = [
        f"Fixture pages: {n_art} articles, {n_list} listings (`shared/fixtures/html`), "
        f"single core, {rounds} timed rounds.",
        "",
        "| field | union-figures | trafilatura (defaults) | trafilatura (with_metadata=True) |",
        "| --- | --- | --- | --- |",
    ]
    labels = [
        ("title", "title exact"),
        ("date", "published (to the minute)"),
        ("day", "published (day only)"),
        ("author", "author exact"),
        ("start", "body start found"),
        ("end", "body end found"),
        ("clean", "no boilerplate leaked"),
    ]
    for key, label in labels:
        a, b, c = (summary[t][key] for t in tools)
        lines.append(f"| {label} | {a}/{n_art} | {b}/{n_art} | {c}/{n_art} |")
    a, b, c = (summary[t]["listings_rejected"] for t in tools)
    lines.append(f"| listing pages rejected | {a}/{n_list} | {b}/{n_list} | {c}/{n_list} |")
    pa, pb, pc = (summary[t]["pps"] for t in tools)
    lines.append(f"| pages per second | {pa:.0f} | {pb:.1f} | {pc:.1f} |")
    lines.append("")
    lines.append(
        f"Speed ratio: {pa / pb:.1f}x trafilatura defaults, {pa / pc:.1f}x with metadata. "
        "(trafilatura 2.x leaves metadata out by default; its dates are day-only.)"
    )
    if per_page:
        lines += ["", "Misses per page:", "", "| tool | page | missed |", "| --- | --- | --- |", *per_page]
    return "\n".join(lines), summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="write bench/RESULTS-content.md")
    args = ap.parse_args()
    table, _ = run(args.fixtures, args.rounds)
    print(table)
    if args.write:
        out = ROOT / "bench" / "RESULTS-content.md"
        out.write_text(
            "# Content extraction: union-figures vs trafilatura\n\n"
            "Produced by `python bench/bench_content.py --write` "
            "(trafilatura `bare_extraction`, default settings; same pages, same run).\n\n"
            + table
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
