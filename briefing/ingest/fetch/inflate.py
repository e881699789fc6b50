"""Response bodies decompressed in bounded steps: a gzip bomb is refused, never inflated in memory.

Stdlib only (zlib). The HTTP module asks for `gzip, deflate` only and hands
each chunk it receives to a BodyDecoder, which stops at the decompressed-size
limit however small the compressed body is.
"""

from __future__ import annotations

import zlib

from ...errors import FetchError
from ...text import printable


class _Inflate:
    """One Content-Encoding (gzip or deflate), decoded in steps that never exceed `limit` in all."""

    def __init__(self, coding: str, limit: int, truncate: bool = False) -> None:
        self.gzip = coding in ("gzip", "x-gzip")
        self.limit = limit
        self.truncate = truncate  # stop at the limit, rather than refuse what goes past it
        self.produced = 0
        self._raw_deflate = False
        self._started = False
        self.cut_short = False  # (with `truncate`) the stream ended before its end
        self._d = self._new()

    def _new(self):
        if self.gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def _count(self, produced: int) -> None:
        self.produced += produced
        if self.produced > self.limit and not self.truncate:
            raise FetchError(f"refused: the response decompresses to over {self.limit:,} bytes "
                             "(fetch.max_decompressed_bytes; a compression bomb?)")

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        while data and self.produced <= self.limit:
            try:
                chunk = self._d.decompress(data, self.limit - self.produced + 1)
            except zlib.error:
                if not self.gzip and not self._started and not self._raw_deflate:
                    # "deflate" is often sent as a raw deflate stream, without zlib's header.
                    self._raw_deflate = True
                    self._d = self._new()
                    continue
                raise FetchError("corrupt compressed response") from None
            self._started = True
            self._count(len(chunk))
            out += chunk
            data = self._d.unconsumed_tail
            if self._d.eof:
                rest = self._d.unused_data.lstrip(b"\x00")
                if self.gzip and rest[:2] == b"\x1f\x8b":  # another gzip member
                    self._d = self._new()
                    data = rest
                else:
                    data = b""  # trailing garbage after the stream is ignored
        return bytes(out)

    def finish(self) -> bytes:
        if self.truncate and self.produced > self.limit:
            return b""  # cut: what is left is not decoded
        try:
            rest = self._d.flush()
        except zlib.error:
            raise FetchError("corrupt compressed response") from None
        self._count(len(rest))
        if self._started and not self._d.eof:
            # The connection closed before the compressed stream's end: a page cut short, not the page. (A
            # robots.txt read as far as it goes is cut to its last whole line by the caller.)
            if not self.truncate:
                raise FetchError("corrupt compressed response: it ends before its compressed data does",
                                 transient=True)
            self.cut_short = True
        return rest


class BodyDecoder:
    """A response body decoded as it arrives, for its Content-Encoding header, within `limit` bytes.

    With `truncate`, a body that decodes to more is cut at `limit` (`full` then says so) rather than
    refused: its stages then decode only as far as the limit, however much more they were given.
    """

    def __init__(self, header: str | None, limit: int, truncate: bool = False) -> None:
        codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(f"unsupported Content-Encoding {printable(coding[:40])!r}")
        if len(codings) > 2:
            raise FetchError("too many Content-Encodings")
        self._stages = [_Inflate(c, limit, truncate) for c in reversed(codings)]
        self._limit = limit
        self._truncate = truncate
        self._out = bytearray()
        self.full = False

    def _add(self, data: bytes) -> None:
        if self._truncate and len(self._out) + len(data) > self._limit:
            self._out += data[:self._limit - len(self._out)]
            self.full = True
            return
        self._out += data
        if len(self._out) > self._limit:
            raise FetchError(f"too large: over {self._limit:,} bytes (fetch.max_decompressed_bytes)")

    def feed(self, data: bytes) -> None:
        if self.full:
            return
        for stage in self._stages:
            data = stage.feed(data)
        self._add(data)

    def finish(self) -> bytes:
        if self.full:
            return bytes(self._out)  # cut: the rest of the stream is not decoded
        for index, stage in enumerate(self._stages):
            data = stage.finish()
            for later in self._stages[index + 1:]:
                data = later.feed(data)
            self._add(data)
            if self.full:
                break
        if any(stage.cut_short for stage in self._stages):
            self.full = True  # cut short as if at the limit: the caller keeps only whole lines
        return bytes(self._out)
