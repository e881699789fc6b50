"""`briefing serve`: the output folder on a local web server, to preview what a run wrote.

As `mkdocs serve` and `pelican --listen` do, with the standard library's
http.server: on 127.0.0.1 only unless another address is asked for, and
only what is inside the output folder: a path with `..` or a symbolic link
that leads out of it is "not found". On a loopback address, a request must
name this machine as its Host (localhost, 127.0.0.1): a page elsewhere whose
host name was pointed at 127.0.0.1 (DNS rebinding) cannot read the briefing
through the reader's browser. Each request is its own thread, so a
browser's parallel requests do not queue; SIGINT, SIGTERM or SIGHUP stops
the server between requests.
"""

from __future__ import annotations

import errno
import functools
import http.server
import ipaddress
import logging
import os
import socket
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

from .config import unreachable
from .errors import ConfigError, FlagError, OutputError
from .stopping import stopped_by_signals
from .text import printable, quoted

log = logging.getLogger("briefing")

DEFAULT_PORT = 8000
LOOPBACK = "127.0.0.1"


# Seconds a connection may wait for the next bytes of a request before it is closed: a client that connects
# and sends nothing held its thread for good, and enough of them (with --bind 0.0.0.0, anyone on the
# network) left the server no thread to answer with. (One that drips a byte within each wait still holds
# its thread: a preview server, not one for the open internet.)
IDLE_TIMEOUT = 30


class _OutFolderHandler(http.server.SimpleHTTPRequestHandler):
    """Files of one folder, none outside it, never cached (a preview is looked at again after each run)."""

    def setup(self) -> None:
        self.timeout = IDLE_TIMEOUT  # socketserver's: each read of the connection waits at most this long
        super().setup()

    def send_head(self):  # noqa: D102 - http.server's hook for GET and HEAD
        hosts = len(self.headers.get_all("Host", ()))
        if hosts > 1 or (hosts == 0 and self.request_version == "HTTP/1.1"):
            # Which one names the server is for each reader of the request to guess; and HTTP/1.1 names one
            # (RFC 9112 asks for a 400 either way; an HTTP/1.0 client may name none).
            self.send_error(400, "More than one Host" if hosts else "No Host")
            return None
        if self.server.loopback_only and not _names_this_machine(self.headers.get("Host")):
            # A web page whose own host name was made to point at 127.0.0.1 (DNS rebinding) would otherwise
            # read the briefing from the reader's browser.
            self.send_error(403, "Only addresses of this machine are served (localhost, 127.0.0.1)")
            return None
        root = os.path.realpath(self.directory)
        try:
            real = os.path.realpath(self.translate_path(self.path))
        except ValueError:  # "/%00": no file has a NUL in its name
            real = ""
        if real != root and not real.startswith(root + os.sep):
            self.send_error(404, "File not found")
            return None
        if os.path.exists(real) and not (os.path.isfile(real) or os.path.isdir(real)):
            # A named pipe (or a device) opened for reading waits for a writer for ever: no file of a briefing.
            self.send_error(404, "File not found")
            return None
        return super().send_head()

    # What briefing writes, each with its charset: a browser guesses otherwise, and shows "Â·" for "·".
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".md": "text/markdown; charset=utf-8", ".json": "application/json",
                      ".html": "text/html; charset=utf-8", ".xml": "application/atom+xml; charset=utf-8"}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        # The request line is the client's: a control character in it could retitle the terminal.
        log.info("%s %s", self.address_string(), printable(format % args))


def _names_this_machine(host_header: str | None) -> bool:
    """Whether a request's Host names this machine (localhost, a loopback address), as a browser asked for
    a page of `briefing serve` does; no Host (an HTTP/1.0 client) is not a browser's request."""
    if host_header is None:
        return True
    host = host_header.strip()
    if host.startswith("["):  # [::1]:8000
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    host = host.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: always this machine
        return True
    return _is_loopback(host)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a slow client never holds up stopping
    loopback_only = False  # listening on a loopback address: only requests for this machine's names are served

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a cancelled page load) is one quiet line, not a traceback on stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.debug("%s went away: %s", client_address[0], type(error).__name__)
        else:
            log.warning("serving %s failed: %s", client_address[0], printable(f"{type(error).__name__}: {error}"))


class _Server6(_Server):
    address_family = socket.AF_INET6


def _is_loopback(address: str) -> bool:
    """Whether the address a socket is bound to is a loopback one (an IPv4 one in IPv6 form too)."""
    try:
        found = ipaddress.ip_address(address)
    except ValueError:
        return False
    return (getattr(found, "ipv4_mapped", None) or found).is_loopback


class PreviewServer:
    """A web server for the files of `folder`, listening from construction until close()."""

    def __init__(self, folder: Path, bind: str = LOOPBACK, port: int = DEFAULT_PORT) -> None:
        if not bind.strip():
            # The socket would listen on every address (`--bind "$ADDRESS"` with ADDRESS unset): say so instead.
            raise FlagError(f"--bind {quoted(bind)} is no address: give one, such as {LOOPBACK} (this machine only) "
                            "or 0.0.0.0 (every network)")
        if not os.path.isdir(folder):
            raise ConfigError(unreachable(folder, "the output folder", "serve another with --out")
                              or f"output folder not found: {folder} (make it with `briefing run`)")
        handler = functools.partial(_OutFolderHandler, directory=os.fspath(folder))
        if bind.startswith("[") and bind.endswith("]"):
            bind = bind[1:-1]  # an IPv6 address as a URL writes it, and as the line "serving ... at" shows it
        server_class = _Server6 if ":" in bind else _Server
        try:
            self.server = server_class((bind, port), handler)
        except OSError as error:
            # A port taken wants another port; an address this machine does not have ("Name or service not
            # known", "Cannot assign requested address") wants another address.
            fix = ("another port: --port" if error.errno in (errno.EADDRINUSE, errno.EACCES)
                   else f"an address of this machine: --bind, such as {LOOPBACK}")
            raise OutputError(f"cannot serve on {printable(bind)} port {port}: {error.strerror or error} ({fix})") from None
        # The address as the socket read it: "127.1", "2130706433" and "localhost" are 127.0.0.1 to it.
        self.server.loopback_only = _is_loopback(self.server.server_address[0])
        self.folder = folder
        self._stop = threading.Event()

    @property
    def this_machine_only(self) -> bool:
        """Whether it listens on a loopback address (127.0.0.1, 127.0.0.2, ::1, localhost) alone."""
        return self.server.loopback_only

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def serve(self, *, open_browser: bool = False, handle_signals: bool = True) -> None:
        """Serve until stop(), SIGINT, SIGTERM or SIGHUP; then close the socket."""
        with stopped_by_signals(self._stop, log, handle_signals):
            thread = threading.Thread(target=self.server.serve_forever, name="briefing serve", daemon=True)
            thread.start()
            try:
                if open_browser and not webbrowser.open(self.url):
                    log.warning("no web browser found here: open %s in one", self.url)
                self._stop.wait()
            finally:
                self.server.shutdown()
                thread.join()
                self.server.server_close()

    def stop(self) -> None:
        self._stop.set()
