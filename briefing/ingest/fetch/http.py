"""The wire: one GET at a time over kept-alive connections; the only httpx, httpcore and protego import.

- One httpx client per fetch, so connections to a host are reused
  (HTTP/1.1 keep-alive), with a User-Agent naming the tool, its version and
  the contact address from `[fetch] contact`.
- Timeouts on connect (the host name's look-up included) and on each read, and a deadline for the whole
  response enforced inside every socket read and write, so a server that
  drips a byte at a time cannot hold a fetch.
- Bodies streamed with a limit on the bytes sent (a Content-Length over it
  is refused before reading) and another on the bytes decompressed
  (inflate.py); a response whose media type cannot be a feed or a page is
  refused before its body is read.
- Every connection is opened by a network backend that resolves the host
  and checks every address (addresses.py) at connect time, and connects only
  to an address it just checked: DNS rebinding between a check and the
  connection cannot slip through. Proxy settings from the environment are
  not used (they would bypass the check); no cookies are kept; TLS
  certificates are always verified.

Redirects, retries, pacing and robots.txt are polite.py's; this module only
parses robots.txt (protego, RFC 9309).
"""

from __future__ import annotations

import ast
import contextvars
import http.cookiejar
import re
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Callable, Mapping

import httpcore
import httpx

from ...config import FetchSettings
from ...errors import FetchError
from ...text import printable, short_line
from .addresses import Network, ResolveTimeout, checked_addresses
from .inflate import BodyDecoder
from .urls import scheme_problem

TOOL_NAME = "briefing"
# Says why a response of this media type is refused, or None to read it.
MediaCheck = Callable[[str], "str | None"]


