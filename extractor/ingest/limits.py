"""Capped decompression of HTTP bodies (``Content-Encoding``) while streaming.

Every decoder hands out its output in pieces of at most ``PIECE`` bytes and is
only asked for more while the caller still wants it, so a body that would
inflate to gigabytes (a brotli "bomb" of 1 KB, gzip inside brotli inside
deflate...) costs at most ``max_bytes`` plus one piece per stage of memory and
stops as soon as the cap is passed. Used by the crawler (network bodies) and
by the WARC reader (archived bodies still carrying their encoding).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = [
    "PIECE",
    "BodyDecoder",
    "DecodedBody",
    "UnsupportedEncoding",
    "decode_body",
    "parse_encodings",
]

PIECE = 64 * 1024


class UnsupportedEncoding(ValueError):
    """A Content-Encoding this package cannot decode (the body stays unusable)."""


class _Stage(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Zlib:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some
    servers send it), output in bounded pieces."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.wbits = 31 if gzip else 15
        self.d: Any = zlib.decompressobj(self.wbits)
        self.started = False

    def _run(self, data: bytes) -> Iterator[bytes]:
        while data:
            if self.d.eof:
                if not self.gzip or not data.strip(b"\x00"):
                    return  # bytes after the end of the stream: ignored
                self.d = zlib.decompressobj(self.wbits)  # the next gzip member
            try:
                out = self.d.decompress(data, PIECE)
            except zlib.error:
                if self.gzip or self.started:
                    raise
                self.wbits = -15  # "deflate" sent without the zlib wrapper
                self.d = zlib.decompressobj(self.wbits)
                out = self.d.decompress(data, PIECE)
            self.started = True
            data = self.d.unused_data if self.d.eof else self.d.unconsumed_tail
            if out:
                yield out

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(data)

    def finish(self) -> Iterator[bytes]:
        if not self.d.eof:
            out = self.d.flush()
            if out:
                for i in range(0, len(out), PIECE):
                    yield out[i : i + PIECE]


class _Brotli:
    def __init__(self) -> None:
        import brotli

        self.d: Any = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.d.is_finished():
            return
        out = self.d.process(data, output_buffer_limit=PIECE)
        if out:
            yield out
        while not self.d.can_accept_more_data() and not self.d.is_finished():
            out = self.d.process(b"", output_buffer_limit=PIECE)
            if not out:
                break
            yield out

    def finish(self) -> Iterator[bytes]:
        return iter(())


def parse_encodings(header: str | None) -> list[str]:
    """``Content-Encoding: gzip, br`` -> ``["gzip", "br"]`` (the order applied)."""
    out = []
    for token in (header or "").split(","):
        name = token.strip().lower()
        if name in ("", "identity", "none"):
            continue
        if name == "x-gzip":
            name = "gzip"
        out.append(name)
    return out


def _stage(name: str) -> _Stage:
    if name == "gzip":
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    if name == "br":
        return _Brotli()
    raise UnsupportedEncoding(f"unsupported Content-Encoding {name!r}")


class BodyDecoder:
    """Undo a list of content encodings (as listed in the header, i.e. in the
    order they were applied), streaming and capped.

    ``feed(chunk)`` returns the decoded bytes of that chunk, ``finish()`` the
    rest; once more than ``max_bytes`` came out, ``too_large`` is set and all
    further input is ignored (the output is cut at ``max_bytes``).
    """

    def __init__(self, encodings: Iterable[str], max_bytes: int) -> None:
        self.names = list(encodings)
        self.stages = [_stage(n) for n in reversed(self.names)]
        self.max_bytes = max_bytes
        self.size = 0
        self.too_large = False

    def _through(self, pieces: Iterable[bytes], depth: int) -> Iterator[bytes]:
        if depth == len(self.stages):
            yield from pieces
            return
        stage = self.stages[depth]
        for piece in pieces:
            yield from self._through(stage.feed(piece), depth + 1)

    def _finish_from(self, depth: int) -> Iterator[bytes]:
        for i in range(depth, len(self.stages)):
            yield from self._through(self.stages[i].finish(), i + 1)

    def _take(self, pieces: Iterator[bytes]) -> bytes:
        out: list[bytes] = []
        for piece in pieces:
            room = self.max_bytes - self.size
            if len(piece) > room:
                out.append(piece[: max(0, room)])
                self.size = self.max_bytes
                self.too_large = True
                break
            out.append(piece)
            self.size += len(piece)
        return b"".join(out)

    def feed(self, chunk: bytes) -> bytes:
        if self.too_large or not chunk:
            return b""
        return self._take(self._through([chunk], 0))

    def finish(self) -> bytes:
        if self.too_large:
            return b""
        return self._take(self._finish_from(0))


@dataclass(frozen=True, slots=True)
class DecodedBody:
    body: bytes
    too_large: bool


def decode_body(chunks: Iterable[bytes], encodings: Iterable[str], max_bytes: int) -> DecodedBody:
    """Decode a whole body from its (raw) chunks; stops reading once over the cap.

    Raises ``UnsupportedEncoding`` for an unknown encoding and ``zlib.error`` /
    ``brotli.error`` for a corrupt stream.
    """
    dec = BodyDecoder(encodings, max_bytes)
    out: list[bytes] = []
    for chunk in chunks:
        out.append(dec.feed(chunk))
        if dec.too_large:
            return DecodedBody(b"".join(out), True)
    out.append(dec.finish())
    return DecodedBody(b"".join(out), dec.too_large)
