"""Boilerplate names judged page by page give what judging each name alone gives."""

from __future__ import annotations

import random

from extractor.content.base import profiles_for
from extractor.content.body import _junk_names, _junk_verdicts


def test_junk_verdicts_match_one_name_at_a_time() -> None:
    rules = profiles_for().generic
    assert rules.junk_plain
    rng = random.Random(9)
    parts = ["related", "comment", "box", "main-content", "ads", "adsx", "fb", "detail", "share_bar", "col-md-8",
             "sidebar-1", "tin-lien-quan", "x_comment", "banner2", "Related", "", "  ", "content", "fck_detail"]  # fmt: skip
    keys: list[tuple[str | None, str | None]] = [(None, None), ("", ""), ("comment", None), (None, "related")]
    for _ in range(3_000):
        cls = " ".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        ident = rng.choice([*parts, "newsletter", "footer-1"]) if rng.random() < 0.5 else None
        keys.append((cls or None, ident))
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), 97):  # pages of various sizes and mixes
        page = keys[start : start + rng.randint(1, 200)]
        got = _junk_verdicts(page, rules)
        assert got == {k: _junk_names(k[0], k[1], rules, {}) for k in page}
    assert sum(_junk_verdicts(keys, rules).values()) > 100  # many junk names among them