class TimedOut(FetchError):
    """A connect or read timeout, or the response deadline: the host was slow (polite.py counts them)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, transient=True)


def user_agent(settings: FetchSettings) -> str:
    """`briefing/<version> (+<contact>)`: who is asking, and where to write to about it."""
    try:
        agent = f"{TOOL_NAME}/{version(TOOL_NAME)}"
    except PackageNotFoundError:
        agent = f"{TOOL_NAME}/dev"
    return f"{agent} (+{settings.contact})" if settings.contact else agent


@dataclass(frozen=True)
class _Scope:
    allow_private: int
    deadline: float  # time.monotonic() by which the response must be complete
    # The Location an answer gave, read before httpx makes a request of it (which fails for `javascript:...`).
    locations: list[str] = field(default_factory=list)


def _note_location(response: httpx.Response) -> None:
    if (scope := _SCOPE.get()) is not None and "location" in response.headers:
        scope.locations.append(response.headers["location"])


# The request in progress; read by the backend and its streams.
_SCOPE: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("briefing_fetch_scope", default=None)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, server_address: str | None = None) -> None:
        self._inner = inner
        # The address connected to: known whatever becomes of the socket (a server that closes the connection
        # after its answer, as `Connection: close` and HTTP/1.0 do, leaves none to ask).
        self.server_address = server_address

    @staticmethod
    def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
        scope = _SCOPE.get()
        if scope is None:
            return timeout
        remaining = scope.deadline - time.monotonic()
        if remaining <= 0:
            raise error("the response deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, self._bounded(timeout, httpcore.ConnectTimeout)),
            self.server_address,
        )

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Opens each connection only to addresses that passed the address check."""

    def __init__(self, network: Network) -> None:
        self._inner = httpcore.SyncBackend()
        self._network = network

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        scope = _SCOPE.get()
        if scope is None:
            raise httpcore.ConnectError("no request in progress")
        last: Exception | None = None
        remaining = scope.deadline - time.monotonic()
        try:
            addresses = checked_addresses(self._network, host, port, scope.allow_private,  # FetchError if refused
                                          timeout=remaining if timeout is None else min(timeout, remaining))
        except ResolveTimeout:
            raise httpcore.ConnectTimeout(f"no address for {host} in time") from None
        for address in addresses:
            remaining = scope.deadline - time.monotonic()
            if remaining <= 0:
                raise httpcore.ConnectTimeout("the response deadline passed")
            try:
                stream = self._inner.connect_tcp(
                    address, port, timeout=remaining if timeout is None else min(timeout, remaining),
                    local_address=local_address, socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
                continue
            return _DeadlineStream(stream, address)
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are never used")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on the guarded backend.

    httpx has no public hook for the network backend, so the pool is replaced;
    pyproject pins httpx below 1.0, and a changed httpx fails here, loudly.
    """

    def __init__(self, network: Network, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False, http1=True, http2=False, retries=0)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("this httpx version builds its transport differently; see briefing/ingest/fetch/http.py")
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_connections=20, max_keepalive_connections=10, keepalive_expiry=30.0,
            http1=True, http2=False, retries=0, network_backend=_GuardedBackend(network),
        )


_DEFAULT_TLS: ssl.SSLContext | None = None


def _default_tls() -> ssl.SSLContext:
    """certifi's CAs, as httpx uses by default; loaded once per process."""
    global _DEFAULT_TLS
    if _DEFAULT_TLS is None:
        _DEFAULT_TLS = httpx.create_ssl_context(trust_env=False)
    return _DEFAULT_TLS


def _reason(error: Exception) -> str:
    # (h11 quotes what it could not read as Python writes it: "illegal status line: bytearray(b'HTTP/1.1 2000')".)
    return short_line(_BYTES_SHOWN.sub(_as_sent, str(error)), 160) or type(error).__name__


_BYTES_SHOWN = re.compile(r"""bytearray\((b(?:'(?:[^'\\]|\\.){0,300}'|"(?:[^"\\]|\\.){0,300}"))\)""")


def _as_sent(found: re.Match) -> str:
    try:
        return "'" + printable(ast.literal_eval(found.group(1)).decode("latin-1")) + "'"
    except (ValueError, SyntaxError):
        return found.group()


class Wire:
    """The HTTP client of one fetch. Use as a context manager."""

    def __init__(self, settings: FetchSettings, network: Network, verify: ssl.SSLContext | None = None) -> None:
        """`verify`: the TLS context that checks certificates (default: certifi's CAs, as httpx's)."""
        self.settings = settings
        self.requests = 0  # requests sent, retries and robots.txt included
        self._network, self._verify = network, verify
        self._client = self._new_client()

    def _new_client(self) -> httpx.Client:
        settings = self.settings
        return httpx.Client(
            transport=_GuardedTransport(self._network, self._verify or _default_tls()),
            follow_redirects=False,
            event_hooks={"response": [_note_location]},
            trust_env=False,
            # No cookies are kept: a fetcher has no session, and a site cannot follow it around.
            cookies=http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[])),
            timeout=httpx.Timeout(connect=settings.connect_timeout, read=settings.read_timeout,
                                  write=settings.read_timeout, pool=settings.connect_timeout),
            headers={"User-Agent": user_agent(settings), "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Wire":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str], *, allow_private: int, max_bytes: int | None = None,
            refuse: MediaCheck | None = None, truncate: bool = False) -> tuple[int, Mapping[str, str], bytes, str | None]:
        """One GET: (status, headers, body, the address of the server that answered, if known). The body of a
        non-2xx response is not kept.

        FetchError for a timeout, a connection failure, a body over the limits
        (unless `truncate`: then its first `max_bytes`), or a media type
        `refuse` gives a reason for (before the body is read).
        """
        settings = self.settings
        deadline = time.monotonic() + settings.deadline
        host = printable((urllib.parse.urlsplit(url).hostname or "")[:100])
        # One reason whichever notices the deadline first: the transport's timeout or the body's reading.
        too_late = f"no complete response from {host} within {settings.deadline:g}s (fetch.deadline)"
        try:
            httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as error:
            raise FetchError(f"not a valid address {printable(url[:200])}: {_reason(error)}") from None
        token = _SCOPE.set(_Scope(allow_private=allow_private, deadline=deadline))
        self.requests += 1
        renew = False
        try:
            with self._client.stream("GET", url, headers=dict(headers)) as response:
                status = response.status_code
                if not 200 <= status < 300:
                    _drain_small_body(response)  # so the connection can be reused
                    if status == 304 and _announces_body(response.headers) or _sent_more(response):
                        # No body may follow, but some servers send one: left on the kept-alive connection,
                        # it would be read as the answer to the next request (another feed's, every fetch).
                        renew = True
                    return status, response.headers, b"", _server_address(response)
                media = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
                reason = refuse(media) if refuse is not None and media else None
                if reason:
                    raise FetchError(reason)  # before a byte of the body is read
                body = _read_body(response, max_bytes or settings.max_bytes,
                                  min(max_bytes or settings.max_decompressed_bytes, settings.max_decompressed_bytes),
                                  deadline, too_late, truncate)
                # A body longer than its Content-Length (or bytes after its last chunk): the rest, read as the
                # next answer on this connection, failed another feed of the host, or was taken for its feed.
                renew = _sent_more(response)
                return status, response.headers, body, _server_address(response)
        except httpx.TimeoutException as error:
            if time.monotonic() >= deadline - 0.05:
                raise TimedOut(too_late) from None
            if isinstance(error, (httpx.ConnectTimeout, httpx.PoolTimeout)):
                raise TimedOut(f"timed out after {settings.connect_timeout:g}s connecting to {host}") from None
            raise TimedOut(f"timed out after {settings.read_timeout:g}s waiting for {host} to send data") from None
        except httpx.ConnectError as error:
            raise FetchError(f"cannot connect to {host}: {_reason(error)}", transient=True) from None
        except httpx.RemoteProtocolError as error:
            raise FetchError(f"{host} broke off the response: {_reason(error)}", transient=True) from None
        except httpx.HTTPError as error:
            raise FetchError(f"request to {host} failed: {_reason(error)}", transient=True) from None
        except (httpx.InvalidURL, ValueError) as error:
            # The address asked for was valid (above): what is not is the one its answer gives, a redirect's
            # Location such as `javascript:...`, which httpx reads before briefing sees the response.
            scope = _SCOPE.get()
            if scope is not None and scope.locations:
                location = scope.locations[-1].strip()
                problem = scheme_problem(location) if ":" in location.split("/", 1)[0] else None
                raise FetchError(f"redirected to {printable(location[:200])}: "
                                 f"{problem or 'not an address that can be followed'}") from None
            raise FetchError(f"{host} answered with an address that cannot be followed: {_reason(error)}") from None
        finally:
            _SCOPE.reset(token)
            if renew:  # every kept-alive connection dropped: the next request opens a clean one
                self._client.close()
                self._client = self._new_client()


