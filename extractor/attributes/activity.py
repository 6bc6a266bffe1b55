"""The activity a figure belongs to (tập huấn, bồi dưỡng, khám sức khỏe ...): the nearest
activity word before it in its clause, else the nearest after it in its sentence."""

from __future__ import annotations

from ..models import Figure
from .context import ArticleContext, Resolved

__all__ = ["resolve_activity"]


def resolve_activity(fig: Figure, ctx: ArticleContext) -> Resolved | None:
    s = ctx.sentences[ctx.sentence_of(fig)]
    c0, _ = ctx.clause(fig)
    pre = post = None
    for m in ctx.lex.activities.finditer(ctx.text, s.start, s.end):
        if m.end() <= fig.start and m.start() >= c0:
            pre = m
        elif m.start() >= fig.end and post is None:
            post = m
    got = pre or post
    if got is None:
        return None
    return Resolved(got.group(), (got.start(), got.end()), "clause" if got is pre else "sentence", "activity")
