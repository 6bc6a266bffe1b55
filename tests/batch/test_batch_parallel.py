"""Same records whatever runs the job: 1 worker, 2 worker processes, a Dask
cluster (real scheduler + 2 worker processes on 127.0.0.1), and a run killed
with SIGKILL half-way and started again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from extractor.batch.executors import DaskExecutor
from extractor.cli import main
from extractor.errors import ConfigError

from .conftest import REPO, WarcMaker, varied

OUTPUT_FILES = ("articles.jsonl", "articles.csv", "figures.csv", "errors.jsonl")


def _inputs(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, copies: int
) -> list[Path]:
    records = [(f"{u}?copy={i}", varied(b, i)) for i in range(copies) for u, b in pages]
    warc = make_warc(tmp_path / "crawl.warc.gz", records)
    zpath = tmp_path / "saved.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for i, (_, body) in enumerate(pages[:5]):
            zf.writestr(f"p{i}.html", varied(body, 100 + i))
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"url": "https://x.vn/a", "html": pages[0][1].decode("utf-8", "replace")})
        + "\n{bad\n",
        encoding="utf-8",
    )
    return [warc, zpath, dump]


def _argv(inputs: list[Path], out: Path, patterns: Path, *extra: str) -> list[str]:
    return ["batch", *map(str, inputs), "-o", str(out), "--patterns", str(patterns), "--no-nlp",
            "--quiet", "--format", "jsonl,csv", "--shard-size", "3", *extra]  # fmt: skip


def _same(a: Path, b: Path) -> None:
    for name in OUTPUT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    sa = json.loads((a / "summary.json").read_text())
    sb = json.loads((b / "summary.json").read_text())
    for key in ("pages", "articles", "figures", "near_duplicates", "rejected", "errors"):
        assert sa[key] == sb[key], key


def test_one_worker_two_workers_and_dask_agree(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    inputs = _inputs(tmp_path, pages, make_warc, copies=2)
    one, two, dask = tmp_path / "one", tmp_path / "two", tmp_path / "dask"
    assert main(_argv(inputs, one, patterns_dir, "-j", "1")) == 1  # the bad JSONL line
    assert main(_argv(inputs, two, patterns_dir, "-j", "2")) == 1
    _same(one, two)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=40,
    ) as cluster:  # fmt: skip
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert (
            main(_argv(inputs, dask, patterns_dir, "--scheduler", cluster.scheduler_address)) == 1
        )
    _same(one, dask)
    summary = json.loads((one / "summary.json").read_text())
    assert summary["articles"] > 0 and summary["errors"] == 1


def test_unreachable_scheduler_is_a_config_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(
        ConfigError, match=r"^cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1)


def test_sigkill_mid_run_then_resume_equals_uninterrupted(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, patterns_dir: Path
) -> None:
    inputs = _inputs(tmp_path, pages, make_warc, copies=10)
    full, killed = tmp_path / "full", tmp_path / "killed"
    assert main(_argv(inputs, full, patterns_dir, "-j", "1")) == 1
    with sqlite3.connect(full / ".batch" / "state.sqlite") as db:
        total_shards = int(db.execute("SELECT value FROM meta WHERE key = 'planned'").fetchone()[0])

    cmd = [sys.executable, "-m", "extractor", *_argv(inputs, killed, patterns_dir, "-j", "2")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, start_new_session=True, env=env, stderr=subprocess.PIPE)
    parts = killed / ".batch" / "parts"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(parts.glob("shard-*.jsonl"))) >= 4:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker processes
    proc.wait(timeout=30)
    assert proc.stderr is not None
    proc.stderr.close()
    done = len(list(parts.glob("shard-*.jsonl")))
    assert 4 <= done < total_shards
    # A shard is done when its part is in place *and* its row committed; the
    # driver commits one at a time, so the kill can land between the two for
    # at most one part, which the resumed run redoes.
    with sqlite3.connect(killed / ".batch" / "state.sqlite") as db:
        rows = [int(i) for (i,) in db.execute("SELECT idx FROM shards")]
    committed = sum((parts / f"shard-{i:08d}.jsonl").exists() for i in rows)
    assert done - 1 <= committed <= done
    for name in OUTPUT_FILES:  # nothing final that could pass for a complete output
        assert not (killed / name).exists()

    rc = subprocess.run(cmd, env=env, capture_output=True, timeout=300).returncode
    assert rc == 1  # the bad JSONL line, as in the uninterrupted run
    _same(full, killed)
    resumed = json.loads((killed / "summary.json").read_text())["resumed_shards"]
    assert resumed == committed
