"""The context walks give, asked in any order, what a full scan of the sentences gives."""

from __future__ import annotations

import json
import random
from pathlib import Path

from extractor.attributes import ArticleContext, ArticleMeta
from extractor.attributes.context import is_weak_org
from extractor.lexicon import Lexicon
from extractor.sentences import split_sentences

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((CORPUS / "seeds").glob("*.txt"))]
    texts += [json.loads(p.read_text("utf-8"))["text"] for p in sorted((CORPUS / "dev").glob("*.json"))]
    return texts


def test_walks_match_a_full_scan(lexicon: Lexicon) -> None:
    rng = random.Random(13)
    checked = 0
    for text in _texts():
        sents = split_sentences(text, lexicon.no_split)
        ctx = ArticleContext(text, sents, lexicon, ArticleMeta(published="2024-05-01"))
        full = ArticleContext(text, sents, lexicon, ArticleMeta(published="2024-05-01"))
        n = len(sents)
        per = [full.periods(i) for i in range(n)]
        acting = {s: [[m for m in full.orgs(i) if m.acting and not (s and is_weak_org(m))] for i in range(n)]
                  for s in (True, False)}  # fmt: skip
        order = list(range(n))
        rng.shuffle(order)
        for i in order:
            block = full.block_start[i]
            prev = next(((k, per[k][-1]) for k in range(i - 1, block - 1, -1) if per[k]), None)
            assert ctx.prev_period(i) == prev
            for strong in (True, False):
                a = acting[strong]
                before = next(((k, a[k][-1]) for k in range(i - 1, -1, -1) if a[k]), None)
                after = next(((k, a[k][0]) for k in range(i, n) if a[k]), None)
                assert ctx.prev_acting(i, strong) == before
                assert ctx.next_acting(i, strong) == after
            checked += 1
    assert checked > 300
