"""Bounded batch runs: a never-ending page in the middle of an archive, SIGTERM
while a page hangs, a resumed run that does not try that page again, and an
unusable ``-o``. Runs go through the CLI in a subprocess, so that a run that
would hang is a failed test, not a hung one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .conftest import REPO, WarcMaker

STUCK_CFG = '[batch]\npipeline = "tests.ingest.hostile:stuck"\n'


def _cmd(inputs: list[Path], out: Path, patterns: Path, cfg: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "batch", *map(str, inputs), "-o", str(out),
            "--patterns", str(patterns), "--no-nlp", "--quiet", "--config", str(cfg),
            *extra]  # fmt: skip


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _stuck(url: str, flag: Path | None = None) -> str:
    q = f"?flag={flag}" if flag else ""
    return url.replace(".html", f"-hostile-stuck.html{q}")


def _leftovers(out: Path) -> list[str]:
    return [p.name for p in out.rglob("*") if p.name.endswith((".part", "-wal", ".wal"))]


def test_never_ending_page_in_the_middle(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    cfg = tmp_path / "stuck.toml"
    cfg.write_text(STUCK_CFG, encoding="utf-8")
    records = list(pages[:9])
    middle = _stuck(records[4][0])
    with_stuck = [*records[:4], (middle, records[4][1]), *records[5:]]
    warc = make_warc(tmp_path / "a.warc.gz", with_stuck)
    ref = make_warc(tmp_path / "ref.warc.gz", records[:4] + records[5:])
    started = time.monotonic()
    run = subprocess.run(
        _cmd([warc], tmp_path / "out", patterns_dir, cfg, "--page-timeout", "1", "-j", "2"),
        env=_env(), capture_output=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr.decode()  # one error: the stuck page
    assert time.monotonic() - started < 60
    subprocess.run(
        _cmd([ref], tmp_path / "ref", patterns_dir, cfg, "-j", "2"), env=_env(), check=True,
        timeout=120,
    )  # fmt: skip
    got = {a["article_id"] for a in _read_jsonl(tmp_path / "out" / "articles.jsonl")}
    want = {a["article_id"] for a in _read_jsonl(tmp_path / "ref" / "articles.jsonl")}
    assert got == want and got  # every other page's record is out
    (err,) = _read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert err["reason"] == "timeout" and err["url"] == middle
    assert err["source_ref"].startswith(f"{warc}@")
    offset = int(err["source_ref"].rsplit("@", 1)[1])
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == middle
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["errors_by_reason"] == {"timeout": 1} and summary["workers_replaced"] == 1
    assert not _leftovers(tmp_path / "out")


def test_sigterm_while_a_page_hangs_stops_and_writes_what_was_finished(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    cfg = tmp_path / "stuck.toml"
    cfg.write_text(STUCK_CFG, encoding="utf-8")
    flag = tmp_path / "stuck.flag"
    records = [*pages[:6], (_stuck(pages[6][0], flag), pages[6][1]), *pages[7:10]]
    warc = make_warc(tmp_path / "a.warc.gz", records)
    out = tmp_path / "out"
    cmd = _cmd([warc], out, patterns_dir, cfg, "--page-timeout", "600", "-j", "1")
    proc = subprocess.Popen(cmd, env=_env(), stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), "the run never reached the stuck page"
        proc.send_signal(signal.SIGTERM)  # as `timeout` or a scheduler would
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 128 + signal.SIGTERM, err.decode()
    assert b"Traceback" not in err
    with __import__("contextlib").suppress(ProcessLookupError):
        os.killpg(proc.pid, 0)
        time.sleep(2)  # the workers go with the run
        os.killpg(proc.pid, 0)
        raise AssertionError("worker processes survived the run")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] is True
    written = _read_jsonl(out / "articles.jsonl")
    before = make_warc(tmp_path / "before.warc.gz", records[:6])
    subprocess.run(
        _cmd([before], tmp_path / "ref", patterns_dir, cfg), env=_env(), check=True, timeout=120
    )
    want = {a["article_id"] for a in _read_jsonl(tmp_path / "ref" / "articles.jsonl")}
    assert want and {a["article_id"] for a in written} == want  # the pages before the stuck one
    assert not _leftovers(out)
    # the same command again completes the run (a small budget cuts the stuck page)
    again = subprocess.run(
        _cmd([warc], out, patterns_dir, cfg, "--page-timeout", "1", "-j", "1"),
        env=_env(), capture_output=True, timeout=120,
    )  # fmt: skip
    assert again.returncode == 1, again.stderr.decode()
    assert json.loads((out / "summary.json").read_text())["interrupted"] is False
    assert len(_read_jsonl(out / "articles.jsonl")) >= len(written)
    assert [e["reason"] for e in _read_jsonl(out / "errors.jsonl")] == ["timeout"]


def test_resumed_run_records_an_over_budget_page_once_without_trying_it_again(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    cfg = tmp_path / "stuck.toml"
    cfg.write_text(STUCK_CFG, encoding="utf-8")
    flag_a, flag_b = tmp_path / "a.flag", tmp_path / "b.flag"
    records = [
        *pages[:3], (_stuck(pages[3][0], flag_a), pages[3][1]), *pages[4:6],
        (_stuck(pages[6][0], flag_b), pages[6][1]), *pages[7:9],
    ]  # fmt: skip
    warc = make_warc(tmp_path / "a.warc.gz", records)
    out = tmp_path / "out"
    cmd = _cmd([warc], out, patterns_dir, cfg, "--page-timeout", "1", "-j", "1")
    proc = subprocess.Popen(cmd, env=_env(), stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        poisoned = 0
        while time.monotonic() < deadline and poisoned == 0:
            time.sleep(0.02)
            try:
                with sqlite3.connect(out / ".batch" / "state.sqlite", timeout=1) as db:
                    poisoned = db.execute("SELECT COUNT(*) FROM poison").fetchone()[0]
            except sqlite3.Error:
                pass
        assert poisoned == 1, "the first stuck page was never recorded"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # killed while the shard is still in work
        proc.wait(timeout=30)
    assert not list((out / ".batch" / "parts").glob("shard-*.jsonl"))
    flag_a.unlink()
    # resumed with a budget that would let page A hang for ten minutes: it is not run again
    resumed = _cmd([warc], out, patterns_dir, cfg, "--page-timeout", "600", "-j", "1")
    started = time.monotonic()
    proc = subprocess.Popen(resumed, env=_env(), stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not flag_b.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag_b.exists() and not flag_a.exists()  # B is tried, A is not
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert time.monotonic() - started < 60
    # and a run with a small budget records each page once
    subprocess.run(
        _cmd([warc], out, patterns_dir, cfg, "--page-timeout", "1", "-j", "1"), env=_env(),
        capture_output=True, timeout=120,
    )  # fmt: skip
    errors = _read_jsonl(out / "errors.jsonl")
    assert sorted(e["url"] for e in errors) == sorted([records[3][0], records[6][0]])
    assert {e["reason"] for e in errors} == {"timeout"}
    assert not flag_a.exists()


def test_unusable_output_is_one_line_before_any_work(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    cfg = tmp_path / "stuck.toml"
    cfg.write_text(STUCK_CFG, encoding="utf-8")
    warc = make_warc(tmp_path / "a.warc.gz", [(_stuck(pages[0][0]), pages[0][1])])
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    for out in (a_file / "out", a_file):
        # with work started, the stuck page would hold the run for its budget
        run = subprocess.run(
            _cmd([warc], out, patterns_dir, cfg), env=_env(), capture_output=True, timeout=60
        )
        err = run.stderr.decode()
        assert run.returncode == 2, err
        assert err.count("\n") == 1 and err.startswith("extractor: error: ") and str(out) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.warc.gz", "file.txt", "stuck.toml"]
