"""The attribute stage: who, what and when of each figure.

One resolver per attribute (``resolve_period``, ``resolve_organizer``,
``resolve_subject``, ``resolve_activity``) reads one per-article context
(:class:`ArticleContext`: sentences, period and organisation mentions, title, lead
and the article's own date) and returns a :class:`Resolved` value with its evidence
span, where it came from (``clause`` / ``sentence`` / ``paragraph`` / ``lead`` /
``published``) and the rule that chose it. ``resolve_attributes`` applies them all.
"""

from __future__ import annotations

from ..lexicon import Lexicon
from ..models import Figure, Period
from ..sentences import Sentence
from .activity import resolve_activity
from .context import ArticleContext, ArticleMeta, Mention, Resolved
from .organizer import resolve_organizer
from .period import resolve_period
from .picker import organizer_model
from .subject import resolve_subject, tidy_end

__all__ = [
    "ArticleContext",
    "ArticleMeta",
    "Mention",
    "Resolved",
    "resolve_activity",
    "resolve_attributes",
    "resolve_organizer",
    "resolve_period",
    "resolve_subject",
    "tidy_end",
]


def resolve_attributes(
    text: str,
    figures: list[Figure],
    sentences: list[Sentence],
    lex: Lexicon,
    meta: ArticleMeta | None = None,
) -> ArticleContext:
    """Fill period, organizer, subject and activity of ``figures`` in place."""
    ctx = ArticleContext(text, sentences, lex, meta or ArticleMeta())
    model = organizer_model(lex)
    for f in figures:
        per = resolve_period(f, ctx)
        if per is not None:
            y = per.years
            f.period = Period(per.value, y[0] if y else None, y[1] if y else None, per.source)
            if per.span is not None:
                f.spans["period"] = per.span
        org = resolve_organizer(f, ctx)
        if model is not None and (org is None or not org.decisive):
            # (a decisive answer is read off the figure's words: the model is not asked)
            org = model.pick(f, ctx, org)
        if org is not None:
            f.organizer = org.value
            f.organizer_source = org.source
            if org.span is not None:
                f.spans["organizer"] = org.span
        subj = resolve_subject(f, ctx)
        if subj is not None:
            f.subject = subj.value
            if subj.span is not None:
                f.spans["subject"] = subj.span
        act = resolve_activity(f, ctx)
        if act is not None:
            f.activity = act.value
            if act.span is not None:
                f.spans["activity"] = act.span
    # the parts of a "trong đó" breakdown are done by the bodies named with their total,
    # unless their own clause names another
    for f in figures:
        if f.parent is not None and f.organizer_source != "clause":
            total = figures[f.parent]
            if total.organizer is not None and total.organizer_source == "clause":
                f.organizer = total.organizer
                f.organizer_source = "sentence"
                if "organizer" in total.spans:
                    f.spans["organizer"] = total.spans["organizer"]
    # "đạt 101% KH" after a figure is about the same thing
    by_sentence: dict[int, list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.sentence_start, []).append(f)
    for figs in by_sentence.values():
        for f in figs:
            if f.kind == "plan_attainment" and f.subject is None:
                prev = [g for g in figs if g.end <= f.start and g.kind not in ("plan_attainment", "term")]
                if prev and prev[-1].subject:
                    f.subject = prev[-1].subject
    return ctx
