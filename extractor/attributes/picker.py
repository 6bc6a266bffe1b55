"""A learned choice among the organizer candidates the rules find.

The rules of :mod:`.organizer` name one body per figure; the article usually names
several (the body acting in the lead, the giver after "của" / "do", the body before the
figure, a sponsor, a recipient). This step scores every candidate body near the figure
(its clause and sentence, the two sentences before it in its paragraph, the next
sentence, the lead and the title, and the rules' own answer) with a logistic model over clause features: where the name
stands relative to the figure, the words right before and after it (``do``, ``của``,
``cho``, ``phối hợp``), whether a verb follows it, its head word and level, how often
the article names it, the figure's kind and whether the rules chose it. The best
candidate wins; every candidate is a span of the text (or of the title), so the figure
keeps exact offsets.

The weights are data, ``patterns/organizer_model.json``, trained from the gold corpora
by ``python -m extractor.learn.organizer`` (scikit-learn at training time only; scoring
here is a dot product). Without the file the rules' answer stands.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import PatternError
from ..lexicon import Lexicon
from ..models import Figure
from ..textnorm import normalize_tones
from .context import ArticleContext, Mention, Resolved, is_weak_org

__all__ = ["MODEL_FILE", "RULES_ONLY", "Candidate", "OrganizerModel", "Picker", "candidates", "features", "organizer_model"]

MODEL_FILE = "organizer_model.json"
_BACK = 2  # sentences of its paragraph before the figure whose names are candidates
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    span: tuple[int, int] | None  # None: in the title (or a rule's answer without a span)
    sentence: int  # -1: the title
    mention: Mention | None  # None: the rules' answer when it is not one mention (a list)
    is_rule: bool


def _key(s: str) -> str:
    return _SPACES.sub(" ", normalize_tones(s)).strip(" ,.;:").casefold()


def _source(fig: Figure, ctx: ArticleContext, c: Candidate) -> str:
    i = ctx.sentence_of(fig)
    if c.sentence < 0 or (c.sentence in ctx.lead and c.sentence != i):
        return "lead"
    if c.sentence == i and c.span is not None:
        c0, c1 = ctx.clause(fig)
        return "clause" if c0 <= c.span[0] and c.span[1] <= c1 else "sentence"
    return "paragraph"


def _near(ctx: ArticleContext, i: int) -> list[tuple[int, Mention]]:
    """The names a figure of sentence ``i`` may be credited to, by sentence (once per
    sentence): its own, the two before it in its paragraph, the next one, the lead's."""
    memo: dict[int, list[tuple[int, Mention]]] = ctx.cache.setdefault("picker_near", {})
    got = memo.get(i)
    if got is None:
        n = len(ctx.sentences)
        block = ctx.block_start[i] if n else 0
        rows = sorted({*range(max(block, i - _BACK), min(i + 2, n)), *ctx.lead})
        got = memo[i] = [(k, m) for k in rows for m in ctx.orgs(k) if m.kind != "event"]
    return got


def _sentence_at(ctx: ArticleContext, pos: int, default: int) -> int:
    starts: list[int] | None = ctx.cache.get("picker_starts")
    if starts is None:
        starts = ctx.cache["picker_starts"] = [s.start for s in ctx.sentences]
    j = bisect_right(starts, pos) - 1
    return j if j >= 0 and pos < ctx.sentences[j].end else default


def candidates(fig: Figure, ctx: ArticleContext, rule: Resolved | None) -> list[Candidate]:
    """The bodies the figure could be credited to, in text order (title first), the
    rules' answer marked; events and names overlapping the figure left out."""
    i = ctx.sentence_of(fig)
    out: list[Candidate] = []
    rule_span = rule.span if rule is not None else None
    seen_rule = False
    for m in ctx.title_orgs:
        if m.kind == "event":
            continue
        hit = rule is not None and rule.span is None and _key(m.text) == _key(rule.value)
        seen_rule |= hit
        out.append(Candidate(m.text, None, -1, m, hit))
    for k, m in _near(ctx, i) if ctx.sentences else ():
        if m.start < fig.end and fig.start < m.end:
            continue
        hit = rule_span == (m.start, m.end)
        seen_rule |= hit
        out.append(Candidate(m.text, (m.start, m.end), k, m, hit))
    if rule is not None and not seen_rule:
        k = _sentence_at(ctx, rule.span[0], i) if rule.span is not None else -1
        out.append(Candidate(rule.value, rule.span, k, None, True))
    return out


