"""Find the article body in a parsed page and render it as paragraphs.

Steps: drop boilerplate subtrees (site profile + generic rules), pick the body
container (profile selector, else the element that collects most paragraph
text), render it to one line per block, then clean the paragraph list
(teaser blocks, link lists, duplicates, bylines at the end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..fastre import compile_guarded
from ..textnorm import normalize_many
from .profiles import GenericRules, Profile

__all__ = [
    "Para",
    "drop_boilerplate",
    "drop_invisible",
    "find_body",
    "render_paragraphs",
]

BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead "
    "tfoot tr td th caption blockquote figure figcaption header footer aside pre address "
    "center form fieldset nav hr details summary".split()
)
SKIP_TAGS = frozenset(
    "script style noscript iframe svg template object embed button select option input "
    "textarea link meta head canvas video audio map area source picture img frame frameset".split()
)
_GLOBAL_DROP = "script, style, noscript, iframe, svg, template, object, embed, canvas, select, textarea"
_WS = re.compile(r"\s+")
# Only block containers are judged by their class names: an inline link with
# class "cms-relate" inside a sentence is part of the sentence.
_JUNK_TAGS = frozenset(
    "div section aside ul ol li table tr td dl header footer nav form figure article p".split()
)


@dataclass(slots=True)
class Para:
    text: str
    links: int = 0  # characters inside <a>
    caption: bool = False
    heading: bool = False

    @property
    def link_ratio(self) -> float:
        return self.links / max(1, len(self.text))


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Drop nodes nested in other listed nodes (a decomposed parent frees its children)."""
    ids = {n.mem_id for n in nodes}
    out = []
    for node in nodes:
        parent = node.parent
        nested = False
        while parent is not None:
            if parent.mem_id in ids:
                nested = True
                break
            parent = parent.parent
        if not nested:
            out.append(node)
    return out


def _decompose_all(nodes: list[LexborNode]) -> None:
    """Remove ``nodes`` (in document order, as a selector returns them) from the tree.
    Last first: a nested node goes before the node holding it, so no node is touched
    after its removal and no ancestor walk is needed to skip the nested ones."""
    for node in reversed(nodes):
        node.decompose()


def _safe_css(root: LexborNode, selector: str) -> list[LexborNode]:
    try:
        return list(root.css(selector))
    except Exception:  # a bad selector in a data file must not kill extraction
        return []


@lru_cache(maxsize=256)
def _selector_group(selectors: tuple[str, ...]) -> str | None:
    """The valid selectors of a data file joined into one group, so a page is walked
    once per list instead of once per selector (checked once per process)."""
    probe = LexborHTMLParser("<html><body><p>x</p></body></html>").body
    ok = []
    for sel in selectors:
        try:
            if probe is not None:
                probe.css(sel)
            ok.append(sel)
        except Exception:
            continue
    return ", ".join(ok) or None


def _css_all(root: LexborNode, selectors: tuple[str, ...] | list[str]) -> list[LexborNode]:
    group = _selector_group(tuple(selectors))
    return _safe_css(root, group) if group else []


_GLOBAL_DROP_LIST = tuple(sel.strip() for sel in _GLOBAL_DROP.split(","))


def drop_invisible(tree: LexborHTMLParser, rules: GenericRules) -> None:
    """Phase 1: scripts, styles, hidden blocks and the generic drop list (one
    selector group: the page is walked once)."""
    root = tree.body or tree.root
    if root is None:
        return
    _decompose_all(_css_all(root, _GLOBAL_DROP_LIST + tuple(rules.drop)))


# the block containers that carry a class or id, each once (a selector group
# would return an element once per selector it matches)
_NAMED_BLOCKS = ":is([class],[id]):is(" + ",".join(sorted(_JUNK_TAGS)) + ")"  # attributes first: faster


