"""Keep hostile HTML linear for the parser: cap nesting depth and attributes per tag.

Lexbor follows the HTML tree-building algorithm, which walks the stack of open
elements for many start tags (is a ``<p>`` open in scope?) and checks every new
attribute against the ones before it: a page with 1,000,000 nested ``<div>`` or
100,000 attributes on one element parses in quadratic time (never finishes). The
web's own parsers cap both (libxml2 at 256 levels, browsers at 512); so does this
module, before parsing, in one linear scan:

- past ``MAX_DEPTH`` levels the tree stops growing deeper: a paragraph, heading,
  list item or cell becomes a sibling of the deepest open element (as in
  browsers), any other tag is removed with its end tag; all text stays. Blocks
  of one kind nest ``MAX_SAME`` deep at most (a deeper one becomes a sibling);
  walking the tree (a paragraph's text, its links) then costs the page size
  times a small constant, not times its depth;
- a start tag with more than ``MAX_ATTRIBUTES`` attributes keeps the first ones.

Ordinary pages are returned as they are without a scan: the depth scan runs only on
pages with more than ``SCAN_ABOVE_TAGS`` tags (fewer tags cannot nest deep enough
to cost more than a few milliseconds), the attribute scan only on very long tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["MAX_ATTRIBUTES", "MAX_DEPTH", "MAX_SAME", "SCAN_ABOVE_TAGS", "bound_html"]

MAX_DEPTH = 256  # libxml2's limit (lxml, trafilatura); browsers stop at 512
MAX_SAME = 64  # blocks of one kind inside each other (tables in tables ...)
MAX_ATTRIBUTES = 256
SCAN_ABOVE_TAGS = 8000

# a comment, or a start/end tag up to its ">" (a tag is never read past the next "<",
# so an unclosed "<a<a<a..." stays linear)
_TAG = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\s/<>]*)[^<>]*>)")
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr".split()
)
_NOT_COUNTED = frozenset({"html", "head", "body"})  # one each, whatever the page says
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
# start tags that close an open <p> (the HTML spec's list; "p in button scope")
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 "
    "h5 h6 pre listing form table".split()
)
# start tag -> (open elements it closes, elements that stop the search)
_SCOPE = frozenset("applet caption html table td th marquee object template button".split())
_IMPLIED_CLOSE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset("ul ol table td th button".split())),
    "dt": (frozenset({"dt", "dd"}), frozenset("dl table td th button".split())),
    "dd": (frozenset({"dt", "dd"}), frozenset("dl table td th button".split())),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select", "datalist"})),
    "tr": (frozenset({"tr"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "thead": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tbody": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tfoot": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "a": (frozenset({"a"}), frozenset()),
    "nobr": (frozenset({"nobr"}), frozenset()),
    "button": (frozenset({"button"}), frozenset()),
    **{h: (frozenset(f"h{i}" for i in range(1, 7)), _SCOPE) for h in ("h1", "h2", "h3", "h4", "h5", "h6")},
}
# past the depth cap these still open (as siblings); other tags are removed
_STRUCTURE = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd tr td th table pre blockquote figure figcaption".split()
)
_FOREIGN = frozenset({"svg", "math"})  # only there does "<x/>" close itself
_P_ONLY = frozenset({"p"})
_CLOSE_NEAR = 8
_raw_end: dict[str, re.Pattern[str]] = {}

# attributes of one start tag: name, optionally = and a quoted or bare value
_LONG_TAG = re.compile(r"<[A-Za-z][^\s/<>]*+\s[^<>]{2048,}+")  # possessive: never gives back (same spans)
_ATTRIBUTE = re.compile(r"""\s*[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")
# MAX_ATTRIBUTES of them in a row, each matched as ``_ATTRIBUTE.match`` matches it
# alone (an atomic group never gives back): one call instead of a Python loop
_ATTRIBUTES_CAP = re.compile(f"(?>{_ATTRIBUTE.pattern}){{{MAX_ATTRIBUTES}}}")


# A long tag spans more than 2 * _BLOCK characters without ">": it holds a whole
# _BLOCK-aligned block that has no ">" either
_BLOCK = 1024


def _long_tag_stretches(html: str) -> Iterator[tuple[int, int]]:
    """The stretches between two ">" (start, end) that hold a whole aligned block:
    every ``_LONG_TAG`` match lies in one of them (a match never holds ">"), and
    ordinary pages have none (one ``find`` a block instead of the regex over every tag)."""
    end = 0  # the stretch that ends here was given already
    for start in range(0, len(html) - _BLOCK + 1, _BLOCK):
        if start < end or html.find(">", start, start + _BLOCK) >= 0:
            continue
        begin = html.rfind(">", 0, start) + 1
        end = html.find(">", start + _BLOCK)
        if end < 0:
            end = len(html)
        yield begin, end


def _long_tags(html: str) -> Iterator[re.Match[str]]:
    """``_LONG_TAG.finditer(html)``, the regex run only over the stretches that can
    hold a match (the same matches: each starts past the previous one's stretch)."""
    for begin, end in _long_tag_stretches(html):
        yield from _LONG_TAG.finditer(html, begin, end)


def bound_html(html: str) -> str:
    """``html`` with nesting and attributes capped (unchanged for ordinary pages)."""
    if next(_long_tags(html), None) is not None:
        html = _cap_attributes(html)
    if html.count("<") > SCAN_ABOVE_TAGS:
        html = _cap_depth(html)
    return html


def _cap_attributes(html: str) -> str:
    out: list[str] = []
    last = 0
    for m in _long_tags(html):
        pos = m.start() + 1
        while pos < m.end() and not html[pos].isspace():
            pos += 1  # the tag name
        capped = _ATTRIBUTES_CAP.match(html, pos)
        if capped is None:  # fewer attributes than the cap
            continue
        pos = capped.end()
        close = html.find(">", pos)
        if close < 0:
            close = len(html)
        out.append(html[last:pos])
        last = close  # the ">" (or the end) follows the attributes kept
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


def _raw_end_of(name: str) -> re.Pattern[str]:
    rx = _raw_end.get(name)
    if rx is None:
        rx = _raw_end[name] = re.compile(rf"</{name}(?![^\W_])", re.IGNORECASE)
    return rx


def _cap_depth(html: str) -> str:
    """Keep the element tree at most ``MAX_DEPTH`` deep.

    The scan keeps its own stack of open elements, close to the parser's: end tags
    close up to the nearest open element of their name, start tags close what the
    HTML rules make them close when it is near the top (``<li>`` an open ``li``,
    ``<div>`` an open ``p`` ...), void elements never open. Where the scan closes
    elements without their end tags it writes those end tags out, so the parser's
    stack cannot grow deeper than the scan's. Past the cap, a block that carries
    text structure (``p``, headings, list items, cells ...) becomes a sibling of the
    deepest open element (as in browsers); any other tag (``div``, ``span``,
    ``font`` ...) is removed with its end tag, its text staying where it is. Every
    element is pushed and popped once at most: the scan is linear."""
    out: list[str] = []
    last = 0
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    foreign = 0
    skip_to = 0  # inside a comment or raw text

    def close(k: int, at: int, *, own: bool) -> None:
        """Close ``stack[k:]``, writing their end tags out before offset ``at``
        (``stack[k]``'s own only when ``own``: an end tag in the page closes it)."""
        nonlocal foreign, last
        names = stack[k + 1 :] if not own else stack[k:]
        if names:
            out.append(html[last:at])
            out.append("".join(f"</{name}>" for name in reversed(names)))
            last = at
        for name in stack[k:]:
            open_count[name] -= 1
            if name in _FOREIGN:
                foreign -= 1
        del stack[k:]

    def nearest(names: frozenset[str], stop: frozenset[str]) -> int:
        for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_NEAR), -1):
            name = stack[k]
            if name in names:
                return k
            if name in stop:
                return -1
        return -1

    for m in _TAG.finditer(html):
        start = m.start()
        if start < skip_to:
            continue
        comment, closing, name = m.group(1, 2, 3)
        if comment:
            end = html.find("-->", m.end())
            skip_to = len(html) if end < 0 else end + 3
            continue
        name = name.lower()
        if name in _VOID or name in _NOT_COUNTED:
            continue
        if closing:
            left = dropped.get(name, 0)
            if left:
                dropped[name] = left - 1
                out.append(html[last:start])
                last = m.end()
            elif open_count.get(name, 0):
                k = len(stack) - 1
                while stack[k] != name:
                    k -= 1
                close(k, start, own=False)
            continue
        if name in _RAW_TEXT:
            end_m = _raw_end_of(name).search(html, m.end())
            skip_to = len(html) if end_m is None else end_m.end()
            continue  # opened and closed: the depth is unchanged
        if foreign and m.group(0).endswith("/>"):
            continue
        if name in _CLOSES_P and open_count.get("p", 0):
            k = nearest(_P_ONLY, _SCOPE)
            if k >= 0:
                close(k, start, own=True)
        rule = _IMPLIED_CLOSE.get(name)
        if rule is not None and any(open_count.get(x, 0) for x in rule[0]):
            k = nearest(*rule)
            if k >= 0:
                close(k, start, own=True)
        structure = name in _STRUCTURE
        if len(stack) >= MAX_DEPTH or (structure and open_count.get(name, 0) >= MAX_SAME):
            if not structure:
                out.append(html[last:start])
                last = m.end()
                dropped[name] = dropped.get(name, 0) + 1
                continue
            k = len(stack) - 1
            if open_count.get(name, 0) >= MAX_SAME:
                while stack[k] != name:
                    k -= 1
            for closed in stack[k:]:  # their own end tags, when they come, are removed
                dropped[closed] = dropped.get(closed, 0) + 1
            close(k, start, own=True)
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if name in _FOREIGN:
            foreign += 1
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)