def _bucket(x: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if x <= e:
            return str(e)
    return f">{edges[-1]}"


def _words_before(text: str, start: int, lo: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(lo, start - 30) : start])][-2:]


def _words_after(text: str, end: int, hi: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[end : min(hi, end + 30)])][:2]


@dataclass(frozen=True, slots=True)
class _Static:
    """What a candidate is, whatever the figure: its features and the words around it."""

    key: str
    head: str
    feats: tuple[str, ...]
    before: str | None  # the word right before the name (None: it opens its sentence)
    after: str | None


def _static(ctx: ArticleContext, c: Candidate) -> _Static:
    memo: dict[tuple[str, tuple[int, int] | None, int, int], _Static] = ctx.cache.setdefault("picker_static", {})
    at = (c.text, c.span, c.sentence, id(c.mention))
    got = memo.get(at)
    if got is not None:
        return got
    key = _key(c.text)
    toks = key.split()
    head = toks[0] if toks else ""
    f = [f"head={head}", f"head2={' '.join(toks[:2])}", f"len={_bucket(len(toks), (1, 2, 3, 5, 8))}"]
    m = c.mention
    if m is not None:
        if m.acting:
            f.append("acting")
        if m.kind:
            f.append(f"mkind={m.kind}")
        if is_weak_org(m):
            f.append("weak")
    if any(t[:1].isupper() for t in c.text.split()[2:]):
        f.append("named_place")
    wb1 = wa1 = None
    if c.span is not None and 0 <= c.sentence < len(ctx.sentences):
        s = ctx.sentences[c.sentence]
        wb = _words_before(ctx.text, c.span[0], s.start)
        wa = _words_after(ctx.text, c.span[1], s.end)
        if wb:
            wb1 = wb[-1]
            f.append(f"w-1={wb1}")
            if len(wb) == 2:
                f.append(f"w-2={wb[0]} {wb[1]}")
        else:
            f.append("w-1=<s>")
        if wa:
            wa1 = wa[0]
            f.append(f"w+1={wa1}")
            if len(wa) == 2:
                f.append(f"w+2={wa[0]} {wa[1]}")
    got = memo[at] = _Static(key, head, tuple(f), wb1, wa1)
    return got


def _article_bodies(ctx: ArticleContext, i: int) -> tuple[str | None, str | None]:
    """The body acting in the lead, and the last one acting in sentence ``i``'s paragraph."""
    lead_key = ctx.cache.get("picker_lead", "")
    if lead_key == "":
        lead = ctx.lead_acting(True) or ctx.lead_acting(False)
        lead_key = ctx.cache["picker_lead"] = _key(lead[1].text) if lead is not None else None
    own = [m for m in ctx.orgs(i) if m.acting]  # acting in sentence i, else before it
    para = (i, own[-1]) if own else ctx.prev_acting(i, False)
    para_key = _key(para[1].text) if para is not None and para[0] >= ctx.block_start[i] else None
    return lead_key, para_key


