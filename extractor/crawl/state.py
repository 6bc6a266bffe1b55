"""Crawl state in SQLite (``DIR/crawl.sqlite``): the frontier, per-URL validators
(ETag / Last-Modified), outcomes, robots.txt and the extracted records.

A URL is marked done in the same transaction that stores its record and the
links it offered, so a crawl killed at any moment (even ``kill -9``) resumes
without losing a page or writing a record twice; at most the pages that were in
flight are fetched again.

Runs: a run that has not finished is resumed by the next start; once finished,
the next start is a new run that revisits the seeds and fetches only what is new
or changed (conditional GET, sitemap/feed dates).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .fetch import RobotsRules
from .urls import host_of

__all__ = ["CrawlState", "UrlRow"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    seeds TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS urls (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,            -- seed | listing | feed | sitemap | article
    status TEXT NOT NULL,          -- pending | done
    run_id INTEGER NOT NULL,       -- run that queued or last settled it
    depth INTEGER NOT NULL DEFAULT 0,
    hint_date TEXT,                -- feed/sitemap date, ISO UTC
    title TEXT,                    -- anchor text or feed entry
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT,               -- last successful fetch (200 or 304)
    fetched_run INTEGER,           -- run in which it was last requested
    http_status INTEGER,
    outcome TEXT,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS urls_pending ON urls(status, kind, seq);
CREATE TABLE IF NOT EXISTS records (
    url TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS robots (
    host TEXT PRIMARY KEY,
    run_id INTEGER NOT NULL,
    status INTEGER,
    body TEXT NOT NULL
);
"""

