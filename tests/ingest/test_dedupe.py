from __future__ import annotations

from pathlib import Path

from extractor.ingest.dedupe import Deduper, dedupe_keys, minhash
from extractor.ingest.urls import normalize_url, url_key

BASE = (
    "Năm 2024, Liên đoàn Lao động tỉnh Nghệ An đã tổ chức 21 lớp tập huấn cho 2.596 lượt "
    "cán bộ công đoàn cơ sở về kỹ năng thương lượng tập thể và an toàn vệ sinh lao động. "
    "Trong đó, LĐLĐ tỉnh tổ chức 8 lớp, công đoàn cấp trên trực tiếp cơ sở tổ chức 13 lớp. "
    "Các lớp học đã giúp đoàn viên nắm vững quy định mới của Bộ luật Lao động và chính sách "
    "bảo hiểm xã hội, nâng cao năng lực đại diện, bảo vệ quyền lợi hợp pháp của người lao động. "
    "Dịp này, công đoàn cũng trao 150 suất quà cho công nhân có hoàn cảnh khó khăn."
)


def test_url_identity() -> None:
    # one key for one document: case, fragment, trailing slash, scheme, www.,
    # default port and tracking parameters do not make another article
    same = [
        "HTTPS://Example.VN/a/b/#top", "https://example.vn/a/b", "http://www.example.vn/a/b",
        "https://example.vn:443/a/b?utm_source=fb", "https://example.vn/a/b/?fbclid=x",
    ]  # fmt: skip
    assert len({url_key(u) for u in same}) == 1
    assert url_key("https://example.vn") == url_key("https://example.vn/") == "//example.vn/"
    assert url_key("https://example.vn/a?x=1") != url_key("https://example.vn/a?x=2")
    assert url_key("https://example.vn/a") != url_key("https://other.vn/a")
    assert url_key(None) is None and url_key("  ") is None
    assert url_key("urn:x:1") == "urn:x:1"  # not a web URL: compared as written


def test_crawl_and_batch_share_the_normaliser() -> None:
    from extractor.crawl.urls import normalize_url as crawl_normalize

    assert crawl_normalize is normalize_url
    assert normalize_url("JavaScript:void(0)") is None
    assert normalize_url("/a?utm_medium=x&id=2", "https://b.vn/c") == "https://b.vn/a?id=2"


def test_minhash_is_deterministic_and_needs_enough_words() -> None:
    words = BASE.casefold().split()
    a, b = minhash(words), minhash(words)
    assert a is not None and b is not None and (a == b).all() and a.dtype.itemsize == 4
    assert minhash("quá ngắn để so".split()) is None


def test_exact_and_near_duplicates(tmp_path: Path) -> None:
    d = Deduper(tmp_path / "d.sqlite", threshold=0.8)
    first = dedupe_keys("https://a.vn/1", BASE)
    assert d.check("id1", first) == (True, None)
    # same URL (other spelling), other text: dropped
    assert d.check("id2", dedupe_keys("https://A.vn/1#x", BASE + " Thêm.")) == (False, None)
    # same text up to case, spaces and punctuation, other URL: dropped
    same_text = BASE.upper().replace(",", " ,  ")
    assert d.check("id3", dedupe_keys("https://b.vn/9", same_text)) == (False, None)
    # syndicated copy on another outlet with a credit line and one changed word: kept, marked
    syndicated = BASE.replace("150 suất quà", "150 phần quà") + " (Theo báo Lao Động)"
    assert d.check("id4", dedupe_keys("https://c.vn/copy", syndicated)) == (True, "id1")
    # a copy of the copy points at the first article
    copy2 = syndicated.replace("Nghệ An", "Nghệ  An ,") + " Nguồn: c.vn"
    assert d.check("id5", dedupe_keys("https://e.vn/copy2", copy2)) == (True, "id1")
    # a different article: kept, unmarked
    other = (
        "Công đoàn Khu kinh tế tỉnh Hà Tĩnh vừa tổ chức Hội nghị đối thoại với 300 công nhân "
        "về tiền lương, thưởng Tết và điều kiện làm việc tại các doanh nghiệp trong khu công "
        "nghiệp Vũng Áng; lãnh đạo doanh nghiệp trả lời trực tiếp 25 ý kiến của người lao động."
    )
    assert d.check("id6", dedupe_keys("https://d.vn/2", other)) == (True, None)
    # no URL and very short text: only exact text dedupe applies
    assert d.check("id7", dedupe_keys(None, "Ngắn.")) == (True, None)
    assert d.check("id8", dedupe_keys(None, "ngắn")) == (False, None)
    d.close()
    assert not (tmp_path / "d.sqlite").exists()