def _dynamic(
    fig: Figure, ctx: ArticleContext, cands: list[Candidate], statics: list[_Static], rule: Resolved | None
) -> list[list[str]]:
    """The features of each candidate that depend on the figure: where the name stands
    from it, the figure's kind, whether the rules chose it."""
    i = ctx.sentence_of(fig)
    c0, c1 = ctx.clause(fig)
    counts = Counter(st.key for st in statics)
    rule_key = _key(rule.value) if rule is not None else None
    first_key = statics[0].key if statics else None
    lead_key, para_key = _article_bodies(ctx, i)
    before = [c for c in cands if c.sentence == i and c.span is not None and c.span[1] <= fig.start]
    nearest = before[-1] if before else None
    kind = fig.kind
    out: list[list[str]] = []
    for c, st in zip(cands, statics, strict=True):
        f: list[str] = ["bias"]
        if c.sentence < 0:
            rel = "title"
        elif c.span is None:
            rel = "nospan"
        elif c.sentence == i:
            inside = c0 <= c.span[0] and c.span[1] <= c1
            side = "before" if c.span[1] <= fig.start else "after"
            rel = ("clause_" if inside else "sent_") + side
            gap = fig.start - c.span[1] if side == "before" else c.span[0] - fig.end
            f.append(f"gap={side}:{_bucket(gap, (2, 10, 30, 80, 200))}")
        elif c.sentence < i:
            rel = f"prev{_bucket(i - c.sentence, (1, 2, 4))}"
        else:
            rel = "next"
        if c.sentence in ctx.lead and c.sentence != i:
            f.append("in_lead")
        f += [f"rel={rel}", f"kind={kind}", f"kind_rel={kind}:{rel}", f"kind_head={kind}:{st.head}",
              f"freq={_bucket(counts[st.key], (1, 2, 4))}"]
        m = c.mention
        if m is not None:
            if m.acting:
                f.append(f"acting_rel={rel}")
            if is_weak_org(m):
                f.append(f"weak_rel={rel}")
        if c.span is not None and 0 <= c.sentence < len(ctx.sentences):
            if st.before is not None:
                f += [f"rel_w-1={rel}:{st.before}", f"kind_w-1={kind}:{st.before}"]
            if st.after is not None:
                f.append(f"rel_w+1={rel}:{st.after}")
        if c is nearest:
            f.append("nearest_before")
        if st.key == first_key:
            f.append("first_named")
        if st.key == lead_key:
            f.append("lead_body")
        if st.key == para_key:
            f.append("paragraph_body")
        if c.is_rule:
            f += ["is_rule", f"is_rule_src={rule.source if rule else ''}", f"is_rule_rule={rule.rule if rule else ''}"]
        elif rule_key is not None and st.key == rule_key:
            f.append("same_as_rule")
        elif rule_key is not None and (st.key in rule_key or rule_key in st.key):
            f.append("part_of_rule")
        out.append(f)
    return out


def features(fig: Figure, ctx: ArticleContext, cands: list[Candidate], rule: Resolved | None) -> list[list[str]]:
    """One list of binary feature names per candidate (what the model is trained on)."""
    statics = [_static(ctx, c) for c in cands]
    return [[*st.feats, *dyn] for st, dyn in zip(statics, _dynamic(fig, ctx, cands, statics, rule), strict=True)]


@dataclass(frozen=True)
class OrganizerModel:
    weights: dict[str, float]
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OrganizerModel:
        return cls({str(k): float(v) for k, v in data["weights"].items()}, dict(data.get("meta", {})))

    def score(self, feats: list[str]) -> float:
        """The probability that a candidate with these features is the organizer."""
        return _sigmoid(self._sum(feats))

    def _sum(self, feats: list[str] | tuple[str, ...]) -> float:
        w = self.weights
        return sum(w.get(x, 0.0) for x in feats)

    def pick(self, fig: Figure, ctx: ArticleContext, rule: Resolved | None) -> Resolved | None:
        cands = candidates(fig, ctx, rule)
        if not cands or (len(cands) == 1 and cands[0].is_rule):
            return rule  # nothing to choose
        # (the same sum as ``score(features(...))``, the figure-free part once per name)
        statics = [_static(ctx, c) for c in cands]
        memo: dict[tuple[str, ...], float] = ctx.cache.setdefault("picker_static_sum", {})
        best, best_z = None, -math.inf
        for c, st, dyn in zip(cands, statics, _dynamic(fig, ctx, cands, statics, rule), strict=True):
            part = memo.get(st.feats)
            if part is None:
                part = memo[st.feats] = self._sum(st.feats)
            z = part + self._sum(dyn)
            if z > best_z:
                best, best_z = c, z
        if best is None or best.is_rule:
            return rule
        return Resolved(best.text, best.span, _source(fig, ctx, best), "model")


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


RULES_ONLY = "organizer_model_disabled"


class Picker(Protocol):
    """What the attribute stage asks: the organizer of ``fig``, given the rules' answer."""

    def pick(self, fig: Figure, ctx: ArticleContext, rule: Resolved | None) -> Resolved | None: ...


def organizer_model(lex: Lexicon) -> Picker | None:
    """The model in the patterns directory, read once per lexicon (None: rules only).
    ``lex.cache[RULES_ONLY]`` switches it off; ``lex.cache["organizer_model"]`` may hold
    another :class:`Picker` (training records the rules' candidates that way)."""
    if RULES_ONLY in lex.cache:
        return None
    if "organizer_model" not in lex.cache:
        path = lex.patterns_dir / MODEL_FILE
        model: Picker | None = None
        if path.is_file():
            try:
                model = OrganizerModel.from_json(json.loads(path.read_text("utf-8")))
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                raise PatternError(f"{path}: not an organizer model ({e})") from e
        lex.cache["organizer_model"] = model
    got: Picker | None = lex.cache["organizer_model"]
    return got
