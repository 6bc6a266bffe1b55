"""One reading of every input (issue 12): the same path gives the same articles
in ``extract`` and ``batch``; JSON/JSONL articles are read as articles with
their supplied fields kept; non-article files and records are not articles; a
WARC 404 is the same outcome everywhere."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.cli import main
from extractor.textnorm import fold_diacritics
from tests.batch.conftest import fixture_pages
from tests.conftest import CORPUS


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _gold() -> dict[str, dict[str, Any]]:
    """corpus JSON articles by path."""
    return {str(p): json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.rglob("*.json"))}


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("corpus")
    assert main(["extract", str(CORPUS), "-o", str(tmp / "x.jsonl"), "--no-nlp", "--quiet"]) == 0
    assert main(["batch", str(CORPUS), "-o", str(tmp / "b"), "--no-nlp", "--quiet"]) == 0
    return _jsonl(tmp / "x.jsonl"), _jsonl(tmp / "b" / "articles.jsonl")


def test_extract_and_batch_give_the_same_corpus_articles(
    corpus_runs: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    extracted, batched = corpus_runs
    gold = _gold()
    assert len(gold) >= 77
    ids = [r["article_id"] for r in extracted]
    # each article once: the seeds are there twice (seeds/*.txt and dev/seed-*.json)
    assert len(ids) == len(set(ids)) == len(gold)
    assert [r["article_id"] for r in batched] == ids
    key = ("article_id", "url", "title", "published", "province", "text")
    assert [{k: r[k] for k in key} for r in batched] == [{k: r[k] for k in key} for r in extracted]
    # the gold JSON files are read as articles: their text, not the raw JSON
    by_source = {r["source"]: r for r in extracted}
    assert set(by_source) >= set(gold) - {str(CORPUS / "seeds")}
    for path, g in gold.items():
        rec = by_source[path]
        assert '"figures"' not in rec["text"] and '"text"' not in rec["text"]
        longest = max(rec["text"].splitlines(), key=len)
        piece = fold_diacritics(" ".join(longest.split()[:12]))
        assert piece in fold_diacritics(" ".join(g["text"].split())), path
        if g.get("url"):
            assert rec["url"] == g["url"]
        if g.get("published"):  # supplied dates are kept (to the minute if the page says so)
            assert rec["published"][:10] == g["published"], path
        if g.get("title"):
            assert rec["title"] == " ".join(g["title"].split()), path
    # README.md, SCHEMA.md and floors.toml are not articles
    assert not [s for s in by_source if s.endswith((".md", ".toml"))]


def test_a_gold_file_alone_is_its_text(tmp_path: Path) -> None:
    gold = CORPUS / "dev" / "002.json"
    assert main(["batch", str(gold), "-o", str(tmp_path / "b"), "--no-nlp", "--quiet"]) == 0
    (rec,) = _jsonl(tmp_path / "b" / "articles.jsonl")
    g = json.loads(gold.read_text(encoding="utf-8"))
    assert rec["url"] == g["url"] and rec["published"][:10] == g["published"]
    assert rec["published_precision"] == "day"
    assert "{" not in rec["text"] and "figures" not in rec["text"]


def test_records_read_again_keep_their_fields(
    tmp_path: Path, corpus_runs: tuple[list[dict[str, Any]], list[dict[str, Any]]]
) -> None:
    extracted, _ = corpus_runs
    dump = tmp_path / "corpus.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extracted), "utf-8")
    assert main(["batch", str(dump), "-o", str(tmp_path / "again"), "--no-nlp", "--quiet"]) == 0
    again = _jsonl(tmp_path / "again" / "articles.jsonl")
    assert len(again) == len(extracted)
    # (the text of a record read again may lose a first line the text cleaner
    # takes for a headline, so compare by URL)
    by_url = {r["url"]: r for r in again if r["url"]}
    assert len(by_url) == sum(1 for r in extracted if r["url"]) > 70
    for r in extracted:
        if r["url"]:
            got = by_url[r["url"]]
            assert got["title"] == r["title"], r["url"]
            assert (got["published"] or "")[:10] == (r["published"] or "")[:10], r["url"]
            assert got["province"] == r["province"]
    dated = sum(1 for r in extracted if r["published"])
    assert dated > 50 and sum(1 for r in again if r["published"]) == dated


def test_jsonl_field_names_and_supplied_fields(tmp_path: Path) -> None:
    text = (
        "Năm 2024, Liên đoàn Lao động tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ công "
        "đoàn cơ sở về kỹ năng thương lượng tập thể và an toàn vệ sinh lao động."
    )
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({
        "body": text, "link": "https://baonghean.vn/tap-huan-123456.html", "headline": "Tập huấn",
        "date": "12/02/2019 09:36", "province": "Nghệ An", "byline": "Hà Linh",
    }, ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "x.jsonl"
    argv = ["extract", str(dump), "-o", str(out), "--no-nlp", "--quiet",
            "--field", "published=date", "--field", "author=byline"]  # fmt: skip
    assert main(argv) == 0
    (rec,) = _jsonl(out)
    assert rec["url"] == "https://baonghean.vn/tap-huan-123456.html"
    assert rec["title"] == "Tập huấn" and rec["author"] == "Hà Linh"
    assert rec["published"] == "2019-02-12T09:36:00+07:00"
    assert rec["province"] == "Nghệ An" and rec["province_2025"] == "Nghệ An"
    assert {f["year"] for f in rec["figures"]} == {2024}
    assert main(["extract", str(dump), "--field", "nonsense=x"]) == 2


def _warc(path: Path, records: list[tuple[str, int, str, bytes]]) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in records:
            http = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http,
            ))  # fmt: skip
    return path


def test_robots_txt_404_and_non_html_records_are_not_articles_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, page = next((u, b) for u, b in fixture_pages() if b"c\xc3\xb4ng" in b)
    warc = _warc(tmp_path / "a.warc.gz", [
        ("https://a.vn/robots.txt", 200, "text/plain", b"User-agent: *\nDisallow: /private/\n" * 40),
        ("https://a.vn/feed.rss", 200, "application/rss+xml", b"<rss>" + b"<item>x</item>" * 50 + b"</rss>"),
        (url, 404, "text/html; charset=utf-8", page),
        (url.replace(".html", "-2.html"), 200, "text/html; charset=utf-8", page),
    ])  # fmt: skip
    assert main(["extract", str(warc), "--no-nlp"]) == 0
    err = capsys.readouterr().err
    skipped = [ln.split(": ", 2)[2] for ln in err.splitlines() if ln.startswith("extractor: skipped")]
    assert [s.split(" ")[0] for s in skipped] == ["not_article", "not_html", "http_error"]
    assert main(["batch", str(warc), "-o", str(tmp_path / "b"), "--no-nlp", "--quiet"]) == 0
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert summary["articles"] == 1
    assert summary["rejected"] == {"not_article": 1, "not_html": 1, "http_error": 1}
    # re-processing a crawl's WARC files: the same outcomes
    crawl = tmp_path / "crawl" / "warc"
    crawl.mkdir(parents=True)
    (crawl / "crawl-0001-000.warc.gz").write_bytes(warc.read_bytes())
    assert main(["crawl", "--reprocess", str(tmp_path / "crawl"), "--no-nlp"]) == 0
    err = capsys.readouterr().err
    assert "article=1" in err and "rejected:http_error=1" in err
    assert "rejected:not_article=1" in err and "rejected:not_html=1" in err