def _junk_names(
    classes: str | None, ident: str | None, rules: GenericRules, seen: dict[str, bool]
) -> bool:
    """A node is junk when one class/id token is a junk word and no *other* token
    is a keep word ("comment-content" is junk, "fck_detail block_ads" is not).
    ``seen`` remembers each token's junk test for the page."""
    tokens = (classes or "").split() + (ident or "").split()
    junk = []
    for t in tokens:
        hit = seen.get(t)
        if hit is None:
            hit = seen[t] = rules.junk_tokens.search(t) is not None
        if hit:
            junk.append(t)
    if not junk:
        return False
    return not any(rules.keep_tokens.search(t) for t in tokens if t not in junk)


def drop_boilerplate(tree: LexborHTMLParser, profile: Profile | None, rules: GenericRules) -> None:
    """Phase 2: the profile's drop list and junk-named subtrees, in place.

    Lexbor selects the named block containers; each distinct (class, id) pair is
    judged once (pages repeat the same names hundreds of times)."""
    root = tree.body or tree.root
    if root is None:
        return
    if profile is not None and profile.drop:
        _decompose_all(_css_all(root, tuple(profile.drop)))
    junk = []
    verdicts: dict[tuple[str | None, str | None], bool] = {}
    tokens: dict[str, bool] = {}
    for node in root.css(_NAMED_BLOCKS):
        attrs = node.attributes
        key = (attrs.get("class"), attrs.get("id"))
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = _junk_names(key[0], key[1], rules, tokens)
        if verdict:
            junk.append(node)
    if not junk:
        return
    outer = _outermost(junk)
    # (skip_empty: text nodes of ASCII whitespace only, which strip to "", are not
    # visited in Python: the same text, a sixth faster)
    sizes = [len(node.text(strip=True, skip_empty=True)) for node in outer]
    # a "sidebar-1" that holds most of the page text is the main column. The junk
    # blocks are disjoint, so their text is a lower bound of the page's: the page
    # text is measured only when one block is large enough to matter
    bound = sum(sizes)
    total = None
    for node, size in zip(outer, sizes, strict=True):
        if size > 0.45 * bound:
            if total is None:
                total = len(root.text(strip=True, skip_empty=True)) or 1
            if size > 0.45 * total:
                continue
        node.decompose()


def _direct_text_len(node: LexborNode) -> int:
    total = 0
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            total += len((child.text_content or "").strip())
    return total


def _link_len(node: LexborNode) -> int:
    return sum(len(a.text(strip=True, skip_empty=True)) for a in node.css("a"))


def find_body(tree: LexborHTMLParser, profile: Profile | None, min_chars: int) -> LexborNode | None:
    """The element holding the article text: profile selector, else best-scored."""
    root = tree.body
    if root is None:
        return None
    if profile is not None:
        for sel in profile.body:
            node = root.css_first(sel)
            if node is not None and len(node.text(strip=True, skip_empty=True)) >= min_chars // 2:
                return node
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}

    def credit(first: LexborNode | None, score: float) -> None:
        parent = first
        for share in (1.0, 0.5, 0.25):
            if parent is None or parent.tag in ("html", "-undef", "#document"):
                return
            pid = parent.mem_id
            scores[pid] = scores.get(pid, 0.0) + score * share
            nodes[pid] = parent
            parent = parent.parent

    seen: set[int] = set()
    for p in root.css("p, pre, blockquote"):
        text = p.text(strip=True, skip_empty=True)
        n = len(text)
        if n < 25:
            continue
        links = _link_len(p)
        if links > 0.5 * n:
            continue
        credit(p.parent, 1.0 + min(n / 100.0, 3.0) + text.count(",") * 0.25)
        seen.add(p.mem_id)
    # Layouts that write paragraphs as text separated by <br> inside <div>/<td>/<span>.
    for br in root.css("br"):
        parent = br.parent
        if parent is None or parent.mem_id in seen or parent.tag == "p":
            continue
        seen.add(parent.mem_id)
        n = _direct_text_len(parent)
        if n < 80:
            continue
        credit(parent, 1.0 + min(n / 100.0, 6.0))
    for div in root.css("div > span, td > span, div > font, td > font"):
        n = len(div.text(strip=True, skip_empty=True))
        if n < 80 or div.mem_id in seen:
            continue
        seen.add(div.mem_id)
        credit(div.parent, 1.0 + min(n / 100.0, 3.0))
    if not scores:
        return None
    best_id = max(scores, key=lambda k: scores[k])
    return nodes[best_id]


