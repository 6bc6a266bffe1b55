"""``extractor batch`` end to end, in this process (1 worker runs inline)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from extractor.batch.state import BatchState
from extractor.cli import main
from extractor.config import Config
from extractor.models import Article, Page
from extractor.pipeline import Pipeline

from .conftest import WarcMaker, varied

BASE = (
    "Năm 2024, Liên đoàn Lao động tỉnh Nghệ An đã tổ chức 21 lớp tập huấn cho 2.596 lượt "
    "cán bộ công đoàn cơ sở về kỹ năng thương lượng tập thể và an toàn vệ sinh lao động. "
    "Trong đó, LĐLĐ tỉnh tổ chức 8 lớp, công đoàn cấp trên trực tiếp cơ sở tổ chức 13 lớp. "
    "Các lớp học đã giúp đoàn viên nắm vững quy định mới của Bộ luật Lao động và chính sách "
    "bảo hiểm xã hội, nâng cao năng lực đại diện, bảo vệ quyền lợi hợp pháp của người lao động."
)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _argv(inputs: list[Path], out: Path, patterns: Path, *extra: str) -> list[str]:
    return ["batch", *map(str, inputs), "-o", str(out), "--patterns", str(patterns), "--no-nlp",
            "--quiet", *extra]  # fmt: skip


def _expected_ids(config: Config, records: list[tuple[str, bytes]]) -> list[str]:
    """Article ids the pipeline gives for these pages, first copy of each URL/text."""
    pipeline = Pipeline(config)
    ids: list[str] = []
    seen: set[str] = set()
    for url, body in records:
        result = pipeline.process(Page(content=body, url=url, content_type="text/html"))
        if (
            isinstance(result, Article)
            and result.article_id not in seen
            and result.text not in seen
        ):
            seen.update((result.article_id, result.text))
            ids.append(result.article_id)
    return ids


def test_warc_batch_all_formats(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, config: Config,
    patterns_dir: Path,
) -> None:  # fmt: skip
    records = [(u, varied(b, 1)) for u, b in pages]
    dup_url = [(records[0][0], records[1][1])]  # an article seen again under its URL
    dup_text = [(u.replace("https://", "https://mirror."), b) for u, b in records[:3]]
    warc = make_warc(tmp_path / "a.warc.gz", records + dup_url + dup_text)
    broken = make_warc(tmp_path / "gone.warc.gz", records[:1], status=404)
    out = tmp_path / "out"
    rc = main(_argv([warc, broken], out, patterns_dir, "--format", "jsonl,csv,parquet,duckdb",
                    "--shard-size", "4", "-j", "1"))  # fmt: skip
    assert rc == 0
    expected = _expected_ids(config, records)
    assert expected, "no fixture page gave an article"
    arts = _read_jsonl(out / "articles.jsonl")
    assert [a["article_id"] for a in arts] == expected
    assert all(a["source_kind"] == "warc" and a["source"].startswith(f"{warc}@") for a in arts)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["pages"] == len(records) + 5
    assert summary["articles"] == len(expected)
    assert summary["rejected"]["http_error"] == 1
    pipeline = Pipeline(config)
    repeats = [
        pipeline.process(Page(content=b, url=u, content_type="text/html"))
        for u, b in dup_url + dup_text
    ]
    assert summary["rejected"]["duplicate"] == sum(isinstance(r, Article) for r in repeats) > 0
    assert summary["articles"] + sum(summary["rejected"].values()) == summary["pages"]
    assert summary["errors"] == 0 and (out / "errors.jsonl").read_text() == ""
    # the same records in every format
    with (out / "articles.csv").open(newline="", encoding="utf-8") as fh:
        assert [row["article_id"] for row in csv.DictReader(fh)] == expected
    assert pq.read_table(out / "articles.parquet").column("article_id").to_pylist() == expected
    con = duckdb.connect(str(out / "articles.duckdb"), read_only=True)
    got = [r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()]
    con.close()
    assert got == expected
    assert not (out / ".batch" / "parts").exists()  # parts are dropped after a finished run


def test_crashing_page_is_recorded_and_run_goes_on(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    records = list(pages[:6])
    bad_url = records[2][0].replace(".html", "-hostile-boom.html")  # the crashing pipeline's marker
    records[2] = (bad_url, records[2][1])
    cfg = tmp_path / "crash.toml"
    cfg.write_text('[batch]\npipeline = "tests.ingest.hostile:crash"\n', encoding="utf-8")
    warc = make_warc(tmp_path / "a.warc.gz", records)
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(
        '{"url": "https://x.vn/1", "text": "' + BASE + '"}\n{broken\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    argv = _argv([warc, jsonl, tmp_path / "missing.zip"], out, patterns_dir, "-j", "1",
                 "--config", str(cfg))  # fmt: skip
    argv.remove("--quiet")
    assert main(argv) == 1
    errors = _read_jsonl(out / "errors.jsonl")
    assert [(e["error_type"], e["url"]) for e in errors] == [
        ("ZeroDivisionError", bad_url), ("InputError", None), ("InputError", None),
    ]  # fmt: skip
    assert "boom in the figure finder" in errors[0]["message"]
    assert errors[0]["where"].endswith(".py:" + errors[0]["where"].rsplit(":", 1)[1])
    assert errors[0]["source_ref"].startswith(f"{warc}@")
    assert errors[1]["source_ref"] == f"{jsonl}:2"
    assert errors[2]["source_ref"] == str(tmp_path / "missing.zip")
    arts = _read_jsonl(out / "articles.jsonl")
    assert "https://x.vn/1" in {a["url"] for a in arts}
    assert bad_url not in {a["url"] for a in arts}
    err = capsys.readouterr().err
    assert "errors: 3" in err and "errors.jsonl" in err


def test_near_duplicates_are_marked(tmp_path: Path, patterns_dir: Path) -> None:
    lines = [
        {"url": "https://a.vn/goc", "text": BASE},
        {"url": "https://b.vn/dang-lai", "text": BASE + " (Theo báo Lao Động)"},
        {"url": "https://c.vn/chep", "text": BASE},  # same text: dropped
        {"url": "https://d.vn/khac", "text": "Công đoàn Khu kinh tế tỉnh Hà Tĩnh tổ chức đối thoại "
         "với 300 công nhân về tiền lương, thưởng Tết và điều kiện làm việc tại khu công nghiệp."},
    ]  # fmt: skip
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = tmp_path / "out"
    assert main(_argv([dump], out, patterns_dir, "--text-field", "text", "-j", "1")) == 0
    arts = _read_jsonl(out / "articles.jsonl")
    assert [a["url"] for a in arts] == [
        "https://a.vn/goc",
        "https://b.vn/dang-lai",
        "https://d.vn/khac",
    ]
    assert [a["duplicate_of"] for a in arts] == [None, arts[0]["article_id"], None]
    assert all(a["source_kind"] == "jsonl" for a in arts)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["near_duplicates"] == 1 and summary["rejected"] == {"duplicate": 1}


def test_interrupted_run_resumes_to_the_same_output(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    records = [(f"{u}?v={i}", varied(b, i)) for i in range(3) for u, b in pages]
    warc = make_warc(tmp_path / "a.warc.gz", records)
    full, part = tmp_path / "full", tmp_path / "part"
    assert main(_argv([warc], full, patterns_dir, "--shard-size", "5", "-j", "1")) == 0

    real = BatchState.commit_shard
    calls = {"n": 0}

    def flaky(self: BatchState, *args: Any) -> None:
        if calls["n"] == 3:
            raise KeyboardInterrupt
        calls["n"] += 1
        real(self, *args)

    monkeypatch.setattr(BatchState, "commit_shard", flaky)
    assert main(_argv([warc], part, patterns_dir, "--shard-size", "5", "-j", "1")) == 130
    # stopped cleanly: the outputs hold what was finished and say they are partial
    stopped = json.loads((part / "summary.json").read_text())
    assert stopped["interrupted"] is True
    written = (part / "articles.jsonl").read_bytes().splitlines()
    assert 0 < len(written) < len((full / "articles.jsonl").read_bytes().splitlines())
    assert written == (full / "articles.jsonl").read_bytes().splitlines()[: len(written)]
    assert len(list((part / ".batch" / "parts").glob("shard-*.jsonl"))) == 3
    monkeypatch.setattr(BatchState, "commit_shard", real)
    assert main(_argv([warc], part, patterns_dir, "--shard-size", "5", "-j", "1")) == 0
    assert (part / "articles.jsonl").read_bytes() == (full / "articles.jsonl").read_bytes()
    summary = json.loads((part / "summary.json").read_text())
    assert summary["resumed_shards"] == 3
    # a finished run started again does nothing and reports the same
    assert main(_argv([warc], part, patterns_dir, "--shard-size", "5", "-j", "1")) == 0
    assert (part / "articles.jsonl").read_bytes() == (full / "articles.jsonl").read_bytes()


def test_resume_refuses_changed_inputs(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    warc = make_warc(tmp_path / "a.warc.gz", pages[:4])
    out = tmp_path / "out"
    assert main(_argv([warc], out, patterns_dir)) == 0
    make_warc(tmp_path / "a.warc.gz", pages[:5])
    assert main(_argv([warc], out, patterns_dir)) == 2
    assert "--fresh" in capsys.readouterr().err
    assert main(_argv([warc], out, patterns_dir, "--fresh")) == 0
    assert json.loads((out / "summary.json").read_text())["pages"] == 5


def test_dask_is_not_imported_without_scheduler(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    warc = make_warc(tmp_path / "a.warc.gz", pages[:4])
    argv = _argv([warc], tmp_path / "out", patterns_dir, "-j", "2")
    code = (
        "import sys\nfrom extractor.cli import main\n"
        f"rc = main({argv!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "assert rc == 0 and not bad, (rc, bad)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "articles.jsonl").exists()


def test_keep_parts_allows_re_export_and_missing_outputs_are_reported(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    warc = make_warc(tmp_path / "a.warc.gz", pages[:6])
    out = tmp_path / "out"
    assert main(_argv([warc], out, patterns_dir, "-j", "1", "--keep-parts")) == 0
    assert main(_argv([warc], out, patterns_dir, "-j", "1", "--format", "parquet")) == 0
    ids = [a["article_id"] for a in _read_jsonl(out / "articles.jsonl")]
    assert pq.read_table(out / "articles.parquet").column("article_id").to_pylist() == ids
    assert not (out / ".batch" / "parts").exists()  # dropped after the second run
    (out / "articles.parquet").unlink()
    assert main(_argv([warc], out, patterns_dir, "-j", "1", "--format", "parquet")) == 2
    assert "--fresh" in capsys.readouterr().err


def test_relative_inputs_are_recorded_as_absolute_paths(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    make_warc(tmp_path / "a.warc.gz", pages[:6])
    monkeypatch.chdir(tmp_path)
    assert main(["batch", "a.warc.gz", "-o", "out", "--patterns", str(patterns_dir), "--no-nlp",
                 "--quiet", "-j", "1"]) == 0  # fmt: skip
    arts = _read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert arts and all(a["source"].startswith(f"{tmp_path / 'a.warc.gz'}@") for a in arts)
