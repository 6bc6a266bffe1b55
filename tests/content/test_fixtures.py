"""Every fixture page against its manifest entry (title, time, author, body edges, leaks)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from extractor.content import Content, extract_content, listing_links
from extractor.models import Rejection, RejectReason
from extractor.textnorm import normalize_text

from .conftest import manifest

ARTICLES = [e for e in manifest() if e["kind"] == "article"]
LISTINGS = [e for e in manifest() if e["kind"] == "listing"]


def _extract(fixtures_dir: Path, entry: dict[str, Any], url: str | None) -> Content:
    result = extract_content((fixtures_dir / entry["file"]).read_bytes(), url)
    assert isinstance(result, Content), result
    return result


@pytest.mark.parametrize("entry", ARTICLES, ids=[e["file"] for e in ARTICLES])
@pytest.mark.parametrize("with_url", [True, False], ids=["profile", "generic-or-canonical"])
def test_article_fixture(fixtures_dir: Path, entry: dict[str, Any], with_url: bool) -> None:
    content = _extract(fixtures_dir, entry, entry["url"] if with_url else None)
    assert content.title == normalize_text(entry["title"])
    assert content.published == entry["published"]
    assert content.author == entry["author"]
    if entry["url"] is not None:
        assert content.site == entry["site"]
    if entry["url"] is not None:
        assert content.url == entry["url"]
    text = content.text
    assert not text.startswith(content.title + "\n")
    # the body starts right after the lead (a short sub-heading may sit between)
    first = normalize_text(entry["body_first"])
    i = text.find(first)
    assert i >= 0, "body_first missing"
    before = text[:i].strip()
    if content.lead:
        assert before.startswith(content.lead)
        before = before[len(content.lead) :].strip()
        if entry.get("lead"):
            assert normalize_text(entry["lead"])[:60] in content.lead
    if entry.get("lead") and before.startswith(normalize_text(entry["lead"])):
        before = before[len(normalize_text(entry["lead"])) :].strip()  # lead inside the body block
    assert len(before) <= 80, before
    # ...and ends with the last sentence (a short attribution line may follow)
    ends = [normalize_text(entry["body_last"])]
    if entry.get("body_last_alt"):
        ends.append(normalize_text(entry["body_last_alt"]))
    j = max(text.rfind(e) + len(e) if e in text else -1 for e in ends)
    assert j >= 0, "body_last missing"
    assert len(text[j:].strip()) <= 80, text[j:]
    for leak in entry["body_must_not_contain"]:
        assert normalize_text(leak) not in text
    assert all(line.strip() == line and line for line in text.split("\n"))
    assert normalize_text(text) == text


@pytest.mark.parametrize("entry", LISTINGS, ids=[e["file"] for e in LISTINGS])
def test_listing_fixture_is_rejected(fixtures_dir: Path, entry: dict[str, Any]) -> None:
    for url in (entry["url"], None):
        result = extract_content((fixtures_dir / entry["file"]).read_bytes(), url)
        assert isinstance(result, Rejection)
        assert result.reason is RejectReason.NOT_ARTICLE


@pytest.mark.parametrize("entry", LISTINGS, ids=[e["file"] for e in LISTINGS])
def test_listing_links(fixtures_dir: Path, entry: dict[str, Any]) -> None:
    hosts = Counter(urlsplit(link["url"])[:2] for link in entry["links"])
    scheme, netloc = hosts.most_common(1)[0][0]
    url = entry["url"] or f"{scheme}://{netloc}/"
    links = listing_links((fixtures_dir / entry["file"]).read_bytes(), url)
    for link in entry["links"]:
        assert link["url"] in links
    assert entry["article_link_count"] * 0.8 <= len(links) <= entry["article_link_count"] * 3
    assert len(set(links)) == len(links)


def test_captions_setting(fixtures_dir: Path) -> None:
    from extractor.config import ContentConfig

    page = (fixtures_dir / "news.zing.vn/2012-nha-tho-tac-nghen.html").read_bytes()
    dropped = extract_content(page, config=ContentConfig(captions="drop"))
    marked = extract_content(page, config=ContentConfig(captions="mark"))
    assert isinstance(dropped, Content) and isinstance(marked, Content)
    caption = "Lượng người tập trung đông nghịt tại hang đá ở nhà thờ Cầu Rầm."
    assert caption not in dropped.text
    assert "[caption] " + caption in marked.text.split("\n")


@pytest.mark.parametrize("entry", ARTICLES, ids=[e["file"] for e in ARTICLES])
def test_body_is_the_pages_own_words(fixtures_dir: Path, entry: dict[str, Any]) -> None:
    """Stored text is the page's text in NFC: the manifest's first and last body
    sentences are found literally, tone placement and all (``khoá`` stays ``khoá``)."""
    import unicodedata

    text = _extract(fixtures_dir, entry, entry["url"]).text
    assert unicodedata.normalize("NFC", entry["body_first"]) in text
    ends = [entry["body_last"], entry.get("body_last_alt") or entry["body_last"]]
    assert any(unicodedata.normalize("NFC", e) in text for e in ends)
