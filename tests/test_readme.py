"""The README's examples run as pasted: every ```python, ```bash and ```sh block is run
in order in one scratch directory (with the bundled ``corpus/`` in it and this
environment's ``extractor`` on PATH), unless the line before it says
``<!-- not run: REASON -->`` (installing the tool, crawling live sites, illustrative
paths)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP = re.compile(r"^<!--\s*not run:\s*(.*?)\s*-->$")


@dataclass(frozen=True)
class Block:
    line: int
    lang: str
    code: str
    skip: str | None  # the reason, when not run


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        prev = next((ln.strip() for ln in reversed(lines[:start]) if ln.strip()), "")
        sm = _SKIP.match(prev)
        blocks.append(Block(start + 1, m.group(1), "\n".join(lines[start + 1 : j]) + "\n",
                            sm.group(1) if sm else None))  # fmt: skip
        i = j + 1
    return blocks


def _runnable() -> list[Block]:
    return [b for b in readme_blocks(README.read_text(encoding="utf-8")) if b.lang in ("python", "bash", "sh")]


def test_blocks_are_found_and_skips_say_why() -> None:
    blocks = _runnable()
    assert all(b.skip for b in blocks if b.skip is not None)  # a reason, not an empty marker
    run = [b for b in blocks if b.skip is None]
    assert len(run) >= 5 and {b.lang for b in run} >= {"python", "bash"}


def test_readme_examples_run_as_pasted(tmp_path: Path) -> None:
    if not (REPO / "corpus" / "seeds").is_dir():
        pytest.fail("corpus/seeds missing")
    (tmp_path / "corpus").symlink_to(REPO / "corpus")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(REPO)
    for block in (b for b in _runnable() if b.skip is None):
        if block.lang == "python":
            cmd = [sys.executable, "-c", block.code]
        else:
            cmd = ["bash", "-euo", "pipefail", "-c", block.code]
        r = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
        where = f"README.md line {block.line} ({block.lang})"
        assert r.returncode == 0, f"{where} failed:\n{r.stderr[-3000:]}"
        assert "Traceback" not in r.stderr, f"{where}:\n{r.stderr[-3000:]}"
    assert (tmp_path / "report.html").is_file() and (tmp_path / "out" / "batch-report.html").is_file()
    # nothing written outside the scratch directory: the repo's corpus is untouched
    assert not list((REPO / "corpus").glob("**/*.part"))


def test_a_failing_block_is_caught(tmp_path: Path) -> None:
    """The harness sees the README's old NameError."""
    code = 'from extractor import Pipeline\npipe = Pipeline()\narticle = pipe.extract_text(text, url)\n'
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)  # fmt: skip
    assert r.returncode != 0 and "NameError" in r.stderr
