from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main

from .conftest import REPO, SHARED


def test_report_command_writes_one_html_file(tmp_path: Path, corpus_jsonl: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "report.html"
    rc = main(["report", str(corpus_jsonl), "-o", str(out), "--title", "Giám sát 2024"])
    assert rc == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<title>Giám sát 2024</title>" in html
    err = capsys.readouterr().err
    assert "articles=6" in err and "breakdowns: 4 ok, 1 not adding up" in err
    assert "flags=5" in err
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temp file left


def test_report_command_thresholds(tmp_path: Path, corpus_jsonl: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(corpus_jsonl), "-o", str(out), "--outlier-factor", "100",
                 "--low-confidence", "0.1"]) == 0
    assert "flags=3" in capsys.readouterr().err
    assert main(["report", str(corpus_jsonl), "-o", str(out), "--outlier-factor", "0.5"]) == 2


def test_report_command_bad_inputs(tmp_path: Path, corpus_jsonl: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    # nothing readable: one-line error, exit 2, no file
    assert main(["report", str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err and not out.exists()
    # one bad input among good ones: the report is written, the exit status says 1
    assert main(["report", str(corpus_jsonl), str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 1
    assert out.exists()


def test_real_extract_then_report(tmp_path: Path) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not found at {seeds}")
    if not (REPO / "patterns").is_dir():
        pytest.skip(f"{REPO / 'patterns'} not in this tree: the extractor cannot run without its patterns")
    records = tmp_path / "seeds.jsonl"
    out = tmp_path / "seeds.html"
    ext = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(seeds), "-o", str(records), "--quiet"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )
    assert ext.returncode == 0, ext.stderr
    rep = subprocess.run(
        [sys.executable, "-m", "extractor", "report", str(records), "-o", str(out)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert rep.returncode == 0, rep.stderr
    arts = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    assert len(arts) == len(list(seeds.glob("*.txt")))
    html = out.read_text(encoding="utf-8")
    for ai, art in enumerate(arts):
        assert f'id="art-{ai}"' in html
        for fi, fig in enumerate(art["figures"]):
            if art["text"][fig["start"]:fig["end"]] == fig["quote"]:
                assert f'id="fig-{ai}-{fi}"' in html
    assert f"articles={len(arts)}" in rep.stderr


def test_report_reads_what_batch_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``batch --format parquet,csv,duckdb,jsonl --partition-by-year`` then ``report OUT``,
    and each format on its own: the same articles and figures."""
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted((REPO / "corpus" / "seeds").glob("*.txt")):
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    assert main(["batch", str(src), "-o", str(out), "--format", "jsonl,csv,parquet,duckdb",
                 "--partition-by-year", "--no-nlp", "--quiet", "-j", "1"]) == 0  # fmt: skip
    assert (out / "figures").is_dir() and not (out / "figures.parquet").exists()
    counts = set()
    for target in (out, out / "articles.jsonl", out / "articles.csv", out / "articles.duckdb"):
        html = tmp_path / "r.html"
        capsys.readouterr()
        assert main(["report", str(target), "-o", str(html)]) == 0, target
        err = capsys.readouterr().err
        counts.add(err.split(": ", 2)[2].split(", provinces")[0])
    assert len(counts) == 1 and "articles=2" in counts.pop()
