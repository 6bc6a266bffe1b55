"""Hostile HTML parses in linear time: nesting and attributes are capped before Lexbor.

Time bounds here are hang guards only (generous); the real numbers are in
bench/bench_hostile.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractor.content import Content, bounds, extract_content
from extractor.content.bounds import MAX_ATTRIBUTES, MAX_DEPTH, bound_html

from .conftest import manifest

PARAS = "".join(
    f"<p>Đợt {i}: Liên đoàn Lao động tỉnh tổ chức {i + 20} lớp tập huấn cho 2.596 lượt cán bộ.</p>"
    for i in range(4)
)


def _page(open_tags: str, close_tags: str, n: int) -> str:
    return "<html><body>" + open_tags * n + PARAS + close_tags * n + "</body></html>"


def _depth(node: LexborNode | None) -> int:
    deepest = 0
    stack = [(node, 1)] if node is not None else []
    while stack:
        cur, d = stack.pop()
        deepest = max(deepest, d)
        child = cur.child
        while child is not None:
            if child.is_element_node:
                stack.append((child, d + 1))
            child = child.next
    return deepest


def _content(html: str) -> tuple[Content, float]:
    start = time.perf_counter()
    result = extract_content(html)
    took = time.perf_counter() - start
    assert isinstance(result, Content), result
    assert "2.596 lượt cán bộ" in result.text and "23 lớp" in result.text
    return result, took


def test_a_million_nested_divs() -> None:
    # before the cap Lexbor never returned on this page: run it where it can be stopped
    code = (
        "import time\n"
        "from extractor.content import extract_content\n"
        f"page = '<html><body>' + '<div>' * 1_000_000 + {PARAS!r} + '</div>' * 1_000_000\n"
        "t = time.perf_counter(); r = extract_content(page)\n"
        "print(type(r).__name__, '23 lớp' in getattr(r, 'text', ''), time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    kind, found, took = out.stdout.split()
    assert (kind, found) == ("Content", "True")
    assert float(took) < 30, took


@pytest.mark.parametrize(
    ("open_tags", "close_tags"),
    [
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("<blockquote>", "</blockquote>"),
        ("<div><p>x", "</p></div>"),
        ("<span><div>", "</span></div>"),  # end tags the parser ignores
    ],
    ids=["div", "list", "blockquote", "div-p", "misnested"],
)
def test_hundred_thousand_deep(open_tags: str, close_tags: str) -> None:
    # each took 20 s to forever before the cap (quadratic in the parser)
    _, took = _content(_page(open_tags, close_tags, 100_000))
    assert took < 10, f"{took:.1f}s"


def test_hundred_thousand_attributes_on_one_element() -> None:
    attrs = " ".join(f'data-a{i}="x"' for i in range(100_000))
    bare = " ".join(f"b{i}" for i in range(100_000))
    for html in (f"<html><body><div {attrs}>{PARAS}</div></body></html>",
                 f"<html><body><div {bare}>{PARAS}</div></body></html>"):
        _, took = _content(html)
        assert took < 5, f"{took:.1f}s"
        tree = LexborHTMLParser(bound_html(html))
        div = tree.css_first("div")
        assert div is not None and len(div.attributes) == MAX_ATTRIBUTES


def test_the_parsed_tree_stays_within_the_caps() -> None:
    for open_tags, close_tags in (("<div>", "</div>"), ("<ul><li>", "</li></ul>"), ("<b><i>", "</i></b>")):
        html = _page(open_tags, close_tags, 20_000)
        assert _depth(LexborHTMLParser(bound_html(html)).body) <= MAX_DEPTH + 2
    nested_tables = _page("<table><tr><td>", "</td></tr></table>", 5_000)
    tree = LexborHTMLParser(bound_html(nested_tables))
    deepest_table = max(
        (sum(1 for _ in _ancestors(t, "table")) for t in tree.css("table")), default=0
    )
    assert deepest_table <= bounds.MAX_SAME


def _ancestors(node: LexborNode, tag: str) -> list[LexborNode]:
    out = []
    cur: LexborNode | None = node
    while cur is not None:
        if cur.tag == tag:
            out.append(cur)
        cur = cur.parent
    return out


ARTICLES = [e for e in manifest() if e["kind"] in ("article", "listing")]


@pytest.mark.parametrize("entry", ARTICLES, ids=[e["file"] for e in ARTICLES])
def test_real_pages_parse_the_same_when_scanned(
    fixtures_dir: Path, entry: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The depth scan normally skips pages this small; forced, it changes nothing
    the parser would build."""
    html = (fixtures_dir / str(entry["file"])).read_text("utf-8", errors="replace")
    url = str(entry.get("url") or "") or None
    assert html.count("<") <= bounds.SCAN_ABOVE_TAGS  # so this is the page as parsed
    plain = extract_content(html, url)
    monkeypatch.setattr(bounds, "SCAN_ABOVE_TAGS", 0)
    scanned = bound_html(html)
    if entry["kind"] == "article":
        assert LexborHTMLParser(scanned).root.html == LexborHTMLParser(html).root.html  # type: ignore[union-attr]
    capped = extract_content(html, url)  # scanned inside, like a page with many tags
    assert json.dumps(getattr(plain, "text", None)) == json.dumps(getattr(capped, "text", None))
    assert getattr(plain, "title", None) == getattr(capped, "title", None)


@pytest.mark.parametrize("entry", [e for e in ARTICLES if e["kind"] == "article"], ids=lambda e: e["file"])
def test_article_text_is_its_own_normal_form(fixtures_dir: Path, entry: dict[str, object]) -> None:
    """extract_content joins paragraphs normalised one by one without normalising the
    whole again: that holds while normalize_text works line by line."""
    from extractor.textnorm import normalize_text

    result = extract_content((fixtures_dir / str(entry["file"])).read_bytes(), str(entry["url"]))
    assert isinstance(result, Content)
    assert normalize_text(result.text) == result.text
