"""Polite HTTP fetching on httpx: per-host slots, robots.txt, retries, limits.

``Fetcher.fetch(url)`` never raises for network trouble: every outcome (a body,
a 304, an HTTP error, a timeout, a cut body, a redirect loop...) comes back as a
``FetchResult`` with ``error`` set to a short reason when there is no usable body.
"""

from __future__ import annotations

import asyncio
import random
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import brotli
import httpx
from protego import Protego

from ..config import CrawlConfig
from ..ingest.limits import BodyDecoder, UnsupportedEncoding, parse_encodings
from .urls import Scope, host_of, normalize_url

__all__ = ["FetchResult", "Fetcher", "HostSlot", "RobotsRules"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: str | None = None  # None when ``body`` (or a 304) is usable
    detail: str = ""
    attempts: int = 0
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    http_version: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def content_type(self) -> str:
        return self.header("content-type") or ""


class HostSlot:
    """Per-host politeness: at most ``concurrency`` requests at once and at least
    ``delay`` seconds between the starts of two requests."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.sem = asyncio.Semaphore(max(1, concurrency))
        self.delay = delay
        self._next = 0.0
        self._last = 0.0
        self._lock = asyncio.Lock()

    def set_delay(self, delay: float) -> None:
        """A new delay (robots.txt Crawl-delay) applies from the last request on."""
        self.delay = delay
        self._next = max(self._next, self._last + delay)

    def push_back(self, seconds: float) -> None:
        """Nobody starts a request on this host for ``seconds`` (Retry-After)."""
        self._next = max(self._next, time.monotonic() + seconds)

    async def wait_turn(self, gate: asyncio.Semaphore) -> None:
        """Wait for this host's next start time, then for a global permit (held by
        the caller afterwards). The host's lock is kept until the request really
        starts, so waiting for the global permit never shortens the delay."""
        async with self._lock:
            now = time.monotonic()
            if self._next > now:
                await asyncio.sleep(self._next - now)
            await gate.acquire()
            self._last = time.monotonic()
            self._next = self._last + self.delay


@dataclass(slots=True)
class RobotsRules:
    """robots.txt of one host. ``status`` is the HTTP status it was fetched with
    (None when unreachable). 4xx = no rules; 5xx/unreachable = everything disallowed
    (RFC 9309, section 2.3.1.3/2.3.1.4)."""

    status: int | None
    body: str = ""
    _parser: Protego | None = None

    def __post_init__(self) -> None:
        if self.status is not None and 200 <= self.status < 300:
            self._parser = Protego.parse(self.body)

    def allowed(self, url: str, agent: str) -> bool:
        if self._parser is not None:
            return bool(self._parser.can_fetch(url, agent))
        return self.status is not None and 400 <= self.status < 500

    def crawl_delay(self, agent: str) -> float | None:
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        return list(self._parser.sitemaps) if self._parser is not None else []


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ('union-figures')."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


class Fetcher:
    """Fetches URLs politely with one shared ``httpx.AsyncClient``.

    ``robots_loader(host)`` returns cached robots rules or None; ``robots_saver``
    stores what was fetched (the crawl state keeps it so a resumed crawl does not
    fetch robots.txt again).
    """

    def __init__(
        self,
        config: CrawlConfig,
        scope: Scope,
        *,
        robots_loader: Callable[[str], RobotsRules | None] | None = None,
        robots_saver: Callable[[str, RobotsRules], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.config = config
        self.scope = scope
        self.agent = agent_token(config.user_agent)
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._robots_loader = robots_loader
        self._robots_saver = robots_saver
        self._slots: dict[str, HostSlot] = {}
        self._global = asyncio.Semaphore(max(1, config.global_concurrency))
        self._sleep = sleep
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=None,
        )
        self.client = httpx.AsyncClient(
            headers={
                "User-Agent": config.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate, br",
                "Accept-Language": "vi,en;q=0.5",
            },
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=max(1, config.global_concurrency)),
            event_hooks={"response": [self._remember_location]},
        )
        self.requests = 0
        # Location headers seen, by request URL: httpx builds the next request of
        # a redirect itself and fails on one it cannot use (``javascript:``)
        self._locations: dict[str, str] = {}

    async def _remember_location(self, response: httpx.Response) -> None:
        location = response.headers.get("location")
        if location is not None and response.status_code in REDIRECT_STATUS:
            if len(self._locations) > 10_000:
                self._locations.clear()
            self._locations[str(response.request.url)] = location

    async def aclose(self) -> None:
        await self.client.aclose()

    def slot(self, host: str) -> HostSlot:
        slot = self._slots.get(host)
        if slot is None:
            slot = HostSlot(self.config.per_host_concurrency, self.config.min_delay)
            self._slots[host] = slot
        return slot

    # -- robots.txt ---------------------------------------------------------
    async def robots(self, url: str) -> RobotsRules:
        host = host_of(url)
        rules = self._robots.get(host)
        if rules is not None:
            return rules
        lock = self._robots_locks.setdefault(host, asyncio.Lock())
        async with lock:
            rules = self._robots.get(host)
            if rules is None:
                rules = self._robots_loader(host) if self._robots_loader else None
                if rules is None:
                    scheme = url.split(":", 1)[0]
                    res = await self._fetch_robots(f"{scheme}://{host}/robots.txt")
                    body = res.body.decode("utf-8", "replace") if res.error is None else ""
                    status = res.status if res.error in (None, f"http_{res.status}") else None
                    if res.error == "too_large":
                        status, body = 200, res.body.decode("utf-8", "replace")
                    rules = RobotsRules(status, body)
                    if self._robots_saver:
                        self._robots_saver(host, rules)
                self._robots[host] = rules
                delay = rules.crawl_delay(self.agent)
                slot = self.slot(host)
                if delay is not None:
                    slot.set_delay(max(self.config.min_delay, delay))
        return rules

    async def _fetch_robots(self, url: str) -> FetchResult:
        seen = {url}
        res = await self._fetch_retrying(url, {}, False)
        for _ in range(5):  # RFC 9309: follow at least five redirects
            if res.error != "redirect":
                break
            location = res.header("location")
            target = normalize_url(location, url) if location else None
            if target is None or target in seen or not self.scope.host_allowed(target):
                res.error, res.status = "http_404", 404  # unusable redirect: no rules
                break
            seen.add(target)
            res = await self._fetch_retrying(target, {}, False)
        return res

    async def allowed(self, url: str) -> bool:
        return (await self.robots(url)).allowed(url, self.agent)

    # -- fetching -----------------------------------------------------------
    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff_base * (2**attempt)
        return float(min(self.config.backoff_max, base * (0.5 + random.random())))

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        html_only: bool = False,
    ) -> FetchResult:
        """GET with redirects (scope- and robots-checked per hop), retries and limits."""
        cond: dict[str, str] = {}
        if etag:
            cond["If-None-Match"] = etag
        if last_modified:
            cond["If-Modified-Since"] = last_modified
        seen = {url}
        current = url
        for _hop in range(self.config.max_redirects + 1):
            res = await self._fetch_retrying(current, cond, html_only)
            res.url = url  # res.attempts: tries of the last hop (retries, not redirects)
            if res.status not in REDIRECT_STATUS or res.error not in (None, "redirect"):
                return res
            location = res.header("location")
            target = normalize_url(location, current) if location else None
            if target is None:
                res.error, res.detail = "bad_redirect", f"Location {location!r}"
                return res
            if target in seen:
                res.error, res.detail = "redirect_loop", f"{current} -> {target}"
                return res
            if not self.scope.host_allowed(target):
                res.error, res.detail = "out_of_scope_redirect", target
                return res
            if not await self.allowed(target):
                res.error, res.detail = "robots_disallowed", target
                return res
            seen.add(target)
            current = target
            # The stored validators came from the final response of the last crawl,
            # so they stay on the request that reaches it.
        res.error, res.detail = "too_many_redirects", f"more than {self.config.max_redirects}"
        return res

    async def _fetch_retrying(
        self, url: str, cond: dict[str, str], html_only: bool
    ) -> FetchResult:
        res = FetchResult(url, url)
        for attempt in range(self.config.retries + 1):
            res = await self._fetch_once(url, cond, html_only=html_only)
            res.attempts = attempt + 1
            if res.error not in ("timeout", "connection", "truncated") and (
                res.status not in RETRY_STATUS
            ):
                return res
            if attempt == self.config.retries:
                return res
            wait = self._backoff(attempt)
            if res.status in (429, 503):
                after = _retry_after(res.header("retry-after"))
                if after is not None:
                    if after > self.config.max_retry_after:
                        res.detail = f"Retry-After {after:.0f}s is over the limit"
                        return res
                    wait = after
                self.slot(host_of(url)).push_back(wait)
            await self._sleep(wait)
        return res

    async def _fetch_once(
        self, url: str, headers: dict[str, str], *, html_only: bool = False
    ) -> FetchResult:
        res = FetchResult(url, url)
        slot = self.slot(host_of(url))
        max_body = self.config.max_body_bytes
        async with slot.sem:
            await slot.wait_turn(self._global)
            self.requests += 1
            try:
                async with asyncio.timeout(self.config.total_timeout):
                    async with self.client.stream("GET", url, headers=headers) as resp:
                        res.status = resp.status_code
                        res.http_version = resp.http_version
                        res.headers = list(resp.headers.multi_items())
                        res.request_headers = list(resp.request.headers.multi_items())
                        if resp.status_code in REDIRECT_STATUS:
                            res.error = "redirect"
                            return res
                        if resp.status_code == 304:
                            return res
                        if resp.status_code >= 400:
                            res.error = f"http_{resp.status_code}"
                            return res
                        ctype = resp.headers.get("content-type", "").split(";")[0].strip()
                        if html_only and ctype and ctype.lower() not in HTML_TYPES:
                            res.error, res.detail = "not_html", ctype
                            return res
                        declared = resp.headers.get("content-length", "")
                        if declared.isdigit() and int(declared) > max_body:
                            # more than the cap on the wire: more once decoded too
                            res.error = "too_large"
                            res.detail = f"Content-Length {declared} > {max_body}"
                            return res
                        await self._read_body(resp, res, max_body)
            except TimeoutError:
                res.error, res.detail = "timeout", f"over {self.config.total_timeout}s in total"
            except httpx.TimeoutException as exc:
                res.error, res.detail = "timeout", type(exc).__name__
            except httpx.RemoteProtocolError as exc:
                res.error, res.detail = "truncated", str(exc)[:200]
            except (httpx.DecodingError, UnsupportedEncoding) as exc:
                res.error, res.detail = "decoding", str(exc)[:200]
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                # a redirect to somewhere no request can go (javascript:, mailto:,
                # a malformed URL): permanent, and said so
                location = self._locations.pop(url, None)
                if location is None:
                    res.error, res.detail = "bad_url", str(exc)[:200]
                else:
                    res.error, res.detail = "bad_redirect", f"Location {location[:200]!r}"
            except (httpx.TransportError, OSError) as exc:
                res.error, res.detail = "connection", f"{type(exc).__name__}: {exc}"[:200]
            finally:
                self._global.release()
        return res

    @staticmethod
    async def _read_body(resp: httpx.Response, res: FetchResult, max_body: int) -> None:
        """Stream the body, undoing every Content-Encoding (gzip, deflate, br,
        nested) with capped decoders: the decoded size counts against
        ``max_body_bytes`` as it grows, so a decompression bomb is cut (and
        reported as ``too_large``) after at most ``max_body`` bytes of memory."""
        decoder = BodyDecoder(parse_encodings(resp.headers.get("content-encoding")), max_body)
        chunks: list[bytes] = []
        raw = 0
        try:
            async for chunk in resp.aiter_raw():
                raw += len(chunk)
                chunks.append(decoder.feed(chunk))
                if decoder.too_large or raw > max_body:
                    res.error = "too_large"
                    res.detail = f"body cut at {max_body} bytes"
                    break
            else:
                chunks.append(decoder.finish())
                if decoder.too_large:
                    res.error = "too_large"
                    res.detail = f"body cut at {max_body} bytes"
        except (zlib.error, brotli.error) as exc:
            encoding = resp.headers.get("content-encoding")
            res.error, res.detail = "decoding", f"corrupt {encoding} body: {exc}"[:200]
            return
        res.body = b"".join(chunks)
