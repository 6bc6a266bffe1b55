"""One URL normaliser and one URL identity, shared by the crawler, the batch
deduplication, ``extract`` and WARC re-processing.

* ``normalize_url`` gives the URL to *request*: absolute http(s), no fragment,
  no default port, no tracking parameters (``utm_*``, ``fbclid``...). The path
  is kept as the server wrote it (``/a/`` and ``/a`` may be different pages).
* ``url_key`` gives the *identity* of a document: ``normalize_url`` plus no
  scheme (``http`` = ``https``), no ``www.`` and no trailing slash. Two records
  with the same key are the same article; the first one read is kept.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["normalize_url", "url_key"]

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc\w*)$", re.I)
_NOT_WEB = ("javascript:", "mailto:", "tel:", "data:", "#")


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment, default port or tracking parameters;
    None for anything that cannot be requested (``javascript:``, ``mailto:``...)."""
    url = url.strip()
    if not url or url.lower().startswith(_NOT_WEB):
        return None
    if base is not None:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k)]
        query = urlencode(pairs)
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def url_key(url: str | None) -> str | None:
    """The identity of the document at ``url`` (for deduplication), or None."""
    if not url or not url.strip():
        return None
    norm = normalize_url(url)
    if norm is None:  # not a web URL (a file path, a URN...): compare it as written
        return url.strip()
    parts = urlsplit(norm)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, ""))