def _server_address(response: httpx.Response) -> str | None:
    """The address of the server at the other end of the connection that brought `response`, as connected to
    (None if not known: polite.py takes such a server for a public one)."""
    address = getattr(response.extensions.get("network_stream"), "server_address", None)
    return address if isinstance(address, str) else None


def _read_body(response: httpx.Response, max_bytes: int, max_decoded: int, deadline: float, too_late: str,
               truncate: bool = False) -> bytes:
    """The body, decoded; FetchError(`too_late`) once the clock passes `deadline`. Over `max_bytes`
    (received, or decoded), FetchError; or with `truncate`, the body as far as the limit, to the end of
    its last whole line (a line cut short could say what the whole does not: "Allow: /news/")."""
    length = (response.headers.get("content-length") or "").strip()
    if length.isdigit() and int(length) > max_bytes and not truncate:
        raise FetchError(f"too large: {int(length):,} bytes (limit {max_bytes:,}, fetch.max_bytes)")
    decoder = BodyDecoder(response.headers.get("content-encoding"), max_decoded if not truncate else max_bytes,
                          truncate)
    received = 0
    cut = False
    for chunk in response.iter_raw():
        if truncate and received + len(chunk) > max_bytes:
            decoder.feed(chunk[:max_bytes - received])
            cut = True
            break
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"too large: over {max_bytes:,} bytes (fetch.max_bytes)")
        decoder.feed(chunk)
        if decoder.full:
            cut = True
            break
        if time.monotonic() > deadline:
            raise TimedOut(too_late)
    body = decoder.finish()
    if cut or decoder.full:
        body = body[:body.rfind(b"\n") + 1]
    return body


def _sent_more(response: httpx.Response) -> bool:
    """True if the server sent bytes past the end of this (complete) response, already read from the
    socket into the connection's HTTP/1.1 parser (h11), where the next response would be read from.
    (httpx has no public way to ask: test_fetch's content-length tests fail loudly if this one goes.)"""
    stream = getattr(getattr(getattr(response, "stream", None), "_stream", None), "_httpcore_stream", None)
    connection = getattr(getattr(stream, "_stream", None), "_connection", None)
    state = getattr(connection, "_h11_state", None)
    if getattr(getattr(state, "their_state", None), "__name__", None) not in ("DONE", "IDLE"):  # (IDLE: next cycle)
        return False  # the body not read to its end (a robots.txt cut at its limit): the connection is closed anyway
    trailing = getattr(state, "trailing_data", None)
    return bool(trailing and trailing[0])


def _announces_body(headers: Mapping[str, str]) -> bool:
    """True if a response that can have no body says it has one."""
    length = (headers.get("content-length") or "").strip()
    return bool(length and length != "0") or "transfer-encoding" in headers


def _drain_small_body(response: httpx.Response, most: int = 65_536) -> None:
    """Read and drop the body of a redirect or error when it is small and of known length."""
    length = (response.headers.get("content-length") or "").strip()
    if length.isdigit() and int(length) <= most and not response.headers.get("content-encoding"):
        received = 0
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > most:
                break


class RobotsRules:
    """A site's robots.txt as RFC 9309 reads it: the group for `briefing`, else `*`; longest match wins."""

    def __init__(self, text: str) -> None:
        from protego import Protego

        self._rules = Protego.parse(text)

    def allows(self, url: str) -> bool:
        return bool(self._rules.can_fetch(url, TOOL_NAME))

    def crawl_delay(self) -> float | None:
        delay = self._rules.crawl_delay(TOOL_NAME)
        return float(delay) if delay else None
