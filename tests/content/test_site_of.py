from __future__ import annotations

import pytest

from extractor.content import site_of


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.nld.com.vn/cong-doan/a.htm", "nld.com.vn"),
        ("http://m.baohaiduong.vn/lao-dong/b-156828", "baohaiduong.vn"),
        ("https://amp.laodong.vn/cong-doan/c.ldo", "laodong.vn"),
        ("https://congdoan.tayninh.gov.vn/x", "congdoan.tayninh.gov.vn"),
        (None, None),
        ("http://[bad", None),
    ],
)
def test_site_of(url: str | None, site: str | None) -> None:
    assert site_of(url) == site