def _caption_ids(container: LexborNode, selectors: list[str]) -> set[int]:
    if not selectors:
        return set()
    return {node.mem_id for node in _css_all(container, tuple(selectors))}


def _squeeze_spaces(raws: list[str]) -> list[str]:
    """``_WS.sub(" ", raw).strip()`` for each block (``str.split`` splits on the same
    whitespace, and is many times faster than the regex). Every whitespace character
    but the space is unprintable, so a printable block without double spaces or
    spaces at its ends is its own squeezed form (half the blocks: no split)."""
    return [
        raw
        if raw.isprintable() and "  " not in raw and raw[0] != " " and raw[-1] != " "
        else " ".join(raw.split())
        for raw in raws
    ]


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def render_paragraphs(container: LexborNode, caption_selectors: list[str]) -> list[Para]:
    """One ``Para`` per block of text, in document order (no recursion: deep trees are fine)."""
    caption_ids = _caption_ids(container, caption_selectors)
    paras: list[Para] = []
    pieces: list[str] = []
    links = 0
    in_link = 0
    in_caption = 0
    in_heading = 0

    # raw block texts and their flags; whitespace is squeezed for all blocks at once
    raws: list[str] = []
    flags: list[tuple[int, bool, bool]] = []

    def flush() -> None:  # (called when ``pieces`` holds text: ``links`` is 0 otherwise)
        nonlocal links
        if pieces:
            raw = "".join(pieces)
            if not raw.isspace():
                raws.append(raw)
                flags.append((links, in_caption > 0, in_heading > 0))
            pieces.clear()
        links = 0

    # Walked by the tree's own links (first child, next sibling; back up through the
    # open elements kept here with the flags worked out on entering them): a child
    # costs two pointer reads instead of a Python list of the children per element.
    open_: list[tuple[str, bool, LexborNode]] = []
    push, pop = open_.append, open_.pop
    node: LexborNode | None = container
    while node is not None:
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content
            if text:
                pieces.append(text)
                if in_link:
                    links += len(text.strip())
        elif tag == "br":
            if pieces:
                flush()
        elif tag and tag[0] not in "-!" and tag not in SKIP_TAGS:
            caption = bool(caption_ids) and node.mem_id in caption_ids
            if tag in BLOCK_TAGS:
                if pieces:
                    flush()
            if tag == "a":
                in_link += 1
            elif tag in _HEADINGS:
                in_heading += 1
            if caption:
                if pieces:
                    flush()
                in_caption += 1
            child = node.first_child
            if child is not None:
                push((tag, caption, node))
                node = child
                continue
            # no children: left at once
            if caption or tag in BLOCK_TAGS:
                if pieces:
                    flush()
            if tag == "a":
                in_link -= 1
            elif tag in _HEADINGS:
                in_heading -= 1
            if caption:
                in_caption -= 1
        # next: the sibling, else leave the open elements that have no more children
        while True:
            if not open_:
                node = None
                break
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            tag, caption, node = pop()
            if caption or tag in BLOCK_TAGS:
                if pieces:
                    flush()
            if tag == "a":
                in_link -= 1
            elif tag in _HEADINGS:
                in_heading -= 1
            if caption:
                in_caption -= 1
    flush()
    for text, (nlinks, caption, heading) in zip(_squeeze_spaces(raws), flags, strict=True):
        paras.append(Para(text, min(nlinks, len(text)), caption, heading))
    for para, text in zip(paras, normalize_many([p.text for p in paras]), strict=True):
        para.text = text
        if not para.caption and len(para.text) < 300 and ":" in para.text and _CREDIT_END.search(para.text):
            para.caption = True
    return [p for p in paras if p.text]


# "… ở hang đá. Ảnh: Hữu Khoa", "(Ảnh: TTXVN)", "Video: Công Khang": a caption.
_CREDIT_END = compile_guarded(
    r"(?:^|[.\s(])(?:Ảnh|Video|Clip|Đồ họa|Nguồn ảnh|Ảnh minh họa)\s*:\s*[^.:]{1,60}[.)]?$"
)
