"""pyvi's CRF models opened directly: pyvi's labels, no sklearn, no temp files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from extractor.nlp.pyvi_crf import load_pyvi
from extractor.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]


def _corpus_sentences(limit: int) -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    for d in ("dev", "cases2"):
        texts += [json.loads(p.read_text("utf-8"))["text"] for p in sorted((ROOT / "corpus" / d).glob("*.json"))]
    out: list[str] = []
    for text in texts:
        out += [s.text for s in split_sentences(text) if any(c.isdigit() for c in s.text)]
    return out[:limit]


def test_same_words_and_tags_as_pyvi(tmp_path: Path) -> None:
    sentences = _corpus_sentences(300)
    assert len(sentences) == 300
    # pyvi itself, in a child process whose temp files land in tmp_path
    code = (
        "import json, sys\n"
        "from pyvi import ViPosTagger, ViTokenizer\n"
        "out = []\n"
        "for s in json.load(sys.stdin):\n"
        "    tok = ViTokenizer.tokenize(s)\n"
        "    words, tags = ViPosTagger.postagging(tok)\n"
        "    out.append([tok, list(words), [str(t) for t in tags]])\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    res = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(sentences), capture_output=True,
        text=True, env=env, timeout=300,
    )
    assert res.returncode == 0, res.stderr
    theirs = json.loads(res.stdout)
    tagger = load_pyvi()
    ours = []
    for s in sentences:
        tok = tagger.tokenize(s)
        words, tags = tagger.postag(tok)
        ours.append([tok, words, tags])
    assert ours == theirs
    assert sum(len(t[2]) for t in ours) > 5000


def test_extract_needs_neither_spacy_nor_sklearn_and_leaves_no_temp_files(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    seed = next((ROOT / "corpus" / "seeds").glob("*.txt"))
    code = (
        "import sys\n"
        "from extractor.cli import main\n"
        f"rc = main(['extract', {str(seed)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}, '--quiet'])\n"
        # extract runs its pages in a worker process: the same pipeline here, in-process
        "from extractor.config import Config\n"
        "from extractor.models import Page\n"
        "from extractor.pipeline import Pipeline\n"
        f"Pipeline(Config()).process(Page(open({str(seed)!r}, 'rb').read(), content_type='text/plain'))\n"
        "heavy = sorted(m for m in ('spacy', 'sklearn', 'sklearn_crfsuite', 'scipy', 'thinc', 'pyvi.ViTokenizer') if m in sys.modules)\n"
        "print(rc, heavy, 'pycrfsuite' in sys.modules)\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    # the NLP layer ran (pycrfsuite loaded) without pulling in the heavy packages
    assert res.stdout.split("\n")[0] == "0 [] True"
    assert list(tmp.iterdir()) == []
    record = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert record["figures"]
