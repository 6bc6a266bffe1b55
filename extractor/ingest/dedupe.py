"""The one dedupe rule, used by ``extract``, ``batch``, the crawl's export and
``crawl --reprocess``: the first article read wins; a later one with the same
URL identity (``urls.url_key``) or the same normalised text is a duplicate and
is not written; a near copy (MinHash over word 5-gram shingles, banded LSH,
verified by estimated Jaccard) is kept with ``duplicate_of`` naming the first.

The index lives in SQLite (on disk for batch runs, in memory for small ones),
so memory stays flat however many articles pass through.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..models import Article
from .urls import url_key

__all__ = ["NUM_PERM", "DedupeKeys", "Deduper", "dedupe_keys", "minhash"]

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_SHINGLES = 10

_WORD = re.compile(r"\w+")
_rng = np.random.RandomState(20250701)
# Multiply-shift hashing: h(x) = ((a*x + b) mod 2**64) >> 32 with odd a.
_A = (_rng.randint(0, 2**62, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.randint(0, 2**62, size=NUM_PERM, dtype=np.uint64)
del _rng


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _word_hashes(words: list[str]) -> np.ndarray:
    """A stable 32-bit hash per word (blake2b; once per distinct word)."""
    table: dict[str, int] = {}
    for w in words:
        if w not in table:
            table[w] = int.from_bytes(
                hashlib.blake2b(w.encode("utf-8"), digest_size=4).digest(), "little"
            )
    return np.fromiter((table[w] for w in words), dtype=np.uint64, count=len(words))


def minhash(words: list[str]) -> np.ndarray | None:
    """MinHash signature (``NUM_PERM`` uint32) of the word 5-gram shingles, or
    None when the text is too short for a meaningful estimate."""
    if len(words) < SHINGLE + MIN_SHINGLES - 1:
        return None
    wh = _word_hashes(words)
    n = len(words) - SHINGLE + 1
    with np.errstate(over="ignore"):
        # polynomial rolling combination of the 5 word hashes, folded to 32 bits
        sh = np.zeros(n, dtype=np.uint64)
        for j in range(SHINGLE):
            sh = sh * np.uint64(0x100000001B3) + wh[j : j + n]
        sh = np.unique((sh ^ (sh >> np.uint64(32))) & np.uint64(0xFFFFFFFF))
        mixed = (sh[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    sig: np.ndarray = mixed.min(axis=0).astype("<u4")
    return sig


@dataclass(frozen=True, slots=True)
class DedupeKeys:
    url: str | None
    text: str  # sha1 of the normalised text
    sig: str | None  # hex of the MinHash signature

    def to_dict(self) -> dict[str, str | None]:
        return {"url": self.url, "text": self.text, "sig": self.sig}


def dedupe_keys(url: str | None, text: str) -> DedupeKeys:
    words = _words(text)
    text_key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    sig = minhash(words)
    return DedupeKeys(url_key(url), text_key, sig.tobytes().hex() if sig is not None else None)


def _band_keys(sig: bytes) -> list[int]:
    keys = []
    width = ROWS * 4
    for band in range(BANDS):
        chunk = bytes([band]) + sig[band * width : (band + 1) * width]
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return keys


def _jaccard(a: bytes, b: bytes) -> float:
    x = np.frombuffer(a, dtype="<u4")
    y = np.frombuffer(b, dtype="<u4")
    return float(np.mean(x == y))


class Deduper:
    """First-seen-wins duplicate index kept in an SQLite file."""

    def __init__(self, path: Path | None = None, threshold: float = 0.8) -> None:
        if path is not None:
            path.unlink(missing_ok=True)
        self.threshold = threshold
        self.db = sqlite3.connect(":memory:" if path is None else path)
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -32000;
            CREATE TABLE urls (key TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE texts (key TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE bands (key INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
            CREATE TABLE sigs (seq INTEGER PRIMARY KEY, article_id TEXT, root TEXT, sig BLOB);
            """
        )
        self.path = path
        self._seq = 0

    def check(self, article_id: str, keys: DedupeKeys) -> tuple[bool, str | None]:
        """``(keep, duplicate_of)``: exact duplicates are dropped (keep False);
        a near duplicate is kept with ``duplicate_of`` = id of the first copy."""
        db = self.db
        if keys.url is not None:
            if db.execute("SELECT 1 FROM urls WHERE key = ?", (keys.url,)).fetchone():
                return False, None
        if db.execute("SELECT 1 FROM texts WHERE key = ?", (keys.text,)).fetchone():
            return False, None
        if keys.url is not None:
            db.execute("INSERT INTO urls VALUES (?)", (keys.url,))
        db.execute("INSERT INTO texts VALUES (?)", (keys.text,))
        if keys.sig is None:
            return True, None
        sig = bytes.fromhex(keys.sig)
        bands = _band_keys(sig)
        marks = ",".join("?" * len(bands))
        seqs = sorted(
            {row[0] for row in db.execute(f"SELECT seq FROM bands WHERE key IN ({marks})", bands)}
        )
        duplicate_of: str | None = None
        for seq in seqs:  # earliest first
            row = db.execute(
                "SELECT article_id, root, sig FROM sigs WHERE seq = ?", (seq,)
            ).fetchone()
            if row is not None and _jaccard(sig, row[2]) >= self.threshold:
                duplicate_of = row[1] or row[0]
                break
        self._seq += 1
        db.execute(
            "INSERT INTO sigs VALUES (?, ?, ?, ?)", (self._seq, article_id, duplicate_of, sig)
        )
        db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", [(k, self._seq) for k in bands])
        return True, duplicate_of

    def check_article(self, article: Article) -> tuple[bool, str | None]:
        """``check`` for an Article (its keys computed here)."""
        return self.check(article.article_id, dedupe_keys(article.url, article.text))

    def close(self) -> None:
        self.db.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