_DISCOVERY = ("seed", "sitemap", "feed", "listing")
# Outcomes not worth a new request in a later run (transient ones are retried:
# timeouts, connection errors, truncated bodies, 5xx, 429).
_PERMANENT = frozenset(
    {"http_error_4xx", "not_html", "too_large", "redirect_loop", "too_many_redirects",
     "out_of_scope_redirect", "bad_redirect", "bad_url", "decoding",
     # pages the extractor could not finish within its budget, or that crashed it
     "page_error:timeout", "page_error:too_large", "page_error:crash", "page_error:error"}
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class UrlRow:
    url: str
    kind: str
    depth: int
    hint_date: str | None
    title: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str | None


class CrawlState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self.run_id = 0
        self.resumed = False

    def close(self) -> None:
        self.db.close()

    # -- runs ---------------------------------------------------------------
    def begin_run(self, seeds: list[str]) -> int:
        row = self.db.execute("SELECT id, finished FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None and row[1] is None:
            self.run_id, self.resumed = int(row[0]), True
        else:
            cur = self.db.execute(
                "INSERT INTO runs(started, seeds) VALUES (?, ?)", (now_iso(), json.dumps(seeds))
            )
            self.run_id, self.resumed = int(cur.lastrowid or 0), False
        with self.tx():
            for seed in seeds:
                self._offer(seed, "seed", depth=0, hint_date=None, title=None)
        return self.run_id

    def finish_run(self) -> None:
        self.db.execute("UPDATE runs SET finished=? WHERE id=?", (now_iso(), self.run_id))

    # -- transactions ---------------------------------------------------------
    def tx(self) -> _Tx:
        return _Tx(self.db)

    # -- frontier -------------------------------------------------------------
    def offer(
        self,
        url: str,
        kind: str,
        *,
        depth: int = 0,
        hint_date: str | None = None,
        title: str | None = None,
    ) -> bool:
        """Queue ``url`` unless this run already has it; True when newly queued."""
        return self._offer(url, kind, depth=depth, hint_date=hint_date, title=title)

    def _offer(
        self, url: str, kind: str, *, depth: int, hint_date: str | None, title: str | None
    ) -> bool:
        row = self.db.execute(
            "SELECT status, run_id, fetched_at, kind, outcome FROM urls WHERE url=?", (url,)
        ).fetchone()
        if row is None:
            self.db.execute(
                "INSERT INTO urls(url, kind, status, run_id, depth, hint_date, title) "
                "VALUES (?, ?, 'pending', ?, ?, ?, ?)",
                (url, kind, self.run_id, depth, hint_date, title),
            )
            return True
        status, run_id, fetched_at, old_kind, outcome = row
        if status == "pending" or run_id == self.run_id:
            if hint_date:
                self.db.execute("UPDATE urls SET hint_date=? WHERE url=?", (hint_date, url))
            return False
        # Settled in an earlier run: revisit unless a feed/sitemap date says it has
        # not changed since we last fetched it.
        if hint_date and fetched_at and hint_date <= fetched_at:
            self.db.execute(
                "UPDATE urls SET run_id=?, outcome='unchanged_by_date', hint_date=? WHERE url=?",
                (self.run_id, hint_date, url),
            )
            return False
        # Articles that failed for good (404, not HTML, too large, redirect loop...)
        # are not asked for again unless a feed/sitemap says they changed.
        base_outcome = (outcome or "").removeprefix("known_failure:")
        if old_kind == "article" and base_outcome in _PERMANENT and not hint_date:
            self.db.execute(
                "UPDATE urls SET run_id=?, outcome=? WHERE url=?",
                (self.run_id, f"known_failure:{base_outcome}", url),
            )
            return False
        if old_kind == "seed":
            kind = "seed"
        self.db.execute(
            "UPDATE urls SET status='pending', run_id=?, kind=?, depth=?, hint_date=COALESCE(?, hint_date), "
            "title=COALESCE(?, title) WHERE url=?",
            (self.run_id, kind, depth, hint_date, title, url),
        )
        return True

    def next_pending(
        self,
        exclude: set[str],
        *,
        articles: bool = True,
        busy_hosts: frozenset[str] = frozenset(),
    ) -> UrlRow | None:
        """Discovery pages first (they feed the frontier), then articles, FIFO;
        skipping URLs in flight and hosts that have no free slot (so one slow host
        does not hold up the others)."""
        kinds = "" if articles else " AND kind != 'article'"
        rows = self.db.execute(
            "SELECT url, kind, depth, hint_date, title, etag, last_modified, fetched_at "
            f"FROM urls WHERE status='pending'{kinds} "
            "ORDER BY kind = 'article', seq LIMIT ?",
            (len(exclude) + 256,),
        ).fetchall()
        for r in rows:
            if r[0] not in exclude and (not busy_hosts or host_of(r[0]) not in busy_hosts):
                return UrlRow(*r)
        return None

    def settle(
        self,
        url: str,
        outcome: str,
        *,
        detail: str = "",
        http_status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        fetched: bool = False,
        requested: bool = True,
    ) -> None:
        """Mark ``url`` done for this run (call inside ``tx()`` with its record/links)."""
        sets = "status='done', run_id=?, outcome=?, detail=?"
        args: list[Any] = [self.run_id, outcome, detail[:500]]
        if requested:
            sets += ", fetched_run=?, http_status=?"
            args += [self.run_id, http_status]
        if fetched:
            sets += ", fetched_at=?, etag=?, last_modified=?"
            args += [now_iso(), etag, last_modified]
        self.db.execute(f"UPDATE urls SET {sets} WHERE url=?", [*args, url])

    def mark_alias(self, url: str) -> None:
        """A redirect target already handled under another URL: do not fetch it again."""
        self.db.execute(
            "INSERT INTO urls(url, kind, status, run_id, outcome) VALUES (?, 'article', 'done', ?, "
            "'redirect_target') ON CONFLICT(url) DO UPDATE SET status='done', run_id=excluded.run_id "
            "WHERE urls.status='pending'",
            (url, self.run_id),
        )

    def articles_requested(self) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM urls WHERE kind='article' AND fetched_run=?", (self.run_id,)
        ).fetchone()
        return int(row[0])

    def outcomes(self) -> dict[str, int]:
        """Outcomes of this run (including the parts before a resume)."""
        rows = self.db.execute(
            "SELECT kind, COALESCE(outcome, 'pending'), COUNT(*) FROM urls WHERE run_id=? "
            "GROUP BY 1, 2",
            (self.run_id,),
        ).fetchall()
        out: dict[str, int] = {}
        for kind, outcome, n in rows:
            key = f"{'page' if kind in _DISCOVERY else 'article'}:{outcome}"
            out[key] = out.get(key, 0) + int(n)
        return out

    def count(self, where: str = "1", args: Iterable[Any] = ()) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM urls WHERE {where}", tuple(args)).fetchone()[0])

    # -- records ----------------------------------------------------------------
    def put_record(self, url: str, article_id: str, record: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO records(url, article_id, record) VALUES (?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET article_id=excluded.article_id, record=excluded.record",
            (url, article_id, json.dumps(record, ensure_ascii=False, sort_keys=False)),
        )

    def drop_record(self, url: str) -> None:
        self.db.execute("DELETE FROM records WHERE url=?", (url,))

    def records(self) -> Iterator[dict[str, Any]]:
        """Records in URL order, one per article_id (the first URL wins)."""
        seen: set[str] = set()
        for article_id, text in self.db.execute(
            "SELECT article_id, record FROM records ORDER BY url"
        ):
            if article_id in seen:
                continue
            seen.add(article_id)
            record: dict[str, Any] = json.loads(text)
            yield record

    # -- robots.txt -------------------------------------------------------------
    def load_robots(self, host: str) -> RobotsRules | None:
        row = self.db.execute(
            "SELECT status, body FROM robots WHERE host=? AND run_id=?", (host, self.run_id)
        ).fetchone()
        return RobotsRules(row[0], row[1]) if row else None

    def save_robots(self, host: str, rules: RobotsRules) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO robots(host, run_id, status, body) VALUES (?, ?, ?, ?)",
            (host, self.run_id, rules.status, rules.body),
        )


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
