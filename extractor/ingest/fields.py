"""JSON / JSONL article objects -> Pages, with the fields mapped once.

An article object holds its body as ``html`` or ``text`` and may say what it
is: ``url``, ``title``, ``published``, ``province``, ``author``. Those supplied
fields travel with the Page (``Page.meta``) and win over what the page itself
shows, all the way into the Article. Other field names are given with
``--html-field``/``--text-field``/``--url-field`` or ``--field NAME=FIELD``.
The gold files in ``corpus/`` (``text`` plus gold ``figures``) and the records
this tool writes are article objects too: their text is read, never the JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ..errors import ConfigError, InputError
from ..models import Page, Rejection, RejectReason

__all__ = [
    "FIELD_NAMES",
    "META_FIELDS",
    "ReadOptions",
    "normalise_published",
    "page_from_object",
    "pages_from_json",
]

# Default names looked for, first match wins (a supplied name replaces the list).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "html": ("html", "raw_html", "content_html", "body_html"),
    "text": ("text", "content", "body", "maintext"),
    "url": ("url", "link", "uri", "canonical_url"),
    "title": ("title", "headline"),
    "published": ("published", "date_publish", "published_at", "datePublished", "date"),
    "province": ("province",),
    "author": ("author", "byline"),
}
META_FIELDS = ("title", "published", "province", "author")

_VN = timezone(timedelta(hours=7))


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: JSON field names (None = the defaults above), extra
    ``NAME=FIELD`` mappings, and the size cap of one page."""

    html_field: str | None = None
    text_field: str | None = None
    url_field: str | None = None
    fields: tuple[str, ...] = ()  # "title=headline", "published=date"...
    max_bytes: int = 20_000_000

    def __post_init__(self) -> None:
        for spec in self.fields:
            name, sep, field = spec.partition("=")
            if not sep or name.strip() not in FIELD_NAMES or not field.strip():
                raise ConfigError(
                    f"--field {spec!r}: expected NAME=FIELD with NAME one of "
                    + ", ".join(FIELD_NAMES)
                )

    def names(self, name: str) -> tuple[str, ...]:
        explicit = {"html": self.html_field, "text": self.text_field, "url": self.url_field}
        if explicit.get(name):
            return (str(explicit[name]),)
        for spec in self.fields:
            key, _, field = spec.partition("=")
            if key.strip() == name:
                return (field.strip(),)
        return FIELD_NAMES[name]


def _pick(obj: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return ", ".join(v.strip() for v in value if v.strip())  # authors: ["A", "B"]
    return None


def normalise_published(value: Any, precision: Any = None) -> str | None:
    """A supplied date as an Article holds it (the records' own rule,
    ``schema.published_from_cell``): ``YYYY-MM-DD`` for a day (also a record's
    midnight with ``published_precision`` = ``day``), ISO 8601 in +07:00 for a
    time; day-first ``12/02/2019 09:36`` and Unix timestamps are understood.
    None when it is not a date (the page's own date is kept then)."""
    from ..schema import normalise_published as iso_of
    from ..schema import published_from_cell

    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if not 0 < value < 4e12:
            return None
        seconds = value / 1000 if value > 1e11 else value
        value = datetime.fromtimestamp(seconds, UTC).astimezone(_VN).isoformat()
    text = str(value).strip()
    if not text:
        return None
    if iso_of(text)[1] is not None:  # an ISO date or time
        return published_from_cell(text, precision)
    day = _day_first(text)
    if day is None:
        return None
    if day.hour == day.minute == 0 and ":" not in text:
        return day.date().isoformat()
    return published_from_cell(day.replace(tzinfo=_VN).isoformat(), "time")


def _day_first(text: str) -> datetime | None:
    import re

    m = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D+(\d{1,2})[:h](\d{2}))?", text)
    if m is None:
        return None
    try:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        h = int(m.group(4)) if m.group(4) else 0
        mi = int(m.group(5)) if m.group(5) else 0
        return datetime(y, mo, d, h, mi)
    except ValueError:
        return None


def page_from_object(
    obj: Any, ref: str, opts: ReadOptions, *, source: str
) -> Page | InputError | Rejection:
    """One JSON article object as a Page with its supplied fields in ``meta``.

    Not an object, or no body field: a ``Rejection`` (``not_article``) for a
    JSON file found in a folder or named on the command line (a manifest, a
    config), an ``InputError`` for a JSONL line (a dump with a broken record).
    """
    if not isinstance(obj, dict):
        what = "JSON value is not an object"
        if source == "jsonl":
            return InputError(ref, what)
        return Rejection(RejectReason.NOT_ARTICLE, what, source=ref)
    raw_url = _pick(obj, opts.names("url"))
    url = raw_url.strip() if isinstance(raw_url, str) else None
    body: Any = None
    ctype = ""
    if opts.text_field is None:
        body = _pick(obj, opts.names("html"))
        ctype = "text/html; charset=utf-8"
    if not isinstance(body, str) and opts.html_field is None:
        body = _pick(obj, opts.names("text"))
        ctype = "text/plain; charset=utf-8"
    if not isinstance(body, str):
        wanted = opts.html_field or opts.text_field or "html/text"
        if source == "jsonl":
            return InputError(ref, f"no {wanted} field", url=url)
        return Rejection(
            RejectReason.NOT_ARTICLE, f"JSON object without a {wanted} field", source=ref, url=url
        )
    meta: dict[str, str] = {}
    for name in META_FIELDS:
        value = _pick(obj, opts.names(name))
        if name == "published":
            value = normalise_published(value, obj.get("published_precision"))
        if isinstance(value, str) and value.strip():
            meta[name] = " ".join(value.split())
    return Page(
        content=body.encode("utf-8", "replace"),
        url=url,
        source=source,
        source_ref=ref,
        content_type=ctype,
        meta=meta,
    )


def pages_from_json(
    data: bytes, ref: str, opts: ReadOptions, *, source: str = "file"
) -> Iterable[Page | InputError | Rejection]:
    """A ``.json`` file: one article object, or a list of them (``file.json#N``)."""
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [InputError(ref, f"not a JSON article ({exc.__class__.__name__})")]
    if isinstance(obj, list) and obj and all(isinstance(o, dict) for o in obj):
        return [page_from_object(o, f"{ref}#{i}", opts, source=source) for i, o in enumerate(obj)]
    return [page_from_object(obj, ref, opts, source=source)]
