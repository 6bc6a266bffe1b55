"""Hostile pages: bounded time and memory, a clear outcome, never an exception."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.config import ContentConfig
from extractor.content import Content, extract_content, listing_links
from extractor.models import Rejection, RejectReason

PARA = "<p>Năm 2024, Liên đoàn Lao động tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ công đoàn cơ sở.</p>"


def paras(n: int) -> str:
    return "".join(
        f"<p>Đợt {i}: Liên đoàn Lao động tỉnh tổ chức {i + 20} lớp tập huấn cho 2.596 lượt cán bộ.</p>"
        for i in range(n)
    )


def _timed(html: str | bytes, **kw: object) -> tuple[Content | Rejection, float]:
    start = time.perf_counter()
    result = extract_content(html, **kw)  # type: ignore[arg-type]
    return result, time.perf_counter() - start


def test_malformed_bytes() -> None:
    page = b"<html><body><p>\xff\xfe\x80\x81 broken \xc3</p>" + paras(5).encode() + b"\xe1\xba"
    result, took = _timed(page)
    assert isinstance(result, Content)
    assert "2.596 lượt" in result.text
    assert took < 2


def test_deep_nesting() -> None:
    page = "<div>" * 10_000 + paras(4) + "</div>" * 10_000
    result, took = _timed(page)
    assert isinstance(result, (Content, Rejection))
    if isinstance(result, Content):
        assert "21 lớp" in result.text
    assert took < 10


def test_twenty_megabyte_page_is_rejected_quickly() -> None:
    page = b"<html><body>" + b"<p>" + b"x" * 20_000_100 + b"</p></body></html>"
    result, took = _timed(page)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.TOO_LARGE
    assert took < 1


def test_large_page_under_limit() -> None:
    filler = "<div class='menu'><a href='/a'>Trang chủ</a></div>" * 20_000
    page = "<html><body>" + filler + "<article>" + paras(10) + "</article></body></html>"
    result, took = _timed(page, config=ContentConfig(max_bytes=50_000_000))
    assert isinstance(result, Content)
    assert took < 15


def test_one_giant_line() -> None:
    words = "Công đoàn tổ chức lớp tập huấn cho người lao động " * 40_000
    result, took = _timed("<html><body><p>" + words + "</p></body></html>")
    assert isinstance(result, Content)
    assert "\n" not in result.text
    assert took < 10


def test_script_only_page() -> None:
    page = "<html><head><script>" + "var a = 1;" * 100_000 + "</script></head><body></body></html>"
    result, took = _timed(page)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.NOT_ARTICLE
    assert took < 2


def test_empty_and_english() -> None:
    assert isinstance(extract_content(b""), Rejection)
    english = "<p>" + "The union held twenty training classes for workers in the province. " * 10 + "</p>"
    result = extract_content("<html><body>" + english * 3 + "</body></html>")
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.NOT_VIETNAMESE


def test_mojibake_is_repaired() -> None:
    good = "<html><body>" + paras(4) + "</body></html>"
    broken = good.encode("utf-8").decode("latin-1")
    result = extract_content(broken)
    assert isinstance(result, Content)
    assert "Liên đoàn Lao động" in result.text
    assert result.extra.get("mojibake_repaired") == "true"
    # bytes lost for good (cp1252 holes became U+FFFD): reported, not passed on
    lossy = good.encode("utf-8").decode("cp1252", errors="replace")
    result = extract_content(lossy)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.MOJIBAKE


def test_declared_charset_disagrees_with_bytes() -> None:
    page = ("<html><head><meta charset='iso-8859-1'></head><body>" + paras(4) + "</body></html>").encode()
    result = extract_content(page, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    assert isinstance(result, Content)
    assert "Liên đoàn" in result.text


def test_legacy_windows_1258() -> None:
    text = "<html><head><meta charset='windows-1258'></head><body>" + paras(4) + "</body></html>"
    import unicodedata

    # cp1258 has precomposed base letters (ă, ơ) and combining tone marks
    chars = []
    for ch in text:
        try:
            chars.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            composed = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0306\u0302\u031b"))
            tones = "".join(m for m in marks if m not in "\u0306\u0302\u031b")
            chars.append((composed + tones).encode("cp1258"))
    data = b"".join(chars)
    result = extract_content(data)
    assert isinstance(result, Content)
    assert "Liên đoàn Lao động" in result.text


_html_bits = st.sampled_from(
    ["<p>", "</p>", "<div class='related'>", "</div>", "<br>", "<a href='/x-1234567.html'>", "</a>",
     "<script>", "</script>", "<h1>", "</h1>", "<!--", "-->", "<table><tr><td>", "&amp;", "&#x1;",
     "Tin liên quan", ">> ", "Công đoàn tổ chức 12 lớp, ", "ngày 12/02/2019 09:36 ", "\x00", "\ud7ff"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_html_bits, st.text(max_size=40)), max_size=80), st.binary(max_size=64))
def test_property_never_raises(bits: list[str], noise: bytes) -> None:
    html = "".join(bits)
    for page in (html, html.encode("utf-8", "surrogatepass") + noise):
        result = extract_content(page, "https://laodong.vn/cong-doan/bai-1234567.ldo")
        assert isinstance(result, (Content, Rejection))
        if isinstance(result, Content):
            assert result.text == result.text.strip()
            assert "<p>" not in result.text
        links = listing_links(page, "https://laodong.vn/")
        assert all(link.startswith("https://") for link in links)
