"""``extractor extract`` on hostile inputs: a checked ``-o``, archives with one
bad record or member, SIGTERM while a page hangs. Through the CLI in a
subprocess: a run that would hang is a failed test."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.batch.conftest import REPO, fixture_pages, write_warc

TEXT = (
    "Năm 2024, Liên đoàn Lao động tỉnh Nghệ An đã tổ chức 21 lớp tập huấn cho 2.596 lượt "
    "cán bộ công đoàn cơ sở về kỹ năng thương lượng tập thể và an toàn vệ sinh lao động."
)


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args, "--no-nlp", "--patterns", str(REPO / "patterns")],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=timeout,
    )  # fmt: skip


def _records(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode().splitlines()]


def _error_lines(stderr: bytes) -> list[str]:
    return [ln for ln in stderr.decode().splitlines() if ln.startswith("extractor: error:")]


def _stuck_cfg(tmp_path: Path) -> Path:
    cfg = tmp_path / "stuck.toml"
    cfg.write_text('[batch]\npipeline = "tests.ingest.hostile:stuck"\n', encoding="utf-8")
    return cfg


def test_unusable_output_is_one_line_before_any_work(tmp_path: Path) -> None:
    stuck = tmp_path / "hostile-stuck.txt"  # work on it would hold the run for its budget
    stuck.write_text(TEXT, encoding="utf-8")
    cfg = _stuck_cfg(tmp_path)
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    a_dir = tmp_path / "outdir"
    a_dir.mkdir()
    for out, fmt in ((a_file / "x.jsonl", "jsonl"), (a_dir, "jsonl"), (a_file / "csv", "csv")):
        r = _run("extract", str(stuck), "-o", str(out), "--format", fmt, "--config", str(cfg),
                 timeout=60)  # fmt: skip
        err = r.stderr.decode()
        assert r.returncode == 2, err
        assert "Traceback" not in err and err.count("\n") == 1 and str(out) in err
    leftovers = [p.name for p in tmp_path.rglob("*") if ".part" in p.name]
    assert leftovers == []


def _corrupt_zip(path: Path, members: list[tuple[str, bytes]], bad: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(bad)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 2, start + min(info.compress_size, 40)):
        raw[i] ^= 0x5A  # a broken deflate stream in this member only
    path.write_bytes(bytes(raw))


def test_zip_with_one_corrupt_member_goes_on_in_extract_and_batch(tmp_path: Path) -> None:
    members = [(f"bai-{i}.txt", f"Bài {i}. {TEXT}".encode() * 3) for i in range(3)]
    archive = tmp_path / "dump.zip"
    _corrupt_zip(archive, members, "bai-1.txt")
    r = _run("extract", str(archive))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    refs = [rec["source"] for rec in _records(r.stdout)]
    assert refs == [f"{archive}::bai-0.txt", f"{archive}::bai-2.txt"]
    (line,) = _error_lines(r.stderr)
    assert f"{archive}::bai-1.txt" in line
    b = _run("batch", str(archive), "-o", str(tmp_path / "out"), "--quiet")
    assert b.returncode == 1
    arts = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(a)["source"] for a in arts] == refs
    (err,) = [json.loads(e) for e in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert err["source_ref"] == f"{archive}::bai-1.txt"


def test_warc_record_without_target_uri_is_one_line_and_the_archive_goes_on(
    tmp_path: Path,
) -> None:
    pages = fixture_pages()
    path = tmp_path / "a.warc.gz"
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (url, body) in enumerate(pages[:3]):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            if i == 1:
                rec.rec_headers.remove_header("WARC-Target-URI")
            offsets.append(fh.tell())
            writer.write_record(rec)
    good = write_warc(tmp_path / "good.warc.gz", [pages[0], pages[2]])
    want = _records(_run("extract", str(good)).stdout)
    assert want
    r = _run("extract", str(path))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    (line,) = _error_lines(r.stderr)
    assert f"{path}@{offsets[1]}" in line and "WARC-Target-URI" in line
    got = _records(r.stdout)
    assert [g["article_id"] for g in got] == [w["article_id"] for w in want]
    b = _run("batch", str(path), "-o", str(tmp_path / "out"), "--quiet")
    assert b.returncode == 1
    (err,) = [json.loads(e) for e in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert err["source_ref"] == f"{path}@{offsets[1]}"
    arts = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(a)["article_id"] for a in arts] == [w["article_id"] for w in want]


def test_sigterm_while_a_page_hangs_writes_what_was_finished(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(f"Bài {i}. {TEXT}", encoding="utf-8")
    flag = tmp_path / "stuck.flag"
    (folder / "b-hostile-stuck.txt").write_text(f"flag={flag} {TEXT}", encoding="utf-8")
    (folder / "c.txt").write_text(f"Bài cuối. {TEXT}", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "--no-nlp",
           "--config", str(_stuck_cfg(tmp_path)), "--page-timeout", "600"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 128 + signal.SIGTERM and b"Traceback" not in err
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in recs] == [str(folder / f"a{i}.txt") for i in range(4)]
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]
