"""Site profiles on pages built from each site's structure (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.config import ContentConfig, default_patterns_dir
from extractor.content import Content, extract_content, feed_urls
from extractor.content.profiles import load_profiles
from extractor.errors import PatternError

BODY = [
    "Ngày 12/2, Liên đoàn Lao động tỉnh tổ chức hội nghị tổng kết công tác năm 2023.",
    "Trong năm, LĐLĐ tỉnh tổ chức 21 lớp tập huấn cho 2.596 lượt cán bộ công đoàn cơ sở, đạt 105% kế hoạch.",
    "Công đoàn các cấp đã phát triển mới 3.120 đoàn viên, thành lập 25 công đoàn cơ sở.",
    "Dịp Tết, công đoàn trao 1.500 suất quà trị giá 1,2 tỷ đồng cho đoàn viên khó khăn.",
]

# (host, url, page) built from the site's real markup (class names as the sites use them)
PAGES = {
    "laodong.vn": """<div class="detail"><h1 class="title">{title}</h1><div class="art-info"><span class="time">Thứ Hai, 12/02/2024 09:36 (GMT+7)</span></div>
      <div class="chappeau">{lead}</div><div class="art-body">{body}<div class="art-related"><p>Tin liên quan</p><a href="/x-111.ldo">Công nhân nhận thưởng Tết 50 triệu đồng</a></div></div>
      <div class="art-authors"><a>Thu Hiền</a></div></div>""",
    "laodongthudo.vn": """<h1 class="article-title">{title}</h1><span class="article-publish-date">09:36 | 12/02/2024</span>
      <div class="article-sapo">{lead}</div><div class="article-content">{body}<div class="article-related"><a>Tin cùng chuyên mục: 99 lớp học</a></div></div><div class="article-author">Thu Hiền</div>""",
    "congdoan.vn": """<h1 class="detail__title">{title}</h1><div class="detail__time">12/02/2024 - 09:36</div><div class="detail__sapo">{lead}</div>
      <div class="detail__content">{body}<p style="text-align:right"><strong>Thu Hiền</strong></p></div><div class="detail__related"><a>Xem thêm: 77 công nhân</a></div>""",
    "congdoanvn.org.vn": """<div class="news-detail"><h1>{title}</h1><span class="date-detail">Thứ Hai, 12/02/2024 - 09:36</span><div class="sapo-detail">{lead}</div>
      <div class="content-detail">{body}<p>Tin-ảnh: Thu Hiền</p></div><div class="tin-lien-quan"><a>88 đoàn viên được hỗ trợ</a></div></div>""",
    "baoyenbai.com.vn": """<h1 class="title-news">{title}</h1><span class="date-news">09:36 | 12/02/2024</span><div class="sapo-news">{lead}</div>
      <div class="content-news">{body}<p style="text-align:right"><strong>Thu Hiền</strong></p></div><div class="other-news"><a>66 lớp tập huấn khác</a></div>""",
    "vietnamnet.vn": """<h1 class="content-detail-title">{title}</h1><div class="bread-crumb-detail__time">Thứ Hai, 12/02/2024 - 09:36</div>
      <h2 class="content-detail-sapo">{lead}</h2><div class="maincontent main-content">{body}<div class="article-relate"><a>55 tỷ đồng</a></div></div>
      <p class="article-detail-author__info"><span class="name">Thu Hiền</span></p>""",
    "thanhnien.vn": """<h1 class="detail-title">{title}</h1><div class="detail-time">12/02/2024 09:36 GMT+7</div><h2 class="detail-sapo">{lead}</h2>
      <div class="detail-cmain"><div class="detail-content afcbc-body">{body}<div type="RelatedNewsBox"><a>44 công nhân</a></div></div></div>
      <div class="detail-author"><a class="name">Thu Hiền</a></div>""",
    "tuoitre.vn": """<h1 class="detail-title">{title}</h1><div class="detail-time">12/02/2024 09:36 GMT+7</div><h2 class="detail-sapo">{lead}</h2>
      <div class="detail-content afcbc-body">{body}<div type="RelatedNewsBox"><a>33 công nhân</a></div></div><div class="author-info"><a class="name">Thu Hiền</a></div>""",
    "dantri.com.vn": """<h1 class="title-page detail">{title}</h1><time class="author-time">Thứ hai, 12/02/2024 - 09:36</time><h2 class="singular-sapo">{lead}</h2>
      <div class="singular-content">{body}<article class="singular-related"><a>22 lớp</a></article></div><div class="author-name">Thu Hiền</div>""",
    "nld.com.vn": """<h1 class="detail-title">{title}</h1><div class="detail-time">12/02/2024 09:36</div><h2 class="detail-sapo">{lead}</h2>
      <div class="detail-content afcbc-body">{body}<div type="RelatedNewsBox"><a>11 công nhân</a></div></div><div class="detail-author"><span class="name">Thu Hiền</span></div>""",
}
TITLE = "Công đoàn tỉnh tổ chức 21 lớp tập huấn năm 2023"
LEAD = "LĐLĐ tỉnh vừa tổng kết công tác công đoàn năm 2023 với nhiều kết quả nổi bật."


@pytest.mark.parametrize("host", sorted(PAGES))
def test_profile_on_site_page(host: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    html = "<html><body><nav><a href='/'>Trang chủ</a></nav>" + PAGES[host].format(
        title=TITLE, lead=LEAD, body=body
    ) + "<footer>Giấy phép số 123/GP-BTTTT</footer></body></html>"
    url = f"https://{host}/cong-doan/tong-ket-cong-tac-cong-doan-nam-2023-1234567.html"
    result = extract_content(html, url)
    assert isinstance(result, Content), result
    assert result.extra.get("profile"), "profile not applied"
    assert result.title == TITLE
    assert result.published == "2024-02-12T09:36:00+07:00"
    assert result.author == "Thu Hiền"
    assert result.site == host
    assert result.text.split("\n") == [LEAD, *BODY]
    assert feed_urls(host)


def test_every_profile_loads_and_has_feeds() -> None:
    profiles = load_profiles(default_patterns_dir())
    assert len(profiles.profiles) >= 15
    for prof in profiles.profiles:
        assert prof.body and prof.title and prof.feeds and prof.listing_links
    assert profiles.for_host("thethao.thanhnien.com.vn") is not None
    assert profiles.for_host("example.org") is None


def test_unknown_site_uses_generic(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    html = f"<html><head><title>{TITLE} - Báo Tỉnh</title></head><body><div class='main'><h1>{TITLE}</h1><div class='post-body'>{body}</div></div><div class='related-news'><a>99 lớp</a></div></body></html>"
    result = extract_content(html, "https://congdoan-tinh.example.vn/bai-viet-1234567.html")
    assert isinstance(result, Content)
    assert "profile" not in result.extra
    assert result.text.split("\n") == BODY


def test_bad_profile_is_a_pattern_error(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "x.vn.toml").write_text("body = 3\n", encoding="utf-8")
    with pytest.raises(PatternError):
        extract_content("<p>x</p>", "https://x.vn/a", config=ContentConfig(patterns_dir=tmp_path))
