"""Decoding once, at ingestion: Vietnamese pages in windows-1258 whatever they
declare, TCVN3/VNI recognised and rejected as ``mojibake``, text that stays
garbled never stored, text inputs that are not Vietnamese rejected."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.batch.conftest import REPO, fixture_pages, write_warc

_TONES = "\u0300\u0301\u0309\u0303\u0323"


def cp1258(text: str) -> bytes:
    """Text as windows-1258 writes it: base letters plus combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258", errors="replace") + tone.encode("cp1258")
    return bytes(out)


_TCVN3 = dict(zip(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ",
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ",
    strict=True,
))  # fmt: skip
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_TONE = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}


def tcvn3(text: str) -> bytes:
    return "".join(_TCVN3.get(c, c) for c in text.lower()).encode("cp1252", errors="replace")


def vni(text: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in _TONES), "")
        if ch == "đ":
            out.append("ñ")
        elif "\u0302" in marks:  # â ê ô
            out.append(base + (_VNI_HAT_TONE.get(tone) or "â"))
        elif "\u031b" in marks:  # ơ ư
            out.append({"o": "ô", "u": "ö"}[base] + _VNI_TONE.get(tone, ""))
        elif "\u0306" in marks:  # ă
            out.append("aê" if not tone else "a" + {"\u0301": "é", "\u0300": "è"}.get(tone, "ë"))
        elif tone:
            out.append(base + _VNI_TONE[tone])
        else:
            out.append(ch)
    return "".join(out).encode("cp1252", errors="replace")


def _extract(*paths: Path) -> tuple[list[dict[str, Any]], str]:
    r = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", *map(str, paths), "--no-nlp",
         "--patterns", str(REPO / "patterns")],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=300,
    )  # fmt: skip
    return [json.loads(x) for x in r.stdout.decode().splitlines()], r.stderr.decode()


def _pages() -> list[tuple[str, str]]:
    """The fixture pages, their charset declarations removed, with only the
    characters windows-1258 can write."""
    out = []
    for url, raw in fixture_pages():
        html = re.sub(r"<meta[^>]+charset[^>]*>", "", raw.decode("utf-8"), flags=re.I)
        out.append((url, unicodedata.normalize("NFC", cp1258(html).decode("cp1258", "replace"))))
    return out


def _vietnamese_page() -> str:
    return next(h for _, h in _pages() if "công nhân" in h or "Công đoàn" in h)


@pytest.mark.parametrize("declared", [None, "utf-8", "windows-1252"])
def test_windows_1258_pages_read_as_their_utf8_twins(tmp_path: Path, declared: str | None) -> None:
    twins, legacy = tmp_path / "utf8", tmp_path / "legacy"
    twins.mkdir()
    legacy.mkdir()
    records = []
    for i, (url, text) in enumerate(_pages()):
        (twins / f"p{i:02d}.html").write_bytes(text.encode("utf-8"))
        old = text if declared is None else text.replace("<head>", f'<head><meta charset="{declared}">', 1)
        (legacy / f"p{i:02d}.html").write_bytes(cp1258(old))
        records.append((url, cp1258(old)))
    want, _ = _extract(twins)
    got, err = _extract(legacy)
    assert want and len(got) == len(want), err
    for g, w in zip(got, want, strict=True):
        assert Path(g["source"]).name == Path(w["source"]).name
        assert g["text"] == w["text"] and g["title"] == w["title"], g["source"]
        assert [f["value"] for f in g["figures"]] == [f["value"] for f in w["figures"]]
    # and as HTTP responses declaring UTF-8, in a WARC
    want, _ = _extract(write_warc(tmp_path / "twin.warc.gz", [
        (u, t.encode("utf-8")) for u, t in _pages()]))  # fmt: skip
    got, err = _extract(write_warc(tmp_path / "a.warc.gz", records))
    assert [g["text"] for g in got] == [w["text"] for w in want], err


@pytest.mark.parametrize(("name", "encode"), [("TCVN3", tcvn3), ("VNI", vni)])
def test_legacy_font_encodings_are_recognised_and_rejected(
    tmp_path: Path, name: str, encode: Any
) -> None:
    text = unicodedata.normalize("NFC", _vietnamese_page())
    page = tmp_path / "old-site.html"
    page.write_bytes(encode(text))
    recs, err = _extract(page)
    assert recs == []  # never stored with figures
    assert f"skipped {page}: mojibake" in err and name in err
    from extractor.content.decode import legacy_encoding

    assert legacy_encoding(encode(text).decode("cp1252")) == name


def test_garbled_text_is_never_stored(tmp_path: Path) -> None:
    good = (
        "Năm 2024, Liên đoàn Lao động tỉnh Nghệ An đã tổ chức 21 lớp tập huấn cho 2.596 lượt "
        "cán bộ công đoàn cơ sở về kỹ năng thương lượng tập thể. "
    ) * 6
    lossy = good.encode("utf-8").decode("cp1252", errors="replace")  # bytes lost for good
    (tmp_path / "bad.txt").write_text(lossy, encoding="utf-8")
    recs, err = _extract(tmp_path / "bad.txt")
    assert recs == [] and "mojibake" in err
    repairable = good.encode("utf-8").decode("latin-1")
    (tmp_path / "fixable.txt").write_text(repairable, encoding="utf-8")
    (rec,), _ = _extract(tmp_path / "fixable.txt")
    assert "Liên đoàn Lao động" in rec["text"] and rec["figures"]


def test_text_that_is_not_vietnamese_is_rejected_on_the_text_path(tmp_path: Path) -> None:
    english = (
        "The provincial labour federation held 21 training classes for 2,596 union officials "
        "this year, covering collective bargaining and workplace safety. "
    ) * 4
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    recs, err = _extract(tmp_path / "en.txt")
    assert recs == [] and "not_vietnamese" in err


def test_scores_and_readings() -> None:
    from extractor.content.decode import decode_html, decode_text, vietnamese_score

    vi = "Người lao động được hưởng chế độ bảo hiểm xã hội theo quy định."
    assert vietnamese_score(vi) > 0.9
    assert vietnamese_score(cp1258(vi).decode("cp1250", errors="replace")) < 0.3
    got = decode_text(cp1258(vi))
    assert got.text == vi and got.encoding == "cp1258" and got.garbled is None
    assert decode_html(b"<p>" + cp1258(vi) + b"</p>").text == f"<p>{vi}</p>"
    # a Russian page declared as such stays as declared
    ru = "Профсоюз провёл 21 семинар для 2596 работников предприятий области. " * 3
    doc = decode_html(ru.encode("cp1251"), {"content-type": "text/html; charset=windows-1251"})
    assert doc.text == ru and doc.encoding == "cp1251"
