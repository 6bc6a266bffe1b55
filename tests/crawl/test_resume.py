"""A crawl killed with SIGKILL mid-way and restarted ends with exactly the records of
an uninterrupted crawl, without fetching a finished page again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from extractor.crawl import Crawler, records_from_warc, warc_files
from extractor.pipeline import Pipeline

from .conftest import REPO, crawl_overrides, make_config, seeds
from .site import SiteServer
from .test_crawl_site import read_jsonl, stable


def _toml(overrides: dict[str, object], path: Path) -> Path:
    """The dotted overrides as a TOML config file for the CLI."""
    sections: dict[str, list[str]] = {"": []}
    for key, value in overrides.items():
        v = str(value).lower() if isinstance(value, bool) else repr(value).replace("'", '"')
        section, _, name = key.rpartition(".")
        sections.setdefault(section, []).append(f"{name} = {v}")
    text = "\n".join(sections.pop(""))
    for section, lines in sections.items():
        text += f"\n[{section}]\n" + "\n".join(lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _outcomes(out: Path, urls: set[str]) -> list[tuple[str, str, str]]:
    """Crawl-state outcomes of ``urls`` (to explain a failed comparison)."""
    db = sqlite3.connect(out / "crawl.sqlite")
    try:
        rows = db.execute("SELECT url, outcome, detail FROM urls").fetchall()
    finally:
        db.close()
    return [r for r in rows if r[0] in urls]


def _crawl_cmd(site_seeds: list[str], out: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "extractor", "crawl", *site_seeds, "--out", str(out),
            "--quiet", "--config", str(config)]


def test_kill_and_resume_matches_uninterrupted(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path
) -> None:
    main, _ = servers
    site = main.site
    # Reference: an uninterrupted crawl.
    ref = tmp_path / "ref"
    Crawler(make_config(site, tmp_path), ref).run(seeds(site))
    expected = read_jsonl(ref / "articles.jsonl")
    site.clear_log()

    config = _toml(crawl_overrides(site, tmp_path), tmp_path / "crawl.toml")
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(_crawl_cmd(seeds(site), out, config), env=env, cwd=REPO,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            done = sum(1 for e in list(site.log) if e.path in site.docs and e.status == 200)
            if done >= 6 or proc.poll() is not None:
                break
            time.sleep(0.005)
        assert proc.poll() is None, "crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    killed_at = len(site.log)
    assert not (out / "articles.jsonl").exists()  # written at the end of a run only

    rerun = subprocess.run(_crawl_cmd(seeds(site), out, config), env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "resumed run 1" in rerun.stderr

    # Same records (fetched_at excluded: see test_crawl_site.VOLATILE), none twice.
    got = read_jsonl(out / "articles.jsonl")
    missing = {r["url"] for r in expected} ^ {r["url"] for r in got}
    assert not missing, _outcomes(out, missing) + _outcomes(ref, missing)
    assert stable(got) == stable(expected)
    assert len({r["url"] for r in got}) == len(got)
    # The WARC files of both processes (the first one cut by the kill, perhaps
    # mid-record) re-process to the same records.
    files = warc_files(out)
    assert len(files) == 2
    config_obj = make_config(site, tmp_path)
    again, _ = records_from_warc(files, Pipeline(config_obj), config=config_obj)
    assert stable([a.to_dict() for a in again]) == stable(expected)

    # No page that was finished before the kill is fetched again; only requests that
    # were in flight at the kill (at most global_concurrency) may repeat.
    before, after = site.log[:killed_at], site.log[killed_at:]
    assert before and after
    fetched_before = Counter(e.path for e in before if e.status in (200, 304))
    refetched = {e.path for e in after if e.status in (200, 304)} & set(fetched_before)
    assert len(refetched) <= 4, refetched
    assert "/robots.txt" not in refetched  # kept in the crawl state
    assert all(n == 1 for p, n in fetched_before.items() if p in site.docs)


def test_cli_logs_each_page_and_a_summary(
    servers: tuple[SiteServer, SiteServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from extractor.cli import main

    site = servers[0].site
    config = _toml(crawl_overrides(site, tmp_path), tmp_path / "crawl.toml")
    out = tmp_path / "cli"
    rc = main(["crawl", f"{site.base}/cong-doan/", "--out", str(out), "--config", str(config),
               "--max-pages", "2"])
    err = capsys.readouterr().err
    assert rc == 0
    assert f"crawl: 200 discovered:html {site.base}/cong-doan/" in err
    assert err.count(" article http") + err.count(" rejected:") >= 1
    summary = json.loads((out / "crawl-summary.json").read_text())
    assert f"extractor: crawl run 1: {summary['records']} records" in err
    assert "article:pending=" in err  # --max-pages left the rest for a later run
    assert main(["crawl", "--out", str(out)]) == 2  # no seeds: one-line error
    assert "crawl needs SEED" in capsys.readouterr().err
