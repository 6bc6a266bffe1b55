from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from extractor.cli import main
from tests.conftest import CORPUS


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, timeout=300
    )


def test_extract_corpus_to_jsonl_grounded(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rc = main(["extract", str(CORPUS / "seeds"), "-o", str(out), "--no-nlp"])
    assert rc == 0
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(recs) == 2
    for r in recs:
        assert r["figures"]
        for f in r["figures"]:
            assert r["text"][f["start"] : f["end"]] == f["quote"]
            for key in ("kind", "value", "value_high", "unit", "qualifier", "subject", "organizer",
                        "period", "plan_attainment", "parent", "sentence", "rule"):
                assert key in f
    yenbai = next(r for r in recs if "Yên Bái" in r["text"][:80] or "Yên Bái" in (r["title"] or ""))
    figs = yenbai["figures"]
    total = next(i for i, f in enumerate(figs) if f["kind"] == "classes" and f["value"] == 21)
    parts = [f["value"] for f in figs if f["kind"] == "classes" and f["parent"] == total]
    assert sorted(parts) == [8, 13]


def test_extract_csv_two_files(tmp_path: Path) -> None:
    rc = main(["extract", str(CORPUS / "seeds"), "-o", str(tmp_path / "csv"), "--format", "csv", "--no-nlp"])
    assert rc == 0
    arts = list(csv.DictReader((tmp_path / "csv" / "articles.csv").open(encoding="utf-8-sig")))
    figs = list(csv.DictReader((tmp_path / "csv" / "figures.csv").open(encoding="utf-8-sig")))
    assert len(arts) == 2 and len(figs) > 20
    assert {f["article_id"] for f in figs} == {a["article_id"] for a in arts}


def test_stdin_and_bad_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    good = tmp_path / "good.txt"
    good.write_text("LĐLĐ tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ.", encoding="utf-8")
    r = _run("extract", str(empty), str(binary), str(tmp_path / "missing.txt"), str(good), "--no-nlp")
    assert r.returncode == 1  # some inputs failed
    err = r.stderr.decode()
    lines = [ln for ln in err.splitlines() if ln.startswith("extractor: error:")]
    assert len(lines) == 3 and "Traceback" not in err
    assert any("empty.txt" in ln for ln in lines) and any("img.txt" in ln for ln in lines)
    assert any("missing.txt" in ln for ln in lines)
    recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(recs) == 1 and len(recs[0]["figures"]) == 2  # the good file still went through

    r2 = _run("extract", "-", "--no-nlp", stdin="Trao 500 suất quà cho công nhân.".encode())
    assert r2.returncode == 0
    assert json.loads(r2.stdout)["figures"][0]["value"] == 500


def test_html_input(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    body = "".join(f"<p>Đoạn {i}: LĐLĐ tỉnh đã tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ công đoàn cơ sở.</p>" for i in range(3))
    page.write_text(f"<html><head><title>Tập huấn</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    r = _run("extract", str(page), "--no-nlp")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert {(f["kind"], f["value"]) for f in rec["figures"]} >= {("classes", 21), ("attendances", 2596)}


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[nlp]\nenabled = 3\n", encoding="utf-8")
    r = _run("extract", str(CORPUS / "seeds"), "--config", str(cfg))
    assert r.returncode == 2
    assert r.stderr.decode().strip().count("\n") == 0 and "nlp.enabled" in r.stderr.decode()


def test_a_bad_patterns_directory_is_one_line_before_any_work(tmp_path: Path) -> None:
    import shutil

    patterns = tmp_path / "patterns"
    shutil.copytree(Path(__file__).resolve().parent.parent / "patterns", patterns)
    (patterns / "organizer_model.json").write_text('{"weights": 3}', encoding="utf-8")
    for extra in (["--patterns", str(patterns)], ["--patterns", str(tmp_path / "none")]):
        r = _run("extract", str(CORPUS / "seeds"), "--no-nlp", *extra)
        err = r.stderr.decode().strip()
        assert r.returncode == 2 and err.count("\n") == 0 and err.startswith("extractor: error:"), err
