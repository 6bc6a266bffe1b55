"""Resume state of a batch run: ``OUT/.batch/state.sqlite`` plus one part file
per finished shard in ``OUT/.batch/parts/``, and the pages that went over
their budget (``poison``), which a resumed run records without trying again.

A shard counts as done only when its part file has been renamed into place
*and* its row is committed; a run killed in between redoes that shard, which
gives the same part again (shards are deterministic), so nothing is lost or
written twice.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from ..errors import ConfigError
from ..ingest import PageError

__all__ = ["BatchState"]


class BatchState:
    def __init__(self, out: Path, fingerprint: str, *, fresh: bool = False) -> None:
        self.dir = out / ".batch"
        self.parts = self.dir / "parts"
        if fresh and self.dir.exists():
            shutil.rmtree(self.dir)
        self.parts.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / "state.sqlite")
        self.db.executescript(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS shards (
                idx INTEGER PRIMARY KEY, key TEXT NOT NULL, pages INTEGER, counts TEXT
            );
            CREATE TABLE IF NOT EXISTS poison (ref TEXT PRIMARY KEY, record TEXT NOT NULL);
            """
        )
        old = self.get("fingerprint")
        if old is None:
            self.set("fingerprint", fingerprint)
        elif old != fingerprint:
            self.db.close()
            raise ConfigError(
                f"{out} holds a batch run with other inputs or settings; "
                "use --fresh to start over, or another output directory"
            )

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def part_path(self, index: int) -> Path:
        return self.parts / f"shard-{index:08d}.jsonl"

    def finished(self) -> dict[int, str]:
        """Shards whose part file exists and whose row is committed: index -> key."""
        done = {}
        for idx, key in self.db.execute("SELECT idx, key FROM shards"):
            if self.part_path(idx).exists():
                done[int(idx)] = str(key)
        return done

    def commit_shard(
        self, index: int, key: str, pages: int, counts: dict[str, int], payload: bytes
    ) -> None:
        final = self.part_path(index)
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=self.parts)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO shards VALUES (?, ?, ?, ?)",
                (index, key, pages, json.dumps(counts, sort_keys=True)),
            )

    def add_poison(self, ref: str, error: PageError) -> None:
        """A page over its budget (or that killed its worker): stored at once,
        so that a resumed run records it again without trying it."""
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO poison VALUES (?, ?)",
                (ref, json.dumps(error.to_dict(), ensure_ascii=False)),
            )

    def poison(self) -> dict[str, PageError]:
        return {
            str(ref): PageError.from_dict(json.loads(rec))
            for ref, rec in self.db.execute("SELECT ref, record FROM poison")
        }

    def drop_parts(self) -> None:
        shutil.rmtree(self.parts, ignore_errors=True)

    def close(self) -> None:
        self.db.close()
