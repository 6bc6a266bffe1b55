"""The figure finder works as a plain spaCy component in a user's own pipeline."""

from __future__ import annotations

import subprocess
import sys

import spacy
from spacy import displacy

import extractor

TEXT = "Năm 2024, LĐLĐ tỉnh tổ chức 21 lớp tập huấn, bồi dưỡng cho 2.596 lượt cán bộ, đoàn viên."


def test_add_pipe_in_blank_vi() -> None:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("union_figures")
    doc = nlp(TEXT)
    spans = doc.spans["figures"]
    got = [(s.label_, s._.figure.value) for s in spans]
    assert got == [("classes", 21), ("attendances", 2596)]
    for s in spans:
        fig = s._.figure
        assert doc.text[fig.start : fig.end] == fig.quote
        assert s.start_char <= fig.start and fig.end <= s.end_char
    html = displacy.render(doc, style="span", options={"spans_key": "figures"})
    assert "classes" in html and "2.596" in html


def test_package_pipeline_uses_exact_tokenizer(pipeline: extractor.Pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    assert doc.text == TEXT
    assert [t.text for t in doc][:3] == ["Năm", "2024", ","]
    assert [s.text for s in doc.spans["figures"]] == ["21 lớp tập huấn", "2.596 lượt cán bộ"]


def test_entry_point_registers_factory_without_importing_the_package() -> None:
    code = (
        "import spacy, sys\n"
        "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'use_pyvi': False}}})\n"
        "nlp.add_pipe('union_figures')\n"
        "doc = nlp('Trao 500 suất quà cho công nhân.')\n"
        "print([s._.figure.value for s in doc.spans['figures']])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[500]"


def test_context_layer_trims_subjects_but_not_units(nlp_pipeline: extractor.Pipeline) -> None:
    art = nlp_pipeline.extract_text(
        "Năm 2024, LĐLĐ tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ CĐCS tham gia. "
        "Tổng kinh phí xây dựng căn nhà dự trù khoảng 149,4 triệu đồng."
    )
    by_value = {f.value: f for f in art.figures}
    assert by_value[21].subject == "lớp tập huấn"  # "tập huấn" is a verb, but part of the unit
    assert by_value[2596].subject == "cán bộ CĐCS"
    assert by_value[2596].subject_canonical == "cán bộ công đoàn cơ sở"
    assert by_value[2596].organizer_canonical == "Liên đoàn Lao động tỉnh"
    # the regex layer runs to "dự trù"; the tagger stops the phrase at its first verb
    assert by_value[149400000].subject == "Tổng kinh phí"


def test_span_text_is_the_quote_with_spacys_own_tokenizer() -> None:
    """spaCy's vi tokenizer keeps punctuation on a syllable ("bộ."): the span still
    ends where the figure does, and the text of the Doc is unchanged."""
    text = "Năm 2024, LĐLĐ tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ."
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("union_figures")
    doc = nlp(text)
    spans = list(doc.spans["figures"])
    assert [s.text for s in spans] == ["21 lớp tập huấn", "2.596 lượt cán bộ"]
    assert all(s.text == s._.figure.quote for s in spans)
    assert doc.text == text


def _key(f: extractor.Figure) -> tuple[object, ...]:
    return (f.kind, f.value, f.value_high, f.start, f.end, f.quote, f.qualifier, f.subject,
            f.organizer, f.activity, f.period, f.parent, f.rule, f.spans)


def test_spacy_pipeline_gives_the_pipelines_figures(
    nlp_pipeline: extractor.Pipeline, pipeline: extractor.Pipeline
) -> None:
    """The pipeline calls the finder and the tagger directly; as spaCy components
    they give the same figures, subjects trimmed the same way."""
    import json
    from pathlib import Path

    from extractor.attributes import ArticleMeta
    from extractor.nlp.pipeline import doc_to_figures

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    texts = [p.read_text("utf-8") for p in sorted((corpus / "seeds").glob("*.txt"))]
    texts += [json.loads(p.read_text("utf-8"))["text"] for p in sorted((corpus / "cases").glob("*.json"))[:6]]
    n = 0
    trimmed = 0
    for text in texts:
        art = nlp_pipeline.extract_text(text)
        # what the article says about itself (title, date) reaches the component through
        # doc.user_data["article_meta"], as the pipeline passes it to the finder
        doc = nlp_pipeline.nlp.make_doc(art.text)
        doc.user_data["article_meta"] = ArticleMeta(title=art.title, published=art.published)
        for _, proc in nlp_pipeline.nlp.pipeline:
            doc = proc(doc)
        assert [_key(f) for f in doc_to_figures(doc)] == [_key(f) for f in art.figures]
        n += len(art.figures)
        regex_only = pipeline.extract_text(text).figures  # the tagger's work shows here
        trimmed += sum(1 for a, b in zip(art.figures, regex_only, strict=True) if a.subject != b.subject)
    assert n > 50 and trimmed > 5


def test_pipeline_builds_no_spacy_doc(nlp_pipeline: extractor.Pipeline) -> None:
    fresh = extractor.Pipeline(nlp_pipeline.config)
    art = fresh.extract_text(TEXT)
    assert [f.value for f in art.figures] == [21, 2596]
    assert fresh._nlp is None  # the spaCy Language was never built
