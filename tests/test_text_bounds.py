"""The text path is linear in its input and never crashes on huge input (issue 11).

Each input here used to take tens of seconds or raise; the time bounds are hang
guards (generous), the real numbers are in bench/bench_hostile.py.
"""

from __future__ import annotations

import time
from pathlib import Path

from extractor import Config, Pipeline, extract_html, extract_text
from extractor.config import NlpConfig
from extractor.entities import find_people, find_province, province
from extractor.figures.numbers import MAX_VALUE, parse_digits, parse_number_at
from extractor.lexicon import Lexicon
from extractor.sentences import MAX_PARAGRAPH, MAX_SENTENCE, split_sentences

SENTENCE = (
    "Ông Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh Hà Nam, cho biết trong đó {i} lớp tập huấn "
    "cho {i}0 lượt cán bộ năm 2024 tại Hải Phòng. "
)


def one_line(chars: int) -> str:
    """A paragraph of ``chars`` characters: one line, many sentences, names, places and
    figures (each sentence differs, so none is dropped as a repeat)."""
    parts: list[str] = []
    total = 0
    i = 1
    while total < chars:
        s = SENTENCE.format(i=i)
        parts.append(s)
        total += len(s)
        i += 1
    return "".join(parts)


MEGABYTE_LINE = one_line(1_000_000)


def _timed(fn, *args, **kw):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - start


def test_sentence_split_of_a_megabyte_paragraph_is_linear(lexicon: Lexicon) -> None:
    # before: 42 s (the word before each full stop was looked up in the whole paragraph)
    sents, took = _timed(split_sentences, MEGABYTE_LINE, lexicon.no_split)
    assert took < 5, f"{took:.1f}s"
    assert len(sents) >= 7_000
    assert all(MEGABYTE_LINE[s.start : s.end] == s.text for s in sents[:50])
    assert max(len(s.text) for s in sents) <= MAX_SENTENCE


def test_abbreviations_do_not_make_the_split_quadratic(lexicon: Lexicon) -> None:
    text = "TP. HCM và T. Nga " * 60_000  # a million characters, no sentence end at all
    sents, took = _timed(split_sentences, text, lexicon.no_split)
    assert took < 5, f"{took:.1f}s"
    assert max(len(s.text) for s in sents) <= MAX_SENTENCE
    assert len({s.paragraph for s in sents}) >= len(text) // MAX_PARAGRAPH


def test_people_in_a_megabyte_paragraph(lexicon: Lexicon) -> None:
    # before: 19 s (the line was rebuilt for every name)
    people, took = _timed(find_people, MEGABYTE_LINE, patterns_dir=lexicon.patterns_dir)
    assert took < 10, f"{took:.1f}s"
    assert [p.name for p in people] == ["Nguyễn Văn An"]
    assert people[0].role and people[0].role.startswith("Chủ tịch LĐLĐ tỉnh Hà Nam")


def test_province_of_a_megabyte_paragraph(lexicon: Lexicon) -> None:
    # before: 8 s (each mention looked for its line start, each local marker at every mention)
    province._mentions_of.cache_clear()  # people above scanned the same text
    match, took = _timed(find_province, MEGABYTE_LINE, patterns_dir=lexicon.patterns_dir)
    assert took < 5, f"{took:.1f}s"
    assert match is not None and match.province == "Hà Nam"


def test_article_text_over_a_million_characters(pipeline: Pipeline) -> None:
    # before: spaCy's ValueError [E088] escaped extract_html/extract_text
    text = one_line(100_000) + "\n" + "Công nhân lao động được chăm lo. " * 30_000
    assert len(text) > 1_000_000
    art, took = _timed(pipeline.extract_text, text)
    assert took < 60, f"{took:.1f}s"
    assert len(art.text) > 1_000_000 and len(art.figures) > 700
    for f in art.figures[:20]:
        assert art.text[f.start : f.end] == f.quote
    filler = "".join(f"<p>Đoàn viên công đoàn cơ sở số {i} được thăm hỏi, tặng quà dịp Tết.</p>"
                     for i in range(20_000))  # fmt: skip
    html = f"<html><body><p>{SENTENCE.format(i=7)}</p>{filler}</body></html>"
    page, took = _timed(extract_html, html, "https://example.vn/a-1.html", config=pipeline.config)
    assert took < 60, f"{took:.1f}s"
    assert len(page.text) > 1_000_000 and [f.value for f in page.figures] == [7, 70]


def test_the_spacy_pipeline_takes_a_million_characters(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Công nhân lao động. " * 60_000)  # spaCy's own limit is 1,000,000
    assert len(doc.text) == 1_200_000


def test_digit_runs_are_no_figures_and_never_overflow(lexicon: Lexicon) -> None:
    # before: OverflowError (float('9' * 310) is inf) or int() refusing 4,300+ digits
    for digits in ("9" * 310, "1" * 5_000, "12.345.678.901.234.567.890"):
        for text in (f"Công đoàn trao {digits} suất quà và 20 suất quà khác.",
                     f"Hỗ trợ 3-{digits} triệu đồng, 20 suất quà.",
                     f"Đạt 542/{digits} CĐ cơ sở, trao 20 suất quà.",
                     f"Chi {digits},5 tỷ đồng và 20 suất quà."):  # fmt: skip
            art = extract_text(text, config=Config(nlp=NlpConfig(enabled=False)))
            assert [(f.kind, f.value) for f in art.figures] == [("count", 20)], text[:40]
    m = parse_number_at("9" * 400, 0, lexicon)
    assert m is not None and m.too_large and m.end == 400


def test_large_amounts_stay_exact(lexicon: Lexicon) -> None:
    # floats hold whole numbers exactly only up to 2**53 (about 9 * 10**15)
    assert parse_digits("9.876.543.210.123.457", decimal_comma=False) == 9_876_543_210_123_457
    m = parse_number_at("987.654.321.012.345 nghìn đồng", 0, lexicon)
    assert m is not None and not m.too_large
    assert m.value == 987_654_321_012_345_000 < MAX_VALUE


def test_corpus_still_parses_the_same(lexicon: Lexicon) -> None:
    """The caps are far above real articles: every corpus text splits as one paragraph per line."""
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
    for path in corpus.glob("*.txt"):
        text = path.read_text("utf-8")
        paragraphs = {s.paragraph for s in split_sentences(text, lexicon.no_split)}
        assert len(paragraphs) == sum(1 for line in text.split("\n") if line.strip())


def test_breakdown_totals_are_found_without_walking_back(lexicon: Lexicon) -> None:
    # before: every "trong đó" part walked back over all figures with a parent (quadratic)
    from extractor.figures import find_figures

    text = " ".join(f"Trong đó {100_000 - i} lớp tập huấn." for i in range(20_000))
    figures, took = _timed(find_figures, text, lexicon)
    assert took < 8, f"{took:.1f}s"
    assert len(figures) == 20_000
    # each part belongs to the nearest larger total of its kind in its sentence or the one before
    assert [f.parent for f in figures[:4]] == [None, 0, 1, 2]
